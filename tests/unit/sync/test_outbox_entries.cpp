// Outbox payloads: what an offline action stores and what the replay reads back.
#include "core/sync/outbox_entries.h"
#include "core/sync/sync_errors.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::sync;

class TestOutboxEntries : public QObject {
    Q_OBJECT

private slots:
    void preferencesRoundTrip();
    void metadataClearedOrLeftAlone();
    void profileRoundTrip();
    void modelAndDeactivation();
    void keyIsKeptOrMade();
    void badPayloadsAreRefused_data();
    void badPayloadsAreRefused();
};

void TestOutboxEntries::preferencesRoundTrip()
{
    api::PreferencesPatch patch;
    patch.enableStreaming = false;
    patch.maxTokens = 8192;
    patch.temperatureMilli = 250;
    patch.metadata = QJsonObject{{u"creditdesk"_s, QJsonObject{{u"mode"_s, u"byok"_s}}}};
    const store::OutboxEntry e = outbox::preferencesChange(patch, {}, 1234);
    QCOMPARE(e.kind, QString(outbox::kind::preferences));
    QCOMPARE(e.createdAtMs, 1234);
    const auto back = outbox::preferencesPatch(e.payload);
    QVERIFY(back.has_value());
    QCOMPARE(back->enableStreaming, std::optional<bool>(false));
    QCOMPARE(back->maxTokens, std::optional<std::int64_t>(8192));
    QCOMPARE(back->temperatureMilli, std::optional<std::int64_t>(250));
    QCOMPARE(back->metadata, patch.metadata);
    QVERIFY(!back->clearMetadata);
}

void TestOutboxEntries::metadataClearedOrLeftAlone()
{
    api::PreferencesPatch clear;
    clear.clearMetadata = true;
    clear.metadata = QJsonObject{{u"x"_s, 1}}; // clearMetadata wins, as on the wire
    auto back = outbox::preferencesPatch(outbox::preferencesChange(clear, {}, 0).payload);
    QVERIFY(back && back->clearMetadata && !back->metadata);

    api::PreferencesPatch streamingOnly;
    streamingOnly.enableStreaming = true;
    back = outbox::preferencesPatch(outbox::preferencesChange(streamingOnly, {}, 0).payload);
    QVERIFY(back && !back->clearMetadata && !back->metadata && !back->maxTokens);
}

void TestOutboxEntries::profileRoundTrip()
{
    api::UserPatch patch;
    patch.firstName = u"Ann"_s;
    patch.username = u"ann_b"_s;
    const auto back = outbox::userPatch(outbox::profileChange(patch, {}, 0).payload);
    QVERIFY(back.has_value());
    QCOMPARE(back->firstName, std::optional<QString>(u"Ann"_s));
    QVERIFY(!back->lastName);
    QCOMPARE(back->username, std::optional<QString>(u"ann_b"_s));
}

void TestOutboxEntries::modelAndDeactivation()
{
    const store::OutboxEntry model = outbox::defaultModelChange(u"gpt-4o"_s, {}, 0);
    QCOMPARE(model.kind, QString(outbox::kind::defaultModel));
    QCOMPARE(outbox::modelId(model.payload), Result<QString>(u"gpt-4o"_s));
    const store::OutboxEntry seat = outbox::deviceDeactivation(u"a-1"_s, {}, 0);
    QCOMPARE(seat.kind, QString(outbox::kind::deactivateDevice));
    QCOMPARE(outbox::activationId(seat.payload), Result<QString>(u"a-1"_s));
}

void TestOutboxEntries::keyIsKeptOrMade()
{
    const api::IdempotencyKey key = api::IdempotencyKey::generate();
    QCOMPARE(outbox::deviceDeactivation(u"a"_s, key, 0).idempotencyKey, key.toString());
    const QString made = outbox::deviceDeactivation(u"a"_s, {}, 0).idempotencyKey;
    QVERIFY(api::IdempotencyKey::fromString(made).has_value());
    QVERIFY(made != outbox::deviceDeactivation(u"a"_s, {}, 0).idempotencyKey);
}

void TestOutboxEntries::badPayloadsAreRefused_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QJsonObject>("payload");
    QTest::addColumn<QString>("field");
    const QString prefs(outbox::kind::preferences);
    QTest::newRow("streaming as text")
        << prefs << QJsonObject{{u"enableStreaming"_s, u"yes"_s}} << u"enableStreaming"_s;
    QTest::newRow("fractional tokens") << prefs << QJsonObject{{u"maxTokens"_s, 1.5}} << u"maxTokens"_s;
    QTest::newRow("temperature as text")
        << prefs << QJsonObject{{u"temperatureMilli"_s, u"700"_s}} << u"temperatureMilli"_s;
    QTest::newRow("metadata as array")
        << prefs << QJsonObject{{u"preferencesMetadata"_s, QJsonArray{1}}} << u"preferencesMetadata"_s;
    QTest::newRow("name as number") << QString(outbox::kind::profile) << QJsonObject{{u"firstName"_s, 3}}
                                    << u"firstName"_s;
    QTest::newRow("no model") << QString(outbox::kind::defaultModel) << QJsonObject{} << u"modelId"_s;
    QTest::newRow("empty activation") << QString(outbox::kind::deactivateDevice)
                                      << QJsonObject{{u"activationId"_s, u""_s}} << u"activationId"_s;
}

void TestOutboxEntries::badPayloadsAreRefused()
{
    QFETCH(QString, kind);
    QFETCH(QJsonObject, payload);
    QFETCH(QString, field);
    Error error;
    if (kind == outbox::kind::preferences)
        error = outbox::preferencesPatch(payload).error();
    else if (kind == outbox::kind::profile)
        error = outbox::userPatch(payload).error();
    else if (kind == outbox::kind::defaultModel)
        error = outbox::modelId(payload).error();
    else
        error = outbox::activationId(payload).error();
    QCOMPARE(error.code, QString(sync::errc::invalidOutboxPayload));
    QCOMPARE(error.details.value(u"field"_s).toString(), field);
}

QTEST_GUILESS_MAIN(TestOutboxEntries)
#include "test_outbox_entries.moc"

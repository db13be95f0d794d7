// ModeController against a scripted cloud (HostileServer) and an unreachable
// one: refusal before any request, read-modify-write of preferencesMetadata,
// offline changes queued in the outbox, one change at a time.
#include "core/api/api_errors.h"
#include "core/byok/byok_errors.h"
#include "core/byok/mode_controller.h"
#include "core/store/account_repository.h"
#include "core/store/license_repository.h"
#include "core/store/mirror_database.h"
#include "core/store/outbox_repository.h"
#include "core/sync/mirror_writer.h"
#include "core/sync/outbox_entries.h"
#include "tests/integration/api/api_test_support.h"
#include "tests/integration/api/hostile_server.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::byok;
using namespace creditdesk::test;
using Reply = HostileServer::Reply;

namespace {

constexpr std::int64_t kNow = 1'773'144'000'000; // 2026-03-10T12:00:00Z
const QString kUser = u"0b7f1f5e-1111-4000-8000-000000000001"_s;

const QJsonObject kMetadata{{u"theme"_s, u"dark"_s},
                            {u"creditdesk"_s, QJsonObject{{u"mode"_s, u"cloud"_s}, {u"tray"_s, true}}}};

QUrl closedPortUrl()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost))
        qFatal("no free port");
    const quint16 port = probe.serverPort();
    probe.close();
    return QUrl(u"http://127.0.0.1:%1"_s.arg(port));
}

QByteArray preferencesBody(const QJsonObject &metadata)
{
    return QJsonDocument(QJsonObject{{u"defaultModelId"_s, QJsonValue(QJsonValue::Null)},
                                     {u"enableStreaming"_s, true},
                                     {u"maxTokens"_s, 4096},
                                     {u"temperature"_s, 0.7},
                                     {u"preferencesMetadata"_s, metadata}})
        .toJson(QJsonDocument::Compact);
}

LicensingSnapshot validCertificate()
{
    LicensingSnapshot s;
    s.certificateValidUntilMs = kNow + 20 * 86'400'000LL;
    s.certificateByokEnabled = false;
    s.nowMs = kNow;
    s.highWaterMs = kNow;
    return s;
}

struct Fixture {
    QTemporaryDir dir;
    HostileServer server;
    RecordedDelays delays;
    ScriptedTokens tokens{u"token-1"_s};
    std::unique_ptr<api::CloudClient> client;
    std::unique_ptr<sync::MirrorWriter> writer;
    std::unique_ptr<ModeController> controller;

    explicit Fixture(const QString &tier, bool online = true, bool withPreferences = true)
    {
        if (!server.listen())
            qFatal("cannot listen");
        seedMirror(tier, withPreferences);
        api::TransportOptions options =
            testTransportOptions(online ? server.baseUrl() : closedPortUrl(), delays);
        options.retry.maxAttempts = 1;
        client = std::make_unique<api::CloudClient>(options, &tokens);
        writer = std::make_unique<sync::MirrorWriter>(mirrorPath());
        controller = std::make_unique<ModeController>(*client, *writer, [] { return validCertificate(); });
    }

    [[nodiscard]] QString mirrorPath() const { return dir.filePath(u"mirror.db"_s); }

    void seedMirror(const QString &tier, bool withPreferences)
    {
        auto db = store::MirrorDatabase::open(mirrorPath());
        if (!db)
            qFatal("cannot open the mirror");
        store::AccountRepository accounts(**db);
        store::UserProfile profile;
        profile.id = kUser;
        profile.email = u"mode@example.com"_s;
        profile.createdAtMs = kNow - 86'400'000;
        store::Subscription sub;
        sub.id = u"sub-1"_s;
        sub.userId = kUser;
        sub.tier = tier;
        sub.status = u"active"_s;
        sub.billingInterval = u"monthly"_s;
        sub.currentPeriodStartMs = kNow - 86'400'000;
        sub.currentPeriodEndMs = kNow + 29 * 86'400'000LL;
        sub.createdAtMs = sub.currentPeriodStartMs;
        if (!accounts.upsertProfile(profile) || !accounts.replaceSubscription(sub))
            qFatal("cannot seed the mirror");
        if (withPreferences) {
            store::UserPreferences preferences;
            preferences.userId = kUser;
            preferences.preferencesMetadata = kMetadata;
            if (!accounts.upsertPreferences(preferences))
                qFatal("cannot seed preferences");
        }
    }

    Result<ModeChange> setMode(Mode mode)
    {
        return await<ModeChange>([&](auto cb) { controller->setMode(mode, nullptr, cb); });
    }

    // The mirror through a connection of this thread.
    std::unique_ptr<store::MirrorDatabase> reader()
    {
        writer->drain();
        auto db = store::MirrorDatabase::open(mirrorPath());
        if (!db)
            qFatal("cannot open the mirror");
        return std::move(*db);
    }
};

} // namespace

class TestModeController : public QObject {
    Q_OBJECT

private slots:
    void proUserIsRefusedBeforeAnyRequest()
    {
        Fixture f(u"pro"_s);
        QSignalSpy changed(f.controller.get(), &ModeController::modeChanged);
        auto result = f.setMode(Mode::Byok);
        QVERIFY(!result);
        QCOMPARE(result.error().code, u"byok_not_entitled"_s);
        QCOMPARE(result.error().details.value(u"reason"_s).toString(), u"tier_without_byok"_s);
        QCOMPARE(result.error().details.value(u"tier"_s).toString(), u"pro"_s);
        QCOMPARE(f.server.requestCount(), 0);
        QCOMPARE(f.controller->mode(), Mode::Cloud);
        QCOMPARE(changed.count(), 0);
        QVERIFY(!f.controller->isChanging());

        auto check = await<ByokSource>([&](auto cb) { f.controller->checkByok(nullptr, cb); });
        QCOMPARE(check.error().code, u"byok_not_entitled"_s);
    }

    void withoutLicensingThereIsNoCertificate()
    {
        Fixture f(u"pro_max"_s);
        f.controller->setLicensingSource({});
        auto result = f.setMode(Mode::Byok);
        QCOMPARE(result.error().code, u"byok_not_entitled"_s);
        QCOMPARE(result.error().details.value(u"reason"_s).toString(), u"no_certificate"_s);
        QCOMPARE(f.server.requestCount(), 0);
    }

    void lockedCertificateIsRefused()
    {
        Fixture f(u"pro_max"_s);
        f.controller->setLicensingSource([] {
            LicensingSnapshot s = validCertificate();
            s.certificateValidUntilMs = kNow - 8 * 86'400'000LL;
            return s;
        });
        auto result = f.setMode(Mode::Byok);
        QCOMPARE(result.error().code, u"byok_locked"_s);
        QCOMPARE(result.error().details.value(u"reason"_s).toString(), u"certificate_grace_over"_s);
        QCOMPARE(f.server.requestCount(), 0);
    }

    void switchesOnlineKeepingOtherKeys()
    {
        Fixture f(u"pro_max"_s);
        QJsonObject serverMetadata = kMetadata;
        serverMetadata.insert(u"addedElsewhere"_s, 42); // the server's copy is newer than the mirror's
        f.server.setHandler([&](const HostileServer::Request &r) {
            if (r.method == "GET")
                return Reply::json(200, preferencesBody(serverMetadata));
            const QJsonObject sent = QJsonDocument::fromJson(r.body).object();
            serverMetadata = sent.value(u"preferencesMetadata"_s).toObject();
            return Reply::json(200, preferencesBody(serverMetadata));
        });
        QSignalSpy changed(f.controller.get(), &ModeController::modeChanged);
        auto result = f.setMode(Mode::Byok);
        QVERIFY2(result,
                 qPrintable(result ? QString() : result.error().code + u' ' + result.error().message));
        QCOMPARE(result->mode, Mode::Byok);
        QVERIFY(!result->queued);
        QCOMPARE(result->source, std::optional<ByokSource>(ByokSource::Subscription));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<Mode>(), Mode::Byok);
        QCOMPARE(f.controller->mode(), Mode::Byok);

        QCOMPARE(f.server.requestCount(), 2);
        const HostileServer::Request patch = f.server.requests().at(1);
        QCOMPARE(patch.method, QByteArray("PATCH"));
        QCOMPARE(patch.path(), u"/v1/users/me/preferences"_s);
        QVERIFY(!patch.header("idempotency-key").isEmpty());
        const QJsonObject body = QJsonDocument::fromJson(patch.body).object();
        QCOMPARE(body.keys(), QStringList{u"preferencesMetadata"_s});
        QCOMPARE(body.value(u"preferencesMetadata"_s).toObject(),
                 (QJsonObject{{u"theme"_s, u"dark"_s},
                              {u"addedElsewhere"_s, 42},
                              {u"creditdesk"_s, QJsonObject{{u"mode"_s, u"byok"_s}, {u"tray"_s, true}}}}));

        // The mirror holds the server's answer.
        auto db = f.reader();
        const auto row = store::AccountRepository(*db).preferences().value();
        QVERIFY(row);
        QCOMPARE(row->preferencesMetadata, std::optional<QJsonObject>(serverMetadata));
        QCOMPARE(store::OutboxRepository(*db).count(store::OutboxState::Pending).value(), 0);

        // A second controller reads the mirror; refresh() reads the server.
        ModeController again(*f.client, *f.writer);
        QCOMPARE(await<Mode>([&](auto cb) { again.load(nullptr, cb); }).value(), Mode::Byok);
        serverMetadata = withMode(serverMetadata, Mode::Cloud);
        QSignalSpy againChanged(&again, &ModeController::modeChanged);
        QCOMPARE(await<Mode>([&](auto cb) { again.refresh(nullptr, cb); }).value(), Mode::Cloud);
        QCOMPARE(againChanged.count(), 1);
        QCOMPARE(again.mode(), Mode::Cloud);

        // Back to cloud needs no entitlement.
        f.controller->setLicensingSource({});
        auto back = f.setMode(Mode::Cloud);
        QVERIFY(back);
        QCOMPARE(back->mode, Mode::Cloud);
        QCOMPARE(changed.count(), 2);
    }

    void serverRefusalIsReportedNotQueued()
    {
        Fixture f(u"pro_max"_s);
        f.server.setHandler([](const HostileServer::Request &r) {
            if (r.method == "GET")
                return Reply::json(200, preferencesBody(kMetadata));
            return Reply::json(422, R"({"error":{"code":"validation_error","message":"bad"}})");
        });
        auto result = f.setMode(Mode::Byok);
        QCOMPARE(result.error().code, QString(api::errc::validationError));
        QCOMPARE(f.controller->mode(), Mode::Cloud);
        QCOMPARE(store::OutboxRepository(*f.reader()).count(store::OutboxState::Pending).value(), 0);
    }

    void offlineChangeIsQueued()
    {
        Fixture f(u"pro_max"_s, false);
        QSignalSpy changed(f.controller.get(), &ModeController::modeChanged);
        auto result = f.setMode(Mode::Byok);
        QVERIFY2(result, qPrintable(result ? QString() : result.error().code));
        QVERIFY(result->queued);
        QVERIFY(result->outboxId.has_value());
        QCOMPARE(result->mode, Mode::Byok);
        QCOMPARE(changed.count(), 1);

        auto db = f.reader();
        const auto items = store::OutboxRepository(*db).list({store::OutboxState::Pending}).value();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.at(0).id, *result->outboxId);
        QCOMPARE(items.at(0).kind, QString(sync::outbox::kind::preferences));
        QVERIFY(api::IdempotencyKey::fromString(items.at(0).idempotencyKey).has_value());
        const auto patch = sync::outbox::preferencesPatch(items.at(0).payload).value();
        const QJsonObject expected = withMode(kMetadata, Mode::Byok);
        QCOMPARE(patch.metadata, std::optional<QJsonObject>(expected));
        QVERIFY(!patch.enableStreaming && !patch.maxTokens && !patch.temperatureMilli);
        // Shown at once: the mirror already has it.
        QCOMPARE(store::AccountRepository(*db).preferences().value()->preferencesMetadata,
                 std::optional<QJsonObject>(expected));
        ModeController fresh(*f.client, *f.writer);
        QCOMPARE(await<Mode>([&](auto cb) { fresh.load(nullptr, cb); }).value(), Mode::Byok);
    }

    void offlineWithoutMirroredPreferencesFails()
    {
        Fixture f(u"pro_max"_s, false, false);
        auto result = f.setMode(Mode::Byok);
        QVERIFY(!result);
        QCOMPARE(result.error().code, QString(api::errc::networkUnreachable));
        QCOMPARE(store::OutboxRepository(*f.reader()).count(store::OutboxState::Pending).value(), 0);
        QCOMPARE(f.controller->mode(), Mode::Cloud);
    }

    void oneChangeAtATime()
    {
        Fixture f(u"pro_max"_s);
        f.server.setHandler(
            [](const HostileServer::Request &) { return Reply::json(200, preferencesBody(kMetadata)); });
        Recorder<ModeChange> first;
        Recorder<ModeChange> second;
        f.controller->setMode(Mode::Byok, nullptr, first.callback());
        QVERIFY(f.controller->isChanging());
        f.controller->setMode(Mode::Cloud, nullptr, second.callback());
        QCOMPARE(second.calls(), 0); // never inside the call
        QVERIFY(second.wait());
        QCOMPARE(second.result().error().code, QString(byok::errc::modeChangeInProgress));
        QVERIFY(first.wait());
        QVERIFY(first.result());
        QVERIFY(!f.controller->isChanging());
        QCOMPARE(first.calls(), 1);
    }

    void unreadableStoredModeLoadsAsCloud()
    {
        Fixture f(u"pro_max"_s);
        {
            auto db = f.reader();
            store::AccountRepository accounts(*db);
            auto row = accounts.preferences().value().value();
            row.preferencesMetadata = QJsonObject{{u"creditdesk"_s, QJsonObject{{u"mode"_s, u"warp"_s}}}};
            QVERIFY(accounts.upsertPreferences(row));
        }
        QCOMPARE(await<Mode>([&](auto cb) { f.controller->load(nullptr, cb); }).value(), Mode::Cloud);
    }

    void destroyedContextDropsTheResult()
    {
        Fixture f(u"pro"_s);
        Recorder<ModeChange> recorder;
        {
            QObject context;
            f.controller->setMode(Mode::Byok, &context, recorder.callback());
        }
        f.writer->drain();
        QTest::qWait(50);
        QCOMPARE(recorder.calls(), 0);
        QVERIFY(!f.controller->isChanging());
    }
};

QTEST_GUILESS_MAIN(TestModeController)
#include "test_mode_controller.moc"

// ProviderKind and Mode: strict spellings, both ways.
#include "core/byok/byok_errors.h"
#include "core/byok/mode.h"
#include "core/byok/provider_kind.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::byok;

class TestProviderKind : public QObject {
    Q_OBJECT

private slots:
    void parsesEveryWireName_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("kind");
        QTest::newRow("openai") << u"openai"_s << int(ProviderKind::OpenAi);
        QTest::newRow("anthropic") << u"anthropic"_s << int(ProviderKind::Anthropic);
        QTest::newRow("google") << u"google"_s << int(ProviderKind::Google);
        QTest::newRow("compatible") << u"openai-compatible"_s << int(ProviderKind::OpenAiCompatible);
    }
    void parsesEveryWireName()
    {
        QFETCH(QString, text);
        QFETCH(int, kind);
        auto parsed = parseProviderKind(text);
        QVERIFY(parsed);
        QCOMPARE(int(*parsed), kind);
        QCOMPARE(toString(*parsed), text);
    }

    void refusesAnythingElse_data()
    {
        QTest::addColumn<QString>("text");
        for (const QString &t : {u"OpenAI"_s, u" openai"_s, u"openai "_s, u"openai_compatible"_s,
                                 u"openai-Compatible"_s, u"gemini"_s, u"claude"_s, u""_s, u"meta"_s})
            QTest::newRow(qPrintable(t.isEmpty() ? u"(empty)"_s : t)) << t;
    }
    void refusesAnythingElse()
    {
        QFETCH(QString, text);
        auto parsed = parseProviderKind(text);
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().code, QString(byok::errc::providerUnknown));
    }

    void onlyCompatibleNeedsABaseUrl()
    {
        QCOMPARE(allProviderKinds().size(), 4);
        for (ProviderKind p : allProviderKinds())
            QCOMPARE(requiresBaseUrl(p), p == ProviderKind::OpenAiCompatible);
    }

    void modeSpellings()
    {
        QCOMPARE(toString(Mode::Byok), u"byok"_s);
        QCOMPARE(toString(Mode::Cloud), u"cloud"_s);
        QCOMPARE(*parseMode(u"byok"), Mode::Byok);
        QCOMPARE(*parseMode(u"cloud"), Mode::Cloud);
        for (QStringView bad : {u"BYOK", u"Cloud", u"", u"credits", u" byok"}) {
            auto parsed = parseMode(bad);
            QVERIFY(!parsed);
            QCOMPARE(parsed.error().code, QString(byok::errc::modeUnknown));
        }
    }

    void modeFromMetadataDefaultsToCloud()
    {
        QCOMPARE(modeFromMetadata(std::nullopt), Mode::Cloud);
        QCOMPARE(modeFromMetadata(QJsonObject()), Mode::Cloud);
        QCOMPARE(modeFromMetadata(QJsonObject{{u"theme"_s, u"dark"_s}}), Mode::Cloud);
        QCOMPARE(modeFromMetadata(QJsonObject{{u"creditdesk"_s, QJsonObject{}}}), Mode::Cloud);
        QCOMPARE(modeFromMetadata(QJsonObject{{u"creditdesk"_s, QJsonObject{{u"mode"_s, u"byok"_s}}}}),
                 Mode::Byok);
        QCOMPARE(modeFromMetadata(QJsonObject{{u"creditdesk"_s, QJsonObject{{u"mode"_s, u"cloud"_s}}}}),
                 Mode::Cloud);
        // Present but unreadable: the caller is told.
        QCOMPARE(modeFromMetadata(QJsonObject{{u"creditdesk"_s, QJsonObject{{u"mode"_s, u"turbo"_s}}}}),
                 std::nullopt);
        QCOMPARE(modeFromMetadata(QJsonObject{{u"creditdesk"_s, QJsonObject{{u"mode"_s, 1}}}}), std::nullopt);
        QCOMPARE(modeFromMetadata(QJsonObject{{u"creditdesk"_s, u"byok"_s}}), std::nullopt);
    }

    void withModeKeepsEveryOtherKey()
    {
        const QJsonObject before{{u"theme"_s, u"dark"_s},
                                 {u"shortcuts"_s, QJsonObject{{u"send"_s, u"ctrl+enter"_s}}},
                                 {u"creditdesk"_s, QJsonObject{{u"mode"_s, u"cloud"_s}, {u"tray"_s, true}}}};
        const QJsonObject after = withMode(before, Mode::Byok);
        QCOMPARE(after.value(u"theme"_s), before.value(u"theme"_s));
        QCOMPARE(after.value(u"shortcuts"_s), before.value(u"shortcuts"_s));
        QCOMPARE(after.value(u"creditdesk"_s).toObject(),
                 (QJsonObject{{u"mode"_s, u"byok"_s}, {u"tray"_s, true}}));
        QCOMPARE(after.size(), before.size());
        QCOMPARE(modeFromMetadata(after), Mode::Byok);

        QCOMPARE(withMode(std::nullopt, Mode::Cloud),
                 (QJsonObject{{u"creditdesk"_s, QJsonObject{{u"mode"_s, u"cloud"_s}}}}));
        // A foreign value under our key is replaced by our object.
        QCOMPARE(withMode(QJsonObject{{u"creditdesk"_s, 7}}, Mode::Byok),
                 (QJsonObject{{u"creditdesk"_s, QJsonObject{{u"mode"_s, u"byok"_s}}}}));
    }
};

QTEST_GUILESS_MAIN(TestProviderKind)
#include "test_provider_kind.moc"

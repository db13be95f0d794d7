// The OpenAI-compatible base URL: validation and its small JSON file.
#include "core/byok/byok_errors.h"
#include "core/byok/provider_settings.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::byok;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

} // namespace

class TestProviderSettings : public QObject {
    Q_OBJECT

private slots:
    void acceptsAndNormalizes_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("normalized");
        QTest::newRow("https") << u"https://api.groq.com/openai/v1/"_s << u"https://api.groq.com/openai/v1"_s;
        QTest::newRow("https root") << u"https://llm.example.com/"_s << u"https://llm.example.com"_s;
        QTest::newRow("https port") << u"https://llm.example.com:8443"_s << u"https://llm.example.com:8443"_s;
        QTest::newRow("loopback http") << u"http://127.0.0.1:11434"_s << u"http://127.0.0.1:11434"_s;
        QTest::newRow("localhost http") << u"http://localhost:1234/v1"_s << u"http://localhost:1234/v1"_s;
        QTest::newRow("ipv6 loopback") << u"http://[::1]:8080"_s << u"http://[::1]:8080"_s;
        QTest::newRow("dot segments") << u"https://a.example/x/../v1//"_s << u"https://a.example/v1"_s;
    }
    void acceptsAndNormalizes()
    {
        QFETCH(QString, input);
        QFETCH(QString, normalized);
        auto url = normalizeBaseUrl(QUrl(input));
        QVERIFY2(url, qPrintable(url ? QString() : url.error().message));
        QCOMPARE(url->toString(), normalized);
    }

    void refuses_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("reason");
        QTest::newRow("relative") << u"/v1"_s << u"not_absolute"_s;
        QTest::newRow("empty") << u""_s << u"not_absolute"_s;
        QTest::newRow("ftp") << u"ftp://llm.example.com"_s << u"scheme"_s;
        QTest::newRow("file") << u"file:///tmp/x"_s << u"scheme"_s;
        QTest::newRow("no host") << u"https:///v1"_s << u"host"_s;
        QTest::newRow("user info") << u"https://me:secret@llm.example.com"_s << u"user_info"_s;
        QTest::newRow("query") << u"https://llm.example.com/v1?key=abc"_s << u"query"_s;
        QTest::newRow("fragment") << u"https://llm.example.com/v1#x"_s << u"fragment"_s;
        QTest::newRow("remote http") << u"http://llm.example.com/v1"_s << u"plain_http_remote"_s;
        QTest::newRow("lan http") << u"http://192.168.1.20:11434"_s << u"plain_http_remote"_s;
    }
    void refuses()
    {
        QFETCH(QString, input);
        QFETCH(QString, reason);
        auto url = normalizeBaseUrl(QUrl(input));
        QVERIFY(!url);
        QCOMPARE(url.error().code, QString(byok::errc::providerBaseUrlInvalid));
        QCOMPARE(url.error().details.value(u"reason"_s).toString(), reason);
    }

    void roundTripsThroughTheFile()
    {
        QTemporaryDir dir;
        ProviderSettings settings(dir.path());
        QCOMPARE(settings.compatibleBaseUrl().value(), std::nullopt);
        QVERIFY(!QFile::exists(settings.filePath()));

        auto stored = settings.setCompatibleBaseUrl(QUrl(u"https://llm.example.com/v1/"_s));
        QVERIFY(stored);
        QCOMPARE(stored->toString(), u"https://llm.example.com/v1"_s);
        QCOMPARE(settings.compatibleBaseUrl().value(),
                 std::optional<QUrl>(QUrl(u"https://llm.example.com/v1"_s)));
        // Another instance on the same profile sees it (nothing cached).
        QCOMPARE(ProviderSettings(dir.path()).compatibleBaseUrl().value()->toString(),
                 u"https://llm.example.com/v1"_s);

        const QJsonObject file = QJsonDocument::fromJson(readAll(settings.filePath())).object();
        QCOMPARE(file.value(u"format"_s).toString(), u"creditdesk.byok-providers.v1"_s);
        QCOMPARE(file.value(u"openai_compatible"_s).toObject().value(u"base_url"_s).toString(),
                 u"https://llm.example.com/v1"_s);
        QCOMPARE(QFile::permissions(settings.filePath()) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());

        QVERIFY(settings.clearCompatibleBaseUrl());
        QCOMPARE(settings.compatibleBaseUrl().value(), std::nullopt);
        QVERIFY(settings.clearCompatibleBaseUrl()); // nothing to clear: fine
    }

    void invalidUrlIsNotStored()
    {
        QTemporaryDir dir;
        ProviderSettings settings(dir.path());
        auto stored = settings.setCompatibleBaseUrl(QUrl(u"http://llm.example.com"_s));
        QVERIFY(!stored);
        QCOMPARE(stored.error().code, QString(byok::errc::providerBaseUrlInvalid));
        QVERIFY(!QFile::exists(settings.filePath()));
    }

    void damagedFileIsMovedAside_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("not json") << QByteArray("{\"format\": \"creditdesk.byok-pro");
        QTest::newRow("array") << QByteArray("[1,2]");
        QTest::newRow("foreign") << QByteArray(R"({"format":"something.else.v1"})");
        QTest::newRow("no format") << QByteArray(
            "{\"openai_compatible\":{\"base_url\":\"https://a.example\"}}");
        QTest::newRow("url not a string")
            << QByteArray(R"({"format":"creditdesk.byok-providers.v1","openai_compatible":{"base_url":5}})");
        // (No "//" inside raw strings: moc's tokenizer would read a comment.)
        QTest::newRow("url unusable")
            << QByteArray("{\"format\":\"creditdesk.byok-providers.v1\","
                          "\"openai_compatible\":{\"base_url\":\"http://evil.example\"}}");
        QTest::newRow("huge") << QByteArray(70 * 1024, ' ');
    }
    void damagedFileIsMovedAside()
    {
        QFETCH(QByteArray, bytes);
        QTemporaryDir dir;
        ProviderSettings settings(dir.path());
        QVERIFY(writeAll(settings.filePath(), bytes));
        auto url = settings.compatibleBaseUrl();
        QVERIFY(!url);
        QCOMPARE(url.error().code, QString(byok::errc::settingsCorrupt));
        const QString movedTo = url.error().details.value(u"moved_to"_s).toString();
        QVERIFY(movedTo.startsWith(settings.filePath() + u".corrupt-"_s));
        QCOMPARE(readAll(movedTo), bytes); // nothing lost
        QVERIFY(!QFile::exists(settings.filePath()));
        // Usable again at once.
        QCOMPARE(settings.compatibleBaseUrl().value(), std::nullopt);
        QVERIFY(settings.setCompatibleBaseUrl(QUrl(u"https://b.example"_s)));
        QCOMPARE(settings.compatibleBaseUrl().value()->toString(), u"https://b.example"_s);
    }

    void newerFileIsLeftAlone()
    {
        QTemporaryDir dir;
        ProviderSettings settings(dir.path());
        const QByteArray newer = R"({"format":"creditdesk.byok-providers.v2","providers":{}})";
        QVERIFY(writeAll(settings.filePath(), newer));
        auto url = settings.compatibleBaseUrl();
        QVERIFY(!url);
        QCOMPARE(url.error().code, QString(byok::errc::settingsTooNew));
        auto set = settings.setCompatibleBaseUrl(QUrl(u"https://b.example"_s));
        QVERIFY(!set);
        QCOMPARE(set.error().code, QString(byok::errc::settingsTooNew));
        auto cleared = settings.clearCompatibleBaseUrl();
        QVERIFY(!cleared);
        QCOMPARE(cleared.error().code, QString(byok::errc::settingsTooNew));
        QCOMPARE(readAll(settings.filePath()), newer);
    }

    void unreadableOrUnwritable()
    {
        QTemporaryDir dir;
        // A directory where the file should be: it can be neither read nor replaced.
        ProviderSettings settings(dir.path());
        QVERIFY(QDir().mkpath(settings.filePath()));
        auto url = settings.compatibleBaseUrl();
        QVERIFY(!url);
        QCOMPARE(url.error().code, QString(byok::errc::settingsIo));
        auto set = settings.setCompatibleBaseUrl(QUrl(u"https://b.example"_s));
        QVERIFY(!set);
        QCOMPARE(set.error().code, QString(byok::errc::settingsIo));

        // A profile directory that cannot be created.
        QVERIFY(writeAll(dir.filePath(u"plainfile"_s), "x"));
        ProviderSettings blocked(dir.filePath(u"plainfile/profile"_s));
        auto write = blocked.setCompatibleBaseUrl(QUrl(u"https://b.example"_s));
        QVERIFY(!write);
        QCOMPARE(write.error().code, QString(byok::errc::settingsIo));
    }
};

QTEST_GUILESS_MAIN(TestProviderSettings)
#include "test_provider_settings.moc"

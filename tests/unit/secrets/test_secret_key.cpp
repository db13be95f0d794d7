// SecretKey: the keychain namespace creditdesk:<server>:<account>:<name>.
#include "core/secrets/secret_key.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using creditdesk::Error;
using creditdesk::fail;
using creditdesk::Result;
using namespace creditdesk::secrets;

class TestSecretKey : public QObject {
    Q_OBJECT

private slots:
    void format()
    {
        const auto key = SecretKey::create(u"api.example.com:443"_s, u"8c1f-uuid"_s, u"refresh_token"_s);
        QVERIFY(key.has_value());
        QCOMPARE(key->toString(), u"creditdesk:api.example.com:443:8c1f-uuid:refresh_token"_s);
        QCOMPARE(key->service(), u"creditdesk"_s);
        QCOMPARE(key->server(), u"api.example.com:443"_s);
        QCOMPARE(key->account(), u"8c1f-uuid"_s);
        QCOMPARE(key->name(), u"refresh_token"_s);
        QVERIFY(key->isValid());
        QVERIFY(!SecretKey().isValid());
        QVERIFY(SecretKey().toString().isEmpty());
    }

    void fromServerUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("authority");
        QTest::newRow("https default port") << u"https://ID.Example.com/"_s << u"id.example.com:443"_s;
        QTest::newRow("http default port") << u"http://example.com"_s << u"example.com:80"_s;
        QTest::newRow("explicit port") << u"http://127.0.0.1:7151/path"_s << u"127.0.0.1:7151"_s;
        QTest::newRow("ipv6") << u"http://[::1]:8080"_s << u"[::1]:8080"_s;
        QTest::newRow("no host") << u"file:///tmp/x"_s << QString();
        QTest::newRow("unknown scheme without port") << u"ftp://example.com"_s << QString();
    }
    void fromServerUrl()
    {
        QFETCH(QString, url);
        QFETCH(QString, authority);
        QCOMPARE(SecretKey::serverAuthority(QUrl(url)), authority);
        const auto key = SecretKey::forServer(QUrl(url), u"acc"_s, u"refresh_token"_s);
        QCOMPARE(key.has_value(), !authority.isEmpty());
        if (key)
            QCOMPARE(key->toString(), u"creditdesk:"_s + authority + u":acc:refresh_token"_s);
    }

    void namespacing()
    {
        const auto a = SecretKey::forServer(QUrl(u"https://one.example.com"_s), u"acc"_s, u"refresh_token"_s);
        const auto b = SecretKey::forServer(QUrl(u"https://two.example.com"_s), u"acc"_s, u"refresh_token"_s);
        const auto c =
            SecretKey::forServer(QUrl(u"https://one.example.com:8443"_s), u"acc"_s, u"refresh_token"_s);
        const auto d =
            SecretKey::forServer(QUrl(u"https://one.example.com"_s), u"other"_s, u"refresh_token"_s);
        QVERIFY(a && b && c && d);
        const QSet<QString> keys{a->toString(), b->toString(), c->toString(), d->toString()};
        QCOMPARE(keys.size(), 4);
        QVERIFY(!(*a == *b));
        QCOMPARE(
            *a, *SecretKey::forServer(QUrl(u"https://ONE.example.com:443/"_s), u"acc"_s, u"refresh_token"_s));
    }

    void wellKnownNames()
    {
        const QUrl server(u"https://api.example.com"_s);
        QCOMPARE(SecretKey::byok(server, u"acc"_s, u"openai"_s)->toString(),
                 u"creditdesk:api.example.com:443:acc:byok:openai"_s);
        QCOMPARE(SecretKey::forServer(server, u"acc"_s, QString(names::proxyPassword))->name(),
                 u"proxy_password"_s);
    }

    void rejected_data()
    {
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("account");
        QTest::addColumn<QString>("name");
        QTest::newRow("empty server") << QString() << u"a"_s << u"n"_s;
        QTest::newRow("server without port") << u"example.com"_s << u"a"_s << u"n"_s;
        QTest::newRow("server with path") << u"example.com:443/x"_s << u"a"_s << u"n"_s;
        QTest::newRow("upper-case server") << u"Example.com:443"_s << u"a"_s << u"n"_s;
        QTest::newRow("empty account") << u"example.com:443"_s << QString() << u"n"_s;
        QTest::newRow("account with colon") << u"example.com:443"_s << u"a:b"_s << u"n"_s;
        QTest::newRow("account with space") << u"example.com:443"_s << u"a b"_s << u"n"_s;
        QTest::newRow("non-ascii account") << u"example.com:443"_s << u"jörg"_s << u"n"_s;
        QTest::newRow("long account") << u"example.com:443"_s << QString(300, u'a') << u"n"_s;
        QTest::newRow("empty name") << u"example.com:443"_s << u"a"_s << QString();
        QTest::newRow("upper-case name") << u"example.com:443"_s << u"a"_s << u"Refresh"_s;
        QTest::newRow("name ending in colon") << u"example.com:443"_s << u"a"_s << u"byok:"_s;
        QTest::newRow("byok without provider") << u"example.com:443"_s << u"a"_s << u"byok::x"_s;
    }
    void rejected()
    {
        QFETCH(QString, server);
        QFETCH(QString, account);
        QFETCH(QString, name);
        const auto key = SecretKey::create(server, account, name);
        QVERIFY(!key.has_value());
        QCOMPARE(key.error().code, QString(creditdesk::errc::invalidArgument));
    }
};

QTEST_GUILESS_MAIN(TestSecretKey)
#include "test_secret_key.moc"

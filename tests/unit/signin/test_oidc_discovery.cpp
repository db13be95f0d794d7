// OIDC discovery: document validation and the fetch.
#include "core/api/signin/oidc_discovery.h"
#include "core/api/signin/signin_errors.h"
#include "tests/unit/signin/capture.h"
#include "tests/unit/signin/fake_http_server.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTcpServer>
#include <QUuid>
#include <QtTest>

using namespace Qt::StringLiterals;
using creditdesk::Error;
using creditdesk::fail;
using creditdesk::Result;
using namespace creditdesk::api::signin;
using namespace creditdesk::test;

namespace {

const QUrl kIssuer(u"https://id.example.com"_s);

QJsonObject validDocument()
{
    return QJsonObject{
        {u"issuer"_s, u"https://id.example.com"_s},
        {u"authorization_endpoint"_s, u"https://id.example.com/oauth/authorize"_s},
        {u"token_endpoint"_s, u"https://id.example.com/oauth/token"_s},
        {u"jwks_uri"_s, u"https://id.example.com/oauth/jwks"_s},
        {u"userinfo_endpoint"_s, u"https://id.example.com/oauth/userinfo"_s},
        {u"code_challenge_methods_supported"_s, QJsonArray{u"plain"_s, u"S256"_s}},
    };
}

QByteArray toJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class TestOidcDiscovery : public QObject {
    Q_OBJECT

private slots:
    void validDocument_()
    {
        const auto config = parseDiscoveryDocument(toJson(validDocument()), kIssuer);
        QVERIFY2(config.has_value(), qPrintable(config ? QString() : config.error().code));
        QCOMPARE(config->issuer, kIssuer);
        QCOMPARE(config->authorizationEndpoint, QUrl(u"https://id.example.com/oauth/authorize"_s));
        QCOMPARE(config->tokenEndpoint, QUrl(u"https://id.example.com/oauth/token"_s));
        QCOMPARE(config->jwksUri, QUrl(u"https://id.example.com/oauth/jwks"_s));
        // Without revocation_endpoint: the contract's path on the issuer.
        QCOMPARE(config->revocationEndpoint, QUrl(u"https://id.example.com/oauth/revoke"_s));
        QVERIFY(!config->issParameterSupported);
    }

    void optionalFields()
    {
        QJsonObject document = validDocument();
        document.insert(u"revocation_endpoint"_s, u"https://id.example.com/revoke"_s);
        document.insert(u"authorization_response_iss_parameter_supported"_s, true);
        document.remove(u"userinfo_endpoint"_s);
        const auto config = parseDiscoveryDocument(toJson(document), QUrl(u"https://id.example.com/"_s));
        QVERIFY(config.has_value());
        QCOMPARE(config->revocationEndpoint, QUrl(u"https://id.example.com/revoke"_s));
        QVERIFY(config->issParameterSupported);
        QVERIFY(config->userinfoEndpoint.isEmpty());
    }

    void loopbackHttpIsAccepted_data()
    {
        QTest::addColumn<QString>("issuer");
        QTest::newRow("127.0.0.1") << u"http://127.0.0.1:7151"_s;
        QTest::newRow("127.1.2.3") << u"http://127.1.2.3:7151"_s;
        QTest::newRow("::1") << u"http://[::1]:7151"_s;
        QTest::newRow("localhost") << u"http://localhost:7151"_s;
    }
    void loopbackHttpIsAccepted()
    {
        QFETCH(QString, issuer);
        QJsonObject document{{u"issuer"_s, issuer},
                             {u"authorization_endpoint"_s, QString(issuer + u"/oauth/authorize"_s)},
                             {u"token_endpoint"_s, QString(issuer + u"/oauth/token"_s)},
                             {u"jwks_uri"_s, QString(issuer + u"/oauth/jwks"_s)},
                             {u"code_challenge_methods_supported"_s, QJsonArray{u"S256"_s}}};
        const auto config = parseDiscoveryDocument(toJson(document), QUrl(issuer));
        QVERIFY2(config.has_value(), qPrintable(config ? QString() : config.error().message));
    }

    void rejected_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("issuer");
        QTest::addColumn<QString>("code");
        const QString issuer = kIssuer.toString();
        auto without = [](const QString &field) {
            QJsonObject document = validDocument();
            document.remove(field);
            return toJson(document);
        };
        auto with = [](const QString &field, const QJsonValue &value) {
            QJsonObject document = validDocument();
            document.insert(field, value);
            return toJson(document);
        };
        QTest::newRow("not json") << QByteArray("<html>") << issuer << QString(errc::discoveryFailed);
        QTest::newRow("array") << QByteArray("[]") << issuer << QString(errc::discoveryFailed);
        QTest::newRow("no issuer") << without(u"issuer"_s) << issuer << QString(errc::discoveryInvalid);
        QTest::newRow("other issuer") << with(u"issuer"_s, u"https://evil.example.com"_s) << issuer
                                      << QString(errc::discoveryIssuerMismatch);
        QTest::newRow("no authorization_endpoint")
            << without(u"authorization_endpoint"_s) << issuer << QString(errc::discoveryInvalid);
        QTest::newRow("no token_endpoint")
            << without(u"token_endpoint"_s) << issuer << QString(errc::discoveryInvalid);
        QTest::newRow("no jwks_uri") << without(u"jwks_uri"_s) << issuer << QString(errc::discoveryInvalid);
        QTest::newRow("relative token_endpoint")
            << with(u"token_endpoint"_s, u"/oauth/token"_s) << issuer << QString(errc::discoveryInvalid);
        QTest::newRow("numeric token_endpoint")
            << with(u"token_endpoint"_s, 42) << issuer << QString(errc::discoveryInvalid);
        QTest::newRow("http token_endpoint")
            << with(u"token_endpoint"_s, u"http://id.example.com/oauth/token"_s) << issuer
            << QString(errc::insecureEndpoint);
        QTest::newRow("http revocation_endpoint")
            << with(u"revocation_endpoint"_s, u"http://id.example.com/revoke"_s) << issuer
            << QString(errc::insecureEndpoint);
        QTest::newRow("ftp authorization_endpoint")
            << with(u"authorization_endpoint"_s, u"ftp://id.example.com/a"_s) << issuer
            << QString(errc::insecureEndpoint);
        QTest::newRow("http issuer") << toJson(validDocument()) << u"http://id.example.com"_s
                                     << QString(errc::insecureEndpoint);
        QTest::newRow("no S256") << with(u"code_challenge_methods_supported"_s, QJsonArray{u"plain"_s})
                                 << issuer << QString(errc::pkceUnsupported);
        QTest::newRow("no methods") << without(u"code_challenge_methods_supported"_s) << issuer
                                    << QString(errc::pkceUnsupported);
        QTest::newRow("methods not an array") << with(u"code_challenge_methods_supported"_s, u"S256"_s)
                                              << issuer << QString(errc::discoveryInvalid);
    }
    void rejected()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, issuer);
        QFETCH(QString, code);
        const auto config = parseDiscoveryDocument(json, QUrl(issuer));
        QVERIFY(!config.has_value());
        QCOMPARE(config.error().code, code);
        QVERIFY(!config.error().message.isEmpty());
    }

    void fetchesFromTheWellKnownPath()
    {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([&](const FakeHttpServer::Request &request) {
            if (request.path == "/.well-known/openid-configuration")
                return FakeHttpServer::Reply{200, discoveryBody(server.url())};
            return FakeHttpServer::Reply{404, "{}"};
        });
        QNetworkAccessManager network;
        const SignInHttp http(network, std::chrono::seconds(10));
        QObject context;
        Capture<Result<OidcConfiguration>> result;
        discoverOidc(http, server.url(u"/"_s), &context, result.callback());
        QVERIFY(!result.done()); // never synchronous
        QTRY_VERIFY(result.done());
        QVERIFY2(result.value().has_value(),
                 qPrintable(result.value() ? QString() : result.value().error().message));
        QCOMPARE(result.value()->tokenEndpoint, server.url(u"/oauth/token"_s));
        QCOMPARE(server.requests().size(), 1);
        const auto &request = server.requests().first();
        QCOMPARE(request.headers.value("user-agent"), QByteArray("CreditDesk/" CREDITDESK_VERSION));
        QVERIFY(!QUuid::fromString(QString::fromLatin1(request.headers.value("x-request-id"))).isNull());
    }

    void fetchFailures()
    {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const FakeHttpServer::Request &) { return FakeHttpServer::Reply{404, "{}"}; });
        QNetworkAccessManager network;
        const SignInHttp http(network, std::chrono::seconds(10));
        QObject context;

        Capture<Result<OidcConfiguration>> notFound;
        discoverOidc(http, server.url(), &context, notFound.callback());
        QTRY_VERIFY(notFound.done());
        QCOMPARE(notFound.value().error().code, QString(errc::discoveryFailed));
        QCOMPARE(notFound.value().error().details.value(u"status"_s).toInt(), 404);

        // a port nobody listens on
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        Capture<Result<OidcConfiguration>> unreachable;
        discoverOidc(http, QUrl(u"http://127.0.0.1:%1"_s.arg(port)), &context, unreachable.callback());
        QTRY_VERIFY(unreachable.done());
        QCOMPARE(unreachable.value().error().code, QString(errc::discoveryFailed));
        QCOMPARE(unreachable.value().error().details.value(u"cause"_s).toString(),
                 QString(errc::networkError));

        Capture<Result<OidcConfiguration>> insecure;
        discoverOidc(http, QUrl(u"http://id.example.com"_s), &context, insecure.callback());
        QVERIFY(!insecure.done());
        QTRY_VERIFY(insecure.done());
        QCOMPARE(insecure.value().error().code, QString(errc::insecureEndpoint));
    }

    void requestTimeout()
    {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const FakeHttpServer::Request &) {
            return FakeHttpServer::Reply{200, {}, {}, true};
        });
        QNetworkAccessManager network;
        const SignInHttp http(network, std::chrono::milliseconds(200));
        QObject context;
        Capture<Result<OidcConfiguration>> result;
        discoverOidc(http, server.url(), &context, result.callback());
        QTRY_VERIFY(result.done());
        QCOMPARE(result.value().error().code, QString(errc::discoveryFailed));
        QCOMPARE(result.value().error().details.value(u"cause"_s).toString(), QString(errc::networkTimeout));
    }

    void droppedWhenTheContextDies()
    {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([&](const FakeHttpServer::Request &) {
            return FakeHttpServer::Reply{200, discoveryBody(server.url())};
        });
        QNetworkAccessManager network;
        const SignInHttp http(network, std::chrono::seconds(10));
        Capture<Result<OidcConfiguration>> result;
        {
            QObject context;
            discoverOidc(http, server.url(), &context, result.callback());
        }
        QTRY_COMPARE(server.requests().size(), 1);
        QTest::qWait(100);
        QVERIFY(!result.done());
    }
};

QTEST_GUILESS_MAIN(TestOidcDiscovery)
#include "test_oidc_discovery.moc"

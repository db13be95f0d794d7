// SignInFlow against a scripted issuer: the authorize URL, the redirect
// checks (state, iss, error), cancel, timeout and the code exchange.
#include "core/api/signin/signin_errors.h"
#include "core/api/signin/signin_flow.h"
#include "tests/unit/signin/capture.h"
#include "tests/unit/signin/fake_http_server.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QtTest>

using namespace Qt::StringLiterals;
using creditdesk::Error;
using creditdesk::fail;
using creditdesk::Result;
using namespace creditdesk::api::signin;
using namespace creditdesk::test;

namespace {

using Result_ = Result<TokenResponse>;

// Plays the browser: after the flow opened `url`, comes back to the redirect
// URI with whatever `answer` makes of the authorize query.
class Browser {
public:
    using Answer =
        std::function<QString(const QUrlQuery &authorize)>; // the callback's query; empty: never return
    explicit Browser(Answer answer)
        : m_answer(std::move(answer))
    {}

    UrlOpener opener()
    {
        return [this](const QUrl &url) {
            opened = url;
            const QUrlQuery query(url);
            const QString callbackQuery = m_answer(query);
            if (callbackQuery.isNull())
                return true;
            const QUrl redirect(query.queryItemValue(u"redirect_uri"_s, QUrl::FullyDecoded));
            QTimer::singleShot(0, &m_network, [this, redirect, callbackQuery]() {
                QUrl target = redirect;
                target.setQuery(callbackQuery);
                QNetworkReply *reply = m_network.get(QNetworkRequest(target));
                QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply]() {
                    pageStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                    page = reply->readAll();
                    reply->deleteLater();
                });
            });
            return true;
        };
    }

    QUrl opened;
    int pageStatus = 0;
    QByteArray page;

private:
    Answer m_answer;
    QNetworkAccessManager m_network;
};

QString echoState(const QUrlQuery &authorize, const QString &more)
{
    return u"state="_s + authorize.queryItemValue(u"state"_s) + more;
}

} // namespace

class TestSignInFlow : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<FakeHttpServer> m_issuer;
    QNetworkAccessManager m_network;
    OidcConfiguration m_endpoints;
    int m_tokenStatus = 200;
    QByteArray m_tokenBody;

    SignInConfig config(std::chrono::milliseconds browserTimeout = std::chrono::seconds(60)) const
    {
        SignInConfig config;
        config.issuer = m_issuer->url();
        config.redirectPorts = {0};
        config.browserTimeout = browserTimeout;
        config.requestTimeout = std::chrono::seconds(10);
        return config;
    }

private slots:
    void init()
    {
        m_issuer = std::make_unique<FakeHttpServer>();
        QVERIFY(m_issuer->listen());
        m_tokenStatus = 200;
        m_tokenBody = tokenBody(u"user-1"_s, u"refresh-1"_s);
        m_issuer->setHandler([this](const FakeHttpServer::Request &request) {
            if (request.path == "/.well-known/openid-configuration")
                return FakeHttpServer::Reply{200, discoveryBody(m_issuer->url())};
            if (request.path == "/oauth/token")
                return FakeHttpServer::Reply{m_tokenStatus, m_tokenBody};
            return FakeHttpServer::Reply{404, "{}"};
        });
        const auto endpoints = parseDiscoveryDocument(discoveryBody(m_issuer->url()), m_issuer->url());
        QVERIFY(endpoints.has_value());
        m_endpoints = *endpoints;
    }

    void fullFlow()
    {
        const QString issuer = m_issuer->url().toString();
        Browser browser([&](const QUrlQuery &authorize) {
            return echoState(authorize,
                             u"&code=the-code&iss="_s + QString::fromLatin1(QUrl::toPercentEncoding(issuer)));
        });
        SignInFlow flow(m_network, config(), browser.opener());
        QSignalSpy waiting(&flow, &SignInFlow::waitingForBrowser);
        Capture<Result_> result;
        flow.start(result.callback());
        QVERIFY(flow.isRunning());
        QTRY_VERIFY(result.done());
        QVERIFY2(result.value().has_value(),
                 qPrintable(result.value() ? QString() : result.value().error().message));
        QCOMPARE(result.value()->refreshToken, u"refresh-1"_s);
        QCOMPARE(result->value().expiresInSeconds, 3600);
        QCOMPARE(result.calls(), 1);
        QCOMPARE(waiting.size(), 1);
        QVERIFY(!flow.isRunning());
        QCOMPARE(m_issuer->count("/.well-known/openid-configuration"), 1);
        QTRY_COMPARE(browser.pageStatus, 200);
        QVERIFY(browser.page.contains("You can close this window"));

        // the code exchange: a form POST with the PKCE verifier of the challenge sent
        QCOMPARE(m_issuer->count("/oauth/token"), 1);
        const FakeHttpServer::Request &token = m_issuer->requests().last();
        QCOMPARE(token.method, QByteArray("POST"));
        QCOMPARE(token.headers.value("content-type"), QByteArray("application/x-www-form-urlencoded"));
        QCOMPARE(token.headers.value("user-agent"), QByteArray("CreditDesk/" CREDITDESK_VERSION));
        QVERIFY(!QUuid::fromString(QString::fromLatin1(token.headers.value("x-request-id"))).isNull());
        const QUrlQuery form = token.form();
        const QUrlQuery authorize(browser.opened);
        QCOMPARE(form.queryItemValue(u"grant_type"_s), u"authorization_code"_s);
        QCOMPARE(form.queryItemValue(u"code"_s), u"the-code"_s);
        QCOMPARE(form.queryItemValue(u"client_id"_s), u"desktop-app-test"_s);
        QCOMPARE(form.queryItemValue(u"redirect_uri"_s, QUrl::FullyDecoded),
                 authorize.queryItemValue(u"redirect_uri"_s, QUrl::FullyDecoded));
        QCOMPARE(form.queryItemValue(u"resource"_s, QUrl::FullyDecoded),
                 u"https://api.textassistant.local"_s);
        const QString verifier = form.queryItemValue(u"code_verifier"_s);
        QCOMPARE(verifier.size(), 43);
        QCOMPARE(Pkce::challengeFor(verifier), authorize.queryItemValue(u"code_challenge"_s));
        // a fresh request id per request
        QVERIFY(m_issuer->requests().first().headers.value("x-request-id") !=
                token.headers.value("x-request-id"));
    }

    void authorizeUrlContents()
    {
        Browser browser([](const QUrlQuery &) { return QString(); });
        SignInFlow flow(m_network, config(), browser.opener());
        Capture<Result_> result;
        flow.start(m_endpoints, result.callback());
        QTRY_VERIFY(!browser.opened.isEmpty());
        QCOMPARE(flow.authorizationUrl(), browser.opened);
        const QUrl &url = browser.opened;
        QCOMPARE(url.adjusted(QUrl::RemoveQuery), m_endpoints.authorizationEndpoint);
        const QUrlQuery query(url);
        QCOMPARE(query.queryItems().size(), 8);
        QCOMPARE(query.queryItemValue(u"response_type"_s), u"code"_s);
        QCOMPARE(query.queryItemValue(u"client_id"_s), u"desktop-app-test"_s);
        const QUrl redirect(query.queryItemValue(u"redirect_uri"_s, QUrl::FullyDecoded));
        QCOMPARE(redirect.scheme(), u"http"_s);
        QCOMPARE(redirect.host(), u"127.0.0.1"_s);
        QVERIFY(redirect.port() > 0);
        QCOMPARE(redirect.path(), u"/callback"_s);
        QCOMPARE(redirect, flow.redirectUri());
        QCOMPARE(query.queryItemValue(u"scope"_s, QUrl::FullyDecoded),
                 u"openid email profile offline_access user.info credits.read"_s);
        QVERIFY(url.toString(QUrl::FullyEncoded).contains(u"scope=openid%20email%20profile"_s));
        QCOMPARE(query.queryItemValue(u"state"_s).size(), 43);
        QCOMPARE(query.queryItemValue(u"code_challenge"_s).size(), 43);
        QCOMPARE(query.queryItemValue(u"code_challenge_method"_s), u"S256"_s);
        QCOMPARE(query.queryItemValue(u"resource"_s, QUrl::FullyDecoded),
                 u"https://api.textassistant.local"_s);
        QVERIFY(!result.done());
        QVERIFY(flow.isRunning());
        flow.cancel();
        QCOMPARE(result.value().error().code, QString(errc::signInCancelled));

        // every flow has its own state and challenge
        Browser other([](const QUrlQuery &) { return QString(); });
        SignInFlow second(m_network, config(), other.opener());
        second.start(m_endpoints, [](const Result_ &) {});
        QTRY_VERIFY(!other.opened.isEmpty());
        const QUrlQuery otherQuery(other.opened);
        QVERIFY(otherQuery.queryItemValue(u"state"_s) != query.queryItemValue(u"state"_s));
        QVERIFY(otherQuery.queryItemValue(u"code_challenge"_s) != query.queryItemValue(u"code_challenge"_s));
    }

    void stateMismatch()
    {
        Browser browser([](const QUrlQuery &) { return u"code=c&state=someone-else"_s; });
        SignInFlow flow(m_network, config(), browser.opener());
        Capture<Result_> result;
        flow.start(m_endpoints, result.callback());
        QTRY_VERIFY(result.done());
        QCOMPARE(result.value().error().code, QString(errc::signInStateMismatch));
        QCOMPARE(m_issuer->count("/oauth/token"), 0); // the code is never exchanged
        QTRY_COMPARE(browser.pageStatus, 200);
    }

    void missingState()
    {
        Browser browser([](const QUrlQuery &) { return u"code=c"_s; });
        SignInFlow flow(m_network, config(), browser.opener());
        Capture<Result_> result;
        flow.start(m_endpoints, result.callback());
        QTRY_VERIFY(result.done());
        QCOMPARE(result.value().error().code, QString(errc::signInStateMismatch));
    }

    void issuerMismatch_data()
    {
        QTest::addColumn<QString>("iss");
        QTest::newRow("other issuer") << u"&iss=https%3A%2F%2Fevil.example.com"_s;
        QTest::newRow("missing although announced") << QString(u""_s);
    }
    void issuerMismatch()
    {
        QFETCH(QString, iss);
        Browser browser([&](const QUrlQuery &authorize) { return echoState(authorize, u"&code=c"_s + iss); });
        SignInFlow flow(m_network, config(), browser.opener());
        Capture<Result_> result;
        flow.start(m_endpoints, result.callback());
        QTRY_VERIFY(result.done());
        QCOMPARE(result.value().error().code, QString(errc::signInIssuerMismatch));
        QCOMPARE(m_issuer->count("/oauth/token"), 0);
    }

    void issOptionalWhenNotAnnounced()
    {
        OidcConfiguration endpoints = m_endpoints;
        endpoints.issParameterSupported = false;
        Browser browser([](const QUrlQuery &authorize) { return echoState(authorize, u"&code=c"_s); });
        SignInFlow flow(m_network, config(), browser.opener());
        Capture<Result_> result;
        flow.start(endpoints, result.callback());
        QTRY_VERIFY(result.done());
        QVERIFY(result.value().has_value());
    }

    void accessDenied()
    {
        const QString iss = QString::fromLatin1(QUrl::toPercentEncoding(m_issuer->url().toString()));
        Browser browser([&](const QUrlQuery &authorize) {
            return echoState(authorize,
                             u"&error=access_denied&error_description=the%20user%20cancelled&iss="_s + iss);
        });
        SignInFlow flow(m_network, config(), browser.opener());
        Capture<Result_> result;
        flow.start(m_endpoints, result.callback());
        QTRY_VERIFY(result.done());
        QCOMPARE(result.value().error().code, QString(errc::accessDenied));
        QCOMPARE(m_issuer->count("/oauth/token"), 0);
        QTRY_COMPARE(browser.pageStatus, 200);
    }

    void codeExchangeFailures_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");
        QTest::newRow("invalid_grant")
            << 400 << QByteArray(R"({"error":"invalid_grant","error_description":"used"})")
            << QString(errc::invalidGrant);
        QTest::newRow("invalid_client")
            << 401 << QByteArray(R"({"error":"invalid_client"})") << QString(errc::invalidClient);
        QTest::newRow("invalid_target")
            << 400 << QByteArray(R"({"error":"invalid_target"})") << QString(errc::invalidTarget);
        QTest::newRow("server error page")
            << 502 << QByteArray("<html>bad gateway</html>") << QString(errc::oauthError);
        QTest::newRow("no refresh token")
            << 200
            << QByteArray(R"({"access_token":"a","token_type":"Bearer","expires_in":60,"scope":"openid"})")
            << QString(errc::tokenResponseInvalid);
    }
    void codeExchangeFailures()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        m_tokenStatus = status;
        m_tokenBody = body;
        OidcConfiguration endpoints = m_endpoints;
        endpoints.issParameterSupported = false;
        Browser browser([](const QUrlQuery &authorize) { return echoState(authorize, u"&code=c"_s); });
        SignInFlow flow(m_network, config(), browser.opener());
        Capture<Result_> result;
        flow.start(endpoints, result.callback());
        QTRY_VERIFY(result.done());
        QCOMPARE(result.value().error().code, code);
        QCOMPARE(m_issuer->count("/oauth/token"), 1);
    }

    void cancelWhileWaiting()
    {
        Browser browser([](const QUrlQuery &) { return QString(); });
        SignInFlow flow(m_network, config(), browser.opener());
        Capture<Result_> result;
        flow.start(m_endpoints, result.callback());
        QTRY_VERIFY(!browser.opened.isEmpty());
        const QUrl redirect = flow.redirectUri();
        flow.cancel();
        QVERIFY(result.done()); // cancel answers at once
        QCOMPARE(result.value().error().code, QString(errc::signInCancelled));
        flow.cancel();
        QCOMPARE(result.calls(), 1);
        // the listener is gone
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(redirect.port()));
        QVERIFY(!socket.waitForConnected(2'000));
    }

    void cancelDuringDiscovery()
    {
        Browser browser([](const QUrlQuery &) { return QString(); });
        SignInFlow flow(m_network, config(), browser.opener());
        Capture<Result_> result;
        flow.start(result.callback());
        flow.cancel();
        QCOMPARE(result.value().error().code, QString(errc::signInCancelled));
        QTRY_COMPARE(m_issuer->count("/.well-known/openid-configuration"), 1);
        QTest::qWait(50);
        QCOMPARE(result.calls(), 1);
        QVERIFY(browser.opened.isEmpty());
    }

    void timeout()
    {
        Browser browser([](const QUrlQuery &) { return QString(); });
        SignInFlow flow(m_network, config(std::chrono::milliseconds(100)), browser.opener());
        Capture<Result_> result;
        flow.start(m_endpoints, result.callback());
        QTRY_VERIFY(result.done());
        QCOMPARE(result.value().error().code, QString(errc::signInTimeout));
        QCOMPARE(result.calls(), 1);
    }

    void browserCannotBeOpened()
    {
        SignInFlow flow(m_network, config(), [](const QUrl &) { return false; });
        Capture<Result_> result;
        flow.start(m_endpoints, result.callback());
        QVERIFY(!result.done());
        QTRY_VERIFY(result.done());
        QCOMPARE(result.value().error().code, QString(errc::browserOpenFailed));
        QVERIFY(result.value()
                    .error()
                    .details.value(u"authorization_url"_s)
                    .toString()
                    .contains(u"code_challenge="_s));

        SignInFlow noOpener(m_network, config(), UrlOpener());
        Capture<Result_> second;
        noOpener.start(m_endpoints, second.callback());
        QTRY_VERIFY(second.done());
        QCOMPARE(second.value().error().code, QString(errc::browserOpenFailed));
    }

    void runsOnce()
    {
        Browser browser([](const QUrlQuery &) { return QString(); });
        SignInFlow flow(m_network, config(), browser.opener());
        Capture<Result_> first;
        Capture<Result_> second;
        flow.start(m_endpoints, first.callback());
        flow.start(m_endpoints, second.callback());
        QTRY_VERIFY(second.done());
        QCOMPARE(second.value().error().code, QString(errc::signInInProgress));
        QVERIFY(!first.done());
        flow.cancel();
        QVERIFY(first.done());
    }

    void noPortAvailable()
    {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        SignInConfig busy = config();
        busy.redirectPorts = {taken.serverPort()};
        Browser browser([](const QUrlQuery &) { return QString(); });
        SignInFlow flow(m_network, busy, browser.opener());
        Capture<Result_> result;
        flow.start(m_endpoints, result.callback());
        QTRY_VERIFY(result.done());
        QCOMPARE(result.value().error().code, QString(errc::loopbackListenFailed));
        QVERIFY(browser.opened.isEmpty());
    }

    void fallsBackToTheNextPort()
    {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        SignInConfig ports = config();
        ports.redirectPorts = {taken.serverPort(), 0};
        Browser browser([](const QUrlQuery &) { return QString(); });
        SignInFlow flow(m_network, ports, browser.opener());
        flow.start(m_endpoints, [](const Result_ &) {});
        QTRY_VERIFY(!browser.opened.isEmpty());
        QVERIFY(flow.redirectUri().port() != taken.serverPort());
    }

    void destroyedFlowDropsTheCallback()
    {
        Browser browser([](const QUrlQuery &) { return QString(); });
        Capture<Result_> result;
        {
            SignInFlow flow(m_network, config(), browser.opener());
            flow.start(m_endpoints, result.callback());
            QTRY_VERIFY(!browser.opened.isEmpty());
        }
        QTest::qWait(50);
        QVERIFY(!result.done());
    }
};

QTEST_GUILESS_MAIN(TestSignInFlow)
#include "test_signin_flow.moc"

// AuthSession against a real creditdesk-server (SQLite and PostgreSQL): the
// browser code flow with PKCE and the loopback redirect, refresh rotation and
// reuse detection, `login --with-token`, and sign-out revocation.
#include "core/api/signin/auth_session.h"
#include "core/api/signin/signin_errors.h"
#include "core/secrets/memory_secret_store.h"
#include "tests/integration/http/http_test_support.h"
#include "tests/integration/signin/signin_browser.h"
#include "tests/unit/signin/capture.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QtTest>

#include <map>

using namespace Qt::StringLiterals;
using creditdesk::Error;
using creditdesk::fail;
using creditdesk::Result;
namespace secrets = creditdesk::secrets;
using namespace creditdesk::api::signin;
using namespace creditdesk::test;

namespace {

constexpr int kWaitMs = 120'000;

QString uniqueEmail(const char *what)
{
    static int counter = 0;
    return u"signin-%1-%2-%3@example.com"_s.arg(QLatin1StringView(what)).arg(rowName()).arg(++counter);
}

Result<void> wait(Capture<Result<void>> &done)
{
    if (!QTest::qWaitFor([&]() { return done.done(); }, kWaitMs))
        return fail("test_timeout"_L1, u"no answer"_s);
    return done.value();
}

QString errorOf(const Result<void> &result)
{
    return result ? QString() : result.error().code + u": "_s + result.error().message;
}

} // namespace

class TestSignInServer : public QObject {
    Q_OBJECT

private:
    std::map<int, std::unique_ptr<ServerHarness>> m_servers;
    QNetworkAccessManager m_network;

    std::unique_ptr<AuthSession> makeSession(const ServerHarness &server, secrets::SecretStore &store)
    {
        SignInConfig config;
        config.issuer = server.baseUrl();
        config.redirectPorts = {0};
        config.requestTimeout = std::chrono::seconds(60);
        config.browserTimeout = std::chrono::seconds(120);
        return std::make_unique<AuthSession>(m_network, store, config);
    }

    Result<void> browserSignIn(AuthSession &session, SignInBrowser &browser)
    {
        Capture<Result<void>> done;
        session.signIn(browser.opener(), done.callback());
        return wait(done);
    }

    [[nodiscard]] static secrets::SecretKey refreshKey(const ServerHarness &server, const QString &userId)
    {
        return *secrets::SecretKey::forServer(server.baseUrl(), userId, u"refresh_token"_s);
    }

    static QString emailOfMe(const ServerHarness &server, const QString &accessToken)
    {
        const HttpReply me = server.get(u"/v1/users/me"_s, accessToken);
        return me.status == 200 ? me.object().value(u"email"_s).toString() : u"HTTP %1"_s.arg(me.status);
    }

private slots:
    void initTestCase_data() { addDialectRows(); }
    void cleanupTestCase() { m_servers.clear(); }

    void codeFlowThroughTheBrowser()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QString email = uniqueEmail("flow");
        const QString userId = createUser(server, email);
        QVERIFY(!userId.isEmpty());
        secrets::MemorySecretStore store;
        auto session = makeSession(server, store);
        SignInBrowser browser(server, email, kPassword);
        const auto signedIn = browserSignIn(*session, browser);
        QVERIFY2(signedIn.has_value(), qPrintable(errorOf(signedIn)));

        // what the browser saw
        QCOMPARE(browser.pageStatus, 200);
        QCOMPARE(browser.loginStatus, 302);
        QCOMPARE(browser.redirect.host(), u"127.0.0.1"_s);
        QCOMPARE(browser.redirect.path(), u"/callback"_s);
        QTRY_COMPARE(browser.callbackStatus, 200);
        QVERIFY(browser.callbackPage.contains("You can close this window"));
        const QUrlQuery authorize(browser.authorizeUrl);
        QCOMPARE(authorize.queryItemValue(u"code_challenge_method"_s), u"S256"_s);

        // a working access token, in memory; the refresh token in the store
        QVERIFY(session->isSignedIn());
        QCOMPARE(session->account(), userId);
        QCOMPARE(emailOfMe(server, session->accessToken()), email);
        QVERIFY(session->grantedScope().split(u' ').contains(u"credits.read"_s));
        QCOMPARE(store.keys(), QStringList{refreshKey(server, userId).toString()});
        const auto stored = store.peek(refreshKey(server, userId));
        QVERIFY(stored.has_value() && !stored->isEmpty());
        QCOMPARE(refresh(server, *stored).status, 200); // a real refresh token of this server
    }

    void deniedInTheBrowser()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QString email = uniqueEmail("deny");
        QVERIFY(!createUser(server, email).isEmpty());
        secrets::MemorySecretStore store;
        auto session = makeSession(server, store);
        SignInBrowser browser(server, email, kPassword, u"deny"_s);
        const auto denied = browserSignIn(*session, browser);
        QVERIFY(!denied.has_value());
        QCOMPARE(denied.error().code, QString(errc::accessDenied));
        QVERIFY(!session->isSignedIn());
        QVERIFY(store.keys().isEmpty());
    }

    void refreshRotationAndReuse()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QString email = uniqueEmail("rotate");
        const QString userId = createUser(server, email);
        secrets::MemorySecretStore store;
        auto session = makeSession(server, store);
        SignInBrowser browser(server, email, kPassword);
        QVERIFY2(browserSignIn(*session, browser).has_value(), "sign-in failed");
        const QString original = store.peek(refreshKey(server, userId)).value_or(QString());
        const QString firstAccess = session->accessToken();

        Capture<Result<void>> refreshed;
        session->refresh(refreshed.callback());
        QVERIFY2(wait(refreshed).has_value(), qPrintable(errorOf(refreshed.value())));
        const QString rotated = store.peek(refreshKey(server, userId)).value_or(QString());
        QVERIFY(!rotated.isEmpty());
        QVERIFY(rotated != original);
        QVERIFY(session->accessToken() != firstAccess);
        QCOMPARE(emailOfMe(server, session->accessToken()), email);

        // concurrent refreshes are one request: a second use of a rotated token
        // would revoke the grant, so every waiter succeeding proves it
        std::vector<Capture<Result<void>>> waiters(3);
        for (auto &waiter : waiters)
            session->refresh(waiter.callback());
        for (auto &waiter : waiters)
            QVERIFY2(wait(waiter).has_value(), qPrintable(errorOf(waiter.value())));
        QCOMPARE(emailOfMe(server, session->accessToken()), email);

        // someone replays the original (consumed) refresh token: the family is revoked
        const HttpReply replay = refresh(server, original);
        QCOMPARE(replay.status, 400);
        QCOMPARE(replay.errorCode(), u"invalid_grant"_s);
        Capture<Result<void>> afterReuse;
        session->refresh(afterReuse.callback());
        const auto result = wait(afterReuse);
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().code, QString(errc::signInRequired));
        QVERIFY(!session->isSignedIn());
        QVERIFY(store.keys().isEmpty());
    }

    void restoreAtStartUp()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QString email = uniqueEmail("restore");
        const QString userId = createUser(server, email);
        secrets::MemorySecretStore store;
        {
            auto first = makeSession(server, store);
            SignInBrowser browser(server, email, kPassword);
            QVERIFY(browserSignIn(*first, browser).has_value());
        }
        auto second = makeSession(server, store); // the next start of the app
        Capture<Result<void>> restored;
        second->restore(userId, restored.callback());
        QVERIFY2(wait(restored).has_value(), qPrintable(errorOf(restored.value())));
        QCOMPARE(emailOfMe(server, second->accessToken()), email);
    }

    void withTokenFromIssueToken()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QString email = uniqueEmail("issued");
        const QString userId = createUser(server, email);
        const auto issued = server.admin({u"issue-token"_s, u"--email"_s, email});
        QCOMPARE(issued.exitCode, 0);
        const QString json = QString::fromUtf8(QJsonDocument(issued.output).toJson(QJsonDocument::Indented));
        secrets::MemorySecretStore store;
        auto session = makeSession(server, store);
        Capture<Result<void>> signedIn;
        session->signInWithToken(u"\n  "_s + json + u"\n"_s, signedIn.callback());
        QVERIFY2(wait(signedIn).has_value(), qPrintable(errorOf(signedIn.value())));
        QCOMPARE(session->account(), userId);
        QCOMPARE(emailOfMe(server, session->accessToken()), email);
        QCOMPARE(store.peek(refreshKey(server, userId)),
                 std::optional<QString>(issued.output.value(u"refresh_token"_s).toString()));

        Capture<Result<void>> refreshed; // the server takes the issued refresh token
        session->refresh(refreshed.callback());
        QVERIFY2(wait(refreshed).has_value(), qPrintable(errorOf(refreshed.value())));
        QCOMPARE(emailOfMe(server, session->accessToken()), email);
    }

    void withRawAccessToken()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QString email = uniqueEmail("raw");
        QString userId;
        const QString token = server.createUserWithToken(email, &userId);
        QVERIFY(!token.isEmpty());
        secrets::MemorySecretStore store;
        auto session = makeSession(server, store);
        Capture<Result<void>> signedIn;
        session->signInWithToken(token, signedIn.callback());
        QVERIFY2(wait(signedIn).has_value(), qPrintable(errorOf(signedIn.value())));
        QCOMPARE(session->account(), userId);
        QCOMPARE(emailOfMe(server, session->accessToken()), email);
        QVERIFY(!session->canRefresh());
        QVERIFY(store.keys().isEmpty());

        Capture<Result<void>> garbage;
        session->signInWithToken(u"{\"access_token\":\"x\"}"_s, garbage.callback());
        QCOMPARE(wait(garbage).error().code, QString(errc::tokenInputInvalid));
        QCOMPARE(session->accessToken(), token); // a refused input changes nothing
    }

    void signOutRevokes()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QString email = uniqueEmail("signout");
        const QString userId = createUser(server, email);
        secrets::MemorySecretStore store;
        auto session = makeSession(server, store);
        SignInBrowser browser(server, email, kPassword);
        QVERIFY(browserSignIn(*session, browser).has_value());
        const QString refreshToken = store.peek(refreshKey(server, userId)).value_or(QString());
        const QString accessToken = session->accessToken();
        QVERIFY(!refreshToken.isEmpty());

        Capture<Result<void>> signedOut;
        session->signOut(signedOut.callback());
        QVERIFY2(wait(signedOut).has_value(), qPrintable(errorOf(signedOut.value())));
        QVERIFY(!session->isSignedIn());
        QVERIFY(session->accessToken().isEmpty());
        QVERIFY(store.keys().isEmpty());
        QCOMPARE(refresh(server, refreshToken).errorCode(), u"invalid_grant"_s);
        QCOMPARE(server.get(u"/v1/users/me"_s, accessToken).status, 401); // ours ends the grant at once
    }
};

QTEST_GUILESS_MAIN(TestSignInServer)
#include "test_signin_server.moc"

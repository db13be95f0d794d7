// AuthSession against a scripted issuer and a MemorySecretStore: where the
// tokens live, single-flight refresh with rotation, invalid_grant, restore,
// login --with-token and sign-out.
#include "core/api/signin/auth_session.h"
#include "core/api/signin/signin_errors.h"
#include "core/secrets/memory_secret_store.h"
#include "core/secrets/secret_errors.h"
#include "tests/unit/signin/capture.h"
#include "tests/unit/signin/fake_http_server.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QtTest>

using namespace Qt::StringLiterals;
using creditdesk::Error;
using creditdesk::fail;
using creditdesk::Result;
namespace secrets = creditdesk::secrets;
using namespace creditdesk::api::signin;
using namespace creditdesk::test;

namespace {

using Done = Capture<Result<void>>;

} // namespace

class TestAuthSession : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<FakeHttpServer> m_issuer;
    std::unique_ptr<secrets::MemorySecretStore> m_store;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<AuthSession> m_session;
    QStringList m_refreshResponses; // refresh tokens to hand out, in order
    QString m_tokenError;           // OAuth error to answer instead
    bool m_hangToken = false;
    int m_issued = 0;

    [[nodiscard]] secrets::SecretKey refreshKey(const QString &account) const
    {
        return *secrets::SecretKey::forServer(m_issuer->url(), account, u"refresh_token"_s);
    }

    [[nodiscard]] QByteArray issueTokenJson(const QString &sub, const QString &refresh) const
    {
        const QJsonObject token = QJsonDocument::fromJson(tokenBody(sub, refresh)).object();
        return QJsonDocument(QJsonObject{{u"access_token"_s, token.value(u"access_token"_s)},
                                         {u"refresh_token"_s, refresh},
                                         {u"token_type"_s, u"Bearer"_s},
                                         {u"expires_in"_s, 3600}})
            .toJson();
    }

    Result<void> signInWithToken(const QString &input)
    {
        Done done;
        m_session->signInWithToken(input, done.callback());
        [&] {
            QTRY_VERIFY(done.done());
        }();
        return done.done() ? done.value() : fail("test_timeout"_L1, {});
    }

private slots:
    void init()
    {
        m_issuer = std::make_unique<FakeHttpServer>();
        QVERIFY(m_issuer->listen());
        m_store = std::make_unique<secrets::MemorySecretStore>();
        m_network = std::make_unique<QNetworkAccessManager>();
        m_refreshResponses.clear();
        m_tokenError.clear();
        m_hangToken = false;
        m_issued = 0;
        m_issuer->setHandler([this](const FakeHttpServer::Request &request) -> FakeHttpServer::Reply {
            if (request.path == "/.well-known/openid-configuration")
                return {200, discoveryBody(m_issuer->url())};
            if (request.path == "/oauth/revoke")
                return {200, {}};
            if (request.path != "/oauth/token")
                return {404, "{}"};
            if (m_hangToken)
                return {200, {}, {}, true};
            if (!m_tokenError.isEmpty())
                return {400, QJsonDocument(QJsonObject{{u"error"_s, m_tokenError}}).toJson()};
            ++m_issued;
            const QString refresh =
                m_refreshResponses.isEmpty() ? u"refresh-%1"_s.arg(m_issued) : m_refreshResponses.takeFirst();
            return {200, tokenBody(u"user-1"_s, refresh)};
        });
        SignInConfig config;
        config.issuer = m_issuer->url();
        config.redirectPorts = {0};
        config.requestTimeout = std::chrono::seconds(10);
        m_session = std::make_unique<AuthSession>(*m_network, *m_store, config);
    }

    void cleanup()
    {
        m_session.reset();
        m_network.reset();
        m_store.reset();
        m_issuer.reset();
    }

    void withTokenJsonStoresTheRefreshToken()
    {
        QSignalSpy changed(m_session.get(), &AuthSession::signedInChanged);
        const auto signedIn = signInWithToken(QString::fromUtf8(issueTokenJson(u"user-1"_s, u"r-0"_s)));
        QVERIFY2(signedIn.has_value(), qPrintable(signedIn ? QString() : signedIn.error().message));
        QVERIFY(m_session->isSignedIn());
        QVERIFY(m_session->canRefresh());
        QCOMPARE(m_session->account(), u"user-1"_s);
        QVERIFY(!m_session->accessToken().isEmpty());
        QCOMPARE(m_store->peek(refreshKey(u"user-1"_s)), std::optional<QString>(u"r-0"_s));
        QCOMPARE(m_store->keys().size(), 1);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().toBool(), true);
        QCOMPARE(m_issuer->requests().size(), 0); // nothing to ask the server
    }

    void withRawTokenStoresNothing()
    {
        // a stale refresh token of the same account is cleared
        QVERIFY(signInWithToken(QString::fromUtf8(issueTokenJson(u"user-1"_s, u"r-old"_s))).has_value());
        const QString raw =
            fakeJwt({{u"sub"_s, u"user-1"_s}, {u"exp"_s, QDateTime::currentSecsSinceEpoch() + 600}});
        QVERIFY(signInWithToken(raw).has_value());
        QCOMPARE(m_session->accessToken(), raw);
        QVERIFY(!m_session->canRefresh());
        QVERIFY(m_store->keys().isEmpty());
        Done refreshed;
        m_session->refresh(refreshed.callback());
        QTRY_VERIFY(refreshed.done());
        QCOMPARE(refreshed.value().error().code, QString(errc::signInRequired));
        QCOMPARE(m_session->accessToken(), raw); // still usable until it expires
    }

    void withInvalidInput()
    {
        const auto refused = signInWithToken(u"not a token"_s);
        QCOMPARE(refused.error().code, QString(errc::tokenInputInvalid));
        QVERIFY(!m_session->isSignedIn());
        QVERIFY(m_store->keys().isEmpty());
    }

    void refreshRotatesAndSavesFirst()
    {
        QVERIFY(signInWithToken(QString::fromUtf8(issueTokenJson(u"user-1"_s, u"r-0"_s))).has_value());
        const QString before = m_session->accessToken();
        m_refreshResponses = {u"r-1"_s};
        Done refreshed;
        m_session->refresh(refreshed.callback());
        QVERIFY(!refreshed.done());
        QTRY_VERIFY(refreshed.done());
        QVERIFY(refreshed.value().has_value());
        QVERIFY(m_session->accessToken() != before);
        QCOMPARE(m_store->peek(refreshKey(u"user-1"_s)), std::optional<QString>(u"r-1"_s));
        QVERIFY(m_session->accessTokenExpiresAtMs() > QDateTime::currentMSecsSinceEpoch());
        const QUrlQuery form = m_issuer->requests().last().form();
        QCOMPARE(form.queryItemValue(u"grant_type"_s), u"refresh_token"_s);
        QCOMPARE(form.queryItemValue(u"refresh_token"_s), u"r-0"_s);
        QCOMPARE(form.queryItemValue(u"client_id"_s), u"desktop-app-test"_s);
        QCOMPARE(form.queryItemValue(u"resource"_s, QUrl::FullyDecoded),
                 u"https://api.textassistant.local"_s);
        QCOMPARE(m_issuer->requests().last().headers.value("user-agent"),
                 QByteArray("CreditDesk/" CREDITDESK_VERSION));

        Done again;
        m_session->refresh(again.callback());
        QTRY_VERIFY(again.done());
        QCOMPARE(m_issuer->requests().last().form().queryItemValue(u"refresh_token"_s), u"r-1"_s);
    }

    void concurrentRefreshesShareOneRequest()
    {
        QVERIFY(signInWithToken(QString::fromUtf8(issueTokenJson(u"user-1"_s, u"r-0"_s))).has_value());
        std::vector<Done> waiters(5);
        for (Done &waiter : waiters)
            m_session->refresh(waiter.callback());
        QTRY_VERIFY(std::all_of(waiters.begin(), waiters.end(), [](const Done &d) { return d.done(); }));
        for (const Done &waiter : waiters) {
            QVERIFY(waiter.value().has_value());
            QCOMPARE(waiter.calls(), 1);
        }
        QCOMPARE(m_issuer->count("/oauth/token"), 1);
    }

    void invalidGrantEndsTheSession()
    {
        QVERIFY(signInWithToken(QString::fromUtf8(issueTokenJson(u"user-1"_s, u"r-0"_s))).has_value());
        QSignalSpy changed(m_session.get(), &AuthSession::signedInChanged);
        m_tokenError = u"invalid_grant"_s;
        Done first;
        Done second;
        m_session->refresh(first.callback());
        m_session->refresh(second.callback());
        QTRY_VERIFY(first.done() && second.done());
        QCOMPARE(first.value().error().code, QString(errc::signInRequired));
        QCOMPARE(first.value().error().details.value(u"cause"_s).toString(), u"invalid_grant"_s);
        QCOMPARE(second.value().error().code, QString(errc::signInRequired));
        QVERIFY(!m_session->isSignedIn());
        QVERIFY(m_session->accessToken().isEmpty());
        QVERIFY(m_store->keys().isEmpty());
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().toBool(), false);
    }

    void otherRefreshFailuresKeepTheSession_data()
    {
        QTest::addColumn<QString>("oauthError");
        QTest::addColumn<QString>("code");
        QTest::newRow("server_error") << u"server_error"_s << QString(errc::serverError);
        QTest::newRow("invalid_client") << u"invalid_client"_s << QString(errc::invalidClient);
    }
    void otherRefreshFailuresKeepTheSession()
    {
        QFETCH(QString, oauthError);
        QFETCH(QString, code);
        QVERIFY(signInWithToken(QString::fromUtf8(issueTokenJson(u"user-1"_s, u"r-0"_s))).has_value());
        m_tokenError = oauthError;
        Done refreshed;
        m_session->refresh(refreshed.callback());
        QTRY_VERIFY(refreshed.done());
        QCOMPARE(refreshed.value().error().code, code);
        QVERIFY(m_session->canRefresh());
        QCOMPARE(m_store->peek(refreshKey(u"user-1"_s)), std::optional<QString>(u"r-0"_s));
    }

    void refreshTimeout()
    {
        SignInConfig config;
        config.issuer = m_issuer->url();
        config.requestTimeout = std::chrono::milliseconds(200);
        m_session = std::make_unique<AuthSession>(*m_network, *m_store, config);
        QVERIFY(signInWithToken(QString::fromUtf8(issueTokenJson(u"user-1"_s, u"r-0"_s))).has_value());
        m_hangToken = true;
        Done refreshed;
        m_session->refresh(refreshed.callback());
        QTRY_VERIFY(refreshed.done());
        QCOMPARE(refreshed.value().error().code, QString(errc::networkTimeout));
        QVERIFY(m_session->canRefresh());
    }

    void refreshOfAnotherAccountIsRefused()
    {
        QVERIFY(signInWithToken(QString::fromUtf8(issueTokenJson(u"user-2"_s, u"r-0"_s))).has_value());
        Done refreshed; // the fake issuer answers for user-1
        m_session->refresh(refreshed.callback());
        QTRY_VERIFY(refreshed.done());
        QCOMPARE(refreshed.value().error().code, QString(errc::tokenResponseInvalid));
        QCOMPARE(m_store->peek(refreshKey(u"user-2"_s)), std::optional<QString>(u"r-0"_s));
    }

    void rotatedTokenNotSaved()
    {
        QVERIFY(signInWithToken(QString::fromUtf8(issueTokenJson(u"user-1"_s, u"r-0"_s))).has_value());
        QSignalSpy notSaved(m_session.get(), &AuthSession::refreshTokenNotSaved);
        m_store->setFailure(Error{QString(secrets::errc::secretServiceUnavailable), u"gone"_s, {}});
        Done refreshed;
        m_session->refresh(refreshed.callback());
        QTRY_VERIFY(refreshed.done());
        QVERIFY(refreshed.value().has_value()); // this session goes on
        QCOMPARE(notSaved.size(), 1);
        QCOMPARE(notSaved.first().first().value<Error>().code,
                 QString(secrets::errc::secretServiceUnavailable));
    }

    void restore()
    {
        m_store->write(refreshKey(u"user-1"_s), u"r-stored"_s, [](const Result<void> &) {});
        Done restored;
        m_session->restore(u"user-1"_s, restored.callback());
        QTRY_VERIFY(restored.done());
        QVERIFY2(restored.value().has_value(),
                 qPrintable(restored.value() ? QString() : restored.value().error().message));
        QVERIFY(!m_session->accessToken().isEmpty());
        QCOMPARE(m_session->account(), u"user-1"_s);
        QCOMPARE(m_issuer->requests().last().form().queryItemValue(u"refresh_token"_s), u"r-stored"_s);
        QCOMPARE(m_store->peek(refreshKey(u"user-1"_s)), std::optional<QString>(u"refresh-1"_s));
    }

    void restoreOffline()
    {
        const secrets::SecretKey key = refreshKey(u"user-1"_s);
        m_store->write(key, u"r-stored"_s, [](const Result<void> &) {});
        m_issuer.reset(); // the issuer cannot be reached
        Done restored;
        m_session->restore(u"user-1"_s, restored.callback());
        QTRY_VERIFY(restored.done());
        QCOMPARE(restored.value().error().code, QString(errc::discoveryFailed));
        QVERIFY(m_session->isSignedIn()); // offline, with a refresh token to try later
        QVERIFY(m_session->canRefresh());
        QVERIFY(m_session->accessToken().isEmpty());
        QCOMPARE(m_store->peek(key), std::optional<QString>(u"r-stored"_s));
    }

    void restoreWithoutStoredToken()
    {
        Done restored;
        m_session->restore(u"user-1"_s, restored.callback());
        QTRY_VERIFY(restored.done());
        QCOMPARE(restored.value().error().code, QString(errc::signInRequired));
        QVERIFY(!m_session->isSignedIn());
        QCOMPARE(m_issuer->requests().size(), 0);

        Done invalid;
        m_session->restore(u"bad:account"_s, invalid.callback());
        QTRY_VERIFY(invalid.done());
        QCOMPARE(invalid.value().error().code, QString(creditdesk::errc::invalidArgument));
    }

    void restoreWithoutKeyring()
    {
        m_store->setFailure(Error{QString(secrets::errc::secretServiceUnavailable), u"no keyring"_s, {}});
        Done restored;
        m_session->restore(u"user-1"_s, restored.callback());
        QTRY_VERIFY(restored.done());
        QCOMPARE(restored.value().error().code, QString(secrets::errc::secretServiceUnavailable));
    }

    void signInFailsWhenTheTokenCannotBeStored()
    {
        m_store->setFailure(Error{QString(secrets::errc::secretAccessDenied), u"locked"_s, {}});
        const auto signedIn = signInWithToken(QString::fromUtf8(issueTokenJson(u"user-1"_s, u"r-0"_s)));
        QCOMPARE(signedIn.error().code, QString(secrets::errc::secretAccessDenied));
        QVERIFY(!m_session->isSignedIn());
        // the grant that cannot be kept is revoked
        QTRY_COMPARE(m_issuer->count("/oauth/revoke"), 1);
        QCOMPARE(m_issuer->requests().last().form().queryItemValue(u"token"_s), u"r-0"_s);
    }

    void signOutRevokesAndRemoves()
    {
        QVERIFY(signInWithToken(QString::fromUtf8(issueTokenJson(u"user-1"_s, u"r-0"_s))).has_value());
        Done signedOut;
        m_session->signOut(signedOut.callback());
        QVERIFY(!m_session->isSignedIn()); // at once
        QTRY_VERIFY(signedOut.done());
        QVERIFY(signedOut.value().has_value());
        QVERIFY(m_store->keys().isEmpty());
        QCOMPARE(m_issuer->count("/oauth/revoke"), 1);
        const QUrlQuery form = m_issuer->requests().last().form();
        QCOMPARE(form.queryItemValue(u"token"_s), u"r-0"_s);
        QCOMPARE(form.queryItemValue(u"token_type_hint"_s), u"refresh_token"_s);
        QCOMPARE(form.queryItemValue(u"client_id"_s), u"desktop-app-test"_s);
    }

    void signOutWhenTheServerIsGone()
    {
        QVERIFY(signInWithToken(QString::fromUtf8(issueTokenJson(u"user-1"_s, u"r-0"_s))).has_value());
        m_issuer.reset(); // revocation cannot happen: still signed out locally
        Done signedOut;
        m_session->signOut(signedOut.callback());
        QTRY_VERIFY(signedOut.done());
        QVERIFY(signedOut.value().has_value());
        QVERIFY(m_store->keys().isEmpty());
    }

    void signOutReportsAStoreFailure()
    {
        QVERIFY(signInWithToken(QString::fromUtf8(issueTokenJson(u"user-1"_s, u"r-0"_s))).has_value());
        m_store->setFailure(Error{QString(secrets::errc::secretStoreFailed), u"broken"_s, {}});
        Done signedOut;
        m_session->signOut(signedOut.callback());
        QTRY_VERIFY(signedOut.done());
        QCOMPARE(signedOut.value().error().code, QString(secrets::errc::secretStoreFailed));
        QVERIFY(!m_session->isSignedIn());
    }

    void signOutDuringRefresh()
    {
        QVERIFY(signInWithToken(QString::fromUtf8(issueTokenJson(u"user-1"_s, u"r-0"_s))).has_value());
        m_hangToken = true;
        Done refreshed;
        m_session->refresh(refreshed.callback());
        QTRY_COMPARE(m_issuer->count("/oauth/token"), 1);
        Done signedOut;
        m_session->signOut(signedOut.callback());
        QTRY_VERIFY(refreshed.done() && signedOut.done());
        QCOMPARE(refreshed.value().error().code, QString(errc::signInRequired));
        QVERIFY(m_store->keys().isEmpty());
    }

    void signInWhileRunning()
    {
        Done first;
        Done second;
        m_session->signIn([](const QUrl &) { return true; }, first.callback());
        QTRY_VERIFY(m_session->isSignInRunning());
        m_session->signIn([](const QUrl &) { return true; }, second.callback());
        QTRY_VERIFY(second.done());
        QCOMPARE(second.value().error().code, QString(errc::signInInProgress));
        m_session->cancelSignIn();
        QTRY_VERIFY(first.done());
        QCOMPARE(first.value().error().code, QString(errc::signInCancelled));
    }

    void destroyedSessionDropsCallbacks()
    {
        QVERIFY(signInWithToken(QString::fromUtf8(issueTokenJson(u"user-1"_s, u"r-0"_s))).has_value());
        Done refreshed;
        m_session->refresh(refreshed.callback());
        m_session.reset();
        QTest::qWait(100);
        QVERIFY(!refreshed.done());
    }
};

QTEST_GUILESS_MAIN(TestAuthSession)
#include "test_auth_session.moc"

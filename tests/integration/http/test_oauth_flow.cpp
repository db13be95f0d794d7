// OAuth 2.0 / OIDC (api-contract §2) driven like the desktop app and its
// browser: discovery, the sign-in page, PKCE, code exchange, refresh rotation
// with reuse detection, revocation, JWKS and userinfo.
#include "tests/integration/http/http_test_support.h"

#include "core/crypto/jwt.h"

#include <QJsonArray>
#include <QtTest>

#include <map>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::test;

namespace {

const QString kLoopback = u"http://127.0.0.1:51234/callback"_s; // any port (RFC 8252 §7.3)

QString uniqueEmail(const char *what)
{
    static int counter = 0;
    return u"%1-%2-%3@example.com"_s.arg(QLatin1StringView(what)).arg(rowName()).arg(++counter);
}

} // namespace

class TestOAuthFlow : public QObject {
    Q_OBJECT

private:
    std::map<int, std::unique_ptr<ServerHarness>> m_servers;

private slots:
    void initTestCase_data() { addDialectRows(); }
    void cleanupTestCase() { m_servers.clear(); }

    void discoveryAndJwks()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QJsonObject discovery = server.get(u"/.well-known/openid-configuration"_s).object();
        const QString issuer = server.baseUrl().toString();
        QCOMPARE(discovery.value(u"issuer"_s).toString(), issuer);
        QCOMPARE(discovery.value(u"authorization_endpoint"_s).toString(), issuer + u"/oauth/authorize"_s);
        QCOMPARE(discovery.value(u"token_endpoint"_s).toString(), issuer + u"/oauth/token"_s);
        QCOMPARE(discovery.value(u"jwks_uri"_s).toString(), issuer + u"/oauth/jwks"_s);
        QCOMPARE(discovery.value(u"code_challenge_methods_supported"_s).toArray(), QJsonArray{u"S256"_s});
        const QJsonArray keys = server.get(u"/oauth/jwks"_s).object().value(u"keys"_s).toArray();
        QCOMPARE(keys.size(), 1);
        const QJsonObject key = keys.first().toObject();
        QCOMPARE(key.value(u"kty"_s).toString(), u"RSA"_s);
        QCOMPARE(key.value(u"alg"_s).toString(), u"RS256"_s);
        QCOMPARE(key.value(u"use"_s).toString(), u"sig"_s);
        QVERIFY(!key.value(u"kid"_s).toString().isEmpty());
    }

    void fullFlowLikeABrowser()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QString email = uniqueEmail("flow");
        const QString userId = createUser(server, email);
        QVERIFY(!userId.isEmpty());
        const Pkce pkce = Pkce::generate();
        const BrowserSignIn signIn = signInLikeBrowser(server, email.toUpper(), kPassword, kLoopback, pkce, u"st-123"_s);

        // the page: a real form, escaped, CSRF-bound, not framable
        QCOMPARE(signIn.page.status, 200);
        QVERIFY(signIn.page.header("content-type").startsWith("text/html"));
        QVERIFY(signIn.page.body.contains("<form method=\"post\" action=\"/oauth/authorize\""));
        QVERIFY(signIn.page.body.contains("type=\"password\""));
        QVERIFY(signIn.page.header("set-cookie").contains("HttpOnly"));
        QVERIFY(signIn.page.header("content-security-policy").contains("frame-ancestors 'none'"));
        QVERIFY(!signIn.page.header("x-request-id").isEmpty());

        QCOMPARE(signIn.submitted.status, 302);
        QCOMPARE(signIn.location.host(), u"127.0.0.1"_s);
        QCOMPARE(signIn.location.port(), 51234);
        QCOMPARE(signIn.location.path(), u"/callback"_s);
        QCOMPARE(signIn.query.queryItemValue(u"state"_s), u"st-123"_s);
        QCOMPARE(signIn.query.queryItemValue(u"iss"_s, QUrl::FullyDecoded), server.baseUrl().toString());
        const QString code = signIn.query.queryItemValue(u"code"_s, QUrl::FullyDecoded);
        QVERIFY(code.size() >= 32);

        const HttpReply token = exchangeCode(server, code, kLoopback, pkce.verifier);
        QCOMPARE(token.status, 200);
        QCOMPARE(token.header("cache-control"), QByteArray("no-store"));
        const QJsonObject tokens = token.object();
        QCOMPARE(tokens.value(u"token_type"_s).toString(), u"Bearer"_s);
        QCOMPARE(tokens.value(u"expires_in"_s).toInt(), 3600);
        QCOMPARE(tokens.value(u"scope"_s).toString(), kScopes);
        QVERIFY(!tokens.value(u"refresh_token"_s).toString().isEmpty());
        QVERIFY(!tokens.value(u"id_token"_s).toString().isEmpty());

        // the access token: RS256 with the contract's claims, verifiable with the JWKS
        const QString access = tokens.value(u"access_token"_s).toString();
        const QJsonObject jwks = server.get(u"/oauth/jwks"_s).object();
        const crypto::JwtExpectations expect{server.baseUrl().toString(), kApiAudience,
                                             QDateTime::currentMSecsSinceEpoch(), 60};
        const auto claims = crypto::verifyJwtWithJwks(access, jwks, expect);
        QVERIFY2(claims.has_value(), qPrintable(claims ? QString() : claims.error().code));
        QCOMPARE(claims->value(u"sub"_s).toString(), userId);
        QCOMPARE(claims->value(u"client_id"_s).toString(), kClientId);
        QCOMPARE(claims->value(u"email"_s).toString(), email.toLower());
        QCOMPARE(claims->value(u"exp"_s).toInteger() - claims->value(u"iat"_s).toInteger(), 3600);
        QVERIFY(!claims->value(u"jti"_s).toString().isEmpty());
        const auto idClaims = crypto::decodeJwtClaimsUnverified(tokens.value(u"id_token"_s).toString());
        QCOMPARE(idClaims->value(u"aud"_s).toString(), kClientId);

        // the token works on the API and userinfo
        QCOMPARE(server.get(u"/__test/bearer"_s, access).status, 200);
        const HttpReply userinfo = server.get(u"/oauth/userinfo"_s, access);
        QCOMPARE(userinfo.status, 200);
        QCOMPARE(userinfo.object().value(u"sub"_s).toString(), userId);
        QCOMPARE(userinfo.object().value(u"email"_s).toString(), email.toLower());

        // the code is single use; its reuse also ends the sign-in it created
        const HttpReply again = exchangeCode(server, code, kLoopback, pkce.verifier);
        QCOMPARE(again.status, 400);
        QCOMPARE(again.errorCode(), u"invalid_grant"_s);
        QCOMPARE(server.get(u"/__test/bearer"_s, access).status, 401);
        QCOMPARE(refresh(server, tokens.value(u"refresh_token"_s).toString()).errorCode(), u"invalid_grant"_s);
    }

    void registeredRedirectsWork_data()
    {
        QTest::addColumn<QString>("redirect");
        QTest::newRow("127.0.0.1:8327") << u"http://127.0.0.1:8327/callback"_s;
        QTest::newRow("localhost other port") << u"http://localhost:40001/callback"_s;
        QTest::newRow("custom scheme") << u"ai.rephlo.desktop:/callback"_s;
    }
    void registeredRedirectsWork()
    {
        QFETCH(QString, redirect);
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QString email = uniqueEmail("redirect");
        QVERIFY(!createUser(server, email).isEmpty());
        const Pkce pkce = Pkce::generate();
        const BrowserSignIn signIn = signInLikeBrowser(server, email, kPassword, redirect, pkce, u"s"_s);
        QCOMPARE(signIn.submitted.status, 302);
        QVERIFY2(signIn.location.toString().startsWith(redirect), signIn.submitted.header("location").constData());
        const QString code = signIn.query.queryItemValue(u"code"_s, QUrl::FullyDecoded);
        QCOMPARE(exchangeCode(server, code, redirect, pkce.verifier).status, 200);
    }

    void codeExchangeFailures()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QString email = uniqueEmail("fail");
        QVERIFY(!createUser(server, email).isEmpty());
        const Pkce pkce = Pkce::generate();
        const BrowserSignIn signIn = signInLikeBrowser(server, email, kPassword, kLoopback, pkce, u"s"_s);
        const QString code = signIn.query.queryItemValue(u"code"_s, QUrl::FullyDecoded);
        QVERIFY(!code.isEmpty());

        const HttpReply wrongVerifier = exchangeCode(server, code, kLoopback, Pkce::generate().verifier);
        QCOMPARE(wrongVerifier.status, 400);
        QCOMPARE(wrongVerifier.errorCode(), u"invalid_grant"_s);
        QVERIFY(!wrongVerifier.object().value(u"error_description"_s).toString().isEmpty());

        const HttpReply wrongRedirect = exchangeCode(server, code, u"http://127.0.0.1:51235/callback"_s, pkce.verifier);
        QCOMPARE(wrongRedirect.errorCode(), u"invalid_grant"_s);

        const HttpReply noVerifier = exchangeCode(server, code, kLoopback, QString());
        QCOMPARE(noVerifier.status, 400);
        QCOMPARE(noVerifier.errorCode(), u"invalid_request"_s);

        const HttpReply unknownCode = exchangeCode(server, u"not-a-code"_s, kLoopback, pkce.verifier);
        QCOMPARE(unknownCode.errorCode(), u"invalid_grant"_s);

        const HttpReply wrongResource = postForm(server, u"/oauth/token"_s,
                                                 {{u"grant_type"_s, u"authorization_code"_s}, {u"code"_s, code},
                                                  {u"redirect_uri"_s, kLoopback}, {u"client_id"_s, kClientId},
                                                  {u"code_verifier"_s, pkce.verifier},
                                                  {u"resource"_s, u"https://elsewhere.example"_s}});
        QCOMPARE(wrongResource.errorCode(), u"invalid_target"_s);

        const HttpReply unknownClient = postForm(server, u"/oauth/token"_s,
                                                 {{u"grant_type"_s, u"authorization_code"_s}, {u"code"_s, code},
                                                  {u"client_id"_s, u"someone-else"_s}});
        QCOMPARE(unknownClient.status, 401);
        QCOMPARE(unknownClient.errorCode(), u"invalid_client"_s);

        const HttpReply badGrant = postForm(server, u"/oauth/token"_s,
                                            {{u"grant_type"_s, u"password"_s}, {u"client_id"_s, kClientId}});
        QCOMPARE(badGrant.errorCode(), u"unsupported_grant_type"_s);

        // after all those failures the right exchange still works
        QCOMPARE(exchangeCode(server, code, kLoopback, pkce.verifier).status, 200);
    }

    void authorizeRefusals()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const Pkce pkce = Pkce::generate();
        const QString email = uniqueEmail("refuse");

        // a redirect that is not registered (and not loopback) gets a page, never a redirect
        BrowserSignIn evil = signInLikeBrowser(server, email, kPassword, u"https://evil.example/callback"_s, pkce, u"s"_s);
        QCOMPARE(evil.page.status, 400);
        QVERIFY(evil.page.header("location").isEmpty());
        QVERIFY(evil.page.header("content-type").startsWith("text/html"));
        BrowserSignIn otherPath = signInLikeBrowser(server, email, kPassword, u"http://127.0.0.1:9999/evil"_s, pkce, u"s"_s);
        QCOMPARE(otherPath.page.status, 400);
        BrowserSignIn unknownClient = signInLikeBrowser(server, email, kPassword, kLoopback, pkce, u"s"_s,
                                                        {{u"client_id"_s, u"nobody"_s}});
        QCOMPARE(unknownClient.page.status, 400);

        // errors after the redirect is known go back to the app with state and iss
        const auto expectRedirectError = [&](const QList<QPair<QString, QString>> &overrides, const QString &error) {
            const BrowserSignIn signIn = signInLikeBrowser(server, email, kPassword, kLoopback, pkce, u"st"_s, overrides);
            QCOMPARE(signIn.page.status, 302);
            QCOMPARE(signIn.query.queryItemValue(u"error"_s), error);
            QCOMPARE(signIn.query.queryItemValue(u"state"_s), u"st"_s);
            QCOMPARE(signIn.query.queryItemValue(u"iss"_s, QUrl::FullyDecoded), server.baseUrl().toString());
        };
        expectRedirectError({{u"code_challenge_method"_s, u"plain"_s}}, u"invalid_request"_s);
        expectRedirectError({{u"code_challenge_method"_s, QString()}}, u"invalid_request"_s);
        expectRedirectError({{u"code_challenge"_s, QString()}}, u"invalid_request"_s);
        expectRedirectError({{u"scope"_s, u"openid admin.everything"_s}}, u"invalid_scope"_s);
        expectRedirectError({{u"resource"_s, u"https://elsewhere.example"_s}}, u"invalid_target"_s);
        expectRedirectError({{u"response_type"_s, u"token"_s}}, u"unsupported_response_type"_s);
    }

    void loginPageRefusesBadInput()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QString email = uniqueEmail("login");
        QVERIFY(!createUser(server, email).isEmpty());
        const Pkce pkce = Pkce::generate();

        // wrong password: the form again, with the email escaped, no redirect
        const QString hostile = u"\"><script>alert(1)</script>@x.example"_s;
        BrowserSignIn wrong = signInLikeBrowser(server, hostile, u"nope"_s, kLoopback, pkce, u"s"_s);
        QCOMPARE(wrong.submitted.status, 401);
        QVERIFY(wrong.submitted.header("location").isEmpty());
        QVERIFY(!wrong.submitted.body.contains("<script>alert(1)"));
        QVERIFY(wrong.submitted.body.contains("&lt;script&gt;"));
        BrowserSignIn wrongPassword = signInLikeBrowser(server, email, u"wrong-password"_s, kLoopback, pkce, u"s"_s);
        QCOMPARE(wrongPassword.submitted.status, 401);

        // the state is echoed escaped into the hidden transaction only, never raw HTML
        BrowserSignIn state = signInLikeBrowser(server, email, kPassword, kLoopback, pkce, u"<b>x</b>\""_s);
        QVERIFY(!state.page.body.contains("<b>x</b>"));
        QCOMPARE(state.query.queryItemValue(u"state"_s, QUrl::FullyDecoded), u"<b>x</b>\""_s);

        // CSRF: the form without the page's cookie, or a forged transaction, is refused
        QUrlQuery query;
        query.addQueryItem(u"response_type"_s, u"code"_s);
        query.addQueryItem(u"client_id"_s, kClientId);
        query.addQueryItem(u"redirect_uri"_s, kLoopback);
        query.addQueryItem(u"code_challenge"_s, pkce.challenge);
        query.addQueryItem(u"code_challenge_method"_s, u"S256"_s);
        const HttpReply page = server.get(u"/oauth/authorize?"_s + query.query(QUrl::FullyEncoded));
        const QString transaction = formInputs(page.body).value(u"transaction"_s);
        const HttpReply noCookie = postForm(server, u"/oauth/authorize"_s,
                                            {{u"transaction"_s, transaction}, {u"email"_s, email},
                                             {u"password"_s, kPassword}});
        QCOMPARE(noCookie.status, 403);
        QVERIFY(noCookie.header("location").isEmpty());
        const HttpReply forged = postForm(server, u"/oauth/authorize"_s,
                                          {{u"transaction"_s, transaction + u"x"_s}, {u"email"_s, email},
                                           {u"password"_s, kPassword}},
                                          {{"Cookie", page.header("set-cookie").split(';').first()}});
        QCOMPARE(forged.status, 400);

        // cancel → access_denied back to the app
        const HttpReply cancelled = postForm(server, u"/oauth/authorize"_s,
                                             {{u"transaction"_s, transaction}, {u"action"_s, u"deny"_s}},
                                             {{"Cookie", page.header("set-cookie").split(';').first()}});
        QCOMPARE(cancelled.status, 302);
        QCOMPARE(QUrlQuery(QUrl::fromEncoded(cancelled.header("location"))).queryItemValue(u"error"_s),
                 u"access_denied"_s);
    }

    void refreshRotationAndReuseDetection()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QString email = uniqueEmail("refresh");
        QVERIFY(!createUser(server, email).isEmpty());
        const Pkce pkce = Pkce::generate();
        const BrowserSignIn signIn = signInLikeBrowser(server, email, kPassword, kLoopback, pkce, u"s"_s);
        const QJsonObject first =
            exchangeCode(server, signIn.query.queryItemValue(u"code"_s, QUrl::FullyDecoded), kLoopback, pkce.verifier)
                .object();
        const QString refresh1 = first.value(u"refresh_token"_s).toString();
        QVERIFY(!refresh1.isEmpty());

        const HttpReply rotated = refresh(server, refresh1);
        QCOMPARE(rotated.status, 200);
        const QString refresh2 = rotated.object().value(u"refresh_token"_s).toString();
        const QString access2 = rotated.object().value(u"access_token"_s).toString();
        QVERIFY(!refresh2.isEmpty());
        QVERIFY(refresh2 != refresh1);
        QCOMPARE(server.get(u"/__test/bearer"_s, access2).status, 200);

        // a narrower scope on refresh is allowed, a wider one is not
        const HttpReply narrower = postForm(server, u"/oauth/token"_s,
                                            {{u"grant_type"_s, u"refresh_token"_s}, {u"refresh_token"_s, refresh2},
                                             {u"client_id"_s, kClientId}, {u"scope"_s, u"openid admin"_s}});
        QCOMPARE(narrower.errorCode(), u"invalid_scope"_s);

        // replaying the consumed token revokes the family: the new ones die too
        const HttpReply replay = refresh(server, refresh1);
        QCOMPARE(replay.status, 400);
        QCOMPARE(replay.errorCode(), u"invalid_grant"_s);
        QCOMPARE(refresh(server, refresh2).errorCode(), u"invalid_grant"_s);
        QCOMPARE(server.get(u"/__test/bearer"_s, access2).status, 401);
        QCOMPARE(server.get(u"/__test/bearer"_s, first.value(u"access_token"_s).toString()).status, 401);
    }

    void revokeEndsTheSignIn()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QString email = uniqueEmail("revoke");
        QVERIFY(!createUser(server, email).isEmpty());
        const Pkce pkce = Pkce::generate();
        const BrowserSignIn signIn = signInLikeBrowser(server, email, kPassword, kLoopback, pkce, u"s"_s);
        const QJsonObject tokens =
            exchangeCode(server, signIn.query.queryItemValue(u"code"_s, QUrl::FullyDecoded), kLoopback, pkce.verifier)
                .object();
        const QString access = tokens.value(u"access_token"_s).toString();
        QCOMPARE(server.get(u"/__test/bearer"_s, access).status, 200);

        const HttpReply unknown = postForm(server, u"/oauth/revoke"_s,
                                           {{u"token"_s, u"whatever"_s}, {u"client_id"_s, kClientId}});
        QCOMPARE(unknown.status, 200);
        QVERIFY(unknown.body.isEmpty());

        const HttpReply revoked = postForm(server, u"/oauth/revoke"_s,
                                           {{u"token"_s, tokens.value(u"refresh_token"_s).toString()},
                                            {u"token_type_hint"_s, u"refresh_token"_s},
                                            {u"client_id"_s, kClientId}});
        QCOMPARE(revoked.status, 200);
        QCOMPARE(server.get(u"/__test/bearer"_s, access).status, 401);
        QCOMPARE(refresh(server, tokens.value(u"refresh_token"_s).toString()).errorCode(), u"invalid_grant"_s);
        QCOMPARE(server.get(u"/oauth/userinfo"_s, access).status, 401);
    }
};

QTEST_GUILESS_MAIN(TestOAuthFlow)
#include "test_oauth_flow.moc"

// Route authentication: Bearer access tokens (signature, kid, exp, iss, aud,
// the grant and the user checked per request), scopes, X-Service-Token.
#include "tests/integration/http/http_test_support.h"

#include "core/crypto/jwt.h"
#include "core/crypto/primitives.h"
#include "core/crypto/rsa_key.h"

#include <QDir>
#include <QtTest>

#include <map>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::test;

namespace {

struct SignedIn {
    QString userId;
    QString accessToken;
    QString refreshToken;
    QJsonObject claims;
};

SignedIn signIn(const ServerHarness &server, const QString &email, const QString &scope = {})
{
    SignedIn result;
    result.userId = createUser(server, email);
    QStringList args{u"issue-token"_s, u"--email"_s, email};
    if (!scope.isEmpty())
        args += QStringList{u"--scope"_s, scope};
    const auto issued = server.admin(args);
    result.accessToken = issued.output.value(u"access_token"_s).toString();
    result.refreshToken = issued.output.value(u"refresh_token"_s).toString();
    result.claims = crypto::decodeJwtClaimsUnverified(result.accessToken).value_or(QJsonObject());
    return result;
}

QString email(const char *what)
{
    static int counter = 0;
    return u"%1-%2-%3@example.com"_s.arg(QLatin1StringView(what)).arg(rowName()).arg(++counter);
}

} // namespace

class TestBearerAuth : public QObject {
    Q_OBJECT

private:
    std::map<int, std::unique_ptr<ServerHarness>> m_servers;

    static QString forge(const ServerHarness &server, QJsonObject claims, const crypto::RsaPrivateKey *key = nullptr)
    {
        static std::map<QString, crypto::RsaPrivateKey> keys;
        const QString path = QDir(server.dataDir()).filePath(u"token-rsa.pem"_s);
        if (!keys.count(path))
            keys[path] = crypto::RsaPrivateKey::loadFromFile(path).value_or(crypto::RsaPrivateKey());
        return crypto::signJwt(claims, key ? *key : keys[path]).value_or(QString());
    }

    static void expect401(const ServerHarness &server, const QString &token, const QString &reason = {})
    {
        const HttpReply reply = server.get(u"/__test/bearer"_s, token);
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.errorCode(), u"unauthorized"_s);
        QVERIFY(reply.header("www-authenticate").startsWith("Bearer"));
        if (!reason.isEmpty())
            QCOMPARE(reply.object().value(u"error"_s).toObject().value(u"details"_s).toObject().value(u"reason"_s).toString(),
                     reason);
    }

private slots:
    void initTestCase_data() { addDialectRows(); }
    void cleanupTestCase() { m_servers.clear(); }

    void validTokenSetsThePrincipal()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const SignedIn user = signIn(server, email("valid"));
        const HttpReply reply = server.get(u"/__test/bearer"_s, user.accessToken);
        QCOMPARE(reply.status, 200);
        const QJsonObject principal = reply.object().value(u"principal"_s).toObject();
        QCOMPARE(principal.value(u"kind"_s).toString(), u"user"_s);
        QCOMPARE(principal.value(u"userId"_s).toString(), user.userId);
        QVERIFY(principal.value(u"scopes"_s).toArray().contains(u"credits.read"_s));
    }

    void missingOrMalformedHeader()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const SignedIn user = signIn(server, email("header"));
        expect401(server, QString(), u"missing_token"_s);
        const HttpReply lower = server.request("GET", u"/__test/bearer"_s, {}, QJsonValue(QJsonValue::Undefined),
                                               {{"Authorization", "bearer " + user.accessToken.toLatin1()}});
        QCOMPARE(lower.status, 401); // "Bearer" is case-sensitive, as real
        expect401(server, u"not.a.jwt"_s, u"jwt_malformed"_s);
    }

    void forgedTokensAreRejected()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const SignedIn user = signIn(server, email("forged"));
        QVERIFY(!user.claims.isEmpty());
        const qint64 now = QDateTime::currentSecsSinceEpoch();

        // sanity: a token forged with the server's own key and valid claims is accepted
        QCOMPARE(server.get(u"/__test/bearer"_s, forge(server, user.claims)).status, 200);

        QJsonObject expired = user.claims;
        expired.insert(u"iat"_s, now - 7200);
        expired.insert(u"exp"_s, now - 3600);
        expect401(server, forge(server, expired), u"jwt_expired"_s);

        QJsonObject wrongAudience = user.claims;
        wrongAudience.insert(u"aud"_s, u"https://other.example"_s);
        expect401(server, forge(server, wrongAudience), u"jwt_wrong_audience"_s);

        QJsonObject wrongIssuer = user.claims;
        wrongIssuer.insert(u"iss"_s, u"https://issuer.example"_s);
        expect401(server, forge(server, wrongIssuer), u"jwt_wrong_issuer"_s);

        // a valid signature by another key with our kid, and a tampered signature
        QString tampered = user.accessToken;
        tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == u'A' ? u'B' : u'A';
        expect401(server, tampered, u"jwt_bad_signature"_s);
        const auto otherKey = crypto::RsaPrivateKey::generate(2048);
        QVERIFY(otherKey.has_value());
        expect401(server, forge(server, user.claims, &*otherKey));

        // alg none
        const QString header = crypto::base64UrlEncode(R"({"alg":"none","typ":"JWT"})");
        const QString payload = crypto::base64UrlEncode(QJsonDocument(user.claims).toJson(QJsonDocument::Compact));
        expect401(server, header + u'.' + payload + u'.');

        // a real grant of another user under this user's sub
        const SignedIn other = signIn(server, email("other"));
        QJsonObject mixed = user.claims;
        mixed.insert(u"sid"_s, other.claims.value(u"sid"_s));
        expect401(server, forge(server, mixed), u"grant_not_found"_s);
    }

    void revokedGrantFailsAtOnce()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const SignedIn user = signIn(server, email("revoked"));
        QCOMPARE(server.get(u"/__test/bearer"_s, user.accessToken).status, 200);
        QCOMPARE(postForm(server, u"/oauth/revoke"_s, {{u"token"_s, user.refreshToken}, {u"client_id"_s, kClientId}})
                     .status,
                 200);
        expect401(server, user.accessToken, u"grant_revoked"_s);
    }

    void deletedUserFailsAtOnce()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QString address = email("deleted");
        const SignedIn user = signIn(server, address);
        QCOMPARE(server.get(u"/__test/bearer"_s, user.accessToken).status, 200);
        const auto deleted = server.admin({u"delete-user"_s, u"--email"_s, address});
        QCOMPARE(deleted.exitCode, 0);
        expect401(server, user.accessToken);
        QCOMPARE(refresh(server, user.refreshToken).errorCode(), u"invalid_grant"_s);
    }

    void missingScopeIsForbidden()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const SignedIn narrow = signIn(server, email("narrow"), u"openid email"_s);
        QVERIFY(!narrow.accessToken.isEmpty());
        QCOMPARE(server.get(u"/__test/bearer"_s, narrow.accessToken).status, 200);
        const HttpReply forbidden = server.get(u"/__test/scoped"_s, narrow.accessToken);
        QCOMPARE(forbidden.status, 403);
        QCOMPARE(forbidden.errorCode(), u"forbidden"_s);
        const SignedIn wide = signIn(server, email("wide"));
        QCOMPARE(server.get(u"/__test/scoped"_s, wide.accessToken).status, 200);
    }

    void serviceTokens()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QString service = server.serviceToken();
        QVERIFY(service.size() >= 43);
        const QHash<QByteArray, QByteArray> header{{"X-Service-Token", service.toLatin1()}};
        const HttpReply ok = server.request("GET", u"/__test/service"_s, {}, QJsonValue(QJsonValue::Undefined), header);
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.object().value(u"principal"_s).toObject().value(u"kind"_s).toString(), u"service"_s);
        QCOMPARE(ok.header("cache-control"), QByteArray("no-store"));

        const HttpReply wrong = server.request("GET", u"/__test/service"_s, {}, QJsonValue(QJsonValue::Undefined),
                                               {{"X-Service-Token", service.toLatin1() + "x"}});
        QCOMPARE(wrong.status, 401);
        QCOMPARE(server.get(u"/__test/service"_s).status, 401);

        // user tokens are refused on service routes, service tokens on user routes
        const SignedIn user = signIn(server, email("service"));
        const HttpReply userOnService = server.get(u"/__test/service"_s, user.accessToken);
        QCOMPARE(userOnService.status, 401);
        QCOMPARE(userOnService.errorCode(), u"unauthorized"_s);
        QCOMPARE(server.request("GET", u"/__test/bearer"_s, {}, QJsonValue(QJsonValue::Undefined), header).status, 401);

        // BearerOrService takes either
        QCOMPARE(server.request("GET", u"/__test/either"_s, {}, QJsonValue(QJsonValue::Undefined), header).status, 200);
        QCOMPARE(server.get(u"/__test/either"_s, user.accessToken).status, 200);
    }

    void optionalBearer()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        QCOMPARE(server.post(u"/__test/echo"_s, QJsonObject{}).object().value(u"principal"_s).toObject()
                     .value(u"kind"_s).toString(),
                 u"anonymous"_s);
        QCOMPARE(server.post(u"/__test/echo"_s, QJsonObject{}, u"garbage"_s).status, 401);
        const SignedIn user = signIn(server, email("optional"));
        QCOMPARE(server.post(u"/__test/echo"_s, QJsonObject{}, user.accessToken).object().value(u"principal"_s)
                     .toObject().value(u"userId"_s).toString(),
                 user.userId);
    }
};

QTEST_GUILESS_MAIN(TestBearerAuth)
#include "test_bearer_auth.moc"

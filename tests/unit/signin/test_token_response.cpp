// Strict token responses, OAuth error mapping and `login --with-token` input.
#include "core/api/signin/signin_errors.h"
#include "core/api/signin/token_input.h"
#include "core/api/signin/token_response.h"
#include "tests/unit/signin/fake_http_server.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace Qt::StringLiterals;
using creditdesk::Error;
using creditdesk::fail;
using creditdesk::Result;
using namespace creditdesk::api::signin;
using namespace creditdesk::test;

namespace {

constexpr qint64 kNowMs = 1'764'000'000'000;

QJsonObject validResponse()
{
    return QJsonObject{{u"access_token"_s, fakeJwt({{u"sub"_s, u"user-1"_s}})},
                       {u"token_type"_s, u"Bearer"_s},
                       {u"expires_in"_s, 3600},
                       {u"refresh_token"_s, u"r-123"_s},
                       {u"scope"_s, u"openid  email"_s},
                       {u"id_token"_s, u"a.b.c"_s}};
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString accessToken(const QString &sub, qint64 expSeconds)
{
    return fakeJwt({{u"sub"_s, sub}, {u"exp"_s, expSeconds}, {u"scope"_s, u"openid user.info"_s}});
}

} // namespace

class TestTokenResponse : public QObject {
    Q_OBJECT

private slots:
    void parsesAValidResponse()
    {
        const auto tokens = parseTokenResponse(json(validResponse()));
        QVERIFY(tokens.has_value());
        QCOMPARE(tokens->refreshToken, u"r-123"_s);
        QCOMPARE(tokens->expiresInSeconds, 3600);
        QCOMPARE(tokens->scope, u"openid email"_s);
        QCOMPARE(tokens->idToken, u"a.b.c"_s);
        QJsonObject lowerCase = validResponse();
        lowerCase.insert(u"token_type"_s, u"bearer"_s);
        lowerCase.remove(u"id_token"_s);
        QVERIFY(parseTokenResponse(json(lowerCase)).has_value());
    }

    void rejectsInvalidResponses_data()
    {
        QTest::addColumn<QByteArray>("body");
        auto with = [](const QString &field, const QJsonValue &value) {
            QJsonObject object = validResponse();
            if (value.isUndefined())
                object.remove(field);
            else
                object.insert(field, value);
            return json(object);
        };
        const QJsonValue absent(QJsonValue::Undefined);
        QTest::newRow("not json") << QByteArray("access_token=x");
        QTest::newRow("array") << QByteArray("[{}]");
        QTest::newRow("no access_token") << with(u"access_token"_s, absent);
        QTest::newRow("empty access_token") << with(u"access_token"_s, u""_s);
        QTest::newRow("access_token with space") << with(u"access_token"_s, u"a b"_s);
        QTest::newRow("access_token with newline") << with(u"access_token"_s, u"a\r\nX-Evil: 1"_s);
        QTest::newRow("numeric access_token") << with(u"access_token"_s, 5);
        QTest::newRow("no token_type") << with(u"token_type"_s, absent);
        QTest::newRow("mac token_type") << with(u"token_type"_s, u"mac"_s);
        QTest::newRow("no expires_in") << with(u"expires_in"_s, absent);
        QTest::newRow("string expires_in") << with(u"expires_in"_s, u"3600"_s);
        QTest::newRow("fractional expires_in") << with(u"expires_in"_s, 1.5);
        QTest::newRow("zero expires_in") << with(u"expires_in"_s, 0);
        QTest::newRow("negative expires_in") << with(u"expires_in"_s, -5);
        QTest::newRow("huge expires_in") << with(u"expires_in"_s, 1e12);
        QTest::newRow("no refresh_token") << with(u"refresh_token"_s, absent);
        QTest::newRow("null refresh_token") << with(u"refresh_token"_s, QJsonValue::Null);
        QTest::newRow("no scope") << with(u"scope"_s, absent);
        QTest::newRow("array scope") << with(u"scope"_s, QJsonArray{u"openid"_s});
        QTest::newRow("numeric id_token") << with(u"id_token"_s, 1);
    }
    void rejectsInvalidResponses()
    {
        QFETCH(QByteArray, body);
        const auto tokens = parseTokenResponse(body);
        QVERIFY(!tokens.has_value());
        QCOMPARE(tokens.error().code, QString(errc::tokenResponseInvalid));
        QVERIFY(!tokens.error().message.contains(u"r-123"_s));
    }

    void mapsOAuthErrors_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");
        for (const QLatin1StringView wire :
             {errc::invalidGrant, errc::accessDenied, errc::invalidRequest, errc::invalidClient,
              errc::invalidScope, errc::invalidTarget, errc::unauthorizedClient, errc::unsupportedGrantType,
              errc::unsupportedResponseType, errc::serverError, errc::temporarilyUnavailable}) {
            QTest::newRow(wire.data())
                << 400 << json({{u"error"_s, QString(wire)}, {u"error_description"_s, u"why"_s}})
                << QString(wire);
        }
        QTest::newRow("unknown error")
            << 400 << QByteArray(R"({"error":"slow_down"})") << QString(errc::oauthError);
        QTest::newRow("html 500") << 500 << QByteArray("<h1>oops</h1>") << QString(errc::oauthError);
        QTest::newRow("api envelope")
            << 429 << QByteArray(R"({"error":{"code":"rate_limit_exceeded"}})") << QString(errc::oauthError);
    }
    void mapsOAuthErrors()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        const Error error = oauthError(status, body);
        QCOMPARE(error.code, code);
        QCOMPARE(error.details.value(u"status"_s).toInt(), status);
        const auto result = tokenResult(HttpResponse{status, body});
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().code, code);
    }

    void authorizeErrors()
    {
        const Error denied = authorizeError(u"access_denied"_s, u"the user cancelled the sign-in"_s);
        QCOMPARE(denied.code, QString(errc::accessDenied));
        QVERIFY(denied.message.contains(u"cancelled"_s));
        QCOMPARE(authorizeError(u"invalid_scope"_s, {}).code, QString(errc::invalidScope));
        QCOMPARE(authorizeError(u"invalid_target"_s, {}).code, QString(errc::invalidTarget));
        const Error other = authorizeError(u"login_required"_s, {});
        QCOMPARE(other.code, QString(errc::oauthError));
        QCOMPARE(other.details.value(u"error"_s).toString(), u"login_required"_s);
    }

    void networkFailuresPassThrough()
    {
        const auto result = tokenResult(fail(errc::networkTimeout, u"slow"_s));
        QCOMPARE(result.error().code, QString(errc::networkTimeout));
    }

    void tokenInputRawAccessToken()
    {
        const QString token = accessToken(u"user-7"_s, kNowMs / 1000 + 600);
        const auto input = parseTokenInput(u"  \n"_s + token + u"\n"_s, kNowMs);
        QVERIFY2(input.has_value(), qPrintable(input ? QString() : input.error().message));
        QCOMPARE(input->accessToken, token);
        QVERIFY(input->refreshToken.isEmpty());
        QCOMPARE(input->account, u"user-7"_s);
        QCOMPARE(input->expiresAtMs, (kNowMs / 1000 + 600) * 1000);
        QCOMPARE(input->scope, u"openid user.info"_s);
    }

    void tokenInputIssueTokenJson()
    {
        const QJsonObject issued{{u"access_token"_s, accessToken(u"user-8"_s, kNowMs / 1000 + 3600)},
                                 {u"refresh_token"_s, u"refresh-abc"_s},
                                 {u"token_type"_s, u"Bearer"_s},
                                 {u"expires_in"_s, 3600}};
        const auto input =
            parseTokenInput(QString::fromUtf8(QJsonDocument(issued).toJson(QJsonDocument::Indented)), kNowMs);
        QVERIFY2(input.has_value(), qPrintable(input ? QString() : input.error().message));
        QCOMPARE(input->refreshToken, u"refresh-abc"_s);
        QCOMPARE(input->account, u"user-8"_s);
        QCOMPARE(input->expiresAtMs, kNowMs + 3'600'000);
    }

    void tokenInputRejected_data()
    {
        QTest::addColumn<QString>("input");
        const QString valid = accessToken(u"user-9"_s, kNowMs / 1000 + 600);
        const QJsonObject issued{{u"access_token"_s, valid},
                                 {u"refresh_token"_s, u"refresh-abc"_s},
                                 {u"token_type"_s, u"Bearer"_s},
                                 {u"expires_in"_s, 3600}};
        auto with = [&issued](const QString &field, const QJsonValue &value) {
            QJsonObject object = issued;
            if (value.isUndefined())
                object.remove(field);
            else
                object.insert(field, value);
            return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
        };
        const QJsonValue absent(QJsonValue::Undefined);
        QTest::newRow("empty") << QString();
        QTest::newRow("whitespace") << u"  \n\t"_s;
        QTest::newRow("opaque token") << u"abcdef0123456789"_s;
        QTest::newRow("two tokens") << valid + u' ' + valid;
        QTest::newRow("bearer prefix") << u"Bearer "_s + valid;
        QTest::newRow("jwt without sub") << fakeJwt({{u"exp"_s, kNowMs / 1000 + 600}});
        QTest::newRow("jwt without exp") << fakeJwt({{u"sub"_s, u"u"_s}});
        QTest::newRow("expired jwt") << accessToken(u"u"_s, kNowMs / 1000 - 1);
        QTest::newRow("sub with colon") << accessToken(u"a:b"_s, kNowMs / 1000 + 600);
        QTest::newRow("bad payload") << u"eyJhbGciOiJSUzI1NiJ9.!!!.c2ln"_s;
        QTest::newRow("broken json") << u"{\"access_token\":"_s;
        QTest::newRow("json array") << u"[]"_s;
        QTest::newRow("json no access_token") << with(u"access_token"_s, absent);
        QTest::newRow("json no refresh_token") << with(u"refresh_token"_s, absent);
        QTest::newRow("json no token_type") << with(u"token_type"_s, absent);
        QTest::newRow("json mac") << with(u"token_type"_s, u"mac"_s);
        QTest::newRow("json no expires_in") << with(u"expires_in"_s, absent);
        QTest::newRow("json string expires_in") << with(u"expires_in"_s, u"3600"_s);
        QTest::newRow("json extra member") << with(u"password"_s, u"x"_s);
        QTest::newRow("json opaque access_token") << with(u"access_token"_s, u"opaque"_s);
        QTest::newRow("json numeric scope") << with(u"scope"_s, 1);
        QTest::newRow("json then garbage") << with(u"scope"_s, u"openid"_s) + u"x"_s;
    }
    void tokenInputRejected()
    {
        QFETCH(QString, input);
        const auto parsed = parseTokenInput(input, kNowMs);
        QVERIFY(!parsed.has_value());
        QCOMPARE(parsed.error().code, QString(errc::tokenInputInvalid));
        QVERIFY(!parsed.error().message.contains(u"refresh-abc"_s));
    }

    void accountOfAccessToken_()
    {
        QCOMPARE(accountOfAccessToken(accessToken(u"8c1f0e7a-uuid"_s, 1)).value(), u"8c1f0e7a-uuid"_s);
        QCOMPARE(accountOfAccessToken(u"opaque"_s).error().code, QString(errc::tokenResponseInvalid));
        QCOMPARE(accountOfAccessToken(fakeJwt({{u"sub"_s, 5}})).error().code,
                 QString(errc::tokenResponseInvalid));
    }
};

QTEST_GUILESS_MAIN(TestTokenResponse)
#include "test_token_response.moc"

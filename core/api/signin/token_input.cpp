#include "core/api/signin/token_input.h"

#include "core/api/signin/signin_errors.h"
#include "core/api/signin/token_response.h"
#include "core/crypto/jwt.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <cmath>

using namespace Qt::StringLiterals;

namespace creditdesk::api::signin {

namespace {

std::unexpected<Error> invalidInput(const QString &why)
{
    return fail(errc::tokenInputInvalid,
                u"expected an access token or the JSON printed by `creditdesk-server admin issue-token`: "_s +
                    why);
}

Result<TokenInput> fromJson(const QByteArray &text, std::int64_t nowMs)
{
    QJsonParseError parseError{};
    const QJsonDocument parsed = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError || !parsed.isObject())
        return invalidInput(u"the JSON is malformed"_s);
    const QJsonObject json = parsed.object();
    static const QSet<QString> allowed{u"access_token"_s, u"refresh_token"_s, u"token_type"_s,
                                       u"expires_in"_s,   u"scope"_s,         u"id_token"_s};
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!allowed.contains(it.key()))
            return invalidInput(u"unexpected member '%1'"_s.arg(it.key().left(64)));
    }
    const QJsonValue access = json.value("access_token"_L1);
    const QJsonValue refresh = json.value("refresh_token"_L1);
    if (!access.isString() || !isTokenShaped(access.toString()))
        return invalidInput(u"access_token is missing or malformed"_s);
    if (!refresh.isString() || !isTokenShaped(refresh.toString()))
        return invalidInput(u"refresh_token is missing or malformed"_s);
    if (json.value("token_type"_L1).toString().compare("Bearer"_L1, Qt::CaseInsensitive) != 0)
        return invalidInput(u"token_type is not Bearer"_s);
    const QJsonValue expires = json.value("expires_in"_L1);
    const double seconds = expires.toDouble(-1);
    if (!expires.isDouble() || seconds != std::floor(seconds) || seconds < 1 || seconds > 366.0 * 24 * 3600)
        return invalidInput(u"expires_in is not a positive integer"_s);
    for (const auto field : {"scope"_L1, "id_token"_L1}) {
        if (json.contains(field) && !json.value(field).isString())
            return invalidInput(u"%1 is not a string"_s.arg(field));
    }
    auto account = accountOfAccessToken(access.toString());
    if (!account)
        return invalidInput(account.error().message);
    TokenInput input;
    input.accessToken = access.toString();
    input.refreshToken = refresh.toString();
    input.scope = json.value("scope"_L1).toString().simplified();
    input.account = *account;
    input.expiresAtMs = nowMs + expires.toInteger() * 1000;
    return input;
}

Result<TokenInput> fromRawToken(const QString &token, std::int64_t nowMs)
{
    if (!isTokenShaped(token) || token.count(u'.') != 2)
        return invalidInput(u"it is not a JWT access token"_s);
    auto claims = crypto::decodeJwtClaimsUnverified(token);
    if (!claims)
        return invalidInput(u"it is not a JWT access token"_s);
    auto account = accountOfAccessToken(token);
    if (!account)
        return invalidInput(account.error().message);
    const QJsonValue exp = claims->value("exp"_L1);
    if (!exp.isDouble() || exp.toDouble() != std::floor(exp.toDouble()))
        return invalidInput(u"the access token has no exp claim"_s);
    const std::int64_t expiresAtMs = exp.toInteger() * 1000;
    if (expiresAtMs <= nowMs)
        return invalidInput(u"the access token has expired"_s);
    TokenInput input;
    input.accessToken = token;
    input.scope = claims->value("scope"_L1).toString().simplified();
    input.account = *account;
    input.expiresAtMs = expiresAtMs;
    return input;
}

} // namespace

Result<QString> accountOfAccessToken(const QString &accessToken)
{
    auto claims = crypto::decodeJwtClaimsUnverified(accessToken);
    if (!claims)
        return fail(errc::tokenResponseInvalid, u"the access token is not a JWT"_s);
    static const QRegularExpression usable(uR"(^[\x21-\x39\x3b-\x7e]{1,256}$)"_s);
    const QJsonValue sub = claims->value("sub"_L1);
    if (!sub.isString() || !usable.match(sub.toString()).hasMatch())
        return fail(errc::tokenResponseInvalid, u"the access token has no usable sub claim"_s);
    return sub.toString();
}

Result<TokenInput> parseTokenInput(const QString &input, std::int64_t nowMs)
{
    const QString trimmed = input.trimmed();
    if (trimmed.isEmpty())
        return invalidInput(u"the input is empty"_s);
    if (trimmed.size() > 64 * 1024)
        return invalidInput(u"the input is too long"_s);
    if (trimmed.startsWith(u'{'))
        return fromJson(trimmed.toUtf8(), nowMs);
    return fromRawToken(trimmed, nowMs);
}

} // namespace creditdesk::api::signin

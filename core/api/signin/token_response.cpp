#include "core/api/signin/token_response.h"

#include "core/api/signin/signin_errors.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace creditdesk::api::signin {

namespace {

constexpr std::int64_t kMaxExpiresIn = 366LL * 24 * 3600;

constexpr std::array kOAuthCodes{
    errc::invalidGrant,       errc::accessDenied,           errc::invalidRequest,
    errc::invalidClient,      errc::invalidScope,           errc::invalidTarget,
    errc::unauthorizedClient, errc::unsupportedGrantType,   errc::unsupportedResponseType,
    errc::serverError,        errc::temporarilyUnavailable,
};

std::unexpected<Error> invalid(const QString &why)
{
    return fail(errc::tokenResponseInvalid, u"the token response is invalid: "_s + why);
}

Error fromWireCode(const QString &code, const QString &description, int status)
{
    QJsonObject details{{u"error"_s, code}};
    if (status > 0)
        details.insert(u"status"_s, status);
    const QString message = description.isEmpty() ? code : code + u": "_s + description.left(500);
    for (const QLatin1StringView known : kOAuthCodes) {
        if (code == known)
            return makeError(known, message, details);
    }
    return makeError(errc::oauthError, u"OAuth error "_s + message, details);
}

} // namespace

bool isTokenShaped(QStringView token)
{
    if (token.isEmpty() || token.size() > 8192)
        return false;
    for (const QChar c : token) {
        if (c.unicode() < 0x21 || c.unicode() > 0x7e)
            return false;
    }
    return true;
}

Result<TokenResponse> parseTokenResponse(const QByteArray &body)
{
    QJsonParseError parseError{};
    const QJsonDocument parsed = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !parsed.isObject())
        return invalid(u"not a JSON object"_s);
    const QJsonObject json = parsed.object();
    TokenResponse tokens;

    const QJsonValue access = json.value("access_token"_L1);
    if (!access.isString() || !isTokenShaped(access.toString()))
        return invalid(u"access_token is missing or malformed"_s);
    tokens.accessToken = access.toString();

    const QJsonValue type = json.value("token_type"_L1);
    if (!type.isString() || type.toString().compare("Bearer"_L1, Qt::CaseInsensitive) != 0)
        return invalid(u"token_type is not Bearer"_s);

    const QJsonValue expires = json.value("expires_in"_L1);
    const double seconds = expires.toDouble(-1);
    if (!expires.isDouble() || seconds != std::floor(seconds) || seconds < 1 ||
        seconds > static_cast<double>(kMaxExpiresIn))
        return invalid(u"expires_in is not a positive integer"_s);
    tokens.expiresInSeconds = expires.toInteger();

    const QJsonValue refresh = json.value("refresh_token"_L1);
    if (!refresh.isString() || !isTokenShaped(refresh.toString()))
        return invalid(u"refresh_token is missing or malformed"_s);
    tokens.refreshToken = refresh.toString();

    const QJsonValue scope = json.value("scope"_L1);
    if (!scope.isString())
        return invalid(u"scope is missing"_s);
    tokens.scope = scope.toString().simplified();

    const QJsonValue idToken = json.value("id_token"_L1);
    if (!idToken.isUndefined()) {
        if (!idToken.isString() || !isTokenShaped(idToken.toString()))
            return invalid(u"id_token is malformed"_s);
        tokens.idToken = idToken.toString();
    }
    return tokens;
}

Error oauthError(int status, const QByteArray &body)
{
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    const QJsonValue error = json.value("error"_L1);
    if (error.isString() && !error.toString().isEmpty())
        return fromWireCode(error.toString(), json.value("error_description"_L1).toString(), status);
    return makeError(errc::oauthError, u"the token endpoint answered HTTP %1"_s.arg(status),
                     QJsonObject{{u"status"_s, status}});
}

Error authorizeError(const QString &error, const QString &description)
{
    return fromWireCode(error, description, 0);
}

Result<TokenResponse> tokenResult(const Result<HttpResponse> &response)
{
    if (!response)
        return std::unexpected(response.error());
    if (response->status != 200)
        return std::unexpected(oauthError(response->status, response->body));
    return parseTokenResponse(response->body);
}

} // namespace creditdesk::api::signin

#include "server/auth/request_auth.h"

#include "core/crypto/crypto_errors.h"
#include "core/crypto/jwt.h"
#include "core/crypto/rsa_key.h"
#include "server/auth/auth_errors.h"
#include "server/auth/oauth_clients.h"
#include "server/auth/token_service.h"
#include "server/db/connection.h"
#include "server/db/sql_values.h"
#include "server/server_environment.h"

#include <QUuid>

using namespace Qt::StringLiterals;

namespace creditdesk::server::auth {

namespace {

std::unexpected<Error> unauthorized(const QString &message, const QString &reason = {})
{
    QJsonObject details;
    if (!reason.isEmpty())
        details.insert(u"reason"_s, reason);
    return fail(autherr::unauthorized, message, details);
}

QString messageFor(const Error &jwtError)
{
    if (jwtError.is(crypto::errc::jwtExpired))
        return u"The access token has expired"_s;
    if (jwtError.is(crypto::errc::jwtWrongAudience))
        return u"The access token is not meant for this API"_s;
    if (jwtError.is(crypto::errc::jwtWrongIssuer))
        return u"The access token was issued by someone else"_s;
    return u"The access token is not valid"_s;
}

Result<Principal> authenticateService(const QByteArray &token, const Connection &db)
{
    if (token.isEmpty())
        return unauthorized(u"This endpoint needs an X-Service-Token"_s, u"missing_service_token"_s);
    auto name = verifyServiceToken(db, token);
    if (!name)
        return std::unexpected(name.error());
    if (!*name)
        return unauthorized(u"The service token is not valid"_s, u"invalid_service_token"_s);
    Principal principal;
    principal.kind = Principal::Kind::Service;
    principal.tokenId = **name;
    return principal;
}

} // namespace

Result<Principal> authenticateBearer(const QByteArray &authorization, const Connection &db,
                                     const ServerEnvironment &env)
{
    // Real compares "Bearer" case-sensitively (api-contract §1).
    if (!authorization.startsWith("Bearer "))
        return unauthorized(u"Authorization: Bearer <token> is required"_s, u"missing_token"_s);
    const QString token = QString::fromLatin1(authorization.sliced(7).trimmed());
    if (!env.tokenKey)
        return fail("internal_server_error"_L1, u"no token key"_s);
    const crypto::JwtExpectations expect{issuerOf(env), env.apiAudience, env.clock->nowMs(), 60};
    auto claims = crypto::verifyJwt(token, env.tokenKey->publicKey(), expect);
    if (!claims)
        return unauthorized(messageFor(claims.error()), claims.error().code);

    const QString userId = claims->value(u"sub"_s).toString();
    const QString grantId = claims->value(u"sid"_s).toString();
    if (QUuid::fromString(userId).isNull() || QUuid::fromString(grantId).isNull())
        return unauthorized(u"The access token is not valid"_s, u"missing_claims"_s);

    auto query = db.run(
        u"SELECT g.revoked_at, u.email, u.deleted_at FROM oauth_grants g JOIN users u ON u.id = g.user_id "
        "WHERE g.id = ? AND g.user_id = ?"_s,
        {sqlv::uuid(db, grantId), sqlv::uuid(db, userId)}, u"check grant"_s);
    if (!query)
        return std::unexpected(query.error());
    if (!query->next())
        return unauthorized(u"The sign-in behind this token no longer exists"_s, u"grant_not_found"_s);
    if (!query->value(0).isNull())
        return unauthorized(u"The sign-in behind this token was revoked"_s, u"grant_revoked"_s);
    if (!query->value(2).isNull())
        return unauthorized(u"The account was deleted"_s, u"user_deleted"_s);

    Principal principal;
    principal.kind = Principal::Kind::User;
    principal.userId = sqlv::readUuid(userId);
    principal.email = query->value(1).toString();
    principal.scopes = claims->value(u"scope"_s).toString().split(u' ', Qt::SkipEmptyParts);
    principal.grantId = sqlv::readUuid(grantId);
    principal.tokenId = claims->value(u"jti"_s).toString();
    return principal;
}

Result<Principal> authenticate(const RequestContext &request, const RouteOptions &options,
                               const Connection &db, const ServerEnvironment &env)
{
    const QByteArray authorization = request.header("authorization");
    const QByteArray serviceToken = request.header("x-service-token");
    Result<Principal> principal = Principal{};
    switch (options.auth) {
    case AuthRequirement::None:
        return Principal{};
    case AuthRequirement::OptionalBearer:
        if (authorization.isEmpty())
            return Principal{};
        principal = authenticateBearer(authorization, db, env);
        break;
    case AuthRequirement::Bearer:
        principal = authenticateBearer(authorization, db, env);
        break;
    case AuthRequirement::Service:
        if (serviceToken.isEmpty() && !authorization.isEmpty())
            return unauthorized(u"User tokens are not accepted here; send X-Service-Token"_s,
                                u"user_token_refused"_s);
        principal = authenticateService(serviceToken, db);
        break;
    case AuthRequirement::BearerOrService:
        principal = serviceToken.isEmpty() ? authenticateBearer(authorization, db, env)
                                           : authenticateService(serviceToken, db);
        break;
    }
    if (!principal)
        return principal;
    if (!options.scope.isEmpty() && principal->isUser() && !principal->hasScope(options.scope)) {
        return fail(autherr::forbidden, u"The access token lacks the scope '%1'"_s.arg(options.scope),
                    {{u"requiredScope"_s, options.scope}});
    }
    return principal;
}

} // namespace creditdesk::server::auth

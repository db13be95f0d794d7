// OIDC discovery, the JWK set and userinfo (api-contract §2).
#include "server/auth/oauth_routes_p.h"

#include "core/crypto/rsa_key.h"
#include "server/auth/auth_errors.h"
#include "server/auth/auth_users.h"
#include "server/auth/oauth_clients.h"
#include "server/auth/token_service.h"
#include "server/http/router.h"
#include "server/server_environment.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace creditdesk::server::auth {

namespace {

ApiResponse discovery(const ServerEnvironment &env)
{
    const QString issuer = issuerOf(env);
    const QJsonObject document{
        {u"issuer"_s, issuer},
        {u"authorization_endpoint"_s, QString(issuer + u"/oauth/authorize"_s)},
        {u"token_endpoint"_s, QString(issuer + u"/oauth/token"_s)},
        {u"revocation_endpoint"_s, QString(issuer + u"/oauth/revoke"_s)},
        {u"userinfo_endpoint"_s, QString(issuer + u"/oauth/userinfo"_s)},
        {u"jwks_uri"_s, QString(issuer + u"/oauth/jwks"_s)},
        {u"response_types_supported"_s, QJsonArray{u"code"_s}},
        {u"response_modes_supported"_s, QJsonArray{u"query"_s}},
        {u"grant_types_supported"_s, QJsonArray{u"authorization_code"_s, u"refresh_token"_s}},
        {u"code_challenge_methods_supported"_s, QJsonArray{u"S256"_s}},
        {u"token_endpoint_auth_methods_supported"_s, QJsonArray{u"none"_s}},
        {u"revocation_endpoint_auth_methods_supported"_s, QJsonArray{u"none"_s}},
        {u"scopes_supported"_s, QJsonArray::fromStringList(desktopClientScopes())},
        {u"subject_types_supported"_s, QJsonArray{u"public"_s}},
        {u"id_token_signing_alg_values_supported"_s, QJsonArray{u"RS256"_s}},
        {u"claims_supported"_s,
         QJsonArray{u"sub"_s, u"email"_s, u"email_verified"_s, u"name"_s, u"preferred_username"_s, u"picture"_s}},
        {u"authorization_response_iss_parameter_supported"_s, true},
    };
    return ApiResponse::json(200, document);
}

// Ours accepts access tokens for the API audience (the only tokens we issue);
// real refuses them with 401 invalid_token and the app uses /v1/users/me.
ApiResponse userinfo(const RequestContext &request, const Connection &db)
{
    auto user = findUserById(db, request.principal.userId);
    if (!user)
        return ApiResponse::fromError(user.error());
    if (!*user)
        return ApiResponse::oauthError(401, autherr::invalidToken, u"the user no longer exists"_s);
    const AuthUser &person = **user;
    QJsonObject claims{{u"sub"_s, person.id}};
    if (request.principal.hasScope(u"email"_s) || request.principal.scopes.isEmpty()) {
        claims.insert(u"email"_s, person.email);
        claims.insert(u"email_verified"_s, person.emailVerified);
    }
    const QString name = QString(person.firstName + u' ' + person.lastName).trimmed();
    if (!name.isEmpty())
        claims.insert(u"name"_s, name);
    if (!person.firstName.isEmpty())
        claims.insert(u"given_name"_s, person.firstName);
    if (!person.lastName.isEmpty())
        claims.insert(u"family_name"_s, person.lastName);
    if (!person.username.isEmpty())
        claims.insert(u"preferred_username"_s, person.username);
    if (!person.pictureUrl.isEmpty())
        claims.insert(u"picture"_s, person.pictureUrl);
    return ApiResponse::json(200, claims);
}

} // namespace

void addOidcRoutes(Router &router, const ServerEnvironment &env)
{
    const ServerEnvironment *environment = &env;
    RouteOptions open;
    open.auth = AuthRequirement::None;
    open.rateLimitRule = u"none"_s;
    open.idempotent = false;
    open.withoutDatabase = [environment](const RequestContext &) { return discovery(*environment); };
    router.add(HttpMethod::Get, u"/.well-known/openid-configuration"_s, open,
               [environment](const RequestContext &, Connection &) { return discovery(*environment); });
    open.withoutDatabase = [environment](const RequestContext &) {
        return ApiResponse::json(200, crypto::toJwks({environment->tokenKey->publicKey()}));
    };
    router.add(HttpMethod::Get, u"/oauth/jwks"_s, open, [environment](const RequestContext &, Connection &) {
        return ApiResponse::json(200, crypto::toJwks({environment->tokenKey->publicKey()}));
    });

    RouteOptions bearer;
    bearer.auth = AuthRequirement::Bearer;
    bearer.idempotent = false;
    router.add(HttpMethod::Get, u"/oauth/userinfo"_s, bearer,
               [](const RequestContext &request, Connection &db) { return userinfo(request, db); });
}

} // namespace creditdesk::server::auth

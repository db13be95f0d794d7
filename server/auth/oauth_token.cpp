// POST /oauth/token and POST /oauth/revoke (api-contract §2).
#include "server/auth/oauth_routes_p.h"

#include "server/auth/auth_errors.h"
#include "server/auth/auth_log.h"
#include "server/auth/authorization_codes.h"
#include "server/auth/oauth_clients.h"
#include "server/auth/oauth_util.h"
#include "server/auth/token_service.h"
#include "server/http/router.h"
#include "server/server_environment.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server::auth {

namespace {

ApiResponse noStore(ApiResponse response)
{
    response.withHeader("Cache-Control", "no-store").withHeader("Pragma", "no-cache");
    return response;
}

ApiResponse oauthFailure(const Error &error)
{
    static const QStringList oauthCodes{autherr::invalidRequest, autherr::invalidGrant, autherr::invalidClient,
                                        autherr::invalidScope,   autherr::invalidTarget, autherr::unsupportedGrantType};
    if (!oauthCodes.contains(error.code)) {
        qCWarning(lcServerAuth) << "token endpoint failed:" << error.code << error.message;
        return noStore(ApiResponse::oauthError(500, autherr::serverError, u"The server could not issue tokens"_s));
    }
    const int status = error.is(autherr::invalidClient) ? 401 : 400;
    return noStore(ApiResponse::oauthError(status, error.code, error.message));
}

ApiResponse token(const ServerEnvironment &env, const RequestContext &request, Connection &db)
{
    const QHash<QString, QString> form = parseFormBody(request.body, request.header("content-type"));
    const QString clientId = form.value(u"client_id"_s);
    if (clientId.isEmpty())
        return oauthFailure(makeError(autherr::invalidRequest, u"client_id is required"_s));
    auto client = findClient(db, clientId);
    if (!client)
        return oauthFailure(client.error());
    if (!*client || !(*client)->active || (*client)->authMethod != "none"_L1)
        return oauthFailure(makeError(autherr::invalidClient, u"unknown client"_s));

    const QString grantType = form.value(u"grant_type"_s);
    if (!(*client)->grantTypes.contains(grantType)) {
        if (grantType.isEmpty())
            return oauthFailure(makeError(autherr::invalidRequest, u"grant_type is required"_s));
        return oauthFailure(makeError(autherr::unsupportedGrantType, u"unsupported grant_type"_s));
    }
    const std::int64_t now = env.clock->nowMs();
    Result<TokenSet> tokens = std::unexpected(Error{});
    if (grantType == "authorization_code"_L1) {
        CodeExchange exchange;
        exchange.code = form.value(u"code"_s);
        exchange.clientId = clientId;
        exchange.redirectUri = form.value(u"redirect_uri"_s);
        exchange.codeVerifier = form.value(u"code_verifier"_s);
        exchange.resource = form.value(u"resource"_s);
        tokens = exchangeAuthorizationCode(db, env, exchange, now);
    } else if (grantType == "refresh_token"_L1) {
        const QString refreshToken = form.value(u"refresh_token"_s);
        if (refreshToken.isEmpty())
            return oauthFailure(makeError(autherr::invalidRequest, u"refresh_token is required"_s));
        tokens = refreshTokens(db, env, refreshToken, clientId, form.value(u"scope"_s), form.value(u"resource"_s),
                               now);
    } else {
        return oauthFailure(makeError(autherr::unsupportedGrantType, u"unsupported grant_type"_s));
    }
    if (!tokens)
        return oauthFailure(tokens.error());
    return noStore(ApiResponse::json(200, tokens->toJson()));
}

ApiResponse revoke(const ServerEnvironment &env, const RequestContext &request, Connection &db)
{
    // RFC 7009: 200 whether or not the token was known.
    const QHash<QString, QString> form = parseFormBody(request.body, request.header("content-type"));
    auto revoked = revokeToken(db, env, form.value(u"token"_s), form.value(u"client_id"_s), env.clock->nowMs());
    if (!revoked)
        qCWarning(lcServerAuth) << "revoke failed:" << revoked.error().message;
    return noStore(ApiResponse::empty(200));
}

} // namespace

void addTokenRoutes(Router &router, const ServerEnvironment &env)
{
    const ServerEnvironment *environment = &env;
    RouteOptions options;
    options.auth = AuthRequirement::None;
    options.rateLimitRule = u"oauth_token"_s;
    options.idempotent = false; // OAuth has its own replay rules
    options.maxBodyBytes = 16 * 1024;
    router.add(HttpMethod::Post, u"/oauth/token"_s, options,
               [environment](const RequestContext &request, Connection &db) {
                   return token(*environment, request, db);
               });
    router.add(HttpMethod::Post, u"/oauth/revoke"_s, options,
               [environment](const RequestContext &request, Connection &db) {
                   return revoke(*environment, request, db);
               });
}

} // namespace creditdesk::server::auth

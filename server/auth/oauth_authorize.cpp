// GET /oauth/authorize shows the sign-in form; POST /oauth/authorize checks
// the credentials and redirects back to the app with a code (api-contract §2).
#include "server/auth/oauth_routes_p.h"

#include "core/crypto/jwt.h"
#include "core/crypto/primitives.h"
#include "core/crypto/rsa_key.h"
#include "server/auth/auth_errors.h"
#include "server/auth/auth_log.h"
#include "server/auth/auth_users.h"
#include "server/auth/authorization_codes.h"
#include "server/auth/login_page.h"
#include "server/auth/oauth_clients.h"
#include "server/auth/oauth_util.h"
#include "server/auth/token_service.h"
#include "server/http/router.h"
#include "server/server_environment.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server::auth {

namespace {

constexpr std::int64_t kTransactionSeconds = 600;
const QByteArray kCsrfCookie = "creditdesk_authz";

// The validated authorize request, carried through the form as a signed JWT.
struct AuthorizeRequest {
    QString clientId;
    QString redirectUri;
    QString scope;
    QString state;
    QString codeChallenge;
    QString resource;
    QString nonce;
};

QString transactionAudience(const ServerEnvironment &env)
{
    return issuerOf(env) + u"/oauth/authorize"_s;
}

ApiResponse htmlError(int status, const QString &title, const QString &message)
{
    return ApiResponse::html(status, renderErrorPage(title, message));
}

ApiResponse redirectError(const ServerEnvironment &env, const AuthorizeRequest &request, const QString &error,
                          const QString &description)
{
    return ApiResponse::redirect(withQuery(request.redirectUri, {{u"error"_s, error},
                                                                 {u"error_description"_s, description},
                                                                 {u"state"_s, request.state},
                                                                 {u"iss"_s, issuerOf(env)}}));
}

ApiResponse withPageHeaders(ApiResponse response)
{
    response.withHeader("Content-Security-Policy",
                        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
        .withHeader("X-Frame-Options", "DENY")
        .withHeader("Referrer-Policy", "no-referrer")
        .withHeader("Cache-Control", "no-store");
    return response;
}

ApiResponse loginPage(const OAuthClient &client, const AuthorizeRequest &request, const QString &transaction,
                      int status, const QString &email = {}, const QString &error = {})
{
    LoginPage page;
    page.clientName = client.name;
    page.scopes = request.scope.split(u' ', Qt::SkipEmptyParts);
    page.transaction = transaction;
    page.email = email;
    page.errorMessage = error;
    return withPageHeaders(ApiResponse::html(status, renderLoginPage(page)));
}

Result<QString> signTransaction(const ServerEnvironment &env, const AuthorizeRequest &request,
                                const QByteArray &csrfCookie)
{
    const qint64 now = env.clock->nowMs() / 1000;
    const QJsonObject claims{
        {u"iss"_s, issuerOf(env)},
        {u"aud"_s, transactionAudience(env)},
        {u"iat"_s, now},
        {u"exp"_s, now + kTransactionSeconds},
        {u"client_id"_s, request.clientId},
        {u"redirect_uri"_s, request.redirectUri},
        {u"scope"_s, request.scope},
        {u"state"_s, request.state},
        {u"code_challenge"_s, request.codeChallenge},
        {u"resource"_s, request.resource},
        {u"nonce"_s, request.nonce},
        {u"csrf"_s, crypto::sha256Hex(csrfCookie)},
    };
    return crypto::signJwt(claims, *env.tokenKey);
}

struct LoginTransaction {
    AuthorizeRequest request;
    QString csrfDigest;
};

Result<LoginTransaction> openTransaction(const ServerEnvironment &env, const QString &token)
{
    const crypto::JwtExpectations expect{issuerOf(env), transactionAudience(env), env.clock->nowMs(), 0};
    auto claims = crypto::verifyJwt(token, env.tokenKey->publicKey(), expect);
    if (!claims)
        return std::unexpected(claims.error());
    LoginTransaction tx;
    tx.request.clientId = claims->value(u"client_id"_s).toString();
    tx.request.redirectUri = claims->value(u"redirect_uri"_s).toString();
    tx.request.scope = claims->value(u"scope"_s).toString();
    tx.request.state = claims->value(u"state"_s).toString();
    tx.request.codeChallenge = claims->value(u"code_challenge"_s).toString();
    tx.request.resource = claims->value(u"resource"_s).toString();
    tx.request.nonce = claims->value(u"nonce"_s).toString();
    tx.csrfDigest = claims->value(u"csrf"_s).toString();
    return tx;
}

// Client and redirect first: their errors are pages, never redirects.
std::optional<ApiResponse> checkClient(const Connection &db, const QString &clientId, const QString &redirectUri,
                                       std::optional<OAuthClient> *client)
{
    auto found = findClient(db, clientId);
    if (!found)
        return ApiResponse::fromError(found.error());
    if (!*found || !(*found)->active || !(*found)->grantTypes.contains(u"authorization_code"_s))
        return htmlError(400, u"Unknown application"_s, u"The application that sent you here is not registered."_s);
    if (!isRedirectUriAllowed(**found, redirectUri))
        return htmlError(400, u"Invalid redirect"_s,
                         u"The application asked to return to an address that is not registered for it."_s);
    *client = std::move(*found);
    return std::nullopt;
}

ApiResponse authorizeGet(const ServerEnvironment &env, const RequestContext &http, const Connection &db)
{
    AuthorizeRequest request;
    request.clientId = http.queryValue(u"client_id"_s);
    request.redirectUri = http.queryValue(u"redirect_uri"_s);
    std::optional<OAuthClient> client;
    if (auto refused = checkClient(db, request.clientId, request.redirectUri, &client))
        return withPageHeaders(std::move(*refused));
    request.state = http.queryValue(u"state"_s);
    request.codeChallenge = http.queryValue(u"code_challenge"_s);
    request.resource = http.queryValue(u"resource"_s);
    request.nonce = http.queryValue(u"nonce"_s).left(256);
    request.scope = http.queryValue(u"scope"_s).split(u' ', Qt::SkipEmptyParts).join(u' ');
    if (request.state.size() > 1024)
        return redirectError(env, request, autherr::invalidRequest, u"state is too long"_s);
    if (http.queryValue(u"response_type"_s) != "code"_L1)
        return redirectError(env, request, autherr::unsupportedResponseType, u"response_type must be code"_s);
    if (http.queryValue(u"code_challenge_method"_s) != "S256"_L1 || !isValidCodeChallenge(request.codeChallenge))
        return redirectError(env, request, autherr::invalidRequest,
                             u"PKCE is required: code_challenge with code_challenge_method=S256"_s);
    if (request.scope.isEmpty())
        request.scope = u"openid"_s;
    for (const QString &scope : request.scope.split(u' ')) {
        if (!client->scopes.contains(scope))
            return redirectError(env, request, autherr::invalidScope, u"scope '%1' is not allowed"_s.arg(scope));
    }
    if (!request.resource.isEmpty() && request.resource != env.apiAudience)
        return redirectError(env, request, autherr::invalidTarget, u"unknown resource"_s);

    auto csrf = crypto::randomBytes(24);
    if (!csrf)
        return ApiResponse::fromError(csrf.error());
    const QByteArray cookie = crypto::base64UrlEncode(*csrf).toLatin1();
    auto transaction = signTransaction(env, request, cookie);
    if (!transaction)
        return ApiResponse::fromError(transaction.error());
    const bool secure = env.publicBaseUrl.scheme() == "https"_L1;
    return loginPage(*client, request, *transaction, 200)
        .withHeader("Set-Cookie", kCsrfCookie + '=' + cookie + "; Path=/oauth; Max-Age="
                                      + QByteArray::number(kTransactionSeconds) + "; HttpOnly; SameSite=Strict"
                                      + (secure ? "; Secure" : ""));
}

ApiResponse authorizePost(const ServerEnvironment &env, const RequestContext &http, const Connection &db)
{
    const QHash<QString, QString> form = parseFormBody(http.body, http.header("content-type"));
    const QString token = form.value(u"transaction"_s);
    auto tx = openTransaction(env, token);
    if (!tx) {
        return withPageHeaders(htmlError(400, u"Sign-in expired"_s,
                                         u"This sign-in form is no longer valid. Start the sign-in again from the app."_s));
    }
    const QByteArray cookie = cookieValue(http.header("cookie"), kCsrfCookie);
    if (cookie.isEmpty()
        || !crypto::constantTimeEquals(crypto::sha256Hex(cookie).toLatin1(), tx->csrfDigest.toLatin1())) {
        return withPageHeaders(htmlError(403, u"Sign-in refused"_s,
                                         u"This form was not opened in this browser. Start the sign-in again."_s));
    }
    const AuthorizeRequest &request = tx->request;
    std::optional<OAuthClient> client;
    if (auto refused = checkClient(db, request.clientId, request.redirectUri, &client))
        return withPageHeaders(std::move(*refused));
    if (form.value(u"action"_s) == "deny"_L1)
        return redirectError(env, request, autherr::accessDenied, u"the user cancelled the sign-in"_s);

    const QString email = form.value(u"email"_s).left(320);
    const QString password = form.value(u"password"_s).left(kMaxPasswordLength);
    auto user = findUserByEmail(db, email);
    if (!user)
        return ApiResponse::fromError(user.error());
    if (!checkPassword(*user, password)) {
        qCInfo(lcServerAuth) << "failed sign-in attempt from" << http.clientIp;
        return loginPage(*client, request, token, 401, email, u"Wrong email or password."_s);
    }
    const std::int64_t now = env.clock->nowMs();
    CodeRequest code{client->rowId, (*user)->id, request.redirectUri, request.scope,
                     request.resource, request.nonce, request.codeChallenge};
    auto issued = createAuthorizationCode(db, code, now);
    if (!issued)
        return ApiResponse::fromError(issued.error());
    if (auto logged = recordLogin(db, (*user)->id, now); !logged)
        qCWarning(lcServerAuth) << "cannot record the login time:" << logged.error().message;
    return ApiResponse::redirect(withQuery(request.redirectUri, {{u"code"_s, *issued},
                                                                 {u"state"_s, request.state},
                                                                 {u"iss"_s, issuerOf(env)}}))
        .withHeader("Set-Cookie", kCsrfCookie + "=; Path=/oauth; Max-Age=0; HttpOnly; SameSite=Strict")
        .withHeader("Cache-Control", "no-store");
}

} // namespace

void addAuthorizeRoutes(Router &router, const ServerEnvironment &env)
{
    const ServerEnvironment *environment = &env;
    RouteOptions page;
    page.auth = AuthRequirement::None;
    page.rateLimitRule = u"none"_s;
    page.idempotent = false;
    router.add(HttpMethod::Get, u"/oauth/authorize"_s, page,
               [environment](const RequestContext &request, Connection &db) {
                   return authorizeGet(*environment, request, db);
               });
    RouteOptions login = page;
    login.rateLimitRule = u"oauth_login"_s;
    login.maxBodyBytes = 16 * 1024;
    router.add(HttpMethod::Post, u"/oauth/authorize"_s, login,
               [environment](const RequestContext &request, Connection &db) {
                   return authorizePost(*environment, request, db);
               });
}

} // namespace creditdesk::server::auth

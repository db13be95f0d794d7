#include "server/http/request_dispatcher.h"

#include "server/auth/request_auth.h"
#include "server/db/connection.h"
#include "server/http/http_errors.h"
#include "server/http/http_headers.h"
#include "server/http/http_log.h"
#include "server/http/idempotency.h"
#include "server/http/rate_limiter.h"
#include "server/http/router.h"
#include "server/http/worker_connection.h"
#include "server/server_environment.h"

#include <QJsonObject>

#include <exception>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

bool changesState(HttpMethod method)
{
    return method == HttpMethod::Post || method == HttpMethod::Patch || method == HttpMethod::Delete
        || method == HttpMethod::Put;
}

ApiResponse notFoundFor(const QString &path)
{
    // The real cloud's "/api/licenses/:licenseKey" route catches unknown license paths.
    if (path.startsWith("/api/licenses/"_L1))
        return ApiResponse::error(404, httperr::licenseNotFound, u"License not found"_s);
    return ApiResponse::error(404, httperr::notFound, u"No route for this path"_s);
}

ApiResponse runHandler(const Handler &handler, const RequestContext &request, Connection &db)
{
    try {
        return handler(request, db);
    } catch (const std::exception &e) {
        qCCritical(lcServerHttp).noquote() << request.requestId << "handler threw:" << e.what();
    } catch (...) {
        qCCritical(lcServerHttp).noquote() << request.requestId << "handler threw an unknown exception";
    }
    return ApiResponse::error(500, httperr::internalServerError, u"The server could not complete the request"_s);
}

} // namespace

RequestDispatcher::RequestDispatcher(const Router &router, const ServerEnvironment &env, RateLimiter *limiter)
    : m_router(router)
    , m_env(env)
    , m_limiter(limiter)
{}

ApiResponse RequestDispatcher::dispatch(RequestContext &request) const
{
    QList<QPair<QByteArray, QByteArray>> extraHeaders;
    ApiResponse response = route(request, &extraHeaders);
    response.headers.append(extraHeaders);
    finish(request, response);
    return response;
}

ApiResponse RequestDispatcher::route(RequestContext &request, QList<QPair<QByteArray, QByteArray>> *extraHeaders) const
{
    const Router::Match match = m_router.match(request.method, request.path);
    if (!match.handler) {
        if (match.methodNotAllowed) {
            return ApiResponse::error(405, httperr::methodNotAllowed,
                                      u"%1 is not allowed on this path"_s.arg(methodName(request.method)))
                .withHeader("Allow", m_router.allowedMethods(request.path).join(u", "_s).toLatin1());
        }
        return notFoundFor(request.path);
    }
    const RouteOptions &options = *match.options;
    if (options.extension && !m_env.extensionsEnabled)
        return notFoundFor(request.path);
    request.pathParams = match.params;
    if (request.body.size() > options.maxBodyBytes) {
        return ApiResponse::error(413, httperr::payloadTooLarge,
                                  u"The request body is larger than %1 bytes"_s.arg(options.maxBodyBytes),
                                  QJsonObject{{u"maxBytes"_s, options.maxBodyBytes}});
    }

    auto connection = workerConnection(m_env.database);
    if (!connection) {
        qCWarning(lcServerHttp).noquote() << request.requestId << "no database:" << connection.error().message;
        if (options.withoutDatabase)
            return options.withoutDatabase(request);
        return ApiResponse::error(503, httperr::serviceUnavailable, u"The database is not available"_s)
            .withHeader("Retry-After", "5");
    }
    Connection &db = **connection;

    auto principal = auth::authenticate(request, options, db, m_env);
    if (!principal) {
        ApiResponse denied = ApiResponse::fromError(principal.error());
        if (denied.status == 401)
            denied.withHeader("WWW-Authenticate", "Bearer realm=\"creditdesk\"");
        if (denied.status >= 500)
            checkWorkerConnection();
        return denied;
    }
    request.principal = std::move(*principal);

    if (m_limiter) {
        QString rule = options.rateLimitRule;
        if (rule.isEmpty()) {
            const bool bearer = options.auth == AuthRequirement::Bearer || request.principal.isUser();
            rule = bearer ? QString::fromLatin1(ratelimit::kDefaultRule) : QString::fromLatin1(ratelimit::kNoLimitRule);
        }
        if (!m_limiter->limitsOf(rule)) {
            qCWarning(lcServerHttp) << "unknown rate-limit rule" << rule << "on" << request.path << "(default used)";
            rule = QString::fromLatin1(ratelimit::kDefaultRule);
        }
        QList<RateLimiter::Subject> subjects{{RateLimitScope::Ip, request.clientIp}};
        if (request.principal.isUser())
            subjects.append(RateLimiter::Subject{RateLimitScope::User, request.principal.userId});
        if (const QString digest = licenseKeyDigest(request.body); !digest.isEmpty())
            subjects.append(RateLimiter::Subject{RateLimitScope::LicenseKey, digest});
        const RateLimiter::Decision decision = m_limiter->check(rule, subjects, m_env.clock->nowMs());
        if (decision.limit > 0) {
            extraHeaders->append(qMakePair(QByteArray("RateLimit-Limit"), QByteArray::number(decision.limit)));
            extraHeaders->append(qMakePair(QByteArray("RateLimit-Remaining"), QByteArray::number(decision.remaining)));
            extraHeaders->append(qMakePair(QByteArray("RateLimit-Reset"), QByteArray::number(decision.resetSeconds)));
        }
        if (!decision.allowed) {
            const QJsonObject details{{u"limit"_s, decision.limit},
                                      {u"retryAfter"_s, decision.resetSeconds},
                                      {u"scope"_s, rateLimitScopeName(decision.scope)}};
            return ApiResponse::error(429, httperr::rateLimitExceeded, u"Too many requests; retry later"_s, details)
                .withHeader("Retry-After", QByteArray::number(decision.resetSeconds));
        }
    }

    std::optional<IdempotencyStore::Claim> claim;
    if (options.idempotent && changesState(request.method)) {
        QString malformed;
        claim = IdempotencyStore::claimFor(request, &malformed);
        if (!malformed.isEmpty())
            return ApiResponse::error(400, httperr::invalidIdempotencyKey, malformed);
    }
    QString claimedRow;
    if (claim) {
        auto outcome = IdempotencyStore::begin(db, *claim, m_env.clock->nowMs());
        if (!outcome) {
            qCWarning(lcServerHttp).noquote() << request.requestId << "idempotency:" << outcome.error().message;
            checkWorkerConnection();
            return ApiResponse::fromError(outcome.error(), outcome.error().is(httperr::conflict) ? 409 : 500);
        }
        if (outcome->answer)
            return std::move(*outcome->answer);
        claimedRow = outcome->rowId;
    }

    ApiResponse response = runHandler(*match.handler, request, db);
    if (response.status >= 500)
        checkWorkerConnection();

    if (!claimedRow.isEmpty()) {
        auto connectionAgain = workerConnection(m_env.database);
        if (connectionAgain) {
            if (auto stored = IdempotencyStore::finish(**connectionAgain, claimedRow, response); !stored)
                qCWarning(lcServerHttp).noquote() << request.requestId << "idempotency:" << stored.error().message;
        }
    }
    return response;
}

void RequestDispatcher::finish(const RequestContext &request, ApiResponse &response) const
{
    auto has = [&response](const QByteArray &name) {
        for (const auto &header : std::as_const(response.headers)) {
            if (header.first.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    };
    response.withHeader("X-Request-ID", request.requestId.toLatin1());
    response.withHeader("Date", imfFixdate(m_env.clock->nowMs()));
    const bool authenticated = request.principal.kind != Principal::Kind::Anonymous
                            || !request.header("authorization").isEmpty()
                            || !request.header("x-service-token").isEmpty();
    if (authenticated && !has("Cache-Control"))
        response.withHeader("Cache-Control", "no-store");
    if (m_env.extensionsEnabled)
        response.withHeader("X-CreditDesk-Server", m_env.version.toLatin1());
    if (request.method == HttpMethod::Head)
        response.body.clear();
}

} // namespace creditdesk::server

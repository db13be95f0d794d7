#pragma once

#include "server/http/api_response.h"
#include "server/http/request_context.h"

#include <memory>

namespace creditdesk::server {

class RateLimiter;
class Router;
struct ServerEnvironment;

// Everything between the socket and a route's handler, on a worker thread:
// route matching (404/405), --extensions off, body limit (413), the database
// connection, authentication (401/403), rate limits (429), Idempotency-Key,
// the handler itself, and the headers every response carries (§10.8).
class RequestDispatcher {
public:
    // `limiter` null = rate limits off. All three outlive the dispatcher.
    RequestDispatcher(const Router &router, const ServerEnvironment &env, RateLimiter *limiter);

    [[nodiscard]] ApiResponse dispatch(RequestContext &request) const;

private:
    [[nodiscard]] ApiResponse route(RequestContext &request, QList<QPair<QByteArray, QByteArray>> *extraHeaders) const;
    void finish(const RequestContext &request, ApiResponse &response) const;

    const Router &m_router;
    const ServerEnvironment &m_env;
    RateLimiter *m_limiter;
};

} // namespace creditdesk::server

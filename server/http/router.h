#pragma once

#include "server/http/api_response.h"
#include "server/http/request_context.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace creditdesk::server {

class Connection;

enum class AuthRequirement {
    None,            // anonymous allowed, Bearer ignored
    OptionalBearer,  // anonymous allowed; a valid Bearer sets principal (an invalid one → 401)
    Bearer,          // user access token required (401 unauthorized otherwise)
    Service,         // X-Service-Token required (user tokens refused)
    BearerOrService, // either
};

struct RouteOptions {
    AuthRequirement auth = AuthRequirement::Bearer;
    QString scope;          // required token scope (403 forbidden without it); empty = none
    QString rateLimitRule;  // a rule name of the server's rate-limit table; empty = the default per-user rule
    bool extension = false; // api-contract §10 path: answers 404 under --extensions off
    bool idempotent = true; // POST/PATCH/DELETE honour Idempotency-Key (api-contract §10.4)
    qsizetype maxBodyBytes = 64 * 1024;
    // Answers instead of the handler when no database connection can be made
    // (health probes); without it such a request gets 503 service_unavailable.
    std::function<ApiResponse(const RequestContext &request)> withoutDatabase;
};

// Runs on a worker thread with that thread's own database connection.
using Handler = std::function<ApiResponse(const RequestContext &request, Connection &db)>;

// The route table. Patterns are literal segments and ":name" parameters
// ("/api/licenses/:key/devices"); literal routes win over parameters at the
// same position, so "/api/licenses/certificate" is never taken for a key.
class Router {
public:
    Router();
    ~Router();
    Router(const Router &) = delete;
    Router &operator=(const Router &) = delete;

    void add(HttpMethod method, const QString &pattern, RouteOptions options, Handler handler);

    struct Match {
        const RouteOptions *options = nullptr;
        const Handler *handler = nullptr;
        QHash<QString, QString> params;
        bool methodNotAllowed = false; // path exists with other methods
    };
    [[nodiscard]] Match match(HttpMethod method, const QString &path) const;
    // Methods with a route for `path` ("GET", "POST", …), for a 405's Allow header.
    [[nodiscard]] QStringList allowedMethods(const QString &path) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace creditdesk::server

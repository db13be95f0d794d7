#pragma once

#include "core/domain/error.h"
#include "server/http/api_response.h"
#include "server/http/request_context.h"

#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::server {

class Router;
struct ServerEnvironment;

namespace billing {

// Route groups of the billing module (thin: parse, call a service, map).
void registerUserRoutes(Router &router, const ServerEnvironment &env);
void registerSubscriptionRoutes(Router &router, const ServerEnvironment &env);
void registerCreditUsageRoutes(Router &router, const ServerEnvironment &env);
void registerInternalRoutes(Router &router, const ServerEnvironment &env);

// The HTTP status of a billing error: validation_error is 422 on /v1 and
// 400 on /api (api-contract §1); 5xx are logged here.
[[nodiscard]] ApiResponse errorResponse(const Error &error, const RequestContext &request);

// Bare JSON 200 of a service result, or its error.
[[nodiscard]] ApiResponse respond(const Result<QJsonObject> &result, const RequestContext &request,
                                  int status = 200);

// Query-string helpers: `invalid_request` with details {name: message}.
[[nodiscard]] Result<std::optional<std::int64_t>> queryInteger(const RequestContext &request, const QString &name,
                                                               std::int64_t min, std::int64_t max);
// A `ts` or a date (YYYY-MM-DD: the day's start, or with `endOfDay` the next day's start).
[[nodiscard]] Result<std::optional<std::int64_t>> queryInstant(const RequestContext &request, const QString &name,
                                                               bool endOfDay);

} // namespace billing
} // namespace creditdesk::server

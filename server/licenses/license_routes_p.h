#pragma once

#include "core/domain/error.h"
#include "server/http/api_response.h"
#include "server/http/json_input.h"
#include "server/http/router.h"

#include <QString>

namespace creditdesk::server {

struct ServerEnvironment;

// Internals of the licenses HTTP layer (license_routes*.cpp).
namespace licroutes {

void addActivationRoutes(Router &router, const ServerEnvironment &env);
void addCatalogRoutes(Router &router, const ServerEnvironment &env);

[[nodiscard]] RouteOptions options(AuthRequirement auth, const QString &rateLimitRule = {},
                                   bool extension = false);

// The error envelope with the status api-contract §8/§10 gives the code;
// anything unexpected is a 500 internal_server_error that names no detail.
[[nodiscard]] ApiResponse errorResponse(const Error &error);

// Copies a validation_error's {field: reason} details into `input`.
void mergeValidation(JsonInput &input, const Error &error);

} // namespace licroutes

} // namespace creditdesk::server

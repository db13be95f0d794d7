#pragma once

namespace creditdesk::server {

class Router;
struct ServerEnvironment;

// GET /health, /health/ready, /health/live (api-contract §3): no auth, no rate limit.
void addHealthRoutes(Router &router, const ServerEnvironment &env);

} // namespace creditdesk::server

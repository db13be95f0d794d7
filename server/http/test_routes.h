#pragma once

namespace creditdesk::server {

class Router;
struct ServerEnvironment;

// Routes under /__test/ for the HTTP layer's own integration tests
// (`--test-routes on`, never on by default): a JSON echo (idempotent, small
// body limit, status chosen by the body), a slow handler, and one route per
// authentication mode, scope and the extension flag.
void addTestRoutes(Router &router, const ServerEnvironment &env);

} // namespace creditdesk::server

#pragma once

namespace creditdesk::server {
class Router;
struct ServerEnvironment;
} // namespace creditdesk::server

// Route groups of the auth module (api-contract §2); registerAuthModule adds them.
namespace creditdesk::server::auth {
void addAuthorizeRoutes(Router &router, const ServerEnvironment &env); // GET/POST /oauth/authorize
void addTokenRoutes(Router &router, const ServerEnvironment &env);     // /oauth/token, /oauth/revoke
void addOidcRoutes(Router &router, const ServerEnvironment &env);      // discovery, jwks, userinfo
} // namespace creditdesk::server::auth

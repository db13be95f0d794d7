#include "server/module.h"

#include "server/auth/auth_admin_p.h"
#include "server/auth/oauth_routes_p.h"
#include "server/http/health_routes.h"

namespace creditdesk::server {

void registerAuthModule(Router &router, const ServerEnvironment &env)
{
    addHealthRoutes(router, env);
    auth::addOidcRoutes(router, env);
    auth::addAuthorizeRoutes(router, env);
    auth::addTokenRoutes(router, env);
}

void registerAuthAdminCommands(AdminCommands &commands)
{
    auth::addAdminCommands(commands);
}

} // namespace creditdesk::server

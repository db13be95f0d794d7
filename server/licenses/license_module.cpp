#include "server/licenses/license_admin_p.h"
#include "server/licenses/license_routes_p.h"
#include "server/module.h"

namespace creditdesk::server {

// Plan 110: literal paths (activate, activations/…, me, purchase,
// certificate, public-keys, offline-activate) and the by-key routes; the
// router prefers literal segments, so none of them is taken for a key.
void registerLicenseModule(Router &router, const ServerEnvironment &env)
{
    licroutes::addActivationRoutes(router, env);
    licroutes::addCatalogRoutes(router, env);
}

void registerLicenseAdminCommands(AdminCommands &commands)
{
    licadmin::addCommands(commands);
}

} // namespace creditdesk::server

#pragma once

namespace creditdesk::server {

class AdminCommands;
class Router;
struct ServerEnvironment;

// Each feature area of the server registers its HTTP routes and its
// `creditdesk-server admin` commands here; server start-up and the admin
// command line call all of them.
void registerAuthModule(Router &router, const ServerEnvironment &env);    // OAuth, health (auth/, http/)
void registerLicenseModule(Router &router, const ServerEnvironment &env); // Plan 110 (licenses/)
void registerCouponModule(Router &router, const ServerEnvironment &env);  // Plan 111 (coupons/)
void registerBillingModule(Router &router, const ServerEnvironment &env); // users, Plans 109/112 (billing/)

void registerAuthAdminCommands(AdminCommands &commands);
void registerLicenseAdminCommands(AdminCommands &commands);
void registerCouponAdminCommands(AdminCommands &commands);
void registerBillingAdminCommands(AdminCommands &commands);

} // namespace creditdesk::server

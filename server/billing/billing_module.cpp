#include "server/module.h"

#include "server/billing/billing_routes.h"

namespace creditdesk::server {

// Users and preferences (§4), subscriptions and proration (§5), credits (§6),
// usage and invoices (§7), sync state (§10.5) and gateway usage (§10.6).
// The admin commands live in billing_admin.cpp.
void registerBillingModule(Router &router, const ServerEnvironment &env)
{
    billing::registerUserRoutes(router, env);
    billing::registerSubscriptionRoutes(router, env);
    billing::registerCreditUsageRoutes(router, env);
    billing::registerInternalRoutes(router, env);
}

} // namespace creditdesk::server

#include "server/module.h"

#include "server/coupons/coupon_admin.h"
#include "server/coupons/coupon_routes.h"
#include "server/http/router.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server {

void registerCouponModule(Router &router, const ServerEnvironment &env)
{
    const ServerEnvironment *environment = &env; // outlives the router
    RouteOptions validate;
    validate.auth = AuthRequirement::OptionalBearer;
    validate.rateLimitRule = u"coupon_validate"_s;
    router.add(HttpMethod::Post, u"/api/coupons/validate"_s, validate,
               [environment](const RequestContext &request, Connection &db) {
                   return coupon_routes::validate(*environment, request, db);
               });

    RouteOptions redeem;
    redeem.auth = AuthRequirement::Bearer;
    redeem.rateLimitRule = u"coupon_redeem"_s;
    router.add(HttpMethod::Post, u"/api/coupons/redeem"_s, redeem,
               [environment](const RequestContext &request, Connection &db) {
                   return coupon_routes::redeem(*environment, request, db);
               });

    RouteOptions list;
    list.auth = AuthRequirement::Bearer;
    router.add(HttpMethod::Get, u"/api/users/:userId/coupons"_s, list,
               [environment](const RequestContext &request, Connection &db) {
                   return coupon_routes::listForUser(*environment, request, db);
               });
}

void registerCouponAdminCommands(AdminCommands &commands)
{
    coupon_admin::registerCommands(commands);
}

} // namespace creditdesk::server

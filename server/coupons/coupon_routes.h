#pragma once

#include "server/http/api_response.h"
#include "server/http/request_context.h"

namespace creditdesk::server {

class Connection;
struct ServerEnvironment;

// Thin handlers of api-contract §9: parse and check the input, call
// CouponService, shape the JSON.
namespace coupon_routes {

// POST /api/coupons/validate (OptionalBearer, rule coupon_validate)
[[nodiscard]] ApiResponse validate(const ServerEnvironment &env, const RequestContext &request, Connection &db);
// POST /api/coupons/redeem (Bearer, rule coupon_redeem)
[[nodiscard]] ApiResponse redeem(const ServerEnvironment &env, const RequestContext &request, Connection &db);
// GET /api/users/:userId/coupons (Bearer)
[[nodiscard]] ApiResponse listForUser(const ServerEnvironment &env, const RequestContext &request, Connection &db);

} // namespace coupon_routes

} // namespace creditdesk::server

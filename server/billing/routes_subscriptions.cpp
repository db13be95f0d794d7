// Routes of api-contract §5: plans, /v1/subscriptions/me*, proration.
#include "server/billing/billing_routes.h"

#include "server/billing/billing_errors.h"
#include "server/billing/proration_service.h"
#include "server/billing/subscription_service.h"
#include "server/billing/tier_catalog.h"
#include "server/http/json_input.h"
#include "server/http/router.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server::billing {

namespace {

ApiResponse patchSubscription(const RequestContext &request, Connection &db, const ServerEnvironment &env)
{
    auto parsed = JsonInput::parse(request.body);
    if (!parsed)
        return errorResponse(parsed.error(), request);
    const QString plan = parsed->requiredString(u"plan_id"_s, 1, 50);
    const auto interval = parsed->optionalString(u"billing_interval"_s, 20);
    if (auto ok = parsed->finish(); !ok)
        return errorResponse(ok.error(), request);
    return respond(ProrationService(env, db).changePlan(request.principal.userId, plan, interval), request);
}

ApiResponse cancelSubscription(const RequestContext &request, Connection &db, const ServerEnvironment &env)
{
    QString reason;
    bool atPeriodEnd = true;
    if (!request.body.trimmed().isEmpty()) {
        auto parsed = JsonInput::parse(request.body);
        if (!parsed)
            return errorResponse(parsed.error(), request);
        reason = parsed->optionalString(u"reason"_s, 500).value_or(QString());
        atPeriodEnd = parsed->optionalBool(u"cancel_at_period_end"_s).value_or(true);
        if (auto ok = parsed->finish(); !ok)
            return errorResponse(ok.error(), request);
    }
    return respond(SubscriptionService(env, db).cancel(request.principal.userId, reason, atPeriodEnd), request);
}

// {newTier}: a string, else 400 validation_error (an /api path).
Result<QString> newTierOf(const RequestContext &request)
{
    auto parsed = JsonInput::parse(request.body);
    if (!parsed)
        return std::unexpected(parsed.error());
    const QString tier = parsed->requiredString(u"newTier"_s, 1, 50);
    if (auto ok = parsed->finish(); !ok)
        return std::unexpected(ok.error());
    return tier;
}

ApiResponse proration(const RequestContext &request, Connection &db, const ServerEnvironment &env,
                      std::optional<ChangeDirection> direction)
{
    auto tier = newTierOf(request);
    if (!tier)
        return errorResponse(tier.error(), request);
    ProrationService service(env, db);
    const QString id = request.param(u"id"_s);
    if (!direction)
        return respond(service.preview(request.principal.userId, id, *tier), request);
    return respond(service.apply(request.principal.userId, id, *tier, *direction), request);
}

} // namespace

void registerSubscriptionRoutes(Router &router, const ServerEnvironment &env)
{
    const ServerEnvironment *e = &env;
    RouteOptions open;
    open.auth = AuthRequirement::None;
    router.add(HttpMethod::Get, u"/v1/subscription-plans"_s, open, [](const RequestContext &r, Connection &db) {
        auto catalog = TierCatalog::load(db);
        if (!catalog)
            return errorResponse(catalog.error(), r);
        return ApiResponse::json(200, catalog->plansJson());
    });
    const RouteOptions bearer;
    router.add(HttpMethod::Get, u"/v1/subscriptions/me"_s, bearer, [e](const RequestContext &r, Connection &db) {
        return respond(SubscriptionService(*e, db).current(r.principal.userId), r);
    });
    router.add(HttpMethod::Patch, u"/v1/subscriptions/me"_s, bearer,
               [e](const RequestContext &r, Connection &db) { return patchSubscription(r, db, *e); });
    router.add(HttpMethod::Post, u"/v1/subscriptions/me/cancel"_s, bearer,
               [e](const RequestContext &r, Connection &db) { return cancelSubscription(r, db, *e); });
    router.add(HttpMethod::Post, u"/api/subscriptions/:id/proration-preview"_s, bearer,
               [e](const RequestContext &r, Connection &db) { return proration(r, db, *e, std::nullopt); });
    router.add(HttpMethod::Post, u"/api/subscriptions/:id/upgrade-with-proration"_s, bearer,
               [e](const RequestContext &r, Connection &db) {
                   return proration(r, db, *e, ChangeDirection::Upgrade);
               });
    router.add(HttpMethod::Post, u"/api/subscriptions/:id/downgrade-with-proration"_s, bearer,
               [e](const RequestContext &r, Connection &db) {
                   return proration(r, db, *e, ChangeDirection::Downgrade);
               });
    router.add(HttpMethod::Get, u"/api/subscriptions/:id/proration-history"_s, bearer,
               [e](const RequestContext &r, Connection &db) {
                   return respond(ProrationService(*e, db).history(r.principal.userId, r.param(u"id"_s)), r);
               });
}

} // namespace creditdesk::server::billing

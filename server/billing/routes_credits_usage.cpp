// Routes of api-contract §6, §7 and §10.5: credits, usage, invoices, sync state.
#include "server/billing/billing_routes.h"

#include "server/billing/billing_errors.h"
#include "server/billing/credit_service.h"
#include "server/billing/invoice_service.h"
#include "server/billing/sync_state_service.h"
#include "server/billing/usage_query_service.h"
#include "server/http/router.h"
#include "server/server_environment.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace creditdesk::server::billing {

namespace {

RouteOptions scoped(const QString &scope, bool extension = false)
{
    RouteOptions options;
    options.scope = scope;
    options.extension = extension;
    return options;
}

std::unexpected<Error> badQuery(const QString &name, const QString &message)
{
    return fail(billerr::invalidRequest, u"query parameter %1 %2"_s.arg(name, message), QJsonObject{{name, message}});
}

Result<UsageFilter> usageFilter(const RequestContext &request, bool withModelAndOperation)
{
    UsageFilter filter;
    auto from = queryInstant(request, u"start_date"_s, false);
    if (!from)
        return std::unexpected(from.error());
    auto until = queryInstant(request, u"end_date"_s, true);
    if (!until)
        return std::unexpected(until.error());
    filter.fromMs = *from;
    filter.untilMs = *until;
    if (filter.fromMs && filter.untilMs && *filter.untilMs <= *filter.fromMs)
        return badQuery(u"end_date"_s, u"must be after start_date"_s);
    if (!withModelAndOperation)
        return filter;
    filter.modelId = request.queryValue(u"model_id"_s);
    if (filter.modelId.size() > 100)
        return badQuery(u"model_id"_s, u"is too long"_s);
    const QString operation = request.queryValue(u"operation"_s);
    static const QStringList requestTypes{u"completion"_s, u"streaming"_s, u"batch"_s};
    static const QStringList operations{u"chat"_s, u"embedding"_s, u"function_call"_s};
    if (requestTypes.contains(operation))
        filter.requestType = operation;
    else if (operations.contains(operation))
        filter.operation = operation;
    else if (request.query.hasQueryItem(u"operation"_s))
        return badQuery(u"operation"_s, u"must be one of completion chat embedding function_call streaming batch"_s);
    return filter;
}

ApiResponse usage(const RequestContext &request, Connection &db, const ServerEnvironment &env)
{
    UsageQueryService service(env, db);
    if (env.extensionsEnabled && request.query.hasQueryItem(u"after"_s)) {
        for (const QString &other : {u"start_date"_s, u"end_date"_s, u"model_id"_s, u"operation"_s, u"offset"_s}) {
            if (request.query.hasQueryItem(other))
                return errorResponse(badQuery(other, u"cannot be combined with after"_s).error(), request);
        }
        auto limit = queryInteger(request, u"limit"_s, 1, 1000);
        if (!limit)
            return errorResponse(limit.error(), request);
        return respond(service.page(request.principal.userId, request.queryValue(u"after"_s),
                                    static_cast<int>(limit->value_or(500))),
                       request);
    }
    auto filter = usageFilter(request, true);
    if (!filter)
        return errorResponse(filter.error(), request);
    auto limit = queryInteger(request, u"limit"_s, 1, 100);
    if (!limit)
        return errorResponse(limit.error(), request);
    auto offset = queryInteger(request, u"offset"_s, 0, 1'000'000'000);
    if (!offset)
        return errorResponse(offset.error(), request);
    return respond(service.list(request.principal.userId, *filter, static_cast<int>(limit->value_or(20)),
                                offset->value_or(0)),
                   request);
}

ApiResponse usageStats(const RequestContext &request, Connection &db, const ServerEnvironment &env)
{
    auto filter = usageFilter(request, false);
    if (!filter)
        return errorResponse(filter.error(), request);
    const QString group = request.query.hasQueryItem(u"group_by"_s) ? request.queryValue(u"group_by"_s) : u"day"_s;
    UsageGrouping grouping = UsageGrouping::Day;
    if (group == "hour"_L1)
        grouping = UsageGrouping::Hour;
    else if (group == "model"_L1)
        grouping = UsageGrouping::Model;
    else if (group != "day"_L1)
        return errorResponse(badQuery(u"group_by"_s, u"must be day, hour or model"_s).error(), request);
    return respond(UsageQueryService(env, db).stats(request.principal.userId, *filter, grouping), request);
}

ApiResponse invoices(const RequestContext &request, Connection &db)
{
    auto limit = queryInteger(request, u"limit"_s, 1, InvoiceService::kMaxLimit);
    if (!limit)
        return errorResponse(limit.error(), request);
    const QString after = request.queryValue(u"starting_after"_s);
    if (after.size() > 100)
        return errorResponse(badQuery(u"starting_after"_s, u"is too long"_s).error(), request);
    return respond(InvoiceService(db).list(request.principal.userId,
                                           static_cast<int>(limit->value_or(InvoiceService::kDefaultLimit)), after),
                   request);
}

ApiResponse syncState(const RequestContext &request, Connection &db, const ServerEnvironment &env)
{
    auto state = SyncStateService(env, db).state(request.principal.userId);
    if (!state)
        return errorResponse(state.error(), request);
    if (SyncStateService::matches(request.header("if-none-match"), state->etag))
        return ApiResponse::empty(304).withHeader("ETag", state->etag);
    return ApiResponse::data(200, state->data).withHeader("ETag", state->etag);
}

} // namespace

void registerCreditUsageRoutes(Router &router, const ServerEnvironment &env)
{
    const ServerEnvironment *e = &env;
    const QString credits = u"credits.read"_s;
    const QString info = u"user.info"_s;
    router.add(HttpMethod::Get, u"/v1/credits/me"_s, scoped(credits), [e](const RequestContext &r, Connection &db) {
        return respond(CreditService(*e, db).currentPeriod(r.principal.userId), r);
    });
    router.add(HttpMethod::Get, u"/api/user/credits"_s, scoped(credits),
               [e](const RequestContext &r, Connection &db) {
                   return respond(CreditService(*e, db).overview(r.principal.userId), r);
               });
    router.add(HttpMethod::Get, u"/v1/usage"_s, scoped(credits),
               [e](const RequestContext &r, Connection &db) { return usage(r, db, *e); });
    router.add(HttpMethod::Get, u"/v1/usage/stats"_s, scoped(credits),
               [e](const RequestContext &r, Connection &db) { return usageStats(r, db, *e); });
    router.add(HttpMethod::Get, u"/api/user/usage/summary"_s, scoped(info),
               [e](const RequestContext &r, Connection &db) {
                   return respond(UsageQueryService(*e, db).summary(r.principal.userId, r.queryValue(u"period"_s)), r);
               });
    router.add(HttpMethod::Get, u"/api/user/invoices"_s, scoped(info),
               [](const RequestContext &r, Connection &db) { return invoices(r, db); });
    router.add(HttpMethod::Get, u"/v1/sync/state"_s, scoped(info, true),
               [e](const RequestContext &r, Connection &db) { return syncState(r, db, *e); });
}

} // namespace creditdesk::server::billing

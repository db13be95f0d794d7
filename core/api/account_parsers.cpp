// Parsers of api-contract §4 (user) and §5 (subscription, proration), and the envelopes.
#include "core/api/api_errors.h"
#include "core/api/api_parsers.h"
#include "core/api/parsers_p.h"

using namespace Qt::StringLiterals;

namespace creditdesk::api {

using namespace parse_detail;

namespace {

std::unexpected<Error> badEnvelope(const QString &what)
{
    return fail(errc::invalidResponse, what, QJsonObject{{u"reason"_s, u"bad_envelope"_s}});
}

} // namespace

Result<JsonNode> bareBody(const HttpResponse &response)
{
    return parseJson(response.body);
}

Result<JsonNode> successData(const HttpResponse &response)
{
    auto json = parseJson(response.body);
    if (!json)
        return json;
    const JsonNode *status = json->find(u"status");
    const JsonNode *data = json->find(u"data");
    if (!json->isObject() || !status || !status->isString() || status->text() != "success"_L1 || !data)
        return badEnvelope(u"expected {\"status\":\"success\",\"data\":…}"_s);
    return *data;
}

Result<JsonNode> dataEnvelope(const HttpResponse &response)
{
    auto json = parseJson(response.body);
    if (!json)
        return json;
    const JsonNode *data = json->find(u"data");
    if (!json->isObject() || !data)
        return badEnvelope(u"expected {\"data\":…}"_s);
    return *data;
}

namespace parse {

Result<UserProfile> userProfile(const JsonNode &json)
{
    FieldReader r(json, u"user"_s);
    UserProfile u;
    u.id = r.uuid(u"id");
    u.email = r.string(u"email", 320);
    u.emailVerified = r.boolean(u"emailVerified");
    u.username = r.nullableString(u"username", 100);
    u.firstName = r.nullableString(u"firstName", 200);
    u.lastName = r.nullableString(u"lastName", 200);
    u.profilePictureUrl = r.nullableString(u"profilePictureUrl", 4096);
    u.createdAtMs = r.timestamp(u"createdAt");
    u.lastLoginAtMs = r.nullableTimestamp(u"lastLoginAt");
    return r.finish(std::move(u));
}

Result<Preferences> preferences(const JsonNode &json)
{
    FieldReader r(json, u"preferences"_s);
    Preferences p;
    p.defaultModelId = r.nullableString(u"defaultModelId", 200);
    p.enableStreaming = r.boolean(u"enableStreaming");
    p.maxTokens = r.integer(u"maxTokens", 0, 10'000'000);
    p.temperatureMilli = r.scaled(u"temperature", 3, 0, 100'000);
    if (const auto metadata = r.optionalObject(u"preferencesMetadata"))
        p.metadata = metadata->toQJson().toObject();
    else if (!r.has(u"preferencesMetadata"))
        r.invalid(u"preferencesMetadata", u"missing"_s);
    return r.finish(std::move(p));
}

Result<ModelPreference> modelPreference(const JsonNode &json)
{
    FieldReader r(json, u"model_preference"_s);
    ModelPreference m;
    m.defaultModelId = r.nullableString(u"defaultModelId", 200);
    if (!r.has(u"model")) {
        r.invalid(u"model", u"missing"_s);
    } else if (!r.isNullOrAbsent(u"model")) {
        FieldReader model = r.child(u"model");
        ModelPreference::Model value;
        value.id = model.string(u"id", 200);
        value.name = model.string(u"name", 500);
        value.capabilities = model.stringList(u"capabilities");
        m.model = std::move(value);
    }
    return r.finish(std::move(m));
}

Result<ModelSelection> modelSelection(const JsonNode &json)
{
    FieldReader r(json, u"model_selection"_s);
    ModelSelection m;
    m.defaultModelId = r.string(u"defaultModelId", 200);
    m.updatedAtMs = r.timestamp(u"updatedAt");
    return r.finish(std::move(m));
}

Result<AccountProfile> accountProfile(const JsonNode &json)
{
    FieldReader r(json, u"profile"_s);
    AccountProfile p;
    p.userId = r.string(u"userId", 100);
    p.email = r.string(u"email", 320);
    p.displayName = r.nullableString(u"displayName", 500);
    {
        FieldReader s = r.child(u"subscription");
        p.tier = tier(s, u"tier");
        p.status = subscriptionStatus(s, u"status");
        p.currentPeriodStartMs = s.nullableTimestamp(u"currentPeriodStart");
        p.currentPeriodEndMs = s.nullableTimestamp(u"currentPeriodEnd");
        p.cancelAtPeriodEnd = s.boolean(u"cancelAtPeriodEnd");
    }
    {
        FieldReader prefs = r.child(u"preferences");
        p.defaultModel = prefs.nullableString(u"defaultModel", 200);
        p.emailNotifications = prefs.boolean(u"emailNotifications");
        p.usageAlerts = prefs.boolean(u"usageAlerts");
    }
    p.accountCreatedAtMs = r.timestamp(u"accountCreatedAt");
    p.lastLoginAtMs = r.nullableTimestamp(u"lastLoginAt");
    return r.finish(std::move(p));
}

Result<QList<Plan>> plans(const JsonNode &json)
{
    FieldReader r(json, u"plans_response"_s);
    QList<Plan> out = r.list(u"plans", [](FieldReader &p) {
        Plan plan;
        plan.id = p.string(u"id", 100);
        plan.name = p.string(u"name", 200);
        plan.description = p.nullableString(u"description", 2000);
        plan.creditsPerMonth = p.integer(u"creditsPerMonth", 0);
        plan.price = p.cents(u"priceCents", Sign::NonNegative);
        plan.billingIntervals = p.stringList(u"billingIntervals");
        plan.yearlyDiscountPercent = p.optionalInteger(u"yearlyDiscountPercent", 0, 100);
        plan.features = p.stringList(u"features");
        return plan;
    });
    return r.finish(std::move(out));
}

Result<Subscription> subscription(const JsonNode &json)
{
    FieldReader r(json, u"subscription"_s);
    Subscription s;
    s.id = r.string(u"id", 100);
    s.userId = r.string(u"user_id", 100);
    s.tier = tier(r, u"tier");
    s.status = subscriptionStatus(r, u"status");
    s.creditsPerMonth = r.integer(u"credits_per_month", 0);
    s.creditsRollover = r.boolean(u"credits_rollover");
    s.billingInterval = billingInterval(r, u"billing_interval");
    s.price = r.cents(u"price_cents", Sign::NonNegative);
    s.currentPeriodStartMs = r.timestamp(u"current_period_start");
    s.currentPeriodEndMs = r.timestamp(u"current_period_end");
    s.trialEndMs = r.nullableTimestamp(u"trial_end");
    s.createdAtMs = r.timestamp(u"created_at");
    s.cancelAtPeriodEnd = r.optionalBool(u"cancel_at_period_end");
    s.updatedAtMs = r.optionalTimestamp(u"updated_at");
    return r.finish(std::move(s));
}

Result<CancelResult> cancelResult(const JsonNode &json)
{
    FieldReader r(json, u"cancellation"_s);
    CancelResult c;
    c.id = r.string(u"id", 100);
    c.status = subscriptionStatus(r, u"status");
    c.cancelledAtMs = r.nullableTimestamp(u"cancelled_at");
    c.cancelAtPeriodEnd = r.boolean(u"cancel_at_period_end");
    c.currentPeriodEndMs = r.timestamp(u"current_period_end");
    return r.finish(std::move(c));
}

Result<ProrationPreview> prorationPreview(const JsonNode &json)
{
    FieldReader r(json, u"proration_preview"_s);
    ProrationPreview p;
    p.subscriptionId = r.string(u"subscription_id", 100);
    p.fromTier = tier(r, u"from_tier");
    p.toTier = tier(r, u"to_tier");
    p.daysRemaining = r.integer(u"days_remaining", 0, 100'000);
    p.daysInCycle = r.integer(u"days_in_cycle", 0, 100'000);
    p.unusedCreditValue = r.usd(u"unused_credit_value_usd", Sign::NonNegative);
    p.newTierProratedCost = r.usd(u"new_tier_prorated_cost_usd", Sign::NonNegative);
    p.netCharge = r.usd(u"net_charge_usd");
    p.chargeToday = r.usd(u"charge_today", Sign::NonNegative);
    p.nextBillingAmount = r.usd(u"next_billing_amount", Sign::NonNegative);
    p.nextBillingDateMs = r.timestamp(u"next_billing_date");
    p.message = r.string(u"message", 2000);
    return r.finish(std::move(p));
}

Result<ProrationChange> prorationChange(const JsonNode &json)
{
    FieldReader r(json, u"proration_change"_s);
    ProrationChange c;
    c.prorationEventId = r.uuid(u"proration_event_id");
    c.subscriptionId = r.string(u"subscription_id", 100);
    c.fromTier = tier(r, u"from_tier");
    c.toTier = tier(r, u"to_tier");
    c.netCharge = r.usd(u"net_charge_usd");
    c.status = prorationStatus(r, u"status");
    c.effectiveDateMs = r.timestamp(u"effective_date");
    c.message = r.string(u"message", 2000);
    c.creditAmount = r.optionalUsd(u"credit_amount", Sign::NonNegative);
    return r.finish(std::move(c));
}

Result<ProrationHistory> prorationHistory(const JsonNode &json)
{
    FieldReader r(json, u"proration_history"_s);
    ProrationHistory h;
    h.userId = r.string(u"user_id", 100);
    h.events = r.list(u"proration_events", [](FieldReader &e) {
        ProrationEvent event;
        event.id = e.string(u"id", 100);
        event.subscriptionId = e.string(u"subscription_id", 100);
        event.fromTier = tier(e, u"from_tier");
        event.toTier = tier(e, u"to_tier");
        event.changeType = e.string(u"change_type", 50);
        event.netCharge = e.usd(u"net_charge_usd");
        event.status = prorationStatus(e, u"status");
        event.effectiveDateMs = e.timestamp(u"effective_date");
        return event;
    });
    return r.finish(std::move(h));
}

} // namespace parse
} // namespace creditdesk::api

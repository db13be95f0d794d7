// Parsers of api-contract §9 (coupons), §10.5 (sync state) and §3 (health).
#include "core/api/api_parsers.h"
#include "core/api/error_mapping.h"
#include "core/api/parsers_p.h"

using namespace Qt::StringLiterals;

namespace creditdesk::api {

using namespace parse_detail;

namespace {

SyncVersion syncVersion(FieldReader &parent, QStringView key)
{
    FieldReader r = parent.child(key);
    SyncVersion v;
    v.version = r.integer(u"version", 0);
    v.updatedAtMs = r.nullableTimestamp(u"updated_at");
    return v;
}

} // namespace

namespace parse {

Result<CouponValidation> couponValidation(const JsonNode &json)
{
    if (const JsonNode *valid = json.find(u"valid"); valid && valid->isBool() && !valid->boolValue())
        return std::unexpected(couponFailureError(json));
    FieldReader r(json, u"coupon_validation"_s);
    if (r.ok() && !r.boolean(u"valid"))
        r.invalid(u"valid", u"expected true"_s);
    CouponValidation v;
    {
        FieldReader c = r.child(u"coupon");
        v.code = c.string(u"code", 50);
        v.discountType = c.string(u"discount_type", 50);
        v.discountAmount = c.usd(u"discount_amount", Sign::NonNegative);
    }
    {
        FieldReader d = r.child(u"discount");
        v.couponType = d.string(u"couponType", 50);
        v.discountTypeApplied = d.string(u"discountType", 50);
        v.originalAmount = d.usd(u"originalAmount", Sign::NonNegative);
        v.discountApplied = d.usd(u"discountAmount", Sign::NonNegative);
        v.finalAmount = d.usd(u"finalAmount", Sign::NonNegative);
        if (!d.isNullOrAbsent(u"percentage"))
            v.percentageHundredths = d.scaled(u"percentage", 2, 0, 10'000);
        v.fixedAmount = d.optionalUsd(u"fixedAmount", Sign::NonNegative);
        v.creditAmount = d.optionalInteger(u"creditAmount", 0, 1'000'000'000'000);
        v.bonusMonths = d.optionalInteger(u"bonusMonths", 0, 1200);
        v.couponId = d.string(u"couponId", 100);
        v.couponCode = d.string(u"couponCode", 50);
    }
    if (!r.isNullOrAbsent(u"warnings"))
        v.warnings = r.stringList(u"warnings");
    return r.finish(std::move(v));
}

Result<Redemption> redemption(const JsonNode &json)
{
    FieldReader r(json, u"redemption"_s);
    Redemption d;
    d.redemptionId = r.uuid(u"redemptionId");
    d.discountApplied = r.usd(u"discountApplied", Sign::NonNegative);
    d.finalAmount = r.usd(u"finalAmount", Sign::NonNegative);
    d.redemptionStatus = redemptionStatus(r, u"redemptionStatus");
    return r.finish(std::move(d));
}

Result<QList<RedemptionRecord>> redemptionHistory(const JsonNode &json)
{
    FieldReader r(json, u"coupon_history"_s);
    QList<RedemptionRecord> out = r.list(u"redemptions", [](FieldReader &e) {
        RedemptionRecord record;
        record.id = e.string(u"id", 100);
        record.couponCode = e.string(u"coupon_code", 50);
        record.discountApplied = e.usd(u"discount_applied", Sign::NonNegative);
        record.status = redemptionStatus(e, u"status");
        record.redeemedAtMs = e.timestamp(u"redeemed_at");
        return record;
    });
    return r.finish(std::move(out));
}

Result<SyncState> syncState(const JsonNode &json)
{
    FieldReader r(json, u"sync_state"_s);
    SyncState s;
    s.userId = r.uuid(u"user_id");
    s.serverTimeMs = r.timestamp(u"server_time");
    s.profile = syncVersion(r, u"profile");
    s.subscription = syncVersion(r, u"subscription");
    s.balance = syncVersion(r, u"balance");
    s.license = syncVersion(r, u"license");
    s.coupons = syncVersion(r, u"coupons");
    s.invoices = syncVersion(r, u"invoices");
    FieldReader usage = r.child(u"usage");
    s.usageLatestCursor = usage.string(u"latest_cursor", 4096);
    s.usageUpdatedAtMs = usage.nullableTimestamp(u"updated_at");
    return r.finish(std::move(s));
}

Result<Health> health(const JsonNode &json)
{
    FieldReader r(json, u"health"_s);
    Health h;
    h.status = r.string(u"status", 50);
    h.timestampMs = r.timestamp(u"timestamp");
    h.uptimeSeconds = r.integer(u"uptime", 0);
    h.environment = r.string(u"environment", 100);
    h.version = r.string(u"version", 100);
    FieldReader services = r.child(u"services");
    h.database = services.string(u"database", 50);
    return r.finish(std::move(h));
}

Result<Readiness> readiness(const JsonNode &json)
{
    FieldReader r(json, u"readiness"_s);
    Readiness ready;
    ready.status = r.string(u"status", 50);
    ready.ready = ready.status == "ready"_L1;
    ready.timestampMs = r.timestamp(u"timestamp");
    if (!r.isNullOrAbsent(u"checks")) {
        FieldReader checks = r.child(u"checks");
        ready.database = checks.optionalString(u"database", 50);
    }
    return r.finish(std::move(ready));
}

} // namespace parse
} // namespace creditdesk::api

#include "core/domain/credit_ledger.h"

#include "core/domain/int_math.h"
#include "core/domain/tier_config.h"
#include "core/domain/utc_time.h"

#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk {

namespace {

constexpr std::int64_t kLedgerStepUnits = 100; // 0.01 credit
constexpr std::int64_t kCouponDays = 365;
constexpr std::int64_t kReferralDays = 365;
constexpr int kBonusMonths = 3;

Result<DeductionPlan> consume(std::span<const CreditGrant> grants, Credits amount, std::int64_t nowMs,
                              bool settle)
{
    if (amount.units() <= 0 || amount.units() % kLedgerStepUnits != 0)
        return fail(errc::invalidAmount, u"deduction must be > 0 and a multiple of 0.01 credits"_s);
    auto balance = balanceAt(grants, nowMs);
    if (!balance)
        return std::unexpected(balance.error());
    if (!settle && *balance < amount) {
        return fail(errc::insufficientCredits, u"balance below the amount"_s,
                    QJsonObject{{u"required_credits"_s, amount.toDecimalString()},
                                {u"available_credits"_s, balance->toDecimalString()}});
    }

    DeductionPlan plan;
    plan.balanceBefore = *balance;
    std::int64_t left = std::min(amount.units(), balance->units());
    for (qsizetype index : consumptionOrder(grants, nowMs)) {
        if (left == 0)
            break;
        const CreditGrant &grant = grants[static_cast<std::size_t>(index)];
        const std::int64_t take = std::min(left, grant.remaining.units());
        left -= take;
        plan.debits.append(GrantDebit{grant.id, index, Credits::fromUnits(take).value(),
                                      Credits::fromUnits(grant.remaining.units() - take).value()});
    }
    plan.charged = Credits::fromUnits(std::min(amount.units(), balance->units())).value();
    plan.unbilled = Credits::fromUnits(amount.units() - plan.charged.units()).value();
    plan.balanceAfter = Credits::fromUnits(balance->units() - plan.charged.units()).value();
    return plan;
}

} // namespace

bool isLive(const CreditGrant &grant, std::int64_t nowMs)
{
    return !grant.expiresAtMs || *grant.expiresAtMs > nowMs;
}

Result<Credits> balanceAt(std::span<const CreditGrant> grants, std::int64_t nowMs)
{
    Credits sum;
    for (const CreditGrant &grant : grants) {
        if (!isLive(grant, nowMs))
            continue;
        auto next = sum.plus(grant.remaining);
        if (!next)
            return next;
        sum = *next;
    }
    return sum;
}

QList<qsizetype> consumptionOrder(std::span<const CreditGrant> grants, std::int64_t nowMs)
{
    QList<qsizetype> order;
    for (std::size_t i = 0; i < grants.size(); ++i) {
        if (isLive(grants[i], nowMs) && grants[i].remaining.units() > 0)
            order.append(static_cast<qsizetype>(i));
    }
    std::stable_sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) {
        const CreditGrant &x = grants[static_cast<std::size_t>(a)];
        const CreditGrant &y = grants[static_cast<std::size_t>(b)];
        if (x.expiresAtMs != y.expiresAtMs) {
            if (!x.expiresAtMs || !y.expiresAtMs)
                return x.expiresAtMs.has_value(); // never-expiring last
            return *x.expiresAtMs < *y.expiresAtMs;
        }
        if (x.createdAtMs != y.createdAtMs)
            return x.createdAtMs < y.createdAtMs;
        return x.id < y.id;
    });
    return order;
}

Result<DeductionPlan> planDeduction(std::span<const CreditGrant> grants, Credits amount, std::int64_t nowMs)
{
    return consume(grants, amount, nowMs, false);
}

Result<DeductionPlan> planSettlement(std::span<const CreditGrant> grants, Credits amount, std::int64_t nowMs)
{
    return consume(grants, amount, nowMs, true);
}

Result<std::optional<std::int64_t>> defaultExpiry(const ExpiryInput &in)
{
    auto wrap = [](Result<std::int64_t> ms) -> Result<std::optional<std::int64_t>> {
        if (!ms)
            return std::unexpected(ms.error());
        return std::optional<std::int64_t>(*ms);
    };
    switch (in.type) {
    case CreditType::Subscription:
        if (!in.windowEndMs)
            return fail(errc::invalidArgument, u"subscription grants expire at their window end"_s);
        return std::optional<std::int64_t>(*in.windowEndMs);
    case CreditType::Coupon:
        return wrap(addDays(in.grantedAtMs, kCouponDays));
    case CreditType::Referral:
        return wrap(addDays(in.grantedAtMs, kReferralDays));
    case CreditType::Bonus:
        return wrap(addMonths(in.grantedAtMs, kBonusMonths));
    case CreditType::AdminGrant:
        return in.givenExpiryMs;
    }
    Q_UNREACHABLE();
    return std::optional<std::int64_t>();
}

Result<std::optional<RolloverGrant>> planRollover(SubscriptionTier tier, Credits endingRemaining,
                                                  Credits liveRolloverRemaining, std::int64_t windowEndMs)
{
    if (endingRemaining.isNegative() || liveRolloverRemaining.isNegative())
        return fail(errc::invalidAmount, u"remaining credits must not be negative"_s);
    const TierConfig &config = tierConfig(tier);
    if (!config.hasRollover())
        return std::optional<RolloverGrant>();
    const Int128 room = floorDiv(Int128{config.rolloverCap().units()} - liveRolloverRemaining.units(),
                                 Credits::kUnitsPerCredit);
    const Int128 whole = std::min<Int128>(endingRemaining.floorWhole(), room);
    if (whole <= 0)
        return std::optional<RolloverGrant>();
    auto expires = addMonths(windowEndMs, config.rolloverMonths);
    if (!expires)
        return std::unexpected(expires.error());
    return std::optional<RolloverGrant>(
        RolloverGrant{Credits::fromWhole(static_cast<std::int64_t>(whole)).value(), *expires});
}

Result<std::optional<RolloverGrant>> planRollover(SubscriptionTier tier, Credits endingRemaining,
                                                  std::span<const CreditGrant> grants,
                                                  std::int64_t windowEndMs)
{
    Credits live;
    for (const CreditGrant &grant : grants) {
        if (grant.source != kRolloverSource || !isLive(grant, windowEndMs))
            continue;
        auto next = live.plus(grant.remaining);
        if (!next)
            return std::unexpected(next.error());
        live = *next;
    }
    return planRollover(tier, endingRemaining, live, windowEndMs);
}

} // namespace creditdesk

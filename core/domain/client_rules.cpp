#include "core/domain/client_rules.h"

#include "core/domain/int_math.h"
#include "core/domain/utc_time.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk {

namespace {

constexpr std::int64_t kForecastWindowDays = 30;

bool tierHasByok(SubscriptionTier tier)
{
    return tier == SubscriptionTier::ProMax || tier == SubscriptionTier::EnterprisePro ||
           tier == SubscriptionTier::EnterpriseMax;
}

bool statusKeepsTierByok(SubscriptionStatus status)
{
    return status == SubscriptionStatus::Trial || status == SubscriptionStatus::Active ||
           status == SubscriptionStatus::PastDue;
}

} // namespace

CertificateState evaluateCertificate(std::int64_t validUntilMs, std::int64_t nowMs)
{
    CertificateState s;
    const Int128 left = Int128{validUntilMs} - nowMs;
    const Int128 graceLeft = left + kCertificateGraceMs;
    s.shouldRenew = left < kCertificateRenewWindowMs;
    s.valid = left > 0;
    s.locked = graceLeft <= 0;
    s.inGrace = !s.valid && !s.locked;
    s.graceRemainingMs = s.inGrace ? static_cast<std::int64_t>(graceLeft) : 0;
    return s;
}

ClockCheck checkClock(std::int64_t nowMs, std::int64_t highWaterMs, std::optional<std::int64_t> serverTimeMs)
{
    ClockCheck c;
    const std::int64_t mark = std::max(highWaterMs, serverTimeMs.value_or(highWaterMs));
    c.rollback = Int128{nowMs} < Int128{mark} - kClockRollbackToleranceMs;
    c.effectiveNowMs = std::max(nowMs, mark);
    c.highWaterMs = c.effectiveNowMs;
    return c;
}

Result<ByokSource> byokEntitlement(const ByokInputs &in)
{
    std::optional<ByokSource> source;
    if (in.license && in.license->byokEnabled && in.license->deviceActivated &&
        in.license->status == LicenseStatus::Active) {
        source = ByokSource::License;
    } else if (in.subscription && tierHasByok(in.subscription->tier) &&
               statusKeepsTierByok(in.subscription->status)) {
        source = ByokSource::Subscription;
    }
    std::optional<std::int64_t> validUntil = in.certificateValidUntilMs;
    if (source == ByokSource::Subscription && !validUntil && in.subscriptionConfirmedAtMs)
        validUntil = *in.subscriptionConfirmedAtMs + kCertificateValidityMs;
    if (!source || !validUntil)
        return fail(errc::byokNotEntitled, u"no BYOK entitlement on this device"_s);

    const ClockCheck clock = checkClock(in.nowMs, in.highWaterMs);
    if (clock.rollback)
        return fail(errc::byokLocked, u"clock rollback: BYOK locked until an online re-check"_s);
    if (evaluateCertificate(*validUntil, clock.effectiveNowMs).locked)
        return fail(errc::byokLocked, u"certificate grace over: BYOK locked until an online re-check"_s);
    return *source;
}

Credits lowBalanceThreshold(Credits monthlyAllocation)
{
    return Credits::fromUnits(static_cast<std::int64_t>(floorDiv(monthlyAllocation.units(), 10))).value();
}

BalanceLevel balanceLevel(Credits balance, Credits monthlyAllocation,
                          std::optional<Credits> thresholdOverride)
{
    if (monthlyAllocation.units() <= 0 && !thresholdOverride)
        return BalanceLevel::None;
    if (balance.units() <= 0)
        return BalanceLevel::Depleted;
    const Credits threshold = thresholdOverride.value_or(lowBalanceThreshold(monthlyAllocation));
    return balance <= threshold ? BalanceLevel::Low : BalanceLevel::Normal;
}

Result<Forecast> forecast(Credits balance, std::span<const UsageDeduction> deductions,
                          std::optional<std::int64_t> firstDeductionAtMs, std::int64_t nowMs)
{
    const Int128 windowStart = Int128{nowMs} - kForecastWindowDays * kMsPerDay;
    Int128 spent = 0;
    std::optional<std::int64_t> first = firstDeductionAtMs;
    for (const UsageDeduction &d : deductions) {
        // Reversed rows and the negative rows that reverse them both stay out.
        if (d.byok || d.reversed || d.credits.units() <= 0 || d.atMs > nowMs)
            continue;
        if (!firstDeductionAtMs)
            first = first ? std::min(*first, d.atMs) : d.atMs;
        if (d.atMs > windowStart)
            spent += d.credits.units();
    }
    if (spent > Credits::kMaxUnits)
        return fail(errc::amountOverflow, u"spend exceeds the credits column"_s);
    Forecast f;
    if (spent == 0)
        return f;
    const std::int64_t age = first ? std::max<std::int64_t>(1, days(*first, nowMs)) : kForecastWindowDays;
    const std::int64_t divisor = std::min(kForecastWindowDays, age);
    f.burnPerDay = Credits::fromUnits(static_cast<std::int64_t>(divHalfUp(spent, divisor))).value();
    f.daysLeft =
        static_cast<std::int64_t>(std::max<Int128>(0, floorDiv(Int128{balance.units()} * divisor, spent)));
    return f;
}

bool subscriptionNeedsAction(SubscriptionStatus status)
{
    switch (status) {
    case SubscriptionStatus::PastDue:
    case SubscriptionStatus::Suspended:
    case SubscriptionStatus::Expired:
        return true;
    case SubscriptionStatus::Trial:
    case SubscriptionStatus::Active:
    case SubscriptionStatus::Cancelled:
        return false;
    }
    return false;
}

bool mirrorIsStale(std::optional<std::int64_t> lastSyncMs, std::int64_t nowMs)
{
    return !lastSyncMs || nowMs - *lastSyncMs > kMirrorStaleAfterMs;
}

} // namespace creditdesk

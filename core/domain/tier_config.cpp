#include "core/domain/tier_config.h"

#include <array>

using namespace Qt::StringLiterals;

namespace creditdesk {

namespace {

// Order = SubscriptionTier declaration order. Devices for pro_max and the
// enterprise tiers and perpetual history days are Decisions (§2).
const std::array<TierConfig, 6> kTiers = {{
    {SubscriptionTier::Free,
     0,
     0,
     0,
     200,
     0,
     0,
     30,
     ByokKind::None,
     std::nullopt,
     0,
     150,
     TierRateLimits{10, 1, 50},
     1,
     true,
     {}},
    {SubscriptionTier::Pro,
     1'500,
     15'000,
     0,
     1'500,
     750,
     1,
     90,
     ByokKind::None,
     std::nullopt,
     14,
     130,
     TierRateLimits{30, 3, 200},
     1,
     true,
     {}},
    {SubscriptionTier::ProMax,
     19'900,
     199'000,
     0,
     25'000,
     12'500,
     6,
     365,
     ByokKind::Hybrid,
     3,
     14,
     125,
     TierRateLimits{120, 10, 2'500},
     1,
     true,
     {}},
    {SubscriptionTier::EnterprisePro, 3'000, 30'000, 0, 3'500, 1'750, 3, 180, ByokKind::Hybrid, 3, 30, 115,
     TierRateLimits{60, 5, 700}, 5, false, "Q2 2026"_L1},
    {SubscriptionTier::EnterpriseMax, 9'000, 90'000, 0, 11'000, 5'500, 6, 365, ByokKind::Hybrid, 3, 30, 110,
     TierRateLimits{120, 10, 2'200}, 15, false, "Q2 2026"_L1},
    {SubscriptionTier::Perpetual,
     0,
     0,
     19'900,
     0,
     0,
     0,
     30,
     ByokKind::License,
     3,
     0,
     150,
     std::nullopt,
     1,
     true,
     {}},
}};

// Table values are far inside the Decimal bounds; a failure here is a typo.
Money moneyOf(std::int64_t cents)
{
    return Money::fromCents(cents).value();
}

Credits creditsOf(std::int64_t whole)
{
    return Credits::fromWhole(whole).value();
}

} // namespace

Money TierConfig::monthlyPrice() const
{
    return moneyOf(monthlyPriceCents);
}

Money TierConfig::yearlyPrice() const
{
    return moneyOf(yearlyPriceCents);
}

Money TierConfig::cyclePrice(BillingInterval interval) const
{
    if (oneTimePriceCents > 0)
        return moneyOf(oneTimePriceCents);
    return interval == BillingInterval::Yearly ? yearlyPrice() : monthlyPrice();
}

Credits TierConfig::monthlyAllocation() const
{
    return creditsOf(monthlyCredits);
}

Credits TierConfig::rolloverCap() const
{
    return creditsOf(rolloverCapCredits);
}

const TierConfig &tierConfig(SubscriptionTier tier)
{
    return kTiers[static_cast<std::size_t>(tier)];
}

} // namespace creditdesk

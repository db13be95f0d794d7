#pragma once

#include "core/domain/credits.h"
#include "core/domain/enums.h"
#include "core/domain/money.h"

#include <QLatin1StringView>

#include <cstdint>
#include <optional>

namespace creditdesk {

enum class ByokKind {
    None,    // never BYOK
    Hybrid,  // credits or the user's own keys, per request
    License, // BYOK through a perpetual license
};

struct TierRateLimits {
    int requestsPerMinute = 0;
    int parallelRequests = 0;
    int callsPerDay = 0;
};

// One row of domain-rules §2 (figures from the real cloud's tier-config seed).
struct TierConfig {
    SubscriptionTier tier = SubscriptionTier::Free;
    std::int64_t monthlyPriceCents = 0;
    std::int64_t yearlyPriceCents = 0;   // 10 × monthly
    std::int64_t oneTimePriceCents = 0;  // perpetual only
    std::int64_t monthlyCredits = 0;     // whole credits
    std::int64_t rolloverCapCredits = 0; // 0 = no rollover
    int rolloverMonths = 0;
    int historyDays = 0;
    ByokKind byok = ByokKind::None;
    std::optional<int> maxDevices; // nullopt: not device-bound
    int trialDays = 0;
    int multiplierHundredths = 150;
    std::optional<TierRateLimits> rateLimits; // nullopt: no cloud limits (perpetual)
    int maxUsers = 1;
    bool onSale = true;
    QLatin1StringView availability; // "Q2 2026" when not on sale yet

    [[nodiscard]] Money monthlyPrice() const;
    [[nodiscard]] Money yearlyPrice() const;
    // Price of one billing cycle (perpetual: the one-time price for either).
    [[nodiscard]] Money cyclePrice(BillingInterval interval) const;
    [[nodiscard]] Credits monthlyAllocation() const;
    [[nodiscard]] Credits rolloverCap() const;
    [[nodiscard]] bool hasRollover() const { return rolloverCapCredits > 0; }
    [[nodiscard]] bool isPaid() const { return monthlyPriceCents > 0 || oneTimePriceCents > 0; }
};

// Total: every tier has a row.
[[nodiscard]] const TierConfig &tierConfig(SubscriptionTier tier);

} // namespace creditdesk

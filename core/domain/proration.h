#pragma once

#include "core/domain/credits.h"
#include "core/domain/error.h"
#include "core/domain/money.h"

#include <cstdint>
#include <optional>

namespace creditdesk {

// A coupon applied to the prorated new cost: exactly one of the two.
struct ProrationCoupon {
    std::optional<std::int64_t> percentHundredths; // 20 % = 2000, 0..10000
    std::optional<Money> fixed;
};

struct ProrationInput {
    Money oldCyclePrice;
    Money newCyclePrice;
    std::int64_t periodStartMs = 0;
    std::int64_t periodEndMs = 0; // exclusive
    std::int64_t changeAtMs = 0;
    std::optional<ProrationCoupon> coupon;
    // Credits: P is prorated over the current monthly credit window, which is
    // the billing period unless given (annual billing allocates monthly).
    Credits newMonthlyAllocation;
    Credits remainingCurrentGrant;
    std::optional<std::int64_t> creditWindowStartMs;
    std::optional<std::int64_t> creditWindowEndMs;
};

enum class ChangeDirection { Upgrade, Downgrade };

struct ProrationResult {
    ChangeDirection direction = ChangeDirection::Upgrade;
    std::int64_t daysInCycle = 0;   // dC
    std::int64_t daysRemaining = 0; // dR
    Money unused;                   // credit for the old plan's rest
    Money newCost;                  // new plan's rest
    Money coupon;                   // never makes a refund
    Money net;                      // > 0 charged now, < 0 account credit
    Money chargeNow;                // max(net, 0)
    Money accountCredit;            // max(−net, 0)
    Credits proratedAllocation;     // P, whole credits
    Credits remainingWhole;         // R, whole credits
    Credits creditGrant;            // upgrade max(P,R), downgrade min(P,R)
};

// domain-rules §6. Upgrade = higher cycle price (equal prices →
// `invalid_argument`); end <= start → `invalid_argument`; negative prices or
// credits → `invalid_amount`; coupon percent outside 0..100 % or both kinds
// set → `invalid_argument`.
[[nodiscard]] Result<ProrationResult> prorate(const ProrationInput &input);

// Bills after a downgrade's account credit: each invoice takes what is left.
// Returns the amount to pay for an invoice of `invoice` and reduces `credit`.
[[nodiscard]] Money applyAccountCredit(Money invoice, Money &credit);

} // namespace creditdesk

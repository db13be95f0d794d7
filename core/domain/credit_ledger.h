#pragma once

#include "core/domain/credits.h"
#include "core/domain/enums.h"
#include "core/domain/error.h"

#include <QList>
#include <QString>

#include <cstdint>
#include <optional>
#include <span>

namespace creditdesk {

// A `credit_allocation` row (domain-rules §4).
struct CreditGrant {
    QString id;
    CreditType type = CreditType::Subscription;
    Credits amount;
    Credits remaining;
    std::optional<std::int64_t> expiresAtMs; // nullopt: never
    std::int64_t createdAtMs = 0;
    QString source; // e.g. "rollover"
};

inline constexpr QLatin1StringView kRolloverSource{"rollover"};

[[nodiscard]] bool isLive(const CreditGrant &grant, std::int64_t nowMs);

// Σ remaining of grants with expires_at null or > now (`amount_overflow` if
// the sum leaves the column).
[[nodiscard]] Result<Credits> balanceAt(std::span<const CreditGrant> grants, std::int64_t nowMs);

// Indices of the live grants with something left, in consumption order:
// expires_at ascending (never last), then created_at, then id.
[[nodiscard]] QList<qsizetype> consumptionOrder(std::span<const CreditGrant> grants, std::int64_t nowMs);

struct GrantDebit {
    QString grantId;
    qsizetype index = 0; // into the grants given
    Credits amount;
    Credits remainingAfter;
};

struct DeductionPlan {
    QList<GrantDebit> debits;
    Credits balanceBefore;
    Credits charged;  // what the grants give
    Credits unbilled; // settlement only: the part above the balance
    Credits balanceAfter;
};

// A deduction: amount > 0 and a multiple of 0.01 credits, else
// `invalid_amount`; balance < amount → `insufficient_credits` (details
// required_credits, available_credits) and nothing is consumed.
[[nodiscard]] Result<DeductionPlan> planDeduction(std::span<const CreditGrant> grants, Credits amount,
                                                  std::int64_t nowMs);

// A settled charge (§4 "At zero"): takes at most the whole balance and records
// the rest as unbilled; balances never go negative.
[[nodiscard]] Result<DeductionPlan> planSettlement(std::span<const CreditGrant> grants, Credits amount,
                                                   std::int64_t nowMs);

// Expiry defaults: subscription → window end; coupon, referral → +365 days;
// bonus → +3 months; admin_grant → as given (nullopt = never). Subscription
// without a window end → `invalid_argument`.
struct ExpiryInput {
    CreditType type = CreditType::Subscription;
    std::int64_t grantedAtMs = 0;
    std::optional<std::int64_t> windowEndMs;   // subscription
    std::optional<std::int64_t> givenExpiryMs; // admin_grant
};
[[nodiscard]] Result<std::optional<std::int64_t>> defaultExpiry(const ExpiryInput &input);

struct RolloverGrant {
    Credits amount; // whole credits
    std::int64_t expiresAtMs = 0;
};

// At window end E: r = min(floor(remaining of the ending subscription grant),
// cap − live rollover remaining), floored to whole credits; r > 0 → a `bonus`
// grant with source "rollover" expiring E + tier months; else nullopt.
[[nodiscard]] Result<std::optional<RolloverGrant>> planRollover(SubscriptionTier tier,
                                                                Credits endingRemaining,
                                                                Credits liveRolloverRemaining,
                                                                std::int64_t windowEndMs);
// Same, summing the live rollover grants (source "rollover", live at E).
[[nodiscard]] Result<std::optional<RolloverGrant>> planRollover(SubscriptionTier tier,
                                                                Credits endingRemaining,
                                                                std::span<const CreditGrant> grants,
                                                                std::int64_t windowEndMs);

} // namespace creditdesk

#pragma once

#include "core/domain/credits.h"
#include "core/domain/enums.h"
#include "core/domain/error.h"

#include <cstdint>
#include <optional>
#include <span>

namespace creditdesk {

// CreditDesk client rules (domain-rules §9). All instants in ms UTC.

inline constexpr std::int64_t kCertificateValidityMs = 30 * 86'400'000LL;
inline constexpr std::int64_t kCertificateRenewWindowMs = 7 * 86'400'000LL;
inline constexpr std::int64_t kCertificateGraceMs = 7 * 86'400'000LL;
inline constexpr std::int64_t kClockRollbackToleranceMs = 5 * 60'000LL;

struct CertificateState {
    bool shouldRenew = false; // when online: valid_until − now < 7 days
    bool valid = false;       // now < valid_until
    bool inGrace = false;     // expired, BYOK still allowed (countdown)
    bool locked = false;      // past valid_until + 7 days: until an online re-check
    std::int64_t graceRemainingMs = 0;
};

[[nodiscard]] CertificateState evaluateCertificate(std::int64_t validUntilMs, std::int64_t nowMs);

struct ClockCheck {
    bool rollback = false;           // now < high_water − 5 min: BYOK locks until an online re-check
    std::int64_t effectiveNowMs = 0; // max(now, high_water)
    std::int64_t highWaterMs = 0;    // to persist
};

// `serverTimeMs` (a server Date header) also raises the high-water mark.
[[nodiscard]] ClockCheck checkClock(std::int64_t nowMs, std::int64_t highWaterMs,
                                    std::optional<std::int64_t> serverTimeMs = std::nullopt);

struct LicenseEntitlement {
    LicenseStatus status = LicenseStatus::Pending;
    bool byokEnabled = true;
    bool deviceActivated = false;
};

struct SubscriptionEntitlement {
    SubscriptionTier tier = SubscriptionTier::Free;
    SubscriptionStatus status = SubscriptionStatus::Active;
};

struct ByokInputs {
    std::optional<LicenseEntitlement> license;
    std::optional<SubscriptionEntitlement> subscription;
    std::optional<std::int64_t> certificateValidUntilMs; // nullopt: no certificate
    // When the server last confirmed the subscription (the sync that
    // mirrored it); nullopt: never.
    std::optional<std::int64_t> subscriptionConfirmedAtMs;
    std::int64_t nowMs = 0;
    std::int64_t highWaterMs = 0;
};

enum class ByokSource { License, Subscription };

// Entitled by (a) an active license with byok_enabled on an activated device,
// or (b) pro_max / enterprise_pro / enterprise_max in trial, active or
// past_due — plus a certificate. Neither, or no certificate →
// `byok_not_entitled`; certificate past grace or a clock rollback →
// `byok_locked`.
// **Decision:** the activation certificate (api-contract §10.1) names a
// license, so a subscriber without one has none; for (b) the server's
// confirmation of the subscription stands in for it, valid
// kCertificateValidityMs from that confirmation, with the same grace and
// clock guard. A license certificate on the device serves (b) as well.
[[nodiscard]] Result<ByokSource> byokEntitlement(const ByokInputs &inputs);

enum class BalanceLevel { None, Normal, Low, Depleted };

// 10 % of the monthly allocation (pro 150, pro_max 2,500, free 20).
[[nodiscard]] Credits lowBalanceThreshold(Credits monthlyAllocation);
// Allocation 0 and no override → None; 0 → Depleted; ≤ threshold → Low.
[[nodiscard]] BalanceLevel balanceLevel(Credits balance, Credits monthlyAllocation,
                                        std::optional<Credits> thresholdOverride = std::nullopt);

struct UsageDeduction {
    std::int64_t atMs = 0;
    Credits credits;
    bool byok = false;
    bool reversed = false;
};

struct Forecast {
    Credits burnPerDay;                   // half-up to the cu, for display
    std::optional<std::int64_t> daysLeft; // nullopt: no burn
};

// Burn = cloud credits deducted (not BYOK, not reversed) in the last 30 × 24 h
// ÷ 30, or ÷ the first deduction's age in days (rounded up, ≥ 1) if younger;
// days left = floor(balance ÷ burn), from the exact fraction.
[[nodiscard]] Result<Forecast> forecast(Credits balance, std::span<const UsageDeduction> deductions,
                                        std::optional<std::int64_t> firstDeductionAtMs, std::int64_t nowMs);

// What a subscription status asks of the user: past_due (update the payment
// method), suspended and expired (renew or contact support) need action;
// trial, active and cancelled (runs to the period end) do not.
[[nodiscard]] bool subscriptionNeedsAction(SubscriptionStatus status);

// The window keeps its mirror fresh: a sync every kAutoSyncIntervalMs while it
// is open; data last synced more than kMirrorStaleAfterMs ago (or never) is
// shown as stale.
inline constexpr std::int64_t kAutoSyncIntervalMs = 5 * 60'000LL;
inline constexpr std::int64_t kMirrorStaleAfterMs = 60 * 60'000LL;
[[nodiscard]] bool mirrorIsStale(std::optional<std::int64_t> lastSyncMs, std::int64_t nowMs);

} // namespace creditdesk

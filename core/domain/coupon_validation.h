#pragma once

#include "core/domain/enums.h"
#include "core/domain/error.h"
#include "core/domain/money.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <cstdint>
#include <optional>

namespace creditdesk {

// Validation reasons in report order (domain-rules §8). Two are warnings
// only: CAMPAIGN_BUDGET_LOW and DEVICE_FINGERPRINT_MISMATCH.
enum class CouponReason {
    CouponNotFound,
    CouponInactive,
    CouponExpired,
    TierNotEligible,
    BillingCycleNotEligible,
    MaxUsesExceeded,
    MaxUserUsesExceeded,
    CampaignBudgetExceeded,
    CampaignBudgetLow,
    MinPurchaseNotMet,
    CustomRuleFailed,
    FraudDetected,
    VelocityLimitExceeded,
    DeviceFingerprintMismatch,
    ValidationError,
};

[[nodiscard]] QString toString(EnumArg<CouponReason> reason); // "COUPON_NOT_FOUND"
[[nodiscard]] Result<CouponReason> parseCouponReason(QStringView text);
[[nodiscard]] QList<CouponReason> allCouponReasons(); // report order
[[nodiscard]] bool isWarning(CouponReason reason);

// The coupon row and its campaign, as far as validation needs them.
struct CouponRules {
    bool active = true;
    std::optional<std::int64_t> validFromMs;
    std::optional<std::int64_t> validUntilMs; // inclusive
    QList<SubscriptionTier> tierEligibility;  // empty: every tier but perpetual
    QList<BillingInterval> billingCycles;     // empty: every cycle
    std::optional<std::int64_t> maxUses;      // nullopt: unlimited
    std::int64_t maxUsesPerUser = 1;
    std::optional<Money> campaignBudget;
    std::optional<Money> minPurchase;
};

// What the server knows about this user and request, at `nowMs`.
struct CouponFacts {
    std::int64_t nowMs = 0;
    SubscriptionTier tier = SubscriptionTier::Free;
    std::optional<BillingInterval> billingInterval;
    std::int64_t totalUses = 0;
    std::int64_t userSuccesses = 0;
    Money campaignSpent;
    Money discount;                 // what this redemption would take from the budget
    std::optional<Money> cartTotal; // absent counts as 0 against a minimum
    bool customRulesPassed = true;
    bool fraudFlagged = false; // unreviewed critical record for user + coupon
    int redemptionsLastHour = 0;
    int pastRedemptionIpCount = 0;
    bool ipIsNew = false;
};

struct CouponValidation {
    QList<CouponReason> errors;   // report order
    QList<CouponReason> warnings; // report order
    QString expiredReason;        // "not_yet_valid" | "expired" with COUPON_EXPIRED
    [[nodiscard]] bool isValid() const { return errors.isEmpty(); }
    [[nodiscard]] QStringList errorCodes() const;
};

// Ours: after COUPON_NOT_FOUND (rules == nullopt) nothing else runs; otherwise
// every failing step is reported.
[[nodiscard]] CouponValidation validateCoupon(const std::optional<CouponRules> &rules,
                                              const CouponFacts &facts);

// Fraud signals of §8.
enum class FraudSeverity { Medium, High, Critical };
[[nodiscard]] bool isBotUserAgent(QStringView userAgent); // → critical, blocks
[[nodiscard]] std::optional<FraudSeverity> velocitySeverity(int redemptionsLastHour);

} // namespace creditdesk

#pragma once

#include "core/domain/coupon_discount.h"
#include "core/domain/coupon_validation.h"
#include "core/domain/credits.h"
#include "core/domain/enums.h"
#include "core/domain/money.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <utility>

namespace creditdesk::server {

// Error codes of the coupon area (wire codes of api-contract §9 and ours).
namespace cpnerr {
inline constexpr QLatin1StringView couponNotFound{"coupon_not_found"};
inline constexpr QLatin1StringView redemptionFailed{"redemption_failed"};
inline constexpr QLatin1StringView subscriptionNotFound{"subscription_not_found"};
inline constexpr QLatin1StringView notFound{"not_found"};
inline constexpr QLatin1StringView validationError{"validation_error"};
inline constexpr QLatin1StringView rateLimited{"rate_limited"}; // Plan 111: > 10 validations per user-hour
inline constexpr QLatin1StringView conflict{"conflict"};
} // namespace cpnerr

// A `coupon` row joined with its campaign (if any).
struct CouponRecord {
    QString id;
    QString code;
    CouponType couponType = CouponType::Percentage;
    DiscountType discountType = DiscountType::Percentage;
    std::int64_t discountValue = 0;
    QString description;
    std::optional<std::int64_t> maxUses;
    std::int64_t maxUsesPerUser = 1;
    std::int64_t validFromMs = 0;
    std::int64_t validUntilMs = 0;
    QList<SubscriptionTier> tierEligibility;
    QList<BillingInterval> billingCycles;
    QList<std::pair<SubscriptionTier, SubscriptionTier>> tierTransitions;
    std::optional<Money> minPurchase;
    int durationMonths = 1;
    bool active = true;
    std::int64_t createdAtMs = 0;

    QString campaignId; // empty: no campaign
    QString campaignName;
    bool campaignActive = true;
    std::int64_t campaignStartsAtMs = 0;
    std::int64_t campaignEndsAtMs = 0;
    std::optional<Money> campaignBudget;
    Money campaignSpent;

    [[nodiscard]] CouponDiscountSpec spec() const;
};

// A `subscription_monetization` row, as far as coupons need it.
struct SubscriptionRecord {
    QString id;
    QString userId;
    SubscriptionTier tier = SubscriptionTier::Free;
    SubscriptionStatus status = SubscriptionStatus::Active;
    BillingInterval interval = BillingInterval::Monthly;
    Money price;
    std::int64_t currentPeriodEndMs = 0;
};

enum class FraudType { VelocityAbuse, IpSwitching, StackingAbuse, BotUserAgent, DeviceFingerprintMismatch };
[[nodiscard]] QString fraudTypeName(FraudType type);
[[nodiscard]] QString fraudSeverityName(FraudSeverity severity);

// One `coupon_fraud_detection` row to write.
struct FraudRecord {
    QString couponId;
    QString userId;
    QString redemptionId;
    FraudType type = FraudType::BotUserAgent;
    QString severity; // low (the real cloud's stacking) | medium | high | critical
    bool flagged = true;
    QJsonValue details;
    QString ipAddress;
    QString userAgent;
    QString deviceFingerprint;
    std::int64_t detectedAtMs = 0;
};

// The parsed body of POST /api/coupons/validate plus request facts.
struct ValidateRequest {
    QString rawCode;
    QString principalUserId;                    // Bearer `sub`; empty = anonymous
    QString bodyUserId;                         // user_id of the body (used without a Bearer)
    std::optional<SubscriptionTier> bodyTier;   // subscription_tier of the body
    std::optional<Money> cartTotal;
    QString deviceFingerprint;
    QString ipAddress;
    QString userAgent;
};

// What a redemption of the coupon would do, in cents (domain-rules §8).
struct DiscountPreview {
    Money original;
    Money discount;
    Money final;
    Credits credits;      // credits coupons: the grant
    int bonusMonths = 0;  // months_free coupons
    Money budgetCost;     // what it takes from a campaign budget (face value)
};

struct ValidateOutcome {
    CouponValidation validation;
    std::optional<CouponRecord> coupon;
    DiscountPreview preview;
    CouponFacts facts; // what was judged
};

struct RedeemRequest {
    QString userId; // the caller (Bearer `sub`)
    QString rawCode;
    QString subscriptionId; // empty: the caller's current subscription, if any
    std::optional<Money> originalAmount;
    QString ipAddress;
    QString userAgent;
};

struct RedeemOutcome {
    QString redemptionId;
    Money discountApplied;
    Money finalAmount;
    RedemptionStatus status = RedemptionStatus::Success;
    QString creditAllocationId;
    QString licenseId;
    int monthsAdded = 0;
};

// One `coupon_redemption` row to write (always status success: failed
// attempts are answered, never stored).
struct RedemptionRow {
    QString id;
    QString couponId;
    QString couponCode;
    QString userId;
    QString subscriptionId;
    QString creditAllocationId;
    QString licenseId;
    std::int64_t redeemedAtMs = 0;
    Money original;
    Money discount;
    Money final;
    int monthsAdded = 0;
    std::optional<SubscriptionTier> tierBefore;
    std::optional<SubscriptionTier> tierAfter;
    std::optional<BillingInterval> cycleBefore;
    std::optional<BillingInterval> cycleAfter;
    QString ipAddress;
    QString userAgent;
};

struct RedemptionListItem {
    QString id;
    QString couponCode;
    Money discountApplied;
    RedemptionStatus status = RedemptionStatus::Success;
    std::int64_t redeemedAtMs = 0;
};

// A custom validation rule (coupon_validation_rule) of a coupon.
enum class CustomRuleType {
    FirstTimeUserOnly,
    SpecificEmailDomain,
    MinimumCreditBalance,
    ExcludeRefundedUsers,
    RequirePaymentMethod,
};
[[nodiscard]] QString customRuleName(CustomRuleType type);
[[nodiscard]] std::optional<CustomRuleType> parseCustomRule(QStringView name);

struct CustomRule {
    CustomRuleType type = CustomRuleType::FirstTimeUserOnly;
    QJsonValue value;
};

} // namespace creditdesk::server

#include "core/domain/coupon_validation.h"

#include <QJsonObject>

#include <array>

using namespace Qt::StringLiterals;

namespace creditdesk {

namespace {

constexpr std::array<QLatin1StringView, 15> kReasonCodes = {
    "COUPON_NOT_FOUND"_L1,
    "COUPON_INACTIVE"_L1,
    "COUPON_EXPIRED"_L1,
    "TIER_NOT_ELIGIBLE"_L1,
    "BILLING_CYCLE_NOT_ELIGIBLE"_L1,
    "MAX_USES_EXCEEDED"_L1,
    "MAX_USER_USES_EXCEEDED"_L1,
    "CAMPAIGN_BUDGET_EXCEEDED"_L1,
    "CAMPAIGN_BUDGET_LOW"_L1,
    "MIN_PURCHASE_NOT_MET"_L1,
    "CUSTOM_RULE_FAILED"_L1,
    "FRAUD_DETECTED"_L1,
    "VELOCITY_LIMIT_EXCEEDED"_L1,
    "DEVICE_FINGERPRINT_MISMATCH"_L1,
    "VALIDATION_ERROR"_L1,
};

constexpr int kVelocityLimit = 3;    // redemptions in the past hour
constexpr int kVelocityCritical = 5; // above this: critical
constexpr int kIpHistoryLimit = 5;

bool tierEligible(const CouponRules &rules, SubscriptionTier tier)
{
    if (rules.tierEligibility.isEmpty())
        return tier != SubscriptionTier::Perpetual;
    return rules.tierEligibility.contains(tier);
}

} // namespace

QString toString(EnumArg<CouponReason> reason)
{
    return QString(kReasonCodes[static_cast<std::size_t>(reason.value)]);
}

Result<CouponReason> parseCouponReason(QStringView text)
{
    for (std::size_t i = 0; i < kReasonCodes.size(); ++i) {
        if (text == kReasonCodes[i])
            return static_cast<CouponReason>(i);
    }
    return fail(errc::invalidEnumValue, u"unknown coupon_reason value"_s,
                QJsonObject{{u"enum"_s, u"coupon_reason"_s}, {u"value"_s, text.left(64).toString()}});
}

QList<CouponReason> allCouponReasons()
{
    QList<CouponReason> all;
    for (std::size_t i = 0; i < kReasonCodes.size(); ++i)
        all.append(static_cast<CouponReason>(i));
    return all;
}

bool isWarning(CouponReason reason)
{
    return reason == CouponReason::CampaignBudgetLow || reason == CouponReason::DeviceFingerprintMismatch;
}

QStringList CouponValidation::errorCodes() const
{
    QStringList codes;
    for (CouponReason reason : errors)
        codes.append(toString(reason));
    return codes;
}

CouponValidation validateCoupon(const std::optional<CouponRules> &rules, const CouponFacts &f)
{
    CouponValidation v;
    if (!rules) {
        v.errors.append(CouponReason::CouponNotFound);
        return v;
    }
    const CouponRules &r = *rules;
    if (!r.active)
        v.errors.append(CouponReason::CouponInactive);
    if (r.validFromMs && f.nowMs < *r.validFromMs) {
        v.errors.append(CouponReason::CouponExpired);
        v.expiredReason = u"not_yet_valid"_s;
    } else if (r.validUntilMs && f.nowMs > *r.validUntilMs) {
        v.errors.append(CouponReason::CouponExpired);
        v.expiredReason = u"expired"_s;
    }
    if (!tierEligible(r, f.tier))
        v.errors.append(CouponReason::TierNotEligible);
    if (!r.billingCycles.isEmpty() && (!f.billingInterval || !r.billingCycles.contains(*f.billingInterval)))
        v.errors.append(CouponReason::BillingCycleNotEligible);
    if (r.maxUses && f.totalUses >= *r.maxUses)
        v.errors.append(CouponReason::MaxUsesExceeded);
    if (f.userSuccesses >= r.maxUsesPerUser)
        v.errors.append(CouponReason::MaxUserUsesExceeded);
    if (r.campaignBudget) {
        if (f.campaignSpent >= *r.campaignBudget)
            v.errors.append(CouponReason::CampaignBudgetExceeded);
        else if (f.campaignSpent.cents() + f.discount.cents() > r.campaignBudget->cents())
            v.warnings.append(CouponReason::CampaignBudgetLow);
    }
    if (r.minPurchase && f.cartTotal.value_or(Money()) < *r.minPurchase)
        v.errors.append(CouponReason::MinPurchaseNotMet);
    if (!f.customRulesPassed)
        v.errors.append(CouponReason::CustomRuleFailed);
    if (f.fraudFlagged)
        v.errors.append(CouponReason::FraudDetected);
    if (f.redemptionsLastHour >= kVelocityLimit)
        v.errors.append(CouponReason::VelocityLimitExceeded);
    if (f.pastRedemptionIpCount > kIpHistoryLimit && f.ipIsNew)
        v.warnings.append(CouponReason::DeviceFingerprintMismatch);
    return v;
}

bool isBotUserAgent(QStringView userAgent)
{
    static constexpr QLatin1StringView kMarkers[] = {"bot"_L1,  "crawler"_L1, "spider"_L1,
                                                     "curl"_L1, "wget"_L1,    "python-requests"_L1};
    for (QLatin1StringView marker : kMarkers) {
        if (userAgent.contains(marker, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

std::optional<FraudSeverity> velocitySeverity(int redemptionsLastHour)
{
    if (redemptionsLastHour > kVelocityCritical)
        return FraudSeverity::Critical;
    if (redemptionsLastHour >= kVelocityLimit)
        return FraudSeverity::High;
    return std::nullopt;
}

} // namespace creditdesk

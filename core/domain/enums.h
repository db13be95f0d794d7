#pragma once

#include "core/domain/error.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace creditdesk {

// Enums of the seed report's Appendix C (with its fixes) plus the wire-only
// ones of the API contract. toString() is the database and wire spelling;
// parseX() is strict (unknown or differently cased → `invalid_enum_value`);
// allX() lists every value in declaration (= database label) order.

// toString() takes its enum through this one implicit conversion: an
// exact-match toString(E) would be picked by ADL inside QCOMPARE (QTest calls
// an unqualified toString() that must return char *) and break every QCOMPARE
// of a domain enum. With the conversion, toString(tier) still works
// everywhere and QTest's own overload wins inside QTest.
template <typename E>
struct EnumArg {
    constexpr EnumArg(E v) // NOLINT(google-explicit-constructor): implicit by design
        : value(v)
    {}
    E value;
};

enum class SubscriptionTier { Free, Pro, ProMax, EnterprisePro, EnterpriseMax, Perpetual };
enum class SubscriptionStatus { Trial, Active, PastDue, Cancelled, Expired, Suspended };
enum class UsageOperation { Completion, Chat, Embedding, FunctionCall };
// Database labels (seed): percentage_discount, fixed_amount_discount,
// tier_specific_discount, duration_bonus, byok_migration. Wire labels (real
// cloud): percentage, fixed_amount, tier_specific, duration_bonus, perpetual_migration.
enum class CouponType { Percentage, FixedAmount, TierSpecific, DurationBonus, PerpetualMigration };
enum class DiscountType { Percentage, FixedAmount, Credits, MonthsFree };
enum class RedemptionStatus { Success, Failed, Reversed, Pending };
enum class LicenseStatus { Pending, Active, Suspended, Revoked, Expired };
enum class ProrationStatus { Pending, Applied, Failed, Reversed };
enum class CreditType { Subscription, Bonus, Referral, Coupon, AdminGrant };
enum class ActivationStatus { Active, Deactivated, Replaced };
enum class RequestType { Completion, Streaming, Batch };
enum class BillingInterval { Monthly, Yearly };

[[nodiscard]] QString toString(EnumArg<SubscriptionTier> value);
[[nodiscard]] QString toString(EnumArg<SubscriptionStatus> value);
[[nodiscard]] QString toString(EnumArg<UsageOperation> value);
[[nodiscard]] QString toString(EnumArg<CouponType> value); // = toDbString
[[nodiscard]] QString toString(EnumArg<DiscountType> value);
[[nodiscard]] QString toString(EnumArg<RedemptionStatus> value);
[[nodiscard]] QString toString(EnumArg<LicenseStatus> value);
[[nodiscard]] QString toString(EnumArg<ProrationStatus> value);
[[nodiscard]] QString toString(EnumArg<CreditType> value);
[[nodiscard]] QString toString(EnumArg<ActivationStatus> value);
[[nodiscard]] QString toString(EnumArg<RequestType> value);
[[nodiscard]] QString toString(EnumArg<BillingInterval> value);

[[nodiscard]] QString toDbString(CouponType value);
[[nodiscard]] QString toWireString(CouponType value);

[[nodiscard]] Result<SubscriptionTier> parseSubscriptionTier(QStringView text);
[[nodiscard]] Result<SubscriptionStatus> parseSubscriptionStatus(QStringView text);
[[nodiscard]] Result<UsageOperation> parseUsageOperation(QStringView text);
// Accepts both the database and the wire spelling.
[[nodiscard]] Result<CouponType> parseCouponType(QStringView text);
[[nodiscard]] Result<DiscountType> parseDiscountType(QStringView text);
[[nodiscard]] Result<RedemptionStatus> parseRedemptionStatus(QStringView text);
[[nodiscard]] Result<LicenseStatus> parseLicenseStatus(QStringView text);
[[nodiscard]] Result<ProrationStatus> parseProrationStatus(QStringView text);
[[nodiscard]] Result<CreditType> parseCreditType(QStringView text);
[[nodiscard]] Result<ActivationStatus> parseActivationStatus(QStringView text);
[[nodiscard]] Result<RequestType> parseRequestType(QStringView text);
[[nodiscard]] Result<BillingInterval> parseBillingInterval(QStringView text);

// Real-cloud wire names (api-contract §1, domain-rules §2): the six tiers,
// plus enterprise_pro_plus → enterprise_max; pro_plus has no slot and is
// `unsupported_tier` (details.tier holds the raw name for display); anything
// else is `invalid_enum_value`.
[[nodiscard]] Result<SubscriptionTier> parseWireTier(QStringView text);
// The six statuses plus grace_period → past_due.
[[nodiscard]] Result<SubscriptionStatus> parseWireSubscriptionStatus(QStringView text);

[[nodiscard]] QList<SubscriptionTier> allSubscriptionTiers();
[[nodiscard]] QList<SubscriptionStatus> allSubscriptionStatuses();
[[nodiscard]] QList<UsageOperation> allUsageOperations();
[[nodiscard]] QList<CouponType> allCouponTypes();
[[nodiscard]] QList<DiscountType> allDiscountTypes();
[[nodiscard]] QList<RedemptionStatus> allRedemptionStatuses();
[[nodiscard]] QList<LicenseStatus> allLicenseStatuses();
[[nodiscard]] QList<ProrationStatus> allProrationStatuses();
[[nodiscard]] QList<CreditType> allCreditTypes();
[[nodiscard]] QList<ActivationStatus> allActivationStatuses();
[[nodiscard]] QList<RequestType> allRequestTypes();
[[nodiscard]] QList<BillingInterval> allBillingIntervals();

// Labels in order, e.g. enumLabels(allSubscriptionTiers()) for comparing with
// a database enum's labels (CouponType gives the database spelling).
template <typename E>
[[nodiscard]] QStringList enumLabels(const QList<E> &values)
{
    QStringList labels;
    labels.reserve(values.size());
    for (E value : values)
        labels.append(toString(value));
    return labels;
}

} // namespace creditdesk

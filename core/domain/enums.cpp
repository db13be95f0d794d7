#include "core/domain/enums.h"

#include <QJsonObject>

#include <array>
#include <span>

using namespace Qt::StringLiterals;

namespace creditdesk {

namespace {

template <typename E>
struct Label {
    E value;
    QLatin1StringView text;
};

template <typename E>
QString labelOf(std::span<const Label<E>> table, E value)
{
    for (const auto &entry : table) {
        if (entry.value == value)
            return QString(entry.text);
    }
    Q_UNREACHABLE();
    return {};
}

std::unexpected<Error> unknownValue(QLatin1StringView enumName, QStringView text)
{
    return fail(errc::invalidEnumValue, u"unknown %1 value"_s.arg(enumName),
                QJsonObject{{u"enum"_s, QString(enumName)}, {u"value"_s, text.left(64).toString()}});
}

template <typename E>
Result<E> parseIn(std::span<const Label<E>> table, QLatin1StringView enumName, QStringView text)
{
    for (const auto &entry : table) {
        if (text == entry.text)
            return entry.value;
    }
    return unknownValue(enumName, text);
}

template <typename E>
QList<E> valuesOf(std::span<const Label<E>> table)
{
    QList<E> values;
    values.reserve(static_cast<qsizetype>(table.size()));
    for (const auto &entry : table)
        values.append(entry.value);
    return values;
}

constexpr Label<SubscriptionTier> kTiers[] = {
    {SubscriptionTier::Free, "free"_L1},
    {SubscriptionTier::Pro, "pro"_L1},
    {SubscriptionTier::ProMax, "pro_max"_L1},
    {SubscriptionTier::EnterprisePro, "enterprise_pro"_L1},
    {SubscriptionTier::EnterpriseMax, "enterprise_max"_L1},
    {SubscriptionTier::Perpetual, "perpetual"_L1},
};
constexpr Label<SubscriptionStatus> kStatuses[] = {
    {SubscriptionStatus::Trial, "trial"_L1},      {SubscriptionStatus::Active, "active"_L1},
    {SubscriptionStatus::PastDue, "past_due"_L1}, {SubscriptionStatus::Cancelled, "cancelled"_L1},
    {SubscriptionStatus::Expired, "expired"_L1},  {SubscriptionStatus::Suspended, "suspended"_L1},
};
constexpr Label<UsageOperation> kOperations[] = {
    {UsageOperation::Completion, "completion"_L1},
    {UsageOperation::Chat, "chat"_L1},
    {UsageOperation::Embedding, "embedding"_L1},
    {UsageOperation::FunctionCall, "function_call"_L1},
};
// The one mapping table between the seed's database names and the real
// cloud's wire names (domain-rules §8).
constexpr Label<CouponType> kCouponTypesDb[] = {
    {CouponType::Percentage, "percentage_discount"_L1},
    {CouponType::FixedAmount, "fixed_amount_discount"_L1},
    {CouponType::TierSpecific, "tier_specific_discount"_L1},
    {CouponType::DurationBonus, "duration_bonus"_L1},
    {CouponType::PerpetualMigration, "byok_migration"_L1},
};
constexpr Label<CouponType> kCouponTypesWire[] = {
    {CouponType::Percentage, "percentage"_L1},
    {CouponType::FixedAmount, "fixed_amount"_L1},
    {CouponType::TierSpecific, "tier_specific"_L1},
    {CouponType::DurationBonus, "duration_bonus"_L1},
    {CouponType::PerpetualMigration, "perpetual_migration"_L1},
};
constexpr Label<DiscountType> kDiscountTypes[] = {
    {DiscountType::Percentage, "percentage"_L1},
    {DiscountType::FixedAmount, "fixed_amount"_L1},
    {DiscountType::Credits, "credits"_L1},
    {DiscountType::MonthsFree, "months_free"_L1},
};
constexpr Label<RedemptionStatus> kRedemptionStatuses[] = {
    {RedemptionStatus::Success, "success"_L1},
    {RedemptionStatus::Failed, "failed"_L1},
    {RedemptionStatus::Reversed, "reversed"_L1},
    {RedemptionStatus::Pending, "pending"_L1},
};
constexpr Label<LicenseStatus> kLicenseStatuses[] = {
    {LicenseStatus::Pending, "pending"_L1},     {LicenseStatus::Active, "active"_L1},
    {LicenseStatus::Suspended, "suspended"_L1}, {LicenseStatus::Revoked, "revoked"_L1},
    {LicenseStatus::Expired, "expired"_L1},
};
constexpr Label<ProrationStatus> kProrationStatuses[] = {
    {ProrationStatus::Pending, "pending"_L1},
    {ProrationStatus::Applied, "applied"_L1},
    {ProrationStatus::Failed, "failed"_L1},
    {ProrationStatus::Reversed, "reversed"_L1},
};
constexpr Label<CreditType> kCreditTypes[] = {
    {CreditType::Subscription, "subscription"_L1}, {CreditType::Bonus, "bonus"_L1},
    {CreditType::Referral, "referral"_L1},         {CreditType::Coupon, "coupon"_L1},
    {CreditType::AdminGrant, "admin_grant"_L1},
};
constexpr Label<ActivationStatus> kActivationStatuses[] = {
    {ActivationStatus::Active, "active"_L1},
    {ActivationStatus::Deactivated, "deactivated"_L1},
    {ActivationStatus::Replaced, "replaced"_L1},
};
constexpr Label<RequestType> kRequestTypes[] = {
    {RequestType::Completion, "completion"_L1},
    {RequestType::Streaming, "streaming"_L1},
    {RequestType::Batch, "batch"_L1},
};
constexpr Label<BillingInterval> kBillingIntervals[] = {
    {BillingInterval::Monthly, "monthly"_L1},
    {BillingInterval::Yearly, "yearly"_L1},
};

} // namespace

// One line per enum and operation; the work is in the three helpers above.
#define CREDITDESK_ENUM_FUNCTIONS(Type, table, name, allFn)                                                  \
    QString toString(EnumArg<Type> value)                                                                    \
    {                                                                                                        \
        return labelOf<Type>(table, value.value);                                                            \
    }                                                                                                        \
    Result<Type> parse##Type(QStringView text)                                                               \
    {                                                                                                        \
        return parseIn<Type>(table, name, text);                                                             \
    }                                                                                                        \
    QList<Type> allFn()                                                                                      \
    {                                                                                                        \
        return valuesOf<Type>(table);                                                                        \
    }

CREDITDESK_ENUM_FUNCTIONS(SubscriptionTier, kTiers, "subscription_tier"_L1, allSubscriptionTiers)
CREDITDESK_ENUM_FUNCTIONS(SubscriptionStatus, kStatuses, "subscription_status"_L1, allSubscriptionStatuses)
CREDITDESK_ENUM_FUNCTIONS(UsageOperation, kOperations, "usage_operation"_L1, allUsageOperations)
CREDITDESK_ENUM_FUNCTIONS(DiscountType, kDiscountTypes, "discount_type"_L1, allDiscountTypes)
CREDITDESK_ENUM_FUNCTIONS(RedemptionStatus, kRedemptionStatuses, "redemption_status"_L1,
                          allRedemptionStatuses)
CREDITDESK_ENUM_FUNCTIONS(LicenseStatus, kLicenseStatuses, "license_status"_L1, allLicenseStatuses)
CREDITDESK_ENUM_FUNCTIONS(ProrationStatus, kProrationStatuses, "proration_status"_L1, allProrationStatuses)
CREDITDESK_ENUM_FUNCTIONS(CreditType, kCreditTypes, "credit_type"_L1, allCreditTypes)
CREDITDESK_ENUM_FUNCTIONS(ActivationStatus, kActivationStatuses, "activation_status"_L1,
                          allActivationStatuses)
CREDITDESK_ENUM_FUNCTIONS(RequestType, kRequestTypes, "request_type"_L1, allRequestTypes)
CREDITDESK_ENUM_FUNCTIONS(BillingInterval, kBillingIntervals, "billing_interval"_L1, allBillingIntervals)

#undef CREDITDESK_ENUM_FUNCTIONS

QString toDbString(CouponType value)
{
    return labelOf<CouponType>(kCouponTypesDb, value);
}

QString toWireString(CouponType value)
{
    return labelOf<CouponType>(kCouponTypesWire, value);
}

QString toString(EnumArg<CouponType> value)
{
    return toDbString(value.value);
}

Result<CouponType> parseCouponType(QStringView text)
{
    if (auto db = parseIn<CouponType>(kCouponTypesDb, "coupon_type"_L1, text))
        return db;
    return parseIn<CouponType>(kCouponTypesWire, "coupon_type"_L1, text);
}

QList<CouponType> allCouponTypes()
{
    return valuesOf<CouponType>(kCouponTypesDb);
}

Result<SubscriptionTier> parseWireTier(QStringView text)
{
    if (text == "enterprise_pro_plus"_L1)
        return SubscriptionTier::EnterpriseMax;
    if (text == "pro_plus"_L1) {
        return fail(errc::unsupportedTier, u"tier has no CreditDesk slot"_s,
                    QJsonObject{{u"tier"_s, text.toString()}});
    }
    return parseSubscriptionTier(text);
}

Result<SubscriptionStatus> parseWireSubscriptionStatus(QStringView text)
{
    if (text == "grace_period"_L1)
        return SubscriptionStatus::PastDue;
    return parseSubscriptionStatus(text);
}

} // namespace creditdesk

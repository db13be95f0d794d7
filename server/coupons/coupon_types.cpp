#include "server/coupons/coupon_types.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

struct RuleName {
    CustomRuleType type;
    QLatin1StringView name;
};

constexpr RuleName kRuleNames[] = {
    {CustomRuleType::FirstTimeUserOnly, "first_time_user_only"_L1},
    {CustomRuleType::SpecificEmailDomain, "specific_email_domain"_L1},
    {CustomRuleType::MinimumCreditBalance, "minimum_credit_balance"_L1},
    {CustomRuleType::ExcludeRefundedUsers, "exclude_refunded_users"_L1},
    {CustomRuleType::RequirePaymentMethod, "require_payment_method"_L1},
};

} // namespace

QString customRuleName(CustomRuleType type)
{
    for (const RuleName &rule : kRuleNames) {
        if (rule.type == type)
            return QString(rule.name);
    }
    return {};
}

std::optional<CustomRuleType> parseCustomRule(QStringView name)
{
    for (const RuleName &rule : kRuleNames) {
        if (name == rule.name)
            return rule.type;
    }
    return std::nullopt;
}

} // namespace creditdesk::server

#pragma once

#include "core/domain/error.h"

#include <QJsonObject>

namespace creditdesk::server {

struct AdminContext;

// `creditdesk-server admin` commands of the billing area.
namespace billing_admin {

// set-subscription --email E --tier T --status S [--interval monthly|yearly]
[[nodiscard]] Result<QJsonObject> setSubscription(AdminContext &context);
// grant-credits --email E --amount N --type T [--expires TS]
//   T: subscription bonus referral coupon admin_grant (or the §6 sourceType
//   names monthly_allocation referral_reward coupon_promotion refund).
[[nodiscard]] Result<QJsonObject> grantCredits(AdminContext &context);
// generate-usage --email E --rows N --days D [--byok-percent P] [--seed S]
[[nodiscard]] Result<QJsonObject> generateUsage(AdminContext &context);
// seed-demo [--email E] [--password P] [--rows N]
[[nodiscard]] Result<QJsonObject> seedDemo(AdminContext &context);

} // namespace billing_admin
} // namespace creditdesk::server

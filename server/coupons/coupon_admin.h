#pragma once

#include "core/domain/error.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

namespace creditdesk::server {

class AdminCommands;
class Connection;
struct ServerEnvironment;

// `creditdesk-server admin` commands of the coupon area.
namespace coupon_admin {

// create-coupon --code C --coupon-type T --discount-type D --value N
//   [--max-uses N] [--max-uses-per-user N] [--valid-from TS] [--valid-until TS]
//   [--tiers a,b] [--cycles monthly,yearly] [--months N] [--min-purchase-cents N]
//   [--transitions from:to,…] [--rules name[=value],…] [--active true|false]
//   [--description TEXT] [--campaign NAME [--budget-cents N]]
// Types take either spelling (percentage|percentage_discount, …); value is
// hundredths of a percent (2500 = 25 %) for percentage, cents for
// fixed_amount, whole credits for credits, months for months_free. → the
// coupon as JSON. Errors: invalid_arguments, conflict (code taken).
[[nodiscard]] Result<QJsonObject> createCoupon(Connection &db, const ServerEnvironment &env,
                                               const QHash<QString, QString> &options);
// delete-coupon --code C: soft delete (deleted_at; history stays). → {code, deleted_at}.
[[nodiscard]] Result<QJsonObject> deleteCoupon(Connection &db, const ServerEnvironment &env,
                                               const QHash<QString, QString> &options);

void registerCommands(AdminCommands &commands);

} // namespace coupon_admin

} // namespace creditdesk::server

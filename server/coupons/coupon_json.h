#pragma once

#include "core/domain/money.h"
#include "server/coupons/coupon_types.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>

namespace creditdesk::server::coupon_json {

// 200 body of POST /api/coupons/validate.
[[nodiscard]] QJsonObject validateSuccess(const ValidateOutcome &outcome);
// 400 body: {valid:false, errors:[…], warnings†, details†:{reason}}.
[[nodiscard]] QJsonObject validateFailure(const ValidateOutcome &outcome);
// data of the 200 S body of POST /api/coupons/redeem.
[[nodiscard]] QJsonObject redeemed(const RedeemOutcome &outcome);
// GET /api/users/:userId/coupons.
[[nodiscard]] QJsonObject redemptions(const QList<RedemptionListItem> &items);
// The admin command's view of a coupon.
[[nodiscard]] QJsonObject coupon(const CouponRecord &coupon);

} // namespace creditdesk::server::coupon_json

#include "server/coupons/coupon_json.h"

#include "core/domain/utc_time.h"
#include "server/http/wire_numbers.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace creditdesk::server::coupon_json {

namespace {

QJsonArray reasonArray(const QList<CouponReason> &reasons)
{
    QJsonArray array;
    for (CouponReason reason : reasons)
        array.append(toString(reason));
    return array;
}

template <typename E>
QJsonArray labels(const QList<E> &values)
{
    QJsonArray array;
    for (E value : values)
        array.append(toString(value));
    return array;
}

} // namespace

QJsonObject validateSuccess(const ValidateOutcome &outcome)
{
    const CouponRecord &c = *outcome.coupon;
    const DiscountPreview &p = outcome.preview;
    QJsonObject discount{
        {u"couponType"_s, toWireString(c.couponType)},
        {u"discountType"_s, toString(c.discountType)},
        {u"originalAmount"_s, wire::usdNumber(p.original)},
        {u"discountAmount"_s, wire::usdNumber(p.discount)},
        {u"finalAmount"_s, wire::usdNumber(p.final)},
        {u"couponId"_s, c.id},
        {u"couponCode"_s, c.code},
    };
    switch (c.discountType) {
    case DiscountType::Percentage:
        discount.insert(u"percentage"_s, wire::hundredthsNumber(c.discountValue));
        break;
    case DiscountType::FixedAmount:
        discount.insert(u"fixedAmount"_s, wire::hundredthsNumber(c.discountValue));
        break;
    case DiscountType::Credits:
        discount.insert(u"creditAmount"_s, qint64{c.discountValue});
        break;
    case DiscountType::MonthsFree:
        discount.insert(u"bonusMonths"_s, qint64{c.discountValue});
        break;
    }
    return QJsonObject{
        {u"valid"_s, true},
        {u"coupon"_s, QJsonObject{{u"code"_s, c.code},
                                  {u"discount_type"_s, toString(c.discountType)},
                                  {u"discount_amount"_s, wire::usdNumber(p.discount)}}},
        {u"discount"_s, discount},
        {u"warnings"_s, reasonArray(outcome.validation.warnings)},
    };
}

QJsonObject validateFailure(const ValidateOutcome &outcome)
{
    QJsonObject body{{u"valid"_s, false}, {u"errors"_s, reasonArray(outcome.validation.errors)}};
    if (!outcome.validation.warnings.isEmpty())
        body.insert(u"warnings"_s, reasonArray(outcome.validation.warnings));
    if (!outcome.validation.expiredReason.isEmpty())
        body.insert(u"details"_s, QJsonObject{{u"reason"_s, outcome.validation.expiredReason}});
    return body;
}

QJsonObject redeemed(const RedeemOutcome &outcome)
{
    return QJsonObject{
        {u"redemptionId"_s, outcome.redemptionId},
        {u"discountApplied"_s, wire::usdNumber(outcome.discountApplied)},
        {u"finalAmount"_s, wire::usdNumber(outcome.finalAmount)},
        {u"redemptionStatus"_s, toString(outcome.status)},
    };
}

QJsonObject redemptions(const QList<RedemptionListItem> &items)
{
    QJsonArray array;
    for (const RedemptionListItem &item : items) {
        array.append(QJsonObject{
            {u"id"_s, item.id},
            {u"coupon_code"_s, item.couponCode},
            {u"discount_applied"_s, wire::usdNumber(item.discountApplied)},
            {u"status"_s, toString(item.status)},
            {u"redeemed_at"_s, toIsoUtc(item.redeemedAtMs)},
        });
    }
    return QJsonObject{{u"redemptions"_s, array}};
}

QJsonObject coupon(const CouponRecord &c)
{
    QJsonArray transitions;
    for (const auto &[from, to] : c.tierTransitions)
        transitions.append(QJsonObject{{u"from"_s, toString(from)}, {u"to"_s, toString(to)}});
    QJsonObject campaign;
    if (!c.campaignId.isEmpty()) {
        campaign =
            QJsonObject{{u"id"_s, c.campaignId},
                        {u"name"_s, c.campaignName},
                        {u"budget_cents"_s, c.campaignBudget ? QJsonValue(qint64{c.campaignBudget->cents()})
                                                             : QJsonValue(QJsonValue::Null)},
                        {u"spent_cents"_s, qint64{c.campaignSpent.cents()}}};
    }
    return QJsonObject{
        {u"id"_s, c.id},
        {u"code"_s, c.code},
        {u"coupon_type"_s, toWireString(c.couponType)},
        {u"coupon_type_db"_s, toDbString(c.couponType)},
        {u"discount_type"_s, toString(c.discountType)},
        {u"discount_value"_s, qint64{c.discountValue}},
        {u"description"_s,
         c.description.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(c.description)},
        {u"max_uses"_s, c.maxUses ? QJsonValue(qint64{*c.maxUses}) : QJsonValue(QJsonValue::Null)},
        {u"max_uses_per_user"_s, qint64{c.maxUsesPerUser}},
        {u"valid_from"_s, toIsoUtc(c.validFromMs)},
        {u"valid_until"_s, toIsoUtc(c.validUntilMs)},
        {u"tier_eligibility"_s, labels(c.tierEligibility)},
        {u"billing_cycles"_s, labels(c.billingCycles)},
        {u"tier_transitions"_s, transitions},
        {u"min_purchase_cents"_s,
         c.minPurchase ? QJsonValue(qint64{c.minPurchase->cents()}) : QJsonValue(QJsonValue::Null)},
        {u"duration_months"_s, c.durationMonths},
        {u"is_active"_s, c.active},
        {u"campaign"_s, c.campaignId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(campaign)},
        {u"created_at"_s, toIsoUtc(c.createdAtMs)},
    };
}

} // namespace creditdesk::server::coupon_json

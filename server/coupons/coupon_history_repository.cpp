// CouponRepository: counters, redemptions and fraud records.
#include "server/coupons/coupon_repository.h"

#include "server/coupons/coupon_sql.h"
#include "server/db/connection.h"
#include "server/db/db_errors.h"
#include "server/db/sql_values.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

QVariant tierOrNull(const Connection &db, const std::optional<SubscriptionTier> &tier)
{
    Q_UNUSED(db);
    return tier ? QVariant(toString(*tier)) : QVariant(QMetaType::fromType<QString>());
}

QVariant cycleOrNull(const std::optional<BillingInterval> &cycle)
{
    return cycle ? QVariant(toString(*cycle)) : QVariant(QMetaType::fromType<QString>());
}

} // namespace

Result<std::int64_t> CouponRepository::totalUses(const QString &couponId)
{
    return cpnsql::scalar(m_db, u"SELECT total_uses FROM coupon_usage_limit WHERE coupon_id = ?"_s,
                          {sqlv::uuid(m_db, couponId)}, u"coupon uses"_s);
}

Result<std::int64_t> CouponRepository::userSuccesses(const QString &couponId, const QString &userId)
{
    return cpnsql::scalar(m_db,
                          u"SELECT COUNT(*) FROM coupon_redemption WHERE coupon_id = ? AND user_id = ? "
                          u"AND redemption_status = "_s + sqlv::enumParam(m_db, u"redemption_status"_s),
                          {sqlv::uuid(m_db, couponId), sqlv::uuid(m_db, userId), toString(RedemptionStatus::Success)},
                          u"user redemptions of coupon"_s);
}

Result<std::int64_t> CouponRepository::userRedemptionsSince(const QString &userId, std::int64_t sinceMs)
{
    return cpnsql::scalar(m_db, u"SELECT COUNT(*) FROM coupon_redemption WHERE user_id = ? AND redemption_date >= ?"_s,
                          {sqlv::uuid(m_db, userId), sqlv::timestamp(m_db, sinceMs)}, u"recent redemptions"_s);
}

Result<std::int64_t> CouponRepository::userSuccessesSince(const QString &userId, std::int64_t sinceMs)
{
    return cpnsql::scalar(m_db,
                          u"SELECT COUNT(*) FROM coupon_redemption WHERE user_id = ? AND redemption_date >= ? "
                          u"AND redemption_status = "_s + sqlv::enumParam(m_db, u"redemption_status"_s),
                          {sqlv::uuid(m_db, userId), sqlv::timestamp(m_db, sinceMs),
                           toString(RedemptionStatus::Success)},
                          u"recent successful redemptions"_s);
}

Result<QStringList> CouponRepository::redemptionIps(const QString &userId, std::optional<std::int64_t> sinceMs,
                                                    bool successOnly)
{
    QString sql = u"SELECT DISTINCT "_s + cpnsql::ipText(m_db, u"ip_address"_s)
        + u" FROM coupon_redemption WHERE user_id = ? AND ip_address IS NOT NULL"_s;
    QVariantList values{sqlv::uuid(m_db, userId)};
    if (sinceMs) {
        sql += u" AND redemption_date >= ?"_s;
        values.append(sqlv::timestamp(m_db, *sinceMs));
    }
    if (successOnly) {
        sql += u" AND redemption_status = "_s + sqlv::enumParam(m_db, u"redemption_status"_s);
        values.append(toString(RedemptionStatus::Success));
    }
    auto query = cpnsql::run(m_db, sql, values, u"redemption IPs"_s);
    if (!query)
        return std::unexpected(query.error());
    QStringList ips;
    while (query->next()) {
        const QString ip = cpnsql::normalizeIp(query->value(0).toString());
        if (!ip.isEmpty() && !ips.contains(ip))
            ips.append(ip);
    }
    return ips;
}

Result<bool> CouponRepository::hasCriticalFlag(const QString &userId, const QString &couponId)
{
    auto count = cpnsql::scalar(m_db,
                                u"SELECT COUNT(*) FROM coupon_fraud_detection WHERE user_id = ? AND coupon_id = ? "
                                u"AND severity = "_s + sqlv::enumParam(m_db, u"fraud_severity"_s)
                                    + u" AND is_flagged = ? AND reviewed_at IS NULL"_s,
                                {sqlv::uuid(m_db, userId), sqlv::uuid(m_db, couponId), u"critical"_s,
                                 sqlv::boolean(m_db, true)},
                                u"critical fraud flags"_s);
    if (!count)
        return std::unexpected(count.error());
    return *count > 0;
}

Result<void> CouponRepository::insertFraud(const FraudRecord &r)
{
    auto done = cpnsql::run(
        m_db,
        u"INSERT INTO coupon_fraud_detection (id, coupon_id, user_id, redemption_id, detection_type, severity, "
        u"is_flagged, details, ip_address, user_agent, device_fingerprint, detected_at, created_at) VALUES "
        u"(?, ?, ?, ?, "_s + sqlv::enumParam(m_db, u"fraud_detection_type"_s) + u", "_s
            + sqlv::enumParam(m_db, u"fraud_severity"_s) + u", ?, ?, ?, ?, ?, ?, ?)"_s,
        {sqlv::uuid(m_db, sqlv::newUuid()), sqlv::uuid(m_db, r.couponId), sqlv::uuid(m_db, r.userId),
         sqlv::uuid(m_db, r.redemptionId), fraudTypeName(r.type), r.severity, sqlv::boolean(m_db, r.flagged),
         sqlv::json(m_db, r.details), cpnsql::ipValue(m_db, r.ipAddress), cpnsql::textOrNull(r.userAgent),
         cpnsql::textOrNull(r.deviceFingerprint), sqlv::timestamp(m_db, r.detectedAtMs),
         sqlv::timestamp(m_db, r.detectedAtMs)},
        u"insert coupon_fraud_detection"_s);
    if (!done)
        return std::unexpected(done.error());
    return {};
}

Result<void> CouponRepository::insertRedemption(const RedemptionRow &r)
{
    const QString tierType = sqlv::enumParam(m_db, u"subscription_tier"_s);
    const QString cycleType = sqlv::enumParam(m_db, u"billing_interval"_s);
    auto done = cpnsql::run(
        m_db,
        u"INSERT INTO coupon_redemption (id, coupon_id, coupon_code, user_id, subscription_id, credit_allocation_id, "
        u"perpetual_license_id, redemption_date, redemption_status, original_amount_usd, discount_applied_usd, "
        u"final_amount_usd, months_added, tier_before, tier_after, billing_cycle_before, billing_cycle_after, "
        u"ip_address, user_agent, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "_s
            + sqlv::enumParam(m_db, u"redemption_status"_s) + u", ?, ?, ?, ?, "_s + tierType + u", "_s + tierType
            + u", "_s + cycleType + u", "_s + cycleType + u", ?, ?, ?, ?)"_s,
        {sqlv::uuid(m_db, r.id), sqlv::uuid(m_db, r.couponId), r.couponCode, sqlv::uuid(m_db, r.userId),
         sqlv::uuid(m_db, r.subscriptionId), sqlv::uuid(m_db, r.creditAllocationId), sqlv::uuid(m_db, r.licenseId),
         sqlv::timestamp(m_db, r.redeemedAtMs), toString(RedemptionStatus::Success), sqlv::usd(m_db, r.original),
         sqlv::usd(m_db, r.discount), sqlv::usd(m_db, r.final), r.monthsAdded, tierOrNull(m_db, r.tierBefore),
         tierOrNull(m_db, r.tierAfter), cycleOrNull(r.cycleBefore), cycleOrNull(r.cycleAfter),
         cpnsql::ipValue(m_db, r.ipAddress), cpnsql::textOrNull(r.userAgent), sqlv::timestamp(m_db, r.redeemedAtMs),
         sqlv::timestamp(m_db, r.redeemedAtMs)},
        u"insert coupon_redemption"_s);
    if (!done)
        return std::unexpected(done.error());
    return {};
}

Result<void> CouponRepository::bumpUsage(const QString &couponId, bool firstForUser, Money discount,
                                         std::int64_t nowMs)
{
    auto done = cpnsql::run(m_db,
                            u"UPDATE coupon_usage_limit SET total_uses = total_uses + 1, "
                            u"unique_users = unique_users + ?, total_discount_cents = total_discount_cents + ?, "
                            u"last_used_at = ?, updated_at = ? WHERE coupon_id = ?"_s,
                            {firstForUser ? 1 : 0, cpnsql::int64(discount.cents()), sqlv::timestamp(m_db, nowMs),
                             sqlv::timestamp(m_db, nowMs), sqlv::uuid(m_db, couponId)},
                            u"bump coupon_usage_limit"_s);
    if (!done)
        return std::unexpected(done.error());
    if (done->numRowsAffected() != 1)
        return fail(dberr::databaseError, u"coupon_usage_limit row missing for the coupon"_s);
    return {};
}

Result<void> CouponRepository::addCampaignSpend(const QString &campaignId, Money amount, std::int64_t nowMs)
{
    auto done = cpnsql::run(m_db,
                            u"UPDATE coupon_campaign SET spent_cents = spent_cents + ?, updated_at = ? WHERE id = ?"_s,
                            {cpnsql::int64(amount.cents()), sqlv::timestamp(m_db, nowMs), sqlv::uuid(m_db, campaignId)},
                            u"campaign spend"_s);
    if (!done)
        return std::unexpected(done.error());
    return {};
}

Result<QList<RedemptionListItem>> CouponRepository::listRedemptions(const QString &userId)
{
    auto query = cpnsql::run(m_db,
                             u"SELECT id, coupon_code, discount_applied_usd, redemption_status, redemption_date "
                             u"FROM coupon_redemption WHERE user_id = ? ORDER BY redemption_date DESC, id DESC"_s,
                             {sqlv::uuid(m_db, userId)}, u"list redemptions"_s);
    if (!query)
        return std::unexpected(query.error());
    QList<RedemptionListItem> items;
    while (query->next()) {
        RedemptionListItem item;
        item.id = sqlv::readUuid(query->value(0));
        item.couponCode = query->value(1).toString();
        auto discount = sqlv::readUsd(m_db, query->value(2));
        auto status = parseRedemptionStatus(query->value(3).toString());
        auto date = sqlv::readTimestamp(m_db, query->value(4));
        if (!discount || !status || !date)
            return fail(dberr::databaseError, u"coupon_redemption holds an unreadable row"_s);
        item.discountApplied = *discount;
        item.status = *status;
        item.redeemedAtMs = *date;
        items.append(item);
    }
    return items;
}

} // namespace creditdesk::server

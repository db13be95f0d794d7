#include "server/coupons/coupon_repository.h"

#include "server/coupons/coupon_sql.h"
#include "server/db/connection.h"
#include "server/db/db_errors.h"
#include "server/db/sql_values.h"
#include "server/db/transaction.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

QString jsonText(const Connection &db, const QString &column)
{
    return db.dialect() == Dialect::PostgreSql ? column + u"::text"_s : column;
}

QString couponSelect(const Connection &db)
{
    return u"SELECT c.id, c.code, c.coupon_type, c.discount_type, c.discount_value, c.description, c.max_uses, "
           u"c.max_uses_per_user, c.valid_from, c.valid_until, "_s
        + cpnsql::arrayAsJson(db, u"c.tier_eligibility"_s) + u", "_s
        + cpnsql::arrayAsJson(db, u"c.billing_cycles"_s) + u", "_s + jsonText(db, u"c.tier_transitions"_s)
        + u", c.min_purchase_cents, c.duration_months, c.is_active, c.created_at, "
          u"cc.id, cc.name, cc.is_active, cc.starts_at, cc.ends_at, cc.budget_cents, cc.spent_cents, cc.deleted_at "
          u"FROM coupon c "
          u"LEFT JOIN campaign_coupon link ON link.coupon_id = c.id "
          u"LEFT JOIN coupon_campaign cc ON cc.id = link.campaign_id "_s;
}

Result<QList<std::pair<SubscriptionTier, SubscriptionTier>>> readTransitions(const QVariant &value)
{
    QList<std::pair<SubscriptionTier, SubscriptionTier>> transitions;
    auto json = sqlv::readJson(value);
    if (!json)
        return std::unexpected(json.error());
    for (const QJsonValue &item : json->toArray()) {
        const QJsonObject object = item.toObject();
        auto from = parseSubscriptionTier(object.value(u"from"_s).toString());
        auto to = parseSubscriptionTier(object.value(u"to"_s).toString());
        if (!from || !to)
            return fail(dberr::databaseError, u"coupon.tier_transitions holds an unknown tier"_s);
        transitions.append({*from, *to});
    }
    return transitions;
}

Result<CouponRecord> readCoupon(const Connection &db, const QSqlQuery &q)
{
    CouponRecord c;
    c.id = sqlv::readUuid(q.value(0));
    c.code = q.value(1).toString();
    auto couponType = parseCouponType(q.value(2).toString());
    auto discountType = parseDiscountType(q.value(3).toString());
    if (!couponType || !discountType)
        return fail(dberr::databaseError, u"coupon holds an unknown type"_s);
    c.couponType = *couponType;
    c.discountType = *discountType;
    c.discountValue = q.value(4).toLongLong();
    c.description = q.value(5).toString();
    if (!q.value(6).isNull())
        c.maxUses = q.value(6).toLongLong();
    c.maxUsesPerUser = q.value(7).toLongLong();
    auto from = sqlv::readTimestamp(db, q.value(8));
    auto until = sqlv::readTimestamp(db, q.value(9));
    auto tiers = cpnsql::readTierArray(q.value(10));
    auto cycles = cpnsql::readCycleArray(q.value(11));
    auto transitions = readTransitions(q.value(12));
    auto active = sqlv::readBoolean(db, q.value(15));
    auto created = sqlv::readTimestamp(db, q.value(16));
    for (const Error *error : {from ? nullptr : &from.error(), until ? nullptr : &until.error(),
                               tiers ? nullptr : &tiers.error(), cycles ? nullptr : &cycles.error(),
                               transitions ? nullptr : &transitions.error(), active ? nullptr : &active.error(),
                               created ? nullptr : &created.error()}) {
        if (error)
            return std::unexpected(*error);
    }
    c.validFromMs = *from;
    c.validUntilMs = *until;
    c.tierEligibility = *tiers;
    c.billingCycles = *cycles;
    c.tierTransitions = *transitions;
    if (!q.value(13).isNull()) {
        auto min = Money::fromCents(q.value(13).toLongLong());
        if (!min)
            return std::unexpected(min.error());
        c.minPurchase = *min;
    }
    c.durationMonths = q.value(14).toInt();
    c.active = *active;
    c.createdAtMs = *created;

    if (!q.value(17).isNull()) {
        c.campaignId = sqlv::readUuid(q.value(17));
        c.campaignName = q.value(18).toString();
        auto campaignActive = sqlv::readBoolean(db, q.value(19));
        auto starts = sqlv::readTimestamp(db, q.value(20));
        auto ends = sqlv::readTimestamp(db, q.value(21));
        if (!campaignActive || !starts || !ends)
            return fail(dberr::databaseError, u"coupon_campaign holds an unreadable value"_s);
        c.campaignActive = *campaignActive && q.value(24).isNull();
        c.campaignStartsAtMs = *starts;
        c.campaignEndsAtMs = *ends;
        if (!q.value(22).isNull()) {
            auto budget = Money::fromCents(q.value(22).toLongLong());
            if (!budget)
                return std::unexpected(budget.error());
            c.campaignBudget = *budget;
        }
        auto spent = Money::fromCents(q.value(23).toLongLong());
        if (!spent)
            return std::unexpected(spent.error());
        c.campaignSpent = *spent;
    }
    return c;
}

Result<std::optional<CouponRecord>> readOne(const Connection &db, Result<QSqlQuery> query)
{
    if (!query)
        return std::unexpected(query.error());
    if (!query->next())
        return std::optional<CouponRecord>();
    auto coupon = readCoupon(db, *query);
    if (!coupon)
        return std::unexpected(coupon.error());
    return std::optional<CouponRecord>(std::move(*coupon));
}

} // namespace

CouponDiscountSpec CouponRecord::spec() const
{
    CouponDiscountSpec s;
    s.couponType = couponType;
    s.discountType = discountType;
    s.value = discountValue;
    s.durationMonths = durationMonths;
    s.tierTransitions = tierTransitions;
    return s;
}

Result<std::optional<CouponRecord>> CouponRepository::findCouponByCode(const QString &code)
{
    return readOne(m_db, cpnsql::run(m_db, couponSelect(m_db) + u"WHERE c.code = ? AND c.deleted_at IS NULL"_s,
                                     {code}, u"find coupon"_s));
}

Result<std::optional<CouponRecord>> CouponRepository::lockCoupon(const QString &couponId)
{
    // Row locks first (FOR UPDATE cannot apply to the nullable side of a join),
    // always coupon before campaign, so redeemers queue instead of deadlocking.
    auto locked = cpnsql::run(m_db, u"SELECT id FROM coupon WHERE id = ? AND deleted_at IS NULL"_s + forUpdate(m_db),
                              {sqlv::uuid(m_db, couponId)}, u"lock coupon"_s);
    if (!locked)
        return std::unexpected(locked.error());
    if (!locked->next())
        return std::optional<CouponRecord>();
    auto campaign = cpnsql::run(m_db,
                                u"SELECT cc.id FROM coupon_campaign cc JOIN campaign_coupon link "
                                u"ON link.campaign_id = cc.id WHERE link.coupon_id = ?"_s,
                                {sqlv::uuid(m_db, couponId)}, u"find campaign"_s);
    if (!campaign)
        return std::unexpected(campaign.error());
    if (campaign->next()) {
        auto lockedCampaign = cpnsql::run(m_db, u"SELECT id FROM coupon_campaign WHERE id = ?"_s + forUpdate(m_db),
                                          {campaign->value(0)}, u"lock campaign"_s);
        if (!lockedCampaign)
            return std::unexpected(lockedCampaign.error());
    }
    return readOne(m_db, cpnsql::run(m_db, couponSelect(m_db) + u"WHERE c.id = ?"_s, {sqlv::uuid(m_db, couponId)},
                                     u"read locked coupon"_s));
}

Result<bool> CouponRepository::couponCodeExists(const QString &code)
{
    auto count = cpnsql::scalar(m_db, u"SELECT COUNT(*) FROM coupon WHERE code = ?"_s, {code}, u"coupon code"_s);
    if (!count)
        return std::unexpected(count.error());
    return *count > 0;
}

Result<void> CouponRepository::insertCoupon(const NewCoupon &c)
{
    QJsonArray transitions;
    for (const auto &[from, to] : c.transitions)
        transitions.append(QJsonObject{{u"from"_s, toString(from)}, {u"to"_s, toString(to)}});
    const QString sql =
        u"INSERT INTO coupon (id, code, coupon_type, discount_type, discount_value, description, max_uses, "
        u"max_uses_per_user, valid_from, valid_until, tier_eligibility, billing_cycles, tier_transitions, "
        u"min_purchase_cents, duration_months, is_active, created_at, updated_at) VALUES (?, ?, "_s
        + sqlv::enumParam(m_db, u"coupon_type"_s) + u", "_s + sqlv::enumParam(m_db, u"discount_type"_s)
        + u", ?, ?, ?, ?, ?, ?, "_s + cpnsql::tierArrayParam(m_db) + u", "_s + cpnsql::cycleArrayParam(m_db)
        + u", ?, ?, ?, ?, ?, ?)"_s;
    auto done = cpnsql::run(
        m_db, sql,
        {sqlv::uuid(m_db, c.id), c.code, toDbString(c.couponType), toString(c.discountType),
         cpnsql::int64(c.value), cpnsql::textOrNull(c.description), cpnsql::optionalInt64(c.maxUses),
         cpnsql::int64(c.maxUsesPerUser), sqlv::timestamp(m_db, c.validFromMs), sqlv::timestamp(m_db, c.validUntilMs),
         cpnsql::tierArray(m_db, c.tiers), cpnsql::cycleArray(m_db, c.cycles),
         sqlv::json(m_db, transitions.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(transitions)),
         cpnsql::optionalInt64(c.minPurchaseCents), c.durationMonths, sqlv::boolean(m_db, c.active),
         sqlv::timestamp(m_db, c.nowMs), sqlv::timestamp(m_db, c.nowMs)},
        u"insert coupon"_s);
    if (!done)
        return std::unexpected(done.error());
    return {};
}

Result<void> CouponRepository::insertUsageLimitRow(const QString &couponId, std::int64_t nowMs)
{
    auto done = cpnsql::run(m_db,
                            u"INSERT INTO coupon_usage_limit (id, coupon_id, created_at, updated_at) "
                            u"VALUES (?, ?, ?, ?) ON CONFLICT (coupon_id) DO NOTHING"_s,
                            {sqlv::uuid(m_db, sqlv::newUuid()), sqlv::uuid(m_db, couponId),
                             sqlv::timestamp(m_db, nowMs), sqlv::timestamp(m_db, nowMs)},
                            u"insert coupon_usage_limit"_s);
    if (!done)
        return std::unexpected(done.error());
    return {};
}

Result<void> CouponRepository::insertRule(const QString &couponId, const CustomRule &rule, std::int64_t nowMs)
{
    auto done = cpnsql::run(m_db,
                            u"INSERT INTO coupon_validation_rule (id, coupon_id, rule_type, rule_value, is_active, "
                            u"created_at, updated_at) VALUES (?, ?, "_s
                                + sqlv::enumParam(m_db, u"validation_rule_type"_s) + u", ?, ?, ?, ?)"_s,
                            {sqlv::uuid(m_db, sqlv::newUuid()), sqlv::uuid(m_db, couponId), customRuleName(rule.type),
                             sqlv::json(m_db, rule.value), sqlv::boolean(m_db, true), sqlv::timestamp(m_db, nowMs),
                             sqlv::timestamp(m_db, nowMs)},
                            u"insert coupon_validation_rule"_s);
    if (!done)
        return std::unexpected(done.error());
    return {};
}

Result<QString> CouponRepository::findCampaignByName(const QString &name)
{
    auto query = cpnsql::run(m_db,
                             u"SELECT id FROM coupon_campaign WHERE name = ? AND deleted_at IS NULL "
                             u"ORDER BY created_at, id LIMIT 1"_s,
                             {name}, u"find campaign"_s);
    if (!query)
        return std::unexpected(query.error());
    return query->next() ? sqlv::readUuid(query->value(0)) : QString();
}

Result<void> CouponRepository::insertCampaign(const QString &id, const QString &name, std::int64_t startsAtMs,
                                              std::int64_t endsAtMs, std::optional<std::int64_t> budgetCents,
                                              std::int64_t nowMs)
{
    auto done = cpnsql::run(m_db,
                            u"INSERT INTO coupon_campaign (id, name, starts_at, ends_at, budget_cents, spent_cents, "
                            u"is_active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)"_s,
                            {sqlv::uuid(m_db, id), name, sqlv::timestamp(m_db, startsAtMs),
                             sqlv::timestamp(m_db, endsAtMs), cpnsql::optionalInt64(budgetCents),
                             sqlv::boolean(m_db, true), sqlv::timestamp(m_db, nowMs), sqlv::timestamp(m_db, nowMs)},
                            u"insert coupon_campaign"_s);
    if (!done)
        return std::unexpected(done.error());
    return {};
}

Result<void> CouponRepository::setCampaignBudget(const QString &campaignId, std::int64_t budgetCents,
                                                 std::int64_t nowMs)
{
    auto done = cpnsql::run(m_db, u"UPDATE coupon_campaign SET budget_cents = ?, updated_at = ? WHERE id = ?"_s,
                            {cpnsql::int64(budgetCents), sqlv::timestamp(m_db, nowMs), sqlv::uuid(m_db, campaignId)},
                            u"update campaign budget"_s);
    if (!done)
        return std::unexpected(done.error());
    return {};
}

Result<void> CouponRepository::linkCampaign(const QString &campaignId, const QString &couponId, std::int64_t nowMs)
{
    auto done = cpnsql::run(m_db,
                            u"INSERT INTO campaign_coupon (id, campaign_id, coupon_id, created_at) VALUES (?, ?, ?, ?)"_s,
                            {sqlv::uuid(m_db, sqlv::newUuid()), sqlv::uuid(m_db, campaignId),
                             sqlv::uuid(m_db, couponId), sqlv::timestamp(m_db, nowMs)},
                            u"link campaign"_s);
    if (!done)
        return std::unexpected(done.error());
    return {};
}

Result<bool> CouponRepository::softDeleteCoupon(const QString &code, std::int64_t nowMs)
{
    auto done = cpnsql::run(m_db,
                            u"UPDATE coupon SET deleted_at = ?, is_active = ?, updated_at = ? "
                            u"WHERE code = ? AND deleted_at IS NULL"_s,
                            {sqlv::timestamp(m_db, nowMs), sqlv::boolean(m_db, false), sqlv::timestamp(m_db, nowMs),
                             code},
                            u"soft-delete coupon"_s);
    if (!done)
        return std::unexpected(done.error());
    return done->numRowsAffected() > 0;
}

Result<QList<CustomRule>> CouponRepository::activeRules(const QString &couponId)
{
    auto query = cpnsql::run(m_db,
                             u"SELECT rule_type, "_s + jsonText(m_db, u"rule_value"_s)
                                 + u" FROM coupon_validation_rule WHERE coupon_id = ? AND is_active = ? "
                                   u"ORDER BY rule_type"_s,
                             {sqlv::uuid(m_db, couponId), sqlv::boolean(m_db, true)}, u"coupon rules"_s);
    if (!query)
        return std::unexpected(query.error());
    QList<CustomRule> rules;
    while (query->next()) {
        const auto type = parseCustomRule(query->value(0).toString());
        auto value = sqlv::readJson(query->value(1));
        if (!type || !value)
            return fail(dberr::databaseError, u"coupon_validation_rule holds an unreadable row"_s);
        rules.append(CustomRule{*type, *value});
    }
    return rules;
}

} // namespace creditdesk::server

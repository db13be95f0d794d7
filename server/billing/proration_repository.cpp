#include "server/billing/proration_repository.h"

#include "server/billing/billing_sql.h"
#include "server/db/connection.h"
#include "server/db/sql_values.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

QVariant big(std::int64_t value)
{
    return QVariant::fromValue(static_cast<qlonglong>(value));
}

} // namespace

Result<void> ProrationRepository::insert(const ProrationEventRow &r, std::int64_t nowMs) const
{
    const auto &db = m_db;
    auto q = billing::runSql(
        db,
        u"INSERT INTO proration_event (id, user_id, subscription_id, from_tier, to_tier, change_type, period_start, "
        "period_end, effective_date, days_in_cycle, days_remaining, unused_credit_value_cents, "
        "new_tier_prorated_cost_cents, coupon_discount_cents, net_charge_cents, credits_granted, status, "
        "payment_transaction_id, created_at, updated_at) VALUES (?, ?, ?, "_s
            + sqlv::enumParam(db, u"subscription_tier"_s) + u", "_s + sqlv::enumParam(db, u"subscription_tier"_s)
            + u", "_s + sqlv::enumParam(db, u"proration_change_type"_s) + u", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "_s
            + sqlv::enumParam(db, u"proration_status"_s) + u", ?, ?, ?)"_s,
        {sqlv::uuid(db, r.id), sqlv::uuid(db, r.userId), sqlv::uuid(db, r.subscriptionId), toString(r.fromTier),
         toString(r.toTier), r.upgrade ? u"upgrade"_s : u"downgrade"_s, sqlv::timestamp(db, r.periodStartMs),
         sqlv::timestamp(db, r.periodEndMs), sqlv::timestamp(db, r.effectiveAtMs), big(r.daysInCycle),
         big(r.daysRemaining), big(r.unusedCents), big(r.newCostCents), big(r.couponCents), big(r.netCents),
         sqlv::credits(db, r.creditsGranted), toString(r.status), sqlv::uuid(db, r.paymentId),
         sqlv::timestamp(db, nowMs), sqlv::timestamp(db, nowMs)});
    if (!q)
        return std::unexpected(q.error());
    return {};
}

Result<QList<ProrationEventRow>> ProrationRepository::forUser(const QString &userId) const
{
    auto q = billing::runSql(m_db,
                             u"SELECT id, subscription_id, from_tier, to_tier, change_type, net_charge_cents, status, "
                             "effective_date, credits_granted FROM proration_event WHERE user_id = ? "
                             "ORDER BY effective_date DESC, id DESC"_s,
                             {sqlv::uuid(m_db, userId)});
    if (!q)
        return std::unexpected(q.error());
    QList<ProrationEventRow> rows;
    while (q->next()) {
        ProrationEventRow r;
        auto from = parseSubscriptionTier(q->value(2).toString());
        auto to = parseSubscriptionTier(q->value(3).toString());
        auto status = parseProrationStatus(q->value(6).toString());
        auto effective = sqlv::readTimestamp(m_db, q->value(7));
        auto granted = sqlv::readCredits(m_db, q->value(8));
        if (!from || !to || !status || !effective || !granted)
            return fail("database_error"_L1, u"proration_event row is unreadable"_s);
        r.id = sqlv::readUuid(q->value(0));
        r.userId = userId;
        r.subscriptionId = sqlv::readUuid(q->value(1));
        r.fromTier = *from;
        r.toTier = *to;
        r.upgrade = q->value(4).toString() == "upgrade"_L1;
        r.netCents = q->value(5).toLongLong();
        r.status = *status;
        r.effectiveAtMs = *effective;
        r.creditsGranted = *granted;
        rows.append(r);
    }
    return rows;
}

} // namespace creditdesk::server

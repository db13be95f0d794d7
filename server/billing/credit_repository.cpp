#include "server/billing/credit_repository.h"

#include "server/billing/billing_sql.h"
#include "server/db/connection.h"
#include "server/db/sql_values.h"
#include "server/db/transaction.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server {

QString defaultSourceType(CreditType type, const QString &source)
{
    if (source == "refund"_L1)
        return u"refund"_s;
    switch (type) {
    case CreditType::Subscription:
        return u"monthly_allocation"_s;
    case CreditType::Bonus:
        return u"bonus"_s;
    case CreditType::Referral:
        return u"referral_reward"_s;
    case CreditType::Coupon:
        return u"coupon_promotion"_s;
    case CreditType::AdminGrant:
        return u"admin_grant"_s;
    }
    return u"admin_grant"_s;
}

Result<BalanceRow> CreditRepository::lockBalance(const QString &userId) const
{
    const QString select = u"SELECT id, amount, updated_at FROM user_credit_balance WHERE user_id = ?"_s + forUpdate(m_db);
    for (int attempt = 0; attempt < 2; ++attempt) {
        bool found = false;
        auto q = billing::runSqlFirst(m_db, select, {sqlv::uuid(m_db, userId)}, &found);
        if (!q)
            return std::unexpected(q.error());
        if (found) {
            auto amount = sqlv::readCredits(m_db, q->value(1));
            auto updated = sqlv::readOptionalTimestamp(m_db, q->value(2));
            if (!amount || !updated)
                return std::unexpected(!amount ? amount.error() : updated.error());
            return BalanceRow{sqlv::readUuid(q->value(0)), *amount, *updated};
        }
        // First credit event of the user: create the row (a concurrent
        // creator wins the unique key; then the SELECT finds and locks it).
        auto created = billing::runSql(m_db,
                                       u"INSERT INTO user_credit_balance (id, user_id, amount) VALUES (?, ?, ?) "
                                       "ON CONFLICT (user_id) DO NOTHING"_s,
                                       {sqlv::uuid(m_db, sqlv::newUuid()), sqlv::uuid(m_db, userId),
                                        sqlv::credits(m_db, Credits())});
        if (!created)
            return std::unexpected(created.error());
    }
    return fail("database_error"_L1, u"the balance row vanished"_s);
}

Result<std::optional<BalanceRow>> CreditRepository::balance(const QString &userId) const
{
    bool found = false;
    auto q = billing::runSqlFirst(m_db, u"SELECT id, amount, updated_at FROM user_credit_balance WHERE user_id = ?"_s,
                                  {sqlv::uuid(m_db, userId)}, &found);
    if (!q)
        return std::unexpected(q.error());
    if (!found)
        return std::optional<BalanceRow>();
    auto amount = sqlv::readCredits(m_db, q->value(1));
    auto updated = sqlv::readOptionalTimestamp(m_db, q->value(2));
    if (!amount || !updated)
        return std::unexpected(!amount ? amount.error() : updated.error());
    return std::optional<BalanceRow>(BalanceRow{sqlv::readUuid(q->value(0)), *amount, *updated});
}

Result<void> CreditRepository::setBalance(const QString &balanceId, Credits amount, std::int64_t nowMs,
                                          std::optional<Credits> deducted) const
{
    auto q = deducted
        ? billing::runSql(m_db,
                          u"UPDATE user_credit_balance SET amount = ?, last_deduction_at = ?, "
                          "last_deduction_amount = ?, updated_at = ? WHERE id = ?"_s,
                          {sqlv::credits(m_db, amount), sqlv::timestamp(m_db, nowMs), sqlv::credits(m_db, *deducted),
                           sqlv::timestamp(m_db, nowMs), sqlv::uuid(m_db, balanceId)})
        : billing::runSql(m_db, u"UPDATE user_credit_balance SET amount = ?, updated_at = ? WHERE id = ?"_s,
                          {sqlv::credits(m_db, amount), sqlv::timestamp(m_db, nowMs), sqlv::uuid(m_db, balanceId)});
    if (!q)
        return std::unexpected(q.error());
    return {};
}

Result<QList<GrantRow>> CreditRepository::selectGrants(const QString &where, const QVariantList &values) const
{
    auto q = billing::runSql(
        m_db,
        u"SELECT a.id, a.credit_type, a.amount, a.remaining, a.expires_at, a.created_at, a.source, a.user_id, "
        "a.subscription_id, s.source_type, a.allocation_period_start, a.allocation_period_end "
        "FROM credit_allocation a LEFT JOIN user_credit_source s ON s.credit_allocation_id = a.id WHERE "_s
            + where + u" ORDER BY a.created_at, a.id"_s,
        values);
    if (!q)
        return std::unexpected(q.error());
    QList<GrantRow> rows;
    while (q->next()) {
        GrantRow r;
        auto type = parseCreditType(q->value(1).toString());
        auto amount = sqlv::readCredits(m_db, q->value(2));
        auto remaining = sqlv::readCredits(m_db, q->value(3));
        auto expires = sqlv::readOptionalTimestamp(m_db, q->value(4));
        auto created = sqlv::readTimestamp(m_db, q->value(5));
        auto start = sqlv::readOptionalTimestamp(m_db, q->value(10));
        auto end = sqlv::readOptionalTimestamp(m_db, q->value(11));
        if (!type || !amount || !remaining || !expires || !created || !start || !end)
            return fail("database_error"_L1, u"credit_allocation row is unreadable"_s);
        r.grant.id = sqlv::readUuid(q->value(0));
        r.grant.type = *type;
        r.grant.amount = *amount;
        r.grant.remaining = *remaining;
        r.grant.expiresAtMs = *expires;
        r.grant.createdAtMs = *created;
        r.grant.source = q->value(6).toString();
        r.userId = sqlv::readUuid(q->value(7));
        r.subscriptionId = sqlv::readUuid(q->value(8));
        r.sourceType = q->value(9).toString();
        if (r.sourceType.isEmpty())
            r.sourceType = defaultSourceType(r.grant.type, r.grant.source);
        r.periodStartMs = *start;
        r.periodEndMs = *end;
        rows.append(std::move(r));
    }
    return rows;
}

Result<QList<GrantRow>> CreditRepository::liveGrants(const QString &userId, std::int64_t nowMs,
                                                     bool positiveOnly) const
{
    return selectGrants(u"a.user_id = ? AND (a.expires_at IS NULL OR a.expires_at > ?)"_s
                            + (positiveOnly ? u" AND a.remaining > ?"_s : u" AND a.remaining >= ?"_s),
                        {sqlv::uuid(m_db, userId), sqlv::timestamp(m_db, nowMs), sqlv::credits(m_db, Credits())});
}

Result<QList<GrantRow>> CreditRepository::allGrants(const QString &userId) const
{
    return selectGrants(u"a.user_id = ?"_s, {sqlv::uuid(m_db, userId)});
}

Result<void> CreditRepository::insertGrant(const GrantRow &r, const QString &balanceId, std::int64_t nowMs) const
{
    const auto &db = m_db;
    auto q = billing::runSql(
        db,
        u"INSERT INTO credit_allocation (id, user_id, subscription_id, credit_type, source, amount, remaining, "
        "allocation_period_start, allocation_period_end, expires_at, applied_to_balance_at, balance_id, created_at, "
        "updated_at) VALUES (?, ?, ?, "_s
            + sqlv::enumParam(db, u"credit_type"_s) + u", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
        {sqlv::uuid(db, r.grant.id), sqlv::uuid(db, r.userId), sqlv::uuid(db, r.subscriptionId),
         toString(r.grant.type), r.grant.source, sqlv::credits(db, r.grant.amount), sqlv::credits(db, r.grant.remaining),
         sqlv::timestamp(db, r.periodStartMs), sqlv::timestamp(db, r.periodEndMs),
         sqlv::timestamp(db, r.grant.expiresAtMs), sqlv::timestamp(db, nowMs), sqlv::uuid(db, balanceId),
         sqlv::timestamp(db, r.grant.createdAtMs), sqlv::timestamp(db, nowMs)});
    if (!q)
        return std::unexpected(q.error());
    auto source = billing::runSql(db,
                                  u"INSERT INTO user_credit_source (id, user_id, credit_allocation_id, source_type, "
                                  "created_at) VALUES (?, ?, ?, "_s
                                      + sqlv::enumParam(db, u"credit_source_type"_s) + u", ?)"_s,
                                  {sqlv::uuid(db, sqlv::newUuid()), sqlv::uuid(db, r.userId),
                                   sqlv::uuid(db, r.grant.id), r.sourceType, sqlv::timestamp(db, nowMs)});
    if (!source)
        return std::unexpected(source.error());
    return {};
}

Result<void> CreditRepository::updateRemaining(const QString &grantId, Credits remaining, std::int64_t nowMs) const
{
    auto q = billing::runSql(m_db, u"UPDATE credit_allocation SET remaining = ?, updated_at = ? WHERE id = ?"_s,
                             {sqlv::credits(m_db, remaining), sqlv::timestamp(m_db, nowMs),
                              sqlv::uuid(m_db, grantId)});
    if (!q)
        return std::unexpected(q.error());
    return {};
}

Result<void> CreditRepository::endGrant(const QString &grantId, std::int64_t atMs) const
{
    auto q = billing::runSql(m_db, u"UPDATE credit_allocation SET expires_at = ?, updated_at = ? WHERE id = ?"_s,
                             {sqlv::timestamp(m_db, atMs), sqlv::timestamp(m_db, atMs), sqlv::uuid(m_db, grantId)});
    if (!q)
        return std::unexpected(q.error());
    return {};
}

Result<void> CreditRepository::addCreditDay(const QString &userId, const QString &day, const DayDelta &d,
                                            std::int64_t nowMs) const
{
    const auto &db = m_db;
    auto q = billing::runSql(
        db,
        u"INSERT INTO credit_usage_daily_summary (id, user_id, summary_date, credits_allocated, credits_deducted, "
        "credits_expired, request_count, closing_balance, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (user_id, summary_date) DO UPDATE SET "
        "credits_allocated = credit_usage_daily_summary.credits_allocated + excluded.credits_allocated, "
        "credits_deducted = credit_usage_daily_summary.credits_deducted + excluded.credits_deducted, "
        "credits_expired = credit_usage_daily_summary.credits_expired + excluded.credits_expired, "
        "request_count = credit_usage_daily_summary.request_count + excluded.request_count, "
        "closing_balance = excluded.closing_balance, updated_at = excluded.updated_at"_s,
        {sqlv::uuid(db, sqlv::newUuid()), sqlv::uuid(db, userId), day, sqlv::credits(db, d.allocated),
         sqlv::credits(db, d.deducted), sqlv::credits(db, d.expired), d.requests, sqlv::credits(db, d.closingBalance),
         sqlv::timestamp(db, nowMs), sqlv::timestamp(db, nowMs)});
    if (!q)
        return std::unexpected(q.error());
    return {};
}

} // namespace creditdesk::server

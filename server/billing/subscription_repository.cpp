#include "server/billing/subscription_repository.h"

#include "server/billing/billing_sql.h"
#include "server/db/connection.h"
#include "server/db/sql_values.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

const QString kColumns = u"id, user_id, tier, status, billing_interval, base_price_usd, price_cents, "
                         "monthly_credit_allocation, started_at, current_period_start, current_period_end, trial_end, "
                         "cancel_at_period_end, cancelled_at, cancellation_reason, ended_at, created_at, updated_at"_s;

template <typename T>
bool take(const Result<T> &value, Error &error)
{
    if (value)
        return true;
    error = value.error();
    return false;
}

Result<SubscriptionRow> readRow(const Connection &db, const QSqlQuery &q)
{
    SubscriptionRow r;
    Error e;
    r.id = sqlv::readUuid(q.value(0));
    r.userId = sqlv::readUuid(q.value(1));
    auto tier = parseSubscriptionTier(q.value(2).toString());
    auto status = parseSubscriptionStatus(q.value(3).toString());
    auto interval = parseBillingInterval(q.value(4).toString());
    auto base = sqlv::readUsd(db, q.value(5));
    auto allocation = sqlv::readCredits(db, q.value(7));
    auto started = sqlv::readTimestamp(db, q.value(8));
    auto start = sqlv::readTimestamp(db, q.value(9));
    auto end = sqlv::readTimestamp(db, q.value(10));
    auto trial = sqlv::readOptionalTimestamp(db, q.value(11));
    auto cancelFlag = sqlv::readBoolean(db, q.value(12));
    auto cancelled = sqlv::readOptionalTimestamp(db, q.value(13));
    auto ended = sqlv::readOptionalTimestamp(db, q.value(15));
    auto created = sqlv::readTimestamp(db, q.value(16));
    auto updated = sqlv::readTimestamp(db, q.value(17));
    if (!take(tier, e) || !take(status, e) || !take(interval, e) || !take(base, e) || !take(allocation, e)
        || !take(started, e) || !take(start, e) || !take(end, e) || !take(trial, e) || !take(cancelFlag, e)
        || !take(cancelled, e) || !take(ended, e) || !take(created, e) || !take(updated, e))
        return std::unexpected(e);
    r.tier = *tier;
    r.status = *status;
    r.interval = *interval;
    r.basePrice = *base;
    r.priceCents = q.value(6).toLongLong();
    r.monthlyAllocation = *allocation;
    r.startedAtMs = *started;
    r.periodStartMs = *start;
    r.periodEndMs = *end;
    r.trialEndMs = *trial;
    r.cancelAtPeriodEnd = *cancelFlag;
    r.cancelledAtMs = *cancelled;
    r.cancellationReason = q.value(14).toString();
    r.endedAtMs = *ended;
    r.createdAtMs = *created;
    r.updatedAtMs = *updated;
    return r;
}

QVariant nullableText(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

} // namespace

bool isCurrentStatus(SubscriptionStatus status)
{
    return status == SubscriptionStatus::Trial || status == SubscriptionStatus::Active
        || status == SubscriptionStatus::PastDue || status == SubscriptionStatus::Suspended;
}

bool isServingStatus(SubscriptionStatus status)
{
    return status == SubscriptionStatus::Trial || status == SubscriptionStatus::Active
        || status == SubscriptionStatus::PastDue;
}

Result<std::optional<SubscriptionRow>> SubscriptionRepository::select(const QString &where, const QVariant &value,
                                                                      bool lock) const
{
    bool found = false;
    auto q = billing::runSqlFirst(m_db,
                                  u"SELECT "_s + kColumns + u" FROM subscription_monetization WHERE "_s + where
                                      + (lock ? forUpdate(m_db) : QString()),
                                  {value}, &found);
    if (!q)
        return std::unexpected(q.error());
    if (!found)
        return std::optional<SubscriptionRow>();
    auto row = readRow(m_db, *q);
    if (!row)
        return std::unexpected(row.error());
    return std::optional<SubscriptionRow>(std::move(*row));
}

Result<std::optional<SubscriptionRow>> SubscriptionRepository::current(const QString &userId, bool lock) const
{
    return select(u"user_id = ? AND status IN ('trial', 'active', 'past_due', 'suspended')"_s,
                  sqlv::uuid(m_db, userId), lock);
}

Result<std::optional<SubscriptionRow>> SubscriptionRepository::byId(const QString &id, bool lock) const
{
    return select(u"id = ?"_s, sqlv::uuid(m_db, id), lock);
}

Result<void> SubscriptionRepository::insert(const SubscriptionRow &r) const
{
    const auto &db = m_db;
    auto q = billing::runSql(
        db,
        u"INSERT INTO subscription_monetization (id, user_id, tier, status, billing_interval, base_price_usd, "
        "price_cents, monthly_credit_allocation, started_at, current_period_start, current_period_end, trial_end, "
        "cancel_at_period_end, cancelled_at, cancellation_reason, ended_at, created_at, updated_at) VALUES (?, ?, "_s
            + sqlv::enumParam(db, u"subscription_tier"_s) + u", "_s + sqlv::enumParam(db, u"subscription_status"_s)
            + u", "_s + sqlv::enumParam(db, u"billing_interval"_s)
            + u", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
        {sqlv::uuid(db, r.id), sqlv::uuid(db, r.userId), toString(r.tier), toString(r.status), toString(r.interval),
         sqlv::usd(db, r.basePrice), QVariant::fromValue(static_cast<qlonglong>(r.priceCents)),
         sqlv::credits(db, r.monthlyAllocation), sqlv::timestamp(db, r.startedAtMs),
         sqlv::timestamp(db, r.periodStartMs), sqlv::timestamp(db, r.periodEndMs), sqlv::timestamp(db, r.trialEndMs),
         sqlv::boolean(db, r.cancelAtPeriodEnd), sqlv::timestamp(db, r.cancelledAtMs),
         nullableText(r.cancellationReason), sqlv::timestamp(db, r.endedAtMs), sqlv::timestamp(db, r.createdAtMs),
         sqlv::timestamp(db, r.updatedAtMs)});
    if (!q)
        return std::unexpected(q.error());
    return {};
}

Result<void> SubscriptionRepository::update(const SubscriptionRow &r) const
{
    const auto &db = m_db;
    auto q = billing::runSql(
        db,
        u"UPDATE subscription_monetization SET tier = "_s + sqlv::enumParam(db, u"subscription_tier"_s)
            + u", status = "_s + sqlv::enumParam(db, u"subscription_status"_s) + u", billing_interval = "_s
            + sqlv::enumParam(db, u"billing_interval"_s)
            + u", base_price_usd = ?, price_cents = ?, monthly_credit_allocation = ?, started_at = ?, "
              "current_period_start = ?, current_period_end = ?, trial_end = ?, cancel_at_period_end = ?, "
              "cancelled_at = ?, cancellation_reason = ?, ended_at = ?, updated_at = ? WHERE id = ?"_s,
        {toString(r.tier), toString(r.status), toString(r.interval), sqlv::usd(db, r.basePrice),
         QVariant::fromValue(static_cast<qlonglong>(r.priceCents)), sqlv::credits(db, r.monthlyAllocation),
         sqlv::timestamp(db, r.startedAtMs), sqlv::timestamp(db, r.periodStartMs), sqlv::timestamp(db, r.periodEndMs),
         sqlv::timestamp(db, r.trialEndMs), sqlv::boolean(db, r.cancelAtPeriodEnd),
         sqlv::timestamp(db, r.cancelledAtMs), nullableText(r.cancellationReason), sqlv::timestamp(db, r.endedAtMs),
         sqlv::timestamp(db, r.updatedAtMs), sqlv::uuid(db, r.id)});
    if (!q)
        return std::unexpected(q.error());
    return {};
}

} // namespace creditdesk::server

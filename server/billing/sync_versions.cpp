#include "server/billing/sync_versions.h"

#include "server/billing/billing_sql.h"
#include "server/db/connection.h"
#include "server/db/sql_values.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

QString columnPrefix(SyncStream stream)
{
    switch (stream) {
    case SyncStream::Profile:
        return u"profile"_s;
    case SyncStream::Subscription:
        return u"subscription"_s;
    case SyncStream::Balance:
        return u"balance"_s;
    case SyncStream::License:
        return u"license"_s;
    case SyncStream::Coupons:
        return u"coupons"_s;
    case SyncStream::Invoices:
        return u"invoices"_s;
    case SyncStream::Usage:
        return u"usage"_s;
    }
    Q_UNREACHABLE();
    return {};
}

} // namespace

Result<void> bumpSyncVersion(Connection &db, const QString &userId, SyncStream stream, std::int64_t nowMs)
{
    const QString c = columnPrefix(stream); // a fixed column name, never input
    QString sql;
    if (stream == SyncStream::Usage) {
        sql = u"INSERT INTO user_sync_state (user_id, usage_updated_at) VALUES (?, ?) "
              "ON CONFLICT (user_id) DO UPDATE SET usage_updated_at = excluded.usage_updated_at"_s;
    } else {
        sql = u"INSERT INTO user_sync_state (user_id, "_s + c + u"_version, "_s + c + u"_updated_at) VALUES (?, 1, ?) "
              "ON CONFLICT (user_id) DO UPDATE SET "_s + c + u"_version = user_sync_state."_s + c + u"_version + 1, "_s
            + c + u"_updated_at = excluded."_s + c + u"_updated_at"_s;
    }
    auto done = billing::runSql(db, sql, {sqlv::uuid(db, userId), sqlv::timestamp(db, nowMs)});
    if (!done)
        return std::unexpected(done.error());
    return {};
}

Result<SyncVersions> readSyncVersions(const Connection &db, const QString &userId)
{
    bool found = false;
    auto q = billing::runSqlFirst(
        db,
        u"SELECT profile_version, profile_updated_at, subscription_version, subscription_updated_at, "
        "balance_version, balance_updated_at, license_version, license_updated_at, coupons_version, "
        "coupons_updated_at, invoices_version, invoices_updated_at, usage_updated_at "
        "FROM user_sync_state WHERE user_id = ?"_s,
        {sqlv::uuid(db, userId)}, &found);
    if (!q)
        return std::unexpected(q.error());
    SyncVersions v;
    if (!found)
        return v;
    SyncVersion *streams[] = {&v.profile, &v.subscription, &v.balance, &v.license, &v.coupons, &v.invoices};
    for (int i = 0; i < 6; ++i) {
        streams[i]->version = q->value(2 * i).toLongLong();
        auto at = sqlv::readOptionalTimestamp(db, q->value(2 * i + 1));
        if (!at)
            return std::unexpected(at.error());
        streams[i]->updatedAtMs = *at;
    }
    auto usage = sqlv::readOptionalTimestamp(db, q->value(12));
    if (!usage)
        return std::unexpected(usage.error());
    v.usageUpdatedAtMs = *usage;
    return v;
}

} // namespace creditdesk::server

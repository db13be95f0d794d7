#include "server/billing/usage_query_repository.h"

#include "server/billing/billing_sql.h"
#include "server/db/connection.h"
#include "server/db/sql_values.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

const QString kTokens = u"(u.input_tokens + u.output_tokens + u.cached_input_tokens)"_s;

Result<UsageTotals> readTotals(const Connection &db, const QSqlQuery &q, int first)
{
    auto credits = sqlv::readCredits(db, q.value(first));
    if (!credits)
        return std::unexpected(credits.error());
    UsageTotals t;
    t.credits = *credits;
    t.requests = q.value(first + 1).toLongLong();
    t.tokens = q.value(first + 2).toLongLong();
    t.durationMs = q.value(first + 3).toLongLong();
    t.timedRequests = q.value(first + 4).toLongLong();
    return t;
}

const QString kAggregates = u"COALESCE(SUM(u.credits_deducted), 0), COUNT(*), COALESCE(SUM"_s + kTokens
    + u", 0), COALESCE(SUM(u.request_duration_ms), 0), COUNT(u.request_duration_ms)"_s;

} // namespace

QString UsageQueryRepository::where(const UsageFilter &f, QVariantList &values, const QString &userId) const
{
    QString sql = u" WHERE u.user_id = ?"_s;
    values.append(sqlv::uuid(m_db, userId));
    if (f.fromMs) {
        sql += u" AND u.occurred_at >= ?"_s;
        values.append(sqlv::timestamp(m_db, *f.fromMs));
    }
    if (f.untilMs) {
        sql += u" AND u.occurred_at < ?"_s;
        values.append(sqlv::timestamp(m_db, *f.untilMs));
    }
    if (!f.modelId.isEmpty()) {
        sql += u" AND u.model_id = ?"_s;
        values.append(f.modelId);
    }
    if (!f.requestType.isEmpty()) {
        sql += u" AND u.request_type = "_s + sqlv::enumParam(m_db, u"request_type"_s);
        values.append(f.requestType);
    }
    if (!f.operation.isEmpty()) {
        sql += u" AND u.operation = "_s + sqlv::enumParam(m_db, u"usage_operation"_s);
        values.append(f.operation);
    }
    return sql;
}

Result<QList<UsageListRow>> UsageQueryRepository::list(const QString &userId, const UsageFilter &filter, int limit,
                                                       std::int64_t offset) const
{
    QVariantList values;
    const QString sql = u"SELECT u.id, u.model_id, u.request_type, u.credits_deducted, u.input_tokens, "
                        "u.output_tokens, u.cached_input_tokens, u.request_duration_ms, u.occurred_at "
                        "FROM token_usage_ledger u"_s
        + where(filter, values, userId) + u" ORDER BY u.occurred_at DESC, u.id DESC LIMIT ? OFFSET ?"_s;
    values.append(limit);
    values.append(QVariant::fromValue(static_cast<qlonglong>(offset)));
    auto q = billing::runSql(m_db, sql, values);
    if (!q)
        return std::unexpected(q.error());
    QList<UsageListRow> rows;
    while (q->next()) {
        UsageListRow r;
        auto credits = sqlv::readCredits(m_db, q->value(3));
        auto occurred = sqlv::readTimestamp(m_db, q->value(8));
        if (!credits || !occurred)
            return std::unexpected(!credits ? credits.error() : occurred.error());
        r.id = sqlv::readUuid(q->value(0));
        r.modelId = q->value(1).toString();
        r.requestType = q->value(2).toString();
        r.credits = *credits;
        r.inputTokens = q->value(4).toLongLong();
        r.outputTokens = q->value(5).toLongLong();
        r.cachedInputTokens = q->value(6).toLongLong();
        if (!q->value(7).isNull())
            r.durationMs = q->value(7).toLongLong();
        r.occurredAtMs = *occurred;
        rows.append(r);
    }
    return rows;
}

Result<UsageTotals> UsageQueryRepository::totals(const QString &userId, const UsageFilter &filter) const
{
    QVariantList values;
    const QString sql = u"SELECT "_s + kAggregates + u" FROM token_usage_ledger u"_s + where(filter, values, userId);
    bool found = false;
    auto q = billing::runSqlFirst(m_db, sql, values, &found);
    if (!q)
        return std::unexpected(q.error());
    if (!found)
        return UsageTotals{};
    return readTotals(m_db, *q, 0);
}

Result<QList<UsageBucket>> UsageQueryRepository::grouped(const QString &userId, const UsageFilter &filter,
                                                         UsageGrouping grouping) const
{
    const bool pg = m_db.dialect() == Dialect::PostgreSql;
    QString key;
    QString join;
    switch (grouping) {
    case UsageGrouping::Day:
        key = pg ? u"CAST(floor(extract(epoch from u.occurred_at) / 86400) AS bigint)"_s
                 : u"(u.occurred_at / 86400000)"_s;
        break;
    case UsageGrouping::Hour:
        key = pg ? u"CAST(extract(hour from u.occurred_at AT TIME ZONE 'UTC') AS integer)"_s
                 : u"((u.occurred_at / 3600000) % 24)"_s;
        break;
    case UsageGrouping::Model:
        key = u"u.model_id"_s;
        break;
    case UsageGrouping::ModelAndProvider:
        key = u"u.model_id, p.name"_s;
        join = u" JOIN providers p ON p.id = u.provider_id"_s;
        break;
    }
    QVariantList values;
    const bool pair = grouping == UsageGrouping::ModelAndProvider;
    const QString sql = u"SELECT "_s + key + (pair ? QString() : u", ''"_s) + u", "_s + kAggregates
        + u" FROM token_usage_ledger u"_s + join + where(filter, values, userId) + u" GROUP BY "_s + key;
    auto q = billing::runSql(m_db, sql, values);
    if (!q)
        return std::unexpected(q.error());
    QList<UsageBucket> buckets;
    while (q->next()) {
        auto totals = readTotals(m_db, *q, 2);
        if (!totals)
            return std::unexpected(totals.error());
        buckets.append(UsageBucket{q->value(0).toString(), q->value(1).toString(), *totals});
    }
    return buckets;
}

Result<QList<UsageSyncRow>> UsageQueryRepository::page(const QString &userId,
                                                       std::optional<std::int64_t> afterCreatedMs,
                                                       const QString &afterId, std::int64_t visibleUntilMs,
                                                       int limit) const
{
    QString sql = u"SELECT u.id, u.request_id, u.model_id, p.name, u.request_type, u.input_tokens, u.output_tokens, "
                  "u.cached_input_tokens, u.credits_deducted, u.is_byok, u.status, u.reverses_id, u.occurred_at, "
                  "u.created_at, u.updated_at FROM token_usage_ledger u JOIN providers p ON p.id = u.provider_id "
                  "WHERE u.user_id = ? AND u.created_at <= ?"_s;
    QVariantList values{sqlv::uuid(m_db, userId), sqlv::timestamp(m_db, visibleUntilMs)};
    if (afterCreatedMs) {
        sql += u" AND (u.created_at > ? OR (u.created_at = ? AND u.id > ?))"_s;
        values << sqlv::timestamp(m_db, *afterCreatedMs) << sqlv::timestamp(m_db, *afterCreatedMs)
               << sqlv::uuid(m_db, afterId);
    }
    sql += u" ORDER BY u.created_at, u.id LIMIT ?"_s;
    values.append(limit);
    auto q = billing::runSql(m_db, sql, values);
    if (!q)
        return std::unexpected(q.error());
    QList<UsageSyncRow> rows;
    while (q->next()) {
        UsageSyncRow r;
        auto credits = sqlv::readCredits(m_db, q->value(8));
        auto byok = sqlv::readBoolean(m_db, q->value(9));
        auto occurred = sqlv::readTimestamp(m_db, q->value(12));
        auto created = sqlv::readTimestamp(m_db, q->value(13));
        auto updated = sqlv::readTimestamp(m_db, q->value(14));
        if (!credits || !byok || !occurred || !created || !updated)
            return fail("database_error"_L1, u"token_usage_ledger row is unreadable"_s);
        r.id = sqlv::readUuid(q->value(0));
        r.requestId = sqlv::readUuid(q->value(1));
        r.modelId = q->value(2).toString();
        r.provider = q->value(3).toString();
        r.requestType = q->value(4).toString();
        r.inputTokens = q->value(5).toLongLong();
        r.outputTokens = q->value(6).toLongLong();
        r.cachedInputTokens = q->value(7).toLongLong();
        r.credits = *credits;
        r.byok = *byok;
        r.status = q->value(10).toString();
        r.reversesId = sqlv::readUuid(q->value(11));
        r.occurredAtMs = *occurred;
        r.createdAtMs = *created;
        r.updatedAtMs = *updated;
        rows.append(r);
    }
    return rows;
}

Result<std::optional<std::pair<std::int64_t, QString>>> UsageQueryRepository::latest(const QString &userId,
                                                                                     std::int64_t visibleUntilMs) const
{
    bool found = false;
    auto q = billing::runSqlFirst(m_db,
                                  u"SELECT created_at, id FROM token_usage_ledger WHERE user_id = ? AND created_at <= ? "
                                  "ORDER BY created_at DESC, id DESC LIMIT 1"_s,
                                  {sqlv::uuid(m_db, userId), sqlv::timestamp(m_db, visibleUntilMs)}, &found);
    if (!q)
        return std::unexpected(q.error());
    if (!found)
        return std::optional<std::pair<std::int64_t, QString>>();
    auto created = sqlv::readTimestamp(m_db, q->value(0));
    if (!created)
        return std::unexpected(created.error());
    return std::optional<std::pair<std::int64_t, QString>>(std::pair{*created, sqlv::readUuid(q->value(1))});
}

} // namespace creditdesk::server

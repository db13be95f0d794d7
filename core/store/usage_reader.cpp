#include "core/store/mirror_database.h"
#include "core/store/sql_support.h"
#include "core/store/usage_repository.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace creditdesk::store {

namespace {

const QString kUsageColumns =
    u"id, request_id, model_id, provider, request_type, input_tokens, output_tokens, cached_input_tokens, "
    u"credits_deducted, is_byok, status, reverses_id, occurred_at, created_at, updated_at"_s;

UsageRow readUsageRow(sql::RowReader &r)
{
    UsageRow row;
    row.id = r.text(0);
    row.requestId = r.text(1);
    row.modelId = r.text(2);
    row.provider = r.text(3);
    row.requestType = r.text(4);
    row.inputTokens = r.integer(5);
    row.outputTokens = r.integer(6);
    row.cachedInputTokens = r.integer(7);
    row.creditsDeducted = r.credits(8);
    row.byok = r.optBoolean(9);
    row.status = r.text(10);
    row.reversesId = r.text(11);
    row.occurredAtMs = r.integer(12);
    row.createdAtMs = r.integer(13);
    row.updatedAtMs = r.optInteger(14);
    return row;
}

qint64 utcDayStart(qint64 ms)
{
    const qint64 day = UsageRepository::kDayMs;
    return (ms >= 0 ? ms / day : (ms - day + 1) / day) * day;
}

} // namespace

UsagePageRequest UsageRepository::recent(qint64 nowMs, int days, int limit)
{
    UsagePageRequest request;
    request.sinceMs = nowMs - qint64{days} * kDayMs;
    request.limit = limit;
    return request;
}

Result<UsagePage> UsageRepository::usagePage(const UsagePageRequest &request)
{
    if (request.limit < 1 || request.limit > kMaxPageSize)
        return fail(creditdesk::errc::invalidArgument, u"usage page size must be 1..%1"_s.arg(kMaxPageSize),
                    {{u"limit"_s, request.limit}});
    // Every condition is a bound parameter; the keyset order keeps using
    // idx_token_usage_ledger_created, the filters only narrow what it walks.
    QString where = u"created_at >= ?"_s;
    QVariantList binds{sql::integer(request.sinceMs)};
    if (request.after) {
        where += u" AND (created_at, id) < (?, ?)"_s;
        binds << sql::integer(request.after->createdAtMs) << request.after->id;
    }
    if (request.untilMs) {
        where += u" AND created_at < ?"_s;
        binds << sql::integer(*request.untilMs);
    }
    if (!request.modelId.isEmpty()) {
        where += u" AND model_id = ?"_s;
        binds << request.modelId;
    }
    if (!request.provider.isEmpty()) {
        where += u" AND provider = ?"_s;
        binds << request.provider;
    }
    if (request.byok)
        where += *request.byok ? u" AND is_byok = 1"_s : u" AND (is_byok IS NULL OR is_byok = 0)"_s;
    // One row more than asked tells whether another page follows.
    binds << sql::integer(qint64{request.limit} + 1);
    Result<QSqlQuery> q = m_db.run(u"SELECT "_s + kUsageColumns + u" FROM token_usage_ledger WHERE "_s +
                                       where + u" ORDER BY created_at DESC, id DESC LIMIT ?"_s,
                                   binds);
    if (!q)
        return std::unexpected(q.error());
    UsagePage page;
    while (q->next()) {
        if (page.rows.size() == request.limit) {
            const UsageRow &last = page.rows.constLast();
            page.next = UsageKey{last.createdAtMs, last.id};
            break;
        }
        sql::RowReader r(*q);
        UsageRow row = readUsageRow(r);
        if (auto s = r.status(); !s)
            return std::unexpected(s.error());
        page.rows.append(std::move(row));
    }
    if (auto s = sql::iterationStatus(*q, "read usage page"_L1); !s)
        return std::unexpected(s.error());
    return page;
}

Result<QList<DailyUsage>> UsageRepository::dailyUsage(qint64 nowMs, int days)
{
    if (days < 1 || days > 3660)
        return fail(creditdesk::errc::invalidArgument, u"daily usage needs 1..3660 days"_s,
                    {{u"days"_s, days}});
    const qint64 end = utcDayStart(nowMs) + kDayMs;
    const qint64 start = end - qint64{days} * kDayMs;
    // Totals per UTC day are kept by triggers (schema version 3).
    auto q = m_db.run(u"SELECT day, credits, requests, input_tokens, output_tokens FROM usage_daily_summary "
                      u"WHERE day >= ? AND day < ? ORDER BY day"_s,
                      {sql::integer(start / kDayMs), sql::integer(end / kDayMs)});
    if (!q)
        return std::unexpected(q.error());
    QHash<qint64, DailyUsage> byDay;
    while (q->next()) {
        sql::RowReader r(*q);
        DailyUsage d;
        d.dayStartMs = r.integer(0) * kDayMs;
        d.credits = r.credits(1);
        d.requests = r.integer(2);
        d.inputTokens = r.integer(3);
        d.outputTokens = r.integer(4);
        d.totalTokens = d.inputTokens + d.outputTokens;
        if (auto s = r.status(); !s)
            return std::unexpected(s.error());
        byDay.insert(d.dayStartMs, d);
    }
    if (auto s = sql::iterationStatus(*q, "read daily usage"_L1); !s)
        return std::unexpected(s.error());
    QList<DailyUsage> result;
    result.reserve(days);
    for (qint64 day = start; day < end; day += kDayMs) {
        DailyUsage d = byDay.value(day);
        d.dayStartMs = day;
        result.append(d);
    }
    return result;
}

Result<QList<ModelUsage>> UsageRepository::modelUsage(qint64 fromMs, qint64 toMs)
{
    if (toMs < fromMs)
        return fail(creditdesk::errc::invalidArgument, u"model usage range ends before it starts"_s);
    auto q =
        m_db.run(u"SELECT model_id, provider, sum(credits_deducted) AS credits, sum(reverses_id IS NULL), "
                 u"sum(CASE WHEN reverses_id IS NULL THEN input_tokens + output_tokens ELSE 0 END) "
                 u"FROM token_usage_ledger WHERE occurred_at >= ? AND occurred_at < ? "
                 u"GROUP BY model_id, provider ORDER BY credits DESC, model_id, provider"_s,
                 {sql::integer(fromMs), sql::integer(toMs)});
    if (!q)
        return std::unexpected(q.error());
    QList<ModelUsage> result;
    while (q->next()) {
        sql::RowReader r(*q);
        ModelUsage m;
        m.modelId = r.text(0);
        m.provider = r.text(1);
        m.credits = r.credits(2);
        m.requests = r.integer(3);
        m.totalTokens = r.integer(4);
        if (auto s = r.status(); !s)
            return std::unexpected(s.error());
        result.append(std::move(m));
    }
    if (auto s = sql::iterationStatus(*q, "read model usage"_L1); !s)
        return std::unexpected(s.error());
    return result;
}

Result<std::optional<UsageRow>> UsageRepository::usageRow(const QString &id)
{
    auto q = m_db.run(u"SELECT "_s + kUsageColumns + u" FROM token_usage_ledger WHERE id = ?"_s, {id});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::nullopt;
    sql::RowReader r(*q);
    UsageRow row = readUsageRow(r);
    if (auto s = r.status(); !s)
        return std::unexpected(s.error());
    return row;
}

Result<qint64> UsageRepository::rowCount()
{
    auto q = m_db.run(u"SELECT count(*) FROM token_usage_ledger"_s);
    if (!q)
        return std::unexpected(q.error());
    return q->next() ? q->value(0).toLongLong() : 0;
}

Result<QList<CreditDeduction>> UsageRepository::deductions()
{
    auto q = m_db.run(u"SELECT id, request_id, usage_id, amount, balance_after, created_at "
                      u"FROM credit_deduction_ledger ORDER BY created_at DESC, id DESC"_s);
    if (!q)
        return std::unexpected(q.error());
    QList<CreditDeduction> result;
    while (q->next()) {
        sql::RowReader r(*q);
        CreditDeduction d;
        d.id = r.text(0);
        d.requestId = r.text(1);
        d.usageId = r.text(2);
        d.amount = r.credits(3);
        d.balanceAfter = r.optCredits(4);
        d.createdAtMs = r.integer(5);
        if (auto s = r.status(); !s)
            return std::unexpected(s.error());
        result.append(std::move(d));
    }
    if (auto s = sql::iterationStatus(*q, "read deductions"_L1); !s)
        return std::unexpected(s.error());
    return result;
}

} // namespace creditdesk::store

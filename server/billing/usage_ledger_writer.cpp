#include "server/billing/usage_ledger_writer.h"

#include "server/db/connection.h"
#include "server/db/sql_values.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

constexpr int kUsageColumns = 21;
constexpr int kDeductionColumns = 8;

QString placeholders(const QString &row, qsizetype count)
{
    QString sql;
    sql.reserve(row.size() * count + 2 * count);
    for (qsizetype i = 0; i < count; ++i) {
        if (i > 0)
            sql += u", "_s;
        sql += row;
    }
    return sql;
}

QVariant big(std::int64_t value)
{
    return QVariant::fromValue(static_cast<qlonglong>(value));
}

QVariant nullableBig(std::optional<std::int64_t> value)
{
    return value ? big(*value) : QVariant(QMetaType::fromType<qlonglong>());
}

} // namespace

UsageLedgerWriter::UsageLedgerWriter(const Connection &db)
    : m_db(db)
{}

UsageLedgerWriter::~UsageLedgerWriter() = default;

Result<QSqlQuery *> UsageLedgerWriter::statement(const QString &key, const QString &sql)
{
    if (auto it = m_statements.constFind(key); it != m_statements.constEnd())
        return it->get();
    auto query = std::make_shared<QSqlQuery>(m_db.database());
    query->setForwardOnly(true);
    if (!query->prepare(sql))
        return std::unexpected(queryError(*query, u"prepare "_s + key));
    m_statements.insert(key, query);
    return query.get();
}

Result<void> UsageLedgerWriter::insertUsage(std::span<const UsageLedgerRow> rows)
{
    if (m_db.dialect() == Dialect::PostgreSql)
        return insertUsageArrays(rows);
    const auto &db = m_db;
    while (!rows.empty()) {
        const qsizetype n = std::min<qsizetype>(kRowsPerStatement, static_cast<qsizetype>(rows.size()));
        const QString row = u"(?, ?, ?, ?, ?, ?, ?, "_s + sqlv::enumParam(db, u"request_type"_s) + u", "_s
            + sqlv::enumParam(db, u"usage_operation"_s) + u", ?, ?, ?, ?, ?, ?, ?, "_s
            + sqlv::enumParam(db, u"usage_status"_s) + u", ?, ?, ?, ?)"_s;
        auto q = statement(u"usage:"_s + QString::number(n),
                           u"INSERT INTO token_usage_ledger (id, request_id, user_id, subscription_id, model_id, "
                           "provider_id, pricing_id, request_type, operation, input_tokens, output_tokens, "
                           "cached_input_tokens, vendor_cost, credit_multiplier, credits_deducted, is_byok, status, "
                           "request_duration_ms, occurred_at, created_at, updated_at) VALUES "_s
                               + placeholders(row, n));
        if (!q)
            return std::unexpected(q.error());
        QSqlQuery &query = **q;
        int p = 0;
        for (qsizetype i = 0; i < n; ++i) {
            const UsageLedgerRow &r = rows[static_cast<std::size_t>(i)];
            query.bindValue(p++, sqlv::uuid(db, r.id));
            query.bindValue(p++, sqlv::uuid(db, r.requestId));
            query.bindValue(p++, sqlv::uuid(db, r.userId));
            query.bindValue(p++, sqlv::uuid(db, r.subscriptionId));
            query.bindValue(p++, r.modelId);
            query.bindValue(p++, sqlv::uuid(db, r.providerId));
            query.bindValue(p++, sqlv::uuid(db, r.pricingId));
            query.bindValue(p++, toString(r.requestType));
            query.bindValue(p++, toString(r.operation));
            query.bindValue(p++, big(r.inputTokens));
            query.bindValue(p++, big(r.outputTokens));
            query.bindValue(p++, big(r.cachedInputTokens));
            query.bindValue(p++, sqlv::vendorCost(db, r.vendorCostE8));
            query.bindValue(p++, sqlv::multiplier(db, r.multiplierHundredths));
            query.bindValue(p++, sqlv::credits(db, r.credits));
            query.bindValue(p++, sqlv::boolean(db, r.byok));
            query.bindValue(p++, u"success"_s);
            query.bindValue(p++, nullableBig(r.durationMs));
            query.bindValue(p++, sqlv::timestamp(db, r.occurredAtMs));
            query.bindValue(p++, sqlv::timestamp(db, r.createdAtMs));
            query.bindValue(p++, sqlv::timestamp(db, r.createdAtMs));
        }
        Q_ASSERT(p == kUsageColumns * n);
        if (!query.exec())
            return std::unexpected(queryError(query, u"insert token_usage_ledger"_s));
        rows = rows.subspan(static_cast<std::size_t>(n));
    }
    return {};
}

Result<void> UsageLedgerWriter::insertDeductions(std::span<const DeductionLedgerRow> rows)
{
    if (m_db.dialect() == Dialect::PostgreSql)
        return insertDeductionArrays(rows);
    const auto &db = m_db;
    while (!rows.empty()) {
        const qsizetype n = std::min<qsizetype>(kRowsPerStatement, static_cast<qsizetype>(rows.size()));
        auto q = statement(u"deduction:"_s + QString::number(n),
                           u"INSERT INTO credit_deduction_ledger (id, user_id, request_id, token_usage_id, amount, "
                           "balance_before, balance_after, created_at) VALUES "_s
                               + placeholders(u"(?, ?, ?, ?, ?, ?, ?, ?)"_s, n));
        if (!q)
            return std::unexpected(q.error());
        QSqlQuery &query = **q;
        int p = 0;
        for (qsizetype i = 0; i < n; ++i) {
            const DeductionLedgerRow &r = rows[static_cast<std::size_t>(i)];
            query.bindValue(p++, sqlv::uuid(db, r.id));
            query.bindValue(p++, sqlv::uuid(db, r.userId));
            query.bindValue(p++, sqlv::uuid(db, r.requestId));
            query.bindValue(p++, sqlv::uuid(db, r.usageId));
            query.bindValue(p++, sqlv::credits(db, r.amount));
            query.bindValue(p++, sqlv::credits(db, r.balanceBefore));
            query.bindValue(p++, sqlv::credits(db, r.balanceAfter));
            query.bindValue(p++, sqlv::timestamp(db, r.createdAtMs));
        }
        Q_ASSERT(p == kDeductionColumns * n);
        if (!query.exec())
            return std::unexpected(queryError(query, u"insert credit_deduction_ledger"_s));
        rows = rows.subspan(static_cast<std::size_t>(n));
    }
    return {};
}

Result<void> UsageLedgerWriter::addTokenDay(const TokenDayDelta &d, std::int64_t nowMs)
{
    const auto &db = m_db;
    auto q = statement(
        u"token-day"_s,
        u"INSERT INTO token_usage_daily_summary (id, user_id, summary_date, model_id, provider_id, request_count, "
        "byok_request_count, input_tokens, output_tokens, cached_input_tokens, vendor_cost, credits_deducted, "
        "total_duration_ms, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (user_id, summary_date, model_id, provider_id) DO UPDATE SET "
        "request_count = token_usage_daily_summary.request_count + excluded.request_count, "
        "byok_request_count = token_usage_daily_summary.byok_request_count + excluded.byok_request_count, "
        "input_tokens = token_usage_daily_summary.input_tokens + excluded.input_tokens, "
        "output_tokens = token_usage_daily_summary.output_tokens + excluded.output_tokens, "
        "cached_input_tokens = token_usage_daily_summary.cached_input_tokens + excluded.cached_input_tokens, "
        "vendor_cost = token_usage_daily_summary.vendor_cost + excluded.vendor_cost, "
        "credits_deducted = token_usage_daily_summary.credits_deducted + excluded.credits_deducted, "
        "total_duration_ms = token_usage_daily_summary.total_duration_ms + excluded.total_duration_ms, "
        "updated_at = excluded.updated_at"_s);
    if (!q)
        return std::unexpected(q.error());
    QSqlQuery &query = **q;
    const QVariantList values = {sqlv::uuid(db, sqlv::newUuid()), sqlv::uuid(db, d.userId), d.day, d.modelId,
                                 sqlv::uuid(db, d.providerId), big(d.requests), big(d.byokRequests),
                                 big(d.inputTokens), big(d.outputTokens), big(d.cachedInputTokens),
                                 sqlv::vendorCost(db, d.vendorCostE8), sqlv::credits(db, d.credits),
                                 big(d.durationMs), sqlv::timestamp(db, nowMs), sqlv::timestamp(db, nowMs)};
    for (int i = 0; i < values.size(); ++i)
        query.bindValue(i, values.at(i));
    if (!query.exec())
        return std::unexpected(queryError(query, u"upsert token_usage_daily_summary"_s));
    return {};
}

} // namespace creditdesk::server

// PostgreSQL bulk path of UsageLedgerWriter: every column's values travel as
// one bound array parameter and unnest() turns them back into rows.
#include "server/billing/usage_ledger_writer.h"

#include "server/db/connection.h"
#include "server/db/sql_values.h"

#include <QDateTime>

#include <array>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

// A PostgreSQL array literal: {"a","b",NULL}. Elements are double-quoted with
// '"' and '\' escaped, so any text is safe; the literal itself is bound.
class ArrayLiteral {
public:
    void add(const QVariant &value)
    {
        m_text += m_text.isEmpty() ? u'{' : u',';
        if (value.isNull()) {
            m_text += u"NULL"_s;
            return;
        }
        QString text;
        if (value.metaType().id() == QMetaType::Bool)
            text = value.toBool() ? u"t"_s : u"f"_s;
        else if (value.metaType().id() == QMetaType::QDateTime)
            text = value.toDateTime().toUTC().toString(Qt::ISODateWithMs);
        else
            text = value.toString();
        m_text += u'"';
        for (QChar c : std::as_const(text)) {
            if (c == u'"' || c == u'\\')
                m_text += u'\\';
            m_text += c;
        }
        m_text += u'"';
    }
    [[nodiscard]] QString take()
    {
        QString done = m_text.isEmpty() ? u"{}"_s : m_text + u'}';
        m_text.clear();
        return done;
    }

private:
    QString m_text;
};

QVariant big(std::int64_t value)
{
    return QVariant::fromValue(static_cast<qlonglong>(value));
}

} // namespace

Result<void> UsageLedgerWriter::insertUsageArrays(std::span<const UsageLedgerRow> rows)
{
    const auto &db = m_db;
    auto q = statement(u"usage-arrays"_s,
                       u"INSERT INTO token_usage_ledger (id, request_id, user_id, subscription_id, model_id, "
                       "provider_id, pricing_id, request_type, operation, input_tokens, output_tokens, "
                       "cached_input_tokens, vendor_cost, credit_multiplier, credits_deducted, is_byok, status, "
                       "request_duration_ms, occurred_at, created_at, updated_at) SELECT * FROM unnest("
                       "?::uuid[], ?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::uuid[], ?::uuid[], "
                       "?::request_type[], ?::usage_operation[], ?::integer[], ?::integer[], ?::integer[], "
                       "?::numeric[], ?::numeric[], ?::numeric[], ?::boolean[], ?::usage_status[], ?::integer[], "
                       "?::timestamptz[], ?::timestamptz[], ?::timestamptz[])"_s);
    if (!q)
        return std::unexpected(q.error());
    while (!rows.empty()) {
        const auto n = std::min<std::size_t>(static_cast<std::size_t>(kArrayRowsPerStatement), rows.size());
        std::array<ArrayLiteral, 21> columns;
        for (std::size_t i = 0; i < n; ++i) {
            const UsageLedgerRow &r = rows[i];
            const QVariant values[] = {sqlv::uuid(db, r.id), sqlv::uuid(db, r.requestId), sqlv::uuid(db, r.userId),
                                       sqlv::uuid(db, r.subscriptionId), r.modelId, sqlv::uuid(db, r.providerId),
                                       sqlv::uuid(db, r.pricingId), toString(r.requestType), toString(r.operation),
                                       big(r.inputTokens), big(r.outputTokens), big(r.cachedInputTokens),
                                       sqlv::vendorCost(db, r.vendorCostE8), sqlv::multiplier(db, r.multiplierHundredths),
                                       sqlv::credits(db, r.credits), sqlv::boolean(db, r.byok), u"success"_s,
                                       r.durationMs ? big(*r.durationMs) : QVariant(QMetaType::fromType<qlonglong>()),
                                       sqlv::timestamp(db, r.occurredAtMs), sqlv::timestamp(db, r.createdAtMs),
                                       sqlv::timestamp(db, r.createdAtMs)};
            for (std::size_t c = 0; c < columns.size(); ++c)
                columns[c].add(values[c]);
        }
        QSqlQuery &query = **q;
        for (std::size_t c = 0; c < columns.size(); ++c)
            query.bindValue(static_cast<int>(c), columns[c].take());
        if (!query.exec())
            return std::unexpected(queryError(query, u"insert token_usage_ledger"_s));
        rows = rows.subspan(n);
    }
    return {};
}

Result<void> UsageLedgerWriter::insertDeductionArrays(std::span<const DeductionLedgerRow> rows)
{
    const auto &db = m_db;
    auto q = statement(u"deduction-arrays"_s,
                       u"INSERT INTO credit_deduction_ledger (id, user_id, request_id, token_usage_id, amount, "
                       "balance_before, balance_after, created_at) SELECT * FROM unnest(?::uuid[], ?::uuid[], "
                       "?::uuid[], ?::uuid[], ?::numeric[], ?::numeric[], ?::numeric[], ?::timestamptz[])"_s);
    if (!q)
        return std::unexpected(q.error());
    while (!rows.empty()) {
        const auto n = std::min<std::size_t>(static_cast<std::size_t>(kArrayRowsPerStatement), rows.size());
        std::array<ArrayLiteral, 8> columns;
        for (std::size_t i = 0; i < n; ++i) {
            const DeductionLedgerRow &r = rows[i];
            const QVariant values[] = {sqlv::uuid(db, r.id),           sqlv::uuid(db, r.userId),
                                       sqlv::uuid(db, r.requestId),    sqlv::uuid(db, r.usageId),
                                       sqlv::credits(db, r.amount),    sqlv::credits(db, r.balanceBefore),
                                       sqlv::credits(db, r.balanceAfter), sqlv::timestamp(db, r.createdAtMs)};
            for (std::size_t c = 0; c < columns.size(); ++c)
                columns[c].add(values[c]);
        }
        QSqlQuery &query = **q;
        for (std::size_t c = 0; c < columns.size(); ++c)
            query.bindValue(static_cast<int>(c), columns[c].take());
        if (!query.exec())
            return std::unexpected(queryError(query, u"insert credit_deduction_ledger"_s));
        rows = rows.subspan(n);
    }
    return {};
}

} // namespace creditdesk::server

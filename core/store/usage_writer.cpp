#include "core/store/usage_repository.h"

#include "core/store/mirror_database.h"
#include "core/store/sql_support.h"

using namespace Qt::StringLiterals;

namespace creditdesk::store {

namespace {

const QString &upsertUsageRow()
{
    static const QString statement = sql::upsertStatement(
        "token_usage_ledger"_L1,
        {"id"_L1, "request_id"_L1, "model_id"_L1, "provider"_L1, "request_type"_L1, "input_tokens"_L1,
         "output_tokens"_L1, "cached_input_tokens"_L1, "credits_deducted"_L1, "is_byok"_L1, "status"_L1,
         "reverses_id"_L1, "occurred_at"_L1, "created_at"_L1, "updated_at"_L1},
        "id"_L1);
    return statement;
}

const QString &upsertDeduction()
{
    static const QString statement = sql::upsertStatement(
        "credit_deduction_ledger"_L1,
        {"id"_L1, "request_id"_L1, "usage_id"_L1, "amount"_L1, "balance_after"_L1, "created_at"_L1}, "id"_L1);
    return statement;
}

} // namespace

Result<void> UsageRepository::applyUsagePage(const QList<UsageRow> &rows, const QString &nextCursor,
                                             qint64 syncedAtMs)
{
    return m_db.transact([&]() -> Result<void> {
        auto upsert = m_db.prepare(upsertUsageRow());
        if (!upsert)
            return std::unexpected(upsert.error());
        for (const UsageRow &row : rows) {
            auto r = m_db.exec(*upsert,
                               {row.id, row.requestId, row.modelId, row.provider, row.requestType,
                                sql::integer(row.inputTokens), sql::integer(row.outputTokens),
                                sql::integer(row.cachedInputTokens), sql::units(row.creditsDeducted),
                                sql::boolean(row.isByok), row.status, sql::text(row.reversesId),
                                sql::integer(row.occurredAtMs), sql::integer(row.createdAtMs),
                                sql::integer(row.updatedAtMs)},
                               MirrorDatabase::Access::Write);
            if (!r)
                return r;
        }
        return m_db.write(u"INSERT INTO sync_state (stream, cursor, synced_at) VALUES (?, ?, ?) "
                          u"ON CONFLICT (stream) DO UPDATE SET cursor = excluded.cursor, "
                          u"synced_at = excluded.synced_at"_s,
                          {u"usage"_s, sql::text(nextCursor), sql::integer(syncedAtMs)});
    });
}

Result<void> UsageRepository::upsertDeductions(const QList<CreditDeduction> &deductions)
{
    return m_db.transact([&]() -> Result<void> {
        auto upsert = m_db.prepare(upsertDeduction());
        if (!upsert)
            return std::unexpected(upsert.error());
        for (const CreditDeduction &d : deductions) {
            auto r = m_db.exec(*upsert,
                               {d.id, d.requestId, sql::text(d.usageId), sql::units(d.amount),
                                sql::units(d.balanceAfter), sql::integer(d.createdAtMs)},
                               MirrorDatabase::Access::Write);
            if (!r)
                return r;
        }
        return {};
    });
}

} // namespace creditdesk::store

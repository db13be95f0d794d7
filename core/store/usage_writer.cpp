#include "core/store/mirror_database.h"
#include "core/store/sql_support.h"
#include "core/store/usage_repository.h"

#include <QMap>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace creditdesk::store {

namespace {

const QList<QLatin1StringView> &ledgerColumns()
{
    static const QList<QLatin1StringView> columns{"id"_L1,
                                                  "request_id"_L1,
                                                  "model_id"_L1,
                                                  "provider"_L1,
                                                  "request_type"_L1,
                                                  "input_tokens"_L1,
                                                  "output_tokens"_L1,
                                                  "cached_input_tokens"_L1,
                                                  "credits_deducted"_L1,
                                                  "is_byok"_L1,
                                                  "status"_L1,
                                                  "reverses_id"_L1,
                                                  "occurred_at"_L1,
                                                  "created_at"_L1,
                                                  "updated_at"_L1};
    return columns;
}

// ":id", ":request_id"...: values are bound by name (MirrorDatabase::execBound).
const QStringList &placeholders()
{
    static const QStringList names = [] {
        QStringList out;
        for (const QLatin1StringView column : ledgerColumns())
            out.append(u':' + QString(column));
        return out;
    }();
    return names;
}

const QString &insertUsageRow()
{
    static const QString statement = []() -> QString {
        QStringList columns;
        for (const QLatin1StringView column : ledgerColumns())
            columns.append(QString(column));
        return u"INSERT INTO token_usage_ledger ("_s + columns.join(u", "_s) + u") VALUES ("_s +
               placeholders().join(u", "_s) + u") ON CONFLICT (id) DO NOTHING"_s;
    }();
    return statement;
}

const QString &updateUsageRow()
{
    static const QString statement = []() -> QString {
        QStringList sets;
        for (qsizetype i = 1; i < ledgerColumns().size(); ++i)
            sets.append(QString(ledgerColumns().at(i)) + u" = "_s + placeholders().at(i));
        return u"UPDATE token_usage_ledger SET "_s + sets.join(u", "_s) + u" WHERE id = :id"_s;
    }();
    return statement;
}

const QString &upsertDeduction()
{
    static const QString statement = sql::upsertStatement(
        "credit_deduction_ledger"_L1,
        {"id"_L1, "request_id"_L1, "usage_id"_L1, "amount"_L1, "balance_after"_L1, "created_at"_L1}, "id"_L1);
    return statement;
}

void bindRow(QSqlQuery &query, const UsageRow &row)
{
    const QStringList &name = placeholders();
    query.bindValue(name.at(0), row.id);
    query.bindValue(name.at(1), sql::text(row.requestId));
    query.bindValue(name.at(2), row.modelId);
    query.bindValue(name.at(3), sql::text(row.provider));
    query.bindValue(name.at(4), sql::text(row.requestType));
    query.bindValue(name.at(5), sql::integer(row.inputTokens));
    query.bindValue(name.at(6), sql::integer(row.outputTokens));
    query.bindValue(name.at(7), sql::integer(row.cachedInputTokens));
    query.bindValue(name.at(8), sql::units(row.creditsDeducted));
    query.bindValue(name.at(9), sql::boolean(row.byok));
    query.bindValue(name.at(10), sql::text(row.status));
    query.bindValue(name.at(11), sql::text(row.reversesId));
    query.bindValue(name.at(12), sql::integer(row.occurredAtMs));
    query.bindValue(name.at(13), sql::integer(row.createdAtMs));
    query.bindValue(name.at(14), sql::integer(row.updatedAtMs));
}

// One UTC day's change to usage_daily_summary (as its update trigger counts).
struct DayTotals {
    qint64 credits = 0;
    qint64 requests = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
};

void addTo(DayTotals &totals, const UsageRow &row)
{
    totals.credits += row.creditsDeducted.units();
    if (row.reversesId.isEmpty()) {
        ++totals.requests;
        totals.inputTokens += row.inputTokens;
        totals.outputTokens += row.outputTokens;
    }
}

} // namespace

Result<void> UsageRepository::applyUsagePage(const QList<UsageRow> &rows, const QString &nextCursor,
                                             qint64 syncedAtMs)
{
    return m_db.transact([&]() -> Result<void> {
        auto insert = m_db.prepare(insertUsageRow());
        if (!insert)
            return std::unexpected(insert.error());
        std::optional<QSqlQuery> update;
        // The day totals of the rows inserted here (a row already mirrored is
        // updated instead, and its trigger moves its totals).
        QMap<qint64, DayTotals> inserted;
        for (const UsageRow &row : rows) {
            bindRow(*insert, row);
            if (auto r = m_db.execBound(*insert, MirrorDatabase::Access::Write); !r)
                return r;
            if (insert->numRowsAffected() > 0) {
                addTo(inserted[row.occurredAtMs / kDayMs], row);
                continue;
            }
            if (!update) {
                auto prepared = m_db.prepare(updateUsageRow());
                if (!prepared)
                    return std::unexpected(prepared.error());
                update = std::move(*prepared);
            }
            bindRow(*update, row);
            if (auto r = m_db.execBound(*update, MirrorDatabase::Access::Write); !r)
                return r;
        }
        for (auto day = inserted.cbegin(); day != inserted.cend(); ++day) {
            const DayTotals &t = *day;
            auto r =
                m_db.write(u"INSERT INTO usage_daily_summary (day, credits, requests, input_tokens, "
                           u"output_tokens) VALUES (?, ?, ?, ?, ?) ON CONFLICT (day) DO UPDATE SET "
                           u"credits = credits + excluded.credits, requests = requests + excluded.requests, "
                           u"input_tokens = input_tokens + excluded.input_tokens, "
                           u"output_tokens = output_tokens + excluded.output_tokens"_s,
                           {sql::integer(day.key()), sql::integer(t.credits), sql::integer(t.requests),
                            sql::integer(t.inputTokens), sql::integer(t.outputTokens)});
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

#pragma once

#include "core/domain/error.h"
#include "server/db/connection.h"
#include "server/db/transaction.h"

#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <cstdint>
#include <type_traits>
#include <utility>

namespace creditdesk::server::billing {

// Runs `sql` with `values` bound in order (Connection::run: a cached prepared statement).
[[nodiscard]] Result<PreparedQuery> runSql(const Connection &db, const QString &sql,
                                           const QVariantList &values = {});

// Like runSql, then steps to the first row; `found` tells whether there is one.
[[nodiscard]] Result<PreparedQuery> runSqlFirst(const Connection &db, const QString &sql,
                                                const QVariantList &values, bool *found);

// SQLite answered SQLITE_BUSY / SQLITE_LOCKED (busy timeout exhausted).
[[nodiscard]] bool isSqliteBusy(const Error &error);
// A transaction that may succeed when run again: PostgreSQL serialization
// failure or deadlock (isRetryableConflict), or SQLite busy.
[[nodiscard]] bool isTransient(const Error &error);
// Sleeps a little before attempt `attempt` (1-based) of a retried transaction.
void backoff(int attempt);

inline constexpr int kMaxTransactionAttempts = 12;

// Runs `work` (returning Result<T>) inside a Transaction and commits it.
// A transient failure of any statement or of the commit rolls back and runs
// `work` again; any other error rolls back and is returned unchanged.
template <typename Work>
[[nodiscard]] auto inTransaction(Connection &db, Work &&work) -> std::invoke_result_t<Work &>
{
    using R = std::invoke_result_t<Work &>;
    for (int attempt = 1;; ++attempt) {
        auto tx = Transaction::begin(db);
        if (!tx) {
            if (isTransient(tx.error()) && attempt < kMaxTransactionAttempts) {
                backoff(attempt);
                continue;
            }
            return R(std::unexpect, tx.error());
        }
        R result = work();
        if (!result) {
            tx->rollback();
            if (isTransient(result.error()) && attempt < kMaxTransactionAttempts) {
                backoff(attempt);
                continue;
            }
            return result;
        }
        if (auto committed = tx->commit(); !committed) {
            if (isTransient(committed.error()) && attempt < kMaxTransactionAttempts) {
                backoff(attempt);
                continue;
            }
            return R(std::unexpect, committed.error());
        }
        return result;
    }
}

// Epoch ms of a UTC calendar day and back: "2025-11-27".
[[nodiscard]] QString dayText(std::int64_t epochMs);
// A `date` column value (PostgreSQL QDate or text, SQLite text) → "YYYY-MM-DD".
[[nodiscard]] QString readDayText(const QVariant &value);

} // namespace creditdesk::server::billing

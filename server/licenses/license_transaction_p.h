#pragma once

#include "server/db/connection.h"
#include "server/db/sql_values.h"
#include "server/db/transaction.h"

#include <utility>

namespace creditdesk::server::lictx {

// Runs `body` (returning a Result) in one write transaction; commits on
// success, rolls back on error. A PostgreSQL serialization failure or
// deadlock (isRetryableConflict) runs the whole body again, at most 3 times,
// so `body` must not depend on state a failed attempt changed.
template <typename Body>
auto inTransaction(Connection &db, Body &&body) -> decltype(body())
{
    using R = decltype(body());
    constexpr int kAttempts = 3;
    for (int attempt = 1;; ++attempt) {
        auto tx = Transaction::begin(db);
        if (!tx)
            return std::unexpected(tx.error());
        R result = body();
        if (!result) {
            tx->rollback();
            if (attempt < kAttempts && isRetryableConflict(result.error()))
                continue;
            return result;
        }
        if (auto committed = tx->commit(); !committed) {
            if (attempt < kAttempts && isRetryableConflict(committed.error()))
                continue;
            return std::unexpected(committed.error());
        }
        return result;
    }
}

} // namespace creditdesk::server::lictx

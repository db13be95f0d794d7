#pragma once

#include "core/domain/error.h"

#include <QString>

namespace creditdesk::server {

class Connection;

// A write transaction that serialises conflicting writers on both dialects:
// SQLite takes the database write lock up front (BEGIN IMMEDIATE, waiting up
// to the busy timeout); PostgreSQL runs READ COMMITTED and services lock the
// rows they change with `SELECT … FOR UPDATE` (see forUpdate()). Rolls back on
// destruction unless committed.
class Transaction {
public:
    [[nodiscard]] static Result<Transaction> begin(Connection &db);

    Transaction(Transaction &&other) noexcept;
    Transaction &operator=(Transaction &&) = delete;
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    ~Transaction();

    [[nodiscard]] Result<void> commit();
    void rollback();

private:
    explicit Transaction(Connection *db);
    Connection *m_db = nullptr; // null once finished or moved from
};

// " FOR UPDATE" on PostgreSQL, "" on SQLite (whose BEGIN IMMEDIATE already
// holds the only write lock).
[[nodiscard]] QString forUpdate(const Connection &db);

} // namespace creditdesk::server

#pragma once

#include "core/domain/error.h"
#include "server/db/database_url.h"
#include "server/db/prepared_query.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace creditdesk::server {

// Owns one named Qt SQL connection (one per thread, as Qt requires) and
// removes it from QSqlDatabase's registry when destroyed. Every QSqlQuery on
// it must be gone by then.
//
// On open: PostgreSQL sessions run in UTC and return NUMERIC as decimal
// strings (QSql::HighPrecision, never double). SQLite connections get
// foreign_keys=ON, journal_mode=WAL (verified), busy_timeout=5000 and
// synchronous=NORMAL.
class Connection {
public:
    static constexpr int kSqliteBusyTimeoutMs = 5000;

    // `database_unavailable` when the driver is missing or the server/file
    // cannot be opened; `database_error` when a session setting fails or the
    // connection name is taken.
    [[nodiscard]] static Result<Connection> open(const DatabaseConfig &config, const QString &connectionName);

    Connection(Connection &&other) noexcept;
    Connection &operator=(Connection &&other) noexcept;
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;
    ~Connection();

    [[nodiscard]] QSqlDatabase database() const;
    [[nodiscard]] Dialect dialect() const { return m_config.dialect; }
    [[nodiscard]] const DatabaseConfig &config() const { return m_config; }
    [[nodiscard]] const QString &name() const { return m_name; }

    // Runs one statement through this connection's StatementCache (prepared
    // once, executed with `values` bound in order); `database_error` naming
    // `context`. Every PreparedQuery must be gone before the connection.
    [[nodiscard]] Result<PreparedQuery> run(const QString &sql, const QVariantList &values,
                                            const QString &context) const;
    [[nodiscard]] std::size_t cachedStatementCount() const;

private:
    Connection(DatabaseConfig config, QString name);
    void release();

    DatabaseConfig m_config;
    QString m_name; // empty once moved from
    // Behind a pointer so that a moved connection keeps the statements that
    // checked-out PreparedQuery objects point into; mutated by const run().
    std::unique_ptr<StatementCache> m_statements;
};

// Runs one statement with bound values; `database_error` carries the driver
// message and the statement. For session setup and small helpers.
[[nodiscard]] Result<void> execStatement(const QSqlDatabase &db, const QString &sql,
                                         const QVariantList &values = {});

} // namespace creditdesk::server

#pragma once

#include "core/domain/error.h"
#include "server/db/connection.h"

#include <QList>
#include <QSet>
#include <QString>

namespace creditdesk::server {

// One numbered SQL file: NNNN_name.sql (version NNNN, name [a-z0-9_]+).
struct Migration {
    int version = 0;
    QString name;
    QString sql;
    QString checksum; // SHA-256 hex of the file's bytes
};

struct AppliedMigration {
    int version = 0;
    QString name;
    friend bool operator==(const AppliedMigration &, const AppliedMigration &) = default;
};

struct MigrationReport {
    QList<AppliedMigration> applied; // applied by this run, in order
    int version = 0;                 // the database's schema version afterwards
};

// ":/migrations/postgresql" or ":/migrations/sqlite" (compiled in).
[[nodiscard]] QString bundledMigrationsPath(Dialect dialect);

// The migrations of a folder, ordered; `migration_invalid` for a misnamed
// .sql file, a duplicate or missing number (versions are 1..N), an empty
// folder or an unreadable file.
[[nodiscard]] Result<QList<Migration>> loadMigrations(const QString &directory);

// Brings a database to the latest schema. Applied versions are recorded in
// schema_migrations(version, name, checksum, applied_at); each migration runs
// in its own transaction (BEGIN IMMEDIATE on SQLite) and is recorded in it,
// so a failure leaves the previous version intact. Concurrent migrators are
// serialized (PostgreSQL: a session advisory lock; SQLite: the write lock,
// re-checking the version inside the transaction).
class Migrator {
public:
    // `directory` defaults to the bundled migrations of the connection's
    // dialect. The connection must outlive the migrator.
    explicit Migrator(const Connection &connection, QString directory = {});

    // Errors: `migration_invalid` (also for BEGIN/COMMIT inside a file),
    // `schema_too_new` (the database is at a
    // version this binary does not know), `migration_checksum_mismatch` (an
    // applied file was edited), `migration_failed` (details: version, name,
    // statement, line, database_message), `database_error`.
    [[nodiscard]] Result<MigrationReport> migrate() const;

    // 0 for a database without schema_migrations.
    [[nodiscard]] Result<int> currentVersion() const;
    [[nodiscard]] Result<int> latestVersion() const;

private:
    [[nodiscard]] Result<void> ensureMigrationsTable() const;
    [[nodiscard]] Result<QSet<int>> checkApplied(const QList<Migration> &migrations) const;
    [[nodiscard]] Result<bool> applyOne(const Migration &migration) const;

    const Connection &m_connection;
    QString m_directory;
};

} // namespace creditdesk::server

#pragma once

#include "core/domain/error.h"
#include "server/db/connection.h"
#include "server/db/database_url.h"

#include <QString>

#include <optional>

namespace creditdesk::bench {

// A throwaway PostgreSQL database for one benchmark run: created on the
// cluster of the admin URL, migrated with the server's own migrator, dropped
// by drop() unless kept.
class PgBenchDatabase {
public:
    // Connects to the admin URL (postgresql://USER@HOST:PORT/DB), creates
    // `creditdesk_bench_<utc time>_<pid>` and migrates it to the latest schema.
    [[nodiscard]] static Result<PgBenchDatabase> create(const QString &adminUrl);

    PgBenchDatabase(PgBenchDatabase &&) noexcept = default;
    PgBenchDatabase &operator=(PgBenchDatabase &&) noexcept = default;
    PgBenchDatabase(const PgBenchDatabase &) = delete;
    PgBenchDatabase &operator=(const PgBenchDatabase &) = delete;
    ~PgBenchDatabase() = default;

    [[nodiscard]] const server::Connection &connection() const { return *m_bench; }
    [[nodiscard]] const QString &name() const { return m_name; }
    [[nodiscard]] QString redactedUrl() const { return m_bench->config().redactedUrl(); }
    [[nodiscard]] int schemaVersion() const { return m_schemaVersion; }
    // "PostgreSQL 15.x ..." and the settings that matter for the figures.
    [[nodiscard]] Result<QString> serverFacts() const;

    // Closes the benchmark connection and drops the database.
    [[nodiscard]] Result<void> drop();
    // Closes the benchmark connection and leaves the database in place.
    void keep();

private:
    PgBenchDatabase(server::Connection admin, server::Connection bench, QString name, int schemaVersion);

    std::optional<server::Connection> m_admin;
    std::optional<server::Connection> m_bench;
    QString m_name;
    int m_schemaVersion = 0;
};

} // namespace creditdesk::bench

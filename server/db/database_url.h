#pragma once

#include "core/domain/error.h"

#include <QLatin1StringView>
#include <QString>

namespace creditdesk::server {

enum class Dialect { PostgreSql, Sqlite };

// "postgresql" or "sqlite": the URL scheme and the migrations folder name.
[[nodiscard]] QLatin1StringView dialectName(Dialect dialect);

// Where the server's data lives, parsed from a database URL:
//   postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=..&connect_timeout=..
//                 &application_name=..&connection_limit=..]   (postgres:// too)
//   sqlite:///absolute/path/to/file.db
struct DatabaseConfig {
    Dialect dialect = Dialect::Sqlite;
    // PostgreSQL
    QString host;
    int port = 5432;
    QString user;
    QString password;
    QString databaseName;
    QString sslMode; // empty = libpq default
    int connectTimeoutSeconds = 10;
    QString applicationName; // empty = "creditdesk-server"
    int connectionLimit = 0; // 0 = the server's default pool size
    // SQLite
    QString filePath;

    // The URL with the password replaced by "***": safe for logs and errors.
    [[nodiscard]] QString redactedUrl() const;
    // libpq keywords for QSqlDatabase::setConnectOptions (PostgreSQL only).
    [[nodiscard]] QString postgresConnectOptions() const;
};

// `invalid_database_url` with a message naming what is wrong; the message
// never contains the password.
[[nodiscard]] Result<DatabaseConfig> parseDatabaseUrl(const QString &url);

} // namespace creditdesk::server

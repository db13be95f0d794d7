#pragma once

#include <QLatin1StringView>

// Error codes of the server's database layer (snake_case, stable).
namespace creditdesk::server::dberr {
inline constexpr QLatin1StringView invalidDatabaseUrl{"invalid_database_url"};
inline constexpr QLatin1StringView databaseUnavailable{"database_unavailable"};
inline constexpr QLatin1StringView databaseError{"database_error"};
inline constexpr QLatin1StringView migrationInvalid{"migration_invalid"};
inline constexpr QLatin1StringView migrationFailed{"migration_failed"};
inline constexpr QLatin1StringView migrationChecksumMismatch{"migration_checksum_mismatch"};
inline constexpr QLatin1StringView schemaTooNew{"schema_too_new"};
inline constexpr QLatin1StringView invalidArguments{"invalid_arguments"};
} // namespace creditdesk::server::dberr

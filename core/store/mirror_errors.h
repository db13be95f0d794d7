#pragma once

#include <QLatin1StringView>

// Error codes produced by the local mirror (core/store). Each is tested in
// tests/unit/store.
namespace creditdesk::store::errc {

// Not a SQLite file, truncated, zero-filled, failed quick_check, or no valid
// schema_version. MirrorDatabase::open() leaves the file untouched;
// openOrRecover() moves it aside and starts a fresh mirror.
inline constexpr QLatin1StringView mirrorCorrupt{"mirror_corrupt"};
// A sound SQLite database of another program: another application_id, or
// tables without the mirror's `meta`. Left untouched, as mirror_corrupt.
inline constexpr QLatin1StringView mirrorForeign{"mirror_foreign"};
// schema_version is newer than this build understands. open() leaves the file
// untouched; openOrRecover() moves it aside.
inline constexpr QLatin1StringView mirrorTooNew{"mirror_too_new"};
// The file cannot be opened, read or written (permissions, disk full, a
// directory in the way, WAL unavailable...).
inline constexpr QLatin1StringView mirrorIoError{"mirror_io_error"};
// A migration step failed; the whole ladder was rolled back.
inline constexpr QLatin1StringView mirrorMigrationFailed{"mirror_migration_failed"};
// A row broke a CHECK, NOT NULL, UNIQUE or FOREIGN KEY constraint; the
// transaction that carried it was rolled back.
inline constexpr QLatin1StringView mirrorConstraintViolation{"mirror_constraint_violation"};
// Another connection held the write lock for longer than busy_timeout.
inline constexpr QLatin1StringView mirrorBusy{"mirror_busy"};
// A MirrorDatabase was used from a thread other than the one that opened it.
inline constexpr QLatin1StringView mirrorWrongThread{"mirror_wrong_thread"};
// This thread already has a connection to this file.
inline constexpr QLatin1StringView mirrorAlreadyOpen{"mirror_already_open"};
// The row or file the operation names does not exist.
inline constexpr QLatin1StringView mirrorNotFound{"mirror_not_found"};

} // namespace creditdesk::store::errc

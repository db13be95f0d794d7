#pragma once

#include "core/domain/error.h"

#include <QDateTime>
#include <QString>

namespace creditdesk::store {
struct OpenOptions;
}

// File-level checks of the mirror that never modify it: header sanity, a
// read-only probe (quick_check, schema_version) and quarantine by rename.
namespace creditdesk::store::file {

// SQLite header, page size and length; an empty file passes (SQLite reads it
// as an empty database).
[[nodiscard]] Result<void> checkHeader(const QString &path);

// checkHeader, then a read-only connection: quick_check, application_id,
// the meta table and schema_version (mirror_corrupt, mirror_foreign,
// mirror_too_new). Leaves the main file's bytes unchanged.
[[nodiscard]] Result<void> probe(const QString &path, int currentVersion, const OpenOptions &options);

[[nodiscard]] Error tooNewError(const QString &path, int found, int supported);

[[nodiscard]] Result<QString> quarantine(const QString &path, const QDateTime &nowUtc);

} // namespace creditdesk::store::file

#pragma once

#include "core/domain/error.h"

#include <QJsonObject>
#include <QLatin1StringView>
#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::licensing::detail {

// Internal to core/licensing. A small JSON object file in the profile directory, tagged with
// {"format": "<kind>.v<version>"}, written atomically (QSaveFile) with
// owner-only permissions. A damaged file is never deleted: it is moved aside
// to `<path>.corrupt-<yyyyMMddTHHmmssZ>` so its bytes survive for support.
class ProfileJsonFile {
public:
    ProfileJsonFile(QString path, QLatin1StringView kind, QLatin1StringView corruptCode);

    [[nodiscard]] const QString &path() const { return m_path; }
    [[nodiscard]] QString format() const;

    // The body (without "format"); nullopt when there is no file.
    // Not a JSON object, too large or without our format → moved aside and
    // the corrupt code (details: path, moved_to, reason). A newer version of
    // the format → profile_file_too_new, left in place. Unreadable →
    // profile_file_io.
    [[nodiscard]] Result<std::optional<QJsonObject>> read(std::int64_t nowMs) const;

    // For a body the caller found unusable (a missing or ill-typed field):
    // moves the file aside and returns the corrupt error to report, or
    // profile_file_io when it could not be moved (the file is then left alone).
    [[nodiscard]] Error setAside(const QString &reason, std::int64_t nowMs) const;

    // Writes {"format", ...body} atomically, mode 0600; profile_file_io.
    [[nodiscard]] Result<void> write(const QJsonObject &body) const;

private:
    QString m_path;
    QString m_kind;
    QLatin1StringView m_corruptCode;
};

} // namespace creditdesk::licensing::detail

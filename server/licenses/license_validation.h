#pragma once

#include "core/domain/error.h"
#include "server/licenses/license_types.h"

#include <QJsonObject>
#include <QString>
#include <QStringView>

namespace creditdesk::server {

// Input checks of the licenses area. Failures are `validation_error` with
// details {field: reason}, the reason being the domain code where there is
// one (license_key_malformed, invalid_fingerprint).
namespace licval {

// The normalised key (domain-rules §7) or validation_error {field: license_key_malformed}.
[[nodiscard]] Result<QString> licenseKey(QStringView raw,
                                         const QString &field = QStringLiteral("licenseKey"));

// Fingerprint (64 lower-case hex) and the optional device texts: no control
// characters or broken UTF-16, within the column lengths; os_type and
// os_version from a conservative character set. `prefix` names the object
// in the details ("deviceInfo").
[[nodiscard]] Result<void> deviceInfo(const DeviceInfo &device, const QString &prefix);

// Reads {fingerprint, deviceName?, osType?, osVersion?, cpuInfo?} strictly:
// present fields must be strings.
[[nodiscard]] Result<DeviceInfo> deviceInfoFromJson(const QJsonObject &object, const QString &prefix);

// A lower-case or upper-case canonical UUID text (ids in paths).
[[nodiscard]] bool isUuid(QStringView text);

// SemVer text for an input field, else validation_error {field: invalid_version}.
[[nodiscard]] Result<void> version(QStringView text, const QString &field);

[[nodiscard]] Error validationError(const QString &field, const QString &reason,
                                    const QString &message = QStringLiteral("request validation failed"));

} // namespace licval

} // namespace creditdesk::server

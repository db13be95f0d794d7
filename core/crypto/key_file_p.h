#pragma once

// Internal to creditdesk_crypto: reading and writing key files.

#include "core/domain/error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace creditdesk::crypto::detail {

// Atomic replace (QSaveFile); the file is 0600 before any byte is written.
[[nodiscard]] Result<void> writePrivateFile(const QString &path, QByteArrayView contents);
// The whole file, refusing anything larger than a key file can be.
[[nodiscard]] Result<QByteArray> readKeyFile(const QString &path);

} // namespace creditdesk::crypto::detail

#pragma once

#include "core/domain/error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

namespace creditdesk::crypto {

// Raw 32-byte SHA-256 digest.
[[nodiscard]] QByteArray sha256(QByteArrayView data);
// Lowercase hex.
[[nodiscard]] QString toHex(QByteArrayView data);
[[nodiscard]] QString sha256Hex(QByteArrayView data);

// n bytes from the OpenSSL CSPRNG; n must be 0..1 MiB (invalid_argument).
[[nodiscard]] Result<QByteArray> randomBytes(qsizetype n);

// Compares secrets without a data-dependent early exit. Different lengths are
// unequal (the length itself is not treated as secret).
[[nodiscard]] bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

// RFC 4648 §5 alphabet, no padding.
[[nodiscard]] QString base64UrlEncode(QByteArrayView data);
// Strict: rejects padding, whitespace, characters outside [A-Za-z0-9_-], an
// impossible length and non-zero trailing bits (invalid_base64url), so every
// byte string has exactly one accepted encoding.
[[nodiscard]] Result<QByteArray> base64UrlDecode(QStringView text);
[[nodiscard]] Result<QByteArray> base64UrlDecode(QByteArrayView text);

} // namespace creditdesk::crypto

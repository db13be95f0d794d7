#pragma once

#include "core/domain/error.h"

#include <QByteArray>
#include <QString>
#include <QStringView>

namespace creditdesk::crypto {

// A decoded "scrypt$N$r$p$<salt>$<hash>" string (salt and hash base64url).
struct PasswordHashParams {
    quint64 n = 0;
    quint32 r = 0;
    quint32 p = 0;
    QByteArray salt;
    QByteArray hash;
};

// Parameters of new hashes: N = 2^15, r = 8, p = 1, 16-byte salt, 32-byte hash.
inline constexpr quint64 kScryptN = quint64(1) << 15;
inline constexpr quint32 kScryptR = 8;
inline constexpr quint32 kScryptP = 1;

// Self-describing scrypt hash of the password's NFC UTF-8 bytes, e.g.
// "scrypt$32768$8$1$<22 chars>$<43 chars>". Fails only if OpenSSL does.
[[nodiscard]] Result<QString> hashPassword(QStringView password);

// Constant-time comparison; false for a wrong password and for any malformed
// or out-of-bounds encoding (never throws, never runs an absurd work factor).
[[nodiscard]] bool verifyPassword(QStringView password, QStringView encoded);

// password_hash_malformed for a bad shape, bad base64url or parameters outside
// the accepted bounds (N a power of two ≤ 2^20, r ≤ 32, p ≤ 16, ≤ 256 MiB).
[[nodiscard]] Result<PasswordHashParams> parsePasswordHash(QStringView encoded);

// True when the encoding is malformed or uses other parameters than new hashes.
[[nodiscard]] bool passwordHashNeedsRehash(QStringView encoded);

} // namespace creditdesk::crypto

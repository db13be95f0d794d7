#pragma once

#include "core/domain/error.h"

#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::server {
class Connection;
}

namespace creditdesk::server::auth {

// The columns of `users` that sign-in and OIDC need.
struct AuthUser {
    QString id;
    QString email;
    QString passwordHash; // empty = no password (cannot sign in)
    bool emailVerified = false;
    QString username;
    QString firstName;
    QString lastName;
    QString pictureUrl;
};

// Trimmed and lower-cased: users.email is stored normalized (unique, case-insensitive).
[[nodiscard]] QString normalizeEmail(const QString &email);
[[nodiscard]] bool isPlausibleEmail(const QString &normalizedEmail);

inline constexpr int kMinPasswordLength = 8;
inline constexpr int kMaxPasswordLength = 1024;

[[nodiscard]] Result<std::optional<AuthUser>> findUserByEmail(const Connection &db, const QString &email);
[[nodiscard]] Result<std::optional<AuthUser>> findUserById(const Connection &db, const QString &userId);
// `validation_error` for a bad email or password, `conflict` when the email is taken.
[[nodiscard]] Result<AuthUser> createUser(const Connection &db, const QString &email, const QString &password,
                                          std::int64_t nowMs);
// GDPR deletion: the schema's ON DELETE rules remove everything the user owns
// (grants included, so their tokens stop working at once). False if absent.
[[nodiscard]] Result<bool> deleteUser(const Connection &db, const QString &userId);
[[nodiscard]] Result<void> recordLogin(const Connection &db, const QString &userId, std::int64_t nowMs);

// Checks a password in constant time; for an unknown user it still runs one
// scrypt so response times do not reveal which emails exist.
[[nodiscard]] bool checkPassword(const std::optional<AuthUser> &user, const QString &password);

} // namespace creditdesk::server::auth

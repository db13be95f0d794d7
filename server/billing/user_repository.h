#pragma once

#include "core/domain/error.h"

#include <QJsonValue>
#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::server {

class Connection;

struct UserRow {
    QString id;
    QString email;
    bool emailVerified = false;
    QString username;  // empty = NULL
    QString firstName; // empty = NULL
    QString lastName;  // empty = NULL
    QString profilePictureUrl;
    std::int64_t createdAtMs = 0;
    std::optional<std::int64_t> lastLoginAtMs;
};

struct PreferencesRow {
    QString defaultModelId; // empty = NULL
    bool enableStreaming = true;
    int maxTokens = 4096;
    int temperatureHundredths = 70;
    QJsonValue metadata = QJsonValue(QJsonValue::Null); // object or null
    bool emailNotifications = true;
    bool usageAlerts = true;
    std::optional<std::int64_t> updatedAtMs; // nullopt: defaults, no row yet
};

// users and user_preferences (SQL only).
class UserRepository {
public:
    explicit UserRepository(const Connection &db)
        : m_db(db)
    {}

    // Not deleted users only.
    [[nodiscard]] Result<std::optional<UserRow>> find(const QString &userId) const;
    [[nodiscard]] Result<std::optional<UserRow>> findByEmail(const QString &email) const;
    // Writes first_name, last_name, username (empty → NULL); `unique_violation`
    // surfaces as the database error (isUniqueViolation).
    [[nodiscard]] Result<void> updateNames(const UserRow &user, std::int64_t nowMs) const;
    // Another user holds this username.
    [[nodiscard]] Result<bool> usernameTaken(const QString &username, const QString &exceptUserId) const;
    // Inserts a user without a password (admin seeding); returns the id.
    [[nodiscard]] Result<QString> insert(const QString &email, const QString &firstName, const QString &lastName,
                                         std::int64_t nowMs) const;

    [[nodiscard]] Result<PreferencesRow> preferences(const QString &userId) const; // defaults without a row
    [[nodiscard]] Result<void> savePreferences(const QString &userId, const PreferencesRow &row,
                                               std::int64_t nowMs) const;

    // An active price row names the model (the server's model catalogue).
    [[nodiscard]] Result<bool> modelExists(const QString &modelId) const;

private:
    const Connection &m_db;
};

} // namespace creditdesk::server

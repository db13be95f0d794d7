#pragma once

#include "core/domain/error.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace creditdesk::server {

class Connection;
struct ServerEnvironment;

struct UserPatch {
    std::optional<QString> firstName; // 1–100
    std::optional<QString> lastName;  // 1–100
    std::optional<QString> username;  // 3–30
};

struct PreferencesPatch {
    std::optional<bool> enableStreaming;
    std::optional<int> maxTokens;             // 1–200000
    std::optional<int> temperatureHundredths; // 0–200
    std::optional<QJsonValue> metadata;       // object or null, replaced whole
};

// Users, preferences and the profile (api-contract §4). Writes bump the
// profile sync version in their transaction.
class UserService {
public:
    UserService(const ServerEnvironment &env, Connection &db)
        : m_env(env)
        , m_db(db)
    {}

    [[nodiscard]] Result<QJsonObject> me(const QString &userId);
    // conflict {field:"username"} when the username is taken.
    [[nodiscard]] Result<QJsonObject> updateMe(const QString &userId, const UserPatch &patch);
    [[nodiscard]] Result<QJsonObject> preferences(const QString &userId);
    [[nodiscard]] Result<QJsonObject> updatePreferences(const QString &userId, const PreferencesPatch &patch);
    [[nodiscard]] Result<QJsonObject> modelPreference(const QString &userId);
    // not_found for a model without an active price row.
    [[nodiscard]] Result<QJsonObject> setModel(const QString &userId, const QString &modelId);
    // GET /api/user/profile.
    [[nodiscard]] Result<QJsonObject> profile(const QString &userId);

private:
    const ServerEnvironment &m_env;
    Connection &m_db;
};

} // namespace creditdesk::server

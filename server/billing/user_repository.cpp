#include "server/billing/user_repository.h"

#include "server/billing/billing_sql.h"
#include "server/db/connection.h"
#include "server/db/sql_values.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

const QString kUserColumns = u"id, email, email_verified, username, first_name, last_name, profile_picture_url, "
                             "created_at, last_login_at"_s;

Result<UserRow> readUser(const Connection &db, const QSqlQuery &q)
{
    UserRow u;
    u.id = sqlv::readUuid(q.value(0));
    u.email = q.value(1).toString();
    auto verified = sqlv::readBoolean(db, q.value(2));
    auto created = sqlv::readTimestamp(db, q.value(7));
    auto login = sqlv::readOptionalTimestamp(db, q.value(8));
    if (!verified || !created || !login)
        return std::unexpected(!verified ? verified.error() : !created ? created.error() : login.error());
    u.emailVerified = *verified;
    u.username = q.value(3).toString();
    u.firstName = q.value(4).toString();
    u.lastName = q.value(5).toString();
    u.profilePictureUrl = q.value(6).toString();
    u.createdAtMs = *created;
    u.lastLoginAtMs = *login;
    return u;
}

QVariant nullableText(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

Result<std::optional<UserRow>> findBy(const Connection &db, const QString &column, const QVariant &value)
{
    bool found = false;
    auto q = billing::runSqlFirst(db,
                                  u"SELECT "_s + kUserColumns + u" FROM users WHERE "_s + column
                                      + u" = ? AND deleted_at IS NULL"_s,
                                  {value}, &found);
    if (!q)
        return std::unexpected(q.error());
    if (!found)
        return std::optional<UserRow>();
    auto user = readUser(db, *q);
    if (!user)
        return std::unexpected(user.error());
    return std::optional<UserRow>(*user);
}

} // namespace

Result<std::optional<UserRow>> UserRepository::find(const QString &userId) const
{
    return findBy(m_db, u"id"_s, sqlv::uuid(m_db, userId));
}

Result<std::optional<UserRow>> UserRepository::findByEmail(const QString &email) const
{
    return findBy(m_db, u"email"_s, email.trimmed().toLower());
}

Result<void> UserRepository::updateNames(const UserRow &user, std::int64_t nowMs) const
{
    auto q = billing::runSql(m_db,
                             u"UPDATE users SET first_name = ?, last_name = ?, username = ?, updated_at = ? WHERE id = ?"_s,
                             {nullableText(user.firstName), nullableText(user.lastName), nullableText(user.username),
                              sqlv::timestamp(m_db, nowMs), sqlv::uuid(m_db, user.id)});
    if (!q)
        return std::unexpected(q.error());
    return {};
}

Result<bool> UserRepository::usernameTaken(const QString &username, const QString &exceptUserId) const
{
    bool found = false;
    auto q = billing::runSqlFirst(m_db, u"SELECT 1 FROM users WHERE username = ? AND id <> ?"_s,
                                  {username, sqlv::uuid(m_db, exceptUserId)}, &found);
    if (!q)
        return std::unexpected(q.error());
    return found;
}

Result<QString> UserRepository::insert(const QString &email, const QString &firstName, const QString &lastName,
                                       std::int64_t nowMs) const
{
    const QString id = sqlv::newUuid();
    auto q = billing::runSql(m_db,
                             u"INSERT INTO users (id, email, email_verified, first_name, last_name, created_at, updated_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)"_s,
                             {sqlv::uuid(m_db, id), email.trimmed().toLower(), sqlv::boolean(m_db, true),
                              nullableText(firstName), nullableText(lastName), sqlv::timestamp(m_db, nowMs),
                              sqlv::timestamp(m_db, nowMs)});
    if (!q)
        return std::unexpected(q.error());
    return id;
}

Result<PreferencesRow> UserRepository::preferences(const QString &userId) const
{
    bool found = false;
    auto q = billing::runSqlFirst(m_db,
                                  u"SELECT default_model_id, enable_streaming, max_tokens, temperature, "
                                  "preferences_metadata, email_notifications, usage_alerts, updated_at "
                                  "FROM user_preferences WHERE user_id = ?"_s,
                                  {sqlv::uuid(m_db, userId)}, &found);
    if (!q)
        return std::unexpected(q.error());
    PreferencesRow row;
    if (!found)
        return row;
    auto streaming = sqlv::readBoolean(m_db, q->value(1));
    auto temperature = sqlv::readMultiplier(m_db, q->value(3)); // NUMERIC(3,2) | INTEGER hundredths
    auto metadata = sqlv::readJson(q->value(4));
    auto notifications = sqlv::readBoolean(m_db, q->value(5));
    auto alerts = sqlv::readBoolean(m_db, q->value(6));
    auto updated = sqlv::readTimestamp(m_db, q->value(7));
    if (!streaming || !temperature || !metadata || !notifications || !alerts || !updated)
        return fail("database_error"_L1, u"user_preferences row is unreadable"_s);
    row.defaultModelId = q->value(0).toString();
    row.enableStreaming = *streaming;
    row.maxTokens = q->value(2).toInt();
    row.temperatureHundredths = *temperature;
    row.metadata = *metadata;
    row.emailNotifications = *notifications;
    row.usageAlerts = *alerts;
    row.updatedAtMs = *updated;
    return row;
}

Result<void> UserRepository::savePreferences(const QString &userId, const PreferencesRow &row, std::int64_t nowMs) const
{
    auto q = billing::runSql(
        m_db,
        u"INSERT INTO user_preferences (user_id, default_model_id, enable_streaming, max_tokens, temperature, "
        "preferences_metadata, email_notifications, usage_alerts, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET "
        "default_model_id = excluded.default_model_id, enable_streaming = excluded.enable_streaming, "
        "max_tokens = excluded.max_tokens, temperature = excluded.temperature, "
        "preferences_metadata = excluded.preferences_metadata, email_notifications = excluded.email_notifications, "
        "usage_alerts = excluded.usage_alerts, updated_at = excluded.updated_at"_s,
        {sqlv::uuid(m_db, userId), nullableText(row.defaultModelId), sqlv::boolean(m_db, row.enableStreaming),
         row.maxTokens, sqlv::multiplier(m_db, row.temperatureHundredths), sqlv::json(m_db, row.metadata),
         sqlv::boolean(m_db, row.emailNotifications), sqlv::boolean(m_db, row.usageAlerts),
         sqlv::timestamp(m_db, nowMs), sqlv::timestamp(m_db, nowMs)});
    if (!q)
        return std::unexpected(q.error());
    return {};
}

Result<bool> UserRepository::modelExists(const QString &modelId) const
{
    bool found = false;
    auto q = billing::runSqlFirst(m_db,
                                  u"SELECT 1 FROM model_provider_pricing WHERE model_id = ? AND is_active = ?"_s,
                                  {modelId, sqlv::boolean(m_db, true)}, &found);
    if (!q)
        return std::unexpected(q.error());
    return found;
}

} // namespace creditdesk::server

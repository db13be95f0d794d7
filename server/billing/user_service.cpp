#include "server/billing/user_service.h"

#include "server/billing/billing_errors.h"
#include "server/billing/billing_json.h"
#include "server/billing/billing_sql.h"
#include "server/billing/subscription_repository.h"
#include "server/billing/sync_versions.h"
#include "server/billing/user_repository.h"
#include "server/db/connection.h"
#include "server/db/sql_values.h"
#include "server/http/wire_numbers.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

QJsonValue nullable(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonObject userJson(const UserRow &u)
{
    return QJsonObject{{u"id"_s, u.id},
                       {u"email"_s, u.email},
                       {u"emailVerified"_s, u.emailVerified},
                       {u"username"_s, nullable(u.username)},
                       {u"firstName"_s, nullable(u.firstName)},
                       {u"lastName"_s, nullable(u.lastName)},
                       {u"profilePictureUrl"_s, nullable(u.profilePictureUrl)},
                       {u"createdAt"_s, billing::tsJson(u.createdAtMs)},
                       {u"lastLoginAt"_s, billing::tsJson(u.lastLoginAtMs)}};
}

QJsonObject preferencesJson(const PreferencesRow &p)
{
    return QJsonObject{
        {u"defaultModelId"_s, nullable(p.defaultModelId)},
        {u"enableStreaming"_s, p.enableStreaming},
        {u"maxTokens"_s, p.maxTokens},
        {u"temperature"_s, wire::hundredthsNumber(p.temperatureHundredths)},
        {u"preferencesMetadata"_s, p.metadata.isObject() ? p.metadata : QJsonValue(QJsonValue::Null)}};
}

QJsonObject modelJson(const QString &modelId)
{
    return QJsonObject{{u"id"_s, modelId},
                       {u"name"_s, modelId},
                       {u"capabilities"_s, QJsonArray{u"chat"_s, u"completion"_s, u"streaming"_s}}};
}

// The user row, or not_found when the token's user no longer exists.
Result<UserRow> requireUser(const UserRepository &repo, const QString &userId)
{
    auto user = repo.find(userId);
    if (!user)
        return std::unexpected(user.error());
    if (!*user)
        return fail(billerr::notFound, u"user not found"_s);
    return **user;
}

// The user's preferences, or not_found when the user no longer exists.
Result<PreferencesRow> requirePreferences(const UserRepository &repo, const QString &userId)
{
    if (auto user = requireUser(repo, userId); !user)
        return std::unexpected(user.error());
    return repo.preferences(userId);
}

} // namespace

Result<QJsonObject> UserService::me(const QString &userId)
{
    auto user = requireUser(UserRepository(m_db), userId);
    if (!user)
        return std::unexpected(user.error());
    return userJson(*user);
}

Result<QJsonObject> UserService::updateMe(const QString &userId, const UserPatch &patch)
{
    const std::int64_t now = billing::nowMs(m_env);
    auto updated = billing::inTransaction(m_db, [&]() -> Result<UserRow> {
        const UserRepository repo(m_db);
        auto user = requireUser(repo, userId);
        if (!user)
            return std::unexpected(user.error());
        UserRow row = *user;
        if (patch.firstName)
            row.firstName = *patch.firstName;
        if (patch.lastName)
            row.lastName = *patch.lastName;
        if (patch.username) {
            auto taken = repo.usernameTaken(*patch.username, userId);
            if (!taken)
                return std::unexpected(taken.error());
            if (*taken)
                return fail(billerr::conflict, u"this username is taken"_s,
                            QJsonObject{{u"field"_s, u"username"_s}});
            row.username = *patch.username;
        }
        if (auto saved = repo.updateNames(row, now); !saved) {
            if (isUniqueViolation(saved.error()))
                return fail(billerr::conflict, u"this username is taken"_s,
                            QJsonObject{{u"field"_s, u"username"_s}});
            return std::unexpected(saved.error());
        }
        if (auto bumped = bumpSyncVersion(m_db, userId, SyncStream::Profile, now); !bumped)
            return std::unexpected(bumped.error());
        return row;
    });
    if (!updated)
        return std::unexpected(updated.error());
    return userJson(*updated);
}

Result<QJsonObject> UserService::preferences(const QString &userId)
{
    const UserRepository repo(m_db);
    auto prefs = requirePreferences(repo, userId);
    if (!prefs)
        return std::unexpected(prefs.error());
    return preferencesJson(*prefs);
}

Result<QJsonObject> UserService::updatePreferences(const QString &userId, const PreferencesPatch &patch)
{
    const std::int64_t now = billing::nowMs(m_env);
    auto updated = billing::inTransaction(m_db, [&]() -> Result<PreferencesRow> {
        const UserRepository repo(m_db);
        auto prefs = requirePreferences(repo, userId);
        if (!prefs)
            return std::unexpected(prefs.error());
        PreferencesRow row = *prefs;
        if (patch.enableStreaming)
            row.enableStreaming = *patch.enableStreaming;
        if (patch.maxTokens)
            row.maxTokens = *patch.maxTokens;
        if (patch.temperatureHundredths)
            row.temperatureHundredths = *patch.temperatureHundredths;
        if (patch.metadata)
            row.metadata = *patch.metadata;
        if (auto saved = repo.savePreferences(userId, row, now); !saved)
            return std::unexpected(saved.error());
        if (auto bumped = bumpSyncVersion(m_db, userId, SyncStream::Profile, now); !bumped)
            return std::unexpected(bumped.error());
        row.updatedAtMs = now;
        return row;
    });
    if (!updated)
        return std::unexpected(updated.error());
    return preferencesJson(*updated);
}

Result<QJsonObject> UserService::modelPreference(const QString &userId)
{
    const UserRepository repo(m_db);
    auto prefs = requirePreferences(repo, userId);
    if (!prefs)
        return std::unexpected(prefs.error());
    QJsonValue model(QJsonValue::Null);
    if (!prefs->defaultModelId.isEmpty()) {
        auto exists = repo.modelExists(prefs->defaultModelId);
        if (!exists)
            return std::unexpected(exists.error());
        if (*exists)
            model = modelJson(prefs->defaultModelId);
    }
    return QJsonObject{{u"defaultModelId"_s, nullable(prefs->defaultModelId)}, {u"model"_s, model}};
}

Result<QJsonObject> UserService::setModel(const QString &userId, const QString &modelId)
{
    const std::int64_t now = billing::nowMs(m_env);
    return billing::inTransaction(m_db, [&]() -> Result<QJsonObject> {
        const UserRepository repo(m_db);
        if (auto user = requireUser(repo, userId); !user)
            return std::unexpected(user.error());
        auto exists = repo.modelExists(modelId);
        if (!exists)
            return std::unexpected(exists.error());
        if (!*exists)
            return fail(billerr::notFound, u"unknown model"_s,
                        QJsonObject{{u"modelId"_s, u"unknown model"_s}});
        auto prefs = repo.preferences(userId);
        if (!prefs)
            return std::unexpected(prefs.error());
        PreferencesRow row = *prefs;
        row.defaultModelId = modelId;
        if (auto saved = repo.savePreferences(userId, row, now); !saved)
            return std::unexpected(saved.error());
        if (auto bumped = bumpSyncVersion(m_db, userId, SyncStream::Profile, now); !bumped)
            return std::unexpected(bumped.error());
        return QJsonObject{{u"defaultModelId"_s, modelId}, {u"updatedAt"_s, billing::tsJson(now)}};
    });
}

Result<QJsonObject> UserService::profile(const QString &userId)
{
    const UserRepository repo(m_db);
    auto user = requireUser(repo, userId);
    if (!user)
        return std::unexpected(user.error());
    auto prefs = repo.preferences(userId);
    auto subscription = SubscriptionRepository(m_db).current(userId);
    if (!prefs || !subscription)
        return std::unexpected(!prefs ? prefs.error() : subscription.error());
    const UserRow &u = *user;
    QString display = QString(u.firstName + u' ' + u.lastName).trimmed();
    if (display.isEmpty())
        display = u.username.isEmpty() ? u.email.section(u'@', 0, 0) : u.username;
    QJsonObject sub{{u"tier"_s, u"free"_s},
                    {u"status"_s, u"active"_s},
                    {u"currentPeriodStart"_s, QJsonValue(QJsonValue::Null)},
                    {u"currentPeriodEnd"_s, QJsonValue(QJsonValue::Null)},
                    {u"cancelAtPeriodEnd"_s, false}};
    if (*subscription && isServingStatus((*subscription)->status)) {
        const SubscriptionRow &s = **subscription;
        sub = QJsonObject{{u"tier"_s, toString(s.tier)},
                          {u"status"_s, toString(s.status)},
                          {u"currentPeriodStart"_s, billing::tsJson(s.periodStartMs)},
                          {u"currentPeriodEnd"_s, billing::tsJson(s.periodEndMs)},
                          {u"cancelAtPeriodEnd"_s, s.cancelAtPeriodEnd}};
    }
    return QJsonObject{{u"userId"_s, u.id},
                       {u"email"_s, u.email},
                       {u"displayName"_s, display},
                       {u"subscription"_s, sub},
                       {u"preferences"_s, QJsonObject{{u"defaultModel"_s, nullable(prefs->defaultModelId)},
                                                      {u"emailNotifications"_s, prefs->emailNotifications},
                                                      {u"usageAlerts"_s, prefs->usageAlerts}}},
                       {u"accountCreatedAt"_s, billing::tsJson(u.createdAtMs)},
                       {u"lastLoginAt"_s, billing::tsJson(u.lastLoginAtMs)}};
}

} // namespace creditdesk::server

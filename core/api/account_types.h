#pragma once

#include "core/domain/credits.h"
#include "core/domain/money.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

// Typed results of CloudClient, account area (api-contract §3–§5). Units:
// times are epoch ms UTC (`…Ms`), money is Money (cents), credits are
// Credits; enumerated strings keep the wire spelling and are checked against
// the contract's enum lists; nullable text is empty when null.
namespace creditdesk::api {

// GET/PATCH /v1/users/me
struct UserProfile {
    QString id;
    QString email;
    bool emailVerified = false;
    QString username;
    QString firstName;
    QString lastName;
    QString profilePictureUrl;
    std::int64_t createdAtMs = 0;
    std::optional<std::int64_t> lastLoginAtMs;
    friend bool operator==(const UserProfile &, const UserProfile &) = default;
};

// PATCH /v1/users/me: only the set fields are sent (at least one).
struct UserPatch {
    std::optional<QString> firstName;
    std::optional<QString> lastName;
    std::optional<QString> username;
};

// GET/PATCH /v1/users/me/preferences. Temperature is kept in thousandths
// (0.7 → 700), rounded half-up; it is not money, but it never becomes a double.
struct Preferences {
    QString defaultModelId;
    bool enableStreaming = false;
    std::int64_t maxTokens = 0;
    std::int64_t temperatureMilli = 0;
    std::optional<QJsonObject> metadata; // preferencesMetadata (null → nullopt)
    friend bool operator==(const Preferences &, const Preferences &) = default;
};

struct PreferencesPatch {
    std::optional<bool> enableStreaming;
    std::optional<std::int64_t> maxTokens;
    std::optional<std::int64_t> temperatureMilli; // written as an exact decimal ("0.7")
    // Replaces the whole object (§4): read-modify-write.
    std::optional<QJsonObject> metadata;
    bool clearMetadata = false; // send preferencesMetadata: null (wins over `metadata`)
};

// GET /v1/users/me/preferences/model
struct ModelPreference {
    QString defaultModelId;
    struct Model {
        QString id;
        QString name;
        QStringList capabilities;
        friend bool operator==(const Model &, const Model &) = default;
    };
    std::optional<Model> model;
    friend bool operator==(const ModelPreference &, const ModelPreference &) = default;
};

// POST /v1/users/me/preferences/model
struct ModelSelection {
    QString defaultModelId;
    std::int64_t updatedAtMs = 0;
    friend bool operator==(const ModelSelection &, const ModelSelection &) = default;
};

// GET /api/user/profile (the real cloud's working tier source)
struct AccountProfile {
    QString userId;
    QString email;
    QString displayName;
    QString tier;
    QString status;
    std::optional<std::int64_t> currentPeriodStartMs;
    std::optional<std::int64_t> currentPeriodEndMs;
    bool cancelAtPeriodEnd = false;
    QString defaultModel;
    bool emailNotifications = false;
    bool usageAlerts = false;
    std::int64_t accountCreatedAtMs = 0;
    std::optional<std::int64_t> lastLoginAtMs;
    friend bool operator==(const AccountProfile &, const AccountProfile &) = default;
};

// GET /v1/subscription-plans
struct Plan {
    QString id; // not necessarily a tier name (real: free, pro, enterprise)
    QString name;
    QString description;
    std::int64_t creditsPerMonth = 0;
    Money price; // priceCents, per month
    QStringList billingIntervals;
    std::optional<std::int64_t> yearlyDiscountPercent;
    QStringList features;
    friend bool operator==(const Plan &, const Plan &) = default;
};

// GET /v1/subscriptions/me
struct Subscription {
    QString id;
    QString userId;
    QString tier;
    QString status;
    std::int64_t creditsPerMonth = 0;
    bool creditsRollover = false;
    QString billingInterval; // monthly yearly
    Money price;
    std::int64_t currentPeriodStartMs = 0;
    std::int64_t currentPeriodEndMs = 0;
    std::optional<std::int64_t> trialEndMs;
    std::int64_t createdAtMs = 0;
    std::optional<bool> cancelAtPeriodEnd;   // ours only
    std::optional<std::int64_t> updatedAtMs; // ours only
    friend bool operator==(const Subscription &, const Subscription &) = default;
};

// POST /v1/subscriptions/me/cancel
struct CancelRequest {
    QString reason; // ≤ 500 characters; empty = not sent
    bool atPeriodEnd = true;
};

struct CancelResult {
    QString id;
    QString status;
    std::optional<std::int64_t> cancelledAtMs;
    bool cancelAtPeriodEnd = false;
    std::int64_t currentPeriodEndMs = 0;
    friend bool operator==(const CancelResult &, const CancelResult &) = default;
};

// POST /api/subscriptions/:id/proration-preview
struct ProrationPreview {
    QString subscriptionId;
    QString fromTier;
    QString toTier;
    std::int64_t daysRemaining = 0;
    std::int64_t daysInCycle = 0;
    Money unusedCreditValue;
    Money newTierProratedCost;
    Money netCharge;
    Money chargeToday;
    Money nextBillingAmount;
    std::int64_t nextBillingDateMs = 0;
    QString message;
    friend bool operator==(const ProrationPreview &, const ProrationPreview &) = default;
};

// POST …/upgrade-with-proration and …/downgrade-with-proration
struct ProrationChange {
    QString prorationEventId;
    QString subscriptionId;
    QString fromTier;
    QString toTier;
    Money netCharge; // usd$ (string) or number; negative for an ours downgrade
    QString status;  // pending applied failed reversed
    std::int64_t effectiveDateMs = 0;
    QString message;
    std::optional<Money> creditAmount; // downgrade
    friend bool operator==(const ProrationChange &, const ProrationChange &) = default;
};

// GET …/proration-history
struct ProrationEvent {
    QString id;
    QString subscriptionId;
    QString fromTier;
    QString toTier;
    QString changeType;
    Money netCharge;
    QString status;
    std::int64_t effectiveDateMs = 0;
    friend bool operator==(const ProrationEvent &, const ProrationEvent &) = default;
};

struct ProrationHistory {
    QString userId;
    QList<ProrationEvent> events;
    friend bool operator==(const ProrationHistory &, const ProrationHistory &) = default;
};

} // namespace creditdesk::api

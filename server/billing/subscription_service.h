#pragma once

#include "core/domain/enums.h"
#include "core/domain/error.h"
#include "server/billing/subscription_repository.h"
#include "server/billing/tier_catalog.h"

#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::server {

class Connection;
class PaymentGateway;
struct ServerEnvironment;
struct UserRow;

// GET /v1/subscriptions/me body.
[[nodiscard]] QJsonObject subscriptionJson(const SubscriptionRow &row, const TierCatalog &catalog);

// Subscriptions (Plan 109, domain-rules §3): creation through the payment
// gateway, the monthly allocation, cancellation and the admin override.
// Cheap: made per request from the environment and the thread's connection.
class SubscriptionService {
public:
    SubscriptionService(const ServerEnvironment &env, Connection &db);

    // GET /v1/subscriptions/me: trial, active or past_due; else no_active_subscription.
    [[nodiscard]] Result<QJsonObject> current(const QString &userId);

    struct CreateRequest {
        QString userId;
        SubscriptionTier tier = SubscriptionTier::Pro;
        BillingInterval interval = BillingInterval::Monthly;
        SubscriptionStatus status = SubscriptionStatus::Active; // trial or active (domain-rules §3)
    };
    // A new subscription in its own transaction: `active` paid tiers are
    // charged one cycle through the gateway and get the monthly allocation;
    // `trial` gets trial_end = now + trial days and no allocation (the cloud
    // allocates on conversion). `conflict` when one is current already.
    [[nodiscard]] Result<SubscriptionRow> create(const CreateRequest &request);
    // The same inside the caller's transaction (the balance row already locked).
    [[nodiscard]] Result<SubscriptionRow> createLocked(const UserRow &user, const CreateRequest &request,
                                                       std::int64_t nowMs);

    // POST /v1/subscriptions/me/cancel.
    [[nodiscard]] Result<QJsonObject> cancel(const QString &userId, const QString &reason, bool atPeriodEnd);

    // `admin set-subscription`: creates the current subscription or changes
    // its tier, status and interval (no charge: an operator override), and
    // replaces the subscription grant of the current window with the new
    // tier's allocation when the result is active.
    [[nodiscard]] Result<QJsonObject> adminSet(const QString &email, const QString &tier, const QString &status,
                                               const QString &interval);

    // Grants the tier's allocation for the credit window holding now
    // (subscription grant, expiring at the window end); none for 0 credits.
    [[nodiscard]] Result<std::optional<QJsonObject>> allocateWindow(const SubscriptionRow &row, std::int64_t nowMs);

    // Lazy renewal, run before the subscription or credits are read or used:
    // renews ended periods through the gateway (trial converts to active, or
    // expires when declined; active renews, or turns past_due when declined),
    // ends one cancelled at period end, and gives the monthly window holding
    // now its allocation after the ending window's rollover (planRollover).
    // True when it changed something. Reads only when nothing is due.
    [[nodiscard]] Result<bool> catchUp(const QString &userId);

    [[nodiscard]] const TierCatalog &catalog() const { return m_catalog; }
    [[nodiscard]] Result<void> loadCatalog();

private:
    [[nodiscard]] Result<bool> needsCatchUp(const SubscriptionRow &row, std::int64_t nowMs);
    [[nodiscard]] Result<QJsonObject> adminChange(const UserRow &user, SubscriptionRow row, SubscriptionTier tier,
                                                  SubscriptionStatus status, BillingInterval interval,
                                                  std::int64_t nowMs);

    const ServerEnvironment &m_env;
    Connection &m_db;
    TierCatalog m_catalog;
};

} // namespace creditdesk::server

#pragma once

#include "core/domain/error.h"
#include "core/domain/proration.h"
#include "server/billing/subscription_repository.h"
#include "server/billing/subscription_windows.h"
#include "server/billing/tier_catalog.h"

#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::server {

class Connection;
struct ServerEnvironment;
struct UserRow;

// Mid-cycle tier changes (api-contract §5, domain-rules §6): owner only
// (another user's subscription → subscription_not_found); newTier must be a
// subscription tier on sale other than the current one; upgrade needs a
// pricier cycle, downgrade a cheaper one (else validation_error). Applying
// charges the net through the payment gateway (positive net), records a
// proration_event, switches the tier and replaces the subscription grant of
// the current window by max(P,R) (upgrade) or min(P,R) (downgrade); a
// downgrade's negative net stays as account credit for later invoices.
class ProrationService {
public:
    ProrationService(const ServerEnvironment &env, Connection &db);

    [[nodiscard]] Result<QJsonObject> preview(const QString &userId, const QString &subscriptionId,
                                              const QString &newTier);
    [[nodiscard]] Result<QJsonObject> apply(const QString &userId, const QString &subscriptionId,
                                            const QString &newTier, ChangeDirection expected);
    [[nodiscard]] Result<QJsonObject> history(const QString &userId, const QString &subscriptionId);

    // PATCH /v1/subscriptions/me {plan_id, billing_interval}: validation_error
    // (422) for unknown values, no_active_subscription, invalid_request for no
    // change or a plan not on sale, payment_error when the gateway declines.
    [[nodiscard]] Result<QJsonObject> changePlan(const QString &userId, const QString &planId,
                                                 const std::optional<QString> &interval);

private:
    struct Quote {
        SubscriptionRow subscription;
        SubscriptionTier newTier = SubscriptionTier::Pro;
        ProrationResult result;
        TimeWindow window;
        Money newCyclePrice;
    };

    [[nodiscard]] Result<SubscriptionRow> owned(const QString &userId, const QString &subscriptionId, bool lock);
    [[nodiscard]] Result<SubscriptionTier> parseNewTier(const QString &text, const SubscriptionRow &current) const;
    [[nodiscard]] Result<Quote> quote(const SubscriptionRow &subscription, SubscriptionTier newTier,
                                      std::int64_t nowMs);
    // Inside a transaction holding the balance and subscription locks.
    [[nodiscard]] Result<QString> applyQuote(const UserRow &user, const Quote &quote, std::int64_t nowMs,
                                             QString *paymentId);
    [[nodiscard]] Result<QJsonObject> switchInterval(const UserRow &user, SubscriptionRow row,
                                                     SubscriptionTier tier, BillingInterval interval,
                                                     std::int64_t nowMs);

    const ServerEnvironment &m_env;
    Connection &m_db;
    TierCatalog m_catalog;
};

} // namespace creditdesk::server

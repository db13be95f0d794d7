#pragma once

#include "core/domain/credits.h"
#include "core/domain/enums.h"
#include "core/domain/error.h"
#include "core/domain/money.h"

#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::server {

class Connection;

// A subscription_monetization row.
struct SubscriptionRow {
    QString id;
    QString userId;
    SubscriptionTier tier = SubscriptionTier::Free;
    SubscriptionStatus status = SubscriptionStatus::Active;
    BillingInterval interval = BillingInterval::Monthly;
    Money basePrice;               // base_price_usd
    std::int64_t priceCents = 0;   // recurring price per interval
    Credits monthlyAllocation;
    std::int64_t startedAtMs = 0;  // anchor of the monthly credit windows
    std::int64_t periodStartMs = 0;
    std::int64_t periodEndMs = 0;
    std::optional<std::int64_t> trialEndMs;
    bool cancelAtPeriodEnd = false;
    std::optional<std::int64_t> cancelledAtMs;
    QString cancellationReason;
    std::optional<std::int64_t> endedAtMs;
    std::int64_t createdAtMs = 0;
    std::int64_t updatedAtMs = 0;
};

// trial, active, past_due, suspended: the one "current" row per user (the
// partial unique index). GET /v1/subscriptions/me shows the first three.
[[nodiscard]] bool isCurrentStatus(SubscriptionStatus status);
[[nodiscard]] bool isServingStatus(SubscriptionStatus status); // trial, active, past_due

class SubscriptionRepository {
public:
    explicit SubscriptionRepository(const Connection &db)
        : m_db(db)
    {}

    // The current row (any of the four current statuses); `lock` adds FOR UPDATE.
    [[nodiscard]] Result<std::optional<SubscriptionRow>> current(const QString &userId, bool lock = false) const;
    [[nodiscard]] Result<std::optional<SubscriptionRow>> byId(const QString &id, bool lock = false) const;
    [[nodiscard]] Result<void> insert(const SubscriptionRow &row) const;
    // Writes every mutable column of `row` (by id).
    [[nodiscard]] Result<void> update(const SubscriptionRow &row) const;

private:
    [[nodiscard]] Result<std::optional<SubscriptionRow>> select(const QString &where, const QVariant &value,
                                                                bool lock) const;
    const Connection &m_db;
};

} // namespace creditdesk::server

#pragma once

#include "core/domain/credits.h"
#include "core/domain/enums.h"
#include "core/domain/error.h"

#include <QList>
#include <QString>

#include <cstdint>

namespace creditdesk::server {

class Connection;

// A proration_event row (domain-rules §6; money in cents, net may be negative).
struct ProrationEventRow {
    QString id;
    QString userId;
    QString subscriptionId;
    SubscriptionTier fromTier = SubscriptionTier::Pro;
    SubscriptionTier toTier = SubscriptionTier::ProMax;
    bool upgrade = true;
    std::int64_t periodStartMs = 0;
    std::int64_t periodEndMs = 0;
    std::int64_t effectiveAtMs = 0;
    std::int64_t daysInCycle = 0;
    std::int64_t daysRemaining = 0;
    std::int64_t unusedCents = 0;
    std::int64_t newCostCents = 0;
    std::int64_t couponCents = 0;
    std::int64_t netCents = 0;
    Credits creditsGranted;
    ProrationStatus status = ProrationStatus::Applied;
    QString paymentId; // empty = NULL
};

class ProrationRepository {
public:
    explicit ProrationRepository(const Connection &db)
        : m_db(db)
    {}

    [[nodiscard]] Result<void> insert(const ProrationEventRow &row, std::int64_t nowMs) const;
    // Every event of the user, newest first.
    [[nodiscard]] Result<QList<ProrationEventRow>> forUser(const QString &userId) const;

private:
    const Connection &m_db;
};

} // namespace creditdesk::server

#pragma once

#include "core/domain/credits.h"
#include "core/domain/enums.h"
#include "core/domain/error.h"
#include "server/billing/credit_repository.h"

#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::server {

class Connection;

// Credit grants and the cached balance (domain-rules §4). These functions run
// inside the CALLER's transaction; each locks the user's balance row first,
// so grants, deductions and expiry of one user never interleave. The cached
// user_credit_balance.amount is rewritten from Σ remaining of live grants
// every time, and the balance version is bumped in the same transaction.
// Coupons (credit coupons) and subscriptions grant through grantCredits().

struct GrantRequest {
    QString userId;
    CreditType type = CreditType::AdminGrant;
    std::int64_t wholeCredits = 0; // grants are whole credits, > 0
    QString source;                // credit_allocation.source: "admin", "monthly_allocation", "rollover", ...
    QString sourceType;            // api-contract §6 sourceType; empty → from the type
    QString subscriptionId;        // subscription grants
    // Expiry: explicit when set (must be in the future), else the domain
    // default for the type (subscription → windowEndMs, admin_grant → never).
    std::optional<std::int64_t> expiresAtMs;
    std::optional<std::int64_t> windowStartMs;
    std::optional<std::int64_t> windowEndMs;
};

struct GrantResult {
    QString grantId;
    Credits amount;
    std::optional<std::int64_t> expiresAtMs;
    Credits balanceAfter;
};

[[nodiscard]] Result<GrantResult> grantCredits(Connection &db, const GrantRequest &request,
                                               std::int64_t nowMs);

// A user's credit state under the balance row lock.
struct LockedCredits {
    BalanceRow balance;     // as cached before this transaction
    QList<GrantRow> grants; // live grants with something left
    Credits live;           // Σ remaining of `grants` (the true balance)
};
[[nodiscard]] Result<LockedCredits> lockCredits(Connection &db, const QString &userId, std::int64_t nowMs);

// Rewrites the cached balance from the live grants when expiry has moved it
// (bumping the balance version); returns the balance.
[[nodiscard]] Result<Credits> refreshBalance(Connection &db, const QString &userId, std::int64_t nowMs);

// The balance for a read: checked against the live grants without a lock, and
// refreshed under the lock (in its own transaction) only when expiry has moved
// it, so concurrent reads of one user never queue behind each other.
[[nodiscard]] Result<Credits> currentBalance(Connection &db, const QString &userId, std::int64_t nowMs);

// Ends the live `subscription` grants of `subscriptionId` now (a plan change,
// cancellation or expiry); returns the whole remaining they held (R of
// domain-rules §6 before flooring).
[[nodiscard]] Result<Credits> closeSubscriptionGrants(Connection &db, const QString &userId,
                                                      const QString &subscriptionId, std::int64_t nowMs);

// Remaining of the live subscription grants of `subscriptionId` (no lock).
[[nodiscard]] Result<Credits> currentSubscriptionRemaining(const Connection &db, const QString &userId,
                                                           const QString &subscriptionId, std::int64_t nowMs);

} // namespace creditdesk::server

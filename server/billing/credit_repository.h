#pragma once

#include "core/domain/credit_ledger.h"
#include "core/domain/credits.h"
#include "core/domain/error.h"

#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::server {

class Connection;

// A credit_allocation row with its wire classification.
struct GrantRow {
    CreditGrant grant; // id, type, amount, remaining, expires_at, created_at, source
    QString userId;
    QString subscriptionId; // empty = NULL
    QString sourceType;     // user_credit_source.source_type (empty when the row has none)
    std::optional<std::int64_t> periodStartMs;
    std::optional<std::int64_t> periodEndMs;
};

struct BalanceRow {
    QString id;
    Credits amount;
    std::optional<std::int64_t> updatedAtMs;
};

// The api-contract §6 sourceType of a grant without a user_credit_source row.
[[nodiscard]] QString defaultSourceType(CreditType type, const QString &source);

// credit_allocation, user_credit_source, user_credit_balance and
// credit_usage_daily_summary (SQL only).
class CreditRepository {
public:
    explicit CreditRepository(const Connection &db)
        : m_db(db)
    {}

    // Creates the user's balance row when missing, then locks it (FOR UPDATE on
    // PostgreSQL; SQLite's write transaction already excludes other writers).
    // Every transaction that changes a user's credits takes this lock first.
    [[nodiscard]] Result<BalanceRow> lockBalance(const QString &userId) const;
    [[nodiscard]] Result<std::optional<BalanceRow>> balance(const QString &userId) const;
    [[nodiscard]] Result<void> setBalance(const QString &balanceId, Credits amount, std::int64_t nowMs,
                                          std::optional<Credits> deducted = std::nullopt) const;

    // Grants live at `nowMs`; `positiveOnly` keeps those with something left.
    [[nodiscard]] Result<QList<GrantRow>> liveGrants(const QString &userId, std::int64_t nowMs,
                                                     bool positiveOnly) const;
    // Every grant of the user (history), oldest first.
    [[nodiscard]] Result<QList<GrantRow>> allGrants(const QString &userId) const;

    // Inserts the grant (applied to `balanceId`) and its user_credit_source row.
    [[nodiscard]] Result<void> insertGrant(const GrantRow &row, const QString &balanceId, std::int64_t nowMs) const;
    [[nodiscard]] Result<void> updateRemaining(const QString &grantId, Credits remaining, std::int64_t nowMs) const;
    // Ends a grant at `atMs` (expires_at), keeping its remaining for history.
    [[nodiscard]] Result<void> endGrant(const QString &grantId, std::int64_t atMs) const;

    // Adds to the user's credit_usage_daily_summary row of `day` (YYYY-MM-DD)
    // and sets its closing balance.
    struct DayDelta {
        Credits allocated;
        Credits deducted;
        Credits expired;
        int requests = 0;
        Credits closingBalance;
    };
    [[nodiscard]] Result<void> addCreditDay(const QString &userId, const QString &day, const DayDelta &delta,
                                            std::int64_t nowMs) const;

private:
    [[nodiscard]] Result<QList<GrantRow>> selectGrants(const QString &where, const QVariantList &values) const;
    const Connection &m_db;
};

} // namespace creditdesk::server

#pragma once

#include "core/domain/credit_ledger.h"
#include "core/domain/error.h"
#include "server/billing/credit_grants.h"
#include "server/billing/usage_ledger_writer.h"
#include "server/billing/usage_types.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <cstdint>
#include <vector>

namespace creditdesk::server {

class Connection;

// The one deduction path (api-contract §10.6, domain-rules §4): POST
// /internal/usage records one row with it and `admin generate-usage` many, in
// the same way. Made inside a transaction that holds the user's balance lock
// (lockCredits); add() consumes grants in memory in consumption order via
// planDeduction, refusing a row the balance cannot pay (`insufficient_credits`,
// nothing changed); flush() writes the usage and deduction rows, the grants'
// remaining, the cached balance, both daily summaries and the sync stamps.
class UsageBatch {
public:
    UsageBatch(Connection &db, UsageLedgerWriter &writer, LockedCredits credits, QString userId,
               QString subscriptionId, std::int64_t nowMs);

    [[nodiscard]] Result<UsageOutcome> add(const PricedUsage &usage);
    [[nodiscard]] Result<void> flush();

    // Capacity for `rows` rows (bulk generation).
    void reserve(qsizetype rows);

    [[nodiscard]] Credits balance() const { return m_balance; }
    [[nodiscard]] qsizetype size() const { return m_usage.size(); }

private:
    void addToSummaries(const PricedUsage &usage, Credits charged, Credits balanceAfter);

    Connection &m_db;
    UsageLedgerWriter &m_writer;
    LockedCredits m_credits;
    std::vector<CreditGrant> m_grants;
    QSet<qsizetype> m_dirty;
    QString m_userId;
    QString m_subscriptionId;
    std::int64_t m_nowMs = 0;
    Credits m_balance;
    std::optional<Credits> m_lastDeduction;
    Credits m_deducted;

    QList<UsageLedgerRow> m_usage;
    QList<DeductionLedgerRow> m_deductions;
    // UTC day number → provider id → model id (no per-row key strings).
    QHash<std::int64_t, QHash<QString, QHash<QString, TokenDayDelta>>> m_tokenDays;
    struct CreditDay {
        Credits deducted;
        int requests = 0;
        Credits closing;
    };
    QHash<std::int64_t, CreditDay> m_creditDays;
};

} // namespace creditdesk::server

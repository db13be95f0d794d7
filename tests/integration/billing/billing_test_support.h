#pragma once

#include "core/domain/clock.h"
#include "core/domain/error.h"
#include "server/billing/usage_types.h"
#include "server/db/connection.h"
#include "server/server_environment.h"
#include "tests/integration/server/schema_test_support.h"

#include <QString>

#include <memory>
#include <optional>

namespace creditdesk::server::test {

// 2026-01-21T09:30:00Z, the domain-rules [ProUp] instant.
inline constexpr std::int64_t kBillingTestNowMs = 1'768'987'800'000;

// One migrated database (with the billing seed of migration 0006), a manual
// clock and an environment for the billing services.
class BillingWorld {
public:
    [[nodiscard]] static Result<std::unique_ptr<BillingWorld>> create(Dialect dialect);
    ~BillingWorld();

    [[nodiscard]] Connection &db() { return *m_db; }
    [[nodiscard]] const ServerEnvironment &env() const { return m_env; }
    [[nodiscard]] ManualClock &clock() { return m_clock; }
    [[nodiscard]] const TestDatabase &database() const { return *m_database; }
    [[nodiscard]] Dialect dialect() const { return m_database->dialect(); }

    // A user row (no password); returns its id.
    [[nodiscard]] Result<QString> createUser(const QString &email);
    // Whole credits of a type, never expiring unless given.
    [[nodiscard]] Result<void> grant(const QString &userId, std::int64_t credits,
                                     CreditType type = CreditType::AdminGrant,
                                     std::optional<std::int64_t> expiresAtMs = std::nullopt);
    [[nodiscard]] Result<Credits> cachedBalance(const QString &userId);
    // Σ remaining of the live grants (the true balance).
    [[nodiscard]] Result<Credits> liveBalance(const QString &userId);
    // Σ credit_deduction_ledger.amount of the user.
    [[nodiscard]] Result<Credits> ledgerSum(const QString &userId);
    [[nodiscard]] Result<qint64> count(const QString &table, const QString &userId);

    // A gpt-4o-mini request of 1,200 in / 300 out tokens: 0.1 credits on
    // free ([ConvMinimum]), more on other tiers' multipliers.
    [[nodiscard]] UsageInput usage(const QString &userId, const QString &requestId = {}) const;

private:
    BillingWorld() = default;

    std::unique_ptr<TestDatabase> m_database;
    std::optional<Connection> m_db;
    ManualClock m_clock{kBillingTestNowMs};
    ServerEnvironment m_env;
};

} // namespace creditdesk::server::test

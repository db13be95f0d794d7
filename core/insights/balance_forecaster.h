#pragma once

#include "core/domain/credits.h"
#include "core/domain/error.h"

#include <cstdint>
#include <optional>

namespace creditdesk::store {
class MirrorDatabase;
}

namespace creditdesk::insights {

struct BalanceForecast {
    Credits balance;                                // the mirror's spendable balance
    std::int64_t balanceUpdatedAtMs = 0;            // when the mirror last heard it from the server
    Credits spentLast30Days;                        // cloud credits deducted in the last 30 × 24 h
    std::optional<std::int64_t> firstDeductionAtMs; // oldest cloud deduction in the mirror
    Credits burnPerDay;                             // domain forecast(): half-up to the credit unit
    std::optional<std::int64_t> daysLeft;           // nullopt: nothing is being spent
    // now + daysLeft × 24 h (show its UTC date); nullopt without a burn or
    // beyond year 9999.
    std::optional<std::int64_t> lastsUntilMs;
};

// How long the credit balance lasts at the current pace (domain-rules §9
// Forecast): the mirror's ledger deductions that count (cloud, not BYOK, not
// reversed or a reversal, positive, by occurred_at) go through the domain's
// forecast(), which owns the rule. Reads only; on the thread of `db`.
class BalanceForecaster {
public:
    explicit BalanceForecaster(store::MirrorDatabase &db)
        : m_db(db)
    {}

    // mirror_not_found when no balance has been synced yet; amount_overflow;
    // mirror read errors.
    [[nodiscard]] Result<BalanceForecast> forecast(std::int64_t nowMs);

private:
    store::MirrorDatabase &m_db;
};

} // namespace creditdesk::insights

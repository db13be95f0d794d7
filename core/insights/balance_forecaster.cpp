#include "core/insights/balance_forecaster.h"

#include "core/domain/client_rules.h"
#include "core/domain/utc_time.h"
#include "core/store/account_repository.h"
#include "core/store/mirror_database.h"
#include "core/store/mirror_errors.h"
#include "core/store/sql_support.h"

#include <array>
#include <span>

using namespace Qt::StringLiterals;

namespace creditdesk::insights {

namespace {

constexpr std::int64_t kWindowMs = 30 * kMsPerDay;

// Deductions that count for the burn: cloud, positive, neither a correction
// nor corrected later. A polled row (is_byok NULL: not sent) that costs
// credits is a cloud request: BYOK rows cost none.
const QString kCounted =
    u"is_byok IS NOT 1 AND credits_deducted > 0 AND reverses_id IS NULL AND occurred_at <= ? "
    u"AND NOT EXISTS (SELECT 1 FROM token_usage_ledger c WHERE c.reverses_id = u.id)"_s;

} // namespace

Result<BalanceForecast> BalanceForecaster::forecast(std::int64_t nowMs)
{
    BalanceForecast f;
    auto balance = store::AccountRepository(m_db).balance();
    if (!balance)
        return std::unexpected(balance.error());
    if (!*balance)
        return fail(store::errc::mirrorNotFound, u"no credit balance has been synced yet"_s);
    f.balance = (*balance)->amount;
    f.balanceUpdatedAtMs = (*balance)->updatedAtMs;

    auto window = m_db.run(
        u"SELECT sum(credits_deducted), max(occurred_at), "
        u"(SELECT min(occurred_at) FROM token_usage_ledger u WHERE "_s +
            kCounted + u") FROM token_usage_ledger u WHERE occurred_at > ? AND "_s + kCounted,
        {store::sql::integer(nowMs), store::sql::integer(nowMs - kWindowMs), store::sql::integer(nowMs)});
    if (!window)
        return std::unexpected(window.error());
    if (!window->next())
        return std::unexpected(store::sql::toError(window->lastError(), "forecast"_L1));
    store::sql::RowReader row(*window);
    const std::optional<Credits> spent = row.optCredits(0);
    const std::optional<qint64> latest = row.optInteger(1);
    f.firstDeductionAtMs = row.optInteger(2);
    if (auto ok = row.status(); !ok)
        return std::unexpected(ok.error());
    window->finish();
    f.spentLast30Days = spent.value_or(Credits());

    // The window's total as one deduction at its latest instant: the domain
    // rule sums the window anyway, and a month of requests never loads here.
    std::array<UsageDeduction, 1> total{
        UsageDeduction{latest.value_or(nowMs), f.spentLast30Days, false, false}};
    const std::span<const UsageDeduction> deductions = f.spentLast30Days.units() > 0
                                                           ? std::span<const UsageDeduction>(total)
                                                           : std::span<const UsageDeduction>();
    auto result = creditdesk::forecast(f.balance, deductions, f.firstDeductionAtMs, nowMs);
    if (!result)
        return std::unexpected(result.error());
    f.burnPerDay = result->burnPerDay;
    f.daysLeft = result->daysLeft;
    if (f.daysLeft) {
        if (auto until = addDays(nowMs, *f.daysLeft))
            f.lastsUntilMs = *until;
    }
    return f;
}

} // namespace creditdesk::insights

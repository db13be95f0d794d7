#include "server/billing/usage_batch.h"

#include "server/billing/billing_errors.h"
#include "server/billing/billing_json.h"
#include "core/domain/utc_time.h"
#include "server/billing/billing_sql.h"
#include "server/billing/credit_repository.h"
#include "server/billing/sync_versions.h"
#include "server/billing/time_uuid.h"
#include "server/db/connection.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

UsageBatch::UsageBatch(Connection &db, UsageLedgerWriter &writer, LockedCredits credits, QString userId,
                       QString subscriptionId, std::int64_t nowMs)
    : m_db(db)
    , m_writer(writer)
    , m_credits(std::move(credits))
    , m_userId(std::move(userId))
    , m_subscriptionId(std::move(subscriptionId))
    , m_nowMs(nowMs)
    , m_balance(m_credits.live)
{
    m_grants.reserve(static_cast<std::size_t>(m_credits.grants.size()));
    for (const GrantRow &row : std::as_const(m_credits.grants))
        m_grants.push_back(row.grant);
}

void UsageBatch::reserve(qsizetype rows)
{
    m_usage.reserve(rows);
    m_deductions.reserve(rows);
}

Result<UsageOutcome> UsageBatch::add(const PricedUsage &usage)
{
    const UsageInput &in = usage.input;
    if (in.userId != m_userId)
        return fail(errc::invalidArgument, u"a usage batch belongs to one user"_s);
    const Credits before = m_balance;
    Credits charged = usage.charge.credits;
    if (!in.byok && !charged.isZero()) {
        auto plan = planDeduction(m_grants, charged, m_nowMs);
        if (!plan) {
            if (plan.error().is(errc::insufficientCredits)) {
                return fail(billerr::insufficientCredits, u"the balance does not cover this request"_s,
                            QJsonObject{{u"required_credits"_s, billing::creditsJson(charged)},
                                        {u"available_credits"_s, billing::creditsJson(m_balance)}});
            }
            return std::unexpected(plan.error());
        }
        for (const GrantDebit &debit : std::as_const(plan->debits)) {
            m_grants[static_cast<std::size_t>(debit.index)].remaining = debit.remainingAfter;
            m_dirty.insert(debit.index);
        }
        m_balance = plan->balanceAfter;
        m_lastDeduction = charged;
        auto total = m_deducted.plus(charged);
        if (!total)
            return std::unexpected(total.error());
        m_deducted = *total;
    } else {
        charged = Credits();
    }

    UsageLedgerRow row;
    row.id = billing::timeOrderedUuid(m_nowMs);
    row.requestId = in.requestId;
    row.userId = in.userId;
    row.subscriptionId = m_subscriptionId;
    row.modelId = in.modelId;
    row.providerId = usage.providerId;
    row.pricingId = usage.pricingId;
    row.requestType = in.requestType;
    row.operation = in.operation;
    row.inputTokens = in.inputTokens;
    row.outputTokens = in.outputTokens;
    row.cachedInputTokens = in.cachedInputTokens;
    row.vendorCostE8 = usage.charge.costE8;
    row.multiplierHundredths = in.byok ? 0 : usage.charge.multiplierHundredths;
    row.credits = charged;
    row.byok = in.byok;
    row.durationMs = in.durationMs;
    row.occurredAtMs = in.occurredAtMs;
    row.createdAtMs = m_nowMs;
    m_usage.append(row);

    DeductionLedgerRow deduction;
    deduction.id = billing::timeOrderedUuid(m_nowMs);
    deduction.userId = in.userId;
    deduction.requestId = in.requestId;
    deduction.usageId = row.id;
    deduction.amount = charged;
    deduction.balanceBefore = before;
    deduction.balanceAfter = m_balance;
    deduction.createdAtMs = m_nowMs;
    m_deductions.append(deduction);

    addToSummaries(usage, charged, m_balance);
    return UsageOutcome{row.id, in.requestId, charged, m_balance};
}

void UsageBatch::addToSummaries(const PricedUsage &usage, Credits charged, Credits balanceAfter)
{
    const UsageInput &in = usage.input;
    const std::int64_t day = in.occurredAtMs >= 0 ? in.occurredAtMs / kMsPerDay : (in.occurredAtMs + 1) / kMsPerDay - 1;
    TokenDayDelta &t = m_tokenDays[day][usage.providerId][in.modelId];
    if (t.day.isEmpty()) {
        t.userId = in.userId;
        t.day = billing::dayText(day * kMsPerDay);
        t.modelId = in.modelId;
        t.providerId = usage.providerId;
    }
    ++t.requests;
    t.byokRequests += in.byok ? 1 : 0;
    t.inputTokens += in.inputTokens;
    t.outputTokens += in.outputTokens;
    t.cachedInputTokens += in.cachedInputTokens;
    t.vendorCostE8 += usage.charge.costE8;
    t.credits = t.credits.plus(charged).value_or(t.credits);
    t.durationMs += in.durationMs.value_or(0);

    CreditDay &c = m_creditDays[day];
    if (!charged.isZero()) {
        c.deducted = c.deducted.plus(charged).value_or(c.deducted);
        ++c.requests;
    }
    c.closing = balanceAfter;
}

Result<void> UsageBatch::flush()
{
    if (m_usage.isEmpty())
        return {};
    if (auto inserted = m_writer.insertUsage(m_usage); !inserted)
        return inserted;
    if (auto inserted = m_writer.insertDeductions(m_deductions); !inserted)
        return inserted;
    const CreditRepository repo(m_db);
    for (qsizetype index : std::as_const(m_dirty)) {
        const CreditGrant &grant = m_grants[static_cast<std::size_t>(index)];
        if (auto updated = repo.updateRemaining(grant.id, grant.remaining, m_nowMs); !updated)
            return updated;
    }
    if (auto set = repo.setBalance(m_credits.balance.id, m_balance, m_nowMs, m_lastDeduction); !set)
        return set;
    for (const auto &providers : std::as_const(m_tokenDays)) {
        for (const auto &models : providers) {
            for (const TokenDayDelta &day : models) {
                if (auto added = m_writer.addTokenDay(day, m_nowMs); !added)
                    return added;
            }
        }
    }
    // Expiry found under the lock counts on today's row.
    const Credits expired = m_credits.balance.amount.minus(m_credits.live).value_or(Credits());
    for (auto it = m_creditDays.cbegin(); it != m_creditDays.cend(); ++it) {
        CreditRepository::DayDelta delta;
        delta.deducted = it->deducted;
        delta.requests = it->requests;
        delta.closingBalance = it->closing;
        if (auto added = repo.addCreditDay(m_userId, billing::dayText(it.key() * kMsPerDay), delta, m_nowMs); !added)
            return added;
    }
    if (!expired.isZero() && !expired.isNegative()) {
        CreditRepository::DayDelta delta;
        delta.expired = expired;
        delta.closingBalance = m_balance;
        if (auto added = repo.addCreditDay(m_userId, billing::dayText(m_nowMs), delta, m_nowMs); !added)
            return added;
    }
    if (!m_deducted.isZero() || m_credits.balance.amount != m_credits.live) {
        if (auto bumped = bumpSyncVersion(m_db, m_userId, SyncStream::Balance, m_nowMs); !bumped)
            return bumped;
    }
    if (auto stamped = bumpSyncVersion(m_db, m_userId, SyncStream::Usage, m_nowMs); !stamped)
        return stamped;

    // Ready for more rows in the same transaction.
    m_usage.clear();
    m_deductions.clear();
    m_tokenDays.clear();
    m_creditDays.clear();
    m_dirty.clear();
    m_credits.balance.amount = m_balance;
    m_credits.live = m_balance;
    m_deducted = Credits();
    return {};
}

} // namespace creditdesk::server

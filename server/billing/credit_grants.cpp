#include "server/billing/credit_grants.h"

#include "core/domain/credit_ledger.h"
#include "server/billing/billing_log.h"
#include "server/billing/billing_sql.h"
#include "server/billing/sync_versions.h"
#include "server/billing/time_uuid.h"
#include "server/db/connection.h"

#include <QJsonObject>

#include <vector>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

std::vector<CreditGrant> plain(const QList<GrantRow> &rows)
{
    std::vector<CreditGrant> grants;
    grants.reserve(static_cast<std::size_t>(rows.size()));
    for (const GrantRow &row : rows)
        grants.push_back(row.grant);
    return grants;
}

// Writes the new balance, the day's summary and the balance version.
Result<void> storeBalance(Connection &db, const QString &userId, const LockedCredits &state,
                          Credits newBalance, Credits allocated, Credits expired, std::int64_t nowMs)
{
    const CreditRepository repo(db);
    if (auto set = repo.setBalance(state.balance.id, newBalance, nowMs); !set)
        return set;
    CreditRepository::DayDelta delta;
    delta.allocated = allocated;
    delta.expired = expired.isNegative() ? Credits() : expired;
    delta.closingBalance = newBalance;
    if (auto day = repo.addCreditDay(userId, billing::dayText(nowMs), delta, nowMs); !day)
        return day;
    return bumpSyncVersion(db, userId, SyncStream::Balance, nowMs);
}

} // namespace

Result<LockedCredits> lockCredits(Connection &db, const QString &userId, std::int64_t nowMs)
{
    const CreditRepository repo(db);
    auto balance = repo.lockBalance(userId);
    if (!balance)
        return std::unexpected(balance.error());
    auto grants = repo.liveGrants(userId, nowMs, true);
    if (!grants)
        return std::unexpected(grants.error());
    const auto plainGrants = plain(*grants);
    auto live = balanceAt(plainGrants, nowMs);
    if (!live)
        return std::unexpected(live.error());
    return LockedCredits{*balance, std::move(*grants), *live};
}

Result<GrantResult> grantCredits(Connection &db, const GrantRequest &request, std::int64_t nowMs)
{
    auto amount = Credits::fromWhole(request.wholeCredits);
    if (!amount || request.wholeCredits <= 0)
        return fail(errc::invalidAmount, u"a grant is a whole number of credits above 0"_s);
    std::optional<std::int64_t> expires = request.expiresAtMs;
    if (expires && *expires <= nowMs)
        return fail(errc::invalidArgument, u"the grant would expire before it is made"_s);
    if (!expires) {
        auto byDefault = defaultExpiry(ExpiryInput{request.type, nowMs, request.windowEndMs, std::nullopt});
        if (!byDefault)
            return std::unexpected(byDefault.error());
        expires = *byDefault;
    }

    auto state = lockCredits(db, request.userId, nowMs);
    if (!state)
        return std::unexpected(state.error());

    GrantRow row;
    row.grant.id = billing::timeOrderedUuid(nowMs);
    row.grant.type = request.type;
    row.grant.amount = *amount;
    row.grant.remaining = *amount;
    row.grant.expiresAtMs = expires;
    row.grant.createdAtMs = nowMs;
    row.grant.source = request.source.isEmpty() ? u"admin"_s : request.source;
    row.userId = request.userId;
    row.subscriptionId = request.subscriptionId;
    row.sourceType =
        request.sourceType.isEmpty() ? defaultSourceType(request.type, row.grant.source) : request.sourceType;
    row.periodStartMs = request.windowStartMs;
    row.periodEndMs = request.windowEndMs;
    if (auto inserted = CreditRepository(db).insertGrant(row, state->balance.id, nowMs); !inserted)
        return std::unexpected(inserted.error());

    auto after = state->live.plus(*amount);
    if (!after)
        return std::unexpected(after.error());
    auto expired = state->balance.amount.minus(state->live);
    if (auto stored =
            storeBalance(db, request.userId, *state, *after, *amount, expired.value_or(Credits()), nowMs);
        !stored)
        return std::unexpected(stored.error());
    qCDebug(lcBilling) << "granted" << amount->toDecimalString() << toString(request.type) << "credits";
    return GrantResult{row.grant.id, *amount, expires, *after};
}

Result<Credits> refreshBalance(Connection &db, const QString &userId, std::int64_t nowMs)
{
    auto state = lockCredits(db, userId, nowMs);
    if (!state)
        return std::unexpected(state.error());
    if (state->balance.amount == state->live)
        return state->live;
    auto expired = state->balance.amount.minus(state->live);
    if (auto stored =
            storeBalance(db, userId, *state, state->live, Credits(), expired.value_or(Credits()), nowMs);
        !stored)
        return std::unexpected(stored.error());
    return state->live;
}

Result<Credits> currentBalance(Connection &db, const QString &userId, std::int64_t nowMs)
{
    const CreditRepository repo(db);
    auto stored = repo.balance(userId);
    if (!stored)
        return std::unexpected(stored.error());
    if (*stored) {
        auto grants = repo.liveGrants(userId, nowMs, true);
        if (!grants)
            return std::unexpected(grants.error());
        auto live = balanceAt(plain(*grants), nowMs);
        if (!live)
            return std::unexpected(live.error());
        // Two statements may see two commits; a mismatch just takes the locked path.
        if ((*stored)->amount == *live)
            return *live;
    }
    return billing::inTransaction(db, [&]() { return refreshBalance(db, userId, nowMs); });
}

Result<Credits> closeSubscriptionGrants(Connection &db, const QString &userId, const QString &subscriptionId,
                                        std::int64_t nowMs)
{
    auto state = lockCredits(db, userId, nowMs);
    if (!state)
        return std::unexpected(state.error());
    const CreditRepository repo(db);
    Credits closed;
    for (const GrantRow &row : std::as_const(state->grants)) {
        if (row.grant.type != CreditType::Subscription || row.subscriptionId != subscriptionId)
            continue;
        if (auto ended = repo.endGrant(row.grant.id, nowMs); !ended)
            return std::unexpected(ended.error());
        auto sum = closed.plus(row.grant.remaining);
        if (!sum)
            return std::unexpected(sum.error());
        closed = *sum;
    }
    auto after = state->live.minus(closed);
    if (!after)
        return std::unexpected(after.error());
    auto expired = state->balance.amount.minus(*after);
    if (auto stored = storeBalance(db, userId, *state, *after, Credits(), expired.value_or(Credits()), nowMs);
        !stored)
        return std::unexpected(stored.error());
    return closed;
}

Result<Credits> currentSubscriptionRemaining(const Connection &db, const QString &userId,
                                             const QString &subscriptionId, std::int64_t nowMs)
{
    auto grants = CreditRepository(db).liveGrants(userId, nowMs, true);
    if (!grants)
        return std::unexpected(grants.error());
    Credits sum;
    for (const GrantRow &row : std::as_const(*grants)) {
        if (row.grant.type != CreditType::Subscription || row.subscriptionId != subscriptionId)
            continue;
        auto next = sum.plus(row.grant.remaining);
        if (!next)
            return std::unexpected(next.error());
        sum = *next;
    }
    return sum;
}

} // namespace creditdesk::server

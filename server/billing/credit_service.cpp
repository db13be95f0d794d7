#include "server/billing/credit_service.h"

#include "core/domain/credit_ledger.h"
#include "core/domain/utc_time.h"
#include "server/billing/billing_errors.h"
#include "server/billing/billing_json.h"
#include "server/billing/billing_sql.h"
#include "server/billing/credit_grants.h"
#include "server/billing/credit_repository.h"
#include "server/billing/subscription_repository.h"
#include "server/billing/subscription_service.h"
#include "server/billing/subscription_windows.h"
#include "server/billing/user_repository.h"
#include "server/db/connection.h"
#include "server/http/wire_numbers.h"

#include <QJsonArray>

#include <vector>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

// Renewal first (a window may have started), then expiry.
Result<Credits> refreshed(const ServerEnvironment &env, Connection &db, const QString &userId,
                          std::int64_t nowMs)
{
    if (auto renewed = SubscriptionService(env, db).catchUp(userId); !renewed)
        return std::unexpected(renewed.error());
    return currentBalance(db, userId, nowMs);
}

std::int64_t daysUntil(std::int64_t nowMs, std::int64_t atMs)
{
    return days(nowMs, atMs);
}

// The subscription grant of the window holding now (latest first).
const GrantRow *windowGrant(const QList<GrantRow> &grants, const QString &subscriptionId)
{
    const GrantRow *best = nullptr;
    for (const GrantRow &row : grants) {
        if (row.grant.type != CreditType::Subscription || row.subscriptionId != subscriptionId)
            continue;
        if (!best || row.grant.createdAtMs >= best->grant.createdAtMs)
            best = &row;
    }
    return best;
}

QJsonObject periodCounters(const GrantRow *grant, std::int64_t resetMs, std::int64_t nowMs)
{
    const std::int64_t total = grant ? grant->grant.amount.floorWhole() : 0;
    const std::int64_t remaining = grant ? grant->grant.remaining.floorWhole() : 0;
    return QJsonObject{{u"remaining"_s, static_cast<qint64>(remaining)},
                       {u"monthlyAllocation"_s, static_cast<qint64>(total)},
                       {u"used"_s, static_cast<qint64>(total - remaining)},
                       {u"resetDate"_s, billing::tsJson(resetMs)},
                       {u"daysUntilReset"_s, static_cast<qint64>(daysUntil(nowMs, resetMs))}};
}

} // namespace

Result<QJsonObject> CreditService::currentPeriod(const QString &userId)
{
    const std::int64_t now = billing::nowMs(m_env);
    auto user = UserRepository(m_db).find(userId);
    if (!user)
        return std::unexpected(user.error());
    if (!*user)
        return fail(billerr::notFound, u"user not found"_s);
    if (auto balance = refreshed(m_env, m_db, userId, now); !balance)
        return std::unexpected(balance.error());
    auto subscription = SubscriptionRepository(m_db).current(userId);
    if (!subscription)
        return std::unexpected(subscription.error());
    if (!*subscription || !isServingStatus((*subscription)->status))
        return fail(billerr::notFound, u"no current credit period"_s);
    auto grants = CreditRepository(m_db).liveGrants(userId, now, false);
    if (!grants)
        return std::unexpected(grants.error());
    const GrantRow *grant = windowGrant(*grants, (*subscription)->id);
    if (!grant)
        return fail(billerr::notFound, u"no current credit period"_s);
    const std::int64_t total = grant->grant.amount.floorWhole();
    const std::int64_t remaining = grant->grant.remaining.floorWhole();
    const std::int64_t used = total - remaining;
    // usagePercentage with two decimals, from integers
    const std::int64_t basisPoints = total > 0 ? (used * 10000 + total / 2) / total : 0;
    auto start = grant->periodStartMs;
    auto end = grant->periodEndMs ? grant->periodEndMs : grant->grant.expiresAtMs;
    if (!start || !end) {
        auto window = creditWindowAt(**subscription, now);
        if (!window)
            return std::unexpected(window.error());
        start = start.value_or(window->startMs);
        end = end.value_or(window->endMs);
    }
    return QJsonObject{{u"id"_s, grant->grant.id},
                       {u"userId"_s, userId},
                       {u"totalCredits"_s, static_cast<qint64>(total)},
                       {u"usedCredits"_s, static_cast<qint64>(used)},
                       {u"remainingCredits"_s, static_cast<qint64>(remaining)},
                       {u"billingPeriodStart"_s, billing::tsJson(*start)},
                       {u"billingPeriodEnd"_s, billing::tsJson(*end)},
                       {u"usagePercentage"_s, wire::hundredthsNumber(basisPoints)}};
}

Result<QJsonObject> CreditService::overview(const QString &userId)
{
    const std::int64_t now = billing::nowMs(m_env);
    auto user = UserRepository(m_db).find(userId);
    if (!user)
        return std::unexpected(user.error());
    if (!*user)
        return fail(billerr::notFound, u"user not found"_s);
    auto balance = refreshed(m_env, m_db, userId, now);
    if (!balance)
        return std::unexpected(balance.error());
    auto subscription = SubscriptionRepository(m_db).current(userId);
    if (!subscription)
        return std::unexpected(subscription.error());
    const CreditRepository repo(m_db);
    auto all = repo.allGrants(userId);
    auto stored = repo.balance(userId);
    if (!all || !stored)
        return std::unexpected(!all ? all.error() : stored.error());

    QList<GrantRow> live;
    for (const GrantRow &row : std::as_const(*all)) {
        if (isLive(row.grant, now))
            live.append(row);
    }
    const bool serving = *subscription && isServingStatus((*subscription)->status);
    const GrantRow *grant = serving ? windowGrant(live, (*subscription)->id) : nullptr;
    std::int64_t reset = 0;
    if (serving) {
        auto window = creditWindowAt(**subscription, now);
        if (!window)
            return std::unexpected(window.error());
        reset = window->endMs;
    } else {
        const UtcFields f = utcFields(now);
        reset = utcMs(f.year, f.month, 1).value_or(now);
        reset = addMonths(reset, 1).value_or(now);
    }
    const bool freeTier = !serving || (*subscription)->tier == SubscriptionTier::Free;
    const QJsonObject current = periodCounters(grant, reset, now);
    const QJsonObject none = periodCounters(nullptr, reset, now);

    std::int64_t purchasedRemaining = 0;
    std::int64_t totalPurchased = 0;
    Credits purchasedUsed;
    for (const GrantRow &row : std::as_const(*all)) {
        if (row.grant.type == CreditType::Subscription)
            continue;
        totalPurchased += row.grant.amount.floorWhole();
        purchasedUsed = purchasedUsed.plus(row.grant.amount.minus(row.grant.remaining).value_or(Credits()))
                            .value_or(purchasedUsed);
        if (isLive(row.grant, now))
            purchasedRemaining += row.grant.remaining.floorWhole();
    }

    std::vector<CreditGrant> plain;
    for (const GrantRow &row : std::as_const(live))
        plain.push_back(row.grant);
    QJsonArray sources;
    for (qsizetype index : consumptionOrder(plain, now)) {
        const GrantRow &row = live.at(index);
        sources.append(QJsonObject{{u"id"_s, row.grant.id},
                                   {u"sourceType"_s, row.sourceType},
                                   {u"amount"_s, billing::creditsJson(row.grant.amount)},
                                   {u"remaining"_s, billing::creditsJson(row.grant.remaining)},
                                   {u"grantedAt"_s, billing::tsJson(row.grant.createdAtMs)},
                                   {u"expiresAt"_s, billing::tsJson(row.grant.expiresAtMs)}});
    }
    std::int64_t lastUpdated = now;
    if (stored->has_value() && (*stored)->updatedAtMs.has_value())
        lastUpdated = *(*stored)->updatedAtMs;
    return QJsonObject{{u"freeCredits"_s, freeTier ? current : none},
                       {u"subscriptionCredits"_s, freeTier ? none : current},
                       {u"purchasedCredits"_s,
                        QJsonObject{{u"remaining"_s, static_cast<qint64>(purchasedRemaining)},
                                    {u"totalPurchased"_s, static_cast<qint64>(totalPurchased)},
                                    {u"lifetimeUsed"_s, static_cast<qint64>(purchasedUsed.floorWhole())}}},
                       {u"totalAvailable"_s, static_cast<qint64>(balance->floorWhole())},
                       {u"balance"_s, billing::creditsJson(*balance)},
                       {u"lastUpdated"_s, billing::tsJson(lastUpdated)},
                       {u"sources"_s, sources}};
}

} // namespace creditdesk::server

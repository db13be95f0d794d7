#include "server/billing/subscription_service.h"

#include "core/domain/subscription_rules.h"
#include "core/domain/utc_time.h"
#include "server/billing/billing_errors.h"
#include "server/billing/billing_json.h"
#include "server/billing/billing_sql.h"
#include "server/billing/credit_grants.h"
#include "server/billing/credit_repository.h"
#include "server/billing/payment_gateway.h"
#include "server/billing/subscription_windows.h"
#include "server/billing/sync_versions.h"
#include "server/billing/time_uuid.h"
#include "server/billing/user_repository.h"
#include "server/db/connection.h"
#include "server/server_environment.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server {

QJsonObject subscriptionJson(const SubscriptionRow &row, const TierCatalog &catalog)
{
    return QJsonObject{
        {u"id"_s, row.id},
        {u"user_id"_s, row.userId},
        {u"tier"_s, toString(row.tier)},
        {u"status"_s, toString(row.status)},
        {u"credits_per_month"_s, static_cast<qint64>(row.monthlyAllocation.floorWhole())},
        {u"credits_rollover"_s, catalog.config(row.tier).hasRollover()},
        {u"billing_interval"_s, toString(row.interval)},
        {u"price_cents"_s, static_cast<qint64>(row.priceCents)},
        {u"current_period_start"_s, billing::tsJson(row.periodStartMs)},
        {u"current_period_end"_s, billing::tsJson(row.periodEndMs)},
        {u"trial_end"_s, billing::tsJson(row.trialEndMs)},
        {u"created_at"_s, billing::tsJson(row.createdAtMs)},
        {u"cancel_at_period_end"_s, row.cancelAtPeriodEnd},
        {u"updated_at"_s, billing::tsJson(row.updatedAtMs)},
    };
}

SubscriptionService::SubscriptionService(const ServerEnvironment &env, Connection &db)
    : m_env(env)
    , m_db(db)
    , m_catalog(TierCatalog::defaults())
{}

Result<void> SubscriptionService::loadCatalog()
{
    auto loaded = TierCatalog::load(m_db);
    if (!loaded)
        return std::unexpected(loaded.error());
    m_catalog = std::move(*loaded);
    return {};
}

Result<QJsonObject> SubscriptionService::current(const QString &userId)
{
    if (auto renewed = catchUp(userId); !renewed)
        return std::unexpected(renewed.error());
    if (auto loaded = loadCatalog(); !loaded)
        return std::unexpected(loaded.error());
    auto row = SubscriptionRepository(m_db).current(userId);
    if (!row)
        return std::unexpected(row.error());
    if (!*row || !isServingStatus((*row)->status))
        return fail(billerr::noActiveSubscription, u"no active subscription"_s);
    return subscriptionJson(**row, m_catalog);
}

Result<std::optional<QJsonObject>> SubscriptionService::allocateWindow(const SubscriptionRow &row, std::int64_t nowMs)
{
    const std::int64_t credits = row.monthlyAllocation.floorWhole();
    if (credits <= 0)
        return std::optional<QJsonObject>();
    auto window = creditWindowAt(row, nowMs);
    if (!window)
        return std::unexpected(window.error());
    GrantRequest grant;
    grant.userId = row.userId;
    grant.type = CreditType::Subscription;
    grant.wholeCredits = credits;
    grant.source = u"monthly_allocation"_s;
    grant.subscriptionId = row.id;
    grant.windowStartMs = window->startMs;
    grant.windowEndMs = window->endMs;
    auto granted = grantCredits(m_db, grant, nowMs);
    if (!granted)
        return std::unexpected(granted.error());
    return std::optional<QJsonObject>(QJsonObject{{u"grant_id"_s, granted->grantId},
                                                  {u"credits"_s, static_cast<qint64>(credits)},
                                                  {u"expires_at"_s, billing::tsJson(granted->expiresAtMs)},
                                                  {u"balance"_s, billing::creditsJson(granted->balanceAfter)}});
}

Result<SubscriptionRow> SubscriptionService::createLocked(const UserRow &user, const CreateRequest &request,
                                                          std::int64_t nowMs)
{
    if (request.tier == SubscriptionTier::Perpetual)
        return fail(billerr::validationError, u"perpetual is a license, not a subscription"_s,
                    QJsonObject{{u"tier"_s, u"not a subscription tier"_s}});
    const SubscriptionRepository repo(m_db);
    auto existing = repo.current(user.id, true);
    if (!existing)
        return std::unexpected(existing.error());
    if (*existing)
        return fail(billerr::conflict, u"the user already has a current subscription"_s);
    SubscriptionTransition transition;
    transition.to = request.status;
    transition.tier = request.tier;
    transition.nowMs = nowMs;
    if (auto allowed = checkSubscriptionTransition(transition); !allowed)
        return std::unexpected(allowed.error());

    const TierConfig &config = m_catalog.config(request.tier);
    SubscriptionRow row;
    row.id = billing::timeOrderedUuid(nowMs);
    row.userId = user.id;
    row.tier = request.tier;
    row.status = request.status;
    row.interval = request.interval;
    row.basePrice = config.cyclePrice(request.interval);
    row.priceCents = row.basePrice.cents();
    row.monthlyAllocation = config.monthlyAllocation();
    row.startedAtMs = nowMs;
    row.periodStartMs = nowMs;
    if (request.status == SubscriptionStatus::Trial) {
        auto trialEnd = addDays(nowMs, config.trialDays);
        if (!trialEnd)
            return std::unexpected(trialEnd.error());
        row.trialEndMs = *trialEnd;
        row.periodEndMs = *trialEnd;
    } else {
        auto end = cycleEnd(nowMs, request.interval);
        if (!end)
            return std::unexpected(end.error());
        row.periodEndMs = *end;
    }
    row.createdAtMs = nowMs;
    row.updatedAtMs = nowMs;
    if (auto inserted = repo.insert(row); !inserted)
        return std::unexpected(inserted.error());

    if (request.status == SubscriptionStatus::Active && row.priceCents > 0) {
        ChargeRequest charge;
        charge.userId = user.id;
        charge.email = user.email;
        charge.subscriptionId = row.id;
        charge.amount = row.basePrice;
        charge.description = u"CreditDesk %1 (%2)"_s.arg(m_catalog.info(row.tier).displayName, toString(row.interval));
        charge.periodStartMs = row.periodStartMs;
        charge.periodEndMs = row.periodEndMs;
        charge.invoiceBaseUrl = m_env.publicBaseUrl.toString(QUrl::StripTrailingSlash);
        if (auto charged = defaultPaymentGateway().charge(m_db, charge, nowMs); !charged)
            return std::unexpected(charged.error());
    }
    if (request.status == SubscriptionStatus::Active) {
        if (auto allocated = allocateWindow(row, nowMs); !allocated)
            return std::unexpected(allocated.error());
    }
    if (auto bumped = bumpSyncVersion(m_db, user.id, SyncStream::Subscription, nowMs); !bumped)
        return std::unexpected(bumped.error());
    return row;
}

Result<SubscriptionRow> SubscriptionService::create(const CreateRequest &request)
{
    if (auto loaded = loadCatalog(); !loaded)
        return std::unexpected(loaded.error());
    const std::int64_t now = billing::nowMs(m_env);
    return billing::inTransaction(m_db, [&]() -> Result<SubscriptionRow> {
        auto user = UserRepository(m_db).find(request.userId);
        if (!user)
            return std::unexpected(user.error());
        if (!*user)
            return fail(billerr::notFound, u"user not found"_s);
        if (auto locked = CreditRepository(m_db).lockBalance(request.userId); !locked)
            return std::unexpected(locked.error());
        return createLocked(**user, request, now);
    });
}

Result<QJsonObject> SubscriptionService::cancel(const QString &userId, const QString &reason, bool atPeriodEnd)
{
    const std::int64_t now = billing::nowMs(m_env);
    return billing::inTransaction(m_db, [&]() -> Result<QJsonObject> {
        if (auto locked = CreditRepository(m_db).lockBalance(userId); !locked)
            return std::unexpected(locked.error());
        const SubscriptionRepository repo(m_db);
        auto current = repo.current(userId, true);
        if (!current)
            return std::unexpected(current.error());
        if (!*current)
            return fail(billerr::noActiveSubscription, u"no active subscription"_s);
        SubscriptionRow row = **current;
        if (!reason.isEmpty())
            row.cancellationReason = reason;
        row.cancelledAtMs = now;
        row.updatedAtMs = now;
        if (atPeriodEnd) {
            row.cancelAtPeriodEnd = true;
        } else {
            SubscriptionTransition transition{row.status, SubscriptionStatus::Cancelled, row.tier, now,
                                              row.periodEndMs};
            if (auto allowed = checkSubscriptionTransition(transition); !allowed)
                return fail(billerr::invalidRequest, allowed.error().message);
            row.status = SubscriptionStatus::Cancelled;
            row.cancelAtPeriodEnd = false;
            row.endedAtMs = now;
            if (auto closed = closeSubscriptionGrants(m_db, userId, row.id, now); !closed)
                return std::unexpected(closed.error());
        }
        if (auto updated = repo.update(row); !updated)
            return std::unexpected(updated.error());
        if (auto bumped = bumpSyncVersion(m_db, userId, SyncStream::Subscription, now); !bumped)
            return std::unexpected(bumped.error());
        return QJsonObject{{u"id"_s, row.id},
                           {u"status"_s, toString(row.status)},
                           {u"cancelled_at"_s, billing::tsJson(row.cancelledAtMs)},
                           {u"cancel_at_period_end"_s, row.cancelAtPeriodEnd},
                           {u"current_period_end"_s, billing::tsJson(row.periodEndMs)}};
    });
}

} // namespace creditdesk::server

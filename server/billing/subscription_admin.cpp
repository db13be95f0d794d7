#include "server/billing/subscription_service.h"

#include "core/domain/subscription_rules.h"
#include "core/domain/utc_time.h"
#include "server/billing/billing_errors.h"
#include "server/billing/billing_json.h"
#include "server/billing/billing_sql.h"
#include "server/billing/credit_grants.h"
#include "server/billing/credit_repository.h"
#include "server/billing/subscription_windows.h"
#include "server/billing/sync_versions.h"
#include "server/billing/user_repository.h"
#include "server/db/connection.h"
#include "server/db/db_errors.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

bool isTerminal(SubscriptionStatus status)
{
    return status == SubscriptionStatus::Cancelled || status == SubscriptionStatus::Expired;
}

} // namespace

Result<QJsonObject> SubscriptionService::adminSet(const QString &email, const QString &tierText,
                                                  const QString &statusText, const QString &intervalText)
{
    auto tier = parseSubscriptionTier(tierText);
    if (!tier)
        return fail(dberr::invalidArguments, u"--tier: unknown tier '%1'"_s.arg(tierText));
    auto status = parseWireSubscriptionStatus(statusText);
    if (!status)
        return fail(dberr::invalidArguments, u"--status: unknown status '%1'"_s.arg(statusText));
    std::optional<BillingInterval> interval;
    if (!intervalText.isEmpty()) {
        auto parsed = parseBillingInterval(intervalText);
        if (!parsed)
            return fail(dberr::invalidArguments, u"--interval: monthly or yearly"_s);
        interval = *parsed;
    }
    if (auto loaded = loadCatalog(); !loaded)
        return std::unexpected(loaded.error());
    const std::int64_t now = billing::nowMs(m_env);

    return billing::inTransaction(m_db, [&]() -> Result<QJsonObject> {
        auto user = UserRepository(m_db).findByEmail(email);
        if (!user)
            return std::unexpected(user.error());
        if (!*user)
            return fail(billerr::notFound, u"no user with that e-mail"_s);
        if (auto locked = CreditRepository(m_db).lockBalance((*user)->id); !locked)
            return std::unexpected(locked.error());
        auto current = SubscriptionRepository(m_db).current((*user)->id, true);
        if (!current)
            return std::unexpected(current.error());
        if (*current)
            return adminChange(**user, **current, *tier, *status, interval.value_or((*current)->interval), now);
        if (isTerminal(*status))
            return fail(errc::invalidTransition, u"the user has no current subscription to end"_s);
        auto created = createLocked(**user, CreateRequest{(*user)->id, *tier,
                                                          interval.value_or(BillingInterval::Monthly), *status},
                                    now);
        if (!created)
            return std::unexpected(created.error());
        auto remaining = currentSubscriptionRemaining(m_db, (*user)->id, created->id, now);
        if (!remaining)
            return std::unexpected(remaining.error());
        return QJsonObject{{u"user_id"_s, (*user)->id},
                           {u"email"_s, (*user)->email},
                           {u"created"_s, true},
                           {u"subscription"_s, subscriptionJson(*created, m_catalog)},
                           {u"subscription_credits"_s, billing::creditsJson(*remaining)}};
    });
}

Result<QJsonObject> SubscriptionService::adminChange(const UserRow &user, SubscriptionRow row, SubscriptionTier tier,
                                                     SubscriptionStatus status, BillingInterval interval,
                                                     std::int64_t nowMs)
{
    if (tier == SubscriptionTier::Perpetual)
        return fail(dberr::invalidArguments, u"perpetual is a license, not a subscription"_s);
    const SubscriptionStatus before = row.status;
    if (status != before) {
        SubscriptionTransition transition{before, status, tier, nowMs, row.periodEndMs};
        if (auto allowed = checkSubscriptionTransition(transition); !allowed)
            return std::unexpected(allowed.error());
    }
    const bool planChanged = tier != row.tier || interval != row.interval;
    const TierConfig &config = m_catalog.config(tier);
    row.tier = tier;
    row.interval = interval;
    row.status = status;
    row.updatedAtMs = nowMs;
    if (planChanged) {
        row.basePrice = config.cyclePrice(interval);
        row.priceCents = row.basePrice.cents();
        row.monthlyAllocation = config.monthlyAllocation();
    }
    if (status == SubscriptionStatus::Trial && !row.trialEndMs) {
        auto trialEnd = addDays(nowMs, config.trialDays);
        if (!trialEnd)
            return std::unexpected(trialEnd.error());
        row.trialEndMs = *trialEnd;
    }
    if (before == SubscriptionStatus::Trial && status == SubscriptionStatus::Active) {
        // conversion: a paid period and the monthly windows start now
        auto end = cycleEnd(nowMs, interval);
        if (!end)
            return std::unexpected(end.error());
        row.startedAtMs = nowMs;
        row.periodStartMs = nowMs;
        row.periodEndMs = *end;
    }
    if (isTerminal(status)) {
        row.cancelledAtMs = nowMs;
        row.endedAtMs = nowMs;
        row.cancelAtPeriodEnd = false;
    } else if (status == SubscriptionStatus::Active) {
        row.cancelAtPeriodEnd = false;
    }
    if (auto updated = SubscriptionRepository(m_db).update(row); !updated)
        return std::unexpected(updated.error());

    QJsonValue allocation(QJsonValue::Null);
    auto remaining = currentSubscriptionRemaining(m_db, user.id, row.id, nowMs);
    if (!remaining)
        return std::unexpected(remaining.error());
    const bool needsGrant = status == SubscriptionStatus::Active && (planChanged || remaining->isZero()
                                                                     || before == SubscriptionStatus::Trial);
    if (isTerminal(status) || needsGrant) {
        if (auto closed = closeSubscriptionGrants(m_db, user.id, row.id, nowMs); !closed)
            return std::unexpected(closed.error());
    }
    if (needsGrant) {
        auto granted = allocateWindow(row, nowMs);
        if (!granted)
            return std::unexpected(granted.error());
        if (*granted)
            allocation = **granted;
    }
    if (auto bumped = bumpSyncVersion(m_db, user.id, SyncStream::Subscription, nowMs); !bumped)
        return std::unexpected(bumped.error());
    auto after = currentSubscriptionRemaining(m_db, user.id, row.id, nowMs);
    if (!after)
        return std::unexpected(after.error());
    return QJsonObject{{u"user_id"_s, user.id},
                       {u"email"_s, user.email},
                       {u"created"_s, false},
                       {u"subscription"_s, subscriptionJson(row, m_catalog)},
                       {u"allocation"_s, allocation},
                       {u"subscription_credits"_s, billing::creditsJson(*after)}};
}

} // namespace creditdesk::server

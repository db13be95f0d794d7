#include "server/billing/proration_service.h"

#include "server/billing/billing_errors.h"
#include "server/billing/billing_json.h"
#include "server/billing/billing_sql.h"
#include "server/billing/credit_grants.h"
#include "server/billing/credit_repository.h"
#include "server/billing/payment_gateway.h"
#include "server/billing/proration_repository.h"
#include "server/billing/sync_versions.h"
#include "server/billing/time_uuid.h"
#include "server/billing/user_repository.h"
#include "server/db/connection.h"
#include "server/server_environment.h"

// PATCH /v1/subscriptions/me: a plan change in place, with proration.
using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

QJsonObject patchBody(const SubscriptionRow &row)
{
    return QJsonObject{{u"id"_s, row.id},
                       {u"tier"_s, toString(row.tier)},
                       {u"status"_s, toString(row.status)},
                       {u"credits_per_month"_s, static_cast<qint64>(row.monthlyAllocation.floorWhole())},
                       {u"price_cents"_s, static_cast<qint64>(row.priceCents)},
                       {u"billing_interval"_s, toString(row.interval)},
                       {u"updated_at"_s, billing::tsJson(row.updatedAtMs)}};
}

} // namespace

Result<QJsonObject> ProrationService::changePlan(const QString &userId, const QString &planId,
                                                 const std::optional<QString> &intervalText)
{
    auto tier = parseSubscriptionTier(planId);
    if (!tier || *tier == SubscriptionTier::Perpetual)
        return fail(billerr::validationError, u"unknown plan_id"_s, QJsonObject{{u"plan_id"_s, u"unknown plan"_s}});
    std::optional<BillingInterval> interval;
    if (intervalText) {
        auto parsed = parseBillingInterval(*intervalText);
        if (!parsed)
            return fail(billerr::validationError, u"billing_interval is monthly or yearly"_s,
                        QJsonObject{{u"billing_interval"_s, u"monthly or yearly"_s}});
        interval = *parsed;
    }
    auto loaded = TierCatalog::load(m_db);
    if (!loaded)
        return std::unexpected(loaded.error());
    m_catalog = std::move(*loaded);
    if (!m_catalog.info(*tier).available)
        return fail(billerr::invalidRequest, u"this plan is not on sale yet"_s);
    const std::int64_t now = billing::nowMs(m_env);

    return billing::inTransaction(m_db, [&]() -> Result<QJsonObject> {
        auto user = UserRepository(m_db).find(userId);
        if (!user)
            return std::unexpected(user.error());
        if (!*user)
            return fail(billerr::notFound, u"user not found"_s);
        if (auto locked = CreditRepository(m_db).lockBalance(userId); !locked)
            return std::unexpected(locked.error());
        auto current = SubscriptionRepository(m_db).current(userId, true);
        if (!current)
            return std::unexpected(current.error());
        if (!*current || !isServingStatus((*current)->status))
            return fail(billerr::noActiveSubscription, u"no active subscription"_s);
        SubscriptionRow row = **current;
        const BillingInterval newInterval = interval.value_or(row.interval);
        if (*tier == row.tier && newInterval == row.interval)
            return fail(billerr::invalidRequest, u"the subscription is already on this plan"_s);

        if (row.status == SubscriptionStatus::Trial) {
            // Nothing is paid during a trial: the plan changes in place.
            const TierConfig &config = m_catalog.config(*tier);
            row.tier = *tier;
            row.interval = newInterval;
            row.basePrice = config.cyclePrice(newInterval);
            row.priceCents = row.basePrice.cents();
            row.monthlyAllocation = config.monthlyAllocation();
            row.updatedAtMs = now;
            if (auto updated = SubscriptionRepository(m_db).update(row); !updated)
                return std::unexpected(updated.error());
            if (auto bumped = bumpSyncVersion(m_db, userId, SyncStream::Subscription, now); !bumped)
                return std::unexpected(bumped.error());
            return patchBody(row);
        }
        if (newInterval != row.interval)
            return switchInterval(**user, row, *tier, newInterval, now);

        auto q = quote(row, *tier, now);
        if (!q)
            return std::unexpected(q.error());
        QString paymentId;
        if (auto applied = applyQuote(**user, *q, now, &paymentId); !applied)
            return std::unexpected(applied.error());
        auto after = SubscriptionRepository(m_db).byId(row.id);
        if (!after)
            return std::unexpected(after.error());
        return patchBody(after->value_or(row));
    });
}

Result<QJsonObject> ProrationService::switchInterval(const UserRow &user, SubscriptionRow row,
                                                     SubscriptionTier tier, BillingInterval interval,
                                                     std::int64_t nowMs)
{
    // A new billing cycle starts now: the unused part of the current cycle
    // (domain-rules §6 "unused") is credited against the new cycle's full price.
    const TierConfig &config = m_catalog.config(tier);
    const Money newPrice = config.cyclePrice(interval);
    auto oldPrice = Money::fromCents(row.priceCents);
    if (!oldPrice)
        return std::unexpected(oldPrice.error());
    ProrationInput in;
    in.oldCyclePrice = *oldPrice;
    // `unused` depends on the old price only; the new side just has to differ.
    in.newCyclePrice = newPrice == *oldPrice ? newPrice.plus(Money::fromCents(1).value()).value_or(newPrice)
                                             : newPrice;
    in.periodStartMs = row.periodStartMs;
    in.periodEndMs = row.periodEndMs;
    in.changeAtMs = nowMs;
    auto old = prorate(in);
    if (!old)
        return std::unexpected(old.error());
    auto net = newPrice.minus(old->unused);
    if (!net)
        return std::unexpected(net.error());
    if (net->isNegative() && tier == row.tier)
        return fail(billerr::invalidRequest,
                    u"a shorter billing interval starts at renewal: cancel at period end, then subscribe again"_s);
    auto end = cycleEnd(nowMs, interval);
    if (!end)
        return std::unexpected(end.error());

    QString paymentId;
    if (net->cents() > 0) {
        ChargeRequest charge;
        charge.userId = user.id;
        charge.email = user.email;
        charge.subscriptionId = row.id;
        charge.amount = *net;
        charge.description = u"CreditDesk %1 (%2), less $%3 unused"_s.arg(
            m_catalog.info(tier).displayName, toString(interval), old->unused.toDecimalString());
        charge.periodStartMs = nowMs;
        charge.periodEndMs = *end;
        charge.invoiceBaseUrl = m_env.publicBaseUrl.toString(QUrl::StripTrailingSlash);
        auto charged = defaultPaymentGateway().charge(m_db, charge, nowMs);
        if (!charged)
            return std::unexpected(charged.error());
        paymentId = charged->paymentId;
    }

    Credits creditGrant;
    const bool tierChanged = tier != row.tier;
    if (tierChanged) {
        // Credits as §6 with the new window starting now (P = full allocation).
        auto remaining = currentSubscriptionRemaining(m_db, user.id, row.id, nowMs);
        if (!remaining)
            return std::unexpected(remaining.error());
        auto windowEnd = cycleEnd(nowMs, BillingInterval::Monthly);
        if (!windowEnd)
            return std::unexpected(windowEnd.error());
        ProrationInput credits;
        credits.oldCyclePrice = m_catalog.config(row.tier).monthlyPrice();
        credits.newCyclePrice = config.monthlyPrice();
        credits.periodStartMs = nowMs;
        credits.periodEndMs = *windowEnd;
        credits.changeAtMs = nowMs;
        credits.newMonthlyAllocation = config.monthlyAllocation();
        credits.remainingCurrentGrant = *remaining;
        auto split = prorate(credits);
        creditGrant = split ? split->creditGrant : Credits::fromWhole(remaining->floorWhole()).value_or(Credits());

        ProrationEventRow event;
        event.id = billing::timeOrderedUuid(nowMs);
        event.userId = user.id;
        event.subscriptionId = row.id;
        event.fromTier = row.tier;
        event.toTier = tier;
        event.upgrade = newPrice > *oldPrice;
        event.periodStartMs = row.periodStartMs;
        event.periodEndMs = row.periodEndMs;
        event.effectiveAtMs = nowMs;
        event.daysInCycle = old->daysInCycle;
        event.daysRemaining = old->daysRemaining;
        event.unusedCents = old->unused.cents();
        event.newCostCents = newPrice.cents();
        event.netCents = net->cents();
        event.creditsGranted = creditGrant;
        event.paymentId = paymentId;
        if (auto inserted = ProrationRepository(m_db).insert(event, nowMs); !inserted)
            return std::unexpected(inserted.error());
    }

    row.tier = tier;
    row.interval = interval;
    row.basePrice = newPrice;
    row.priceCents = newPrice.cents();
    row.monthlyAllocation = config.monthlyAllocation();
    row.periodStartMs = nowMs;
    row.periodEndMs = *end;
    row.updatedAtMs = nowMs;
    if (tierChanged)
        row.startedAtMs = nowMs; // monthly credit windows restart with the new plan
    if (auto updated = SubscriptionRepository(m_db).update(row); !updated)
        return std::unexpected(updated.error());
    if (tierChanged) {
        if (auto closed = closeSubscriptionGrants(m_db, user.id, row.id, nowMs); !closed)
            return std::unexpected(closed.error());
        if (creditGrant.floorWhole() > 0) {
            GrantRequest grant;
            grant.userId = user.id;
            grant.type = CreditType::Subscription;
            grant.wholeCredits = creditGrant.floorWhole();
            grant.source = u"plan_change"_s;
            grant.subscriptionId = row.id;
            grant.windowStartMs = nowMs;
            grant.windowEndMs = cycleEnd(nowMs, BillingInterval::Monthly).value_or(*end);
            if (auto granted = grantCredits(m_db, grant, nowMs); !granted)
                return std::unexpected(granted.error());
        }
    }
    if (auto bumped = bumpSyncVersion(m_db, user.id, SyncStream::Subscription, nowMs); !bumped)
        return std::unexpected(bumped.error());
    return patchBody(row);
}

} // namespace creditdesk::server

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

#include <QJsonArray>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

std::unexpected<Error> invalid(const QString &message, const QString &field = u"newTier"_s)
{
    return fail(billerr::validationError, message, QJsonObject{{field, message}});
}

QString directionWord(ChangeDirection direction)
{
    return direction == ChangeDirection::Upgrade ? u"upgrade"_s : u"downgrade"_s;
}

} // namespace

ProrationService::ProrationService(const ServerEnvironment &env, Connection &db)
    : m_env(env)
    , m_db(db)
    , m_catalog(TierCatalog::defaults())
{}

Result<SubscriptionRow> ProrationService::owned(const QString &userId, const QString &subscriptionId, bool lock)
{
    if (QUuid::fromString(subscriptionId).isNull())
        return fail(billerr::subscriptionNotFound, u"subscription not found"_s);
    auto row = SubscriptionRepository(m_db).byId(subscriptionId.toLower(), lock);
    if (!row)
        return std::unexpected(row.error());
    if (!*row || (*row)->userId != userId)
        return fail(billerr::subscriptionNotFound, u"subscription not found"_s);
    return **row;
}

Result<SubscriptionTier> ProrationService::parseNewTier(const QString &text, const SubscriptionRow &current) const
{
    auto tier = parseSubscriptionTier(text);
    if (!tier || *tier == SubscriptionTier::Perpetual)
        return invalid(u"newTier must be one of free, pro, pro_max, enterprise_pro, enterprise_max"_s);
    if (*tier == current.tier)
        return invalid(u"newTier must differ from the current tier"_s);
    if (!m_catalog.info(*tier).available)
        return invalid(u"this tier is not on sale yet"_s);
    return *tier;
}

Result<ProrationService::Quote> ProrationService::quote(const SubscriptionRow &subscription,
                                                        SubscriptionTier newTier, std::int64_t nowMs)
{
    if (subscription.status != SubscriptionStatus::Active && subscription.status != SubscriptionStatus::PastDue)
        return invalid(u"only an active subscription changes tier with proration"_s, u"subscription"_s);
    auto window = creditWindowAt(subscription, nowMs);
    if (!window)
        return std::unexpected(window.error());
    auto remaining = currentSubscriptionRemaining(m_db, subscription.userId, subscription.id, nowMs);
    if (!remaining)
        return std::unexpected(remaining.error());
    auto oldPrice = Money::fromCents(subscription.priceCents);
    if (!oldPrice)
        return std::unexpected(oldPrice.error());
    const TierConfig &config = m_catalog.config(newTier);
    ProrationInput in;
    in.oldCyclePrice = *oldPrice;
    in.newCyclePrice = config.cyclePrice(subscription.interval);
    in.periodStartMs = subscription.periodStartMs;
    in.periodEndMs = subscription.periodEndMs;
    in.changeAtMs = nowMs;
    in.newMonthlyAllocation = config.monthlyAllocation();
    in.remainingCurrentGrant = *remaining;
    in.creditWindowStartMs = window->startMs;
    in.creditWindowEndMs = window->endMs;
    auto result = prorate(in);
    if (!result) {
        if (result.error().is(errc::invalidArgument))
            return invalid(u"the new tier costs the same per cycle"_s);
        return std::unexpected(result.error());
    }
    return Quote{subscription, newTier, *result, *window, in.newCyclePrice};
}

Result<QJsonObject> ProrationService::preview(const QString &userId, const QString &subscriptionId,
                                              const QString &newTierText)
{
    auto loaded = TierCatalog::load(m_db);
    if (!loaded)
        return std::unexpected(loaded.error());
    m_catalog = std::move(*loaded);
    auto subscription = owned(userId, subscriptionId, false);
    if (!subscription)
        return std::unexpected(subscription.error());
    auto tier = parseNewTier(newTierText, *subscription);
    if (!tier)
        return std::unexpected(tier.error());
    const std::int64_t now = billing::nowMs(m_env);
    auto q = quote(*subscription, *tier, now);
    if (!q)
        return std::unexpected(q.error());
    auto credit = accountCredit(m_db, userId);
    if (!credit)
        return std::unexpected(credit.error());
    Money left = credit->plus(q->result.accountCredit).value_or(*credit);
    const Money nextBill = applyAccountCredit(q->newCyclePrice, left);
    const ProrationResult &r = q->result;
    const QString message =
        r.net.isNegative()
            ? u"Downgrade from %1 to %2: $%3 kept as account credit for your next invoices"_s.arg(
                  toString(subscription->tier), toString(*tier), r.accountCredit.toDecimalString())
            : u"%1 from %2 to %3: $%4 charged today"_s.arg(r.direction == ChangeDirection::Upgrade ? u"Upgrade"_s
                                                                                                     : u"Downgrade"_s,
                                                            toString(subscription->tier), toString(*tier),
                                                            r.chargeNow.toDecimalString());
    return QJsonObject{{u"subscription_id"_s, subscription->id},
                       {u"from_tier"_s, toString(subscription->tier)},
                       {u"to_tier"_s, toString(*tier)},
                       {u"days_remaining"_s, static_cast<qint64>(r.daysRemaining)},
                       {u"days_in_cycle"_s, static_cast<qint64>(r.daysInCycle)},
                       {u"unused_credit_value_usd"_s, billing::usdJson(r.unused)},
                       {u"new_tier_prorated_cost_usd"_s, billing::usdJson(r.newCost)},
                       {u"net_charge_usd"_s, billing::usdJson(r.net)},
                       {u"charge_today"_s, billing::usdJson(r.chargeNow)},
                       {u"next_billing_amount"_s, billing::usdJson(nextBill)},
                       {u"next_billing_date"_s, billing::tsJson(subscription->periodEndMs)},
                       {u"message"_s, message},
                       {u"change_type"_s, directionWord(r.direction)},
                       {u"credits_granted"_s, static_cast<qint64>(r.creditGrant.floorWhole())}};
}

Result<QString> ProrationService::applyQuote(const UserRow &user, const Quote &q, std::int64_t nowMs,
                                             QString *paymentId)
{
    const ProrationResult &r = q.result;
    SubscriptionRow row = q.subscription;
    if (r.chargeNow.cents() > 0) {
        ChargeRequest charge;
        charge.userId = user.id;
        charge.email = user.email;
        charge.subscriptionId = row.id;
        charge.amount = r.chargeNow;
        charge.description = u"Proration %1 → %2"_s.arg(toString(row.tier), toString(q.newTier));
        charge.periodStartMs = nowMs;
        charge.periodEndMs = std::max(row.periodEndMs, nowMs + 1);
        charge.invoiceBaseUrl = m_env.publicBaseUrl.toString(QUrl::StripTrailingSlash);
        auto charged = defaultPaymentGateway().charge(m_db, charge, nowMs);
        if (!charged)
            return std::unexpected(charged.error());
        *paymentId = charged->paymentId;
    }
    ProrationEventRow event;
    event.id = billing::timeOrderedUuid(nowMs);
    event.userId = user.id;
    event.subscriptionId = row.id;
    event.fromTier = row.tier;
    event.toTier = q.newTier;
    event.upgrade = r.direction == ChangeDirection::Upgrade;
    event.periodStartMs = row.periodStartMs;
    event.periodEndMs = row.periodEndMs;
    event.effectiveAtMs = nowMs;
    event.daysInCycle = r.daysInCycle;
    event.daysRemaining = r.daysRemaining;
    event.unusedCents = r.unused.cents();
    event.newCostCents = r.newCost.cents();
    event.couponCents = r.coupon.cents();
    event.netCents = r.net.cents();
    event.creditsGranted = r.creditGrant;
    event.status = ProrationStatus::Applied;
    event.paymentId = *paymentId;
    if (auto inserted = ProrationRepository(m_db).insert(event, nowMs); !inserted)
        return std::unexpected(inserted.error());

    const TierConfig &config = m_catalog.config(q.newTier);
    row.tier = q.newTier;
    row.basePrice = q.newCyclePrice;
    row.priceCents = q.newCyclePrice.cents();
    row.monthlyAllocation = config.monthlyAllocation();
    row.updatedAtMs = nowMs;
    if (auto updated = SubscriptionRepository(m_db).update(row); !updated)
        return std::unexpected(updated.error());
    if (auto closed = closeSubscriptionGrants(m_db, user.id, row.id, nowMs); !closed)
        return std::unexpected(closed.error());
    if (r.creditGrant.floorWhole() > 0) {
        GrantRequest grant;
        grant.userId = user.id;
        grant.type = CreditType::Subscription;
        grant.wholeCredits = r.creditGrant.floorWhole();
        grant.source = u"proration"_s;
        grant.subscriptionId = row.id;
        grant.windowStartMs = q.window.startMs;
        grant.windowEndMs = q.window.endMs;
        if (auto granted = grantCredits(m_db, grant, nowMs); !granted)
            return std::unexpected(granted.error());
    }
    if (auto bumped = bumpSyncVersion(m_db, user.id, SyncStream::Subscription, nowMs); !bumped)
        return std::unexpected(bumped.error());
    return event.id;
}

Result<QJsonObject> ProrationService::apply(const QString &userId, const QString &subscriptionId,
                                            const QString &newTierText, ChangeDirection expected)
{
    auto loaded = TierCatalog::load(m_db);
    if (!loaded)
        return std::unexpected(loaded.error());
    m_catalog = std::move(*loaded);
    const std::int64_t now = billing::nowMs(m_env);
    return billing::inTransaction(m_db, [&]() -> Result<QJsonObject> {
        auto user = UserRepository(m_db).find(userId);
        if (!user)
            return std::unexpected(user.error());
        if (!*user)
            return fail(billerr::subscriptionNotFound, u"subscription not found"_s);
        if (auto locked = CreditRepository(m_db).lockBalance(userId); !locked)
            return std::unexpected(locked.error());
        auto subscription = owned(userId, subscriptionId, true);
        if (!subscription)
            return std::unexpected(subscription.error());
        auto tier = parseNewTier(newTierText, *subscription);
        if (!tier)
            return std::unexpected(tier.error());
        auto q = quote(*subscription, *tier, now);
        if (!q)
            return std::unexpected(q.error());
        if (q->result.direction != expected) {
            return invalid(expected == ChangeDirection::Upgrade
                               ? u"newTier is not pricier than the current tier: use downgrade-with-proration"_s
                               : u"newTier is not cheaper than the current tier: use upgrade-with-proration"_s);
        }
        QString paymentId;
        auto eventId = applyQuote(**user, *q, now, &paymentId);
        if (!eventId)
            return std::unexpected(eventId.error());
        const ProrationResult &r = q->result;
        QJsonObject body{{u"proration_event_id"_s, *eventId},
                         {u"subscription_id"_s, subscription->id},
                         {u"from_tier"_s, toString(subscription->tier)},
                         {u"to_tier"_s, toString(*tier)},
                         {u"net_charge_usd"_s, billing::usdText(r.net)},
                         {u"status"_s, toString(ProrationStatus::Applied)},
                         {u"effective_date"_s, billing::tsJson(now)},
                         {u"charge_today"_s, billing::usdJson(r.chargeNow)},
                         {u"credits_granted"_s, static_cast<qint64>(r.creditGrant.floorWhole())},
                         {u"payment_transaction_id"_s, paymentId.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                                           : QJsonValue(paymentId)}};
        if (expected == ChangeDirection::Upgrade) {
            body.insert(u"message"_s, u"Upgraded from %1 to %2; $%3 charged"_s.arg(
                                          toString(subscription->tier), toString(*tier), r.chargeNow.toDecimalString()));
        } else {
            body.insert(u"credit_amount"_s, billing::usdJson(r.accountCredit));
            body.insert(u"message"_s, u"Downgraded from %1 to %2; $%3 kept as account credit"_s.arg(
                                          toString(subscription->tier), toString(*tier),
                                          r.accountCredit.toDecimalString()));
        }
        return body;
    });
}

Result<QJsonObject> ProrationService::history(const QString &userId, const QString &subscriptionId)
{
    auto subscription = owned(userId, subscriptionId, false);
    if (!subscription)
        return std::unexpected(subscription.error());
    auto events = ProrationRepository(m_db).forUser(userId);
    if (!events)
        return std::unexpected(events.error());
    QJsonArray list;
    for (const ProrationEventRow &e : std::as_const(*events)) {
        auto net = Money::fromCents(e.netCents);
        list.append(QJsonObject{{u"id"_s, e.id},
                                {u"subscription_id"_s, e.subscriptionId},
                                {u"from_tier"_s, toString(e.fromTier)},
                                {u"to_tier"_s, toString(e.toTier)},
                                {u"change_type"_s, e.upgrade ? u"upgrade"_s : u"downgrade"_s},
                                {u"net_charge_usd"_s, net ? billing::usdText(*net) : QString::number(e.netCents)},
                                {u"status"_s, toString(e.status)},
                                {u"effective_date"_s, billing::tsJson(e.effectiveAtMs)},
                                {u"credits_granted"_s, static_cast<qint64>(e.creditsGranted.floorWhole())}});
    }
    return QJsonObject{{u"user_id"_s, userId}, {u"proration_events"_s, list}};
}

} // namespace creditdesk::server

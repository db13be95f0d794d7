// Subscriptions, proration and the seed's §9.1 journeys at the service level,
// on SQLite and PostgreSQL.
#include "core/domain/utc_time.h"
#include "server/billing/billing_sql.h"
#include "server/billing/credit_grants.h"
#include "server/billing/credit_repository.h"
#include "server/billing/payment_gateway.h"
#include "server/billing/proration_service.h"
#include "server/billing/subscription_service.h"
#include "server/billing/sync_versions.h"
#include "server/billing/tier_catalog.h"
#include "server/billing/usage_recorder.h"
#include "server/db/sql_values.h"
#include "tests/integration/billing/billing_test_support.h"
#include "tests/support/test_support.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::server;
using namespace creditdesk::server::test;

namespace {

std::int64_t at(int y, int mo, int d, int h = 0, int mi = 0)
{
    return utcMs(y, mo, d, h, mi).value();
}

Credits cr(const char *text)
{
    return Credits::parse(QString::fromLatin1(text)).value();
}

} // namespace

class TestSubscriptionService : public QObject {
    Q_OBJECT

private slots:
    void tierSeedMatchesTheDomainRules_data() { addDialectRows(); }
    void tierSeedMatchesTheDomainRules();
    void journeyNewUserProAllocationUsage_data() { addDialectRows(); }
    void journeyNewUserProAllocationUsage();
    void journeyProToProMaxWithProration_data() { addDialectRows(); }
    void journeyProToProMaxWithProration();
    void downgradeKeepsAccountCredit_data() { addDialectRows(); }
    void downgradeKeepsAccountCredit();
    void prorationRefusesBadRequests_data() { addDialectRows(); }
    void prorationRefusesBadRequests();
    void trialAndCancellation_data() { addDialectRows(); }
    void trialAndCancellation();
    void adminSetSubscription_data() { addDialectRows(); }
    void adminSetSubscription();
    void declinedPaymentWritesNothing_data() { addDialectRows(); }
    void declinedPaymentWritesNothing();
    void renewalAllocatesAndRollsOver_data() { addDialectRows(); }
    void renewalAllocatesAndRollsOver();
};

#define WORLD()                                                                                              \
    QFETCH(Dialect, dialect);                                                                                \
    CREDITDESK_REQUIRE_DIALECT(dialect);                                                                     \
    CREDITDESK_TRY(world, BillingWorld::create(dialect));                                                    \
    Connection &db = world->db();                                                                            \
    Q_UNUSED(db)

void TestSubscriptionService::tierSeedMatchesTheDomainRules()
{
    WORLD();
    CREDITDESK_TRY(catalog, TierCatalog::load(db));
    for (SubscriptionTier tier : allSubscriptionTiers()) {
        const TierConfig &seeded = catalog.config(tier);
        const TierConfig &rules = tierConfig(tier);
        QCOMPARE(seeded.monthlyPriceCents, rules.monthlyPriceCents);
        QCOMPARE(seeded.yearlyPriceCents, rules.yearlyPriceCents);
        QCOMPARE(seeded.monthlyCredits, rules.monthlyCredits);
        QCOMPARE(seeded.rolloverCapCredits, rules.rolloverCapCredits);
        QCOMPARE(seeded.rolloverMonths, rules.rolloverMonths);
        QCOMPARE(seeded.historyDays, rules.historyDays);
        QCOMPARE(seeded.trialDays, rules.trialDays);
        QCOMPARE(seeded.multiplierHundredths, rules.multiplierHundredths);
        QCOMPARE(catalog.info(tier).available, rules.onSale);
    }
    const QJsonArray plans = catalog.plansJson().value(u"plans"_s).toArray();
    QCOMPARE(plans.size(), 5);
    const QJsonObject pro = plans.at(1).toObject();
    QCOMPARE(pro.value(u"id"_s).toString(), u"pro"_s);
    QCOMPARE(pro.value(u"creditsPerMonth"_s).toInteger(), 1500);
    QCOMPARE(pro.value(u"priceCents"_s).toInteger(), 1500);
    QCOMPARE(pro.value(u"yearlyDiscountPercent"_s).toInteger(), 17);
}

void TestSubscriptionService::journeyNewUserProAllocationUsage()
{
    WORLD();
    // 1. sign-up; 2. pro; 3. allocation
    CREDITDESK_TRY(user, world->createUser(u"journey1@example.com"_s));
    SubscriptionService subscriptions(world->env(), db);
    CREDITDESK_TRY(sub, subscriptions.create({user, SubscriptionTier::Pro, BillingInterval::Monthly,
                                              SubscriptionStatus::Active}));
    QCOMPARE(sub.priceCents, 1500);
    CREDITDESK_TRY(balance, world->cachedBalance(user));
    QCOMPARE(balance, cr("1500"));
    QCOMPARE(world->count(u"credit_allocation"_s, user).value(), 1);
    QCOMPARE(world->count(u"billing_invoice"_s, user).value(), 1);
    QCOMPARE(world->count(u"payment_transaction"_s, user).value(), 1);
    CREDITDESK_TRY(current, subscriptions.current(user));
    QCOMPARE(current.value(u"tier"_s).toString(), u"pro"_s);
    QCOMPARE(current.value(u"credits_per_month"_s).toInteger(), 1500);
    QCOMPARE(current.value(u"credits_rollover"_s).toBool(), true);

    // 5. a request ([ConvPlan112]: pro, claude-sonnet-4.5, 500/1,500 → 3.2); 7. deduction
    UsageInput in = world->usage(user);
    in.provider = u"anthropic"_s;
    in.modelId = u"claude-sonnet-4.5"_s;
    in.inputTokens = 500;
    in.outputTokens = 1500;
    CREDITDESK_TRY(recorded, UsageRecorder(world->env(), db).record(in));
    QVERIFY(!recorded.replayed);
    QCOMPARE(recorded.outcome.creditsDeducted, cr("3.2"));
    QCOMPARE(recorded.outcome.balanceAfter, cr("1496.8"));
    QCOMPARE(world->cachedBalance(user).value(), cr("1496.8"));
    QCOMPARE(world->liveBalance(user).value(), cr("1496.8"));
    QCOMPARE(world->ledgerSum(user).value(), cr("3.2"));
    QCOMPARE(world->count(u"token_usage_ledger"_s, user).value(), 1);
    QCOMPARE(world->count(u"token_usage_daily_summary"_s, user).value(), 1);
    QCOMPARE(world->count(u"credit_usage_daily_summary"_s, user).value(), 1);
    CREDITDESK_TRY(versions, readSyncVersions(db, user));
    QVERIFY(versions.balance.version >= 2); // allocation + deduction
    QCOMPARE(versions.subscription.version, 1);
    QCOMPARE(versions.invoices.version, 1);
    QVERIFY(versions.usageUpdatedAtMs.has_value());
}

void TestSubscriptionService::journeyProToProMaxWithProration()
{
    WORLD();
    // [ProUp]: pro 2026-01-01 → 02-01, change at 01-21 09:30 (11 of 31 days).
    world->clock().setNowMs(at(2026, 1, 1));
    CREDITDESK_TRY(user, world->createUser(u"journey2@example.com"_s));
    CREDITDESK_TRY(sub, SubscriptionService(world->env(), db)
                            .create({user, SubscriptionTier::Pro, BillingInterval::Monthly, SubscriptionStatus::Active}));
    world->clock().setNowMs(at(2026, 1, 21, 9, 30));
    ProrationService proration(world->env(), db);
    CREDITDESK_TRY(preview, proration.preview(user, sub.id, u"pro_max"_s));
    QCOMPARE(preview.value(u"days_remaining"_s).toInteger(), 11);
    QCOMPARE(preview.value(u"days_in_cycle"_s).toInteger(), 31);
    QCOMPARE(preview.value(u"unused_credit_value_usd"_s).toDouble(), 5.32);
    QCOMPARE(preview.value(u"new_tier_prorated_cost_usd"_s).toDouble(), 70.61);
    QCOMPARE(preview.value(u"net_charge_usd"_s).toDouble(), 65.29);
    QCOMPARE(preview.value(u"charge_today"_s).toDouble(), 65.29);
    QCOMPARE(preview.value(u"next_billing_amount"_s).toDouble(), 199.0);
    QCOMPARE(world->count(u"proration_event"_s, user).value(), 0); // a preview writes nothing

    CREDITDESK_TRY(applied, proration.apply(user, sub.id, u"pro_max"_s, ChangeDirection::Upgrade));
    QCOMPARE(applied.value(u"net_charge_usd"_s).toString(), u"65.29"_s);
    QCOMPARE(applied.value(u"status"_s).toString(), u"applied"_s);
    QCOMPARE(applied.value(u"credits_granted"_s).toInteger(), 8870); // max(P 8,870, R 1,500)
    QCOMPARE(world->count(u"proration_event"_s, user).value(), 1);
    QCOMPARE(world->count(u"payment_transaction"_s, user).value(), 2);
    bool found = false;
    auto payment = billing::runSqlFirst(db,
                                        u"SELECT amount_cents FROM payment_transaction WHERE user_id = ? "
                                        "ORDER BY created_at DESC LIMIT 1"_s,
                                        {sqlv::uuid(db, user)}, &found);
    QVERIFY(payment && found);
    QCOMPARE(payment->value(0).toLongLong(), 6529);
    CREDITDESK_TRY(current, SubscriptionService(world->env(), db).current(user));
    QCOMPARE(current.value(u"tier"_s).toString(), u"pro_max"_s);
    QCOMPARE(current.value(u"price_cents"_s).toInteger(), 19900);
    QCOMPARE(world->cachedBalance(user).value(), cr("8870")); // the pro grant closed, the new one live
    QCOMPARE(world->liveBalance(user).value(), cr("8870"));
    CREDITDESK_TRY(history, proration.history(user, sub.id));
    QCOMPARE(history.value(u"proration_events"_s).toArray().size(), 1);
    QCOMPARE(history.value(u"proration_events"_s).toArray().at(0).toObject().value(u"change_type"_s).toString(),
             u"upgrade"_s);
}

void TestSubscriptionService::downgradeKeepsAccountCredit()
{
    WORLD();
    // [ProDown]: pro_max 2026-02-01 → 03-01, change at 02-10 12:00; R 640.
    world->clock().setNowMs(at(2026, 2, 1));
    CREDITDESK_TRY(user, world->createUser(u"down@example.com"_s));
    CREDITDESK_TRY(sub, SubscriptionService(world->env(), db)
                            .create({user, SubscriptionTier::ProMax, BillingInterval::Monthly,
                                     SubscriptionStatus::Active}));
    world->clock().setNowMs(at(2026, 2, 10, 12));
    {
        CREDITDESK_TRY(grants, CreditRepository(db).liveGrants(user, world->clock().nowMs(), true));
        QCOMPARE(grants.size(), 1);
        CREDITDESK_VERIFY_OK(CreditRepository(db).updateRemaining(grants.first().grant.id, cr("640.75"),
                                                                  world->clock().nowMs()));
        CREDITDESK_VERIFY_OK(billing::inTransaction(db, [&] { return refreshBalance(db, user, world->clock().nowMs()); }));
    }
    CREDITDESK_TRY(applied, ProrationService(world->env(), db).apply(user, sub.id, u"pro"_s, ChangeDirection::Downgrade));
    QCOMPARE(applied.value(u"net_charge_usd"_s).toString(), u"-124.86"_s);
    QCOMPARE(applied.value(u"credit_amount"_s).toDouble(), 124.86);
    QCOMPARE(applied.value(u"charge_today"_s).toDouble(), 0.0);
    QCOMPARE(applied.value(u"credits_granted"_s).toInteger(), 640); // min(P 1,017, R 640)
    QCOMPARE(world->count(u"payment_transaction"_s, user).value(), 1); // only the first cycle
    QCOMPARE(world->cachedBalance(user).value(), cr("640"));
    CREDITDESK_TRY(credit, accountCredit(db, user));
    QCOMPARE(credit.cents(), 12486);
}

void TestSubscriptionService::prorationRefusesBadRequests()
{
    WORLD();
    CREDITDESK_TRY(user, world->createUser(u"owner@example.com"_s));
    CREDITDESK_TRY(other, world->createUser(u"other@example.com"_s));
    CREDITDESK_TRY(sub, SubscriptionService(world->env(), db)
                            .create({user, SubscriptionTier::Pro, BillingInterval::Monthly, SubscriptionStatus::Active}));
    ProrationService proration(world->env(), db);
    auto code = [](const Result<QJsonObject> &r) { return r ? QString() : r.error().code; };
    QCOMPARE(code(proration.apply(other, sub.id, u"pro_max"_s, ChangeDirection::Upgrade)), u"subscription_not_found"_s);
    QCOMPARE(code(proration.preview(other, sub.id, u"pro_max"_s)), u"subscription_not_found"_s);
    QCOMPARE(code(proration.history(other, sub.id)), u"subscription_not_found"_s);
    QCOMPARE(code(proration.preview(user, u"not-a-uuid'; DROP TABLE users; --"_s, u"pro_max"_s)),
             u"subscription_not_found"_s);
    QCOMPARE(code(proration.apply(user, sub.id, u"free"_s, ChangeDirection::Upgrade)), u"validation_error"_s);
    QCOMPARE(code(proration.apply(user, sub.id, u"pro_max"_s, ChangeDirection::Downgrade)), u"validation_error"_s);
    QCOMPARE(code(proration.apply(user, sub.id, u"pro"_s, ChangeDirection::Upgrade)), u"validation_error"_s);
    QCOMPARE(code(proration.apply(user, sub.id, u"PRO_MAX"_s, ChangeDirection::Upgrade)), u"validation_error"_s);
    QCOMPARE(code(proration.apply(user, sub.id, u"enterprise_max"_s, ChangeDirection::Upgrade)), u"validation_error"_s);
    QCOMPARE(code(proration.apply(user, sub.id, u"perpetual"_s, ChangeDirection::Upgrade)), u"validation_error"_s);
    QCOMPARE(world->count(u"proration_event"_s, user).value(), 0);
    CREDITDESK_TRY(current, SubscriptionService(world->env(), db).current(user));
    QCOMPARE(current.value(u"tier"_s).toString(), u"pro"_s);
}

void TestSubscriptionService::trialAndCancellation()
{
    WORLD();
    CREDITDESK_TRY(user, world->createUser(u"trial@example.com"_s));
    SubscriptionService subscriptions(world->env(), db);
    CREDITDESK_TRY(sub, subscriptions.create({user, SubscriptionTier::ProMax, BillingInterval::Monthly,
                                              SubscriptionStatus::Trial}));
    QVERIFY(sub.trialEndMs.has_value());
    QCOMPARE(*sub.trialEndMs, world->clock().nowMs() + 14 * kMsPerDay);
    QCOMPARE(world->count(u"credit_allocation"_s, user).value(), 0); // allocation after conversion
    QCOMPARE(world->count(u"billing_invoice"_s, user).value(), 0);
    auto second = subscriptions.create({user, SubscriptionTier::Pro, BillingInterval::Monthly, SubscriptionStatus::Active});
    QVERIFY(!second);
    QCOMPARE(second.error().code, u"conflict"_s);

    CREDITDESK_TRY(atEnd, subscriptions.cancel(user, u"too expensive"_s, true));
    QCOMPARE(atEnd.value(u"cancel_at_period_end"_s).toBool(), true);
    QCOMPARE(atEnd.value(u"status"_s).toString(), u"trial"_s);
    CREDITDESK_TRY(now, subscriptions.cancel(user, QString(), false));
    QCOMPARE(now.value(u"status"_s).toString(), u"cancelled"_s);
    auto gone = subscriptions.current(user);
    QVERIFY(!gone);
    QCOMPARE(gone.error().code, u"no_active_subscription"_s);
    auto again = subscriptions.cancel(user, QString(), false);
    QVERIFY(!again);
    QCOMPARE(again.error().code, u"no_active_subscription"_s);
}

void TestSubscriptionService::adminSetSubscription()
{
    WORLD();
    CREDITDESK_TRY(user, world->createUser(u"admin-set@example.com"_s));
    SubscriptionService subscriptions(world->env(), db);
    CREDITDESK_TRY(created, subscriptions.adminSet(u"ADMIN-SET@example.com"_s, u"pro"_s, u"active"_s, QString()));
    QCOMPARE(created.value(u"created"_s).toBool(), true);
    QCOMPARE(world->cachedBalance(user).value(), cr("1500"));
    CREDITDESK_TRY(changed, subscriptions.adminSet(u"admin-set@example.com"_s, u"pro_max"_s, u"active"_s, u"yearly"_s));
    QCOMPARE(changed.value(u"subscription"_s).toObject().value(u"price_cents"_s).toInteger(), 199000);
    QCOMPARE(world->cachedBalance(user).value(), cr("25000")); // the pro grant replaced
    CREDITDESK_TRY(suspended, subscriptions.adminSet(u"admin-set@example.com"_s, u"pro_max"_s, u"suspended"_s, {}));
    QCOMPARE(suspended.value(u"subscription"_s).toObject().value(u"status"_s).toString(), u"suspended"_s);
    // suspended → cloud usage refused, BYOK still recorded
    auto refused = UsageRecorder(world->env(), db).record(world->usage(user));
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, u"subscription_suspended"_s);
    auto bad = subscriptions.adminSet(u"admin-set@example.com"_s, u"gold"_s, u"active"_s, {});
    QVERIFY(!bad);
    QCOMPARE(bad.error().code, u"invalid_arguments"_s);
    auto illegal = subscriptions.adminSet(u"admin-set@example.com"_s, u"pro_max"_s, u"trial"_s, {});
    QVERIFY(!illegal);
    QCOMPARE(illegal.error().code, u"invalid_transition"_s);
    auto nobody = subscriptions.adminSet(u"nobody@example.com"_s, u"pro"_s, u"active"_s, {});
    QVERIFY(!nobody);
    QCOMPARE(nobody.error().code, u"not_found"_s);
    CREDITDESK_TRY(ended, subscriptions.adminSet(u"admin-set@example.com"_s, u"pro_max"_s, u"cancelled"_s, {}));
    QCOMPARE(ended.value(u"subscription"_s).toObject().value(u"status"_s).toString(), u"cancelled"_s);
    QCOMPARE(world->cachedBalance(user).value(), Credits());
}

void TestSubscriptionService::declinedPaymentWritesNothing()
{
    WORLD();
    CREDITDESK_TRY(user, world->createUser(u"card+decline@example.com"_s));
    auto sub = SubscriptionService(world->env(), db)
                   .create({user, SubscriptionTier::Pro, BillingInterval::Monthly, SubscriptionStatus::Active});
    QVERIFY(!sub);
    QCOMPARE(sub.error().code, u"payment_error"_s);
    QCOMPARE(world->count(u"subscription_monetization"_s, user).value(), 0);
    QCOMPARE(world->count(u"billing_invoice"_s, user).value(), 0);
    QCOMPARE(world->count(u"credit_allocation"_s, user).value(), 0);
}

void TestSubscriptionService::renewalAllocatesAndRollsOver()
{
    WORLD();
    // [CreditsRollover]: pro, E = 2026-02-01, the grant has 1,399.75 left → 750 rolled over to 2026-03-01.
    world->clock().setNowMs(at(2026, 1, 1));
    CREDITDESK_TRY(user, world->createUser(u"renew@example.com"_s));
    CREDITDESK_TRY(trialUser, world->createUser(u"convert@example.com"_s));
    CREDITDESK_TRY(declined, world->createUser(u"late+decline@example.com"_s));
    CREDITDESK_TRY(leaving, world->createUser(u"leaving@example.com"_s));
    SubscriptionService subscriptions(world->env(), db);
    CREDITDESK_VERIFY_OK(subscriptions.create({user, SubscriptionTier::Pro, BillingInterval::Monthly,
                                               SubscriptionStatus::Active}));
    CREDITDESK_VERIFY_OK(subscriptions.create({trialUser, SubscriptionTier::ProMax, BillingInterval::Monthly,
                                               SubscriptionStatus::Trial}));
    CREDITDESK_VERIFY_OK(subscriptions.create({declined, SubscriptionTier::Pro, BillingInterval::Monthly,
                                               SubscriptionStatus::Trial}));
    CREDITDESK_VERIFY_OK(subscriptions.create({leaving, SubscriptionTier::Pro, BillingInterval::Monthly,
                                               SubscriptionStatus::Active}));
    CREDITDESK_VERIFY_OK(subscriptions.cancel(leaving, QString(), true));
    {
        CREDITDESK_TRY(grants, CreditRepository(db).liveGrants(user, world->clock().nowMs(), true));
        CREDITDESK_VERIFY_OK(CreditRepository(db).updateRemaining(grants.first().grant.id, cr("1399.75"),
                                                                  world->clock().nowMs()));
        CREDITDESK_VERIFY_OK(billing::inTransaction(db, [&] { return refreshBalance(db, user, world->clock().nowMs()); }));
    }
    world->clock().setNowMs(at(2026, 2, 1, 0, 1));
    CREDITDESK_TRY(renewed, subscriptions.current(user));
    QCOMPARE(renewed.value(u"current_period_start"_s).toString(), u"2026-02-01T00:00:00.000Z"_s);
    QCOMPARE(renewed.value(u"current_period_end"_s).toString(), u"2026-03-01T00:00:00.000Z"_s);
    QCOMPARE(world->count(u"billing_invoice"_s, user).value(), 2);
    QCOMPARE(world->cachedBalance(user).value(), cr("2250")); // 1,500 new + 750 rollover; January's grant expired
    CREDITDESK_TRY(grants, CreditRepository(db).liveGrants(user, world->clock().nowMs(), true));
    bool rolled = false;
    for (const GrantRow &g : std::as_const(grants)) {
        if (g.grant.source == u"rollover"_s) {
            rolled = true;
            QCOMPARE(g.grant.amount, cr("750"));
            QCOMPARE(*g.grant.expiresAtMs, at(2026, 3, 1));
            QCOMPARE(g.sourceType, u"bonus"_s);
        }
    }
    QVERIFY(rolled);
    CREDITDESK_TRY(again, subscriptions.catchUp(user));
    QVERIFY(!again); // nothing due twice

    CREDITDESK_TRY(converted, subscriptions.current(trialUser));
    QCOMPARE(converted.value(u"status"_s).toString(), u"active"_s);
    QCOMPARE(world->cachedBalance(trialUser).value(), cr("25000"));
    auto expired = subscriptions.current(declined);
    QVERIFY(!expired);
    QCOMPARE(expired.error().code, u"no_active_subscription"_s);
    auto left = subscriptions.current(leaving);
    QVERIFY(!left);
    QCOMPARE(world->cachedBalance(leaving).value(), Credits());
}

QTEST_GUILESS_MAIN(TestSubscriptionService)
#include "test_subscription_service.moc"

// POST /internal/usage at the service level (api-contract §10.6), credits
// (§6) and the consumption order (domain-rules §4), on SQLite and PostgreSQL.
#include "core/domain/utc_time.h"
#include "server/billing/billing_sql.h"
#include "server/billing/credit_grants.h"
#include "server/billing/credit_service.h"
#include "server/billing/pricing_catalog.h"
#include "server/billing/sync_versions.h"
#include "server/billing/usage_batch.h"
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

Credits cr(const char *text)
{
    return Credits::parse(QString::fromLatin1(text)).value();
}

std::int64_t at(int y, int mo, int d, int h = 0)
{
    return utcMs(y, mo, d, h).value();
}

} // namespace

class TestUsageService : public QObject {
    Q_OBJECT

private slots:
    void recordsAndDeducts_data() { addDialectRows(); }
    void recordsAndDeducts();
    void byokCostsNothingAndNeedsNoBalance_data() { addDialectRows(); }
    void byokCostsNothingAndNeedsNoBalance();
    void insufficientCreditsWritesNothing_data() { addDialectRows(); }
    void insufficientCreditsWritesNothing();
    void repeatedRequestIdIsAppliedOnce_data() { addDialectRows(); }
    void repeatedRequestIdIsAppliedOnce();
    void refusesBadReports_data() { addDialectRows(); }
    void refusesBadReports();
    void consumesGrantsInOrder_data() { addDialectRows(); }
    void consumesGrantsInOrder();
    void expiredGrantsLeaveTheBalance_data() { addDialectRows(); }
    void expiredGrantsLeaveTheBalance();
};

#define WORLD()                                                                                              \
    QFETCH(Dialect, dialect);                                                                                \
    CREDITDESK_REQUIRE_DIALECT(dialect);                                                                     \
    CREDITDESK_TRY(world, BillingWorld::create(dialect));                                                    \
    Connection &db = world->db();                                                                            \
    Q_UNUSED(db)

void TestUsageService::recordsAndDeducts()
{
    WORLD();
    CREDITDESK_TRY(user, world->createUser(u"usage@example.com"_s));
    CREDITDESK_VERIFY_OK(world->grant(user, 10));
    UsageRecorder recorder(world->env(), db);
    // [ConvMinimum]: free, gpt-4o-mini, 1,200 / 300 → 0.054 → 0.1
    CREDITDESK_TRY(first, recorder.record(world->usage(user)));
    QCOMPARE(first.outcome.creditsDeducted, cr("0.1"));
    QCOMPARE(first.outcome.balanceAfter, cr("9.9"));
    // [ConvHighContext] on free (m 1.50): 210,000 in / 2,000 out / 40,000 cache read → $1.329 × 1.5 → 199.35
    UsageInput big = world->usage(user);
    big.provider = u"anthropic"_s;
    big.modelId = u"claude-sonnet-4.5"_s;
    big.inputTokens = 210'000;
    big.outputTokens = 2'000;
    big.cachedInputTokens = 40'000;
    auto refused = recorder.record(big);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, u"insufficient_credits"_s);
    QCOMPARE(refused.error().details.value(u"required_credits"_s).toDouble(), 199.4);
    QCOMPARE(refused.error().details.value(u"available_credits"_s).toDouble(), 9.9);
    CREDITDESK_VERIFY_OK(world->grant(user, 200));
    CREDITDESK_TRY(second, recorder.record(big));
    QCOMPARE(second.outcome.creditsDeducted, cr("199.4"));
    QCOMPARE(world->cachedBalance(user).value(), cr("10.5"));
    QCOMPARE(world->liveBalance(user).value(), cr("10.5"));
    QCOMPARE(world->ledgerSum(user).value(), cr("199.5"));
    bool found = false;
    auto row = billing::runSqlFirst(db,
                                    u"SELECT vendor_cost, credit_multiplier, is_byok, occurred_at FROM token_usage_ledger "
                                    "WHERE request_id = ?"_s,
                                    {sqlv::uuid(db, big.requestId)}, &found);
    QVERIFY(row && found);
    QCOMPARE(sqlv::readVendorCost(db, row->value(0)).value(), 132'900'000); // $1.329
    QCOMPARE(sqlv::readMultiplier(db, row->value(1)).value(), 150);
    QCOMPARE(sqlv::readBoolean(db, row->value(2)).value(), false);
    QCOMPARE(sqlv::readTimestamp(db, row->value(3)).value(), world->clock().nowMs());
}

void TestUsageService::byokCostsNothingAndNeedsNoBalance()
{
    WORLD();
    CREDITDESK_TRY(user, world->createUser(u"byok@example.com"_s));
    UsageInput in = world->usage(user);
    in.byok = true;
    in.provider = u"anthropic"_s;
    in.modelId = u"claude-sonnet-4.5"_s;
    in.inputTokens = 500;
    in.outputTokens = 1500;
    CREDITDESK_TRY(recorded, UsageRecorder(world->env(), db).record(in));
    QCOMPARE(recorded.outcome.creditsDeducted, Credits());
    QCOMPARE(recorded.outcome.balanceAfter, Credits());
    QCOMPARE(world->count(u"token_usage_ledger"_s, user).value(), 1);
    bool found = false;
    auto row = billing::runSqlFirst(db,
                                    u"SELECT vendor_cost, credit_multiplier, credits_deducted FROM token_usage_ledger "
                                    "WHERE request_id = ?"_s,
                                    {sqlv::uuid(db, in.requestId)}, &found);
    QVERIFY(row && found);
    QCOMPARE(sqlv::readVendorCost(db, row->value(0)).value(), 2'400'000); // $0.024 for information
    QCOMPARE(sqlv::readMultiplier(db, row->value(1)).value(), 0);
    QCOMPARE(sqlv::readCredits(db, row->value(2)).value(), Credits());
    // an unpriced model is still recorded for BYOK, at cost 0
    UsageInput unpriced = world->usage(user);
    unpriced.byok = true;
    unpriced.modelId = u"gpt-9-preview"_s;
    CREDITDESK_TRY(free, UsageRecorder(world->env(), db).record(unpriced));
    QCOMPARE(free.outcome.creditsDeducted, Credits());
}

void TestUsageService::insufficientCreditsWritesNothing()
{
    WORLD();
    CREDITDESK_TRY(user, world->createUser(u"poor@example.com"_s));
    auto refused = UsageRecorder(world->env(), db).record(world->usage(user));
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, u"insufficient_credits"_s);
    QCOMPARE(refused.error().details.value(u"required_credits"_s).toDouble(), 0.1);
    QCOMPARE(refused.error().details.value(u"available_credits"_s).toDouble(), 0.0);
    for (const QString &table : {u"token_usage_ledger"_s, u"credit_deduction_ledger"_s,
                                 u"token_usage_daily_summary"_s, u"credit_usage_daily_summary"_s})
        QCOMPARE(world->count(table, user).value(), 0);
    CREDITDESK_TRY(versions, readSyncVersions(db, user));
    QCOMPARE(versions.balance.version, 0);
    QVERIFY(!versions.usageUpdatedAtMs.has_value());
}

void TestUsageService::repeatedRequestIdIsAppliedOnce()
{
    WORLD();
    CREDITDESK_TRY(user, world->createUser(u"replay@example.com"_s));
    CREDITDESK_TRY(other, world->createUser(u"replay2@example.com"_s));
    CREDITDESK_VERIFY_OK(world->grant(user, 5));
    CREDITDESK_VERIFY_OK(world->grant(other, 5));
    UsageRecorder recorder(world->env(), db);
    const UsageInput in = world->usage(user);
    CREDITDESK_TRY(first, recorder.record(in));
    world->clock().advanceMs(60'000);
    CREDITDESK_TRY(again, recorder.record(in));
    QVERIFY(again.replayed);
    QCOMPARE(recorder.responseBody(again.outcome), recorder.responseBody(first.outcome));
    QCOMPARE(world->count(u"token_usage_ledger"_s, user).value(), 1);
    QCOMPARE(world->cachedBalance(user).value(), cr("4.9"));

    UsageInput changed = in;
    changed.outputTokens += 1;
    auto conflict = recorder.record(changed);
    QVERIFY(!conflict);
    QCOMPARE(conflict.error().code, u"idempotency_key_reused"_s);
    UsageInput otherUser = in;
    otherUser.userId = other;
    auto stolen = recorder.record(otherUser);
    QVERIFY(!stolen);
    QCOMPARE(stolen.error().code, u"idempotency_key_reused"_s);
    QCOMPARE(world->count(u"token_usage_ledger"_s, other).value(), 0);
    QCOMPARE(world->cachedBalance(other).value(), cr("5"));
}

void TestUsageService::refusesBadReports()
{
    WORLD();
    CREDITDESK_TRY(user, world->createUser(u"bad@example.com"_s));
    CREDITDESK_VERIFY_OK(world->grant(user, 5));
    UsageRecorder recorder(world->env(), db);
    auto code = [&](UsageInput in) {
        auto r = recorder.record(std::move(in));
        return r ? QString() : r.error().code;
    };
    UsageInput nobody = world->usage(sqlv::newUuid());
    QCOMPARE(code(nobody), u"not_found"_s);
    UsageInput old = world->usage(user);
    old.occurredAtGiven = true;
    old.occurredAtMs = world->clock().nowMs() - 24 * kMsPerHour - 1;
    QCOMPARE(code(old), u"validation_error"_s);
    UsageInput ahead = world->usage(user);
    ahead.occurredAtGiven = true;
    ahead.occurredAtMs = world->clock().nowMs() + kMsPerHour;
    QCOMPARE(code(ahead), u"validation_error"_s);
    UsageInput unknownModel = world->usage(user);
    unknownModel.modelId = u"gpt-4o-mini'; DELETE FROM users; --"_s;
    QCOMPARE(code(unknownModel), u"validation_error"_s);
    UsageInput recent = world->usage(user);
    recent.occurredAtGiven = true;
    recent.occurredAtMs = world->clock().nowMs() - 23 * kMsPerHour;
    QCOMPARE(code(recent), QString());
    QCOMPARE(world->count(u"token_usage_ledger"_s, user).value(), 1);
    QCOMPARE(countRows(db, u"users"_s).value(), 1);
}

void TestUsageService::consumesGrantsInOrder()
{
    WORLD();
    // [CreditsConsumeOrder]: now 2026-01-15; D rollover 300 (01-20), A subscription-like 1,500 (02-01),
    // B coupon 500 (12-31), C admin 100 (never); deduct 400.25 → D 0, A 1,399.75.
    world->clock().setNowMs(at(2026, 1, 15));
    CREDITDESK_TRY(user, world->createUser(u"order@example.com"_s));
    CREDITDESK_VERIFY_OK(world->grant(user, 100, CreditType::AdminGrant));
    CREDITDESK_VERIFY_OK(world->grant(user, 500, CreditType::Coupon, at(2026, 12, 31)));
    CREDITDESK_VERIFY_OK(world->grant(user, 1500, CreditType::Bonus, at(2026, 2, 1)));
    CREDITDESK_VERIFY_OK(world->grant(user, 300, CreditType::Bonus, at(2026, 1, 20)));
    QCOMPARE(world->cachedBalance(user).value(), cr("2400"));

    CREDITDESK_TRY(catalog, PricingCatalog::load(db, u"openai"_s, u"gpt-4o-mini"_s));
    UsageInput in = world->usage(user);
    in.occurredAtMs = world->clock().nowMs();
    CREDITDESK_TRY(priced, catalog.price(in, SubscriptionTier::Free));
    priced.charge.credits = cr("400.25"); // an exact amount through the same engine
    CREDITDESK_VERIFY_OK(billing::inTransaction(db, [&]() -> Result<void> {
        auto locked = lockCredits(db, user, world->clock().nowMs());
        if (!locked)
            return std::unexpected(locked.error());
        UsageLedgerWriter writer(db);
        UsageBatch batch(db, writer, std::move(*locked), user, QString(), world->clock().nowMs());
        if (auto added = batch.add(priced); !added)
            return std::unexpected(added.error());
        return batch.flush();
    }));
    QCOMPARE(world->cachedBalance(user).value(), cr("1999.75"));
    CREDITDESK_TRY(overview, CreditService(world->env(), db).overview(user));
    const QJsonArray sources = overview.value(u"sources"_s).toArray();
    QCOMPARE(sources.size(), 3); // D is spent
    QCOMPARE(sources.at(0).toObject().value(u"remaining"_s).toDouble(), 1399.75);
    QCOMPARE(sources.at(1).toObject().value(u"sourceType"_s).toString(), u"coupon_promotion"_s);
    QCOMPARE(sources.at(2).toObject().value(u"sourceType"_s).toString(), u"admin_grant"_s);
    QVERIFY(sources.at(2).toObject().value(u"expiresAt"_s).isNull());
    QCOMPARE(overview.value(u"totalAvailable"_s).toInteger(), 1999);
    QCOMPARE(overview.value(u"purchasedCredits"_s).toObject().value(u"totalPurchased"_s).toInteger(), 2400);
    auto period = CreditService(world->env(), db).currentPeriod(user);
    QVERIFY(!period);
    QCOMPARE(period.error().code, u"not_found"_s); // no subscription, no period
}

void TestUsageService::expiredGrantsLeaveTheBalance()
{
    WORLD();
    CREDITDESK_TRY(user, world->createUser(u"expiry@example.com"_s));
    CREDITDESK_VERIFY_OK(world->grant(user, 50, CreditType::AdminGrant, world->clock().nowMs() + kMsPerHour));
    CREDITDESK_VERIFY_OK(world->grant(user, 7));
    CREDITDESK_TRY(before, readSyncVersions(db, user));
    world->clock().advanceMs(2 * kMsPerHour);
    CREDITDESK_TRY(overview, CreditService(world->env(), db).overview(user));
    QCOMPARE(overview.value(u"totalAvailable"_s).toInteger(), 7);
    QCOMPARE(world->cachedBalance(user).value(), cr("7")); // the cache follows the live grants
    CREDITDESK_TRY(after, readSyncVersions(db, user));
    QCOMPARE(after.balance.version, before.balance.version + 1);
    // a deduction never touches an expired grant
    auto refused = UsageRecorder(world->env(), db).record([&] {
        UsageInput in = world->usage(user);
        in.modelId = u"claude-opus-4.1"_s;
        in.provider = u"anthropic"_s;
        in.outputTokens = 10'000; // $0.75+ × 1.5 → 113+ credits
        return in;
    }());
    QVERIFY(!refused);
    QCOMPARE(refused.error().details.value(u"available_credits"_s).toDouble(), 7.0);
}

QTEST_GUILESS_MAIN(TestUsageService)
#include "test_usage_service.moc"

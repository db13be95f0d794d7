// `admin generate-usage` through the deduction path: 100,000 rows per
// dialect, every one a balanced deduction (its time is printed, not asserted).
#include "core/domain/utc_time.h"
#include "server/billing/billing_sql.h"
#include "server/billing/subscription_service.h"
#include "server/billing/usage_generator.h"
#include "server/db/sql_values.h"
#include "tests/integration/billing/billing_test_support.h"
#include "tests/support/test_support.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::server;
using namespace creditdesk::server::test;

class TestUsageGenerator : public QObject {
    Q_OBJECT

private slots:
    void generatesBalancedDeductions_data() { addDialectRows(); }
    void generatesBalancedDeductions();
};

void TestUsageGenerator::generatesBalancedDeductions()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, BillingWorld::create(dialect));
    Connection &db = world->db();
    CREDITDESK_TRY(user, world->createUser(u"generated@example.com"_s));
    CREDITDESK_VERIFY_OK(SubscriptionService(world->env(), db).adminSet(u"generated@example.com"_s, u"pro_max"_s,
                                                                         u"active"_s, {}));
    const Credits before = world->cachedBalance(user).value();

    GenerateUsageRequest request;
    request.email = u"generated@example.com"_s;
    request.rows = 100'000;
    request.days = 90;
    QElapsedTimer timer;
    timer.start();
    CREDITDESK_TRY(report, generateUsage(db, world->env(), request));
    qInfo("generate-usage: %lld rows in %lld ms (%s)", static_cast<long long>(request.rows),
          static_cast<long long>(timer.elapsed()), dialect == Dialect::Sqlite ? "sqlite" : "postgresql");

    QCOMPARE(report.value(u"rows"_s).toInteger(), 100'000);
    QCOMPARE(world->count(u"token_usage_ledger"_s, user).value(), 100'000);
    QCOMPARE(world->count(u"credit_deduction_ledger"_s, user).value(), 100'000);
    const qint64 byokRows = report.value(u"byok_rows"_s).toInteger();
    QVERIFY(byokRows > 10'000 && byokRows < 20'000);
    const Credits deducted = Credits::parse(QString::number(report.value(u"credits_deducted"_s).toDouble(), 'f', 2)).value();
    QCOMPARE(world->ledgerSum(user).value(), deducted);
    const Credits granted = Credits::fromWhole(report.value(u"credits_granted"_s).toInteger()).value();
    const Credits after = world->cachedBalance(user).value();
    QCOMPARE(after, before.plus(granted).value().minus(deducted).value());
    QCOMPARE(world->liveBalance(user).value(), after);
    QVERIFY(!after.isNegative());

    bool found = false;
    auto q = billing::runSqlFirst(
        db,
        u"SELECT MIN(occurred_at), MAX(occurred_at), COUNT(DISTINCT model_id), COUNT(DISTINCT provider_id), "
        "SUM(CASE WHEN is_byok = ? AND credits_deducted <> ? THEN 1 ELSE 0 END) FROM token_usage_ledger WHERE user_id = ?"_s,
        {sqlv::boolean(db, true), sqlv::credits(db, Credits()), sqlv::uuid(db, user)}, &found);
    QVERIFY(q && found);
    const std::int64_t now = world->clock().nowMs();
    QVERIFY(sqlv::readTimestamp(db, q->value(0)).value() >= now - 90 * kMsPerDay);
    QVERIFY(sqlv::readTimestamp(db, q->value(0)).value() < now - 89 * kMsPerDay);
    QVERIFY(sqlv::readTimestamp(db, q->value(1)).value() < now);
    QVERIFY(q->value(2).toInt() >= 10);
    QCOMPARE(q->value(3).toInt(), 6);
    QCOMPARE(q->value(4).toInt(), 0); // BYOK rows never cost credits

    auto days = billing::runSqlFirst(db,
                                     u"SELECT SUM(request_count), SUM(byok_request_count), SUM(credits_deducted) "
                                     "FROM token_usage_daily_summary WHERE user_id = ?"_s,
                                     {sqlv::uuid(db, user)}, &found);
    QVERIFY(days && found);
    QCOMPARE(days->value(0).toLongLong(), 100'000);
    QCOMPARE(days->value(1).toLongLong(), byokRows);
    QCOMPARE(sqlv::readCredits(db, days->value(2)).value(), deducted);
    auto credits = billing::runSqlFirst(db,
                                        u"SELECT SUM(credits_deducted), SUM(request_count), COUNT(*) "
                                        "FROM credit_usage_daily_summary WHERE user_id = ?"_s,
                                        {sqlv::uuid(db, user)}, &found);
    QVERIFY(credits && found);
    QCOMPARE(sqlv::readCredits(db, credits->value(0)).value(), deducted);
    QVERIFY(credits->value(2).toInt() >= 90);
}

QTEST_GUILESS_MAIN(TestUsageGenerator)
#include "test_usage_generator.moc"

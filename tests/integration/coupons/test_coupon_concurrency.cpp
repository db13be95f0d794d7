// Redemptions racing on SQLite and PostgreSQL: 16 worker threads, each with
// its own connection, against the global limit, the per-user limit and a
// campaign budget.
#include "server/db/sql_values.h"
#include "tests/integration/coupons/coupon_test_world.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QtTest>

#include <atomic>
#include <functional>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::server;
using namespace creditdesk::server::test;

namespace {

constexpr int kThreads = 16;

struct Tally {
    std::atomic<int> succeeded{0};
    std::atomic<int> refused{0};
    QMutex mutex;
    QStringList refusals; // distinct reasons
    QStringList unexpected;
};

void redeemConcurrently(CouponWorld &world, int total, const std::function<RedeemRequest(int)> &requestFor,
                        Tally &tally)
{
    std::atomic<int> next{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < kThreads; ++t) {
        workers.emplace_back([&] {
            auto connection = openThreadConnection(world.database());
            if (!connection) {
                QMutexLocker lock(&tally.mutex);
                tally.unexpected.append(connection.error().message);
                return;
            }
            for (int i = next++; i < total; i = next++) {
                auto result = CouponService(world.env(), *connection, world.quota()).redeem(requestFor(i));
                if (result) {
                    ++tally.succeeded;
                    continue;
                }
                QMutexLocker lock(&tally.mutex);
                if (result.error().code == QString(cpnerr::redemptionFailed)) {
                    ++tally.refused;
                    for (const QJsonValue &reason : result.error().details.value(u"reasons"_s).toArray()) {
                        if (!tally.refusals.contains(reason.toString()))
                            tally.refusals.append(reason.toString());
                    }
                } else {
                    tally.unexpected.append(result.error().code + u": "_s + result.error().message);
                }
            }
        });
    }
    for (std::thread &worker : workers)
        worker.join();
}

RedeemRequest redeemOf(const QString &userId, const QString &code)
{
    RedeemRequest r;
    r.userId = userId;
    r.rawCode = code;
    r.ipAddress = u"10.1.2.3"_s;
    r.userAgent = u"CreditDesk/1.0 (Linux)"_s;
    return r;
}

} // namespace

class TestCouponConcurrency : public QObject {
    Q_OBJECT

private slots:
    void aThousandRedeemersShareAHundredUses_data() { addDialectRows(); }
    void aThousandRedeemersShareAHundredUses();
    void oneUserRacingItself_data() { addDialectRows(); }
    void oneUserRacingItself();
    void campaignBudgetHoldsUnderRaces_data() { addDialectRows(); }
    void campaignBudgetHoldsUnderRaces();
    void velocityHoldsAcrossCoupons_data() { addDialectRows(); }
    void velocityHoldsAcrossCoupons();
};

void TestCouponConcurrency::aThousandRedeemersShareAHundredUses()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, CouponWorld::create(dialect));
    CREDITDESK_TRY(users, world->createUsers(u"crowd"_s, 1'000));
    auto options = couponOptions(u"FIRST100"_s, u"duration_bonus"_s, u"credits"_s, u"10"_s);
    options.insert(u"max-uses"_s, u"100"_s);
    CREDITDESK_VERIFY_OK(world->createCoupon(options));

    Tally tally;
    QElapsedTimer timer;
    timer.start();
    redeemConcurrently(*world, 1'000, [&](int i) { return redeemOf(users[i], u"FIRST100"_s); }, tally);
    qInfo("1,000 redemptions over %d threads: %lld ms", kThreads, timer.elapsed());
    QVERIFY2(tally.unexpected.isEmpty(), qPrintable(tally.unexpected.join(u'\n')));
    QCOMPARE(tally.succeeded.load(), 100);
    QCOMPARE(tally.refused.load(), 900);
    QCOMPARE(tally.refusals, QStringList{u"MAX_USES_EXCEEDED"_s});

    CREDITDESK_TRY(uses, world->scalar(u"SELECT total_uses * 1000 + unique_users FROM coupon_usage_limit"_s));
    QCOMPARE(uses.toLongLong(), 100'100);
    CREDITDESK_TRY(rows, world->count(u"coupon_redemption"_s));
    QCOMPARE(rows, 100);
    CREDITDESK_TRY(grants, world->count(u"credit_allocation"_s));
    QCOMPARE(grants, 100);
    CREDITDESK_TRY(balanceSum, world->scalar(u"SELECT SUM(amount) FROM user_credit_balance"_s));
    QCOMPARE(sqlv::readCredits(world->db(), balanceSum)->units(), Credits::fromWhole(1'000)->units());
}

void TestCouponConcurrency::oneUserRacingItself()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, CouponWorld::create(dialect));
    CREDITDESK_TRY(user, world->createUser(u"racer@example.com"_s));
    auto options = couponOptions(u"TWICE100"_s, u"duration_bonus"_s, u"credits"_s, u"100"_s);
    options.insert(u"max-uses-per-user"_s, u"2"_s);
    CREDITDESK_VERIFY_OK(world->createCoupon(options));

    Tally tally;
    redeemConcurrently(*world, 64, [&](int) { return redeemOf(user, u"TWICE100"_s); }, tally);
    QVERIFY2(tally.unexpected.isEmpty(), qPrintable(tally.unexpected.join(u'\n')));
    QCOMPARE(tally.succeeded.load(), 2);
    QCOMPARE(tally.refused.load(), 62);
    QCOMPARE(tally.refusals, QStringList{u"MAX_USER_USES_EXCEEDED"_s});
    CREDITDESK_TRY(rows, world->count(u"coupon_redemption"_s));
    QCOMPARE(rows, 2);
    CREDITDESK_TRY(uses, world->scalar(u"SELECT total_uses * 1000 + unique_users FROM coupon_usage_limit"_s));
    QCOMPARE(uses.toLongLong(), 2'001);
    CREDITDESK_TRY(balance, world->scalar(u"SELECT amount FROM user_credit_balance"_s));
    QCOMPARE(sqlv::readCredits(world->db(), balance)->units(), Credits::fromWhole(200)->units());
}

void TestCouponConcurrency::campaignBudgetHoldsUnderRaces()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, CouponWorld::create(dialect));
    CREDITDESK_TRY(users, world->createUsers(u"budget"_s, 300));
    auto options = couponOptions(u"FIVEOFF"_s, u"fixed_amount"_s, u"fixed_amount"_s, u"500"_s);
    options.insert(u"campaign"_s, u"Launch"_s);
    options.insert(u"budget-cents"_s, u"25000"_s);
    CREDITDESK_VERIFY_OK(world->createCoupon(options));

    Tally tally;
    redeemConcurrently(*world, 300, [&](int i) {
        RedeemRequest r = redeemOf(users[i], u"FIVEOFF"_s);
        r.originalAmount = Money::fromCents(5'000).value();
        return r;
    }, tally);
    QVERIFY2(tally.unexpected.isEmpty(), qPrintable(tally.unexpected.join(u'\n')));
    QCOMPARE(tally.succeeded.load(), 50);
    QCOMPARE(tally.refusals, QStringList{u"CAMPAIGN_BUDGET_EXCEEDED"_s});
    CREDITDESK_TRY(spent, world->scalar(u"SELECT spent_cents FROM coupon_campaign"_s));
    QCOMPARE(spent.toLongLong(), 25'000);
    CREDITDESK_TRY(discounts, world->scalar(u"SELECT total_discount_cents FROM coupon_usage_limit"_s));
    QCOMPARE(discounts.toLongLong(), 25'000);
    CREDITDESK_TRY(rows, world->count(u"coupon_redemption"_s));
    QCOMPARE(rows, 50);
}

void TestCouponConcurrency::velocityHoldsAcrossCoupons()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, CouponWorld::create(dialect));
    CREDITDESK_TRY(user, world->createUser(u"sprinter@example.com"_s));
    QStringList codes;
    for (int i = 0; i < 32; ++i) {
        codes.append(u"SPRINT%1"_s.arg(i, 2, 10, QChar(u'0')));
        CREDITDESK_VERIFY_OK(world->createCoupon(couponOptions(codes.last(), u"duration_bonus"_s, u"credits"_s,
                                                               u"10"_s)));
    }
    // 32 different coupons at once: velocity (>= 3 in the past hour) lets 3 through.
    Tally tally;
    redeemConcurrently(*world, 32, [&](int i) { return redeemOf(user, codes[i]); }, tally);
    QVERIFY2(tally.unexpected.isEmpty(), qPrintable(tally.unexpected.join(u'\n')));
    QCOMPARE(tally.succeeded.load(), 3);
    QCOMPARE(tally.refusals, QStringList{u"VELOCITY_LIMIT_EXCEEDED"_s});
    CREDITDESK_TRY(rows, world->count(u"coupon_redemption"_s));
    QCOMPARE(rows, 3);
    CREDITDESK_TRY(records, world->count(u"coupon_fraud_detection"_s, u"detection_type"_s, u"velocity_abuse"_s));
    QVERIFY(records >= 29);
}

QTEST_GUILESS_MAIN(TestCouponConcurrency)
#include "test_coupon_concurrency.moc"

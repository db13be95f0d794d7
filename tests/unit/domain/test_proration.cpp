#include "core/domain/proration.h"
#include "core/domain/utc_time.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;

namespace {

qint64 at(QStringView iso)
{
    return parseIsoUtc(iso).value();
}

Money cents(qint64 c)
{
    return Money::fromCents(c).value();
}

Credits credits(QStringView text)
{
    return Credits::parse(text).value();
}

ProrationInput input(qint64 oldPrice, qint64 newPrice, QStringView start, QStringView end, QStringView change)
{
    ProrationInput in;
    in.oldCyclePrice = cents(oldPrice);
    in.newCyclePrice = cents(newPrice);
    in.periodStartMs = at(start);
    in.periodEndMs = at(end);
    in.changeAtMs = at(change);
    return in;
}

} // namespace

class TestProration : public QObject {
    Q_OBJECT

private slots:
    void table_data();
    void table();
    void downgradeCreditCarriesToLaterInvoices();
    void fixedCouponIsCappedAtNewCost();
    void couponNeverMakesARefund();
    void changeOutsidePeriod();
    void annualBillingUsesMonthlyCreditWindow();
    void rejectsInvalidInput_data();
    void rejectsInvalidInput();
};

void TestProration::table_data()
{
    QTest::addColumn<qint64>("oldPrice");
    QTest::addColumn<qint64>("newPrice");
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("end");
    QTest::addColumn<QString>("change");
    QTest::addColumn<qint64>("couponPct"); // hundredths, -1 = none
    QTest::addColumn<QString>("allocation");
    QTest::addColumn<QString>("remaining");
    QTest::addColumn<qint64>("dC");
    QTest::addColumn<qint64>("dR");
    QTest::addColumn<qint64>("unused");
    QTest::addColumn<qint64>("newCost");
    QTest::addColumn<qint64>("coupon");
    QTest::addColumn<qint64>("net");
    QTest::addColumn<qint64>("p");
    QTest::addColumn<qint64>("r");
    QTest::addColumn<qint64>("grant");
    QTest::addColumn<bool>("upgrade");

    QTest::newRow("ProPlan110Up") << qint64(1'900) << qint64(4'900) << u"2025-11-01T00:00:00Z"_s
                                  << u"2025-12-01T00:00:00Z"_s << u"2025-11-16T00:00:00Z"_s << qint64(-1)
                                  << u"25000"_s << u"700.50"_s << qint64(30) << qint64(15) << qint64(950)
                                  << qint64(2'450) << qint64(0) << qint64(1'500) << qint64(12'500)
                                  << qint64(700) << qint64(12'500) << true;
    QTest::newRow("ProPlan110Down") << qint64(4'900) << qint64(1'900) << u"2025-11-01T00:00:00Z"_s
                                    << u"2025-12-01T00:00:00Z"_s << u"2025-11-11T00:00:00Z"_s << qint64(-1)
                                    << u"1500"_s << u"20000"_s << qint64(30) << qint64(20) << qint64(3'267)
                                    << qint64(1'267) << qint64(0) << qint64(-2'000) << qint64(1'000)
                                    << qint64(20'000) << qint64(1'000) << false;
    QTest::newRow("ProPlan111Coupon")
        << qint64(1'900) << qint64(4'900) << u"2025-11-01T00:00:00Z"_s << u"2025-12-01T00:00:00Z"_s
        << u"2025-11-20T00:00:00Z"_s << qint64(2'000) << u"25000"_s << u"0"_s << qint64(30) << qint64(11)
        << qint64(697) << qint64(1'797) << qint64(359) << qint64(741) << qint64(9'166) << qint64(0)
        << qint64(9'166) << true;
    QTest::newRow("ProUp") << qint64(1'500) << qint64(19'900) << u"2026-01-01T00:00:00Z"_s
                           << u"2026-02-01T00:00:00Z"_s << u"2026-01-21T09:30:00Z"_s << qint64(-1)
                           << u"25000"_s << u"1000.75"_s << qint64(31) << qint64(11) << qint64(532)
                           << qint64(7'061) << qint64(0) << qint64(6'529) << qint64(8'870) << qint64(1'000)
                           << qint64(8'870) << true;
    QTest::newRow("ProDown") << qint64(19'900) << qint64(1'500) << u"2026-02-01T00:00:00Z"_s
                             << u"2026-03-01T00:00:00Z"_s << u"2026-02-10T12:00:00Z"_s << qint64(-1)
                             << u"1500"_s << u"640.99"_s << qint64(28) << qint64(19) << qint64(13'504)
                             << qint64(1'018) << qint64(0) << qint64(-12'486) << qint64(1'017) << qint64(640)
                             << qint64(640) << false;
}

void TestProration::table()
{
    QFETCH(qint64, oldPrice);
    QFETCH(qint64, newPrice);
    QFETCH(QString, start);
    QFETCH(QString, end);
    QFETCH(QString, change);
    QFETCH(qint64, couponPct);
    QFETCH(QString, allocation);
    QFETCH(QString, remaining);

    ProrationInput in = input(oldPrice, newPrice, start, end, change);
    if (couponPct >= 0)
        in.coupon = ProrationCoupon{couponPct, std::nullopt};
    in.newMonthlyAllocation = credits(allocation);
    in.remainingCurrentGrant = credits(remaining);
    const auto r = prorate(in);
    QVERIFY(r.has_value());

    QTEST(qint64(r->daysInCycle), "dC");
    QTEST(qint64(r->daysRemaining), "dR");
    QTEST(qint64(r->unused.cents()), "unused");
    QTEST(qint64(r->newCost.cents()), "newCost");
    QTEST(qint64(r->coupon.cents()), "coupon");
    QTEST(qint64(r->net.cents()), "net");
    QTEST(qint64(r->proratedAllocation.floorWhole()), "p");
    QTEST(qint64(r->remainingWhole.floorWhole()), "r");
    QTEST(qint64(r->creditGrant.floorWhole()), "grant");
    QTEST(r->direction == ChangeDirection::Upgrade, "upgrade");
    QCOMPARE(r->chargeNow.cents(), std::max<qint64>(r->net.cents(), 0));
    QCOMPARE(r->accountCredit.cents(), std::max<qint64>(-r->net.cents(), 0));
    // invoice lines add up exactly
    QCOMPARE(r->newCost.cents() - r->unused.cents() - r->coupon.cents(), r->net.cents());
}

void TestProration::downgradeCreditCarriesToLaterInvoices()
{
    // [ProPlan110Down]: −2,000 kept; Dec 1 bill 0, Jan 1 bill 1,800.
    const auto r = prorate(
        input(4'900, 1'900, u"2025-11-01T00:00:00Z", u"2025-12-01T00:00:00Z", u"2025-11-11T00:00:00Z"));
    QVERIFY(r.has_value());
    Money credit = r->accountCredit;
    QCOMPARE(credit.cents(), 2'000);
    QCOMPARE(applyAccountCredit(cents(1'900), credit).cents(), 0);
    QCOMPARE(credit.cents(), 100);
    QCOMPARE(applyAccountCredit(cents(1'900), credit).cents(), 1'800);
    QCOMPARE(credit.cents(), 0);
    QCOMPARE(applyAccountCredit(cents(1'900), credit).cents(), 1'900);
}

void TestProration::fixedCouponIsCappedAtNewCost()
{
    ProrationInput in =
        input(1, 4'900, u"2025-11-01T00:00:00Z", u"2025-12-01T00:00:00Z", u"2025-11-16T00:00:00Z");
    in.coupon = ProrationCoupon{std::nullopt, cents(5'000)};
    const auto r = prorate(in);
    QVERIFY(r.has_value());
    QCOMPARE(r->newCost.cents(), 2'450);
    QCOMPARE(r->unused.cents(), 1);     // 0.5 → 1
    QCOMPARE(r->coupon.cents(), 2'449); // min(5,000, 2,450) capped at 2,450 − 1
    QCOMPARE(r->net.cents(), 0);
}

void TestProration::couponNeverMakesARefund()
{
    // A 100 % coupon on an upgrade only cancels the difference.
    ProrationInput up =
        input(1'900, 4'900, u"2025-11-01T00:00:00Z", u"2025-12-01T00:00:00Z", u"2025-11-16T00:00:00Z");
    up.coupon = ProrationCoupon{10'000, std::nullopt};
    QCOMPARE(prorate(up)->coupon.cents(), 1'500);
    QCOMPARE(prorate(up)->net.cents(), 0);

    // On a downgrade the coupon is 0 and the account credit is unchanged.
    ProrationInput down =
        input(4'900, 1'900, u"2025-11-01T00:00:00Z", u"2025-12-01T00:00:00Z", u"2025-11-11T00:00:00Z");
    down.coupon = ProrationCoupon{5'000, std::nullopt};
    QCOMPARE(prorate(down)->coupon.cents(), 0);
    QCOMPARE(prorate(down)->net.cents(), -2'000);
}

void TestProration::changeOutsidePeriod()
{
    const auto after = prorate(
        input(1'900, 4'900, u"2025-11-01T00:00:00Z", u"2025-12-01T00:00:00Z", u"2025-12-05T00:00:00Z"));
    QCOMPARE(after->daysRemaining, 0);
    QCOMPARE(after->net.cents(), 0);
    const auto before = prorate(
        input(1'900, 4'900, u"2025-11-01T00:00:00Z", u"2025-12-01T00:00:00Z", u"2025-10-20T00:00:00Z"));
    QCOMPARE(before->daysRemaining, 30); // dR = min(dC, days(t, E))
    QCOMPARE(before->net.cents(), 3'000);
}

void TestProration::annualBillingUsesMonthlyCreditWindow()
{
    // Annual pro → pro_max on 2026-03-16; money over the year, credits over March.
    ProrationInput in =
        input(15'000, 199'000, u"2026-01-01T00:00:00Z", u"2027-01-01T00:00:00Z", u"2026-03-16T00:00:00Z");
    in.newMonthlyAllocation = credits(u"25000");
    in.creditWindowStartMs = at(u"2026-03-01T00:00:00Z");
    in.creditWindowEndMs = at(u"2026-04-01T00:00:00Z");
    const auto r = prorate(in);
    QVERIFY(r.has_value());
    QCOMPARE(r->daysInCycle, 365);
    QCOMPARE(r->daysRemaining, 291);
    QCOMPARE(r->unused.cents(), 11'959);                  // 15,000 × 291 / 365 = 11,958.9
    QCOMPARE(r->newCost.cents(), 158'655);                // 199,000 × 291 / 365 = 158,654.79
    QCOMPARE(r->proratedAllocation.floorWhole(), 12'903); // 25,000 × 16 / 31 = 12,903.2
}

void TestProration::rejectsInvalidInput_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("code");
    QTest::newRow("end before start") << 0 << u"invalid_argument"_s;
    QTest::newRow("same price") << 1 << u"invalid_argument"_s;
    QTest::newRow("negative price") << 2 << u"invalid_amount"_s;
    QTest::newRow("negative credits") << 3 << u"invalid_amount"_s;
    QTest::newRow("coupon with both kinds") << 4 << u"invalid_argument"_s;
    QTest::newRow("coupon with neither kind") << 5 << u"invalid_argument"_s;
    QTest::newRow("coupon above 100 %") << 6 << u"invalid_argument"_s;
    QTest::newRow("negative fixed coupon") << 7 << u"invalid_amount"_s;
    QTest::newRow("half a credit window") << 8 << u"invalid_argument"_s;
    QTest::newRow("empty credit window") << 9 << u"invalid_argument"_s;
}

void TestProration::rejectsInvalidInput()
{
    QFETCH(int, kind);
    QFETCH(QString, code);
    ProrationInput in =
        input(1'900, 4'900, u"2025-11-01T00:00:00Z", u"2025-12-01T00:00:00Z", u"2025-11-16T00:00:00Z");
    switch (kind) {
    case 0:
        in.periodEndMs = in.periodStartMs;
        break;
    case 1:
        in.newCyclePrice = in.oldCyclePrice;
        break;
    case 2:
        in.oldCyclePrice = cents(-1);
        break;
    case 3:
        in.remainingCurrentGrant = credits(u"-1");
        break;
    case 4:
        in.coupon = ProrationCoupon{100, cents(100)};
        break;
    case 5:
        in.coupon = ProrationCoupon{};
        break;
    case 6:
        in.coupon = ProrationCoupon{10'001, std::nullopt};
        break;
    case 7:
        in.coupon = ProrationCoupon{std::nullopt, cents(-5)};
        break;
    case 8:
        in.creditWindowStartMs = in.periodStartMs;
        break;
    case 9:
        in.creditWindowStartMs = in.periodStartMs;
        in.creditWindowEndMs = in.periodStartMs;
        break;
    }
    const auto r = prorate(in);
    QVERIFY(!r.has_value());
    QCOMPARE(r.error().code, code);
}

QTEST_GUILESS_MAIN(TestProration)
#include "test_proration.moc"

#include "core/domain/coupon_discount.h"
#include "core/domain/credit_ledger.h"
#include "core/domain/utc_time.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;

namespace {

Money cents(qint64 c)
{
    return Money::fromCents(c).value();
}

CouponDiscountSpec spec(CouponType type, DiscountType discount, qint64 value, int months = 1)
{
    CouponDiscountSpec s;
    s.couponType = type;
    s.discountType = discount;
    s.value = value;
    s.durationMonths = months;
    return s;
}

} // namespace

class TestCouponDiscount : public QObject {
    Q_OBJECT

private slots:
    void table_data();
    void table();
    void percentForThreeMonths();
    void monthsFree();
    void creditsCoupon();
    void tierSpecific();
    void invalidSpecs_data();
    void invalidSpecs();
    void normalizeCode_data();
    void normalizeCode();
    void rejectCode_data();
    void rejectCode();
};

void TestCouponDiscount::table_data()
{
    QTest::addColumn<int>("couponType");
    QTest::addColumn<int>("discountType");
    QTest::addColumn<qint64>("value");
    QTest::addColumn<qint64>("price");
    QTest::addColumn<qint64>("discount");
    QTest::addColumn<qint64>("pay");
    QTest::addColumn<qint64>("forfeited");
    const int pct = int(DiscountType::Percentage);
    const int fixed = int(DiscountType::FixedAmount);
    QTest::newRow("CpnPct") << int(CouponType::Percentage) << pct << qint64(2'500) << qint64(15'000)
                            << qint64(3'750) << qint64(11'250) << qint64(0);
    QTest::newRow("CpnPctRound") << int(CouponType::Percentage) << pct << qint64(1'750) << qint64(1'500)
                                 << qint64(263) << qint64(1'237) << qint64(0);
    QTest::newRow("CpnFixedCap") << int(CouponType::FixedAmount) << fixed << qint64(2'000) << qint64(1'500)
                                 << qint64(1'500) << qint64(0) << qint64(500);
    QTest::newRow("CpnPerpPct") << int(CouponType::PerpetualMigration) << pct << qint64(6'000)
                                << qint64(19'900) << qint64(11'940) << qint64(7'960) << qint64(0);
    QTest::newRow("CpnPerpFixed") << int(CouponType::PerpetualMigration) << fixed << qint64(13'300)
                                  << qint64(19'900) << qint64(13'300) << qint64(6'600) << qint64(0);
    QTest::newRow("CpnMonthsFree") << int(CouponType::DurationBonus) << int(DiscountType::MonthsFree)
                                   << qint64(1) << qint64(15'000) << qint64(0) << qint64(15'000) << qint64(0);
    QTest::newRow("CpnCredits") << int(CouponType::Percentage) << int(DiscountType::Credits) << qint64(2'000)
                                << qint64(1'500) << qint64(0) << qint64(1'500) << qint64(0);
    QTest::newRow("100 percent") << int(CouponType::Percentage) << pct << qint64(10'000) << qint64(1'500)
                                 << qint64(1'500) << qint64(0) << qint64(0);
}

void TestCouponDiscount::table()
{
    QFETCH(int, couponType);
    QFETCH(int, discountType);
    QFETCH(qint64, value);
    QFETCH(qint64, price);
    const auto r = invoiceDiscount(
        spec(static_cast<CouponType>(couponType), static_cast<DiscountType>(discountType), value),
        InvoiceContext{cents(price), 0, std::nullopt});
    QVERIFY(r.has_value());
    QTEST(qint64(r->discount.cents()), "discount");
    QTEST(qint64(r->pay.cents()), "pay");
    QTEST(qint64(r->forfeited.cents()), "forfeited");
}

void TestCouponDiscount::percentForThreeMonths()
{
    // [CpnPct3Months]: 9,950 × 3, then 19,900; 29,850 in all.
    const auto s = spec(CouponType::Percentage, DiscountType::Percentage, 5'000, 3);
    qint64 total = 0;
    for (int i = 0; i < 3; ++i) {
        const auto r = invoiceDiscount(s, InvoiceContext{cents(19'900), i, std::nullopt});
        QCOMPARE(r->pay.cents(), 9'950);
        total += r->discount.cents();
    }
    QCOMPARE(total, 29'850);
    const auto fourth = invoiceDiscount(s, InvoiceContext{cents(19'900), 3, std::nullopt});
    QCOMPARE(fourth->discount.cents(), 0);
    QCOMPARE(fourth->pay.cents(), 19'900);
    // fixed amounts follow the same duration
    const auto f = spec(CouponType::FixedAmount, DiscountType::FixedAmount, 500);
    QCOMPARE(invoiceDiscount(f, InvoiceContext{cents(1'500), 1, std::nullopt})->discount.cents(), 0);
}

void TestCouponDiscount::monthsFree()
{
    // [CpnMonthsFree]: end 2026-12-01 → 2027-01-01; ≈ $11.54 a month.
    const auto s = spec(CouponType::DurationBonus, DiscountType::MonthsFree, 1);
    const qint64 end = parseIsoUtc(u"2026-12-01T00:00:00.000Z").value();
    QCOMPARE(toIsoUtc(extendPeriodEnd(end, s).value()), u"2027-01-01T00:00:00.000Z"_s);
    QCOMPARE(effectiveMonthlyPrice(cents(15'000), 12, 1)->cents(), 1'154);
    QCOMPARE(effectiveMonthlyPrice(cents(15'000), 0, 1).error().code, u"invalid_argument"_s);
    // other discount types leave the period alone
    const auto pct = spec(CouponType::Percentage, DiscountType::Percentage, 2'500);
    QCOMPARE(extendPeriodEnd(end, pct).value(), end);
    QCOMPARE(
        extendPeriodEnd(end, spec(CouponType::DurationBonus, DiscountType::MonthsFree, 1'201)).error().code,
        u"invalid_argument"_s);
}

void TestCouponDiscount::creditsCoupon()
{
    // [CpnCredits]: + coupon grant of 2,000 credits expiring in 365 days.
    const auto s = spec(CouponType::Percentage, DiscountType::Credits, 2'000);
    QCOMPARE(couponCreditGrant(s)->units(), 2'000 * Credits::kUnitsPerCredit);
    const qint64 now = parseIsoUtc(u"2026-01-15T00:00:00Z").value();
    const auto expiry = defaultExpiry(ExpiryInput{CreditType::Coupon, now, std::nullopt, std::nullopt});
    QCOMPARE(toIsoUtc(expiry->value()), u"2027-01-15T00:00:00.000Z"_s);
    QVERIFY(couponCreditGrant(spec(CouponType::Percentage, DiscountType::Percentage, 100))->isZero());
    QCOMPARE(
        couponCreditGrant(spec(CouponType::Percentage, DiscountType::Credits, 10'000'000'000)).error().code,
        u"amount_overflow"_s);
}

void TestCouponDiscount::tierSpecific()
{
    auto s = spec(CouponType::TierSpecific, DiscountType::Percentage, 2'000);
    s.tierTransitions = {{SubscriptionTier::Pro, SubscriptionTier::ProMax}};
    const auto listed = invoiceDiscount(
        s, InvoiceContext{cents(19'900), 0, std::pair{SubscriptionTier::Pro, SubscriptionTier::ProMax}});
    QCOMPARE(listed->discount.cents(), 3'980);
    const auto unlisted = invoiceDiscount(
        s, InvoiceContext{cents(19'900), 0, std::pair{SubscriptionTier::Free, SubscriptionTier::ProMax}});
    QCOMPARE(unlisted.error().code, u"tier_not_eligible"_s);
    QCOMPARE(invoiceDiscount(s, InvoiceContext{cents(19'900), 0, std::nullopt}).error().code,
             u"tier_not_eligible"_s);
}

void TestCouponDiscount::invalidSpecs_data()
{
    QTest::addColumn<int>("discountType");
    QTest::addColumn<qint64>("value");
    QTest::addColumn<int>("months");
    QTest::addColumn<qint64>("price");
    QTest::addColumn<int>("invoice");
    QTest::addColumn<QString>("code");
    QTest::newRow("negative value") << int(DiscountType::FixedAmount) << qint64(-1) << 1 << qint64(100) << 0
                                    << u"invalid_argument"_s;
    QTest::newRow("above 100 %") << int(DiscountType::Percentage) << qint64(10'001) << 1 << qint64(100) << 0
                                 << u"invalid_argument"_s;
    QTest::newRow("zero duration") << int(DiscountType::Percentage) << qint64(100) << 0 << qint64(100) << 0
                                   << u"invalid_argument"_s;
    QTest::newRow("negative invoice index")
        << int(DiscountType::Percentage) << qint64(100) << 1 << qint64(100) << -1 << u"invalid_argument"_s;
    QTest::newRow("negative price") << int(DiscountType::Percentage) << qint64(100) << 1 << qint64(-100) << 0
                                    << u"invalid_amount"_s;
    QTest::newRow("fixed above column") << int(DiscountType::FixedAmount) << qint64(10'000'000'000) << 1
                                        << qint64(100) << 0 << u"amount_overflow"_s;
}

void TestCouponDiscount::invalidSpecs()
{
    QFETCH(int, discountType);
    QFETCH(qint64, value);
    QFETCH(int, months);
    QFETCH(qint64, price);
    QFETCH(int, invoice);
    QFETCH(QString, code);
    const auto s = spec(CouponType::Percentage, static_cast<DiscountType>(discountType), value, months);
    const auto r = invoiceDiscount(s, InvoiceContext{cents(price), invoice, std::nullopt});
    QVERIFY(!r.has_value());
    QCOMPARE(r.error().code, code);
}

void TestCouponDiscount::normalizeCode_data()
{
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("code");
    QTest::newRow("as is") << u"SAVE20"_s << u"SAVE20"_s;
    QTest::newRow("lower case, padded") << u"  save20\n"_s << u"SAVE20"_s;
    QTest::newRow("minimum length") << u"ab12"_s << u"AB12"_s;
    QTest::newRow("maximum length") << QString(50, u'x') << QString(50, u'X');
}

void TestCouponDiscount::normalizeCode()
{
    QFETCH(QString, raw);
    QFETCH(QString, code);
    QCOMPARE(normalizeCouponCode(raw).value(), code);
}

void TestCouponDiscount::rejectCode_data()
{
    QTest::addColumn<QString>("raw");
    QTest::newRow("too short") << u"AB1"_s;
    QTest::newRow("too long") << QString(51, u'A');
    QTest::newRow("inner space") << u"SAVE 20"_s;
    QTest::newRow("dash") << u"SAVE-20"_s;
    QTest::newRow("non-ASCII letter") << u"ÜBER20"_s;
    QTest::newRow("empty") << QString();
}

void TestCouponDiscount::rejectCode()
{
    QFETCH(QString, raw);
    QCOMPARE(normalizeCouponCode(raw).error().code, u"invalid_coupon_code"_s);
}

QTEST_GUILESS_MAIN(TestCouponDiscount)
#include "test_coupon_discount.moc"

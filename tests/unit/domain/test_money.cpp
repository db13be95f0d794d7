#include "core/domain/money.h"

#include <QTest>

#include <cstdint>
#include <limits>

using namespace Qt::StringLiterals;
using namespace creditdesk;

class TestMoney : public QObject {
    Q_OBJECT

private slots:
    void parseValid_data();
    void parseValid();
    void parseInvalid_data();
    void parseInvalid();
    void fromCentsBounds();
    void checkedArithmetic();
    void mulDivHalfUp_data();
    void mulDivHalfUp();
    void mulDivRejectsBadDenominator();
    void mulDivIsExactBeyond64Bits();
    void toDecimalString_data();
    void toDecimalString();
};

void TestMoney::parseValid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("cents");
    QTest::newRow("whole") << u"12"_s << qint64(1200);
    QTest::newRow("one decimal") << u"12.5"_s << qint64(1250);
    QTest::newRow("two decimals") << u"12.50"_s << qint64(1250);
    QTest::newRow("negative") << u"-3.07"_s << qint64(-307);
    QTest::newRow("negative below one") << u"-0.05"_s << qint64(-5);
    QTest::newRow("zero") << u"0"_s << qint64(0);
    QTest::newRow("negative zero") << u"-0.00"_s << qint64(0);
    QTest::newRow("leading zeros") << u"007.10"_s << qint64(710);
    QTest::newRow("column max") << u"99999999.99"_s << qint64(9'999'999'999);
    QTest::newRow("column min") << u"-99999999.99"_s << qint64(-9'999'999'999);
}

void TestMoney::parseValid()
{
    QFETCH(QString, text);
    QFETCH(qint64, cents);
    const auto money = Money::parse(text);
    QVERIFY2(money.has_value(), qPrintable(text));
    QCOMPARE(money->cents(), cents);
}

void TestMoney::parseInvalid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("code");
    QTest::newRow("three decimals") << u"1.005"_s << u"invalid_amount"_s;
    QTest::newRow("trailing zero third decimal") << u"1.500"_s << u"invalid_amount"_s;
    QTest::newRow("empty") << QString() << u"invalid_amount"_s;
    QTest::newRow("minus only") << u"-"_s << u"invalid_amount"_s;
    QTest::newRow("dot only") << u"."_s << u"invalid_amount"_s;
    QTest::newRow("no fraction digits") << u"1."_s << u"invalid_amount"_s;
    QTest::newRow("no integer digits") << u".5"_s << u"invalid_amount"_s;
    QTest::newRow("plus sign") << u"+1"_s << u"invalid_amount"_s;
    QTest::newRow("comma") << u"1,50"_s << u"invalid_amount"_s;
    QTest::newRow("spaces") << u" 1.50"_s << u"invalid_amount"_s;
    QTest::newRow("exponent") << u"1e3"_s << u"invalid_amount"_s;
    QTest::newRow("letters") << u"abc"_s << u"invalid_amount"_s;
    QTest::newRow("above column") << u"100000000.00"_s << u"amount_overflow"_s;
    QTest::newRow("below column") << u"-100000000"_s << u"amount_overflow"_s;
    QTest::newRow("beyond int64") << u"99999999999999999999999"_s << u"amount_overflow"_s;
    QTest::newRow("beyond int128") << QString(60, u'9') << u"amount_overflow"_s;
}

void TestMoney::parseInvalid()
{
    QFETCH(QString, text);
    QFETCH(QString, code);
    const auto money = Money::parse(text);
    QVERIFY(!money.has_value());
    QCOMPARE(money.error().code, code);
}

void TestMoney::fromCentsBounds()
{
    QCOMPARE(Money::fromCents(Money::kMaxCents)->cents(), Money::kMaxCents);
    QCOMPARE(Money::fromCents(-Money::kMaxCents)->cents(), -Money::kMaxCents);
    QCOMPARE(Money::fromCents(Money::kMaxCents + 1).error().code, u"amount_overflow"_s);
    QCOMPARE(Money::fromCents(-Money::kMaxCents - 1).error().code, u"amount_overflow"_s);
    QCOMPARE(Money::fromCents(std::numeric_limits<std::int64_t>::min()).error().code, u"amount_overflow"_s);
}

void TestMoney::checkedArithmetic()
{
    const Money a = Money::fromCents(1'500).value();
    const Money b = Money::fromCents(950).value();
    QCOMPARE(a.plus(b)->cents(), 2'450);
    QCOMPARE(b.minus(a)->cents(), -550);
    QCOMPARE(a.times(-3)->cents(), -4'500);
    QCOMPARE(a.negated().cents(), -1'500);

    const Money max = Money::fromCents(Money::kMaxCents).value();
    QCOMPARE(max.plus(Money::fromCents(1).value()).error().code, u"amount_overflow"_s);
    QCOMPARE(max.negated().minus(Money::fromCents(1).value()).error().code, u"amount_overflow"_s);
    QCOMPARE(max.times(2).error().code, u"amount_overflow"_s);
    // factor × cents beyond int64 still reports overflow, never wraps
    QCOMPARE(max.times(std::numeric_limits<std::int64_t>::max()).error().code, u"amount_overflow"_s);
    QVERIFY(a < max);
}

void TestMoney::mulDivHalfUp_data()
{
    QTest::addColumn<qint64>("cents");
    QTest::addColumn<qint64>("num");
    QTest::addColumn<qint64>("den");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("exact") << qint64(1'900) << qint64(15) << qint64(30) << qint64(950);
    QTest::newRow("down") << qint64(4'900) << qint64(11) << qint64(30) << qint64(1'797);         // 1796.67
    QTest::newRow("up") << qint64(4'900) << qint64(20) << qint64(30) << qint64(3'267);           // 3266.67
    QTest::newRow("half up") << qint64(1'500) << qint64(1'750) << qint64(10'000) << qint64(263); // 262.5
    QTest::newRow("just below half") << qint64(1'499) << qint64(1'750) << qint64(10'000)
                                     << qint64(262); // 262.325
    QTest::newRow("negative half away from zero")
        << qint64(-1'500) << qint64(1'750) << qint64(10'000) << qint64(-263);
    QTest::newRow("negative numerator half") << qint64(5) << qint64(-1) << qint64(2) << qint64(-3); // -2.5
    QTest::newRow("negative below half") << qint64(-1'499) << qint64(1'750) << qint64(10'000) << qint64(-262);
    QTest::newRow("negative exact") << qint64(-1'900) << qint64(15) << qint64(30) << qint64(-950);
    QTest::newRow("zero") << qint64(0) << qint64(7) << qint64(3) << qint64(0);
}

void TestMoney::mulDivHalfUp()
{
    QFETCH(qint64, cents);
    QFETCH(qint64, num);
    QFETCH(qint64, den);
    QFETCH(qint64, expected);
    const auto result = Money::fromCents(cents)->mulDivHalfUp(num, den);
    QVERIFY(result.has_value());
    QCOMPARE(result->cents(), expected);
}

void TestMoney::mulDivRejectsBadDenominator()
{
    const Money m = Money::fromCents(100).value();
    QCOMPARE(m.mulDivHalfUp(1, 0).error().code, u"invalid_argument"_s);
    QCOMPARE(m.mulDivHalfUp(1, -3).error().code, u"invalid_argument"_s);
    QCOMPARE(m.mulDivHalfUp(3, 1).value().cents(), 300);
    QCOMPARE(Money::fromCents(Money::kMaxCents)->mulDivHalfUp(2, 1).error().code, u"amount_overflow"_s);
}

void TestMoney::mulDivIsExactBeyond64Bits()
{
    // cents × numerator overflows int64, the quotient does not.
    constexpr std::int64_t big = std::numeric_limits<std::int64_t>::max();
    const auto r = Money::fromCents(Money::kMaxCents)->mulDivHalfUp(big, big);
    QVERIFY(r.has_value());
    QCOMPARE(r->cents(), Money::kMaxCents);
    const auto third = Money::fromCents(Money::kMaxCents)->mulDivHalfUp(big / 3, big);
    QCOMPARE(third->cents(), 3'333'333'333); // 9,999,999,999 / 3 = 3,333,333,333
}

void TestMoney::toDecimalString_data()
{
    QTest::addColumn<qint64>("cents");
    QTest::addColumn<QString>("text");
    QTest::newRow("whole") << qint64(1'250) << u"12.50"_s;
    QTest::newRow("negative") << qint64(-307) << u"-3.07"_s;
    QTest::newRow("cents only") << qint64(5) << u"0.05"_s;
    QTest::newRow("negative cents") << qint64(-5) << u"-0.05"_s;
    QTest::newRow("zero") << qint64(0) << u"0.00"_s;
    QTest::newRow("max") << qint64(Money::kMaxCents) << u"99999999.99"_s;
}

void TestMoney::toDecimalString()
{
    QFETCH(qint64, cents);
    QFETCH(QString, text);
    QCOMPARE(Money::fromCents(cents)->toDecimalString(), text);
    QCOMPARE(Money::parse(text)->cents(), cents); // round trip
}

QTEST_GUILESS_MAIN(TestMoney)
#include "test_money.moc"

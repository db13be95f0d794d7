#include "core/domain/credits.h"

#include <QTest>

#include <cstdint>
#include <limits>

using namespace Qt::StringLiterals;
using namespace creditdesk;

class TestCredits : public QObject {
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void parseInvalid_data();
    void parseInvalid();
    void parseRejectsBadMaxDecimals();
    void construction();
    void arithmetic();
    void floorWhole_data();
    void floorWhole();
    void toDecimalString_data();
    void toDecimalString();
};

void TestCredits::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("maxDecimals");
    QTest::addColumn<qint64>("units");
    QTest::newRow("whole") << u"12"_s << 2 << qint64(120'000);
    QTest::newRow("one decimal") << u"12.5"_s << 2 << qint64(125'000);
    QTest::newRow("negative") << u"-0.25"_s << 2 << qint64(-2'500);
    QTest::newRow("ledger value") << u"1399.75"_s << 2 << qint64(13'997'500);
    QTest::newRow("four decimals allowed") << u"166.125"_s << 4 << qint64(1'661'250);
    QTest::newRow("one cu") << u"0.0001"_s << 4 << qint64(1);
    QTest::newRow("column max") << u"9999999999.99"_s << 2 << qint64(Credits::kMaxUnits);
    QTest::newRow("whole only") << u"7"_s << 0 << qint64(70'000);
}

void TestCredits::parse()
{
    QFETCH(QString, text);
    QFETCH(int, maxDecimals);
    QFETCH(qint64, units);
    const auto c = Credits::parse(text, maxDecimals);
    QVERIFY2(c.has_value(), qPrintable(text));
    QCOMPARE(c->units(), units);
}

void TestCredits::parseInvalid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("maxDecimals");
    QTest::addColumn<QString>("code");
    QTest::newRow("three decimals at 2") << u"1.125"_s << 2 << u"invalid_amount"_s;
    QTest::newRow("five decimals at 4") << u"1.00001"_s << 4 << u"invalid_amount"_s;
    QTest::newRow("decimal at 0") << u"1.5"_s << 0 << u"invalid_amount"_s;
    QTest::newRow("garbage") << u"1.2.3"_s << 2 << u"invalid_amount"_s;
    QTest::newRow("empty") << QString() << 2 << u"invalid_amount"_s;
    QTest::newRow("above column") << u"10000000000"_s << 2 << u"amount_overflow"_s;
    QTest::newRow("above column by a cent fraction") << u"9999999999.9999"_s << 4 << u"amount_overflow"_s;
    QTest::newRow("below column") << u"-10000000000"_s << 2 << u"amount_overflow"_s;
}

void TestCredits::parseInvalid()
{
    QFETCH(QString, text);
    QFETCH(int, maxDecimals);
    QFETCH(QString, code);
    const auto c = Credits::parse(text, maxDecimals);
    QVERIFY(!c.has_value());
    QCOMPARE(c.error().code, code);
}

void TestCredits::parseRejectsBadMaxDecimals()
{
    QCOMPARE(Credits::parse(u"1", 5).error().code, u"invalid_argument"_s);
    QCOMPARE(Credits::parse(u"1", -1).error().code, u"invalid_argument"_s);
}

void TestCredits::construction()
{
    QCOMPARE(Credits::fromWhole(1'500)->units(), 15'000'000);
    QCOMPARE(Credits::fromWhole(-3)->units(), -30'000);
    QCOMPARE(Credits::fromWhole(10'000'000'000).error().code, u"amount_overflow"_s);
    QCOMPARE(Credits::fromWhole(std::numeric_limits<std::int64_t>::max()).error().code, u"amount_overflow"_s);
    QCOMPARE(Credits::fromUnits(Credits::kMaxUnits)->units(), Credits::kMaxUnits);
    QCOMPARE(Credits::fromUnits(Credits::kMaxUnits + 1).error().code, u"amount_overflow"_s);
    QCOMPARE(Credits::fromUnits(-Credits::kMaxUnits - 1).error().code, u"amount_overflow"_s);
    QVERIFY(Credits().isZero());
}

void TestCredits::arithmetic()
{
    const Credits a = Credits::parse(u"1500").value();
    const Credits b = Credits::parse(u"100.25").value();
    QCOMPARE(a.minus(b)->toDecimalString(), u"1399.75"_s);
    QCOMPARE(b.minus(a)->toDecimalString(), u"-1399.75"_s);
    QCOMPARE(a.plus(b)->units(), 16'002'500);
    QVERIFY(b.minus(a)->isNegative());
    QCOMPARE(a.negated().units(), -15'000'000);

    const Credits max = Credits::fromUnits(Credits::kMaxUnits).value();
    QCOMPARE(max.plus(Credits::fromUnits(1).value()).error().code, u"amount_overflow"_s);
    QCOMPARE(max.negated().minus(Credits::fromUnits(1).value()).error().code, u"amount_overflow"_s);
    QVERIFY(b < a);
}

void TestCredits::floorWhole_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("whole");
    QTest::newRow("fraction") << u"1399.75"_s << qint64(1'399);
    QTest::newRow("exact") << u"750"_s << qint64(750);
    QTest::newRow("below one") << u"0.99"_s << qint64(0);
    QTest::newRow("negative floors down") << u"-0.25"_s << qint64(-1);
}

void TestCredits::floorWhole()
{
    QFETCH(QString, text);
    QFETCH(qint64, whole);
    QCOMPARE(Credits::parse(text)->floorWhole(), whole);
}

void TestCredits::toDecimalString_data()
{
    QTest::addColumn<qint64>("units");
    QTest::addColumn<int>("decimals");
    QTest::addColumn<QString>("text");
    QTest::newRow("two") << qint64(32'000) << 2 << u"3.20"_s;
    QTest::newRow("four") << qint64(1'661'250) << 4 << u"166.1250"_s;
    QTest::newRow("display half-up") << qint64(1'661'250) << 2 << u"166.13"_s;
    QTest::newRow("display half-up negative") << qint64(-1'661'250) << 2 << u"-166.13"_s;
    QTest::newRow("zero decimals") << qint64(36'000) << 0 << u"4"_s;
    QTest::newRow("small negative") << qint64(-1'000) << 2 << u"-0.10"_s;
    QTest::newRow("clamped to four") << qint64(1) << 9 << u"0.0001"_s;
}

void TestCredits::toDecimalString()
{
    QFETCH(qint64, units);
    QFETCH(int, decimals);
    QFETCH(QString, text);
    QCOMPARE(Credits::fromUnits(units)->toDecimalString(decimals), text);
}

QTEST_GUILESS_MAIN(TestCredits)
#include "test_credits.moc"

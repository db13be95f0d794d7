#include "core/domain/utc_time.h"

#include <QDateTime>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;

namespace {

qint64 at(QStringView iso)
{
    return parseIsoUtc(iso).value();
}

} // namespace

class TestUtcTime : public QObject {
    Q_OBJECT

private slots:
    void daysCeil_data();
    void daysCeil();
    void addMonthsClamps_data();
    void addMonthsClamps();
    void addMonthsRange();
    void addDays();
    void civilMatchesQDateTime();
    void isoRoundTrip_data();
    void isoRoundTrip();
    void isoRejects_data();
    void isoRejects();
    void utcMsValidates();
};

void TestUtcTime::daysCeil_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("30-day month") << u"2025-11-01T00:00:00Z"_s << u"2025-12-01T00:00:00Z"_s << qint64(30);
    QTest::newRow("31-day month") << u"2026-01-01T00:00:00Z"_s << u"2026-02-01T00:00:00Z"_s << qint64(31);
    QTest::newRow("partial day rounds up")
        << u"2026-01-21T09:30:00Z"_s << u"2026-02-01T00:00:00Z"_s << qint64(11);
    QTest::newRow("half day") << u"2026-02-10T12:00:00Z"_s << u"2026-03-01T00:00:00Z"_s << qint64(19);
    QTest::newRow("one ms") << u"2026-01-01T00:00:00.000Z"_s << u"2026-01-01T00:00:00.001Z"_s << qint64(1);
    QTest::newRow("equal") << u"2026-01-01T00:00:00Z"_s << u"2026-01-01T00:00:00Z"_s << qint64(0);
    QTest::newRow("reversed") << u"2026-02-01T00:00:00Z"_s << u"2026-01-01T00:00:00Z"_s << qint64(0);
    QTest::newRow("leap year Feb") << u"2028-02-01T00:00:00Z"_s << u"2028-03-01T00:00:00Z"_s << qint64(29);
}

void TestUtcTime::daysCeil()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(qint64, expected);
    QCOMPARE(days(at(from), at(to)), expected);
}

void TestUtcTime::addMonthsClamps_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<int>("months");
    QTest::addColumn<QString>("expected");
    QTest::newRow("Jan 31 → Feb 28") << u"2026-01-31T10:15:00.000Z"_s << 1 << u"2026-02-28T10:15:00.000Z"_s;
    QTest::newRow("Jan 31 → Feb 29 leap")
        << u"2028-01-31T00:00:00.000Z"_s << 1 << u"2028-02-29T00:00:00.000Z"_s;
    QTest::newRow("Mar 31 → Apr 30") << u"2026-03-31T23:59:59.999Z"_s << 1 << u"2026-04-30T23:59:59.999Z"_s;
    QTest::newRow("year boundary") << u"2026-12-01T00:00:00.000Z"_s << 1 << u"2027-01-01T00:00:00.000Z"_s;
    QTest::newRow("plus 6") << u"2026-02-01T00:00:00.000Z"_s << 6 << u"2026-08-01T00:00:00.000Z"_s;
    QTest::newRow("plus 12 from leap day")
        << u"2028-02-29T00:00:00.000Z"_s << 12 << u"2029-02-28T00:00:00.000Z"_s;
    QTest::newRow("minus 1") << u"2026-03-31T00:00:00.000Z"_s << -1 << u"2026-02-28T00:00:00.000Z"_s;
    QTest::newRow("minus 13") << u"2026-01-15T08:00:00.000Z"_s << -13 << u"2024-12-15T08:00:00.000Z"_s;
    QTest::newRow("zero") << u"2026-05-31T00:00:00.000Z"_s << 0 << u"2026-05-31T00:00:00.000Z"_s;
    QTest::newRow("before epoch") << u"1969-12-31T12:00:00.000Z"_s << 2 << u"1970-02-28T12:00:00.000Z"_s;
}

void TestUtcTime::addMonthsClamps()
{
    QFETCH(QString, from);
    QFETCH(int, months);
    QFETCH(QString, expected);
    QCOMPARE(toIsoUtc(addMonths(at(from), months).value()), expected);
}

void TestUtcTime::addMonthsRange()
{
    QCOMPARE(addMonths(at(u"9999-12-01T00:00:00Z"), 1).error().code, u"invalid_argument"_s);
    QCOMPARE(addMonths(at(u"0001-01-01T00:00:00Z"), -1).error().code, u"invalid_argument"_s);
    QCOMPARE(addMonths(std::numeric_limits<std::int64_t>::max(), 1).error().code, u"invalid_argument"_s);
    QVERIFY(addMonths(at(u"0001-01-01T00:00:00Z"), 9998 * 12 + 11).has_value());
}

void TestUtcTime::addDays()
{
    QCOMPARE(toIsoUtc(creditdesk::addDays(at(u"2026-01-15T00:00:00Z"), 365).value()),
             u"2027-01-15T00:00:00.000Z"_s);
    QCOMPARE(toIsoUtc(creditdesk::addDays(at(u"2028-01-15T00:00:00Z"), 365).value()),
             u"2029-01-14T00:00:00.000Z"_s);
    QCOMPARE(creditdesk::addDays(at(u"9999-12-31T00:00:00Z"), 1).error().code, u"invalid_argument"_s);
    QCOMPARE(creditdesk::addDays(0, std::numeric_limits<std::int64_t>::max()).error().code,
             u"invalid_argument"_s);
}

void TestUtcTime::civilMatchesQDateTime()
{
    // Our civil arithmetic against Qt's, across eras and leap rules.
    for (qint64 ms :
         {qint64(0), qint64(-1), qint64(951'782'400'000) /* 2000-02-29 */, qint64(4'107'542'399'999),
          qint64(-62'135'596'800'000) /* 0001-01-01 */, qint64(253'402'300'799'999)}) {
        const QDateTime qt = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
        const UtcFields f = utcFields(ms);
        QCOMPARE(f.year, qt.date().year());
        QCOMPARE(f.month, qt.date().month());
        QCOMPARE(f.day, qt.date().day());
        QCOMPARE(f.hour, qt.time().hour());
        QCOMPARE(f.minute, qt.time().minute());
        QCOMPARE(f.second, qt.time().second());
        QCOMPARE(f.millisecond, qt.time().msec());
        QCOMPARE(utcMs(f).value(), ms);
    }
}

void TestUtcTime::isoRoundTrip_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("ms");
    QTest::newRow("epoch") << u"1970-01-01T00:00:00.000Z"_s << qint64(0);
    QTest::newRow("wire example") << u"2025-11-27T05:37:00.000Z"_s << qint64(1'764'221'820'000);
    QTest::newRow("pre-epoch") << u"1969-12-31T23:59:59.999Z"_s << qint64(-1);
}

void TestUtcTime::isoRoundTrip()
{
    QFETCH(QString, text);
    QFETCH(qint64, ms);
    QCOMPARE(parseIsoUtc(text).value(), ms);
    QCOMPARE(toIsoUtc(ms), text);
}

void TestUtcTime::isoRejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("no zone") << u"2025-11-27T05:37:00.000"_s;
    QTest::newRow("offset") << u"2025-11-27T05:37:00+01:00"_s;
    QTest::newRow("Feb 30") << u"2026-02-30T00:00:00Z"_s;
    QTest::newRow("hour 24") << u"2026-02-01T24:00:00Z"_s;
    QTest::newRow("letters") << u"2026-0x-01T00:00:00Z"_s;
    QTest::newRow("space separator") << u"2026-02-01 00:00:00Z"_s;
    QTest::newRow("empty") << QString();
}

void TestUtcTime::isoRejects()
{
    QFETCH(QString, text);
    QCOMPARE(parseIsoUtc(text).error().code, u"invalid_argument"_s);
}

void TestUtcTime::utcMsValidates()
{
    QCOMPARE(utcMs(2026, 13, 1).error().code, u"invalid_argument"_s);
    QCOMPARE(utcMs(2026, 2, 29).error().code, u"invalid_argument"_s);
    QCOMPARE(utcMs(0, 1, 1).error().code, u"invalid_argument"_s);
    QCOMPARE(utcMs(2026, 1, 1, 0, 60).error().code, u"invalid_argument"_s);
    QCOMPARE(utcMs(2026, 1, 1, 0, 0, 0, 1000).error().code, u"invalid_argument"_s);
    QCOMPARE(utcMs(2028, 2, 29).value(), at(u"2028-02-29T00:00:00Z"));
    QCOMPARE(daysInMonth(2100, 2), 28);
    QCOMPARE(daysInMonth(2000, 2), 29);
    QCOMPARE(daysInMonth(2026, 13), 0);
}

QTEST_GUILESS_MAIN(TestUtcTime)
#include "test_utc_time.moc"

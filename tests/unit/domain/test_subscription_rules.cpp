#include "core/domain/subscription_rules.h"
#include "core/domain/utc_time.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;

namespace {

using S = SubscriptionStatus;

qint64 at(QStringView iso)
{
    return parseIsoUtc(iso).value();
}

bool ok(std::optional<S> from, S to, SubscriptionTier tier = SubscriptionTier::Pro,
        std::optional<qint64> periodEnd = std::nullopt, qint64 now = 0)
{
    return checkSubscriptionTransition(SubscriptionTransition{from, to, tier, now, periodEnd}).has_value();
}

} // namespace

class TestSubscriptionRules : public QObject {
    Q_OBJECT

private slots:
    void allowedTransitions();
    void forbiddenTransitions();
    void cancelledReactivatesOnlyBeforePeriodEnd();
    void errorDetails();
    void dunning_data();
    void dunning();
    void dunningDayCountsCalendarDays();
};

void TestSubscriptionRules::allowedTransitions()
{
    QVERIFY(ok(std::nullopt, S::Trial));
    QVERIFY(ok(std::nullopt, S::Active));
    QVERIFY(ok(std::nullopt, S::Active, SubscriptionTier::Free));
    QVERIFY(ok(S::Trial, S::Active));
    QVERIFY(ok(S::Trial, S::Expired));
    QVERIFY(ok(S::Trial, S::Cancelled));
    QVERIFY(ok(S::Active, S::PastDue));
    QVERIFY(ok(S::Active, S::Suspended));
    QVERIFY(ok(S::Active, S::Cancelled));
    QVERIFY(ok(S::PastDue, S::Active));
    QVERIFY(ok(S::PastDue, S::Suspended));
    QVERIFY(ok(S::PastDue, S::Cancelled));
    QVERIFY(ok(S::Suspended, S::Active));
    QVERIFY(ok(S::Suspended, S::Cancelled));
}

void TestSubscriptionRules::forbiddenTransitions()
{
    QVERIFY(!ok(std::nullopt, S::Trial, SubscriptionTier::Free)); // no trial on free
    QVERIFY(!ok(std::nullopt, S::PastDue));
    QVERIFY(!ok(S::Active, S::PastDue, SubscriptionTier::Free)); // free is always active
    QVERIFY(!ok(S::Trial, S::PastDue));
    QVERIFY(!ok(S::Active, S::Trial));
    QVERIFY(!ok(S::Active, S::Active));
    QVERIFY(!ok(S::Suspended, S::PastDue));
    QVERIFY(!ok(S::Cancelled, S::Trial));
    for (S to : allSubscriptionStatuses())
        QVERIFY(!ok(S::Expired, to, SubscriptionTier::Pro, at(u"2099-01-01T00:00:00Z")));
}

void TestSubscriptionRules::cancelledReactivatesOnlyBeforePeriodEnd()
{
    const qint64 end = at(u"2026-02-01T00:00:00Z");
    QVERIFY(ok(S::Cancelled, S::Active, SubscriptionTier::Pro, end, end - 1));
    QVERIFY(!ok(S::Cancelled, S::Active, SubscriptionTier::Pro, end, end));
    QVERIFY(!ok(S::Cancelled, S::Active, SubscriptionTier::Pro, std::nullopt, 0));
}

void TestSubscriptionRules::errorDetails()
{
    const auto r = checkSubscriptionTransition(
        SubscriptionTransition{S::Expired, S::Active, SubscriptionTier::ProMax, 0, std::nullopt});
    QCOMPARE(r.error().code, u"invalid_transition"_s);
    QCOMPARE(r.error().details.value(u"from"_s).toString(), u"expired"_s);
    QCOMPARE(r.error().details.value(u"to"_s).toString(), u"active"_s);
    const auto fresh = checkSubscriptionTransition(
        SubscriptionTransition{std::nullopt, S::Cancelled, SubscriptionTier::Pro, 0, std::nullopt});
    QCOMPARE(fresh.error().details.value(u"from"_s).toString(), u"new"_s);
}

void TestSubscriptionRules::dunning_data()
{
    QTest::addColumn<qint64>("day");
    QTest::addColumn<QList<DunningAction>>("actions");
    QTest::addColumn<int>("status");
    QTest::newRow("day 0") << qint64(0) << QList<DunningAction>{DunningAction::Retry} << int(S::PastDue);
    QTest::newRow("day 3") << qint64(3) << QList<DunningAction>{DunningAction::Email} << int(S::PastDue);
    QTest::newRow("day 5") << qint64(5) << QList<DunningAction>{} << int(S::PastDue);
    QTest::newRow("day 7") << qint64(7) << QList<DunningAction>{DunningAction::Retry} << int(S::PastDue);
    QTest::newRow("day 13") << qint64(13) << QList<DunningAction>{} << int(S::PastDue);
    QTest::newRow("day 14") << qint64(14) << QList<DunningAction>{DunningAction::Suspend}
                            << int(S::Suspended);
    QTest::newRow("day 20") << qint64(20) << QList<DunningAction>{} << int(S::Suspended);
    QTest::newRow("day 21") << qint64(21) << QList<DunningAction>{DunningAction::Cancel} << int(S::Cancelled);
    QTest::newRow("day 40") << qint64(40) << QList<DunningAction>{} << int(S::Cancelled);
}

void TestSubscriptionRules::dunning()
{
    QFETCH(qint64, day);
    QFETCH(QList<DunningAction>, actions);
    QFETCH(int, status);
    QCOMPARE(dunningActions(day), actions);
    QCOMPARE(int(dunningStatus(day)), status);
}

void TestSubscriptionRules::dunningDayCountsCalendarDays()
{
    const qint64 first = at(u"2026-01-01T23:00:00Z");
    QCOMPARE(dunningDay(first, at(u"2026-01-01T23:59:59Z")), 0);
    QCOMPARE(dunningDay(first, at(u"2026-01-02T00:00:00Z")), 1);
    QCOMPARE(dunningDay(first, at(u"2026-01-15T01:00:00Z")), 14);
    QCOMPARE(dunningDay(first, at(u"2025-12-31T00:00:00Z")), 0);
}

QTEST_GUILESS_MAIN(TestSubscriptionRules)
#include "test_subscription_rules.moc"

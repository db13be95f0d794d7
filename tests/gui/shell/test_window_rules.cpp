// The client rules the window follows: which subscription status needs the
// user's action and when mirrored data counts as stale.
#include "core/domain/client_rules.h"

#include <QTest>

using namespace creditdesk;

class TestWindowRules : public QObject {
    Q_OBJECT

private slots:
    void statusNeedsAction_data();
    void statusNeedsAction();
    void staleness();
};

void TestWindowRules::statusNeedsAction_data()
{
    QTest::addColumn<SubscriptionStatus>("status");
    QTest::addColumn<bool>("action");
    QTest::newRow("trial") << SubscriptionStatus::Trial << false;
    QTest::newRow("active") << SubscriptionStatus::Active << false;
    QTest::newRow("cancelled") << SubscriptionStatus::Cancelled << false;
    QTest::newRow("past_due") << SubscriptionStatus::PastDue << true;
    QTest::newRow("suspended") << SubscriptionStatus::Suspended << true;
    QTest::newRow("expired") << SubscriptionStatus::Expired << true;
}

void TestWindowRules::statusNeedsAction()
{
    QFETCH(SubscriptionStatus, status);
    QFETCH(bool, action);
    QCOMPARE(subscriptionNeedsAction(status), action);
}

void TestWindowRules::staleness()
{
    const std::int64_t now = 1'800'000'000'000;
    QVERIFY(mirrorIsStale(std::nullopt, now));
    QVERIFY(!mirrorIsStale(now, now));
    QVERIFY(!mirrorIsStale(now - kMirrorStaleAfterMs, now));
    QVERIFY(mirrorIsStale(now - kMirrorStaleAfterMs - 1, now));
    QVERIFY(kAutoSyncIntervalMs < kMirrorStaleAfterMs); // a window that syncs never looks stale
}

QTEST_GUILESS_MAIN(TestWindowRules)
#include "test_window_rules.moc"

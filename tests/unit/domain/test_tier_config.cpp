#include "core/domain/tier_config.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;

class TestTierConfig : public QObject {
    Q_OBJECT

private slots:
    void table_data();
    void table();
    void annualIsTenMonths();
    void byokAndLimits();
    void cyclePrice();
};

void TestTierConfig::table_data()
{
    QTest::addColumn<int>("tier");
    QTest::addColumn<qint64>("monthly");
    QTest::addColumn<qint64>("credits");
    QTest::addColumn<qint64>("cap");
    QTest::addColumn<int>("capMonths");
    QTest::addColumn<int>("history");
    QTest::addColumn<int>("trial");
    QTest::addColumn<int>("multiplier");
    QTest::addColumn<int>("users");
    QTest::addColumn<bool>("onSale");
    QTest::newRow("free") << int(SubscriptionTier::Free) << qint64(0) << qint64(200) << qint64(0) << 0 << 30
                          << 0 << 150 << 1 << true;
    QTest::newRow("pro") << int(SubscriptionTier::Pro) << qint64(1'500) << qint64(1'500) << qint64(750) << 1
                         << 90 << 14 << 130 << 1 << true;
    QTest::newRow("pro_max") << int(SubscriptionTier::ProMax) << qint64(19'900) << qint64(25'000)
                             << qint64(12'500) << 6 << 365 << 14 << 125 << 1 << true;
    QTest::newRow("enterprise_pro") << int(SubscriptionTier::EnterprisePro) << qint64(3'000) << qint64(3'500)
                                    << qint64(1'750) << 3 << 180 << 30 << 115 << 5 << false;
    QTest::newRow("enterprise_max") << int(SubscriptionTier::EnterpriseMax) << qint64(9'000) << qint64(11'000)
                                    << qint64(5'500) << 6 << 365 << 30 << 110 << 15 << false;
    QTest::newRow("perpetual") << int(SubscriptionTier::Perpetual) << qint64(0) << qint64(0) << qint64(0) << 0
                               << 30 << 0 << 150 << 1 << true;
}

void TestTierConfig::table()
{
    QFETCH(int, tier);
    QFETCH(qint64, monthly);
    QFETCH(qint64, credits);
    QFETCH(qint64, cap);
    QFETCH(int, capMonths);
    QFETCH(int, history);
    QFETCH(int, trial);
    QFETCH(int, multiplier);
    QFETCH(int, users);
    QFETCH(bool, onSale);
    const TierConfig &c = tierConfig(static_cast<SubscriptionTier>(tier));
    QCOMPARE(int(c.tier), tier);
    QCOMPARE(c.monthlyPrice().cents(), monthly);
    QCOMPARE(c.monthlyAllocation().units(), credits * Credits::kUnitsPerCredit);
    QCOMPARE(c.rolloverCap().units(), cap * Credits::kUnitsPerCredit);
    QCOMPARE(c.hasRollover(), cap > 0);
    QCOMPARE(c.rolloverMonths, capMonths);
    QCOMPARE(c.historyDays, history);
    QCOMPARE(c.trialDays, trial);
    QCOMPARE(c.multiplierHundredths, multiplier);
    QCOMPARE(c.maxUsers, users);
    QCOMPARE(c.onSale, onSale);
    QCOMPARE(c.availability.isEmpty(), onSale);
}

void TestTierConfig::annualIsTenMonths()
{
    for (SubscriptionTier tier : allSubscriptionTiers()) {
        const TierConfig &c = tierConfig(tier);
        QCOMPARE(c.yearlyPriceCents, c.monthlyPriceCents * 10);
    }
}

void TestTierConfig::byokAndLimits()
{
    QCOMPARE(tierConfig(SubscriptionTier::Free).byok, ByokKind::None);
    QCOMPARE(tierConfig(SubscriptionTier::Pro).byok, ByokKind::None);
    QCOMPARE(tierConfig(SubscriptionTier::ProMax).byok, ByokKind::Hybrid);
    QCOMPARE(tierConfig(SubscriptionTier::EnterprisePro).byok, ByokKind::Hybrid);
    QCOMPARE(tierConfig(SubscriptionTier::EnterpriseMax).byok, ByokKind::Hybrid);
    QCOMPARE(tierConfig(SubscriptionTier::Perpetual).byok, ByokKind::License);

    QVERIFY(!tierConfig(SubscriptionTier::Pro).maxDevices);
    QCOMPARE(tierConfig(SubscriptionTier::ProMax).maxDevices.value(), 3);
    QCOMPARE(tierConfig(SubscriptionTier::Perpetual).maxDevices.value(), 3);

    const auto free = tierConfig(SubscriptionTier::Free).rateLimits.value();
    QCOMPARE(free.requestsPerMinute, 10);
    QCOMPARE(free.parallelRequests, 1);
    QCOMPARE(free.callsPerDay, 50);
    const auto ent = tierConfig(SubscriptionTier::EnterpriseMax).rateLimits.value();
    QCOMPARE(ent.requestsPerMinute, 120);
    QCOMPARE(ent.callsPerDay, 2'200);
    QCOMPARE(tierConfig(SubscriptionTier::ProMax).rateLimits->callsPerDay, 2'500);
    QVERIFY(!tierConfig(SubscriptionTier::Perpetual).rateLimits);
}

void TestTierConfig::cyclePrice()
{
    QCOMPARE(tierConfig(SubscriptionTier::Pro).cyclePrice(BillingInterval::Yearly).cents(), 15'000);
    QCOMPARE(tierConfig(SubscriptionTier::Pro).cyclePrice(BillingInterval::Monthly).cents(), 1'500);
    QCOMPARE(tierConfig(SubscriptionTier::Perpetual).cyclePrice(BillingInterval::Monthly).cents(), 19'900);
    QVERIFY(tierConfig(SubscriptionTier::Perpetual).isPaid());
    QVERIFY(!tierConfig(SubscriptionTier::Free).isPaid());
}

QTEST_GUILESS_MAIN(TestTierConfig)
#include "test_tier_config.moc"

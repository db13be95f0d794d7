#include "core/domain/client_rules.h"
#include "core/domain/clock.h"
#include "core/domain/utc_time.h"

#include <QTest>

#include <vector>

using namespace Qt::StringLiterals;
using namespace creditdesk;

namespace {

qint64 at(QStringView iso)
{
    return parseIsoUtc(iso).value();
}

Credits credits(QStringView text)
{
    return Credits::parse(text).value();
}

constexpr qint64 kDay = 86'400'000;
constexpr qint64 kHour = 3'600'000;

} // namespace

class TestClientRules : public QObject {
    Q_OBJECT

private slots:
    void certRenew();
    void certGrace();
    void certLocked();
    void clockRollback();
    void clockServerTimeRaisesHighWater();
    void byokEntitlement_data();
    void byokEntitlement();
    void byokLocks();
    void lowBalance_data();
    void lowBalance();
    void forecastExample();
    void forecastYoungAccount();
    void forecastFilters();
    void manualClock();
};

void TestClientRules::certRenew()
{
    // [CertRenew]
    const qint64 validUntil = at(u"2026-03-31T00:00:00Z");
    const auto justInside = evaluateCertificate(validUntil, at(u"2026-03-24T00:00:01Z"));
    QVERIFY(justInside.shouldRenew); // 6 d 23:59:59 left
    QVERIFY(justInside.valid);
    QVERIFY(!justInside.inGrace);
    const auto notYet = evaluateCertificate(validUntil, at(u"2026-03-24T00:00:00Z"));
    QVERIFY(!notYet.shouldRenew);
    QVERIFY(notYet.valid);
}

void TestClientRules::certGrace()
{
    // [CertGrace]
    const auto s = evaluateCertificate(at(u"2026-03-31T00:00:00Z"), at(u"2026-04-03T12:00:00Z"));
    QVERIFY(!s.valid);
    QVERIFY(s.inGrace);
    QVERIFY(!s.locked);
    QVERIFY(s.shouldRenew);
    QCOMPARE(s.graceRemainingMs, 3 * kDay + 12 * kHour);
}

void TestClientRules::certLocked()
{
    // [CertLocked]
    const qint64 validUntil = at(u"2026-03-31T00:00:00Z");
    const auto s = evaluateCertificate(validUntil, at(u"2026-04-07T00:00:00Z"));
    QVERIFY(s.locked);
    QVERIFY(!s.inGrace);
    QCOMPARE(s.graceRemainingMs, 0);
    QVERIFY(!evaluateCertificate(validUntil, at(u"2026-04-06T23:59:59.999Z")).locked);
}

void TestClientRules::clockRollback()
{
    // [ClockRollback]
    const qint64 highWater = at(u"2026-03-10T12:00:00Z");
    const auto back = checkClock(at(u"2026-03-10T11:54:00Z"), highWater);
    QVERIFY(back.rollback);
    QCOMPARE(back.highWaterMs, highWater);
    const auto ok = checkClock(at(u"2026-03-10T11:56:00Z"), highWater);
    QVERIFY(!ok.rollback);
    QCOMPARE(ok.effectiveNowMs, highWater);                                // evaluated as 12:00
    QVERIFY(!checkClock(at(u"2026-03-10T11:55:00Z"), highWater).rollback); // exactly 5 min back
    const auto forward = checkClock(at(u"2026-03-10T13:00:00Z"), highWater);
    QCOMPARE(forward.effectiveNowMs, at(u"2026-03-10T13:00:00Z"));
    QCOMPARE(forward.highWaterMs, at(u"2026-03-10T13:00:00Z"));
}

void TestClientRules::clockServerTimeRaisesHighWater()
{
    const qint64 highWater = at(u"2026-03-10T12:00:00Z");
    const auto c = checkClock(at(u"2026-03-10T12:00:00Z"), highWater, at(u"2026-03-10T12:30:00Z"));
    QVERIFY(c.rollback); // local clock is 30 min behind the server
    QCOMPARE(c.highWaterMs, at(u"2026-03-10T12:30:00Z"));
}

void TestClientRules::byokEntitlement_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("code"); // empty = allowed
    QTest::addColumn<int>("source");
    QTest::newRow("active license on device") << 0 << QString() << int(ByokSource::License);
    QTest::newRow("license BYOK disabled") << 1 << u"byok_not_entitled"_s << 0;
    QTest::newRow("license not on this device") << 2 << u"byok_not_entitled"_s << 0;
    QTest::newRow("suspended license") << 3 << u"byok_not_entitled"_s << 0;
    QTest::newRow("pro_max trial") << 4 << QString() << int(ByokSource::Subscription);
    QTest::newRow("enterprise_pro past_due") << 5 << QString() << int(ByokSource::Subscription);
    QTest::newRow("pro active") << 6 << u"byok_not_entitled"_s << 0;
    QTest::newRow("pro_max suspended") << 7 << u"byok_not_entitled"_s << 0;
    QTest::newRow("no certificate") << 8 << u"byok_not_entitled"_s << 0;
    QTest::newRow("nothing") << 9 << u"byok_not_entitled"_s << 0;
    QTest::newRow("pro_max confirmed by the server, no certificate")
        << 10 << QString() << int(ByokSource::Subscription);
    QTest::newRow("pro_max never confirmed, no certificate") << 11 << u"byok_not_entitled"_s << 0;
    QTest::newRow("pro_max confirmed 38 days ago") << 12 << u"byok_locked"_s << 0;
    QTest::newRow("license without certificate, pro_max confirmed")
        << 13 << QString() << int(ByokSource::Subscription);
}

void TestClientRules::byokEntitlement()
{
    QFETCH(int, kind);
    QFETCH(QString, code);
    QFETCH(int, source);
    ByokInputs in;
    in.nowMs = at(u"2026-03-10T12:00:00Z");
    in.highWaterMs = in.nowMs;
    in.certificateValidUntilMs = at(u"2026-04-01T00:00:00Z");
    const LicenseEntitlement goodLicense{LicenseStatus::Active, true, true};
    switch (kind) {
    case 0:
        in.license = goodLicense;
        break;
    case 1:
        in.license = LicenseEntitlement{LicenseStatus::Active, false, true};
        break;
    case 2:
        in.license = LicenseEntitlement{LicenseStatus::Active, true, false};
        break;
    case 3:
        in.license = LicenseEntitlement{LicenseStatus::Suspended, true, true};
        break;
    case 4:
        in.subscription = SubscriptionEntitlement{SubscriptionTier::ProMax, SubscriptionStatus::Trial};
        break;
    case 5:
        in.subscription =
            SubscriptionEntitlement{SubscriptionTier::EnterprisePro, SubscriptionStatus::PastDue};
        break;
    case 6:
        in.subscription = SubscriptionEntitlement{SubscriptionTier::Pro, SubscriptionStatus::Active};
        break;
    case 7:
        in.subscription = SubscriptionEntitlement{SubscriptionTier::ProMax, SubscriptionStatus::Suspended};
        break;
    case 8:
        in.license = goodLicense;
        in.certificateValidUntilMs.reset();
        break;
    case 9:
        break;
    case 10:
        in.subscription = SubscriptionEntitlement{SubscriptionTier::ProMax, SubscriptionStatus::Active};
        in.certificateValidUntilMs.reset();
        in.subscriptionConfirmedAtMs = at(u"2026-03-01T00:00:00Z");
        break;
    case 11:
        in.subscription = SubscriptionEntitlement{SubscriptionTier::ProMax, SubscriptionStatus::Active};
        in.certificateValidUntilMs.reset();
        break;
    case 12: // valid until 2026-03-31, grace over on 2026-04-07 < now
        in.subscription = SubscriptionEntitlement{SubscriptionTier::ProMax, SubscriptionStatus::Active};
        in.certificateValidUntilMs.reset();
        in.subscriptionConfirmedAtMs = at(u"2026-03-01T00:00:00Z");
        in.nowMs = at(u"2026-04-08T00:00:00Z");
        in.highWaterMs = in.nowMs;
        break;
    case 13:
        in.license = LicenseEntitlement{LicenseStatus::Active, true, false};
        in.subscription = SubscriptionEntitlement{SubscriptionTier::ProMax, SubscriptionStatus::Active};
        in.certificateValidUntilMs.reset();
        in.subscriptionConfirmedAtMs = at(u"2026-03-09T00:00:00Z");
        break;
    }
    const auto r = creditdesk::byokEntitlement(in);
    if (code.isEmpty()) {
        QVERIFY(r.has_value());
        QCOMPARE(int(*r), source);
    } else {
        QCOMPARE(r.error().code, code);
    }
}

void TestClientRules::byokLocks()
{
    ByokInputs in;
    in.license = LicenseEntitlement{LicenseStatus::Active, true, true};
    in.certificateValidUntilMs = at(u"2026-03-31T00:00:00Z");
    in.nowMs = at(u"2026-04-03T12:00:00Z");
    in.highWaterMs = in.nowMs;
    QVERIFY(creditdesk::byokEntitlement(in).has_value()); // in grace
    in.nowMs = at(u"2026-04-07T00:00:00Z");
    QCOMPARE(creditdesk::byokEntitlement(in).error().code, u"byok_locked"_s);
    // rollback locks even with a fresh certificate
    in.nowMs = at(u"2026-03-10T11:54:00Z");
    in.highWaterMs = at(u"2026-03-10T12:00:00Z");
    QCOMPARE(creditdesk::byokEntitlement(in).error().code, u"byok_locked"_s);
    // winding the clock back does not extend grace: evaluated at high water
    in.nowMs = at(u"2026-04-06T23:58:00Z");
    in.highWaterMs = at(u"2026-04-07T00:02:00Z");
    QCOMPARE(creditdesk::byokEntitlement(in).error().code, u"byok_locked"_s);
}

void TestClientRules::lowBalance_data()
{
    QTest::addColumn<QString>("balance");
    QTest::addColumn<QString>("allocation");
    QTest::addColumn<QString>("override");
    QTest::addColumn<int>("level");
    QTest::newRow("LowBalance pro 150.00") << u"150.00"_s << u"1500"_s << QString() << int(BalanceLevel::Low);
    QTest::newRow("LowBalance pro 150.01")
        << u"150.01"_s << u"1500"_s << QString() << int(BalanceLevel::Normal);
    QTest::newRow("pro_max 2500") << u"2500"_s << u"25000"_s << QString() << int(BalanceLevel::Low);
    QTest::newRow("free 20") << u"20"_s << u"200"_s << QString() << int(BalanceLevel::Low);
    QTest::newRow("free 20.01") << u"20.01"_s << u"200"_s << QString() << int(BalanceLevel::Normal);
    QTest::newRow("zero") << u"0"_s << u"1500"_s << QString() << int(BalanceLevel::Depleted);
    QTest::newRow("no allocation") << u"0"_s << u"0"_s << QString() << int(BalanceLevel::None);
    QTest::newRow("user override") << u"300"_s << u"1500"_s << u"500"_s << int(BalanceLevel::Low);
    QTest::newRow("override without allocation")
        << u"600"_s << u"0"_s << u"500"_s << int(BalanceLevel::Normal);
}

void TestClientRules::lowBalance()
{
    QFETCH(QString, balance);
    QFETCH(QString, allocation);
    QFETCH(QString, override);
    QFETCH(int, level);
    const std::optional<Credits> threshold =
        override.isEmpty() ? std::nullopt : std::optional(credits(override));
    QCOMPARE(int(balanceLevel(credits(balance), credits(allocation), threshold)), level);
}

void TestClientRules::forecastExample()
{
    // [Forecast]: 1,234.50 left; 2,469.00 spent in 30 days → 82.30/day → 15 days.
    const qint64 now = at(u"2026-03-31T00:00:00Z");
    const std::vector<UsageDeduction> usage = {
        {now - 29 * kDay, credits(u"1000"), false, false},
        {now - 10 * kDay, credits(u"1469"), false, false},
    };
    const auto f = forecast(credits(u"1234.50"), usage, at(u"2025-06-01T00:00:00Z"), now);
    QVERIFY(f.has_value());
    QCOMPARE(f->burnPerDay.toDecimalString(), u"82.30"_s);
    QCOMPARE(f->daysLeft.value(), 15);
}

void TestClientRules::forecastYoungAccount()
{
    // First deduction 2.5 days ago → ÷ 3.
    const qint64 now = at(u"2026-03-31T00:00:00Z");
    const std::vector<UsageDeduction> usage = {{now - 60 * kHour, credits(u"90"), false, false}};
    const auto f = forecast(credits(u"100"), usage, std::nullopt, now);
    QCOMPARE(f->burnPerDay.toDecimalString(), u"30.00"_s);
    QCOMPARE(f->daysLeft.value(), 3);
    // a deduction this very instant counts as one day
    const std::vector<UsageDeduction> fresh = {{now, credits(u"10"), false, false}};
    QCOMPARE(forecast(credits(u"25"), fresh, std::nullopt, now)->daysLeft.value(), 2);
}

void TestClientRules::forecastFilters()
{
    const qint64 now = at(u"2026-03-31T00:00:00Z");
    const std::vector<UsageDeduction> usage = {
        {now - 31 * kDay, credits(u"999"), false, false}, // outside the window
        {now - 5 * kDay, credits(u"500"), true, false},   // BYOK
        {now - 5 * kDay, credits(u"300"), false, true},   // reversed
        {now - 4 * kDay, credits(u"-300"), false, false}, // its reversal row
        {now + kHour, credits(u"100"), false, false},     // future
    };
    const auto none = forecast(credits(u"100"), usage, std::nullopt, now);
    QVERIFY(none.has_value());
    QVERIFY(!none->daysLeft);
    QVERIFY(none->burnPerDay.isZero());
    // exact fraction: 100 over 30 days = 3.3333…/day; 10 left → 3 days
    const std::vector<UsageDeduction> small = {{now - 40 * kDay, credits(u"1"), false, false},
                                               {now - kDay, credits(u"100"), false, false}};
    const auto f = forecast(credits(u"10"), small, std::nullopt, now);
    QCOMPARE(f->burnPerDay.toDecimalString(4), u"3.3333"_s);
    QCOMPARE(f->daysLeft.value(), 3);
}

void TestClientRules::manualClock()
{
    ManualClock clock(at(u"2026-03-10T12:00:00Z"));
    const Clock &c = clock;
    QCOMPARE(c.nowMs(), at(u"2026-03-10T12:00:00Z"));
    clock.advanceMs(5 * 60'000);
    QCOMPARE(c.nowMs(), at(u"2026-03-10T12:05:00Z"));
    clock.setNowMs(0);
    QCOMPARE(c.nowMs(), 0);
    const SystemClock system;
    QVERIFY(system.nowMs() > at(u"2025-01-01T00:00:00Z"));
}

QTEST_GUILESS_MAIN(TestClientRules)
#include "test_client_rules.moc"

#include "core/domain/coupon_validation.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;

namespace {

Money cents(qint64 c)
{
    return Money::fromCents(c).value();
}

constexpr qint64 kNow = 1'768'435'200'000; // 2026-01-15T00:00:00Z

CouponFacts okFacts()
{
    CouponFacts f;
    f.nowMs = kNow;
    f.tier = SubscriptionTier::Pro;
    f.billingInterval = BillingInterval::Monthly;
    f.cartTotal = cents(1'500);
    return f;
}

} // namespace

class TestCouponValidation : public QObject {
    Q_OBJECT

private slots:
    void reasonOrderAndCodes();
    void reasonParsing();
    void validCoupon();
    void notFoundStopsEverything();
    void everyFailureReportedInOrder();
    void singleFailures_data();
    void singleFailures();
    void warnings();
    void fraudSignals();
};

void TestCouponValidation::reasonOrderAndCodes()
{
    QStringList codes;
    for (CouponReason r : allCouponReasons())
        codes.append(toString(r));
    QCOMPARE(
        codes,
        (QStringList{u"COUPON_NOT_FOUND"_s, u"COUPON_INACTIVE"_s, u"COUPON_EXPIRED"_s, u"TIER_NOT_ELIGIBLE"_s,
                     u"BILLING_CYCLE_NOT_ELIGIBLE"_s, u"MAX_USES_EXCEEDED"_s, u"MAX_USER_USES_EXCEEDED"_s,
                     u"CAMPAIGN_BUDGET_EXCEEDED"_s, u"CAMPAIGN_BUDGET_LOW"_s, u"MIN_PURCHASE_NOT_MET"_s,
                     u"CUSTOM_RULE_FAILED"_s, u"FRAUD_DETECTED"_s, u"VELOCITY_LIMIT_EXCEEDED"_s,
                     u"DEVICE_FINGERPRINT_MISMATCH"_s, u"VALIDATION_ERROR"_s}));
    QVERIFY(isWarning(CouponReason::CampaignBudgetLow));
    QVERIFY(isWarning(CouponReason::DeviceFingerprintMismatch));
    QVERIFY(!isWarning(CouponReason::FraudDetected));
}

void TestCouponValidation::reasonParsing()
{
    for (CouponReason r : allCouponReasons())
        QCOMPARE(parseCouponReason(toString(r)).value(), r);
    QCOMPARE(parseCouponReason(u"coupon_not_found").error().code, u"invalid_enum_value"_s);
}

void TestCouponValidation::validCoupon()
{
    const auto v = validateCoupon(CouponRules{}, okFacts());
    QVERIFY(v.isValid());
    QVERIFY(v.warnings.isEmpty());
    QVERIFY(v.expiredReason.isEmpty());
}

void TestCouponValidation::notFoundStopsEverything()
{
    CouponFacts f = okFacts();
    f.fraudFlagged = true;
    f.redemptionsLastHour = 10;
    const auto v = validateCoupon(std::nullopt, f);
    QCOMPARE(v.errorCodes(), QStringList{u"COUPON_NOT_FOUND"_s});
    QVERIFY(v.warnings.isEmpty());
}

void TestCouponValidation::everyFailureReportedInOrder()
{
    CouponRules r;
    r.active = false;
    r.validUntilMs = kNow - 1;
    r.tierEligibility = {SubscriptionTier::ProMax};
    r.billingCycles = {BillingInterval::Yearly};
    r.maxUses = 10;
    r.maxUsesPerUser = 1;
    r.campaignBudget = cents(100'000);
    r.minPurchase = cents(5'000);
    CouponFacts f = okFacts();
    f.totalUses = 10;
    f.userSuccesses = 1;
    f.campaignSpent = cents(100'000);
    f.customRulesPassed = false;
    f.fraudFlagged = true;
    f.redemptionsLastHour = 3;
    const auto v = validateCoupon(r, f);
    QCOMPARE(v.errorCodes(), (QStringList{u"COUPON_INACTIVE"_s, u"COUPON_EXPIRED"_s, u"TIER_NOT_ELIGIBLE"_s,
                                          u"BILLING_CYCLE_NOT_ELIGIBLE"_s, u"MAX_USES_EXCEEDED"_s,
                                          u"MAX_USER_USES_EXCEEDED"_s, u"CAMPAIGN_BUDGET_EXCEEDED"_s,
                                          u"MIN_PURCHASE_NOT_MET"_s, u"CUSTOM_RULE_FAILED"_s,
                                          u"FRAUD_DETECTED"_s, u"VELOCITY_LIMIT_EXCEEDED"_s}));
    QCOMPARE(v.expiredReason, u"expired"_s);
    QVERIFY(!v.isValid());
}

void TestCouponValidation::singleFailures_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("fails");
    QTest::newRow("not yet valid") << 0 << u"COUPON_EXPIRED"_s << true;
    QTest::newRow("valid_until is inclusive") << 1 << QString() << false;
    QTest::newRow("perpetual excluded by default") << 2 << u"TIER_NOT_ELIGIBLE"_s << true;
    QTest::newRow("no billing cycle known") << 3 << u"BILLING_CYCLE_NOT_ELIGIBLE"_s << true;
    QTest::newRow("uses below max") << 4 << QString() << false;
    QTest::newRow("per-user default 1") << 5 << u"MAX_USER_USES_EXCEEDED"_s << true;
    QTest::newRow("no cart counts as 0") << 6 << u"MIN_PURCHASE_NOT_MET"_s << true;
    QTest::newRow("cart equal to minimum") << 7 << QString() << false;
    QTest::newRow("two redemptions this hour") << 8 << QString() << false;
}

void TestCouponValidation::singleFailures()
{
    QFETCH(int, kind);
    QFETCH(QString, code);
    QFETCH(bool, fails);
    CouponRules r;
    CouponFacts f = okFacts();
    switch (kind) {
    case 0:
        r.validFromMs = kNow + 1;
        break;
    case 1:
        r.validUntilMs = kNow;
        break;
    case 2:
        f.tier = SubscriptionTier::Perpetual;
        break;
    case 3:
        r.billingCycles = {BillingInterval::Monthly};
        f.billingInterval.reset();
        break;
    case 4:
        r.maxUses = 10;
        f.totalUses = 9;
        break;
    case 5:
        f.userSuccesses = 1;
        break;
    case 6:
        r.minPurchase = cents(100);
        f.cartTotal.reset();
        break;
    case 7:
        r.minPurchase = cents(1'500);
        break;
    case 8:
        f.redemptionsLastHour = 2;
        break;
    }
    const auto v = validateCoupon(r, f);
    QCOMPARE(!v.isValid(), fails);
    if (fails)
        QCOMPARE(v.errorCodes(), QStringList{code});
    if (kind == 0)
        QCOMPARE(v.expiredReason, u"not_yet_valid"_s);
}

void TestCouponValidation::warnings()
{
    CouponRules r;
    r.campaignBudget = cents(10'000);
    CouponFacts f = okFacts();
    f.campaignSpent = cents(9'000);
    f.discount = cents(1'001);
    f.pastRedemptionIpCount = 6;
    f.ipIsNew = true;
    const auto v = validateCoupon(r, f);
    QVERIFY(v.isValid()); // warnings never block
    QCOMPARE(v.warnings,
             (QList<CouponReason>{CouponReason::CampaignBudgetLow, CouponReason::DeviceFingerprintMismatch}));

    f.discount = cents(1'000); // spent + discount == budget: fine
    f.pastRedemptionIpCount = 5;
    QVERIFY(validateCoupon(r, f).warnings.isEmpty());
}

void TestCouponValidation::fraudSignals()
{
    QVERIFY(isBotUserAgent(u"Mozilla/5.0 (compatible; Googlebot/2.1)"));
    QVERIFY(isBotUserAgent(u"curl/8.4.0"));
    QVERIFY(isBotUserAgent(u"python-requests/2.31"));
    QVERIFY(isBotUserAgent(u"Wget/1.21"));
    QVERIFY(isBotUserAgent(u"SomeCrawler"));
    QVERIFY(isBotUserAgent(u"spider-x"));
    QVERIFY(!isBotUserAgent(u"CreditDesk/0.1.0 (Linux)"));
    QVERIFY(!velocitySeverity(2));
    QCOMPARE(velocitySeverity(3).value(), FraudSeverity::High);
    QCOMPARE(velocitySeverity(5).value(), FraudSeverity::High);
    QCOMPARE(velocitySeverity(6).value(), FraudSeverity::Critical);
}

QTEST_GUILESS_MAIN(TestCouponValidation)
#include "test_coupon_validation.moc"

#include "core/domain/license_rules.h"
#include "core/domain/utc_time.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;

class TestLicenseRules : public QObject {
    Q_OBJECT

private slots:
    void normalizeKey_data();
    void normalizeKey();
    void malformedKey_data();
    void malformedKey();
    void maskKey();
    void fingerprint();
    void semVer();
    void versionEligibility_data();
    void versionEligibility();
    void statusTransitions();
    void activationDecisions();
    void seatMustBeActive();
    void upgradePrice_data();
    void upgradePrice();
};

void TestLicenseRules::normalizeKey_data()
{
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("key");
    QTest::newRow("canonical") << u"REPHLO-AB23-CD45-EF67-GH89"_s << u"REPHLO-AB23-CD45-EF67-GH89"_s;
    QTest::newRow("lower case, padded")
        << u"  rephlo-ab23-cd45-ef67-gh89 \t"_s << u"REPHLO-AB23-CD45-EF67-GH89"_s;
    QTest::newRow("inner spaces") << u"REPHLO - AB23 - CD45-EF67-GH89"_s << u"REPHLO-AB23-CD45-EF67-GH89"_s;
    QTest::newRow("all symbols") << u"REPHLO-2345-6789-ABCD-WXYZ"_s << u"REPHLO-2345-6789-ABCD-WXYZ"_s;
}

void TestLicenseRules::normalizeKey()
{
    QFETCH(QString, raw);
    QFETCH(QString, key);
    QCOMPARE(normalizeLicenseKey(raw).value(), key);
}

void TestLicenseRules::malformedKey_data()
{
    QTest::addColumn<QString>("raw");
    QTest::newRow("zero") << u"REPHLO-AB20-CD45-EF67-GH89"_s;
    QTest::newRow("letter O") << u"REPHLO-ABO3-CD45-EF67-GH89"_s;
    QTest::newRow("one") << u"REPHLO-AB21-CD45-EF67-GH89"_s;
    QTest::newRow("letter I") << u"REPHLO-ABI3-CD45-EF67-GH89"_s;
    QTest::newRow("three groups") << u"REPHLO-AB23-CD45-EF67"_s;
    QTest::newRow("five groups") << u"REPHLO-AB23-CD45-EF67-GH89-JK23"_s;
    QTest::newRow("plan 110 shape") << u"REPHLO-PERP-AB23-CD45-EF67-GH89"_s;
    QTest::newRow("other prefix") << u"REPHL0-AB23-CD45-EF67-GH89"_s;
    QTest::newRow("missing dashes") << u"REPHLOAB23CD45EF67GH89"_s;
    QTest::newRow("underscore") << u"REPHLO_AB23-CD45-EF67-GH89"_s;
    QTest::newRow("empty") << QString();
}

void TestLicenseRules::malformedKey()
{
    QFETCH(QString, raw);
    QCOMPARE(normalizeLicenseKey(raw).error().code, u"license_key_malformed"_s);
}

void TestLicenseRules::maskKey()
{
    QCOMPARE(maskLicenseKey(u"REPHLO-AB23-CD45-EF67-GH89"), u"REPHLO-****-****-****-GH89"_s);
    QCOMPARE(maskLicenseKey(u"garbage"), u"REPHLO-****"_s);
}

void TestLicenseRules::fingerprint()
{
    const QString fp(64, u'a');
    QCOMPARE(validateFingerprint(fp).value(), fp);
    QCOMPARE(validateFingerprint(u"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
                 .value()
                 .size(),
             64);
    QCOMPARE(validateFingerprint(QString(64, u'A')).error().code, u"invalid_fingerprint"_s);
    QCOMPARE(validateFingerprint(QString(63, u'a')).error().code, u"invalid_fingerprint"_s);
    QCOMPARE(validateFingerprint(QString(65, u'a')).error().code, u"invalid_fingerprint"_s);
    QCOMPARE(validateFingerprint(QString(64, u'g')).error().code, u"invalid_fingerprint"_s);
    QCOMPARE(validateFingerprint(u"").error().code, u"invalid_fingerprint"_s);
}

void TestLicenseRules::semVer()
{
    const auto v = parseSemVer(u"2.0.0-beta.1+build.7");
    QCOMPARE(v->major, 2);
    QCOMPARE(v->minor, 0);
    QCOMPARE(v->patch, 0);
    QCOMPARE(v->preRelease, u"beta.1"_s);
    QCOMPARE(parseSemVer(u"10.99.99")->major, 10);
    for (QStringView bad :
         {u"1.0", u"1.0.0.0", u"v1.0.0", u"01.0.0", u"1.x.0", u"", u"1.0.0-", u"1..0", u"9999999999.0.0"}) {
        QCOMPARE(parseSemVer(bad).error().code, u"invalid_version"_s);
    }
    QCOMPARE(eligibleUntilVersion(1), u"1.99.99"_s);
}

void TestLicenseRules::versionEligibility_data()
{
    QTest::addColumn<QString>("requested");
    QTest::addColumn<QString>("until");
    QTest::addColumn<bool>("eligible");
    // [LicVersion] bought 1.0.0 → eligible until 1.99.99
    QTest::newRow("1.4.2") << u"1.4.2"_s << u"1.99.99"_s << true;
    QTest::newRow("1.100.0") << u"1.100.0"_s << u"1.99.99"_s << true;
    QTest::newRow("0.9.0") << u"0.9.0"_s << u"1.99.99"_s << true;
    QTest::newRow("2.0.0") << u"2.0.0"_s << u"1.99.99"_s << false;
    QTest::newRow("2.0.0-beta.1") << u"2.0.0-beta.1"_s << u"1.99.99"_s << false;
    // after a paid upgrade to 2.x
    QTest::newRow("upgraded 2.99.99") << u"2.99.99"_s << u"2.99.99"_s << true;
    QTest::newRow("upgraded 3.0.0") << u"3.0.0"_s << u"2.99.99"_s << false;
    // numeric, not string, comparison
    QTest::newRow("2.0.0 vs 10.99.99") << u"2.0.0"_s << u"10.99.99"_s << true;
}

void TestLicenseRules::versionEligibility()
{
    QFETCH(QString, requested);
    QFETCH(QString, until);
    QFETCH(bool, eligible);
    QCOMPARE(isVersionEligible(requested, until).value(), eligible);
    QCOMPARE(isVersionEligible(u"2.0", until).error().code, u"invalid_version"_s);
    QCOMPARE(isVersionEligible(requested, u"latest").error().code, u"invalid_version"_s);
}

void TestLicenseRules::statusTransitions()
{
    using S = LicenseStatus;
    QVERIFY(checkLicenseTransition(S::Pending, S::Active).has_value());
    QVERIFY(checkLicenseTransition(S::Active, S::Suspended).has_value());
    QVERIFY(checkLicenseTransition(S::Suspended, S::Active).has_value());
    QVERIFY(checkLicenseTransition(S::Active, S::Revoked).has_value());
    QVERIFY(checkLicenseTransition(S::Suspended, S::Expired).has_value());
    for (S to : allLicenseStatuses()) {
        QCOMPARE(checkLicenseTransition(S::Revoked, to).error().code, u"invalid_transition"_s);
        QCOMPARE(checkLicenseTransition(S::Expired, to).error().code, u"invalid_transition"_s);
    }
    QCOMPARE(checkLicenseTransition(S::Pending, S::Suspended).error().code, u"invalid_transition"_s);
    QCOMPARE(checkLicenseTransition(S::Active, S::Pending).error().code, u"invalid_transition"_s);
    QCOMPARE(checkLicenseTransition(S::Active, S::Active).error().code, u"invalid_transition"_s);
    QVERIFY(licenseAllowsByok(S::Active));
    QVERIFY(!licenseAllowsByok(S::Pending));
    QVERIFY(!licenseAllowsByok(S::Suspended));
}

void TestLicenseRules::activationDecisions()
{
    using S = LicenseStatus;
    QCOMPARE(decideActivation(S::Revoked, 0, 3, false).error().code, u"license_revoked"_s);
    QCOMPARE(decideActivation(S::Suspended, 0, 3, true).error().code, u"license_suspended"_s);
    QCOMPARE(decideActivation(S::Expired, 0, 3, false).error().code, u"license_expired"_s);
    QCOMPARE(decideActivation(S::Pending, 0, 3, false).value(), ActivationOutcome::Activate);
    QCOMPARE(decideActivation(S::Active, 2, 3, false).value(), ActivationOutcome::Activate);
    QCOMPARE(decideActivation(S::Active, 3, 3, true).value(), ActivationOutcome::Touch); // fp already active
    const auto full = decideActivation(S::Active, 3, kMaxActivations, false);
    QCOMPARE(full.error().code, u"activation_limit_reached"_s);
    QCOMPARE(full.error().details.value(u"max_activations"_s).toInt(), 3);
}

void TestLicenseRules::seatMustBeActive()
{
    QVERIFY(checkSeatActive(ActivationStatus::Active).has_value());
    QCOMPARE(checkSeatActive(ActivationStatus::Deactivated).error().code, u"activation_not_active"_s);
    QCOMPARE(checkSeatActive(ActivationStatus::Replaced).error().code, u"activation_not_active"_s);
}

void TestLicenseRules::upgradePrice_data()
{
    QTest::addColumn<QString>("now");
    QTest::addColumn<bool>("loyal");
    QTest::addColumn<qint64>("earlyBird");
    QTest::addColumn<qint64>("loyalty");
    QTest::addColumn<qint64>("finalPrice");
    QTest::addColumn<int>("reason");
    QTest::newRow("early bird") << u"2026-03-01T00:00:00Z"_s << false << qint64(1'980) << qint64(0)
                                << qint64(7'920) << int(UpgradeDiscount::EarlyBird);
    QTest::newRow("day 90 still early") << u"2026-04-01T00:00:00Z"_s << false << qint64(1'980) << qint64(0)
                                        << qint64(7'920) << int(UpgradeDiscount::EarlyBird);
    QTest::newRow("after 90 days") << u"2026-04-01T00:00:00.001Z"_s << false << qint64(0) << qint64(0)
                                   << qint64(9'900) << int(UpgradeDiscount::None);
    QTest::newRow("loyalty") << u"2026-06-01T00:00:00Z"_s << true << qint64(0) << qint64(2'970)
                             << qint64(6'930) << int(UpgradeDiscount::Loyalty);
    QTest::newRow("both: larger only") << u"2026-01-10T00:00:00Z"_s << true << qint64(0) << qint64(2'970)
                                       << qint64(6'930) << int(UpgradeDiscount::Loyalty);
}

void TestLicenseRules::upgradePrice()
{
    QFETCH(QString, now);
    QFETCH(bool, loyal);
    QFETCH(qint64, earlyBird);
    QFETCH(qint64, loyalty);
    QFETCH(qint64, finalPrice);
    QFETCH(int, reason);
    const qint64 release = parseIsoUtc(u"2026-01-01T00:00:00Z").value(); // + 90 days = 2026-04-01
    const UpgradePrice p = majorUpgradePrice(parseIsoUtc(now).value(), release, loyal);
    QCOMPARE(qint64(p.base.cents()), qint64(9'900));
    QCOMPARE(qint64(p.earlyBirdDiscount.cents()), earlyBird);
    QCOMPARE(qint64(p.loyaltyDiscount.cents()), loyalty);
    QCOMPARE(qint64(p.finalPrice.cents()), finalPrice);
    QCOMPARE(int(p.reason), reason);
}

QTEST_GUILESS_MAIN(TestLicenseRules)
#include "test_license_rules.moc"

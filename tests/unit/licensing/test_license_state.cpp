#include "core/domain/clock.h"
#include "core/licensing/clock_guard.h"
#include "core/licensing/license_state.h"
#include "core/licensing/license_verifier.h"
#include "core/licensing/licensing_errors.h"
#include "tests/unit/licensing/licensing_fixtures.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::licensing;
using namespace creditdesk::licensing::test;
namespace lerr = creditdesk::licensing::errc;
using Kind = LicenseState::Kind;

namespace {

const ByokContext kActiveLicense{LicenseStatus::Active, std::nullopt};

} // namespace

class TestLicenseState : public QObject {
    Q_OBJECT

private:
    // The sample certificate (byok_enabled, major 1) evaluated at `now` by a
    // fresh device; `before` is seen first to set up a rollback.
    static LicenseState stateAt(QStringView now, const QString &appVersion = u"1.4.2"_s,
                                crypto::ActivationCertificatePayload payload = samplePayload(),
                                std::optional<QStringView> before = std::nullopt)
    {
        QTemporaryDir dir;
        ManualClock clock(at(before.value_or(now)));
        ClockGuard guard(clock, dir.path());
        (void)guard.check();
        clock.setNowMs(at(now));
        const PinnedKeys keys = pinnedServerKey();
        LicenseVerifier verifier(keys, guard);
        return verifier.evaluate(issue(payload), {kFingerprint, kUserId, {}, appVersion});
    }

private slots:
    void appVersionEligible_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<int>("major");
        QTest::addColumn<bool>("eligible");
        // [LicVersion]
        QTest::newRow("1.4.2") << u"1.4.2"_s << 1 << true;
        QTest::newRow("1.100.0") << u"1.100.0"_s << 1 << true;
        QTest::newRow("0.9.0") << u"0.9.0"_s << 1 << true;
        QTest::newRow("2.0.0") << u"2.0.0"_s << 1 << false;
        QTest::newRow("2.0.0-beta.1") << u"2.0.0-beta.1"_s << 1 << false;
        QTest::newRow("upgraded 2.99.99") << u"2.99.99"_s << 2 << true;
        QTest::newRow("10 vs 2 numerically") << u"10.0.0"_s << 2 << false;
        QTest::newRow("2 vs 10 numerically") << u"2.0.0"_s << 10 << true;
    }

    void appVersionEligible()
    {
        QFETCH(QString, version);
        QFETCH(int, major);
        QFETCH(bool, eligible);
        QCOMPARE(isAppVersionEligible(version, major), Result<bool>(eligible));
    }

    void appVersionInvalid()
    {
        QCOMPARE(isAppVersionEligible(u"one.two", 1).error().code, u"invalid_version"_s);
    }

    void kindNames()
    {
        QCOMPARE(toString(Kind::NoCertificate), u"no_certificate"_s);
        QCOMPARE(toString(Kind::RenewDue), u"renew_due"_s);
        QCOMPARE(toString(Kind::Grace), u"grace"_s);
        QCOMPARE(toString(Kind::Locked), u"locked"_s);
        QCOMPARE(toString(Kind::ClockRollback), u"clock_rollback"_s);
        QCOMPARE(toString(Kind::Invalid), u"invalid"_s);
    }

    void byokWithAValidCertificate()
    {
        const LicenseState s = stateAt(u"2026-03-10T12:00:00Z");
        QCOMPARE(s.kind, Kind::Valid);
        QCOMPARE(byokAllowed(s, kActiveLicense), Result<ByokSource>(ByokSource::License));
    }

    void byokInGrace()
    {
        // [CertGrace]: allowed, with the countdown
        const LicenseState s = stateAt(u"2026-04-03T12:00:00Z");
        QCOMPARE(s.kind, Kind::Grace);
        QCOMPARE(byokAllowed(s, kActiveLicense), Result<ByokSource>(ByokSource::License));
    }

    void byokLockedAfterGrace()
    {
        // [CertLocked]
        const LicenseState s = stateAt(u"2026-04-07T00:00:00Z");
        QCOMPARE(s.kind, Kind::Locked);
        QCOMPARE(byokAllowed(s, kActiveLicense).error().code, u"byok_locked"_s);
        // Cloud subscriptions lock too: the certificate is what is missing.
        const ByokContext proMax{
            std::nullopt, SubscriptionEntitlement{SubscriptionTier::ProMax, SubscriptionStatus::Active}};
        QCOMPARE(byokAllowed(s, proMax).error().code, u"byok_locked"_s);
    }

    void byokLockedByClockRollback()
    {
        // [ClockRollback]
        const LicenseState s =
            stateAt(u"2026-03-10T11:54:00Z", u"1.4.2"_s, samplePayload(), u"2026-03-10T12:00:00Z");
        QCOMPARE(s.kind, Kind::ClockRollback);
        QCOMPARE(byokAllowed(s, kActiveLicense).error().code, u"byok_locked"_s);
        const LicenseState ok =
            stateAt(u"2026-03-10T11:56:00Z", u"1.4.2"_s, samplePayload(), u"2026-03-10T12:00:00Z");
        QCOMPARE(byokAllowed(ok, kActiveLicense), Result<ByokSource>(ByokSource::License));
    }

    void byokNotEntitled()
    {
        const LicenseState valid = stateAt(u"2026-03-10T12:00:00Z");
        QCOMPARE(byokAllowed(valid, {}).error().code, u"byok_not_entitled"_s); // no license, no subscription
        QCOMPARE(byokAllowed(valid, {LicenseStatus::Suspended, std::nullopt}).error().code,
                 u"byok_not_entitled"_s);
        QCOMPARE(byokAllowed(LicenseState{}, kActiveLicense).error().code, u"byok_not_entitled"_s);

        crypto::ActivationCertificatePayload creditsOnly = samplePayload();
        creditsOnly.byokEnabled = false;
        QCOMPARE(byokAllowed(stateAt(u"2026-03-10T12:00:00Z", u"1.4.2"_s, creditsOnly), kActiveLicense)
                     .error()
                     .code,
                 u"byok_not_entitled"_s);
    }

    void byokNeedsAnEligibleVersion()
    {
        const LicenseState s = stateAt(u"2026-03-10T12:00:00Z", u"2.0.0"_s);
        QCOMPARE(s.versionEligible, std::optional(false));
        const auto allowed = byokAllowed(s, kActiveLicense);
        QCOMPARE(allowed.error().code, QString(lerr::licenseVersionNotEligible));
        QCOMPARE(allowed.error().details.value("eligible_major_version"_L1).toInt(), 1);

        // A BYOK subscription still entitles the device.
        const ByokContext both{LicenseStatus::Active, SubscriptionEntitlement{SubscriptionTier::EnterpriseMax,
                                                                              SubscriptionStatus::Trial}};
        QCOMPARE(byokAllowed(s, both), Result<ByokSource>(ByokSource::Subscription));

        // Not entitled anyway: the version is not the reason.
        QCOMPARE(byokAllowed(s, {LicenseStatus::Revoked, std::nullopt}).error().code, u"byok_not_entitled"_s);
    }
};

QTEST_GUILESS_MAIN(TestLicenseState)
#include "test_license_state.moc"

#include "core/domain/clock.h"
#include "core/licensing/certificate_store.h"
#include "core/licensing/clock_guard.h"
#include "core/licensing/license_verifier.h"
#include "core/licensing/licensing_errors.h"
#include "core/licensing/renewal_policy.h"
#include "tests/unit/licensing/licensing_fixtures.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::licensing;
using namespace creditdesk::licensing::test;
namespace lerr = creditdesk::licensing::errc;
using Kind = LicenseState::Kind;

class TestRenewalPolicy : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    ManualClock m_clock{at(u"2026-03-10T12:00:00Z")};
    PinnedKeys m_keys = pinnedServerKey();

    // The verifier's view of the sample certificate at `now`.
    LicenseState stateAt(QStringView now)
    {
        m_clock.setNowMs(at(now));
        ClockGuard guard(m_clock, m_dir.path());
        LicenseVerifier verifier(m_keys, guard);
        return verifier.evaluate(issue(samplePayload()),
                                 {kFingerprint, kUserId, crypto::licenseKeySha256(kLicenseKey), {}});
    }

private slots:
    void init()
    {
        QDir(m_dir.path()).removeRecursively();
        QVERIFY(QDir().mkpath(m_dir.path()));
    }

    void notDueWhileMoreThanAWeekLeft()
    {
        CertificateStore store(m_dir.path(), m_clock);
        RenewalPolicy policy(store);
        const LicenseState s = stateAt(u"2026-03-24T00:00:00Z"); // [CertRenew]: not yet
        QCOMPARE(policy.decide(s, true), RenewalDecision::NotDue);
        QVERIFY(!policy.shouldRenew(s, true));
    }

    void renewWhenDueAndOnline()
    {
        CertificateStore store(m_dir.path(), m_clock);
        RenewalPolicy policy(store);
        const LicenseState s = stateAt(u"2026-03-24T00:00:01Z"); // [CertRenew]: renew
        QCOMPARE(s.kind, Kind::RenewDue);
        QCOMPARE(policy.decide(s, false), RenewalDecision::Offline);
        QCOMPARE(policy.decide(s, true), RenewalDecision::RenewNow);
        QVERIFY(policy.shouldRenew(s, true));
        QCOMPARE(policy.nextAttemptAtMs(), std::nullopt);
    }

    void atMostDaily()
    {
        CertificateStore store(m_dir.path(), m_clock);
        RenewalPolicy policy(store);
        LicenseState s = stateAt(u"2026-03-25T09:00:00Z");
        QVERIFY(policy.recordAttempt(s.clock.effectiveNowMs));
        QCOMPARE(policy.nextAttemptAtMs(), std::optional(at(u"2026-03-26T09:00:00Z")));
        QCOMPARE(policy.decide(s, true), RenewalDecision::AttemptedRecently);

        s = stateAt(u"2026-03-26T08:59:59.999Z");
        CertificateStore restarted(m_dir.path(), m_clock); // the attempt time survives a restart
        RenewalPolicy again(restarted);
        QCOMPARE(again.decide(s, true), RenewalDecision::AttemptedRecently);
        s = stateAt(u"2026-03-26T09:00:00Z");
        QCOMPARE(again.decide(s, true), RenewalDecision::RenewNow);
        QCOMPARE(toString(again.decide(s, true)), u"renew_now"_s);
    }

    void graceAndLockedRenew()
    {
        CertificateStore store(m_dir.path(), m_clock);
        RenewalPolicy policy(store);
        const LicenseState grace = stateAt(u"2026-04-03T12:00:00Z");
        QCOMPARE(grace.kind, Kind::Grace);
        QCOMPARE(policy.decide(grace, true), RenewalDecision::RenewNow);
        const LicenseState locked = stateAt(u"2026-04-07T00:00:00Z");
        QCOMPARE(locked.kind, Kind::Locked);
        QCOMPARE(policy.decide(locked, true), RenewalDecision::RenewNow);
    }

    void clockRollbackAsksForARecheck()
    {
        CertificateStore store(m_dir.path(), m_clock);
        RenewalPolicy policy(store);
        (void)stateAt(u"2026-03-10T12:00:00Z");
        const LicenseState s = stateAt(u"2026-03-10T11:50:00Z");
        QCOMPARE(s.kind, Kind::ClockRollback);
        QVERIFY(!s.shouldRenew);
        QCOMPARE(policy.decide(s, true), RenewalDecision::RenewNow);
    }

    void attemptFromTheFutureDoesNotBlock()
    {
        CertificateStore store(m_dir.path(), m_clock);
        RenewalPolicy policy(store);
        QVERIFY(policy.recordAttempt(at(u"2026-05-01T00:00:00Z")));
        QCOMPARE(policy.decide(stateAt(u"2026-03-25T00:00:00Z"), true), RenewalDecision::RenewNow);
    }

    void withoutCertificateActivationIsNeeded()
    {
        CertificateStore store(m_dir.path(), m_clock);
        RenewalPolicy policy(store);
        LicenseState none;
        QCOMPARE(policy.decide(none, true), RenewalDecision::NeedsActivation);
        ClockGuard guard(m_clock, m_dir.path());
        LicenseVerifier verifier(m_keys, guard);
        const LicenseState invalid =
            verifier.evaluate(issue(samplePayload()), {kOtherFingerprint, {}, {}, {}});
        QCOMPARE(invalid.kind, Kind::Invalid);
        QCOMPARE(policy.decide(invalid, true), RenewalDecision::NeedsActivation);
    }

    void recordFailure()
    {
        QVERIFY(QDir(m_dir.path()).mkdir(u"activation.json"_s));
        CertificateStore store(m_dir.path(), m_clock);
        RenewalPolicy policy(store);
        QCOMPARE(policy.recordAttempt(m_clock.nowMs()).error().code, QString(lerr::profileFileIo));
    }
};

QTEST_GUILESS_MAIN(TestRenewalPolicy)
#include "test_renewal_policy.moc"

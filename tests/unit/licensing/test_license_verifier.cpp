#include "core/crypto/crypto_errors.h"
#include "core/crypto/primitives.h"
#include "core/domain/clock.h"
#include "core/domain/utc_time.h"
#include "core/licensing/certificate_store.h"
#include "core/licensing/clock_guard.h"
#include "core/licensing/license_verifier.h"
#include "core/licensing/licensing_errors.h"
#include "core/licensing/pinned_keys.h"
#include "tests/unit/licensing/licensing_fixtures.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::licensing;
using namespace creditdesk::licensing::test;
namespace lerr = creditdesk::licensing::errc;
using Kind = LicenseState::Kind;

class TestLicenseVerifier : public QObject {
    Q_OBJECT

private slots:
    void validCertificate();
    void certRenew();
    void certGrace();
    void certLocked();
    void clockRollback();
    void clockSetBackTenMinutes();
    void serverTimeAheadRaisesHighWater();
    void highWaterSurvivesRestart();
    void appVersionEligibility();
    void storedCertificate();
    void noStoredCertificate();
    void corruptStoreIsNoCertificate_data();
    void corruptStoreIsNoCertificate();
    void installStoresAndRebasesClock();
    void installRejectsInvalid();
    void installStoreFailure();
};

void TestLicenseVerifier::validCertificate()
{
    DeviceRig d(at(u"2026-03-10T12:00:00Z"));
    const LicenseState s = d.evaluate(issue(samplePayload()));
    QCOMPARE(s.kind, Kind::Valid);
    QVERIFY(!s.reason);
    QVERIFY(s.hasCertificate());
    QCOMPARE(*s.certificate, samplePayload());
    QCOMPARE(s.validUntilMs(), at(u"2026-03-31T00:00:00Z"));
    QCOMPARE(s.eligibleMajorVersion(), 1);
    QVERIFY(s.byokEnabled());
    QCOMPARE(s.tier(), u"perpetual"_s);
    QVERIFY(!s.shouldRenew);
    QCOMPARE(s.clock.effectiveNowMs, at(u"2026-03-10T12:00:00Z"));
    QCOMPARE(toString(s.kind), u"valid"_s);
}

void TestLicenseVerifier::certRenew()
{
    // [CertRenew] valid_until 2026-03-31T00:00Z
    DeviceRig d(at(u"2026-03-24T00:00:00Z"));
    const QJsonObject certificate = issue(samplePayload());
    const LicenseState notYet = d.evaluate(certificate);
    QCOMPARE(notYet.kind, Kind::Valid);
    QVERIFY(!notYet.shouldRenew);

    d.clock.setNowMs(at(u"2026-03-24T00:00:01Z")); // 6 d 23:59:59 left
    const LicenseState due = d.evaluate(certificate);
    QCOMPARE(due.kind, Kind::RenewDue);
    QVERIFY(due.shouldRenew);
    QVERIFY(due.hasCertificate());
    QCOMPARE(due.validUntilMs() - due.clock.effectiveNowMs, 7 * kMsPerDay - 1000);
}

void TestLicenseVerifier::certGrace()
{
    // [CertGrace] offline 2026-04-03T12:00Z: allowed, 3 d 12 h grace left
    DeviceRig d(at(u"2026-04-03T12:00:00Z"));
    const LicenseState s = d.evaluate(issue(samplePayload()));
    QCOMPARE(s.kind, Kind::Grace);
    QCOMPARE(s.graceRemainingMs, 3 * kMsPerDay + 12 * kMsPerHour);
    QVERIFY(s.shouldRenew);
    QVERIFY(s.hasCertificate());
}

void TestLicenseVerifier::certLocked()
{
    // [CertLocked] 2026-04-07T00:00Z
    DeviceRig d(at(u"2026-04-06T23:59:59.999Z"));
    const QJsonObject certificate = issue(samplePayload());
    QCOMPARE(d.evaluate(certificate).kind, Kind::Grace);
    d.clock.setNowMs(at(u"2026-04-07T00:00:00Z"));
    const LicenseState s = d.evaluate(certificate);
    QCOMPARE(s.kind, Kind::Locked);
    QCOMPARE(s.graceRemainingMs, 0);
    QVERIFY(s.hasCertificate());
}

void TestLicenseVerifier::clockRollback()
{
    // [ClockRollback] high_water 2026-03-10T12:00Z; now 11:54Z → locked;
    // at 11:56Z evaluate as 12:00Z
    DeviceRig d(at(u"2026-03-10T12:00:00Z"));
    const QJsonObject certificate = issue(samplePayload());
    QCOMPARE(d.evaluate(certificate).kind, Kind::Valid);

    d.clock.setNowMs(at(u"2026-03-10T11:54:00Z"));
    const LicenseState back = d.evaluate(certificate);
    QCOMPARE(back.kind, Kind::ClockRollback);
    QVERIFY(back.clock.rollback);
    QCOMPARE(back.clock.highWaterMs, at(u"2026-03-10T12:00:00Z"));
    QCOMPARE(back.clock.behindMs, 6 * kMsPerMinute);
    QCOMPARE(reasonCode(back), QString(lerr::clockRollback));
    QVERIFY(back.hasCertificate()); // still this device's, but locked until a re-check

    d.clock.setNowMs(at(u"2026-03-10T11:56:00Z"));
    const LicenseState ok = d.evaluate(certificate);
    QCOMPARE(ok.kind, Kind::Valid);
    QVERIFY(!ok.clock.rollback);
    QCOMPARE(ok.clock.effectiveNowMs, at(u"2026-03-10T12:00:00Z"));
}

void TestLicenseVerifier::clockSetBackTenMinutes()
{
    DeviceRig d(at(u"2026-03-10T12:00:00Z"));
    const QJsonObject certificate = issue(samplePayload());
    QCOMPARE(d.evaluate(certificate).kind, Kind::Valid);
    d.clock.advanceMs(-10 * kMsPerMinute);
    const LicenseState s = d.evaluate(certificate);
    QCOMPARE(s.kind, Kind::ClockRollback);
    QVERIFY(s.reason);
    const QJsonObject details = s.reason->details;
    QCOMPARE(details.value("behind_ms"_L1).toInteger(), 10 * kMsPerMinute);
    QCOMPARE(details.value("high_water"_L1).toString(), u"2026-03-10T12:00:00.000Z"_s);
    QCOMPARE(details.value("now"_L1).toString(), u"2026-03-10T11:50:00.000Z"_s);
    QCOMPARE(details.value("source"_L1).toString(), u"local_clock"_s);
    QVERIFY(s.reason->message.contains(u"600 s behind"_s));
}

void TestLicenseVerifier::serverTimeAheadRaisesHighWater()
{
    DeviceRig d(at(u"2026-03-10T12:00:00Z"));
    const QJsonObject certificate = issue(samplePayload());
    QVERIFY(d.guard->observeServerTime(at(u"2026-03-10T12:30:00Z")));
    const LicenseState s = d.evaluate(certificate);
    QCOMPARE(s.clock.highWaterMs, at(u"2026-03-10T12:30:00Z"));
    QCOMPARE(s.clock.highWaterSource, TimeSource::ServerTime);
    QCOMPARE(s.kind, Kind::ClockRollback); // the local clock is 30 min behind the server
    QCOMPARE(s.clock.behindMs, 30 * kMsPerMinute);
}

void TestLicenseVerifier::highWaterSurvivesRestart()
{
    DeviceRig d(at(u"2026-03-10T12:00:00Z"));
    const QJsonObject certificate = issue(samplePayload());
    QCOMPARE(d.evaluate(certificate).kind, Kind::Valid);
    d.clock.setNowMs(at(u"2026-03-10T11:50:00Z"));
    d.reopen();
    QCOMPARE(d.evaluate(certificate).kind, Kind::ClockRollback);
}

void TestLicenseVerifier::appVersionEligibility()
{
    DeviceRig d(at(u"2026-03-10T12:00:00Z"));
    const QJsonObject certificate = issue(samplePayload());
    VerificationContext context = thisDevice();
    for (const auto &[version, eligible] :
         {std::pair{u"1.4.2"_s, true}, std::pair{u"1.100.0"_s, true}, std::pair{u"2.0.0"_s, false},
          std::pair{u"2.0.0-beta.1"_s, false}}) {
        context.appVersion = version;
        const LicenseState s = d.evaluate(certificate, context);
        QCOMPARE(s.kind, Kind::Valid); // the version does not change the certificate's state
        QCOMPARE(s.versionEligible, std::optional<bool>(eligible));
    }
    context.appVersion.clear();
    QCOMPARE(d.evaluate(certificate, context).versionEligible, std::nullopt);
    context.appVersion = u"not-a-version"_s;
    QCOMPARE(d.evaluate(certificate, context).versionEligible, std::nullopt);
}

void TestLicenseVerifier::storedCertificate()
{
    DeviceRig d(at(u"2026-03-10T12:00:00Z"));
    QVERIFY(d.store->saveCertificate(issue(samplePayload()), kActivationId));
    d.reopen();
    const LicenseState s = d.stored();
    QCOMPARE(s.kind, Kind::Valid);
    QCOMPARE(s.activationId, kActivationId);

    // Signed-out start: the user is not checked; the device still is.
    VerificationContext signedOut = thisDevice();
    signedOut.userId.clear();
    signedOut.licenseKeySha256.clear();
    QCOMPARE(d.stored(signedOut).kind, Kind::Valid);
    signedOut.machineFingerprint = kOtherFingerprint;
    QCOMPARE(reasonCode(d.stored(signedOut)), QString(lerr::certificateFingerprintMismatch));
    signedOut.machineFingerprint.clear();
    QCOMPARE(reasonCode(d.stored(signedOut)), QString(lerr::certificateFingerprintMismatch));
}

void TestLicenseVerifier::noStoredCertificate()
{
    DeviceRig d(at(u"2026-03-10T12:00:00Z"));
    const LicenseState s = d.stored();
    QCOMPARE(s.kind, Kind::NoCertificate);
    QVERIFY(!s.reason);
    QVERIFY(!s.hasCertificate());
    QCOMPARE(s.clock.highWaterMs, at(u"2026-03-10T12:00:00Z"));
}

void TestLicenseVerifier::corruptStoreIsNoCertificate_data()
{
    QTest::addColumn<bool>("truncate");
    QTest::newRow("garbage") << false;
    QTest::newRow("truncated") << true;
}

void TestLicenseVerifier::corruptStoreIsNoCertificate()
{
    QFETCH(bool, truncate);
    DeviceRig d(at(u"2026-03-10T12:00:00Z"));
    QVERIFY(d.store->saveCertificate(issue(samplePayload()), kActivationId));
    const QString path = d.store->filePath();
    const QByteArray good = readFile(path);
    const QByteArray broken = truncate ? good.left(good.size() / 2) : QByteArray("\x00\xff not json", 12);
    writeFile(path, broken);

    d.reopen();
    const LicenseState s = d.stored();
    QCOMPARE(s.kind, Kind::NoCertificate);
    QCOMPARE(reasonCode(s), QString(lerr::certificateStoreCorrupt));
    const QString movedTo = s.reason->details.value("moved_to"_L1).toString();
    QVERIFY(movedTo.startsWith(path + u".corrupt-20260310T120000Z"_s));
    QCOMPARE(readFile(movedTo), broken); // set aside, not deleted
    QVERIFY(!QFileInfo::exists(path));
    QCOMPARE(d.stored().kind, Kind::NoCertificate); // and the next start is clean
    QVERIFY(!d.stored().reason);
}

void TestLicenseVerifier::installStoresAndRebasesClock()
{
    DeviceRig d(at(u"2026-03-10T12:00:00Z"));
    // A clock that once ran ahead left a mark in the future: rollback.
    QVERIFY(d.guard->observeServerTime(at(u"2026-03-12T00:00:00Z")));
    QCOMPARE(d.stored().kind, Kind::NoCertificate);

    crypto::ActivationCertificatePayload fresh = samplePayload();
    fresh.issuedAtMs = at(u"2026-03-10T11:59:00Z");
    fresh.validUntilMs = fresh.issuedAtMs + 30 * kMsPerDay;
    const auto installed = d.verifier->install(*d.store, issue(fresh), kActivationId, thisDevice());
    QVERIFY(installed);
    QCOMPARE(installed->kind, Kind::Valid); // the online re-check lifted the rollback
    QCOMPARE(installed->activationId, kActivationId);
    QCOMPARE(d.guard->highWaterMs(), at(u"2026-03-10T12:00:00Z"));

    d.reopen();
    const LicenseState s = d.stored();
    QCOMPARE(s.kind, Kind::Valid);
    QCOMPARE(*s.certificate, fresh);
    QCOMPARE(d.store->certificate()->storedAtMs, at(u"2026-03-10T12:00:00Z"));
}

void TestLicenseVerifier::installRejectsInvalid()
{
    DeviceRig d(at(u"2026-03-10T12:00:00Z"));
    QVERIFY(d.store->saveCertificate(issue(samplePayload()), kActivationId));
    crypto::ActivationCertificatePayload other = samplePayload();
    other.machineFingerprint = kOtherFingerprint;
    const auto installed = d.verifier->install(*d.store, issue(other), u"x"_s, thisDevice());
    QVERIFY(!installed);
    QCOMPARE(installed.error().code, QString(lerr::certificateFingerprintMismatch));
    const auto bad = d.verifier->install(*d.store, issue(samplePayload(), otherKey()), u"x"_s, thisDevice());
    QCOMPARE(bad.error().code, QString(crypto::errc::certificateUnknownKey));
    QCOMPARE(d.store->certificate()->activationId, kActivationId); // the stored one is untouched
}

void TestLicenseVerifier::installStoreFailure()
{
    DeviceRig d(at(u"2026-03-10T12:00:00Z"));
    QVERIFY(QDir(d.dir.path()).mkdir(u"activation.json"_s)); // a directory in the way
    d.reopen();
    const auto installed = d.verifier->install(*d.store, issue(samplePayload()), kActivationId, thisDevice());
    QVERIFY(!installed);
    QCOMPARE(installed.error().code, QString(lerr::profileFileIo));
}

QTEST_GUILESS_MAIN(TestLicenseVerifier)
#include "test_license_verifier.moc"

#include "core/domain/client_rules.h"
#include "core/licensing/license_status.h"
#include "core/licensing/licensing_errors.h"
#include "tests/unit/licensing/licensing_fixtures.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::licensing;
using namespace creditdesk::licensing::test;
namespace lerr = creditdesk::licensing::errc;
using Status = LicenseStatusSnapshot::Status;

namespace {

constexpr std::int64_t kHour = 3'600'000;

// The sample certificate (valid until 2026-03-31T00:00Z) seen at `now` by a
// fresh device; `before` is seen first (a rollback).
LicenseState stateAt(QStringView now, std::optional<QStringView> before = std::nullopt)
{
    DeviceRig device(at(before.value_or(now)));
    (void)device.guard->check();
    device.clock.setNowMs(at(now));
    return device.evaluate(issue(samplePayload()));
}

ActivationRecord recordFor(const QString &licenseKey)
{
    ActivationRecord record;
    record.licenseKeySha256 = crypto::licenseKeySha256(licenseKey);
    record.maskedLicenseKey = u"REPHLO-****-****-****-7XQ2"_s;
    record.licenseId = kLicenseId;
    record.activationId = kActivationId;
    record.seatsUsed = 2;
    record.seatsTotal = 3;
    record.lastCheckedMs = at(u"2026-03-09T00:00:00Z");
    return record;
}

} // namespace

class TestLicenseStatus : public QObject {
    Q_OBJECT

private slots:
    void validWithRecord();
    void renewWindow();
    void graceCountdown();
    void locked();
    void clockRollback();
    void noneAndOnlineOnly();
    void recordOfAnotherKeyIgnored();
    void renewalFailureShownOnlyOnceInvalid();
    void keyProblemAlwaysShown();
    void skewWarns();
    void byokInputs();
    void nextCheck_data();
    void nextCheck();
    void statusNames();
};

void TestLicenseStatus::validWithRecord()
{
    const LicenseState state = stateAt(u"2026-03-10T12:00:00Z");
    const auto s = buildSnapshot(state, recordFor(kLicenseKey), CheckFacts{});
    QCOMPARE(s.status, Status::Valid);
    QVERIFY(!s.problem);
    QCOMPARE(s.maskedLicenseKey, u"REPHLO-****-****-****-7XQ2"_s);
    QCOMPARE(s.licenseId, kLicenseId);
    QCOMPARE(s.activationId, kActivationId);
    QVERIFY(s.isActivated());
    QCOMPARE(s.tier, u"perpetual"_s);
    QCOMPARE(s.licenseStatus, std::optional(LicenseStatus::Active));
    QVERIFY(s.byokEnabled);
    QCOMPARE(s.seatsUsed, std::optional(2));
    QCOMPARE(s.seatsTotal, std::optional(3));
    QCOMPARE(s.issuedAtMs, std::optional<std::int64_t>(at(u"2026-03-01T00:00:00Z")));
    QCOMPARE(s.validUntilMs, std::optional<std::int64_t>(at(u"2026-03-31T00:00:00Z")));
    QCOMPARE(s.graceRemainingMs, 0);
    QCOMPARE(s.lastCheckedMs, std::optional<std::int64_t>(at(u"2026-03-09T00:00:00Z")));
    QVERIFY(!s.clockWarning);
}

void TestLicenseStatus::renewWindow()
{
    // [CertRenew]
    QCOMPARE(buildSnapshot(stateAt(u"2026-03-24T00:00:00Z"), std::nullopt, {}).status, Status::Valid);
    const auto due = buildSnapshot(stateAt(u"2026-03-24T00:00:01Z"), std::nullopt, {});
    QCOMPARE(due.status, Status::RenewDue);
    QVERIFY(!due.problem);
    QVERIFY(due.byokEnabled);
}

void TestLicenseStatus::graceCountdown()
{
    // [CertGrace]
    const auto grace = buildSnapshot(stateAt(u"2026-04-03T12:00:00Z"), std::nullopt, {});
    QCOMPARE(grace.status, Status::Grace);
    QCOMPARE(grace.graceRemainingMs, 3 * 24 * kHour + 12 * kHour);
    const auto later = buildSnapshot(stateAt(u"2026-04-06T23:00:00Z"), std::nullopt, {});
    QCOMPARE(later.status, Status::Grace);
    QCOMPARE(later.graceRemainingMs, kHour);
}

void TestLicenseStatus::locked()
{
    // [CertLocked]
    const auto s = buildSnapshot(stateAt(u"2026-04-07T00:00:00Z"), std::nullopt, {});
    QCOMPARE(s.status, Status::Locked);
    QCOMPARE(s.graceRemainingMs, 0);
    QVERIFY(s.validUntilMs.has_value());
}

void TestLicenseStatus::clockRollback()
{
    // [ClockRollback]: high water 12:00, now 11:54 → locked; 11:56 → evaluated as 12:00.
    const auto s = buildSnapshot(stateAt(u"2026-03-10T11:54:00Z", u"2026-03-10T12:00:00Z"), std::nullopt, {});
    QCOMPARE(s.status, Status::ClockRollback);
    QVERIFY(s.clockWarning);
    QCOMPARE(s.clockBehindMs, 6 * 60'000);
    QVERIFY(s.problem.has_value());
    QCOMPARE(s.problem->code, QString(lerr::clockRollback));

    const auto tolerated =
        buildSnapshot(stateAt(u"2026-03-10T11:56:00Z", u"2026-03-10T12:00:00Z"), std::nullopt, {});
    QCOMPARE(tolerated.status, Status::Valid);
    QVERIFY(!tolerated.clockWarning);
}

void TestLicenseStatus::noneAndOnlineOnly()
{
    LicenseState none;
    QCOMPARE(buildSnapshot(none, std::nullopt, {}).status, Status::None);
    QVERIFY(!buildSnapshot(none, std::nullopt, {}).isActivated());

    CheckFacts onlineOnlyServer;
    onlineOnlyServer.onlineOnly = true;
    onlineOnlyServer.online = true;
    const auto server = buildSnapshot(none, std::nullopt, onlineOnlyServer);
    QCOMPARE(server.status, Status::OnlineOnly);
    QVERIFY(!server.problem); // a state, not an error
    QVERIFY(server.serverOnlineOnly);

    // Activated online-only on an earlier run: the record says so while offline.
    ActivationRecord record = recordFor(kLicenseKey);
    record.onlineOnly = true;
    record.byokEnabled = true;
    const auto remembered = buildSnapshot(none, record, {});
    QCOMPARE(remembered.status, Status::OnlineOnly);
    QVERIFY(remembered.isActivated());
    QVERIFY(remembered.byokEnabled);
    QCOMPARE(remembered.maskedLicenseKey, record.maskedLicenseKey);

    // A record whose certificate is gone does not make the device activated.
    const auto leftover = buildSnapshot(none, recordFor(kLicenseKey), {});
    QCOMPARE(leftover.status, Status::None);
    QVERIFY(!leftover.isActivated());
}

void TestLicenseStatus::recordOfAnotherKeyIgnored()
{
    const auto s =
        buildSnapshot(stateAt(u"2026-03-10T12:00:00Z"), recordFor(u"REPHLO-ZZZZ-ZZZZ-ZZZZ-ZZZZ"_s), {});
    QCOMPARE(s.status, Status::Valid);
    QVERIFY(s.maskedLicenseKey.isEmpty());
    QVERIFY(!s.seatsTotal.has_value());
    QCOMPARE(s.licenseId, kLicenseId); // from the certificate
}

void TestLicenseStatus::renewalFailureShownOnlyOnceInvalid()
{
    CheckFacts facts;
    facts.online = true;
    facts.renewalProblem = makeError("license_suspended"_L1, u"suspended"_s);
    QVERIFY(!buildSnapshot(stateAt(u"2026-03-10T12:00:00Z"), std::nullopt, facts).problem);
    QVERIFY(!buildSnapshot(stateAt(u"2026-03-25T00:00:00Z"), std::nullopt, facts).problem);
    const auto grace = buildSnapshot(stateAt(u"2026-04-02T00:00:00Z"), std::nullopt, facts);
    QVERIFY(grace.problem.has_value());
    QCOMPARE(grace.problem->code, u"license_suspended"_s);
}

void TestLicenseStatus::keyProblemAlwaysShown()
{
    CheckFacts facts;
    facts.keyProblem = makeError(lerr::serverKeyChanged, u"changed"_s);
    const auto s = buildSnapshot(stateAt(u"2026-03-10T12:00:00Z"), std::nullopt, facts);
    QCOMPARE(s.status, Status::Valid);
    QVERIFY(s.problem.has_value());
    QCOMPARE(s.problem->code, QString(lerr::serverKeyChanged));
}

void TestLicenseStatus::skewWarns()
{
    CheckFacts facts;
    facts.skewMs = -kClockRollbackToleranceMs;
    QVERIFY(!buildSnapshot(stateAt(u"2026-03-10T12:00:00Z"), std::nullopt, facts).clockWarning);
    facts.skewMs = -kClockRollbackToleranceMs - 1;
    const auto s = buildSnapshot(stateAt(u"2026-03-10T12:00:00Z"), std::nullopt, facts);
    QVERIFY(s.clockWarning);
    QCOMPARE(s.serverSkewMs, facts.skewMs);
    QCOMPARE(s.status, Status::Valid); // a warning, not a lock
}

void TestLicenseStatus::byokInputs()
{
    const LicenseState valid = stateAt(u"2026-03-10T12:00:00Z");
    ByokInputs in =
        licenseByokInputs(valid, std::nullopt, at(u"2026-03-10T12:00:00Z"), at(u"2026-03-10T12:00:00Z"));
    QVERIFY(in.license.has_value());
    QCOMPARE(in.license->status, LicenseStatus::Active); // a verified certificate implies it
    QVERIFY(in.license->byokEnabled);
    QVERIFY(in.license->deviceActivated);
    QCOMPARE(in.certificateValidUntilMs, std::optional<std::int64_t>(at(u"2026-03-31T00:00:00Z")));
    QVERIFY(!in.subscription.has_value());
    QCOMPARE(byokEntitlement(in).value(), ByokSource::License);

    // The server said suspended: the record wins over the certificate.
    ActivationRecord suspended = recordFor(kLicenseKey);
    suspended.licenseStatus = LicenseStatus::Suspended;
    in = licenseByokInputs(valid, suspended, at(u"2026-03-10T12:00:00Z"), at(u"2026-03-10T12:00:00Z"));
    QCOMPARE(in.license->status, LicenseStatus::Suspended);
    QCOMPARE(byokEntitlement(in).error().code, QString(creditdesk::errc::byokNotEntitled));

    // Past the grace period.
    const LicenseState lockedState = stateAt(u"2026-04-07T00:00:00Z");
    in = licenseByokInputs(lockedState, std::nullopt, at(u"2026-04-07T00:00:00Z"),
                           at(u"2026-04-07T00:00:00Z"));
    QCOMPARE(byokEntitlement(in).error().code, QString(creditdesk::errc::byokLocked));

    // Nothing on this device.
    in = licenseByokInputs(LicenseState{}, std::nullopt, 1, 1);
    QVERIFY(!in.license.has_value());
    QVERIFY(!in.certificateValidUntilMs.has_value());
    QCOMPARE(byokEntitlement(in).error().code, QString(creditdesk::errc::byokNotEntitled));
}

void TestLicenseStatus::nextCheck_data()
{
    QTest::addColumn<QString>("now");
    QTest::addColumn<bool>("online");
    QTest::addColumn<std::int64_t>("nextRenewal");
    QTest::addColumn<QString>("expected");
    // Certificate valid until 2026-03-31T00:00Z: renew window from 03-24T00:00Z.
    QTest::newRow("offline retries soon")
        << u"2026-03-10T12:00:00Z"_s << false << std::int64_t{0} << u"2026-03-10T12:15:00Z"_s;
    QTest::newRow("daily") << u"2026-03-10T12:00:00Z"_s << true << std::int64_t{0}
                           << u"2026-03-11T12:00:00Z"_s;
    QTest::newRow("renew window opens")
        << u"2026-03-23T18:00:00Z"_s << true << std::int64_t{0} << u"2026-03-24T00:00:00Z"_s;
    QTest::newRow("due: next allowed attempt")
        << u"2026-03-25T00:00:00Z"_s << true << at(u"2026-03-25T06:00:00Z") << u"2026-03-25T06:00:00Z"_s;
    QTest::newRow("grace starts") << u"2026-03-30T20:00:00Z"_s << true << at(u"2026-03-31T06:00:00Z")
                                  << u"2026-03-31T00:00:00Z"_s;
    QTest::newRow("lock comes") << u"2026-04-06T20:00:00Z"_s << true << at(u"2026-04-07T06:00:00Z")
                                << u"2026-04-07T00:00:00Z"_s;
    QTest::newRow("at least a minute")
        << u"2026-03-23T23:59:59.500Z"_s << true << std::int64_t{0} << u"2026-03-24T00:00:59.500Z"_s;
}

void TestLicenseStatus::nextCheck()
{
    QFETCH(QString, now);
    QFETCH(bool, online);
    QFETCH(std::int64_t, nextRenewal);
    QFETCH(QString, expected);
    const LicenseState state = stateAt(now);
    const auto renewal = nextRenewal ? std::optional<std::int64_t>(nextRenewal) : std::nullopt;
    QCOMPARE(nextCheckAtMs(state, online, at(now), renewal), at(expected));
}

void TestLicenseStatus::statusNames()
{
    QCOMPARE(toString(Status::None), u"none"_s);
    QCOMPARE(toString(Status::RenewDue), u"renew_due"_s);
    QCOMPARE(toString(Status::ClockRollback), u"clock_rollback"_s);
    QCOMPARE(toString(Status::OnlineOnly), u"online_only"_s);
}

QTEST_GUILESS_MAIN(TestLicenseStatus)
#include "test_license_status.moc"

// LicenseManager against a real creditdesk-server (SQLite and PostgreSQL):
// activation with a verified certificate, a full license freed in one call,
// deactivation online and queued while the server is down, silent renewal
// when the clock enters the renew window, online-only licensing without the
// extensions, a tampered certificate at start, a changed server key, and
// offline activation through the operator's CLI.
#include "core/api/api_errors.h"
#include "core/crypto/activation_certificate.h"
#include "core/crypto/crypto_errors.h"
#include "core/crypto/primitives.h"
#include "core/domain/client_rules.h"
#include "core/domain/license_rules.h"
#include "core/domain/utc_time.h"
#include "core/licensing/licensing_errors.h"
#include "core/licensing/pinned_keys.h"
#include "tests/integration/client_licensing/client_licensing_support.h"
#include "tests/integration/licenses/license_http_support.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::licensing;
using namespace creditdesk::test;
namespace lerr = creditdesk::licensing::errc;
using Status = LicenseStatusSnapshot::Status;
using Outcome = ActivationResult::Outcome;

namespace {

constexpr std::int64_t kDay = kMsPerDay;

QString describe(const Error &error)
{
    return error.code + u": "_s + error.message;
}

// `result` is a variable: it is read more than once (the description is
// evaluated even when the check passes).
#define EXPECT_OK(result)                                                                                    \
    QVERIFY2((result).has_value(), qPrintable((result).has_value() ? QString() : describe((result).error())))

QStringList serverSeats(const ServerHarness &server, const QString &key)
{
    QStringList ids;
    const QJsonArray devices =
        server.get(u"/api/licenses/%1/devices"_s.arg(key)).object().value(u"devices"_s).toArray();
    for (const QJsonValue &device : devices)
        ids.append(device.toObject().value(u"id"_s).toString());
    return ids;
}

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QJsonObject storedCertificate(const QString &path)
{
    return QJsonDocument::fromJson(fileBytes(path)).object().value(u"certificate"_s).toObject();
}

crypto::ActivationCertificatePayload decode(const QJsonObject &certificate)
{
    const QByteArray payload = crypto::base64UrlDecode(certificate.value(u"payload"_s).toString()).value();
    QJsonObject json = QJsonDocument::fromJson(payload).object();
    crypto::ActivationCertificatePayload p;
    p.issuedAtMs = parseIsoUtc(json.value(u"issued_at"_s).toString()).value_or(0);
    p.validUntilMs = parseIsoUtc(json.value(u"valid_until"_s).toString()).value_or(0);
    p.machineFingerprint = json.value(u"machine_fingerprint"_s).toString();
    return p;
}

} // namespace

class TestLicenseManagerHttp : public QObject {
    Q_OBJECT

private slots:
    void initTestCase_data() { addDialectRows(); }
    void activateStoresAndVerifiesTheCertificate();
    void fullLicenseFreedInOneCall();
    void deactivateOnline();
    void deactivateQueuedWhileTheServerIsDown();
    void renewsWhenTheClockEntersTheWindow();
    void renewsWithoutSignInByActivatingAgain();
    void serverWithoutExtensionsIsOnlineOnly();
    void tamperedCertificateRejectedAtStart();
    void changedServerKeyIsRefused();
    void offlineActivationThroughTheOperator();
};

void TestLicenseManagerHttp::activateStoresAndVerifiesTheCertificate()
{
    ServerHarness::Options options;
    options.dialect = currentDialect();
    CREDITDESK_START_SERVER(server, options);
    const LicenseOwner owner = ownerWithLicense(*server, u"activate@example.com"_s);
    QVERIFY(!owner.licenseKey.isEmpty());

    ClientDevice device(server->baseUrl(), owner.token, 1, owner.userId);
    const LicenseStatusSnapshot before = device.start();
    QCOMPARE(before.status, Status::None);
    QVERIFY(before.online);
    // First contact pinned the server's key in the profile.
    const auto pinned = PinnedKeys::load(QDir(device.profile.path()).filePath(PinnedKeys::kFileName), 0);
    QVERIFY(pinned && pinned->size() == 1);

    // Typed the way people type keys.
    const auto activated = device.activate(u"  "_s + owner.licenseKey.toLower() + u" "_s, u"Desk"_s);
    EXPECT_OK(activated);
    QCOMPARE(activated->outcome, Outcome::Activated);
    QVERIFY(activated->newActivation);
    QVERIFY(!activated->onlineOnly);
    const LicenseStatusSnapshot &s = activated->state;
    QCOMPARE(s.status, Status::Valid);
    QVERIFY(!s.problem);
    QCOMPARE(s.activationId, activated->activationId);
    QCOMPARE(s.licenseId, owner.licenseId);
    QCOMPARE(s.maskedLicenseKey, maskLicenseKey(owner.licenseKey));
    QCOMPARE(s.licenseStatus, std::optional(LicenseStatus::Active));
    QVERIFY(s.byokEnabled);
    QCOMPARE(s.seatsUsed, std::optional(1));
    QCOMPARE(s.seatsTotal, std::optional(3));
    QCOMPARE(s.tier, u"perpetual"_s);
    QCOMPARE(*s.validUntilMs - *s.issuedAtMs, kCertificateValidityMs);
    QCOMPARE(serverSeats(*server, owner.licenseKey), QStringList{activated->activationId});

    // The stored certificate is the server's, signed by its published key, for this device.
    const QJsonObject certificate = storedCertificate(device.certificatePath());
    QCOMPARE(verifyWithPublishedKey(*server, certificate, device.manager->fingerprint(), owner.userId),
             QString());
    QVERIFY(!fileBytes(device.certificatePath()).contains(owner.licenseKey.toUtf8()));
    QVERIFY(!fileBytes(QDir(device.profile.path()).filePath(ActivationRecord::kFileName))
                 .contains(owner.licenseKey.toUtf8()));
    QCOMPARE(byokEntitlement(device.manager->byokLicenseInputs()).value(), ByokSource::License);

    // A restart verifies it again; activating again keeps the same seat.
    device.reopen();
    const LicenseStatusSnapshot restarted = device.start();
    QCOMPARE(restarted.status, Status::Valid);
    QCOMPARE(restarted.activationId, activated->activationId);
    QCOMPARE(restarted.maskedLicenseKey, maskLicenseKey(owner.licenseKey));
    const auto again = device.activate(owner.licenseKey);
    EXPECT_OK(again);
    QCOMPARE(again->activationId, activated->activationId);
    QVERIFY(!again->newActivation);
    QCOMPARE(serverSeats(*server, owner.licenseKey).size(), 1);

    // Errors the server decides keep their codes.
    const auto unknown = device.activate(u"REPHLO-2222-3333-4444-5555"_s);
    QCOMPARE(unknown.error().code, QString(api::errc::licenseNotFound));
}

void TestLicenseManagerHttp::fullLicenseFreedInOneCall()
{
    ServerHarness::Options options;
    options.dialect = currentDialect();
    CREDITDESK_START_SERVER(server, options);
    const LicenseOwner owner =
        ownerWithLicense(*server, u"full@example.com"_s, {u"--max-activations"_s, u"2"_s});
    QVERIFY(!owner.licenseKey.isEmpty());

    ClientDevice first(server->baseUrl(), owner.token, 1, owner.userId);
    ClientDevice second(server->baseUrl(), owner.token, 2, owner.userId);
    ClientDevice third(server->baseUrl(), owner.token, 3, owner.userId);
    const auto a = first.activate(owner.licenseKey, u"Old laptop"_s);
    EXPECT_OK(a);
    const auto b = second.activate(owner.licenseKey, u"Desk"_s);
    EXPECT_OK(b);

    const auto full = third.activate(owner.licenseKey, u"New laptop"_s);
    EXPECT_OK(full);
    QCOMPARE(full->outcome, Outcome::SeatLimitReached);
    QCOMPARE(full->seats.maxActivations, 2);
    QCOMPARE(full->seats.used(), 2);
    QStringList offered;
    for (const Seat &seat : full->seats.seats)
        offered.append(seat.activationId);
    QCOMPARE(QSet<QString>(offered.begin(), offered.end()),
             (QSet<QString>{a->activationId, b->activationId}));
    const Seat &stalest = full->seats.seats.first();
    QVERIFY(!stalest.deviceName.isEmpty());
    QVERIFY(stalest.lastSeenAtMs.has_value());
    QCOMPARE(third.manager->snapshot().status, Status::None);

    // Free the laptop's seat and take it, in one call.
    const auto freed = third.activateFreeing(owner.licenseKey, a->activationId);
    EXPECT_OK(freed);
    QCOMPARE(freed->outcome, Outcome::Activated);
    QCOMPARE(freed->state.status, Status::Valid);
    const QStringList taken = serverSeats(*server, owner.licenseKey);
    QCOMPARE(QSet<QString>(taken.begin(), taken.end()),
             (QSet<QString>{b->activationId, freed->activationId}));

    // The seat list marks this device.
    const auto seats = third.devices();
    EXPECT_OK(seats);
    QCOMPARE(seats->used(), 2);
    int mine = 0;
    for (const Seat &seat : seats->seats) {
        if (seat.thisDevice) {
            ++mine;
            QCOMPARE(seat.activationId, freed->activationId);
        }
    }
    QCOMPARE(mine, 1);
    QCOMPARE(third.manager->snapshot().seatsUsed, std::optional(2));
    QCOMPARE(third.manager->snapshot().seatsTotal, std::optional(2));

    // The freed device finds out at its next renewal; its seat list no longer has it.
    const auto fromFirst = first.devices();
    EXPECT_OK(fromFirst);
    for (const Seat &seat : fromFirst->seats)
        QVERIFY(!seat.thisDevice);
}

void TestLicenseManagerHttp::deactivateOnline()
{
    ServerHarness::Options options;
    options.dialect = currentDialect();
    CREDITDESK_START_SERVER(server, options);
    const LicenseOwner owner = ownerWithLicense(*server, u"deactivate@example.com"_s);
    ClientDevice device(server->baseUrl(), owner.token, 1, owner.userId);
    ClientDevice other(server->baseUrl(), owner.token, 2, owner.userId);
    QCOMPARE(device.start().status, Status::None);
    const auto mine = device.activate(owner.licenseKey);
    EXPECT_OK(mine);
    const auto theirs = other.activate(owner.licenseKey);
    EXPECT_OK(theirs);

    // Another seat: this device keeps its certificate.
    const auto freedOther = device.deactivate(theirs->activationId);
    EXPECT_OK(freedOther);
    QCOMPARE(freedOther->outcome, DeactivationResult::Outcome::Deactivated);
    QVERIFY(!freedOther->thisDevice);
    QCOMPARE(device.manager->snapshot().status, Status::Valid);
    QCOMPARE(serverSeats(*server, owner.licenseKey), QStringList{mine->activationId});

    // This device.
    const auto freed = device.deactivate();
    EXPECT_OK(freed);
    QCOMPARE(freed->outcome, DeactivationResult::Outcome::Deactivated);
    QVERIFY(freed->thisDevice);
    QCOMPARE(freed->activationId, mine->activationId);
    QCOMPARE(device.manager->snapshot().status, Status::None);
    QVERIFY(!device.manager->snapshot().isActivated());
    QVERIFY(serverSeats(*server, owner.licenseKey).isEmpty());
    QVERIFY(storedCertificate(device.certificatePath()).isEmpty());
    QCOMPARE(device.deactivate().error().code, QString(lerr::licenseNotActivated));
}

void TestLicenseManagerHttp::deactivateQueuedWhileTheServerIsDown()
{
    ServerHarness::Options options;
    options.dialect = currentDialect();
    CREDITDESK_START_SERVER(harness, options);
    const LicenseOwner owner = ownerWithLicense(*harness, u"queued@example.com"_s);
    StoppableServer server(*harness);
    QCOMPARE(server.start(), QString());

    ClientDevice device(server.baseUrl(), owner.token, 1, owner.userId);
    QCOMPARE(device.start().status, Status::None);
    const auto activated = device.activate(owner.licenseKey);
    EXPECT_OK(activated);
    QCOMPARE(serverSeats(*harness, owner.licenseKey), QStringList{activated->activationId});

    server.stop();
    const auto queued = device.deactivate();
    EXPECT_OK(queued);
    QCOMPARE(queued->outcome, DeactivationResult::Outcome::Queued);
    QVERIFY(queued->thisDevice);
    QVERIFY(queued->outboxId.has_value());
    QCOMPARE(device.manager->snapshot().status, Status::None);
    QCOMPARE(serverSeats(*harness, owner.licenseKey), QStringList{activated->activationId}); // not yet

    // Still down: the replay stops at the entry and keeps it.
    sync::ReplayResult replay = device.replayOutbox();
    QVERIFY(replay.stoppedBy.has_value());
    QCOMPARE(replay.replayed, 0);

    QCOMPARE(server.start(), QString());
    replay = device.replayOutbox();
    QVERIFY2(replay.ok(), qPrintable(replay.ok() ? QString() : describe(*replay.stoppedBy)));
    QCOMPARE(replay.replayed, 1);
    QVERIFY(serverSeats(*harness, owner.licenseKey).isEmpty());
    // Replaying again sends nothing more.
    replay = device.replayOutbox();
    QVERIFY(replay.ok());
    QCOMPARE(replay.replayed, 0);
}

void TestLicenseManagerHttp::renewsWhenTheClockEntersTheWindow()
{
    ServerHarness::Options options;
    options.dialect = currentDialect();
    CREDITDESK_START_SERVER(server, options);
    const LicenseOwner owner = ownerWithLicense(*server, u"renew@example.com"_s);
    ClientDevice device(server->baseUrl(), owner.token, 1, owner.userId);
    device.start();
    const auto activated = device.activate(owner.licenseKey);
    EXPECT_OK(activated);
    const auto first = decode(storedCertificate(device.certificatePath()));
    const LicenseStatusSnapshot valid = device.check();
    QCOMPARE(valid.status, Status::Valid);
    QCOMPARE(decode(storedCertificate(device.certificatePath())).issuedAtMs, first.issuedAtMs); // not due

    // 23.5 days later: 6.5 days left.
    device.clock.advanceMs(23 * kDay + kDay / 2);
    QSignalSpy changed(device.manager.get(), &LicenseManager::stateChanged);
    const LicenseStatusSnapshot renewed = device.check();
    const auto second = decode(storedCertificate(device.certificatePath()));
    QVERIFY(second.issuedAtMs > first.issuedAtMs);
    QVERIFY(second.validUntilMs > first.validUntilMs);
    QCOMPARE(*renewed.validUntilMs, second.validUntilMs);
    QVERIFY(!renewed.problem);
    QCOMPARE(renewed.lastCheckedMs, std::optional<std::int64_t>(device.clock.nowMs()));
    QCOMPARE(renewed.activationId, activated->activationId);
    // The server's clock did not move: the fresh certificate is due again by the
    // device's clock, and the next attempt waits a day (renew at most daily).
    QCOMPARE(renewed.status, Status::RenewDue);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(*renewed.nextCheckAtMs, device.clock.nowMs() + kDay);
    device.check();
    QCOMPARE(decode(storedCertificate(device.certificatePath())).issuedAtMs, second.issuedAtMs);

    // Suspended meanwhile: the next renewal is refused. While the certificate
    // is valid that is only logged; the known license status follows the server.
    QCOMPARE(
        server->admin({u"set-license-status"_s, u"--key"_s, owner.licenseKey, u"--status"_s, u"suspended"_s})
            .exitCode,
        0);
    device.clock.advanceMs(kDay + 1);
    const LicenseStatusSnapshot refused = device.check();
    QCOMPARE(refused.status, Status::RenewDue);
    QVERIFY(!refused.problem);
    QCOMPARE(refused.licenseStatus, std::optional(LicenseStatus::Suspended));
    QCOMPARE(byokEntitlement(device.manager->byokLicenseInputs()).error().code,
             QString(creditdesk::errc::byokNotEntitled));

    // Once the certificate has run out, the refusal is shown.
    device.clock.advanceMs(7 * kDay);
    const LicenseStatusSnapshot grace = device.check();
    QCOMPARE(grace.status, Status::Grace);
    QVERIFY(grace.problem.has_value());
    QCOMPARE(grace.problem->code, QString(api::errc::licenseSuspended));
}

void TestLicenseManagerHttp::renewsWithoutSignInByActivatingAgain()
{
    ServerHarness::Options options;
    options.dialect = currentDialect();
    CREDITDESK_START_SERVER(server, options);
    const LicenseOwner owner = ownerWithLicense(*server, u"renew-anon@example.com"_s);
    ClientDevice device(server->baseUrl(), QString(), 1);
    device.start();
    const auto activated = device.activate(owner.licenseKey);
    EXPECT_OK(activated);
    const auto first = decode(storedCertificate(device.certificatePath()));

    device.clock.advanceMs(24 * kDay);
    const LicenseStatusSnapshot renewed = device.check();
    QVERIFY(!renewed.problem);
    QVERIFY(decode(storedCertificate(device.certificatePath())).issuedAtMs > first.issuedAtMs);
    QCOMPARE(serverSeats(*server, owner.licenseKey), QStringList{activated->activationId});
}

void TestLicenseManagerHttp::serverWithoutExtensionsIsOnlineOnly()
{
    ServerHarness::Options options;
    options.dialect = currentDialect();
    options.extensions = false;
    CREDITDESK_START_SERVER(server, options);
    const LicenseOwner owner = ownerWithLicense(*server, u"online-only@example.com"_s);
    ClientDevice device(server->baseUrl(), owner.token, 1, owner.userId);

    const LicenseStatusSnapshot before = device.start();
    QCOMPARE(before.status, Status::OnlineOnly);
    QVERIFY(!before.problem); // a state, not an error
    QVERIFY(before.serverOnlineOnly);
    QVERIFY(!before.isActivated());

    const auto activated = device.activate(owner.licenseKey);
    EXPECT_OK(activated);
    QCOMPARE(activated->outcome, Outcome::Activated);
    QVERIFY(activated->onlineOnly);
    QCOMPARE(activated->state.status, Status::OnlineOnly);
    QCOMPARE(activated->state.activationId, activated->activationId);
    QVERIFY(!activated->state.validUntilMs.has_value());
    QVERIFY(storedCertificate(device.certificatePath()).isEmpty());

    // After a restart, before any network: still known as activated here.
    device.reopen();
    const LicenseStatusSnapshot restarted = device.start();
    QCOMPARE(restarted.status, Status::OnlineOnly);
    QCOMPARE(restarted.activationId, activated->activationId);
    QVERIFY(!restarted.problem);
    const auto seats = device.devices(owner.licenseKey);
    EXPECT_OK(seats);
    QCOMPARE(seats->used(), 1);
    QVERIFY(seats->seats.first().thisDevice);
}

void TestLicenseManagerHttp::tamperedCertificateRejectedAtStart()
{
    ServerHarness::Options options;
    options.dialect = currentDialect();
    CREDITDESK_START_SERVER(server, options);
    const LicenseOwner owner = ownerWithLicense(*server, u"tamper@example.com"_s);
    ClientDevice device(server->baseUrl(), owner.token, 1, owner.userId);
    device.start();
    const auto activated = device.activate(owner.licenseKey);
    EXPECT_OK(activated);
    device.manager.reset(); // the app quits

    // One bit of the signed payload flipped in activation.json.
    QFile file(device.certificatePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonObject body = QJsonDocument::fromJson(file.readAll()).object();
    file.close();
    QJsonObject certificate = body.value(u"certificate"_s).toObject();
    QByteArray payload = crypto::base64UrlDecode(certificate.value(u"payload"_s).toString()).value();
    const qsizetype at = payload.indexOf("\"tier\":\"perpetual\"") + 8;
    QVERIFY(at >= 8);
    payload[at] = static_cast<char>(payload[at] ^ 0x01); // perpetual → qerpetual
    certificate.insert(u"payload"_s, crypto::base64UrlEncode(payload));
    body.insert(u"certificate"_s, certificate);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QJsonDocument(body).toJson());
    file.close();

    device.reopen();
    const LicenseStatusSnapshot s = device.start();
    QCOMPARE(s.status, Status::Invalid);
    QVERIFY(s.problem.has_value());
    QCOMPARE(s.problem->code, QString(crypto::errc::certificateBadSignature));
    QVERIFY(!s.byokEnabled);
    QCOMPARE(byokEntitlement(device.manager->byokLicenseInputs()).error().code,
             QString(creditdesk::errc::byokNotEntitled));

    // Activating again (same seat) installs a genuine certificate.
    const auto repaired = device.activate(owner.licenseKey);
    EXPECT_OK(repaired);
    QCOMPARE(repaired->state.status, Status::Valid);
    QCOMPARE(serverSeats(*server, owner.licenseKey).size(), 1);
}

void TestLicenseManagerHttp::changedServerKeyIsRefused()
{
    ServerHarness::Options options;
    options.dialect = currentDialect();
    CREDITDESK_START_SERVER(server, options);
    CREDITDESK_START_SERVER(impostor, options); // another data dir: another signing key
    const LicenseOwner owner = ownerWithLicense(*server, u"pinned@example.com"_s);
    const LicenseOwner elsewhere = ownerWithLicense(*impostor, u"pinned@example.com"_s);
    ClientDevice device(server->baseUrl(), owner.token, 1);
    device.start();
    const auto activated = device.activate(owner.licenseKey);
    EXPECT_OK(activated);
    const QByteArray before = fileBytes(device.certificatePath());

    device.client->transport().setBaseUrl(impostor->baseUrl());
    device.tokens.setToken(elsewhere.token);
    const LicenseStatusSnapshot s = device.check();
    QCOMPARE(s.status, Status::Valid); // the stored certificate is still the trusted server's
    QVERIFY(s.problem.has_value());
    QCOMPARE(s.problem->code, QString(lerr::serverKeyChanged));

    const auto refused = device.activate(elsewhere.licenseKey);
    QVERIFY(!refused.has_value());
    QCOMPARE(refused.error().code, QString(lerr::serverKeyChanged));
    QCOMPARE(fileBytes(device.certificatePath()), before);
}

void TestLicenseManagerHttp::offlineActivationThroughTheOperator()
{
    ServerHarness::Options options;
    options.dialect = currentDialect();
    CREDITDESK_START_SERVER(server, options);
    const LicenseOwner owner = ownerWithLicense(*server, u"offline@example.com"_s);
    ClientDevice device(server->baseUrl(), QString(), 1);
    QCOMPARE(device.start().status, Status::None); // pins the key while online

    QTemporaryDir files;
    const QString request = files.filePath(u"request.json"_s);
    const QString response = files.filePath(u"response.json"_s);
    const auto written = device.manager->writeRequest(owner.licenseKey, request, u"Air-gapped box"_s);
    EXPECT_OK(written);
    const auto answered = server->admin({u"answer-offline-request"_s, request, response});
    QCOMPARE(answered.exitCode, 0);

    const auto imported = device.manager->importResponse(response);
    EXPECT_OK(imported);
    QCOMPARE(imported->status, Status::Valid);
    QCOMPARE(imported->activationId, answered.output.value(u"activation_id"_s).toString());
    QCOMPARE(imported->maskedLicenseKey, maskLicenseKey(owner.licenseKey));
    QCOMPARE(serverSeats(*server, owner.licenseKey), QStringList{imported->activationId});

    // The same response again: nothing is pending any more.
    QCOMPARE(device.manager->importResponse(response).error().code, QString(lerr::offlineNoPendingRequest));
}

QTEST_GUILESS_MAIN(TestLicenseManagerHttp)
#include "test_license_manager_http.moc"

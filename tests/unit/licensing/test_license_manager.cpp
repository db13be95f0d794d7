// LicenseManager without a server (every call meets a closed port): the
// start-up verification and evaluation with an injected clock, local input
// checks, and errors that need no network.
#include "core/api/access_token_source.h"
#include "core/api/api_errors.h"
#include "core/api/cloud_client.h"
#include "core/crypto/crypto_errors.h"
#include "core/crypto/primitives.h"
#include "core/domain/client_rules.h"
#include "core/licensing/certificate_store.h"
#include "core/licensing/license_manager.h"
#include "core/licensing/licensing_errors.h"
#include "tests/unit/licensing/licensing_fixtures.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::licensing;
using namespace creditdesk::licensing::test;
namespace lerr = creditdesk::licensing::errc;
using Status = LicenseStatusSnapshot::Status;

namespace {

constexpr std::int64_t kHour = 3'600'000;

QUrl closedPortUrl()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost))
        qFatal("no free port");
    const quint16 port = probe.serverPort();
    probe.close();
    return QUrl(u"http://127.0.0.1:%1"_s.arg(port));
}

class FixedToken final : public api::AccessTokenSource {
public:
    [[nodiscard]] QString accessToken() const override { return u"unit-test-token"_s; }
    void refresh(std::function<void(Result<void>)> done) override
    {
        QTimer::singleShot(0, &m_context,
                           [done = std::move(done)] { done(fail("invalid_grant"_L1, u"no"_s)); });
    }

private:
    QObject m_context;
};

template <typename T>
struct Outcome {
    std::shared_ptr<std::optional<Result<T>>> value = std::make_shared<std::optional<Result<T>>>();
    [[nodiscard]] LicenseManager::Callback<T> callback() const
    {
        auto target = value;
        return [target](Result<T> result) {
            target->emplace(std::move(result));
        };
    }
    bool wait() const
    {
        auto target = value;
        return QTest::qWaitFor([target] { return target->has_value(); }, 30'000);
    }
    [[nodiscard]] const Result<T> &result() const { return **value; }
};

// One device with an unreachable server and a manual clock.
struct Rig {
    QTemporaryDir dir;
    ManualClock clock;
    PinnedKeys builtIn;
    FixedToken token;
    std::unique_ptr<api::CloudClient> client;
    std::unique_ptr<LicenseManager> manager;

    explicit Rig(std::int64_t nowMs, PinnedKeys keys = pinnedServerKey(), bool signedIn = true)
        : clock(nowMs)
        , builtIn(std::move(keys))
    {
        api::TransportOptions options;
        options.baseUrl = closedPortUrl();
        options.retry.maxAttempts = 1;
        options.clock = &clock;
        options.delay = [](std::int64_t, QObject *context, std::function<void()> fire) {
            QTimer::singleShot(0, context, std::move(fire));
        };
        client = std::make_unique<api::CloudClient>(options, signedIn ? &token : nullptr);
        reopen();
    }

    // A restart of the app over the same profile.
    void reopen()
    {
        manager.reset();
        LicenseManager::Options options;
        options.profileDir = dir.path();
        options.clock = &clock;
        options.builtInKeys = builtIn;
        options.machineId = [] {
            return QByteArray("unit-test-machine-id");
        };
        options.appVersion = u"1.4.2"_s;
        options.device = DeviceDescription{u"Test box"_s, u"debian"_s};
        manager = std::make_unique<LicenseManager>(*client, options);
    }

    [[nodiscard]] crypto::ActivationCertificatePayload payload()
    {
        crypto::ActivationCertificatePayload p = samplePayload();
        p.machineFingerprint = manager->fingerprint();
        return p;
    }

    void store(const QJsonObject &certificate)
    {
        CertificateStore store(dir.path(), clock);
        if (!store.saveCertificate(certificate, kActivationId))
            qFatal("cannot store the certificate");
    }

    // Starts (a restart) and waits for the online check, which finds no server.
    LicenseStatusSnapshot start()
    {
        QSignalSpy finished(manager.get(), &LicenseManager::checkFinished);
        manager->start();
        if (!finished.wait(30'000))
            qFatal("the check did not finish");
        return manager->snapshot();
    }

    LicenseStatusSnapshot check()
    {
        QSignalSpy finished(manager.get(), &LicenseManager::checkFinished);
        manager->checkNow();
        if (!finished.wait(30'000))
            qFatal("the check did not finish");
        return manager->snapshot();
    }

    QString byokCode()
    {
        const auto allowed = byokEntitlement(manager->byokLicenseInputs());
        return allowed ? u"allowed"_s : allowed.error().code;
    }
};

QJsonObject withPayloadBitFlipped(const QJsonObject &certificate, qsizetype bit)
{
    QJsonObject tampered = certificate;
    const QByteArray payload = crypto::base64UrlDecode(certificate.value("payload"_L1).toString()).value();
    tampered.insert(u"payload"_s, crypto::base64UrlEncode(flipBit(payload, bit)));
    return tampered;
}

QJsonObject withSignatureBitFlipped(const QJsonObject &certificate, qsizetype bit)
{
    QJsonObject tampered = certificate;
    const QByteArray signature =
        crypto::base64UrlDecode(certificate.value("signature"_L1).toString()).value();
    tampered.insert(u"signature"_s, crypto::base64UrlEncode(flipBit(signature, bit)));
    return tampered;
}

} // namespace

class TestLicenseManager : public QObject {
    Q_OBJECT

private slots:
    void validAtStart();
    void renewWindowOpensAsTheClockMoves();
    void graceCountsDown();
    void lockedLocksByok();
    void clockRollbackAcrossRestart();
    void rejectedAtStart_data();
    void rejectedAtStart();
    void certificateOfAnotherUser();
    void damagedStoreIsNone();
    void noCertificate();
    void malformedKeyRefusedBeforeAnyCall_data();
    void malformedKeyRefusedBeforeAnyCall();
    void deactivateWithoutActivation();
    void deactivateOfflineWithoutOutboxFails();
    void importNeedsPinnedKeys();
    void seatListNeedsTheKey();
    void contextDestroyedDropsTheAnswer();
};

void TestLicenseManager::validAtStart()
{
    Rig rig(at(u"2026-03-10T12:00:00Z"));
    rig.store(issue(rig.payload()));
    QSignalSpy changed(rig.manager.get(), &LicenseManager::stateChanged);
    const LicenseStatusSnapshot s = rig.start();
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.first().at(0).value<LicenseStatusSnapshot>().status, Status::Valid);
    QCOMPARE(s.status, Status::Valid);
    QVERIFY(!s.problem);
    QCOMPARE(s.activationId, kActivationId);
    QCOMPARE(s.validUntilMs, std::optional<std::int64_t>(at(u"2026-03-31T00:00:00Z")));
    QVERIFY(s.byokEnabled);
    QVERIFY(!s.online); // the server was not reached
    QCOMPARE(s.nextCheckAtMs, std::optional<std::int64_t>(at(u"2026-03-10T12:15:00Z")));
    QCOMPARE(rig.byokCode(), u"allowed"_s);
}

void TestLicenseManager::renewWindowOpensAsTheClockMoves()
{
    // [CertRenew]
    Rig rig(at(u"2026-03-24T00:00:00Z"));
    rig.store(issue(rig.payload()));
    QCOMPARE(rig.start().status, Status::Valid);
    rig.clock.setNowMs(at(u"2026-03-24T00:00:01Z"));
    const LicenseStatusSnapshot due = rig.check();
    QCOMPARE(due.status, Status::RenewDue);
    QVERIFY(!due.problem); // offline, still valid: nothing to show
    QCOMPARE(rig.byokCode(), u"allowed"_s);
}

void TestLicenseManager::graceCountsDown()
{
    // [CertGrace]
    Rig rig(at(u"2026-04-03T12:00:00Z"));
    rig.store(issue(rig.payload()));
    LicenseStatusSnapshot s = rig.start();
    QCOMPARE(s.status, Status::Grace);
    QCOMPARE(s.graceRemainingMs, 3 * 24 * kHour + 12 * kHour);
    QCOMPARE(rig.byokCode(), u"allowed"_s);

    rig.clock.advanceMs(12 * kHour);
    s = rig.check();
    QCOMPARE(s.status, Status::Grace);
    QCOMPARE(s.graceRemainingMs, 3 * 24 * kHour);
}

void TestLicenseManager::lockedLocksByok()
{
    // [CertLocked]
    Rig rig(at(u"2026-04-07T00:00:00Z"));
    rig.store(issue(rig.payload()));
    QCOMPARE(rig.start().status, Status::Locked);
    QCOMPARE(rig.byokCode(), QString(creditdesk::errc::byokLocked));
}

void TestLicenseManager::clockRollbackAcrossRestart()
{
    // [ClockRollback]
    Rig rig(at(u"2026-03-10T12:00:00Z"));
    rig.store(issue(rig.payload()));
    QCOMPARE(rig.start().status, Status::Valid);

    rig.clock.setNowMs(at(u"2026-03-10T11:54:00Z"));
    rig.reopen();
    const LicenseStatusSnapshot s = rig.start();
    QCOMPARE(s.status, Status::ClockRollback);
    QVERIFY(s.clockWarning);
    QCOMPARE(s.clockBehindMs, 6 * 60'000);
    QVERIFY(s.problem.has_value());
    QCOMPARE(s.problem->code, QString(lerr::clockRollback));
    QCOMPARE(rig.byokCode(), QString(creditdesk::errc::byokLocked));

    rig.clock.setNowMs(at(u"2026-03-10T11:56:00Z"));
    rig.reopen();
    QCOMPARE(rig.start().status, Status::Valid);
}

void TestLicenseManager::rejectedAtStart_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("code");
    QTest::newRow("payload bit flip") << 0 << QString(crypto::errc::certificateBadSignature);
    QTest::newRow("signature bit flip") << 1 << QString(crypto::errc::certificateBadSignature);
    QTest::newRow("signed by an unpinned key") << 2 << QString(crypto::errc::certificateUnknownKey);
    QTest::newRow("another device's") << 3 << QString(lerr::certificateFingerprintMismatch);
    QTest::newRow("payload not JSON") << 4 << QString(crypto::errc::certificateMalformed);
}

void TestLicenseManager::rejectedAtStart()
{
    QFETCH(int, kind);
    QFETCH(QString, code);
    Rig rig(at(u"2026-03-10T12:00:00Z"));
    const QJsonObject genuine = issue(rig.payload());
    crypto::ActivationCertificatePayload foreign = rig.payload();
    foreign.machineFingerprint = kOtherFingerprint;
    const QJsonObject certificates[] = {
        withPayloadBitFlipped(genuine, 9 * 8 + 3),
        withSignatureBitFlipped(genuine, 17),
        issue(rig.payload(), otherKey()),
        issue(foreign),
        signRaw("not json"),
    };
    rig.store(certificates[kind]);
    const LicenseStatusSnapshot s = rig.start();
    QCOMPARE(s.status, Status::Invalid);
    QVERIFY(s.problem.has_value());
    QCOMPARE(s.problem->code, code);
    QVERIFY(!s.validUntilMs.has_value());
    QVERIFY(!s.byokEnabled);
    QCOMPARE(rig.byokCode(), QString(creditdesk::errc::byokNotEntitled));
}

void TestLicenseManager::certificateOfAnotherUser()
{
    Rig rig(at(u"2026-03-10T12:00:00Z"));
    rig.store(issue(rig.payload()));
    QCOMPARE(rig.start().status, Status::Valid);
    rig.manager->setUserId(u"00000000-0000-4000-8000-000000000000"_s);
    QCOMPARE(rig.manager->snapshot().status, Status::Invalid);
    QCOMPARE(rig.manager->snapshot().problem->code, QString(lerr::certificateUserMismatch));
    rig.manager->setUserId(kUserId);
    QCOMPARE(rig.manager->snapshot().status, Status::Valid);
}

void TestLicenseManager::damagedStoreIsNone()
{
    Rig rig(at(u"2026-03-10T12:00:00Z"));
    writeFile(QDir(rig.dir.path()).filePath(CertificateStore::kFileName), "{\"format\":");
    const LicenseStatusSnapshot s = rig.start();
    QCOMPARE(s.status, Status::None);
    QVERIFY(s.problem.has_value());
    QCOMPARE(s.problem->code, QString(lerr::certificateStoreCorrupt));
}

void TestLicenseManager::noCertificate()
{
    Rig rig(at(u"2026-03-10T12:00:00Z"));
    const LicenseStatusSnapshot s = rig.start();
    QCOMPARE(s.status, Status::None);
    QVERIFY(!s.problem);
    QVERIFY(!s.isActivated());
    QCOMPARE(rig.byokCode(), QString(creditdesk::errc::byokNotEntitled));
}

void TestLicenseManager::malformedKeyRefusedBeforeAnyCall_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("reason");
    QTest::newRow("zero") << u"REPHLO-AB2C-DE3F-GH4J-7XQ0"_s << u"character"_s;
    QTest::newRow("short") << u"REPHLO-AB2C"_s << u"group_count"_s;
    QTest::newRow("empty") << QString() << u"empty"_s;
}

void TestLicenseManager::malformedKeyRefusedBeforeAnyCall()
{
    QFETCH(QString, key);
    QFETCH(QString, reason);
    Rig rig(at(u"2026-03-10T12:00:00Z"));
    Outcome<ActivationResult> outcome;
    rig.manager->activate(key, u"Box"_s, nullptr, outcome.callback());
    QVERIFY(!outcome.value->has_value()); // never inside the call
    QVERIFY(outcome.wait());
    QCOMPARE(outcome.result().error().code, QString(creditdesk::errc::licenseKeyMalformed));
    QCOMPARE(outcome.result().error().details.value(u"reason"_s).toString(), reason);

    Outcome<ActivationResult> freeing;
    rig.manager->activateFreeing(key, kActivationId, {}, nullptr, freeing.callback());
    QVERIFY(freeing.wait());
    QCOMPARE(freeing.result().error().code, QString(creditdesk::errc::licenseKeyMalformed));

    QTemporaryDir dir;
    const auto written = rig.manager->writeRequest(key, dir.filePath(u"request.json"_s));
    QCOMPARE(written.error().code, QString(creditdesk::errc::licenseKeyMalformed));
    QVERIFY(!QFile::exists(dir.filePath(u"request.json"_s)));
}

void TestLicenseManager::deactivateWithoutActivation()
{
    Rig rig(at(u"2026-03-10T12:00:00Z"));
    Outcome<DeactivationResult> outcome;
    rig.manager->deactivate({}, nullptr, outcome.callback());
    QVERIFY(outcome.wait());
    QCOMPARE(outcome.result().error().code, QString(lerr::licenseNotActivated));
}

void TestLicenseManager::deactivateOfflineWithoutOutboxFails()
{
    Rig rig(at(u"2026-03-10T12:00:00Z"));
    rig.store(issue(rig.payload()));
    QCOMPARE(rig.start().status, Status::Valid);
    Outcome<DeactivationResult> outcome;
    rig.manager->deactivate({}, nullptr, outcome.callback());
    QVERIFY(outcome.wait());
    QCOMPARE(outcome.result().error().code, QString(api::errc::networkUnreachable));
    // Nothing was given up: the certificate stays.
    QCOMPARE(rig.manager->snapshot().status, Status::Valid);
}

void TestLicenseManager::importNeedsPinnedKeys()
{
    Rig rig(at(u"2026-03-10T12:00:00Z"), PinnedKeys{});
    QTemporaryDir dir;
    const QString request = dir.filePath(u"request.json"_s);
    QVERIFY(rig.manager->writeRequest(kLicenseKey, request).has_value());
    QVERIFY(QFile::exists(request));
    const auto imported = rig.manager->importResponse(dir.filePath(u"response.json"_s));
    QVERIFY(!imported.has_value());
    QCOMPARE(imported.error().code, QString(lerr::noPinnedKeys));
}

void TestLicenseManager::seatListNeedsTheKey()
{
    Rig rig(at(u"2026-03-10T12:00:00Z"), pinnedServerKey(), false);
    Outcome<SeatList> unknown;
    rig.manager->devices({}, nullptr, unknown.callback());
    QVERIFY(unknown.wait());
    QCOMPARE(unknown.result().error().code, QString(lerr::licenseKeyRequired));

    Outcome<SeatList> malformed;
    rig.manager->devices(u"REPHLO-AB2C"_s, nullptr, malformed.callback());
    QVERIFY(malformed.wait());
    QCOMPARE(malformed.result().error().code, QString(creditdesk::errc::licenseKeyMalformed));

    // A well-formed key goes to the server (unreachable here).
    Outcome<SeatList> offline;
    rig.manager->devices(kLicenseKey, nullptr, offline.callback());
    QVERIFY(offline.wait());
    QCOMPARE(offline.result().error().code, QString(api::errc::networkUnreachable));
}

void TestLicenseManager::contextDestroyedDropsTheAnswer()
{
    Rig rig(at(u"2026-03-10T12:00:00Z"));
    auto context = std::make_unique<QObject>();
    bool called = false;
    rig.manager->activate(u"bad"_s, {}, context.get(),
                          [&called](Result<ActivationResult>) { called = true; });
    context.reset();
    QTest::qWait(50);
    QVERIFY(!called);
}

QTEST_GUILESS_MAIN(TestLicenseManager)
#include "test_license_manager.moc"

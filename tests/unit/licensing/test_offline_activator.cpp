#include "core/crypto/crypto_errors.h"
#include "core/crypto/primitives.h"
#include "core/domain/clock.h"
#include "core/licensing/certificate_store.h"
#include "core/licensing/clock_guard.h"
#include "core/licensing/license_verifier.h"
#include "core/licensing/licensing_errors.h"
#include "core/licensing/offline_activator.h"
#include "tests/unit/licensing/licensing_fixtures.h"

#include <QDir>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::licensing;
using namespace creditdesk::licensing::test;
namespace lerr = creditdesk::licensing::errc;
using Kind = LicenseState::Kind;

namespace {

const DeviceDescription kDevice{u"build-box"_s, u"debian"_s};

VerificationContext offlineContext()
{
    return VerificationContext{kFingerprint, kUserId, {}, u"1.4.2"_s};
}

// What the server (endpoint or CLI) answers to `request`, signed by `key`.
crypto::OfflineActivationResponse answer(const crypto::OfflineActivationRequest &request,
                                         const crypto::Ed25519PrivateKey &key = serverKey())
{
    crypto::ActivationCertificatePayload payload = samplePayload();
    payload.machineFingerprint = request.machineFingerprint;
    payload.licenseKeySha256 = crypto::licenseKeySha256(request.licenseKey);
    return crypto::OfflineActivationResponse{kActivationId, kLicenseId, request.nonce, issue(payload, key)};
}

} // namespace

class TestOfflineActivator : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    ManualClock m_clock{at(u"2026-03-10T12:00:00Z")};
    PinnedKeys m_keys = pinnedServerKey();
    std::unique_ptr<ClockGuard> m_guard;
    std::unique_ptr<CertificateStore> m_store;
    std::unique_ptr<LicenseVerifier> m_verifier;
    std::unique_ptr<OfflineActivator> m_activator;

    crypto::OfflineActivationRequest request()
    {
        auto created = m_activator->createRequest(u"  rephlo-ab2c-de3f-gh4j-7xq2 "_s, kFingerprint, kDevice);
        if (!created)
            qFatal("createRequest failed: %s", qPrintable(created.error().code));
        return *created;
    }

    void expectImportError(const QByteArray &file, QLatin1StringView code,
                           const VerificationContext &context = offlineContext())
    {
        const auto imported = m_activator->importResponse(file, context);
        QVERIFY(!imported);
        QCOMPARE(imported.error().code, QString(code));
        QVERIFY(!m_store->certificate());
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_guard = std::make_unique<ClockGuard>(m_clock, m_dir->path());
        m_store = std::make_unique<CertificateStore>(m_dir->path(), m_clock);
        m_verifier = std::make_unique<LicenseVerifier>(m_keys, *m_guard);
        m_activator = std::make_unique<OfflineActivator>(*m_store, *m_verifier, m_clock);
    }

    void requestFileRoundTrip()
    {
        const crypto::OfflineActivationRequest r = request();
        QCOMPARE(r.licenseKey, kLicenseKey); // normalised
        QCOMPARE(r.machineFingerprint, kFingerprint);
        QCOMPARE(r.deviceName, kDevice.name);
        QCOMPARE(r.osType, kDevice.osType);
        QCOMPARE(r.createdAtMs, m_clock.nowMs());
        QCOMPARE(crypto::base64UrlDecode(r.nonce)->size(), crypto::kOfflineNonceSize);

        const QString path = QDir(m_dir->path()).filePath(u"request.json"_s);
        QVERIFY(OfflineActivator::writeRequestFile(r, path));
        const auto parsed = crypto::OfflineActivationRequest::fromFileBytes(readFile(path));
        QVERIFY(parsed);
        QCOMPARE(*parsed, r);
        QCOMPARE(QJsonDocument::fromJson(readFile(path)).object().value("format"_L1).toString(),
                 u"creditdesk.offline-request.v1"_s);

        const auto pending = CertificateStore(m_dir->path(), m_clock).pendingOfflineRequest(r.nonce);
        QVERIFY(pending);
        QCOMPARE(pending->machineFingerprint, kFingerprint);
        QCOMPARE(pending->licenseKeySha256, crypto::licenseKeySha256(kLicenseKey));
        QCOMPARE(pending->createdAtMs, r.createdAtMs);
        QVERIFY(!readFile(m_store->filePath()).contains(kLicenseKey.toLatin1())); // only its hash
        QVERIFY(request().nonce != r.nonce);
    }

    void requestNeedsAValidKeyAndFingerprint()
    {
        const auto badKey = m_activator->createRequest(u"REPHLO-0000-0000-0000-0000", kFingerprint, kDevice);
        QCOMPARE(badKey.error().code, u"license_key_malformed"_s);
        const auto badFingerprint = m_activator->createRequest(kLicenseKey, u"ABC"_s, kDevice);
        QCOMPARE(badFingerprint.error().code, u"invalid_fingerprint"_s);
        QVERIFY(m_store->pendingOfflineRequests().isEmpty());
    }

    void requestFileWriteFailure()
    {
        const QString path = QDir(m_dir->path()).filePath(u"missing/dir/request.json"_s);
        QCOMPARE(OfflineActivator::writeRequestFile(request(), path).error().code,
                 QString(lerr::offlineFileIo));
    }

    void goodResponseStoresTheCertificate()
    {
        const crypto::OfflineActivationRequest r = request();
        const QString path = QDir(m_dir->path()).filePath(u"response.json"_s);
        writeFile(path, answer(r).toFileBytes());
        const auto imported = m_activator->importResponseFile(path, offlineContext());
        QVERIFY2(imported, qPrintable(imported ? QString() : imported.error().code));
        QCOMPARE(imported->kind, Kind::Valid);
        QCOMPARE(imported->activationId, kActivationId);
        QCOMPARE(imported->versionEligible, std::optional(true));
        QVERIFY(m_store->pendingOfflineRequests().isEmpty());

        CertificateStore restarted(m_dir->path(), m_clock);
        QCOMPARE(restarted.certificate()->certificate, answer(r).certificate);
        QCOMPARE(restarted.certificate()->activationId, kActivationId);
        QCOMPARE(m_verifier->evaluateStored(restarted, offlineContext()).kind, Kind::Valid);
    }

    void anEarlierRequestStillImports()
    {
        const crypto::OfflineActivationRequest first = request();
        (void)request(); // written again by mistake
        QVERIFY(m_activator->importResponse(answer(first).toFileBytes(), offlineContext()));
        QCOMPARE(m_store->pendingOfflineRequests().size(), 1);
    }

    void noPendingRequest()
    {
        crypto::OfflineActivationRequest r = request();
        QVERIFY(m_store->removePendingOfflineRequest(r.nonce));
        expectImportError(answer(r).toFileBytes(), lerr::offlineNoPendingRequest);
    }

    void wrongNonce()
    {
        const crypto::OfflineActivationRequest r = request();
        crypto::OfflineActivationResponse response = answer(r);
        response.nonce = crypto::base64UrlEncode(QByteArray(16, '\x07'));
        expectImportError(response.toFileBytes(), lerr::offlineNonceMismatch);
        QVERIFY(m_store->pendingOfflineRequest(r.nonce)); // still waiting for the right file
    }

    void otherDevice()
    {
        crypto::OfflineActivationRequest r = request();
        crypto::OfflineActivationRequest forOther = r;
        forOther.machineFingerprint = kOtherFingerprint;
        expectImportError(answer(forOther).toFileBytes(), lerr::offlineFingerprintMismatch);

        // The profile copied to another machine: the request was not made here.
        VerificationContext elsewhere = offlineContext();
        elsewhere.machineFingerprint = kOtherFingerprint;
        expectImportError(answer(r).toFileBytes(), lerr::offlineFingerprintMismatch, elsewhere);
    }

    void badSignature()
    {
        const crypto::OfflineActivationRequest r = request();
        crypto::OfflineActivationResponse response = answer(r);
        QByteArray signature =
            crypto::base64UrlDecode(response.certificate.value("signature"_L1).toString()).value();
        signature[10] = static_cast<char>(signature[10] ^ 0x01);
        response.certificate[u"signature"_s] = crypto::base64UrlEncode(signature);
        expectImportError(response.toFileBytes(), crypto::errc::certificateBadSignature);
    }

    void unpinnedKey()
    {
        expectImportError(answer(request(), otherKey()).toFileBytes(), crypto::errc::certificateUnknownKey);
    }

    void otherLicenseKey()
    {
        crypto::OfflineActivationRequest r = request();
        r.licenseKey = u"REPHLO-2222-3333-4444-5555"_s; // the server answered for another key
        expectImportError(answer(r).toFileBytes(), lerr::certificateLicenseKeyMismatch);
    }

    void otherUser()
    {
        const crypto::OfflineActivationRequest r = request();
        VerificationContext context = offlineContext();
        context.userId = u"11111111-2222-4333-8444-555555555555"_s;
        expectImportError(answer(r).toFileBytes(), lerr::certificateUserMismatch, context);
    }

    void malformedResponse_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("code");
        QTest::newRow("not json") << QByteArray("{\"format\":")
                                  << QString(crypto::errc::offlineFileMalformed);
        QTest::newRow("no certificate")
            << QByteArray(
                   R"({"format":"creditdesk.offline-response.v1","activation_id":"a","license_id":"l","nonce":"AAAAAAAAAAAAAAAAAAAAAA"})")
            << QString(crypto::errc::offlineFileMalformed);
        QTest::newRow("a request file") << QByteArray(R"({"format":"creditdesk.offline-request.v1"})")
                                        << QString(crypto::errc::offlineFormatUnsupported);
        QTest::newRow("huge") << QByteArray(70 * 1024, ' ') << QString(crypto::errc::offlineFileMalformed);
    }

    void malformedResponse()
    {
        QFETCH(QByteArray, file);
        QFETCH(QString, code);
        (void)request();
        const auto imported = m_activator->importResponse(file, offlineContext());
        QVERIFY(!imported);
        QCOMPARE(imported.error().code, code);
    }

    void malformedCertificateInResponse()
    {
        const crypto::OfflineActivationRequest r = request();
        crypto::OfflineActivationResponse response = answer(r);
        response.certificate[u"payload"_s] = u"!!"_s;
        expectImportError(response.toFileBytes(), crypto::errc::certificateMalformed);
    }

    void unreadableResponseFile()
    {
        const auto imported =
            m_activator->importResponseFile(QDir(m_dir->path()).filePath(u"nope.json"_s), offlineContext());
        QCOMPARE(imported.error().code, QString(lerr::offlineFileIo));
    }
};

QTEST_GUILESS_MAIN(TestOfflineActivator)
#include "test_offline_activator.moc"

#include "core/licensing/offline_activator.h"

#include "core/crypto/activation_certificate.h"
#include "core/domain/clock.h"
#include "core/domain/license_rules.h"
#include "core/licensing/certificate_store.h"
#include "core/licensing/license_verifier.h"
#include "core/licensing/licensing_errors.h"
#include "core/licensing/licensing_log.h"

#include <QFile>
#include <QSaveFile>
#include <QSysInfo>

using namespace Qt::StringLiterals;

namespace creditdesk::licensing {

namespace {

// The crypto parser refuses anything larger; one more byte tells it so.
constexpr qint64 kMaxResponseFileSize = 64 * 1024 + 1;
constexpr qsizetype kMaxDeviceNameSize = 255;

std::unexpected<Error> fileError(const QString &what, const QString &path, const QString &why)
{
    return fail(errc::offlineFileIo, what + u": "_s + why, {{u"path"_s, path}});
}

} // namespace

DeviceDescription DeviceDescription::current()
{
    return DeviceDescription{QSysInfo::machineHostName().left(kMaxDeviceNameSize), QSysInfo::productType()};
}

OfflineActivator::OfflineActivator(CertificateStore &store, LicenseVerifier &verifier, const Clock &clock)
    : m_store(store)
    , m_verifier(verifier)
    , m_clock(clock)
{}

Result<crypto::OfflineActivationRequest> OfflineActivator::createRequest(QStringView licenseKey,
                                                                         const QString &machineFingerprint,
                                                                         const DeviceDescription &device)
{
    const auto key = normalizeLicenseKey(licenseKey);
    if (!key)
        return std::unexpected(key.error());
    if (auto fingerprint = validateFingerprint(machineFingerprint); !fingerprint)
        return std::unexpected(fingerprint.error());
    auto request = crypto::OfflineActivationRequest::create(*key, machineFingerprint, device.name,
                                                            device.osType, m_clock.nowMs());
    if (!request)
        return request;
    const PendingOfflineRequest pending{request->nonce, machineFingerprint, crypto::licenseKeySha256(*key),
                                        request->createdAtMs};
    if (auto remembered = m_store.addPendingOfflineRequest(pending); !remembered)
        return std::unexpected(remembered.error());
    qCInfo(lcLicensing).noquote() << "offline activation request created for" << maskLicenseKey(*key);
    return request;
}

Result<void> OfflineActivator::writeRequestFile(const crypto::OfflineActivationRequest &request,
                                                const QString &path)
{
    const QByteArray bytes = request.toFileBytes();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fileError(u"cannot create the request file"_s, path, file.errorString());
    if (file.write(bytes) != bytes.size() || !file.commit())
        return fileError(u"cannot write the request file"_s, path, file.errorString());
    return {};
}

Result<LicenseState> OfflineActivator::importResponseFile(const QString &path,
                                                          const VerificationContext &context)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fileError(u"cannot open the response file"_s, path, file.errorString());
    const QByteArray bytes = file.read(kMaxResponseFileSize);
    if (file.error() != QFileDevice::NoError)
        return fileError(u"cannot read the response file"_s, path, file.errorString());
    return importResponse(bytes, context);
}

Result<LicenseState> OfflineActivator::importResponse(QByteArrayView fileBytes,
                                                      const VerificationContext &context)
{
    const auto response = crypto::OfflineActivationResponse::fromFileBytes(fileBytes);
    if (!response)
        return std::unexpected(response.error());

    const auto pending = m_store.pendingOfflineRequest(response->nonce);
    if (!pending) {
        if (m_store.pendingOfflineRequests().isEmpty())
            return fail(errc::offlineNoPendingRequest,
                        u"no offline activation request is waiting for a response"_s);
        return fail(errc::offlineNonceMismatch, u"the response answers a request this device did not make"_s);
    }
    if (pending->machineFingerprint != context.machineFingerprint)
        return fail(errc::offlineFingerprintMismatch, u"the request was made on another device"_s);

    VerificationContext checks = context;
    checks.licenseKeySha256 = pending->licenseKeySha256;
    auto installed = m_verifier.install(m_store, response->certificate, response->activationId, checks);
    if (!installed) {
        if (installed.error().is(errc::certificateFingerprintMismatch))
            return fail(errc::offlineFingerprintMismatch,
                        u"the response's certificate is for another device"_s);
        return std::unexpected(installed.error());
    }
    if (auto forgotten = m_store.removePendingOfflineRequest(pending->nonce); !forgotten)
        qCWarning(lcLicensing).noquote()
            << "answered offline request not forgotten:" << forgotten.error().code;
    qCInfo(lcLicensing) << "offline activation response imported";
    return installed;
}

} // namespace creditdesk::licensing

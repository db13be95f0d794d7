#pragma once

#include "core/crypto/offline_activation.h"
#include "core/domain/error.h"
#include "core/licensing/license_state.h"

#include <QByteArrayView>
#include <QString>
#include <QStringView>

namespace creditdesk {
class Clock;
}

namespace creditdesk::licensing {

class CertificateStore;
class LicenseVerifier;
struct VerificationContext;

// The device_name and os_type a request carries.
struct DeviceDescription {
    QString name;
    QString osType;

    // The host name and QSysInfo::productType() ("debian", "windows", "macos").
    [[nodiscard]] static DeviceDescription current();
};

// Offline activation on this device (api-contract §10.3): writes the request
// file and remembers its nonce, then imports the response file the server
// (endpoint or CLI) produced for it.
class OfflineActivator {
public:
    OfflineActivator(CertificateStore &store, LicenseVerifier &verifier, const Clock &clock);

    // A request with a fresh nonce, remembered as pending in the store.
    // license_key_malformed, invalid_fingerprint, profile_file_io.
    [[nodiscard]] Result<crypto::OfflineActivationRequest>
    createRequest(QStringView licenseKey, const QString &machineFingerprint, const DeviceDescription &device);
    // Atomically; offline_file_io. The file holds the license key: it is the
    // user's to carry, never logged.
    [[nodiscard]] static Result<void> writeRequestFile(const crypto::OfflineActivationRequest &request,
                                                       const QString &path);

    // Checks, in order: the file (offline_file_malformed,
    // offline_format_unsupported); a pending request with its nonce
    // (offline_no_pending_request, offline_nonce_mismatch) made on this
    // device (offline_fingerprint_mismatch); the certificate's signature by a
    // pinned key (certificate_malformed, certificate_unknown_key,
    // certificate_bad_signature); the certificate's device
    // (offline_fingerprint_mismatch), license key (that of the request:
    // certificate_license_key_mismatch) and user (certificate_user_mismatch,
    // when context.userId is set). Then stores the certificate, rebases the
    // clock guard on its issue time and forgets the request (profile_file_io).
    [[nodiscard]] Result<LicenseState> importResponse(QByteArrayView fileBytes,
                                                      const VerificationContext &context);
    // offline_file_io, then as importResponse.
    [[nodiscard]] Result<LicenseState> importResponseFile(const QString &path,
                                                          const VerificationContext &context);

private:
    CertificateStore &m_store;
    LicenseVerifier &m_verifier;
    const Clock &m_clock;
};

} // namespace creditdesk::licensing

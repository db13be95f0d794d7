#pragma once

#include "core/domain/error.h"
#include "core/licensing/license_state.h"

#include <QJsonObject>
#include <QString>

namespace creditdesk::licensing {

class CertificateStore;
class ClockGuard;
class PinnedKeys;

// Who and what a certificate must match on this device.
struct VerificationContext {
    QString machineFingerprint; // this device (DeviceFingerprint); always checked
    QString userId;             // the signed-in user; empty: not signed in, not checked
    QString licenseKeySha256;   // when the key is known here; empty: not checked
    QString appVersion;         // the running app, e.g. "1.4.2"; empty: not checked
};

// Verifies an activation certificate against the pinned keys, then this
// device's fingerprint, the license key hash and the user, then its time
// window at the clock guard's effective now (domain evaluateCertificate and
// checkClock: no rule is repeated here).
class LicenseVerifier {
public:
    LicenseVerifier(const PinnedKeys &keys, ClockGuard &clock);

    // Every start: the stored certificate. A damaged or unreadable store
    // gives NoCertificate with the store's error as reason.
    [[nodiscard]] LicenseState evaluateStored(CertificateStore &store, const VerificationContext &context);
    [[nodiscard]] LicenseState evaluate(const QJsonObject &certificate, const VerificationContext &context);

    // A certificate just received from the server (activation, renewal,
    // offline response): verified, stored, and its signed issue time rebases
    // the clock guard (the online re-check that lifts a rollback lock).
    // A certificate that evaluates Invalid is not stored and its reason is
    // the error; a store failure is profile_file_io / profile_file_too_new.
    [[nodiscard]] Result<LicenseState> install(CertificateStore &store, const QJsonObject &certificate,
                                               const QString &activationId,
                                               const VerificationContext &context);

private:
    [[nodiscard]] LicenseState evaluateAt(const QJsonObject &certificate, const VerificationContext &context,
                                          const ClockReading &reading) const;

    const PinnedKeys &m_keys;
    ClockGuard &m_clock;
};

} // namespace creditdesk::licensing

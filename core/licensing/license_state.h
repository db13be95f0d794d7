#pragma once

#include "core/crypto/activation_certificate.h"
#include "core/domain/client_rules.h"
#include "core/domain/enums.h"
#include "core/domain/error.h"
#include "core/licensing/clock_guard.h"

#include <QString>
#include <QStringView>

#include <cstdint>
#include <optional>

namespace creditdesk::licensing {

// What the app knows at start about this device's activation.
struct LicenseState {
    enum class Kind {
        NoCertificate, // never activated here, or the stored file was damaged (see reason)
        Valid,         // now < valid_until − 7 days
        RenewDue,      // valid, but valid_until − now < 7 days: renew when online
        Grace,         // past valid_until: BYOK still allowed for graceRemainingMs
        Locked,        // past valid_until + 7 days: BYOK locked until an online re-check
        ClockRollback, // the clock was set back: BYOK locked until an online re-check
        Invalid,       // rejected: see reason
    };

    Kind kind = Kind::NoCertificate;
    // Invalid: why (certificate_bad_signature, certificate_user_mismatch, …).
    // ClockRollback: clock_rollback with details {now, high_water, behind_ms, source}.
    // NoCertificate: set when a stored file was set aside or unreadable.
    std::optional<Error> reason;
    // The decoded payload, once its signature, device, key hash and user
    // checked out: every kind except NoCertificate and Invalid.
    std::optional<crypto::ActivationCertificatePayload> certificate;
    QString activationId; // from the store, when known
    ClockReading clock;
    bool shouldRenew = false;          // domain: valid_until − now < 7 days (at the effective now)
    std::int64_t graceRemainingMs = 0; // Grace only
    // The running app against the certificate's eligible major version;
    // nullopt when no app version was given or there is no certificate.
    std::optional<bool> versionEligible;

    [[nodiscard]] bool hasCertificate() const { return certificate.has_value(); }
    [[nodiscard]] std::int64_t validUntilMs() const { return certificate ? certificate->validUntilMs : 0; }
    [[nodiscard]] int eligibleMajorVersion() const
    {
        return certificate ? certificate->eligibleMajorVersion : 0;
    }
    [[nodiscard]] bool byokEnabled() const { return certificate && certificate->byokEnabled; }
    [[nodiscard]] QString tier() const { return certificate ? certificate->tier : QString(); }
};

[[nodiscard]] QString toString(EnumArg<LicenseState::Kind> kind);

// Is the running app (e.g. "1.4.2") covered by a certificate's eligible major
// version? Domain-rules §7: majors compared numerically; invalid_version.
[[nodiscard]] Result<bool> isAppVersionEligible(QStringView appVersion, int eligibleMajorVersion);

// What the mirror says about the user's entitlements (the certificate
// supplies byok_enabled and whether this device is activated).
struct ByokContext {
    std::optional<LicenseStatus> licenseStatus; // nullopt: no perpetual license
    std::optional<SubscriptionEntitlement> subscription;
};

// Domain byokEntitlement over a LicenseState: byok_not_entitled, byok_locked
// (past grace or clock rollback), or license_version_not_eligible when only
// the license would entitle BYOK and it does not cover the running version.
[[nodiscard]] Result<ByokSource> byokAllowed(const LicenseState &state, const ByokContext &context);

} // namespace creditdesk::licensing

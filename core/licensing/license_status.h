#pragma once

#include "core/domain/client_rules.h"
#include "core/domain/enums.h"
#include "core/domain/error.h"
#include "core/domain/utc_time.h"
#include "core/licensing/activation_record.h"
#include "core/licensing/license_state.h"

#include <QMetaType>
#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::licensing {

// What the UI and the CLI show about licensing on this device; they hold no
// rules and read everything from here.
struct LicenseStatusSnapshot {
    enum class Status {
        None,          // not activated on this device
        Valid,         // a verified certificate, more than 7 days left
        RenewDue,      // valid, less than 7 days left: renewed silently when online
        Grace,         // past valid_until: BYOK still allowed for graceRemainingMs
        Locked,        // past the grace period: BYOK locked until an online re-check
        ClockRollback, // the clock was set back: BYOK locked until an online re-check
        Invalid,       // the stored certificate was rejected (problem says why)
        OnlineOnly,    // the server issues no certificates: licensing is checked online only
    };

    Status status = Status::None;
    // Invalid: why (certificate_bad_signature, certificate_unknown_key,
    // certificate_fingerprint_mismatch…). ClockRollback: clock_rollback.
    // None: a damaged store that was set aside. Otherwise server_key_changed,
    // or the last renewal's failure once the certificate is no longer valid
    // (a failure while still valid is only logged).
    std::optional<Error> problem;

    QString maskedLicenseKey; // "REPHLO-****-****-****-WXYZ"; empty when unknown
    QString licenseId;
    QString activationId; // this device's seat
    QString tier;         // the certificate's
    std::optional<LicenseStatus> licenseStatus;
    bool byokEnabled = false; // the license grants BYOK (and covers this app version)
    std::optional<bool> versionEligible;
    std::optional<int> seatsUsed;
    std::optional<int> seatsTotal;

    std::optional<std::int64_t> issuedAtMs;
    std::optional<std::int64_t> validUntilMs;
    std::int64_t graceRemainingMs = 0; // Grace only

    bool clockWarning = false;      // clock set back, or far off the server's
    std::int64_t clockBehindMs = 0; // behind the high-water mark
    std::optional<std::int64_t> serverSkewMs;

    bool online = false;                       // the last check reached the server
    bool serverOnlineOnly = false;             // the server issues no certificates
    std::optional<std::int64_t> lastCheckedMs; // last time the license was confirmed online
    std::optional<std::int64_t> nextCheckAtMs;

    [[nodiscard]] bool isActivated() const { return !activationId.isEmpty(); }
    friend bool operator==(const LicenseStatusSnapshot &, const LicenseStatusSnapshot &) = default;
};

[[nodiscard]] QString toString(EnumArg<LicenseStatusSnapshot::Status> status);

// What the last online check established, and when the next one runs.
struct CheckFacts {
    bool online = false;
    bool onlineOnly = false;
    std::optional<Error> keyProblem;     // server_key_changed, pinned_key_invalid
    std::optional<Error> renewalProblem; // the last failed renewal
    std::optional<std::int64_t> skewMs;  // server − local clock
    std::optional<std::int64_t> nextCheckAtMs;
};

// The snapshot of a verified (or rejected) stored certificate and the
// device's record. The record counts only when it belongs to the
// certificate's license key (or there is no certificate).
[[nodiscard]] LicenseStatusSnapshot buildSnapshot(const LicenseState &state,
                                                  const std::optional<ActivationRecord> &record,
                                                  const CheckFacts &check);

// The license's status as far as this device knows: the last one the server
// reported, else active when a certificate verified (the server issues
// certificates for active licenses only), else unknown.
[[nodiscard]] std::optional<LicenseStatus> knownLicenseStatus(const LicenseState &state,
                                                              const std::optional<ActivationRecord> &record);

// The license part of domain ByokInputs (subscription left empty):
// entitlement, certificate valid_until, the clock and its high-water mark.
[[nodiscard]] ByokInputs licenseByokInputs(const LicenseState &state,
                                           const std::optional<ActivationRecord> &record, std::int64_t nowMs,
                                           std::int64_t highWaterMs);

inline constexpr std::int64_t kLicenseCheckIntervalMs = kMsPerDay;
inline constexpr std::int64_t kOfflineRetryMs = 15 * 60'000;
inline constexpr std::int64_t kMinCheckDelayMs = 60'000;

// When to check again after a check at the effective `nowMs`: 15 minutes
// after an offline attempt; otherwise the next of the daily check, the
// start of the renew window, valid_until, the end of the grace period and
// (when a renewal is due) the next renewal attempt RenewalPolicy allows;
// never sooner than a minute.
[[nodiscard]] std::int64_t nextCheckAtMs(const LicenseState &state, bool online, std::int64_t nowMs,
                                         std::optional<std::int64_t> nextRenewalAttemptAtMs);

} // namespace creditdesk::licensing

Q_DECLARE_METATYPE(creditdesk::licensing::LicenseStatusSnapshot)

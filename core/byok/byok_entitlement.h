#pragma once

#include "core/domain/client_rules.h"
#include "core/domain/error.h"
#include "core/store/mirror_types.h"

#include <cstdint>
#include <functional>
#include <optional>

namespace creditdesk::licensing {
struct LicenseState;
}

namespace creditdesk::byok {

// What the licensing layer knows about this device when the mode changes.
// Kept this small so any licensing front end (today LicenseVerifier's
// LicenseState, later a LicenseManager) can supply it.
struct LicensingSnapshot {
    // valid_until of an activation certificate that verified for this device
    // (pinned signature, fingerprint, user); nullopt: none.
    std::optional<std::int64_t> certificateValidUntilMs;
    bool certificateByokEnabled = false;
    // The running app is within the certificate's eligible major version.
    bool versionEligible = true;
    std::int64_t nowMs = 0;       // the local clock
    std::int64_t highWaterMs = 0; // the clock guard's mark
};

// Asked at the moment of each decision, on the caller's thread.
using LicensingSource = std::function<LicensingSnapshot()>;

// From LicenseVerifier's evaluation. Invalid or missing certificates give no
// certificate; the clock reading is taken as it is.
[[nodiscard]] LicensingSnapshot snapshotOf(const licensing::LicenseState &state);

// What the mirror says about the user: their subscription (none = free) and
// perpetual license (none = no license).
struct EntitlementFacts {
    std::optional<store::Subscription> subscription;
    std::optional<store::License> license;
    // When a sync last brought the subscription from the server: stands in
    // for a certificate for tier BYOK (core/domain byokEntitlement).
    std::optional<std::int64_t> subscriptionConfirmedAtMs;
};

// Domain byokEntitlement (domain-rules §9) over the mirror and the licensing
// snapshot, with the why for the UI in the error details:
// - byok_not_entitled: details.reasons (first also in details.reason), from
//   tier_without_byok, subscription_inactive, license_not_active,
//   license_byok_disabled, license_version_not_eligible,
//   device_not_activated, no_certificate; plus tier, subscription_status,
//   license_status (when there is a license) and has_certificate;
// - byok_locked: details.reason clock_rollback (with behind_ms) or
//   certificate_grace_over (with valid_until_ms: the license certificate's,
//   or for tier BYOK without one, the subscription confirmation's + 30 days,
//   i.e. "sync to unlock").
[[nodiscard]] Result<ByokSource> evaluateByok(const EntitlementFacts &facts,
                                              const LicensingSnapshot &licensing);

} // namespace creditdesk::byok

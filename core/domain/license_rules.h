#pragma once

#include "core/domain/enums.h"
#include "core/domain/error.h"
#include "core/domain/money.h"

#include <QLatin1StringView>
#include <QString>
#include <QStringView>

#include <compare>
#include <cstdint>

namespace creditdesk {

// Perpetual license rules (domain-rules §7).

// `REPHLO-` + four dash-joined groups of four symbols from this alphabet
// (no 0, O, 1, I), no checksum.
inline constexpr QLatin1StringView kLicenseKeyAlphabet{"23456789ABCDEFGHJKLMNPQRSTUVWXYZ"};
inline constexpr QLatin1StringView kLicenseKeyPrefix{"REPHLO"};
inline constexpr int kMaxActivations = 3;

// Trim, upper-case, drop spaces, then ^REPHLO(-[2-9A-HJ-NP-Z]{4}){4}$, else
// `license_key_malformed`.
[[nodiscard]] Result<QString> normalizeLicenseKey(QStringView raw);
// For logs: "REPHLO-****-****-****-WXYZ" (keys are never logged in full).
[[nodiscard]] QString maskLicenseKey(QStringView normalizedKey);

// 64 lower-case hex digits (SHA-256 of machine id + app salt), else
// `invalid_fingerprint`.
[[nodiscard]] Result<QString> validateFingerprint(QStringView fingerprint);

struct SemVer {
    std::int64_t major = 0;
    std::int64_t minor = 0;
    std::int64_t patch = 0;
    QString preRelease; // "beta.1"; build metadata is dropped
};

// "1.4.2", "2.0.0-beta.1", "1.0.0+build.5"; else `invalid_version`.
[[nodiscard]] Result<SemVer> parseSemVer(QStringView text);
// "<major>.99.99"
[[nodiscard]] QString eligibleUntilVersion(std::int64_t major);
// Eligible iff the requested major ≤ the major of `eligibleUntil`, compared
// numerically (Decision: the cloud compares strings). Either unparsable →
// `invalid_version`.
[[nodiscard]] Result<bool> isVersionEligible(QStringView requested, QStringView eligibleUntil);

// License status: pending → active (first activation) ↔ suspended; revoked
// and expired are final. Anything else → `invalid_transition`.
[[nodiscard]] Result<void> checkLicenseTransition(LicenseStatus from, LicenseStatus to);
[[nodiscard]] bool licenseAllowsByok(LicenseStatus status); // active only

enum class ActivationOutcome {
    Touch,    // fingerprint already active: refresh last_seen_at
    Activate, // new (or reused) activation row, count + 1, pending → active
};

// Order of checks: license_revoked / license_suspended / license_expired,
// then an already-active fingerprint, then `activation_limit_reached`.
[[nodiscard]] Result<ActivationOutcome> decideActivation(LicenseStatus status, int activeCount,
                                                         int maxActivations, bool fingerprintActive);
// Deactivate and replace need an active seat, else `activation_not_active`.
[[nodiscard]] Result<void> checkSeatActive(ActivationStatus status);

// Major upgrade (real cloud): 9,900 ¢; early bird −20 % within 90 days of the
// target's release; loyalty −30 % after an earlier completed upgrade; only
// the larger discount applies.
inline constexpr std::int64_t kMajorUpgradeBaseCents = 9'900;
inline constexpr std::int64_t kEarlyBirdDays = 90;

enum class UpgradeDiscount { None, EarlyBird, Loyalty };

struct UpgradePrice {
    Money base;
    Money earlyBirdDiscount; // the applied one only; the other is 0
    Money loyaltyDiscount;
    Money finalPrice;
    UpgradeDiscount reason = UpgradeDiscount::None;
};

[[nodiscard]] UpgradePrice majorUpgradePrice(std::int64_t nowMs, std::int64_t targetReleaseMs,
                                             bool hasCompletedUpgrade);

} // namespace creditdesk

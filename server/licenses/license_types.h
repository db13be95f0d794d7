#pragma once

#include "core/domain/enums.h"
#include "core/domain/money.h"

#include <QLatin1StringView>
#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::server {

// Wire error codes of the licenses area (api-contract §8, §10.1–10.3) that
// the domain layer does not produce itself.
namespace licerr {
inline constexpr QLatin1StringView licenseNotFound{"license_not_found"};
inline constexpr QLatin1StringView activationNotFound{"activation_not_found"};
inline constexpr QLatin1StringView validationError{"validation_error"};
inline constexpr QLatin1StringView conflict{"conflict"};
inline constexpr QLatin1StringView offlineRequestExpired{"offline_request_expired"};
inline constexpr QLatin1StringView userNotFound{"user_not_found"};
inline constexpr QLatin1StringView certificateUnavailable{"certificate_unavailable"};
} // namespace licerr

// A new license: $199.00 once (domain-rules §7), version 1.0.0 unless told.
inline constexpr std::int64_t kLicensePriceCents = 19'900;
inline constexpr std::int64_t kCertificateValidityDays = 30;
// Offline requests (api-contract §10.3): at most 7 days old, 5 minutes ahead.
inline constexpr std::int64_t kOfflineRequestMaxAgeDays = 7;
inline constexpr std::int64_t kOfflineRequestMaxSkewMs = 5 * 60 * 1000;

struct LicenseRecord {
    QString id;
    QString userId;
    QString licenseKey; // normalised; never logged in full
    LicenseStatus status = LicenseStatus::Pending;
    Money purchasePrice;
    QString purchasedVersion;
    QString eligibleUntilVersion;
    int maxActivations = 3;
    int currentActivations = 0;
    bool byokEnabled = true;
    std::int64_t purchasedAtMs = 0;
    std::optional<std::int64_t> activatedAtMs;
    std::optional<std::int64_t> expiresAtMs;
    std::optional<std::int64_t> revokedAtMs;

    // The stored status, or `expired` once expires_at has passed.
    [[nodiscard]] LicenseStatus effectiveStatus(std::int64_t nowMs) const
    {
        if (expiresAtMs && *expiresAtMs <= nowMs &&
            (status == LicenseStatus::Pending || status == LicenseStatus::Active ||
             status == LicenseStatus::Suspended))
            return LicenseStatus::Expired;
        return status;
    }
};

// What a device says about itself; the optional texts are checked and
// stored verbatim (bound), empty = NULL.
struct DeviceInfo {
    QString fingerprint;
    QString deviceName;
    QString osType;
    QString osVersion;
    QString cpuInfo;
};

struct ActivationRecord {
    QString id;
    QString licenseId;
    QString fingerprint;
    QString deviceName; // empty = NULL
    QString osType;
    QString osVersion;
    QString cpuInfo;
    ActivationStatus status = ActivationStatus::Active;
    QString replacedById;
    std::int64_t activatedAtMs = 0;
    std::int64_t lastSeenAtMs = 0;
    std::optional<std::int64_t> deactivatedAtMs;
};

struct UpgradeRecord {
    QString id;
    QString licenseId;
    QString fromVersion;
    QString toVersion;
    Money basePrice;
    Money earlyBirdDiscount;
    Money loyaltyDiscount;
    Money upgradePrice;
    QString discountReason; // empty = NULL
    QString status;         // upgrade_status label
    QString paymentIntentId;
    std::int64_t purchasedAtMs = 0;
};

struct AppRelease {
    QString version;
    std::int64_t major = 0;
    std::int64_t releasedAtMs = 0;
};

} // namespace creditdesk::server

#pragma once

#include "core/domain/money.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

// Typed results of CloudClient: licenses, coupons, sync state and health
// (api-contract §3, §8, §9, §10). Units as in account_types.h. License keys
// are credentials: these structs hold them as the server sent them; never log
// them (maskLicenseKey).
namespace creditdesk::api {

// deviceInfo / newDeviceInfo of activate and replace.
struct DeviceInfo {
    QString fingerprint; // ≤ 64 characters
    QString deviceName;  // optional fields: empty = not sent
    QString osType;
    QString osVersion;
    QString cpuInfo;
};

// Activate (201 new / 200 already active) and replace (S envelope).
struct Activation {
    QString activationId;
    QString licenseId;
    QString machineFingerprint;
    QString deviceName;
    QString status;
    std::int64_t activatedAtMs = 0;
    std::optional<bool> isNewActivation; // activate only
    // {payload, signature, key_id} (§10.1), shape-checked; verify with
    // crypto::verifyCertificate. Absent from the real cloud.
    std::optional<QJsonObject> certificate;
    friend bool operator==(const Activation &, const Activation &) = default;
};

// GET /api/licenses/me (S envelope; null → nullopt)
struct MyLicense {
    QString id;
    QString licenseKey;
    QString status;
    QString purchasedVersion;
    QString eligibleUntilVersion;
    std::int64_t maxActivations = 0;
    std::int64_t activeDeviceCount = 0;
    std::int64_t purchasedAtMs = 0;
    std::optional<bool> byokEnabled; // ours only
    friend bool operator==(const MyLicense &, const MyLicense &) = default;
};

// GET /api/licenses/:key
struct LicenseActivationSummary {
    QString id;
    QString deviceName;
    QString osType;
    QString status;
    std::int64_t activatedAtMs = 0;
    friend bool operator==(const LicenseActivationSummary &, const LicenseActivationSummary &) = default;
};

struct VersionUpgrade {
    QString id;
    QString fromVersion; // absent from the real cloud's license details
    QString toVersion;
    std::optional<Money> upgradePrice;
    QString status;
    std::int64_t purchasedAtMs = 0;
    friend bool operator==(const VersionUpgrade &, const VersionUpgrade &) = default;
};

struct LicenseDetails {
    QString id;
    QString licenseKey;
    QString purchasedVersion;
    QString eligibleUntilVersion;
    std::int64_t maxActivations = 0;
    std::int64_t currentActivations = 0; // may drift on the real cloud: count devices
    QString status;
    std::int64_t purchasedAtMs = 0;
    std::optional<std::int64_t> activatedAtMs;
    QList<LicenseActivationSummary> activations;
    QList<VersionUpgrade> versionUpgrades;
    friend bool operator==(const LicenseDetails &, const LicenseDetails &) = default;
};

// GET /api/licenses/:key/devices (active seats, newest first)
struct LicenseDevice {
    QString id; // activation id
    QString deviceName;
    QString osType;
    QString osVersion;
    QString cpuInfo;
    std::int64_t activatedAtMs = 0;
    std::int64_t lastSeenAtMs = 0;
    friend bool operator==(const LicenseDevice &, const LicenseDevice &) = default;
};

struct LicenseDevices {
    QString licenseKey;
    std::int64_t maxActivations = 0;
    std::int64_t currentActivations = 0;
    QList<LicenseDevice> devices;
    friend bool operator==(const LicenseDevices &, const LicenseDevices &) = default;
};

// GET /api/licenses/:key/version-eligibility/:version
struct VersionEligibility {
    QString licenseKey;
    QString requestedVersion;
    bool isEligible = false;
    bool isFree = false;
    bool requiresPayment = false;
    QString minVersion;
    QString maxVersion;
    friend bool operator==(const VersionEligibility &, const VersionEligibility &) = default;
};

// GET /api/licenses/certificate (§10.1)
struct CertificateRenewal {
    QString activationId;
    QString licenseId;
    QJsonObject certificate;
    friend bool operator==(const CertificateRenewal &, const CertificateRenewal &) = default;
};

// GET /api/licenses/public-keys (§10.1), current first
struct PublicKeyInfo {
    QString keyId;
    QString algorithm; // Ed25519
    QString publicKey; // base64url of the raw 32 bytes
    friend bool operator==(const PublicKeyInfo &, const PublicKeyInfo &) = default;
};

// ---- Coupons (§9) ----

// POST /api/coupons/validate. The app always sends user and tier (§9).
struct CouponCheck {
    QString code;
    QString userId;
    QString subscriptionTier;
    std::optional<Money> cartTotal;
    QString deviceFingerprint;
};

struct CouponValidation {
    // coupon: {code, discount_type, discount_amount}
    QString code;
    QString discountType;
    Money discountAmount;
    // discount: {couponType, discountType, originalAmount, discountAmount, finalAmount, …}
    QString couponType;
    QString discountTypeApplied;
    Money originalAmount;
    Money discountApplied; // credit and free-month coupons: 0
    Money finalAmount;
    std::optional<std::int64_t> percentageHundredths; // 25 % → 2500
    std::optional<Money> fixedAmount;
    std::optional<std::int64_t> creditAmount; // whole credits
    std::optional<std::int64_t> bonusMonths;
    QString couponId;
    QString couponCode;
    QStringList warnings; // ours only
    friend bool operator==(const CouponValidation &, const CouponValidation &) = default;
};

// POST /api/coupons/redeem
struct CouponRedeem {
    QString code;
    QString subscriptionId; // empty = not sent
    std::optional<Money> originalAmount;
};

struct Redemption {
    QString redemptionId;
    Money discountApplied;
    Money finalAmount;
    QString redemptionStatus;
    friend bool operator==(const Redemption &, const Redemption &) = default;
};

// GET /api/users/:userId/coupons
struct RedemptionRecord {
    QString id;
    QString couponCode;
    Money discountApplied;
    QString status;
    std::int64_t redeemedAtMs = 0;
    friend bool operator==(const RedemptionRecord &, const RedemptionRecord &) = default;
};

// ---- Sync state (§10.5) and health (§3) ----

struct SyncVersion {
    std::int64_t version = 0;
    std::optional<std::int64_t> updatedAtMs;
    friend bool operator==(const SyncVersion &, const SyncVersion &) = default;
};

struct SyncState {
    QString userId;
    std::int64_t serverTimeMs = 0;
    SyncVersion profile;
    SyncVersion subscription;
    SyncVersion balance;
    SyncVersion license;
    SyncVersion coupons;
    SyncVersion invoices;
    QString usageLatestCursor;
    std::optional<std::int64_t> usageUpdatedAtMs;
    friend bool operator==(const SyncState &, const SyncState &) = default;
};

// fetchSyncState: 304 (If-None-Match matched) → notModified, state empty.
struct SyncStateResult {
    bool notModified = false;
    QString etag;
    SyncState state;
    friend bool operator==(const SyncStateResult &, const SyncStateResult &) = default;
};

// GET /health
struct Health {
    QString status; // "ok"
    std::int64_t timestampMs = 0;
    std::int64_t uptimeSeconds = 0;
    QString environment;
    QString version;
    QString database; // connected | disconnected
    friend bool operator==(const Health &, const Health &) = default;
};

// GET /health/ready: 200 ready, 503 not_ready/unhealthy — both are results.
struct Readiness {
    bool ready = false;
    QString status;
    std::int64_t timestampMs = 0;
    QString database; // healthy | unhealthy …
    friend bool operator==(const Readiness &, const Readiness &) = default;
};

} // namespace creditdesk::api

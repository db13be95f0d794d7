#pragma once

#include "core/domain/error.h"
#include "server/licenses/license_types.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::server {

class Connection;

// The SQL of the licenses area, for both dialects (values through sqlv::,
// every value bound). Methods that take `lock` add FOR UPDATE on PostgreSQL;
// on SQLite the caller's BEGIN IMMEDIATE transaction already serialises
// writers. No business rules here.
class LicenseRepository {
public:
    explicit LicenseRepository(Connection &db)
        : m_db(db)
    {}

    // Licenses
    [[nodiscard]] Result<std::optional<LicenseRecord>> findLicenseByKey(const QString &key,
                                                                        bool lock = false);
    [[nodiscard]] Result<std::optional<LicenseRecord>> findLicenseById(const QString &id, bool lock = false);
    // The newest license of the user with status active, pending or suspended.
    [[nodiscard]] Result<std::optional<LicenseRecord>> findCurrentLicenseForUser(const QString &userId);
    [[nodiscard]] Result<QList<LicenseRecord>> listLicensesForUser(const QString &userId);
    [[nodiscard]] Result<bool> licenseKeyExists(const QString &key);
    [[nodiscard]] Result<void> insertLicense(const LicenseRecord &license, std::int64_t nowMs);
    // Writes status, current_activations, activated_at and revoked_at.
    [[nodiscard]] Result<void> updateLicenseState(const LicenseRecord &license, std::int64_t nowMs);

    // Activations
    [[nodiscard]] Result<std::optional<ActivationRecord>> findActivation(const QString &id,
                                                                         bool lock = false);
    [[nodiscard]] Result<std::optional<ActivationRecord>>
    findActivationByFingerprint(const QString &licenseId, const QString &fingerprint);
    // The user's active seat for a fingerprint (newest if several licenses have one).
    [[nodiscard]] Result<std::optional<ActivationRecord>>
    findActiveActivationForUser(const QString &userId, const QString &fingerprint);
    [[nodiscard]] Result<int> countActiveActivations(const QString &licenseId);
    enum class Order { StalestFirst, NewestFirst };
    [[nodiscard]] Result<QList<ActivationRecord>> listActivations(const QString &licenseId, bool activeOnly,
                                                                  Order order);
    [[nodiscard]] Result<void> insertActivation(const ActivationRecord &activation, std::int64_t nowMs);
    // A deactivated/replaced row taking a seat again: active, new device details,
    // activated_at = last_seen_at = now.
    [[nodiscard]] Result<void> reactivateActivation(const QString &id, const DeviceInfo &device,
                                                    std::int64_t nowMs);
    [[nodiscard]] Result<void> touchActivation(const QString &id, std::int64_t nowMs);
    // active → deactivated / replaced (with the activation that took the seat).
    [[nodiscard]] Result<void> endActivation(const QString &id, ActivationStatus status,
                                             const QString &replacedById, std::int64_t nowMs);
    [[nodiscard]] Result<void> endAllActivations(const QString &licenseId, std::int64_t nowMs);

    // Versions and upgrades
    [[nodiscard]] Result<QList<UpgradeRecord>> listUpgrades(const QString &licenseId);
    [[nodiscard]] Result<bool> hasCompletedUpgrade(const QString &licenseId);
    [[nodiscard]] Result<void> insertUpgrade(const UpgradeRecord &upgrade, std::int64_t nowMs);
    // Releases of the app-version catalogue, oldest first.
    [[nodiscard]] Result<QList<AppRelease>> listReleases();

    // Offline activation requests (api-contract §10.3)
    struct OfflineRecord {
        QString licenseId;
        QString requestSha256;
        QJsonObject response;
    };
    [[nodiscard]] Result<std::optional<OfflineRecord>> findOfflineRequest(const QString &nonce);
    [[nodiscard]] Result<void> insertOfflineRequest(const QString &licenseId, const QString &activationId,
                                                    const QString &nonce, const QString &requestSha256,
                                                    const QJsonObject &response, std::int64_t nowMs);

    // Users and sync state
    [[nodiscard]] Result<std::optional<QString>> findUserIdByEmail(const QString &email);
    // license_version + 1 in the same transaction as the change (api-contract §10.5).
    [[nodiscard]] Result<void> bumpLicenseVersion(const QString &userId, std::int64_t nowMs);

private:
    Connection &m_db;
};

} // namespace creditdesk::server

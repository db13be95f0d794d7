#pragma once

#include "core/domain/error.h"
#include "core/domain/license_rules.h"
#include "server/http/request_context.h"
#include "server/licenses/license_repository.h"
#include "server/licenses/license_types.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace creditdesk::server {

class Connection;
struct ServerEnvironment;

// The license rules of Plan 110 on the server: every decision comes from
// core/domain/license_rules.h; writes run in one transaction that locks the
// license row first (SELECT … FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE on
// SQLite), so the activation limit holds under concurrent requests.
// A cheap object, made per request.
class LicenseService {
public:
    LicenseService(const ServerEnvironment &env, Connection &db);

    struct ActivationResult {
        LicenseRecord license;
        ActivationRecord activation;
        bool isNew = false;      // a seat was taken (201); false = already active (200)
        QJsonObject certificate; // empty unless liccert::enabled()
    };

    // api-contract §8. `caller` may be anonymous; a user other than the owner
    // gets license_not_found.
    [[nodiscard]] Result<ActivationResult> activate(const QString &rawKey, const DeviceInfo &device,
                                                    const Principal &caller);
    // The caller's active seat → deactivated.
    [[nodiscard]] Result<void> deactivate(const QString &activationId, const QString &userId);
    // The caller's active seat → replaced by a seat for `device`, atomically.
    [[nodiscard]] Result<ActivationResult> replace(const QString &activationId, const DeviceInfo &device,
                                                   const QString &userId);

    struct LicenseView {
        LicenseRecord license;
        int activeDevices = 0;
    };
    // /api/licenses/me: newest active|pending|suspended license, or nullopt.
    [[nodiscard]] Result<std::optional<LicenseView>> currentLicense(const QString &userId);

    struct LicenseDetails {
        LicenseRecord license;
        int activeDevices = 0;
        QList<ActivationRecord> activations; // all, newest first
        QList<UpgradeRecord> upgrades;       // newest first
    };
    [[nodiscard]] Result<LicenseDetails> details(const QString &rawKey, const Principal &caller);
    // The license and its active seats, newest first.
    [[nodiscard]] Result<LicenseDetails> devices(const QString &rawKey, const Principal &caller);

    struct Eligibility {
        LicenseRecord license;
        bool eligible = false;
    };
    [[nodiscard]] Result<Eligibility> versionEligibility(const QString &rawKey, const QString &version,
                                                         const Principal &caller);

    struct UpgradeOffer {
        QString fromVersion;
        QString toVersion;
        UpgradePrice price;
    };
    struct UpgradeOffers {
        LicenseRecord license;
        QList<UpgradeOffer> offers;
    };
    [[nodiscard]] Result<UpgradeOffers> availableUpgrades(const QString &rawKey, const Principal &caller);

    struct UpgradePurchase {
        LicenseRecord license;
        UpgradeRecord upgrade;
        UpgradePrice price;
    };
    // POST …/:key/upgrade: a pending version_upgrade priced by majorUpgradePrice.
    [[nodiscard]] Result<UpgradePurchase> purchaseUpgrade(const QString &rawKey, const QString &targetVersion,
                                                          const QString &paymentIntentId,
                                                          const QString &userId);

    struct PurchaseOptions {
        QString purchasedVersion = QStringLiteral("1.0.0");
        int maxActivations = kMaxActivations;
        bool byokEnabled = true;
    };
    // A new pending license with a freshly drawn key (price fixed at $199.00).
    [[nodiscard]] Result<LicenseRecord> purchase(const QString &userId, const PurchaseOptions &options);

    struct Renewal {
        QString activationId;
        QString licenseId;
        QJsonObject certificate;
    };
    // GET /api/licenses/certificate: the caller's active seat for `fingerprint`.
    [[nodiscard]] Result<Renewal> renewCertificate(const QString &userId, const QString &fingerprint);

    // Admin: a status change allowed by checkLicenseTransition; revoking frees every seat.
    [[nodiscard]] Result<LicenseRecord> setStatus(const QString &rawKey, LicenseStatus status);

    // One activation inside the caller's transaction, the license row already
    // locked (shared with offline activation). Updates `license` in place.
    [[nodiscard]] Result<ActivationResult> activateLocked(LicenseRecord &license, const DeviceInfo &device,
                                                          std::int64_t nowMs);

    [[nodiscard]] std::int64_t nowMs() const;
    [[nodiscard]] LicenseRepository &repository() { return m_repo; }

private:
    [[nodiscard]] Result<LicenseRecord> readableLicense(const QString &rawKey, const Principal &caller);
    [[nodiscard]] Result<void> recountSeats(LicenseRecord &license, std::int64_t nowMs);

    const ServerEnvironment &m_env;
    Connection &m_db;
    LicenseRepository m_repo;
};

} // namespace creditdesk::server

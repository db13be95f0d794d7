#pragma once

#include "core/domain/client_rules.h"
#include "core/domain/clock.h"
#include "core/domain/error.h"
#include "core/licensing/activation_record.h"
#include "core/licensing/certificate_store.h"
#include "core/licensing/clock_guard.h"
#include "core/licensing/device_fingerprint.h"
#include "core/licensing/license_state.h"
#include "core/licensing/license_status.h"
#include "core/licensing/license_verifier.h"
#include "core/licensing/offline_activator.h"
#include "core/licensing/pinned_keys.h"
#include "core/licensing/renewal_policy.h"
#include "core/licensing/seat_list.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

namespace creditdesk::api {
class CloudClient;
struct Activation;
struct MyLicense;
struct PublicKeyInfo;
} // namespace creditdesk::api

namespace creditdesk::sync {
class OutboxReplayer;
}

namespace creditdesk::licensing {

struct ActivationResult {
    enum class Outcome {
        Activated,        // this device holds a seat (new, or already active and refreshed)
        SeatLimitReached, // every seat is taken: offer `seats` for activateFreeing()
    };
    Outcome outcome = Outcome::Activated;
    QString activationId;
    bool newActivation = false;
    bool onlineOnly = false; // the server sent no certificate: licensing is online-only
    SeatList seats;          // SeatLimitReached: the active seats, stalest first
    LicenseStatusSnapshot state;
};

struct DeactivationResult {
    enum class Outcome {
        Deactivated, // the server freed the seat
        Queued,      // the server was unreachable: queued in the outbox with its Idempotency-Key
    };
    Outcome outcome = Outcome::Deactivated;
    QString activationId;
    bool thisDevice = false; // this device's certificate and record were removed
    std::optional<qint64> outboxId;
};

// The client side of licensing for the CLI and the GUI (they hold no rules):
// activation (online and offline), seats, deactivation, the start-up check
// of the stored certificate and its silent renewal (api-contract §8,
// §10.1–10.4; domain-rules §7, §9).
//
// start() verifies the stored certificate against the pinned keys and this
// device (a bit flip, a foreign key or another device's certificate give
// Invalid with the verifier's error), evaluates it with the clock guard,
// publishes the state, then checks online: the server's key (pinned at the
// first contact when none is built in; a changed key is refused with
// server_key_changed), the signed-in user's license, and a renewal when the
// domain says so. A QTimer runs the next check (daily, at the next boundary
// of the certificate's window, 15 minutes after an offline attempt). A
// renewal that fails while the certificate is still valid is only logged.
// A server without the certificate extension makes licensing online-only:
// a state, not an error.
//
// Asynchronous calls follow CloudClient's style: `done` runs exactly once,
// later, on this object's thread, never inside the call; destroying
// `context` (optional) first drops it. All times come from the injected
// clock. Lives on the thread of `client`; `client` and `outbox` must outlive
// it. The full license key is kept in memory for this session only (seat
// list, renewal without sign-in) and never logged or written.
class LicenseManager : public QObject {
    Q_OBJECT

public:
    struct Options {
        QString profileDir;           // activation.json, clock.json, pinned-keys.json, license.json
        const Clock *clock = nullptr; // nullptr: the system clock
        PinnedKeys builtInKeys;       // shipped with the app; empty: pin the server's at first contact
        MachineIdProvider machineId = DeviceFingerprint::systemMachineId;
        QString appVersion; // e.g. "1.4.2"; empty: the eligible major version is not checked
        DeviceDescription device = DeviceDescription::current();
    };

    template <typename T>
    using Callback = std::function<void(Result<T>)>;

    // `outbox` (optional) queues deactivations made while the server is unreachable.
    LicenseManager(api::CloudClient &client, Options options, sync::OutboxReplayer *outbox = nullptr,
                   QObject *parent = nullptr);
    ~LicenseManager() override;

    // The start-up check: snapshot() is current and stateChanged was emitted
    // when this returns; the online check follows.
    void start();
    // An online check now (coalesced with one that is running).
    void checkNow();
    [[nodiscard]] bool isChecking() const { return m_checking; }

    [[nodiscard]] const LicenseStatusSnapshot &snapshot() const { return m_snapshot; }
    // The license part of domain ByokInputs at the clock's current reading
    // (subscription left empty) for creditdesk::byokEntitlement.
    [[nodiscard]] ByokInputs byokLicenseInputs();
    // The signed-in user: certificates issued to another user are refused.
    // Empty: not checked.
    void setUserId(const QString &userId);
    // This device's fingerprint; empty when it cannot be computed (see snapshot().problem).
    [[nodiscard]] QString fingerprint();

    // Checks the key's format first (license_key_malformed with
    // details.reason), then activates this device. A full license is a
    // result (SeatLimitReached with the seats), not an error. Other errors:
    // CloudClient's (license_not_found, license_revoked…, network), the
    // verifier's for the received certificate, server_key_changed.
    void activate(const QString &licenseKey, const QString &deviceName, QObject *context,
                  Callback<ActivationResult> done);
    // Frees `activationIdToFree` (DELETE, needs sign-in) and activates this
    // device, as one user action. A seat that was already inactive is no obstacle.
    void activateFreeing(const QString &licenseKey, const QString &activationIdToFree,
                         const QString &deviceName, QObject *context, Callback<ActivationResult> done);
    // Frees a seat; empty `activationId` = this device (license_not_activated
    // when it has none). Freeing this device removes its certificate. When the
    // server cannot be reached the action is queued in the outbox (Queued).
    void deactivate(const QString &activationId, QObject *context, Callback<DeactivationResult> done);
    // The license's active seats, "this device" marked. `licenseKey` empty:
    // the key of this session, else the signed-in user's license
    // (license_key_required when neither is known).
    void devices(const QString &licenseKey, QObject *context, Callback<SeatList> done);

    // Offline activation (api-contract §10.3): a request file for the
    // operator; license_key_malformed, offline_file_io, profile_file_io.
    [[nodiscard]] Result<void> writeRequest(const QString &licenseKey, const QString &path,
                                            const QString &deviceName = {});
    // The operator's response file: verified, stored, published.
    // no_pinned_keys, server_key_changed, and OfflineActivator's errors.
    [[nodiscard]] Result<LicenseStatusSnapshot> importResponse(const QString &path);

signals:
    void stateChanged(const creditdesk::licensing::LicenseStatusSnapshot &snapshot);
    // An online check ended (reached the server or not): snapshot() is current.
    void checkFinished();

private:
    // Local state: keys, record, fingerprint (once).
    void loadLocal();
    // The start-up verification, for calls made before start().
    void ensureEvaluated();
    void evaluate();
    void publish();
    void scheduleNext();
    [[nodiscard]] VerificationContext verification(const QString &licenseKeySha256 = {}) const;
    [[nodiscard]] bool signedIn() const;
    [[nodiscard]] std::int64_t nowMs() const;
    [[nodiscard]] QString pinnedKeysPath() const;
    [[nodiscard]] QString recordPath() const;

    // Keys (license_manager_keys.cpp).
    void ensureKeys(std::function<void(Result<void>)> next);
    [[nodiscard]] Result<void> adoptServerKeys(const QList<api::PublicKeyInfo> &keys);
    [[nodiscard]] Error keyError(const Error &error, const QJsonObject &certificate = {}) const;
    [[nodiscard]] Result<LicenseState> installCertificate(const QJsonObject &certificate,
                                                          const QString &activationId,
                                                          const QString &licenseKeySha256);

    // The online check (license_manager_check.cpp).
    void onServerKeys(Result<QList<api::PublicKeyInfo>> keys);
    void fetchLicenseInfo();
    void adoptMyLicense(const std::optional<api::MyLicense> &license);
    void renewIfDue();
    void reactivate();
    void onRenewed(const QJsonObject &certificate, const QString &activationId,
                   const QString &licenseKeySha256);
    void onRenewalFailed(const Error &error);
    void finishCheck(bool online);

    // Seats and activation (license_manager_seats.cpp).
    void sendActivation(const QString &key, const QString &deviceName, Callback<ActivationResult> reply);
    [[nodiscard]] Result<ActivationResult> completeActivation(const QString &key,
                                                              const api::Activation &activation);
    void reportSeatLimit(const QString &key, const Error &error, Callback<ActivationResult> reply);
    void fetchSeats(const QString &key, Callback<SeatList> reply);
    void noteSeats(const QString &key, const SeatList &seats);
    void forgetThisDevice();
    void updateRecord(const QString &licenseKeySha256, const std::function<void(ActivationRecord &)> &change);

    api::CloudClient &m_client;
    sync::OutboxReplayer *m_outbox;
    Options m_options;
    std::unique_ptr<Clock> m_systemClock;
    const Clock &m_clock;
    PinnedKeys m_keys;        // built in + pinned in the profile; the verifier reads these
    PinnedKeys m_profileKeys; // pinned at first contact (pinned-keys.json)
    ClockGuard m_guard;
    CertificateStore m_store;
    LicenseVerifier m_verifier;
    RenewalPolicy m_renewal;
    OfflineActivator m_offline;

    bool m_loaded = false;
    QString m_fingerprint;
    std::optional<Error> m_fingerprintError;
    std::optional<Error> m_storeProblem; // why the stored certificate was set aside
    std::optional<ActivationRecord> m_record;
    LicenseState m_state;
    LicenseStatusSnapshot m_snapshot;
    bool m_published = false;
    QString m_userId;
    QString m_licenseKey;                  // this session only
    QHash<QString, QString> m_offlineKeys; // key hash → masked key of requests written this session

    bool m_started = false;
    bool m_checking = false;
    bool m_checkAgain = false;
    bool m_online = false;
    bool m_onlineOnly = false;
    std::optional<Error> m_keyProblem;
    std::optional<Error> m_renewalProblem;
    std::optional<std::int64_t> m_nextCheckAtMs;
    QTimer m_timer;
};

} // namespace creditdesk::licensing

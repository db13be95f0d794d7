#pragma once

#include "core/domain/error.h"

#include <QJsonObject>
#include <QLatin1StringView>
#include <QList>
#include <QString>
#include <QStringView>

#include <cstdint>
#include <optional>

namespace creditdesk {
class Clock;
}

namespace creditdesk::licensing {

struct StoredCertificate {
    QJsonObject certificate; // {payload, signature, key_id} as the server sent it
    QString activationId;    // empty when unknown
    std::int64_t storedAtMs = 0;

    friend bool operator==(const StoredCertificate &, const StoredCertificate &) = default;
};

// An offline activation request written by this device and not answered yet.
// Holds the key's hash, not the key.
struct PendingOfflineRequest {
    QString nonce;
    QString machineFingerprint;
    QString licenseKeySha256;
    std::int64_t createdAtMs = 0;

    friend bool operator==(const PendingOfflineRequest &, const PendingOfflineRequest &) = default;
};

// The licensing state kept in the profile directory (`activation.json`):
// the current activation certificate (signed, not secret), the pending
// offline requests and the time of the last renewal attempt. Every change is
// written at once, atomically, mode 0600; the in-memory state only changes
// when the write succeeded. Not thread-safe: one instance per profile.
class CertificateStore {
public:
    static constexpr QLatin1StringView kFileName{"activation.json"};
    // A request written again (by mistake) must not orphan the file the user
    // already carried to the connected machine: the newest few are kept.
    static constexpr qsizetype kMaxPendingRequests = 4;

    CertificateStore(QString profileDir, const Clock &clock);

    // (Re)reads the file; done on first use otherwise. No file → empty.
    // certificate_store_corrupt: not JSON, truncated or a field of the wrong
    // type; moved aside (details.moved_to), the state is empty and usable.
    // profile_file_io, profile_file_too_new: the state is empty and every
    // write fails with the same error, so the unread file is never overwritten.
    [[nodiscard]] Result<void> load();

    [[nodiscard]] QString filePath() const;

    [[nodiscard]] std::optional<StoredCertificate> certificate();
    [[nodiscard]] Result<void> saveCertificate(const QJsonObject &certificate, const QString &activationId);
    [[nodiscard]] Result<void> clearCertificate();

    // Newest first.
    [[nodiscard]] QList<PendingOfflineRequest> pendingOfflineRequests();
    [[nodiscard]] std::optional<PendingOfflineRequest> pendingOfflineRequest(QStringView nonce);
    [[nodiscard]] Result<void> addPendingOfflineRequest(const PendingOfflineRequest &request);
    [[nodiscard]] Result<void> removePendingOfflineRequest(QStringView nonce);

    [[nodiscard]] std::optional<std::int64_t> lastRenewalAttemptMs();
    [[nodiscard]] Result<void> setLastRenewalAttemptMs(std::int64_t atMs);

private:
    struct State {
        std::optional<StoredCertificate> certificate;
        QList<PendingOfflineRequest> pending;
        std::optional<std::int64_t> lastRenewalAttemptMs;
    };

    void ensureLoaded();
    [[nodiscard]] Result<void> write(const State &state);

    QString m_path;
    const Clock &m_clock;
    bool m_loaded = false;
    std::optional<Error> m_readOnlyReason;
    State m_state;
};

} // namespace creditdesk::licensing

#pragma once

#include "core/crypto/ed25519.h"
#include "core/domain/error.h"

#include <QJsonObject>
#include <QLatin1StringView>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <cstdint>
#include <optional>

namespace creditdesk::licensing {

// The server public keys the app trusts for activation certificates
// (key_id → Ed25519 key, api-contract §10.1). A certificate whose key_id is
// not here is rejected with certificate_unknown_key. Keys come from a list
// built into the app or given by the demo setup, or from the profile copy
// written at the first trusted contact with the server.
class PinnedKeys {
public:
    static constexpr QLatin1StringView kFileName{"pinned-keys.json"};

    PinnedKeys() = default;

    // base64url raw 32-byte keys; pinned_key_invalid.
    [[nodiscard]] static Result<PinnedKeys> fromBase64Url(const QStringList &keys);
    // {keys:[{key_id, algorithm:"Ed25519", public_key}]}, the `data` of GET
    // /api/licenses/public-keys and the body of the profile file. Every
    // key_id must match its key; pinned_key_invalid.
    [[nodiscard]] static Result<PinnedKeys> fromJson(const QJsonObject &json);

    // The profile copy; no file → no keys. pinned_keys_corrupt (moved aside),
    // profile_file_io, profile_file_too_new.
    [[nodiscard]] static Result<PinnedKeys> load(const QString &path, std::int64_t nowMs);
    // Atomic, mode 0600; profile_file_io.
    [[nodiscard]] Result<void> save(const QString &path) const;

    // False when the key was pinned already.
    bool add(const crypto::Ed25519PublicKey &key);
    void merge(const PinnedKeys &other);

    [[nodiscard]] bool isEmpty() const { return m_keys.isEmpty(); }
    [[nodiscard]] qsizetype size() const { return m_keys.size(); }
    [[nodiscard]] bool contains(QStringView keyId) const { return find(keyId).has_value(); }
    [[nodiscard]] std::optional<crypto::Ed25519PublicKey> find(QStringView keyId) const;
    [[nodiscard]] const QList<crypto::Ed25519PublicKey> &keys() const { return m_keys; }
    [[nodiscard]] QJsonObject toJson() const;

private:
    QList<crypto::Ed25519PublicKey> m_keys;
};

} // namespace creditdesk::licensing

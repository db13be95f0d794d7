#pragma once

#include "core/domain/error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>

namespace creditdesk::crypto {

namespace detail {
struct KeyHolder;
}

// An Ed25519 (RFC 8032) public key: a plain value holding the raw 32 bytes.
class Ed25519PublicKey {
public:
    static constexpr qsizetype kSize = 32;

    Ed25519PublicKey() = default;
    [[nodiscard]] static Result<Ed25519PublicKey> fromRaw(QByteArrayView raw);
    // base64url (no padding) of the raw bytes, as /api/licenses/public-keys sends it.
    [[nodiscard]] static Result<Ed25519PublicKey> fromBase64Url(QStringView text);

    [[nodiscard]] bool isNull() const { return m_raw.isEmpty(); }
    [[nodiscard]] QByteArray raw() const { return m_raw; }
    [[nodiscard]] QString toBase64Url() const;
    // First 16 hex digits of SHA-256(raw) (api-contract §10.1).
    [[nodiscard]] QString keyId() const;
    // False for a wrong signature, a malformed signature or a null key.
    [[nodiscard]] bool verify(QByteArrayView message, QByteArrayView signature) const;

    friend bool operator==(const Ed25519PublicKey &, const Ed25519PublicKey &) = default;

private:
    QByteArray m_raw;
};

[[nodiscard]] QString keyId(const Ed25519PublicKey &publicKey);

// An Ed25519 private key. Copies share one immutable OpenSSL key; the secret
// is never exposed except as PKCS#8 PEM for saving.
class Ed25519PrivateKey {
public:
    static constexpr qsizetype kSeedSize = 32;
    static constexpr qsizetype kSignatureSize = 64;

    Ed25519PrivateKey() = default;
    [[nodiscard]] static Result<Ed25519PrivateKey> generate();
    // The 32-byte RFC 8032 secret (seed); for test vectors and imports.
    [[nodiscard]] static Result<Ed25519PrivateKey> fromRawSeed(QByteArrayView seed);
    // key_invalid, or key_wrong_type for a PEM key of another algorithm.
    [[nodiscard]] static Result<Ed25519PrivateKey> fromPem(QByteArrayView pem);
    // key_file_io, key_invalid, key_wrong_type.
    [[nodiscard]] static Result<Ed25519PrivateKey> loadFromFile(const QString &path);

    [[nodiscard]] bool isNull() const { return !m_key; }
    [[nodiscard]] Ed25519PublicKey publicKey() const { return m_publicKey; }
    // 64-byte signature.
    [[nodiscard]] Result<QByteArray> sign(QByteArrayView message) const;
    // Unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY"). Secret: never log it.
    [[nodiscard]] Result<QByteArray> toPem() const;
    // Written atomically, owner read/write only (0600).
    [[nodiscard]] Result<void> saveToFile(const QString &path) const;

private:
    [[nodiscard]] static Result<Ed25519PrivateKey> fromHolder(std::shared_ptr<detail::KeyHolder> holder);

    std::shared_ptr<const detail::KeyHolder> m_key;
    Ed25519PublicKey m_publicKey;
};

} // namespace creditdesk::crypto

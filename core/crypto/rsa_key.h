#pragma once

#include "core/domain/error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>

namespace creditdesk::crypto {

namespace detail {
struct KeyHolder;
}

// An RSA public key for RS256 (2048–8192 bits). Copies share one OpenSSL key.
class RsaPublicKey {
public:
    static constexpr int kMinBits = 2048;
    static constexpr int kMaxBits = 8192;

    RsaPublicKey() = default;
    // SubjectPublicKeyInfo ("BEGIN PUBLIC KEY"); key_invalid, key_wrong_type.
    [[nodiscard]] static Result<RsaPublicKey> fromPem(QByteArrayView pem);
    [[nodiscard]] static Result<RsaPublicKey> fromDer(QByteArrayView der);
    // {kty:"RSA", n, e, kid?, use?, alg?}: jwk_invalid for a wrong kty, use or
    // alg, bad base64url or an unusable key. The JWK's kid, when present, is kept.
    [[nodiscard]] static Result<RsaPublicKey> fromJwk(const QJsonObject &jwk);

    [[nodiscard]] bool isNull() const { return !m_key; }
    // The JWK kid it was imported with, else the first 16 hex digits of
    // SHA-256(DER SubjectPublicKeyInfo).
    [[nodiscard]] QString keyId() const { return m_keyId; }
    [[nodiscard]] int bits() const;
    [[nodiscard]] QByteArray toDer() const { return m_der; }
    [[nodiscard]] Result<QByteArray> toPem() const;
    // {kty:"RSA", kid, use:"sig", alg:"RS256", n, e} (n, e base64url big-endian).
    [[nodiscard]] QJsonObject toJwk() const;
    // RSASSA-PKCS1-v1_5 with SHA-256; false on mismatch or a null key.
    [[nodiscard]] bool verifyRs256(QByteArrayView data, QByteArrayView signature) const;

private:
    [[nodiscard]] static Result<RsaPublicKey> fromHolder(std::shared_ptr<detail::KeyHolder> holder);

    std::shared_ptr<const detail::KeyHolder> m_key;
    QString m_keyId;
    QByteArray m_der;
    QByteArray m_n;
    QByteArray m_e;
};

// {keys:[…]} as GET /oauth/jwks answers.
[[nodiscard]] QJsonObject toJwks(const QList<RsaPublicKey> &keys);
// The RSA signing keys of a JWK set; entries for other algorithms or uses are
// skipped. jwk_invalid when `keys` is missing or an RSA entry is malformed.
[[nodiscard]] Result<QList<RsaPublicKey>> parseJwks(const QJsonObject &jwks);

class RsaPrivateKey {
public:
    RsaPrivateKey() = default;
    [[nodiscard]] static Result<RsaPrivateKey> generate(int bits = 2048);
    [[nodiscard]] static Result<RsaPrivateKey> fromPem(QByteArrayView pem);
    [[nodiscard]] static Result<RsaPrivateKey> loadFromFile(const QString &path);

    [[nodiscard]] bool isNull() const { return !m_key; }
    [[nodiscard]] RsaPublicKey publicKey() const { return m_publicKey; }
    [[nodiscard]] QString keyId() const { return m_publicKey.keyId(); }
    [[nodiscard]] Result<QByteArray> signRs256(QByteArrayView data) const;
    // Unencrypted PKCS#8 PEM. Secret: never log it.
    [[nodiscard]] Result<QByteArray> toPem() const;
    // Written atomically, owner read/write only (0600).
    [[nodiscard]] Result<void> saveToFile(const QString &path) const;

private:
    [[nodiscard]] static Result<RsaPrivateKey> fromPKeyHolder(std::shared_ptr<detail::KeyHolder> holder);

    std::shared_ptr<const detail::KeyHolder> m_key;
    RsaPublicKey m_publicKey;
};

} // namespace creditdesk::crypto

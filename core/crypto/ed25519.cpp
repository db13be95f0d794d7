#include "core/crypto/ed25519.h"

#include "core/crypto/crypto_errors.h"
#include "core/crypto/key_file_p.h"
#include "core/crypto/openssl_handles_p.h"
#include "core/crypto/primitives.h"

using namespace Qt::StringLiterals;

namespace creditdesk::crypto {

Result<Ed25519PublicKey> Ed25519PublicKey::fromRaw(QByteArrayView raw)
{
    if (raw.size() != kSize)
        return fail(errc::keyInvalid, u"an Ed25519 public key is 32 bytes"_s);
    // Let OpenSSL reject what it cannot use, so verify() never meets a bad key.
    auto key = ossl::PKey::fromRawPublic(EVP_PKEY_ED25519, raw);
    if (!key)
        return std::unexpected(key.error());
    Ed25519PublicKey result;
    result.m_raw = raw.toByteArray();
    return result;
}

Result<Ed25519PublicKey> Ed25519PublicKey::fromBase64Url(QStringView text)
{
    auto raw = base64UrlDecode(text);
    if (!raw)
        return fail(errc::keyInvalid, u"public key: "_s + raw.error().message);
    return fromRaw(*raw);
}

QString Ed25519PublicKey::toBase64Url() const
{
    return base64UrlEncode(m_raw);
}

QString Ed25519PublicKey::keyId() const
{
    return sha256Hex(m_raw).left(16);
}

bool Ed25519PublicKey::verify(QByteArrayView message, QByteArrayView signature) const
{
    if (isNull() || signature.size() != Ed25519PrivateKey::kSignatureSize)
        return false;
    auto key = ossl::PKey::fromRawPublic(EVP_PKEY_ED25519, m_raw);
    return key && ossl::digestVerify(*key, nullptr, message, signature);
}

QString keyId(const Ed25519PublicKey &publicKey)
{
    return publicKey.keyId();
}

namespace {

Result<Ed25519PrivateKey> wrap(Result<ossl::PKey> key,
                               Result<Ed25519PrivateKey> (*make)(std::shared_ptr<detail::KeyHolder>))
{
    if (!key)
        return std::unexpected(key.error());
    if (!key->isA("ED25519"))
        return fail(errc::keyWrongType, u"not an Ed25519 key"_s);
    return make(std::make_shared<detail::KeyHolder>(std::move(*key)));
}

} // namespace

Result<Ed25519PrivateKey> Ed25519PrivateKey::generate()
{
    return wrap(ossl::PKey::generateEd25519(), &fromHolder);
}

Result<Ed25519PrivateKey> Ed25519PrivateKey::fromRawSeed(QByteArrayView seed)
{
    if (seed.size() != kSeedSize)
        return fail(errc::keyInvalid, u"an Ed25519 seed is 32 bytes"_s);
    return wrap(ossl::PKey::fromRawPrivate(EVP_PKEY_ED25519, seed), &fromHolder);
}

Result<Ed25519PrivateKey> Ed25519PrivateKey::fromPem(QByteArrayView pem)
{
    return wrap(ossl::PKey::readPrivatePem(pem), &fromHolder);
}

Result<Ed25519PrivateKey> Ed25519PrivateKey::loadFromFile(const QString &path)
{
    auto pem = detail::readKeyFile(path);
    if (!pem)
        return std::unexpected(pem.error());
    return fromPem(*pem);
}

Result<Ed25519PrivateKey> Ed25519PrivateKey::fromHolder(std::shared_ptr<detail::KeyHolder> holder)
{
    auto raw = holder->pkey.rawPublic();
    if (!raw)
        return std::unexpected(raw.error());
    auto publicKey = Ed25519PublicKey::fromRaw(*raw);
    if (!publicKey)
        return std::unexpected(publicKey.error());
    Ed25519PrivateKey result;
    result.m_key = std::move(holder);
    result.m_publicKey = std::move(*publicKey);
    return result;
}

Result<QByteArray> Ed25519PrivateKey::sign(QByteArrayView message) const
{
    if (!m_key)
        return fail(creditdesk::errc::invalidArgument, u"null Ed25519 key"_s);
    return ossl::digestSign(m_key->pkey, nullptr, message);
}

Result<QByteArray> Ed25519PrivateKey::toPem() const
{
    if (!m_key)
        return fail(creditdesk::errc::invalidArgument, u"null Ed25519 key"_s);
    return m_key->pkey.privatePkcs8Pem();
}

Result<void> Ed25519PrivateKey::saveToFile(const QString &path) const
{
    auto pem = toPem();
    if (!pem)
        return std::unexpected(pem.error());
    return detail::writePrivateFile(path, *pem);
}

} // namespace creditdesk::crypto

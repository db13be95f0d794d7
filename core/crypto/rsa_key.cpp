#include "core/crypto/rsa_key.h"

#include "core/crypto/crypto_errors.h"
#include "core/crypto/key_file_p.h"
#include "core/crypto/openssl_handles_p.h"
#include "core/crypto/primitives.h"

#include <QJsonArray>

#include <openssl/core_names.h>

using namespace Qt::StringLiterals;

namespace creditdesk::crypto {

namespace {

Result<std::shared_ptr<detail::KeyHolder>> checkedRsa(Result<ossl::PKey> key)
{
    if (!key)
        return std::unexpected(key.error());
    if (!key->isA("RSA"))
        return fail(errc::keyWrongType, u"not an RSA key"_s);
    const int bits = key->bits();
    if (bits < RsaPublicKey::kMinBits || bits > RsaPublicKey::kMaxBits)
        return fail(errc::keyInvalid, u"RSA key size %1 outside 2048..8192"_s.arg(bits));
    return std::make_shared<detail::KeyHolder>(std::move(*key));
}

std::unexpected<Error> jwkInvalid(const QString &why)
{
    return fail(errc::jwkInvalid, why);
}

} // namespace

Result<RsaPublicKey> RsaPublicKey::fromHolder(std::shared_ptr<detail::KeyHolder> holder)
{
    auto der = holder->pkey.publicDer();
    auto n = holder->pkey.bnParam(OSSL_PKEY_PARAM_RSA_N);
    auto e = holder->pkey.bnParam(OSSL_PKEY_PARAM_RSA_E);
    if (!der || !n || !e)
        return std::unexpected(!der ? der.error() : !n ? n.error() : e.error());
    RsaPublicKey key;
    key.m_keyId = sha256Hex(*der).left(16);
    key.m_der = std::move(*der);
    key.m_n = std::move(*n);
    key.m_e = std::move(*e);
    key.m_key = std::move(holder);
    return key;
}

Result<RsaPublicKey> RsaPublicKey::fromPem(QByteArrayView pem)
{
    auto holder = checkedRsa(ossl::PKey::readPublicPem(pem));
    if (!holder)
        return std::unexpected(holder.error());
    return fromHolder(std::move(*holder));
}

Result<RsaPublicKey> RsaPublicKey::fromDer(QByteArrayView der)
{
    auto holder = checkedRsa(ossl::PKey::readPublicDer(der));
    if (!holder)
        return std::unexpected(holder.error());
    return fromHolder(std::move(*holder));
}

Result<RsaPublicKey> RsaPublicKey::fromJwk(const QJsonObject &jwk)
{
    if (jwk.value("kty"_L1).toString() != "RSA"_L1)
        return jwkInvalid(u"kty is not RSA"_s);
    const QJsonValue use = jwk.value("use"_L1);
    if (!use.isUndefined() && use.toString() != "sig"_L1)
        return jwkInvalid(u"use is not sig"_s);
    const QJsonValue alg = jwk.value("alg"_L1);
    if (!alg.isUndefined() && alg.toString() != "RS256"_L1)
        return jwkInvalid(u"alg is not RS256"_s);
    const QJsonValue kid = jwk.value("kid"_L1);
    if (!kid.isUndefined() && (!kid.isString() || kid.toString().isEmpty()))
        return jwkInvalid(u"kid is not a non-empty string"_s);
    if (!jwk.value("n"_L1).isString() || !jwk.value("e"_L1).isString())
        return jwkInvalid(u"n and e must be strings"_s);
    auto n = base64UrlDecode(jwk.value("n"_L1).toString());
    auto e = base64UrlDecode(jwk.value("e"_L1).toString());
    if (!n || !e || n->isEmpty() || e->isEmpty() || e->size() > 8)
        return jwkInvalid(u"n or e is not a base64url number"_s);
    auto holder = checkedRsa(ossl::PKey::fromRsaComponents(*n, *e));
    if (!holder)
        return jwkInvalid(u"unusable RSA key: "_s + holder.error().message);
    auto key = fromHolder(std::move(*holder));
    if (key && kid.isString())
        key->m_keyId = kid.toString();
    return key;
}

int RsaPublicKey::bits() const
{
    return m_key ? m_key->pkey.bits() : 0;
}

Result<QByteArray> RsaPublicKey::toPem() const
{
    if (!m_key)
        return fail(creditdesk::errc::invalidArgument, u"null RSA key"_s);
    return m_key->pkey.publicPem();
}

QJsonObject RsaPublicKey::toJwk() const
{
    if (!m_key)
        return {};
    return QJsonObject{
        {u"kty"_s, u"RSA"_s},           {u"kid"_s, m_keyId},
        {u"use"_s, u"sig"_s},           {u"alg"_s, u"RS256"_s},
        {u"n"_s, base64UrlEncode(m_n)}, {u"e"_s, base64UrlEncode(m_e)},
    };
}

bool RsaPublicKey::verifyRs256(QByteArrayView data, QByteArrayView signature) const
{
    return m_key && ossl::digestVerify(m_key->pkey, "SHA256", data, signature);
}

QJsonObject toJwks(const QList<RsaPublicKey> &keys)
{
    QJsonArray array;
    for (const RsaPublicKey &key : keys)
        array.append(key.toJwk());
    return QJsonObject{{u"keys"_s, array}};
}

Result<QList<RsaPublicKey>> parseJwks(const QJsonObject &jwks)
{
    if (!jwks.value("keys"_L1).isArray())
        return jwkInvalid(u"JWK set without a keys array"_s);
    QList<RsaPublicKey> keys;
    for (const QJsonValue &entry : jwks.value("keys"_L1).toArray()) {
        const QJsonObject jwk = entry.toObject();
        if (jwk.value("kty"_L1).toString() != "RSA"_L1 || jwk.value("use"_L1).toString() == "enc"_L1 ||
            (jwk.contains("alg"_L1) && jwk.value("alg"_L1).toString() != "RS256"_L1))
            continue;
        auto key = RsaPublicKey::fromJwk(jwk);
        if (!key)
            return std::unexpected(key.error());
        keys.append(std::move(*key));
    }
    return keys;
}

Result<RsaPrivateKey> RsaPrivateKey::fromPKeyHolder(std::shared_ptr<detail::KeyHolder> holder)
{
    // The public half is re-read from DER so it never carries private material.
    auto der = holder->pkey.publicDer();
    if (!der)
        return std::unexpected(der.error());
    auto publicKey = RsaPublicKey::fromDer(*der);
    if (!publicKey)
        return std::unexpected(publicKey.error());
    RsaPrivateKey key;
    key.m_key = std::move(holder);
    key.m_publicKey = std::move(*publicKey);
    return key;
}

Result<RsaPrivateKey> RsaPrivateKey::generate(int bits)
{
    if (bits < RsaPublicKey::kMinBits || bits > RsaPublicKey::kMaxBits)
        return fail(creditdesk::errc::invalidArgument, u"RSA key size outside 2048..8192"_s);
    auto holder = checkedRsa(ossl::PKey::generateRsa(bits));
    if (!holder)
        return std::unexpected(holder.error());
    return fromPKeyHolder(std::move(*holder));
}

Result<RsaPrivateKey> RsaPrivateKey::fromPem(QByteArrayView pem)
{
    auto holder = checkedRsa(ossl::PKey::readPrivatePem(pem));
    if (!holder)
        return std::unexpected(holder.error());
    return fromPKeyHolder(std::move(*holder));
}

Result<RsaPrivateKey> RsaPrivateKey::loadFromFile(const QString &path)
{
    auto pem = detail::readKeyFile(path);
    if (!pem)
        return std::unexpected(pem.error());
    return fromPem(*pem);
}

Result<QByteArray> RsaPrivateKey::signRs256(QByteArrayView data) const
{
    if (!m_key)
        return fail(creditdesk::errc::invalidArgument, u"null RSA key"_s);
    return ossl::digestSign(m_key->pkey, "SHA256", data);
}

Result<QByteArray> RsaPrivateKey::toPem() const
{
    if (!m_key)
        return fail(creditdesk::errc::invalidArgument, u"null RSA key"_s);
    return m_key->pkey.privatePkcs8Pem();
}

Result<void> RsaPrivateKey::saveToFile(const QString &path) const
{
    auto pem = toPem();
    if (!pem)
        return std::unexpected(pem.error());
    return detail::writePrivateFile(path, *pem);
}

} // namespace creditdesk::crypto

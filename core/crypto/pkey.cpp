// ossl::PKey: factories and exports of EVP_PKEY.
#include "core/crypto/crypto_errors.h"
#include "core/crypto/openssl_handles_p.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <limits>

using namespace Qt::StringLiterals;

namespace creditdesk::crypto::ossl {

namespace {

using ParamBld = Handle<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>;
using Params = Handle<OSSL_PARAM, OSSL_PARAM_free>;

// Key files are never encrypted; refuse instead of prompting on the terminal.
int noPassword(char *, int, int, void *)
{
    return -1;
}

const unsigned char *ucharData(QByteArrayView data)
{
    return reinterpret_cast<const unsigned char *>(data.data());
}

Result<PKey> generate(const char *algorithm, int rsaBits)
{
    auto ctx = PKeyCtx::forAlgorithm(algorithm);
    if (!ctx)
        return std::unexpected(ctx.error());
    if (EVP_PKEY_keygen_init(ctx->get()) != 1)
        return failure(errc::opensslFailure, "EVP_PKEY_keygen_init"_L1);
    if (rsaBits > 0 && EVP_PKEY_CTX_set_rsa_keygen_bits(ctx->get(), rsaBits) != 1)
        return failure(errc::opensslFailure, "EVP_PKEY_CTX_set_rsa_keygen_bits"_L1);
    EVP_PKEY *raw = nullptr;
    if (EVP_PKEY_generate(ctx->get(), &raw) != 1)
        return failure(errc::opensslFailure, "EVP_PKEY_generate"_L1);
    return PKey(raw);
}

} // namespace

Result<PKey> PKey::generateEd25519()
{
    return generate("ED25519", 0);
}

Result<PKey> PKey::generateRsa(int bits)
{
    return generate("RSA", bits);
}

Result<PKey> PKey::fromRawPrivate(int type, QByteArrayView raw)
{
    PKey key(EVP_PKEY_new_raw_private_key(type, nullptr, ucharData(raw), static_cast<size_t>(raw.size())));
    if (!key)
        return failure(errc::keyInvalid, "EVP_PKEY_new_raw_private_key"_L1);
    return key;
}

Result<PKey> PKey::fromRawPublic(int type, QByteArrayView raw)
{
    PKey key(EVP_PKEY_new_raw_public_key(type, nullptr, ucharData(raw), static_cast<size_t>(raw.size())));
    if (!key)
        return failure(errc::keyInvalid, "EVP_PKEY_new_raw_public_key"_L1);
    return key;
}

Result<PKey> PKey::fromRsaComponents(QByteArrayView n, QByteArrayView e)
{
    auto modulus = Bn::fromBigEndian(n);
    auto exponent = Bn::fromBigEndian(e);
    if (!modulus || !exponent)
        return std::unexpected(modulus ? exponent.error() : modulus.error());
    ParamBld builder(OSSL_PARAM_BLD_new());
    if (!builder || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, modulus->get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, exponent->get()) != 1)
        return failure(errc::opensslFailure, "OSSL_PARAM_BLD"_L1);
    Params params(OSSL_PARAM_BLD_to_param(builder.get()));
    if (!params)
        return failure(errc::opensslFailure, "OSSL_PARAM_BLD_to_param"_L1);
    auto ctx = PKeyCtx::forAlgorithm("RSA");
    if (!ctx)
        return std::unexpected(ctx.error());
    EVP_PKEY *raw = nullptr;
    if (EVP_PKEY_fromdata_init(ctx->get()) != 1 ||
        EVP_PKEY_fromdata(ctx->get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
        return failure(errc::keyInvalid, "EVP_PKEY_fromdata"_L1);
    return PKey(raw);
}

Result<PKey> PKey::readPrivatePem(QByteArrayView pem)
{
    auto bio = Bio::readOnly(pem);
    if (!bio)
        return std::unexpected(bio.error());
    PKey key(PEM_read_bio_PrivateKey(bio->get(), nullptr, noPassword, nullptr));
    if (!key)
        return failure(errc::keyInvalid, "not an unencrypted PEM private key"_L1);
    return key;
}

Result<PKey> PKey::readPublicPem(QByteArrayView pem)
{
    auto bio = Bio::readOnly(pem);
    if (!bio)
        return std::unexpected(bio.error());
    PKey key(PEM_read_bio_PUBKEY(bio->get(), nullptr, noPassword, nullptr));
    if (!key)
        return failure(errc::keyInvalid, "not a PEM public key"_L1);
    return key;
}

Result<PKey> PKey::readPublicDer(QByteArrayView der)
{
    if (der.isEmpty() || der.size() > std::numeric_limits<int>::max())
        return fail(errc::keyInvalid, u"empty or oversized DER public key"_s);
    const unsigned char *cursor = ucharData(der);
    PKey key(d2i_PUBKEY(nullptr, &cursor, static_cast<long>(der.size())));
    if (!key)
        return failure(errc::keyInvalid, "not a DER SubjectPublicKeyInfo"_L1);
    if (cursor != ucharData(der) + der.size())
        return fail(errc::keyInvalid, u"trailing bytes after the DER public key"_s);
    return key;
}

bool PKey::isA(const char *name) const
{
    return get() && EVP_PKEY_is_a(get(), name) == 1;
}

int PKey::bits() const
{
    return get() ? EVP_PKEY_get_bits(get()) : 0;
}

Result<QByteArray> PKey::rawPublic() const
{
    size_t size = 0;
    if (EVP_PKEY_get_raw_public_key(get(), nullptr, &size) != 1)
        return failure(errc::opensslFailure, "EVP_PKEY_get_raw_public_key"_L1);
    QByteArray out(static_cast<qsizetype>(size), Qt::Uninitialized);
    if (EVP_PKEY_get_raw_public_key(get(), reinterpret_cast<unsigned char *>(out.data()), &size) != 1)
        return failure(errc::opensslFailure, "EVP_PKEY_get_raw_public_key"_L1);
    out.truncate(static_cast<qsizetype>(size));
    return out;
}

Result<QByteArray> PKey::privatePkcs8Pem() const
{
    // Secure-heap BIO so the PEM text does not linger in ordinary freed memory.
    Bio bio(BIO_new(BIO_s_secmem()));
    if (!bio)
        return failure(errc::opensslFailure, "BIO_new"_L1);
    if (PEM_write_bio_PKCS8PrivateKey(bio.get(), get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return failure(errc::opensslFailure, "PEM_write_bio_PKCS8PrivateKey"_L1);
    return bio.contents();
}

Result<QByteArray> PKey::publicPem() const
{
    auto bio = Bio::memory();
    if (!bio)
        return std::unexpected(bio.error());
    if (PEM_write_bio_PUBKEY(bio->get(), get()) != 1)
        return failure(errc::opensslFailure, "PEM_write_bio_PUBKEY"_L1);
    return bio->contents();
}

Result<QByteArray> PKey::publicDer() const
{
    const int size = i2d_PUBKEY(get(), nullptr);
    if (size <= 0)
        return failure(errc::opensslFailure, "i2d_PUBKEY"_L1);
    QByteArray out(size, Qt::Uninitialized);
    auto *cursor = reinterpret_cast<unsigned char *>(out.data());
    if (i2d_PUBKEY(get(), &cursor) != size)
        return failure(errc::opensslFailure, "i2d_PUBKEY"_L1);
    return out;
}

Result<QByteArray> PKey::bnParam(const char *name) const
{
    BIGNUM *raw = nullptr;
    if (EVP_PKEY_get_bn_param(get(), name, &raw) != 1)
        return failure(errc::opensslFailure, "EVP_PKEY_get_bn_param"_L1);
    return Bn(raw).toBigEndian();
}

PKey PKey::share() const
{
    if (get())
        EVP_PKEY_up_ref(get());
    return PKey(get());
}

} // namespace creditdesk::crypto::ossl

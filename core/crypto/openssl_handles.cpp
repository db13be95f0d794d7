#include "core/crypto/crypto_errors.h"
#include "core/crypto/openssl_handles_p.h"

#include <QStringList>

#include <openssl/err.h>

#include <array>
#include <limits>

using namespace Qt::StringLiterals;

namespace creditdesk::crypto::ossl {

namespace {

const unsigned char kEmpty = 0;

// OpenSSL wants a non-null pointer even for zero bytes in a few places.
const unsigned char *bytesOf(QByteArrayView data)
{
    return data.isEmpty() ? &kEmpty : reinterpret_cast<const unsigned char *>(data.data());
}

} // namespace

QString takeErrorQueue()
{
    QStringList parts;
    std::array<char, 256> buffer{};
    for (unsigned long code = ERR_get_error(); code != 0; code = ERR_get_error()) {
        ERR_error_string_n(code, buffer.data(), buffer.size());
        parts << QString::fromLatin1(buffer.data());
    }
    return parts.join(u"; "_s);
}

Error error(QLatin1StringView code, QLatin1StringView what)
{
    const QString queue = takeErrorQueue();
    return makeError(code, queue.isEmpty() ? QString(what) : QString(what) + u": "_s + queue);
}

std::unexpected<Error> failure(QLatin1StringView code, QLatin1StringView what)
{
    return std::unexpected(error(code, what));
}

Result<Bio> Bio::memory()
{
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio)
        return failure(errc::opensslFailure, "BIO_new"_L1);
    return bio;
}

Result<Bio> Bio::readOnly(QByteArrayView data)
{
    if (data.size() > std::numeric_limits<int>::max())
        return fail(errc::keyInvalid, u"input too large"_s);
    Bio bio(BIO_new_mem_buf(bytesOf(data), static_cast<int>(data.size())));
    if (!bio)
        return failure(errc::opensslFailure, "BIO_new_mem_buf"_L1);
    return bio;
}

QByteArray Bio::contents() const
{
    char *data = nullptr;
    const long size = BIO_ctrl(get(), BIO_CTRL_INFO, 0, &data);
    if (size <= 0 || !data)
        return {};
    return QByteArray(data, static_cast<qsizetype>(size));
}

Result<Bn> Bn::fromBigEndian(QByteArrayView bytes)
{
    if (bytes.size() > std::numeric_limits<int>::max())
        return fail(errc::keyInvalid, u"number too large"_s);
    Bn bn(BN_bin2bn(bytesOf(bytes), static_cast<int>(bytes.size()), nullptr));
    if (!bn)
        return failure(errc::opensslFailure, "BN_bin2bn"_L1);
    return bn;
}

QByteArray Bn::toBigEndian() const
{
    QByteArray out(BN_num_bytes(get()), Qt::Uninitialized);
    BN_bn2bin(get(), reinterpret_cast<unsigned char *>(out.data()));
    return out;
}

Result<PKeyCtx> PKeyCtx::forAlgorithm(const char *name)
{
    PKeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, name, nullptr));
    if (!ctx)
        return failure(errc::opensslFailure, "EVP_PKEY_CTX_new_from_name"_L1);
    return ctx;
}

Result<MdCtx> MdCtx::create()
{
    MdCtx ctx(EVP_MD_CTX_new());
    if (!ctx)
        return failure(errc::opensslFailure, "EVP_MD_CTX_new"_L1);
    return ctx;
}

Result<Kdf> Kdf::fetch(const char *name)
{
    Kdf kdf(EVP_KDF_fetch(nullptr, name, nullptr));
    if (!kdf)
        return failure(errc::opensslFailure, "EVP_KDF_fetch"_L1);
    return kdf;
}

Result<KdfCtx> KdfCtx::forKdf(const Kdf &kdf)
{
    KdfCtx ctx(EVP_KDF_CTX_new(kdf.get()));
    if (!ctx)
        return failure(errc::opensslFailure, "EVP_KDF_CTX_new"_L1);
    return ctx;
}

Result<QByteArray> digestSign(const PKey &key, const char *digest, QByteArrayView data)
{
    auto ctx = MdCtx::create();
    if (!ctx)
        return std::unexpected(ctx.error());
    if (EVP_DigestSignInit_ex(ctx->get(), nullptr, digest, nullptr, nullptr, key.get(), nullptr) != 1)
        return failure(errc::opensslFailure, "EVP_DigestSignInit_ex"_L1);
    const auto size = static_cast<size_t>(data.size());
    size_t signatureSize = 0;
    if (EVP_DigestSign(ctx->get(), nullptr, &signatureSize, bytesOf(data), size) != 1)
        return failure(errc::opensslFailure, "EVP_DigestSign (size)"_L1);
    QByteArray signature(static_cast<qsizetype>(signatureSize), Qt::Uninitialized);
    if (EVP_DigestSign(ctx->get(), reinterpret_cast<unsigned char *>(signature.data()), &signatureSize,
                       bytesOf(data), size) != 1)
        return failure(errc::opensslFailure, "EVP_DigestSign"_L1);
    signature.truncate(static_cast<qsizetype>(signatureSize));
    return signature;
}

bool digestVerify(const PKey &key, const char *digest, QByteArrayView data, QByteArrayView signature)
{
    auto ctx = MdCtx::create();
    bool ok =
        ctx.has_value() &&
        EVP_DigestVerifyInit_ex(ctx->get(), nullptr, digest, nullptr, nullptr, key.get(), nullptr) == 1 &&
        EVP_DigestVerify(ctx->get(), bytesOf(signature), static_cast<size_t>(signature.size()), bytesOf(data),
                         static_cast<size_t>(data.size())) == 1;
    ERR_clear_error();
    return ok;
}

} // namespace creditdesk::crypto::ossl

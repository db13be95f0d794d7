#include "core/crypto/password_hash.h"

#include "core/crypto/crypto_errors.h"
#include "core/crypto/crypto_log.h"
#include "core/crypto/openssl_handles_p.h"
#include "core/crypto/primitives.h"

#include <openssl/core_names.h>
#include <openssl/params.h>

#include <array>
#include <optional>

using namespace Qt::StringLiterals;

namespace creditdesk::crypto {

namespace {

constexpr qsizetype kSaltSize = 16;
constexpr qsizetype kHashSize = 32;
constexpr quint64 kMaxN = quint64(1) << 20;
constexpr quint32 kMaxR = 32;
constexpr quint32 kMaxP = 16;
// Scrypt needs about 128·r·N bytes; bounding it keeps a hostile encoding from
// exhausting memory.
constexpr quint64 kMaxMemory = quint64(256) * 1024 * 1024;
constexpr quint64 kMaxWork = quint64(1) << 23; // N·r·p

std::optional<quint64> parseDecimal(QStringView text, quint64 max)
{
    if (text.isEmpty() || text.size() > 10 || (text.size() > 1 && text.front() == u'0'))
        return std::nullopt;
    quint64 value = 0;
    for (const QChar c : text) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
        value = value * 10 + static_cast<quint64>(c.unicode() - u'0');
    }
    if (value > max)
        return std::nullopt;
    return value;
}

QByteArray passwordBytes(QStringView password)
{
    return password.toString().normalized(QString::NormalizationForm_C).toUtf8();
}

Result<QByteArray> scrypt(QByteArrayView password, const PasswordHashParams &params, qsizetype length)
{
    auto kdf = ossl::Kdf::fetch("SCRYPT");
    if (!kdf)
        return std::unexpected(kdf.error());
    auto ctx = ossl::KdfCtx::forKdf(*kdf);
    if (!ctx)
        return std::unexpected(ctx.error());

    static char empty = 0;
    char *passwordData = password.isEmpty() ? &empty : const_cast<char *>(password.data());
    uint64_t n = params.n;
    uint32_t r = params.r;
    uint32_t p = params.p;
    // OpenSSL's default limit (32 MiB) is just below what N = 2^15, r = 8 needs.
    uint64_t maxMemory = 128 * quint64(params.r) * (params.n + params.p + 2) + 1024 * 1024;
    std::array kdfParams{
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, passwordData,
                                          static_cast<size_t>(password.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char *>(params.salt.constData()),
                                          static_cast<size_t>(params.salt.size())),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxMemory),
        OSSL_PARAM_construct_end(),
    };
    QByteArray out(length, Qt::Uninitialized);
    if (EVP_KDF_derive(ctx->get(), reinterpret_cast<unsigned char *>(out.data()), static_cast<size_t>(length),
                       kdfParams.data()) != 1)
        return ossl::failure(errc::opensslFailure, "EVP_KDF_derive(SCRYPT)"_L1);
    return out;
}

QString encode(const PasswordHashParams &params)
{
    return u"scrypt$"_s + QString::number(params.n) + u'$' + QString::number(params.r) + u'$' +
           QString::number(params.p) + u'$' + base64UrlEncode(params.salt) + u'$' +
           base64UrlEncode(params.hash);
}

std::unexpected<Error> malformed(const QString &why)
{
    return fail(errc::passwordHashMalformed, why);
}

} // namespace

Result<QString> hashPassword(QStringView password)
{
    auto salt = randomBytes(kSaltSize);
    if (!salt)
        return std::unexpected(salt.error());
    PasswordHashParams params{kScryptN, kScryptR, kScryptP, std::move(*salt), {}};
    auto hash = scrypt(passwordBytes(password), params, kHashSize);
    if (!hash)
        return std::unexpected(hash.error());
    params.hash = std::move(*hash);
    return encode(params);
}

Result<PasswordHashParams> parsePasswordHash(QStringView encoded)
{
    const auto parts = encoded.split(u'$');
    if (parts.size() != 6 || parts[0] != u"scrypt")
        return malformed(u"not scrypt$N$r$p$salt$hash"_s);
    const auto n = parseDecimal(parts[1], kMaxN);
    const auto r = parseDecimal(parts[2], kMaxR);
    const auto p = parseDecimal(parts[3], kMaxP);
    if (!n || !r || !p || *n < 2 || (*n & (*n - 1)) != 0 || *r == 0 || *p == 0)
        return malformed(u"scrypt parameters out of bounds"_s);
    if (128 * *r * *n > kMaxMemory || *n * *r * *p > kMaxWork)
        return malformed(u"scrypt work factor out of bounds"_s);
    auto salt = base64UrlDecode(parts[4]);
    auto hash = base64UrlDecode(parts[5]);
    if (!salt || !hash)
        return malformed(u"bad base64url in the password hash"_s);
    if (salt->size() < 4 || salt->size() > 64 || hash->size() < 16 || hash->size() > 64)
        return malformed(u"salt or hash length out of bounds"_s);
    return PasswordHashParams{*n, static_cast<quint32>(*r), static_cast<quint32>(*p), std::move(*salt),
                              std::move(*hash)};
}

bool verifyPassword(QStringView password, QStringView encoded)
{
    const auto params = parsePasswordHash(encoded);
    if (!params) {
        qCDebug(lcCrypto) << "rejecting a password hash:" << params.error().message;
        return false;
    }
    const auto derived = scrypt(passwordBytes(password), *params, params->hash.size());
    if (!derived) {
        qCWarning(lcCrypto) << "scrypt failed:" << derived.error().message;
        return false;
    }
    return constantTimeEquals(*derived, params->hash);
}

bool passwordHashNeedsRehash(QStringView encoded)
{
    const auto params = parsePasswordHash(encoded);
    return !params || params->n != kScryptN || params->r != kScryptR || params->p != kScryptP ||
           params->salt.size() != kSaltSize || params->hash.size() != kHashSize;
}

} // namespace creditdesk::crypto

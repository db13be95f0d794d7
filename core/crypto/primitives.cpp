#include "core/crypto/primitives.h"

#include "core/crypto/crypto_errors.h"
#include "core/crypto/openssl_handles_p.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

using namespace Qt::StringLiterals;

namespace creditdesk::crypto {

namespace {

constexpr qsizetype kMaxRandomBytes = 1024 * 1024;

bool isBase64UrlChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

} // namespace

QByteArray sha256(QByteArrayView data)
{
    QByteArray digest(SHA256_DIGEST_LENGTH, Qt::Uninitialized);
    SHA256(reinterpret_cast<const unsigned char *>(data.data()), static_cast<size_t>(data.size()),
           reinterpret_cast<unsigned char *>(digest.data()));
    return digest;
}

QString toHex(QByteArrayView data)
{
    return QString::fromLatin1(data.toByteArray().toHex());
}

QString sha256Hex(QByteArrayView data)
{
    return toHex(sha256(data));
}

Result<QByteArray> randomBytes(qsizetype n)
{
    if (n < 0 || n > kMaxRandomBytes)
        return fail(creditdesk::errc::invalidArgument, u"randomBytes: n out of range"_s);
    QByteArray out(n, Qt::Uninitialized);
    if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char *>(out.data()), static_cast<int>(n)) != 1)
        return ossl::failure(errc::opensslFailure, "RAND_bytes"_L1);
    return out;
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    if (a.isEmpty())
        return true;
    return CRYPTO_memcmp(a.data(), b.data(), static_cast<size_t>(a.size())) == 0;
}

QString base64UrlEncode(QByteArrayView data)
{
    return QString::fromLatin1(
        data.toByteArray().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

Result<QByteArray> base64UrlDecode(QByteArrayView text)
{
    if (text.size() % 4 == 1)
        return fail(errc::invalidBase64Url, u"impossible base64url length"_s);
    for (const char c : text) {
        if (!isBase64UrlChar(c))
            return fail(errc::invalidBase64Url, u"character outside the base64url alphabet"_s);
    }
    const auto options = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
    auto decoded =
        QByteArray::fromBase64Encoding(text.toByteArray(), options | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return fail(errc::invalidBase64Url, u"undecodable base64url"_s);
    // Non-zero unused bits in the last symbol would give a second spelling.
    if (decoded.decoded.toBase64(options) != text)
        return fail(errc::invalidBase64Url, u"non-canonical base64url"_s);
    return std::move(decoded.decoded);
}

Result<QByteArray> base64UrlDecode(QStringView text)
{
    for (const QChar c : text) {
        if (c.unicode() > 0x7f)
            return fail(errc::invalidBase64Url, u"character outside the base64url alphabet"_s);
    }
    return base64UrlDecode(QByteArrayView(text.toLatin1()));
}

} // namespace creditdesk::crypto

#include "core/crypto/jwt.h"

#include "core/crypto/crypto_errors.h"
#include "core/crypto/primitives.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::crypto {

namespace {

constexpr qsizetype kMaxTokenSize = 16 * 1024;

struct JwtParts {
    QJsonObject header;
    QJsonObject claims;
    QByteArray signingInput; // "<header>.<payload>" as sent
    QByteArray signature;
};

std::unexpected<Error> malformed(const QString &why)
{
    return fail(errc::jwtMalformed, why);
}

Result<QJsonObject> decodeJsonSegment(QStringView segment, const QString &what)
{
    auto bytes = base64UrlDecode(segment);
    if (!bytes)
        return malformed(what + u" is not base64url"_s);
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(*bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return malformed(what + u" is not a JSON object"_s);
    return document.object();
}

Result<JwtParts> split(QStringView token)
{
    if (token.size() > kMaxTokenSize)
        return malformed(u"token too long"_s);
    const auto segments = token.split(u'.');
    if (segments.size() != 3 || segments[0].isEmpty() || segments[1].isEmpty())
        return malformed(u"not a compact JWS (header.payload.signature)"_s);
    auto header = decodeJsonSegment(segments[0], u"header"_s);
    if (!header)
        return std::unexpected(header.error());
    auto claims = decodeJsonSegment(segments[1], u"payload"_s);
    if (!claims)
        return std::unexpected(claims.error());
    auto signature = base64UrlDecode(segments[2]);
    if (!signature)
        return malformed(u"signature is not base64url"_s);
    return JwtParts{std::move(*header), std::move(*claims),
                    token.first(segments[0].size() + 1 + segments[1].size()).toLatin1(),
                    std::move(*signature)};
}

bool audienceMatches(const QJsonValue &aud, const QString &expected)
{
    if (aud.isString())
        return aud.toString() == expected;
    if (!aud.isArray())
        return false;
    const QJsonArray audiences = aud.toArray();
    return std::any_of(audiences.begin(), audiences.end(), [&](const QJsonValue &value) {
        return value.isString() && value.toString() == expected;
    });
}

Result<QJsonObject> checkClaims(const QJsonObject &claims, const JwtExpectations &expect)
{
    const double now = static_cast<double>(expect.nowMs) / 1000.0;
    const QJsonValue exp = claims.value("exp"_L1);
    if (!exp.isDouble())
        return malformed(u"exp missing or not a number"_s);
    if (now >= exp.toDouble() + expect.leewaySeconds)
        return fail(errc::jwtExpired, u"token expired"_s);
    const QJsonValue nbf = claims.value("nbf"_L1);
    if (!nbf.isUndefined() && !nbf.isDouble())
        return malformed(u"nbf is not a number"_s);
    if (nbf.isDouble() && now + expect.leewaySeconds < nbf.toDouble())
        return fail(errc::jwtNotYetValid, u"token not valid yet"_s);
    if (claims.value("iss"_L1).toString() != expect.issuer || !claims.value("iss"_L1).isString())
        return fail(errc::jwtWrongIssuer, u"unexpected issuer"_s);
    if (!audienceMatches(claims.value("aud"_L1), expect.audience))
        return fail(errc::jwtWrongAudience, u"unexpected audience"_s);
    return claims;
}

} // namespace

Result<QString> signJwt(const QJsonObject &claims, const RsaPrivateKey &key)
{
    if (key.isNull())
        return fail(creditdesk::errc::invalidArgument, u"null RSA key"_s);
    const QJsonObject header{{u"alg"_s, u"RS256"_s}, {u"typ"_s, u"JWT"_s}, {u"kid"_s, key.keyId()}};
    const QString signingInput = base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact)) +
                                 u'.' + base64UrlEncode(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    auto signature = key.signRs256(signingInput.toLatin1());
    if (!signature)
        return std::unexpected(signature.error());
    return signingInput + u'.' + base64UrlEncode(*signature);
}

Result<QJsonObject> verifyJwt(QStringView token, const QList<RsaPublicKey> &keys,
                              const JwtExpectations &expect)
{
    auto parts = split(token);
    if (!parts)
        return std::unexpected(parts.error());
    const QJsonValue alg = parts->header.value("alg"_L1);
    if (!alg.isString())
        return malformed(u"header without alg"_s);
    if (alg.toString() != "RS256"_L1)
        return fail(errc::jwtUnsupportedAlg, u"alg must be RS256"_s, {{u"alg"_s, alg.toString().left(32)}});
    if (parts->header.contains("crit"_L1))
        return malformed(u"critical header extensions are not supported"_s);
    const QJsonValue kid = parts->header.value("kid"_L1);
    if (!kid.isString())
        return fail(errc::jwtUnknownKey, u"header without kid"_s);
    const auto key = std::find_if(keys.begin(), keys.end(), [&](const RsaPublicKey &candidate) {
        return candidate.keyId() == kid.toString();
    });
    if (key == keys.end())
        return fail(errc::jwtUnknownKey, u"no key with this kid"_s, {{u"kid"_s, kid.toString().left(64)}});
    if (!key->verifyRs256(parts->signingInput, parts->signature))
        return fail(errc::jwtBadSignature, u"signature does not verify"_s);
    return checkClaims(parts->claims, expect);
}

Result<QJsonObject> verifyJwt(QStringView token, const RsaPublicKey &key, const JwtExpectations &expect)
{
    return verifyJwt(token, QList<RsaPublicKey>{key}, expect);
}

Result<QJsonObject> verifyJwtWithJwks(QStringView token, const QJsonObject &jwks,
                                      const JwtExpectations &expect)
{
    auto keys = parseJwks(jwks);
    if (!keys)
        return std::unexpected(keys.error());
    return verifyJwt(token, *keys, expect);
}

Result<QJsonObject> decodeJwtClaimsUnverified(QStringView token)
{
    auto parts = split(token);
    if (!parts)
        return std::unexpected(parts.error());
    return std::move(parts->claims);
}

} // namespace creditdesk::crypto

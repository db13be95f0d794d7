#include "core/crypto/activation_certificate.h"

#include "core/crypto/canonical_json.h"
#include "core/crypto/crypto_errors.h"
#include "core/crypto/primitives.h"
#include "core/domain/utc_time.h"

#include <QCborValue>
#include <QJsonDocument>

#include <algorithm>
#include <limits>
#include <optional>

using namespace Qt::StringLiterals;

namespace creditdesk::crypto {

namespace {

constexpr qsizetype kMaxEncodedPayload = 8 * 1024;

std::unexpected<Error> malformed(const QString &why)
{
    return fail(errc::certificateMalformed, why);
}

std::optional<QString> stringField(const QJsonObject &object, QLatin1StringView key)
{
    const QJsonValue value = object.value(key);
    if (!value.isString())
        return std::nullopt;
    return value.toString();
}

std::optional<qint64> timestampField(const QJsonObject &object, QLatin1StringView key)
{
    const auto text = stringField(object, key);
    if (!text)
        return std::nullopt;
    const auto ms = parseIsoUtc(*text);
    if (!ms)
        return std::nullopt;
    return *ms;
}

std::optional<int> integerField(const QJsonObject &object, QLatin1StringView key)
{
    const QCborValue value = QCborValue::fromJsonValue(object.value(key));
    if (!value.isInteger() || value.toInteger() < 0 || value.toInteger() > std::numeric_limits<int>::max())
        return std::nullopt;
    return static_cast<int>(value.toInteger());
}

Result<ActivationCertificatePayload> decodePayload(const QByteArray &bytes)
{
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return malformed(u"payload is not a JSON object"_s);
    const QJsonObject json = document.object();

    const QJsonValue byok = json.value("byok_enabled"_L1);
    const auto major = integerField(json, "eligible_major_version"_L1);
    const auto issuedAt = timestampField(json, "issued_at"_L1);
    const auto validUntil = timestampField(json, "valid_until"_L1);
    const auto licenseId = stringField(json, "license_id"_L1);
    const auto keyHash = stringField(json, "license_key_sha256"_L1);
    const auto fingerprint = stringField(json, "machine_fingerprint"_L1);
    const auto tier = stringField(json, "tier"_L1);
    const auto userId = stringField(json, "user_id"_L1);
    if (!byok.isBool() || !major || !issuedAt || !validUntil || !licenseId || !keyHash || !fingerprint ||
        !tier || !userId)
        return malformed(u"payload lacks a field or has one of the wrong type"_s);
    return ActivationCertificatePayload{byok.toBool(), *major, *issuedAt, *licenseId, *keyHash,
                                        *fingerprint,  *tier,  *userId,   *validUntil};
}

} // namespace

Result<QByteArray> canonicalPayload(const ActivationCertificatePayload &payload)
{
    const QJsonObject json{
        {u"byok_enabled"_s, payload.byokEnabled},
        {u"eligible_major_version"_s, payload.eligibleMajorVersion},
        {u"issued_at"_s, toIsoUtc(payload.issuedAtMs)},
        {u"license_id"_s, payload.licenseId},
        {u"license_key_sha256"_s, payload.licenseKeySha256},
        {u"machine_fingerprint"_s, payload.machineFingerprint},
        {u"tier"_s, payload.tier},
        {u"user_id"_s, payload.userId},
        {u"valid_until"_s, toIsoUtc(payload.validUntilMs)},
    };
    return canonicalJson(json);
}

Result<QJsonObject> issueCertificate(const ActivationCertificatePayload &payload,
                                     const Ed25519PrivateKey &privateKey)
{
    auto bytes = canonicalPayload(payload);
    if (!bytes)
        return std::unexpected(bytes.error());
    auto signature = privateKey.sign(*bytes);
    if (!signature)
        return std::unexpected(signature.error());
    return QJsonObject{
        {u"payload"_s, base64UrlEncode(*bytes)},
        {u"signature"_s, base64UrlEncode(*signature)},
        {u"key_id"_s, privateKey.publicKey().keyId()},
    };
}

Result<ActivationCertificatePayload> verifyCertificate(const QJsonObject &certificate,
                                                       const QList<Ed25519PublicKey> &pinnedKeys)
{
    const auto encodedPayload = stringField(certificate, "payload"_L1);
    const auto encodedSignature = stringField(certificate, "signature"_L1);
    const auto keyIdValue = stringField(certificate, "key_id"_L1);
    if (!encodedPayload || !encodedSignature || !keyIdValue)
        return malformed(u"certificate needs string payload, signature and key_id"_s);
    if (encodedPayload->size() > kMaxEncodedPayload)
        return malformed(u"payload too large"_s);
    auto payload = base64UrlDecode(*encodedPayload);
    auto signature = base64UrlDecode(*encodedSignature);
    if (!payload || !signature)
        return malformed(u"payload or signature is not base64url"_s);
    if (signature->size() != Ed25519PrivateKey::kSignatureSize)
        return malformed(u"an Ed25519 signature is 64 bytes"_s);

    const auto key = std::find_if(pinnedKeys.begin(), pinnedKeys.end(), [&](const Ed25519PublicKey &pinned) {
        return pinned.keyId() == *keyIdValue;
    });
    if (key == pinnedKeys.end())
        return fail(errc::certificateUnknownKey, u"certificate signed by a key that is not pinned"_s,
                    {{u"key_id"_s, keyIdValue->left(32)}});
    if (!key->verify(*payload, *signature))
        return fail(errc::certificateBadSignature, u"certificate signature does not verify"_s);
    return decodePayload(*payload);
}

QString normalizeLicenseKey(QStringView key)
{
    QString normalized;
    normalized.reserve(key.size());
    for (const QChar c : key) {
        if (!c.isSpace())
            normalized += c.toUpper();
    }
    return normalized;
}

QString licenseKeySha256(QStringView key)
{
    return sha256Hex(normalizeLicenseKey(key).toUtf8());
}

} // namespace creditdesk::crypto

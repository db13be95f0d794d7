#include "core/crypto/offline_activation.h"

#include "core/crypto/crypto_errors.h"
#include "core/crypto/primitives.h"
#include "core/domain/utc_time.h"

#include <QJsonDocument>

#include <optional>

using namespace Qt::StringLiterals;

namespace creditdesk::crypto {

namespace {

constexpr qsizetype kMaxFileSize = 64 * 1024;

std::unexpected<Error> malformed(const QString &why)
{
    return fail(errc::offlineFileMalformed, why);
}

// A required string field; `nonEmpty` also refuses "".
std::optional<QString> field(const QJsonObject &json, QLatin1StringView key, bool nonEmpty = true)
{
    const QJsonValue value = json.value(key);
    if (!value.isString() || (nonEmpty && value.toString().isEmpty()))
        return std::nullopt;
    return value.toString();
}

bool isNonce(const QString &nonce)
{
    const auto bytes = base64UrlDecode(nonce);
    return bytes && bytes->size() == kOfflineNonceSize;
}

Result<void> checkFormat(const QJsonObject &json, QLatin1StringView expected)
{
    const QJsonValue format = json.value("format"_L1);
    if (!format.isString())
        return malformed(u"no format field"_s);
    if (format.toString() != expected)
        return fail(errc::offlineFormatUnsupported, u"unsupported offline file format"_s,
                    {{u"format"_s, format.toString().left(64)}, {u"expected"_s, QString(expected)}});
    return {};
}

Result<QJsonObject> parseFile(QByteArrayView bytes)
{
    if (bytes.size() > kMaxFileSize)
        return malformed(u"offline file too large"_s);
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(bytes.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return malformed(u"offline file is not a JSON object"_s);
    return document.object();
}

} // namespace

Result<OfflineActivationRequest> OfflineActivationRequest::create(QString licenseKey,
                                                                  QString machineFingerprint,
                                                                  QString deviceName, QString osType,
                                                                  std::int64_t nowMs)
{
    auto nonce = randomBytes(kOfflineNonceSize);
    if (!nonce)
        return std::unexpected(nonce.error());
    return OfflineActivationRequest{std::move(licenseKey),
                                    std::move(machineFingerprint),
                                    std::move(deviceName),
                                    std::move(osType),
                                    nowMs,
                                    base64UrlEncode(*nonce)};
}

Result<OfflineActivationRequest> OfflineActivationRequest::fromJson(const QJsonObject &json)
{
    if (auto ok = checkFormat(json, kOfflineRequestFormat); !ok)
        return std::unexpected(ok.error());
    const auto licenseKey = field(json, "license_key"_L1);
    const auto fingerprint = field(json, "machine_fingerprint"_L1);
    const auto deviceName = field(json, "device_name"_L1, false);
    const auto osType = field(json, "os_type"_L1, false);
    const auto createdAt = field(json, "created_at"_L1);
    const auto nonce = field(json, "nonce"_L1);
    if (!licenseKey || !fingerprint || !deviceName || !osType || !createdAt || !nonce)
        return malformed(u"offline request lacks a field or has one of the wrong type"_s);
    const auto createdAtMs = parseIsoUtc(*createdAt);
    if (!createdAtMs)
        return malformed(u"created_at is not a UTC timestamp"_s);
    if (!isNonce(*nonce))
        return malformed(u"nonce is not base64url of 16 bytes"_s);
    return OfflineActivationRequest{*licenseKey, *fingerprint, *deviceName, *osType, *createdAtMs, *nonce};
}

Result<OfflineActivationRequest> OfflineActivationRequest::fromFileBytes(QByteArrayView bytes)
{
    auto json = parseFile(bytes);
    if (!json)
        return std::unexpected(json.error());
    return fromJson(*json);
}

QJsonObject OfflineActivationRequest::toJson() const
{
    return QJsonObject{
        {u"format"_s, QString(kOfflineRequestFormat)},
        {u"license_key"_s, licenseKey},
        {u"machine_fingerprint"_s, machineFingerprint},
        {u"device_name"_s, deviceName},
        {u"os_type"_s, osType},
        {u"created_at"_s, toIsoUtc(createdAtMs)},
        {u"nonce"_s, nonce},
    };
}

QByteArray OfflineActivationRequest::toFileBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Indented);
}

Result<OfflineActivationResponse> OfflineActivationResponse::fromJson(const QJsonObject &json)
{
    if (auto ok = checkFormat(json, kOfflineResponseFormat); !ok)
        return std::unexpected(ok.error());
    const auto activationId = field(json, "activation_id"_L1);
    const auto licenseId = field(json, "license_id"_L1);
    const auto nonce = field(json, "nonce"_L1);
    const QJsonValue certificate = json.value("certificate"_L1);
    if (!activationId || !licenseId || !nonce || !certificate.isObject())
        return malformed(u"offline response lacks a field or has one of the wrong type"_s);
    if (!isNonce(*nonce))
        return malformed(u"nonce is not base64url of 16 bytes"_s);
    const QJsonObject cert = certificate.toObject();
    if (!field(cert, "payload"_L1) || !field(cert, "signature"_L1) || !field(cert, "key_id"_L1))
        return malformed(u"certificate needs string payload, signature and key_id"_s);
    return OfflineActivationResponse{*activationId, *licenseId, *nonce, cert};
}

Result<OfflineActivationResponse> OfflineActivationResponse::fromFileBytes(QByteArrayView bytes)
{
    auto json = parseFile(bytes);
    if (!json)
        return std::unexpected(json.error());
    return fromJson(*json);
}

QJsonObject OfflineActivationResponse::toJson() const
{
    return QJsonObject{
        {u"format"_s, QString(kOfflineResponseFormat)},
        {u"activation_id"_s, activationId},
        {u"license_id"_s, licenseId},
        {u"nonce"_s, nonce},
        {u"certificate"_s, certificate},
    };
}

QByteArray OfflineActivationResponse::toFileBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Indented);
}

} // namespace creditdesk::crypto

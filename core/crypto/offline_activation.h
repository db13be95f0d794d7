#pragma once

#include "core/domain/error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QLatin1StringView>
#include <QString>

#include <cstdint>

namespace creditdesk::crypto {

// Offline activation files (api-contract §10.3).
inline constexpr QLatin1StringView kOfflineRequestFormat{"creditdesk.offline-request.v1"};
inline constexpr QLatin1StringView kOfflineResponseFormat{"creditdesk.offline-response.v1"};
inline constexpr qsizetype kOfflineNonceSize = 16;

// Parsing errors: offline_format_unsupported for a `format` other than v1,
// offline_file_malformed for anything else (not JSON, a missing or ill-typed
// field, a bad timestamp, a nonce that is not base64url of 16 bytes, a file
// over 64 KiB). Unknown fields are ignored.
struct OfflineActivationRequest {
    QString licenseKey;
    QString machineFingerprint;
    QString deviceName;
    QString osType;
    std::int64_t createdAtMs = 0;
    QString nonce; // base64url of 16 random bytes

    // A request with a fresh nonce.
    [[nodiscard]] static Result<OfflineActivationRequest> create(QString licenseKey,
                                                                 QString machineFingerprint,
                                                                 QString deviceName, QString osType,
                                                                 std::int64_t nowMs);
    [[nodiscard]] static Result<OfflineActivationRequest> fromJson(const QJsonObject &json);
    [[nodiscard]] static Result<OfflineActivationRequest> fromFileBytes(QByteArrayView bytes);
    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] QByteArray toFileBytes() const; // indented JSON

    friend bool operator==(const OfflineActivationRequest &, const OfflineActivationRequest &) = default;
};

struct OfflineActivationResponse {
    QString activationId;
    QString licenseId;
    QString nonce;
    // {payload, signature, key_id}, checked for shape only; verify it with
    // verifyCertificate().
    QJsonObject certificate;

    [[nodiscard]] static Result<OfflineActivationResponse> fromJson(const QJsonObject &json);
    [[nodiscard]] static Result<OfflineActivationResponse> fromFileBytes(QByteArrayView bytes);
    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] QByteArray toFileBytes() const;

    friend bool operator==(const OfflineActivationResponse &, const OfflineActivationResponse &) = default;
};

} // namespace creditdesk::crypto

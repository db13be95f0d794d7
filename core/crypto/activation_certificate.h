#pragma once

#include "core/crypto/ed25519.h"
#include "core/domain/error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringView>

namespace creditdesk::crypto {

// The signed payload of an activation certificate (api-contract §10.1).
// Timestamps are epoch ms; on the wire "YYYY-MM-DDTHH:MM:SS.mmmZ".
struct ActivationCertificatePayload {
    bool byokEnabled = false;
    int eligibleMajorVersion = 0;
    qint64 issuedAtMs = 0;
    QString licenseId;
    QString licenseKeySha256;
    QString machineFingerprint;
    QString tier; // the wire string ("perpetual", "pro_max", …)
    QString userId;
    qint64 validUntilMs = 0;

    friend bool operator==(const ActivationCertificatePayload &,
                           const ActivationCertificatePayload &) = default;
};

// The canonical JSON bytes that get signed.
[[nodiscard]] Result<QByteArray> canonicalPayload(const ActivationCertificatePayload &payload);

// {payload, signature, key_id}: base64url canonical payload, base64url
// Ed25519 signature over the payload bytes, keyId(signing public key).
[[nodiscard]] Result<QJsonObject> issueCertificate(const ActivationCertificatePayload &payload,
                                                   const Ed25519PrivateKey &privateKey);

// Verifies against the pinned keys and decodes the payload. Errors:
// certificate_malformed (missing or ill-typed fields, bad base64url, payload
// not a JSON object, missing or ill-typed payload keys; unknown payload keys
// are ignored), certificate_unknown_key (key_id not pinned),
// certificate_bad_signature. Fingerprint, user, key hash and validity are the
// caller's checks.
[[nodiscard]] Result<ActivationCertificatePayload>
verifyCertificate(const QJsonObject &certificate, const QList<Ed25519PublicKey> &pinnedKeys);

// Upper-cases and strips whitespace, as license keys are normalised
// (domain-rules §7); does not check the key's shape.
[[nodiscard]] QString normalizeLicenseKey(QStringView key);
// Lowercase hex SHA-256 of the normalised key (`license_key_sha256`).
[[nodiscard]] QString licenseKeySha256(QStringView key);

} // namespace creditdesk::crypto

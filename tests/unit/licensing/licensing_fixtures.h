#pragma once

#include "core/crypto/activation_certificate.h"
#include "core/crypto/ed25519.h"
#include "core/domain/clock.h"
#include "core/licensing/certificate_store.h"
#include "core/licensing/clock_guard.h"
#include "core/licensing/license_verifier.h"
#include "core/licensing/pinned_keys.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringView>
#include <QTemporaryDir>

#include <cstdint>
#include <memory>

// Shared by the licensing tests: a fixed signing key, certificates over the
// domain examples' dates and small file helpers.
namespace creditdesk::licensing::test {

inline const QString kFingerprint =
    QStringLiteral("3f0c8d2b9a7e6f5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a2918f7e6d5c");
inline const QString kOtherFingerprint =
    QStringLiteral("0000000000000000000000000000000000000000000000000000000000000001");
inline const QString kUserId = QStringLiteral("6d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6");
inline const QString kLicenseId = QStringLiteral("0b9c5f9e-1c1e-4a36-9d1e-6c1f2f3b4a5d");
inline const QString kActivationId = QStringLiteral("5f1d3c2b-0a9e-4d8c-b7a6-958473625140");
inline const QString kLicenseKey = QStringLiteral("REPHLO-AB2C-DE3F-GH4J-7XQ2");

// Strict ISO UTC to epoch ms; aborts the test binary on a typo.
[[nodiscard]] std::int64_t at(QStringView iso);

// The pinned server key (fixed seed) and a second, unpinned one.
[[nodiscard]] crypto::Ed25519PrivateKey serverKey();
[[nodiscard]] crypto::Ed25519PrivateKey otherKey();
[[nodiscard]] PinnedKeys pinnedServerKey();

// Issued 2026-03-01T00:00Z, valid until 2026-03-31T00:00Z (the [Cert*]
// examples), for kFingerprint, kUserId, kLicenseKey, major 1, perpetual.
[[nodiscard]] crypto::ActivationCertificatePayload samplePayload();
[[nodiscard]] QJsonObject issue(const crypto::ActivationCertificatePayload &payload,
                                const crypto::Ed25519PrivateKey &key = serverKey());
// A certificate over arbitrary payload bytes, validly signed by `key`.
[[nodiscard]] QJsonObject signRaw(const QByteArray &payload,
                                  const crypto::Ed25519PrivateKey &key = serverKey());

// kFingerprint, kUserId, kLicenseKey's hash, app 1.4.2.
[[nodiscard]] VerificationContext thisDevice();

// One device's licensing pieces over a temporary profile directory.
struct DeviceRig {
    QTemporaryDir dir;
    ManualClock clock;
    PinnedKeys keys = pinnedServerKey();
    std::unique_ptr<ClockGuard> guard;
    std::unique_ptr<CertificateStore> store;
    std::unique_ptr<LicenseVerifier> verifier;

    explicit DeviceRig(std::int64_t nowMs);
    // New instances over the same directory: a restart of the app.
    void reopen();
    [[nodiscard]] LicenseState evaluate(const QJsonObject &certificate,
                                        const VerificationContext &context = thisDevice());
    [[nodiscard]] LicenseState stored(const VerificationContext &context = thisDevice());
};

[[nodiscard]] QByteArray flipBit(QByteArray bytes, qsizetype bit);
// The reason's code, or empty.
[[nodiscard]] QString reasonCode(const LicenseState &state);

[[nodiscard]] QByteArray readFile(const QString &path);
void writeFile(const QString &path, const QByteArray &bytes);
// The file's permission bits (0600 expected for everything licensing writes).
[[nodiscard]] int mode(const QString &path);
// Files in `dir` whose name starts with `prefix`.
[[nodiscard]] QStringList filesStartingWith(const QString &dir, const QString &prefix);

} // namespace creditdesk::licensing::test

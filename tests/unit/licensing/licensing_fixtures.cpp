#include "tests/unit/licensing/licensing_fixtures.h"

#include "core/crypto/primitives.h"
#include "core/domain/utc_time.h"

#include <QDir>
#include <QFile>

#include <cstdlib>
#include <filesystem>

using namespace Qt::StringLiterals;

namespace creditdesk::licensing::test {

std::int64_t at(QStringView iso)
{
    const auto ms = parseIsoUtc(iso);
    if (!ms)
        std::abort();
    return *ms;
}

crypto::Ed25519PrivateKey serverKey()
{
    return crypto::Ed25519PrivateKey::fromRawSeed(
               QByteArray::fromHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"))
        .value();
}

crypto::Ed25519PrivateKey otherKey()
{
    return crypto::Ed25519PrivateKey::fromRawSeed(
               QByteArray::fromHex("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7"))
        .value();
}

PinnedKeys pinnedServerKey()
{
    PinnedKeys keys;
    keys.add(serverKey().publicKey());
    return keys;
}

crypto::ActivationCertificatePayload samplePayload()
{
    return crypto::ActivationCertificatePayload{
        true,
        1,
        at(u"2026-03-01T00:00:00Z"),
        kLicenseId,
        crypto::licenseKeySha256(kLicenseKey),
        kFingerprint,
        u"perpetual"_s,
        kUserId,
        at(u"2026-03-31T00:00:00Z"),
    };
}

QJsonObject issue(const crypto::ActivationCertificatePayload &payload, const crypto::Ed25519PrivateKey &key)
{
    return crypto::issueCertificate(payload, key).value();
}

QJsonObject signRaw(const QByteArray &payload, const crypto::Ed25519PrivateKey &key)
{
    return QJsonObject{{u"payload"_s, crypto::base64UrlEncode(payload)},
                       {u"signature"_s, crypto::base64UrlEncode(key.sign(payload).value())},
                       {u"key_id"_s, key.publicKey().keyId()}};
}

VerificationContext thisDevice()
{
    return VerificationContext{kFingerprint, kUserId, crypto::licenseKeySha256(kLicenseKey), u"1.4.2"_s};
}

DeviceRig::DeviceRig(std::int64_t nowMs)
    : clock(nowMs)
{
    reopen();
}

void DeviceRig::reopen()
{
    verifier.reset();
    guard = std::make_unique<ClockGuard>(clock, dir.path());
    store = std::make_unique<CertificateStore>(dir.path(), clock);
    verifier = std::make_unique<LicenseVerifier>(keys, *guard);
}

LicenseState DeviceRig::evaluate(const QJsonObject &certificate, const VerificationContext &context)
{
    return verifier->evaluate(certificate, context);
}

LicenseState DeviceRig::stored(const VerificationContext &context)
{
    return verifier->evaluateStored(*store, context);
}

QByteArray flipBit(QByteArray bytes, qsizetype bit)
{
    bytes[bit / 8] = static_cast<char>(bytes[bit / 8] ^ (1 << (bit % 8)));
    return bytes;
}

QString reasonCode(const LicenseState &state)
{
    return state.reason ? state.reason->code : QString();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        std::abort();
}

int mode(const QString &path)
{
    std::error_code error;
    const auto status = std::filesystem::status(path.toStdString(), error);
    return error ? -1 : static_cast<int>(status.permissions() & std::filesystem::perms::mask);
}

QStringList filesStartingWith(const QString &dir, const QString &prefix)
{
    return QDir(dir).entryList({prefix + u'*'}, QDir::Files | QDir::Hidden);
}

} // namespace creditdesk::licensing::test

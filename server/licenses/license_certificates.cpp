#include "server/licenses/license_certificates.h"

#include "core/crypto/activation_certificate.h"
#include "core/crypto/ed25519.h"
#include "core/domain/license_rules.h"
#include "core/domain/utc_time.h"
#include "server/server_environment.h"

#include <QJsonArray>

#include <limits>

using namespace Qt::StringLiterals;

namespace creditdesk::server::liccert {

bool enabled(const ServerEnvironment &env)
{
    return env.extensionsEnabled && env.certificateKey && !env.certificateKey->isNull();
}

Result<QJsonObject> issue(const ServerEnvironment &env, const LicenseRecord &license,
                          const QString &fingerprint, std::int64_t nowMs)
{
    if (!env.certificateKey || env.certificateKey->isNull())
        return fail(licerr::certificateUnavailable, u"the server has no certificate signing key"_s);
    const auto eligible = parseSemVer(license.eligibleUntilVersion);
    if (!eligible || eligible->major > std::numeric_limits<int>::max())
        return std::unexpected(eligible ? makeError(errc::invalidVersion, u"eligible major out of range"_s)
                                        : eligible.error());
    crypto::ActivationCertificatePayload payload;
    payload.byokEnabled = license.byokEnabled;
    payload.eligibleMajorVersion = static_cast<int>(eligible->major);
    payload.issuedAtMs = nowMs;
    payload.licenseId = license.id;
    payload.licenseKeySha256 = crypto::licenseKeySha256(license.licenseKey);
    payload.machineFingerprint = fingerprint;
    payload.tier = toString(SubscriptionTier::Perpetual);
    payload.userId = license.userId;
    payload.validUntilMs = nowMs + kCertificateValidityDays * kMsPerDay;
    return crypto::issueCertificate(payload, *env.certificateKey);
}

QJsonObject publicKeys(const ServerEnvironment &env)
{
    QJsonArray keys;
    if (env.certificateKey && !env.certificateKey->isNull()) {
        const crypto::Ed25519PublicKey key = env.certificateKey->publicKey();
        keys.append(QJsonObject{{u"key_id"_s, key.keyId()},
                                {u"algorithm"_s, u"Ed25519"_s},
                                {u"public_key"_s, key.toBase64Url()}});
    }
    return QJsonObject{{u"keys"_s, keys}};
}

} // namespace creditdesk::server::liccert

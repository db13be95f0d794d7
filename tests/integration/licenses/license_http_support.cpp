#include "tests/integration/licenses/license_http_support.h"

#include "core/crypto/activation_certificate.h"
#include "core/crypto/ed25519.h"
#include "core/crypto/primitives.h"
#include "core/domain/utc_time.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace creditdesk::test {

LicenseOwner ownerWithLicense(const ServerHarness &server, const QString &email,
                              const QStringList &licenseArgs)
{
    LicenseOwner owner;
    owner.token = server.createUserWithToken(email, &owner.userId);
    if (owner.token.isEmpty())
        return owner;
    const auto created = server.admin(QStringList{u"create-license"_s, u"--email"_s, email} + licenseArgs);
    if (created.exitCode != 0)
        return owner;
    owner.licenseKey = created.output.value(u"license_key"_s).toString();
    owner.licenseId = created.output.value(u"id"_s).toString();
    return owner;
}

QString deviceFingerprint(int n)
{
    return crypto::sha256Hex(u"http-device-%1"_s.arg(n).toUtf8());
}

QJsonObject deviceJson(int n)
{
    return QJsonObject{{u"fingerprint"_s, deviceFingerprint(n)},
                       {u"deviceName"_s, u"Device %1"_s.arg(n)},
                       {u"osType"_s, u"Linux"_s},
                       {u"osVersion"_s, u"6.1"_s},
                       {u"cpuInfo"_s, u"x86_64"_s}};
}

QJsonObject activateBody(const QString &key, int n)
{
    return QJsonObject{{u"licenseKey"_s, key}, {u"deviceInfo"_s, deviceJson(n)}};
}

QString verifyWithPublishedKey(const ServerHarness &server, const QJsonObject &certificate,
                               const QString &expectedFingerprint, const QString &expectedUser)
{
    const HttpReply keys = server.get(u"/api/licenses/public-keys"_s);
    if (keys.status != 200)
        return u"public-keys answered %1"_s.arg(keys.status);
    const QJsonArray list = keys.object().value(u"data"_s).toObject().value(u"keys"_s).toArray();
    if (list.isEmpty())
        return u"no published key"_s;
    const QJsonObject first = list.first().toObject();
    if (first.value(u"algorithm"_s).toString() != "Ed25519"_L1)
        return u"unexpected algorithm"_s;
    const auto key = crypto::Ed25519PublicKey::fromBase64Url(first.value(u"public_key"_s).toString());
    if (!key)
        return key.error().message;
    if (key->keyId() != first.value(u"key_id"_s).toString() ||
        certificate.value(u"key_id"_s).toString() != key->keyId())
        return u"key_id mismatch"_s;
    const auto payload = crypto::verifyCertificate(certificate, {*key});
    if (!payload)
        return payload.error().code + u": "_s + payload.error().message;
    if (payload->machineFingerprint != expectedFingerprint)
        return u"fingerprint mismatch"_s;
    if (!expectedUser.isEmpty() && payload->userId != expectedUser)
        return u"user mismatch"_s;
    if (payload->tier != "perpetual"_L1 || payload->validUntilMs != payload->issuedAtMs + 30 * kMsPerDay)
        return u"tier or validity wrong"_s;
    return {};
}

} // namespace creditdesk::test

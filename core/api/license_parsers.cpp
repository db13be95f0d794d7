// Parsers of api-contract §8 (licenses) and §10.1 (certificates, public keys).
#include "core/api/api_parsers.h"
#include "core/api/parsers_p.h"

using namespace Qt::StringLiterals;

namespace creditdesk::api {

using namespace parse_detail;

namespace {

// {payload, signature, key_id}: three non-empty strings (verified later by crypto).
QJsonObject certificateOf(FieldReader &r, QStringView key)
{
    FieldReader c = r.child(key);
    const QString payload = c.string(u"payload", 64 * 1024);
    const QString signature = c.string(u"signature", 1024);
    const QString keyId = c.string(u"key_id", 256);
    if (c.ok() && (payload.isEmpty() || signature.isEmpty() || keyId.isEmpty()))
        r.invalid(key, u"empty certificate field"_s);
    return c.node().toQJson().toObject();
}

std::optional<QJsonObject> optionalCertificate(FieldReader &r)
{
    if (r.isNullOrAbsent(u"certificate"))
        return std::nullopt;
    return certificateOf(r, u"certificate");
}

} // namespace

namespace parse {

Result<Activation> activation(const JsonNode &json)
{
    FieldReader r(json, u"activation"_s);
    Activation a;
    a.activationId = r.uuid(u"activation_id");
    a.licenseId = r.string(u"license_id", 100);
    a.machineFingerprint = r.string(u"machine_fingerprint", 64);
    a.deviceName = r.nullableString(u"device_name", 500);
    a.status = activationStatus(r, u"status");
    a.activatedAtMs = r.timestamp(u"activated_at");
    a.isNewActivation = r.optionalBool(u"is_new_activation");
    a.certificate = optionalCertificate(r);
    return r.finish(std::move(a));
}

Result<std::optional<MyLicense>> myLicense(const JsonNode &json)
{
    if (json.isNull())
        return std::optional<MyLicense>();
    FieldReader r(json, u"license"_s);
    MyLicense l;
    l.id = r.string(u"id", 100);
    l.licenseKey = r.string(u"licenseKey", 100);
    l.status = licenseStatus(r, u"status");
    l.purchasedVersion = r.string(u"purchasedVersion", 100);
    l.eligibleUntilVersion = r.string(u"eligibleUntilVersion", 100);
    l.maxActivations = r.integer(u"maxActivations", 0, 1'000'000);
    l.activeDeviceCount = r.integer(u"activeDeviceCount", 0, 1'000'000);
    l.purchasedAtMs = r.timestamp(u"purchasedAt");
    l.byokEnabled = r.optionalBool(u"byokEnabled");
    return r.finish(std::optional<MyLicense>(std::move(l)));
}

Result<LicenseDetails> licenseDetails(const JsonNode &json)
{
    FieldReader r(json, u"license"_s);
    LicenseDetails d;
    d.id = r.string(u"id", 100);
    d.licenseKey = r.string(u"license_key", 100);
    d.purchasedVersion = r.string(u"purchased_version", 100);
    d.eligibleUntilVersion = r.string(u"eligible_until_version", 100);
    d.maxActivations = r.integer(u"max_activations", 0, 1'000'000);
    d.currentActivations = r.integer(u"current_activations", 0, 1'000'000);
    d.status = licenseStatus(r, u"status");
    d.purchasedAtMs = r.timestamp(u"purchased_at");
    d.activatedAtMs = r.nullableTimestamp(u"activated_at");
    d.activations = r.list(u"activations", [](FieldReader &a) {
        LicenseActivationSummary s;
        s.id = a.string(u"id", 100);
        s.deviceName = a.nullableString(u"device_name", 500);
        s.osType = a.nullableString(u"os_type", 100);
        s.status = activationStatus(a, u"status");
        s.activatedAtMs = a.timestamp(u"activated_at");
        return s;
    });
    d.versionUpgrades = r.list(u"version_upgrades", [](FieldReader &u) {
        VersionUpgrade v;
        v.id = u.string(u"id", 100);
        v.fromVersion = u.optionalString(u"from_version", 100);
        v.toVersion = u.optionalString(u"to_version", 100);
        v.upgradePrice = u.optionalUsd(u"upgrade_price_usd", Sign::NonNegative);
        v.status = u.string(u"status", 50);
        v.purchasedAtMs = u.timestamp(u"purchased_at");
        return v;
    });
    return r.finish(std::move(d));
}

Result<LicenseDevices> licenseDevices(const JsonNode &json)
{
    FieldReader r(json, u"devices_response"_s);
    LicenseDevices d;
    d.licenseKey = r.string(u"license_key", 100);
    d.maxActivations = r.integer(u"max_activations", 0, 1'000'000);
    d.currentActivations = r.integer(u"current_activations", 0, 1'000'000);
    d.devices = r.list(u"devices", [](FieldReader &a) {
        LicenseDevice device;
        device.id = a.string(u"id", 100);
        device.deviceName = a.nullableString(u"device_name", 500);
        device.osType = a.nullableString(u"os_type", 100);
        device.osVersion = a.nullableString(u"os_version", 100);
        device.cpuInfo = a.nullableString(u"cpu_info", 500);
        device.activatedAtMs = a.timestamp(u"activated_at");
        device.lastSeenAtMs = a.timestamp(u"last_seen_at");
        return device;
    });
    return r.finish(std::move(d));
}

Result<VersionEligibility> versionEligibility(const JsonNode &json)
{
    FieldReader r(json, u"version_eligibility"_s);
    VersionEligibility v;
    v.licenseKey = r.string(u"license_key", 100);
    v.requestedVersion = r.string(u"requested_version", 100);
    v.isEligible = r.boolean(u"is_eligible");
    v.isFree = r.boolean(u"is_free");
    v.requiresPayment = r.boolean(u"requires_payment");
    FieldReader range = r.child(u"current_eligible_range");
    v.minVersion = range.string(u"min", 100);
    v.maxVersion = range.string(u"max", 100);
    return r.finish(std::move(v));
}

Result<CertificateRenewal> certificateRenewal(const JsonNode &json)
{
    FieldReader r(json, u"certificate_renewal"_s);
    CertificateRenewal c;
    c.activationId = r.uuid(u"activation_id");
    c.licenseId = r.string(u"license_id", 100);
    c.certificate = certificateOf(r, u"certificate");
    return r.finish(std::move(c));
}

Result<QList<PublicKeyInfo>> publicKeys(const JsonNode &json)
{
    FieldReader r(json, u"public_keys"_s);
    QList<PublicKeyInfo> keys = r.list(u"keys", [](FieldReader &k) {
        PublicKeyInfo key;
        key.keyId = k.string(u"key_id", 256);
        key.algorithm = k.oneOf(u"algorithm", {"Ed25519"_L1});
        key.publicKey = k.string(u"public_key", 256);
        return key;
    });
    return r.finish(std::move(keys));
}

} // namespace parse
} // namespace creditdesk::api

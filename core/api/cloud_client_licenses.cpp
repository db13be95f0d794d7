// CloudClient: licenses (§8, §10.1–10.3) and coupons (§9).
#include "core/api/api_errors.h"
#include "core/api/cloud_client.h"
#include "core/api/cloud_client_p.h"
#include "core/api/json_fields.h"
#include "core/domain/coupon_discount.h"
#include "core/domain/license_rules.h"

using namespace Qt::StringLiterals;

namespace creditdesk::api {

using namespace client_detail;

namespace {

Error badArgument(const QString &message)
{
    return makeError(creditdesk::errc::invalidArgument, message);
}

std::optional<Error> badFingerprint(const QString &fingerprint)
{
    if (fingerprint.isEmpty() || fingerprint.size() > 64)
        return makeError(creditdesk::errc::invalidFingerprint, u"a device fingerprint has 1-64 characters"_s);
    return std::nullopt;
}

JsonNode deviceJson(const DeviceInfo &device)
{
    JsonNode node = JsonNode::object({{u"fingerprint"_s, JsonNode::string(device.fingerprint)}});
    const std::pair<QString, QString> optional[] = {{u"deviceName"_s, device.deviceName},
                                                    {u"osType"_s, device.osType},
                                                    {u"osVersion"_s, device.osVersion},
                                                    {u"cpuInfo"_s, device.cpuInfo}};
    for (const auto &[name, value] : optional) {
        if (!value.isEmpty())
            node.insert(name, JsonNode::string(value));
    }
    return node;
}

// A by-key path with the key normalised; the log shows the masked key.
Result<ApiRequestSpec> byKey(const QString &rawKey, const QString &suffix)
{
    auto key = normalizeLicenseKey(rawKey);
    if (!key)
        return std::unexpected(key.error());
    ApiRequestSpec spec = get(u"/api/licenses/"_s + *key + suffix, ApiRequestSpec::Auth::Optional);
    spec.logPath = u"/api/licenses/"_s + maskLicenseKey(*key) + suffix;
    return spec;
}

Result<crypto::OfflineActivationResponse> offlineResponse(const JsonNode &json)
{
    if (!json.isObject())
        return fail(errc::invalidResponse, u"offline activation: expected an object"_s,
                    QJsonObject{{u"reason"_s, u"bad_field"_s}, {u"field"_s, u"offline_response"_s}});
    auto response = crypto::OfflineActivationResponse::fromJson(json.toQJson().toObject());
    if (!response)
        return fail(errc::invalidResponse, u"offline activation: "_s + response.error().message,
                    QJsonObject{{u"reason"_s, u"bad_field"_s}, {u"field"_s, u"offline_response"_s}});
    return response;
}

} // namespace

CallHandle CloudClient::activateLicense(const QString &licenseKey, const DeviceInfo &device,
                                        const IdempotencyKey &key, QObject *context,
                                        Callback<Activation> done)
{
    auto normalized = normalizeLicenseKey(licenseKey);
    if (!normalized)
        return reject(normalized.error(), context, std::move(done));
    if (auto bad = badFingerprint(device.fingerprint))
        return reject(*bad, context, std::move(done));
    const JsonNode body = JsonNode::object(
        {{u"licenseKey"_s, JsonNode::string(*normalized)}, {u"deviceInfo"_s, deviceJson(device)}});
    return call<Activation>(
        write("POST", u"/api/licenses/activate"_s, body, key, ApiRequestSpec::Auth::Optional),
        success(&parse::activation), context, std::move(done));
}

CallHandle CloudClient::deactivateDevice(const QString &activationId, const IdempotencyKey &key,
                                         QObject *context, Callback<void> done)
{
    if (!isUuid(activationId))
        return reject(badArgument(u"an activation id is a UUID"_s), context, std::move(done));
    Parser<void> parser = [](const HttpResponse &response) -> Result<void> {
        auto json = bareBody(response);
        if (!json)
            return std::unexpected(json.error());
        FieldReader r(*json, u"deactivation"_s);
        (void)r.string(u"message", 1000);
        return r.finish();
    };
    return call<void>(write("DELETE", u"/api/licenses/activations/"_s + activationId, JsonNode(), key),
                      std::move(parser), context, std::move(done));
}

CallHandle CloudClient::replaceDevice(const QString &activationId, const DeviceInfo &newDevice,
                                      const IdempotencyKey &key, QObject *context, Callback<Activation> done)
{
    if (!isUuid(activationId))
        return reject(badArgument(u"an activation id is a UUID"_s), context, std::move(done));
    if (auto bad = badFingerprint(newDevice.fingerprint))
        return reject(*bad, context, std::move(done));
    const JsonNode body = JsonNode::object({{u"newDeviceInfo"_s, deviceJson(newDevice)}});
    return call<Activation>(
        write("PATCH", u"/api/licenses/activations/"_s + activationId + u"/replace"_s, body, key),
        success(&parse::activation), context, std::move(done));
}

CallHandle CloudClient::fetchMyLicense(QObject *context, Callback<std::optional<MyLicense>> done)
{
    ApiRequestSpec spec = get(u"/api/licenses/me"_s);
    spec.unauthorizedMeansUnavailable = true;
    return call<std::optional<MyLicense>>(std::move(spec), success(&parse::myLicense), context,
                                          std::move(done));
}

CallHandle CloudClient::fetchLicense(const QString &licenseKey, QObject *context,
                                     Callback<LicenseDetails> done)
{
    auto spec = byKey(licenseKey, QString());
    if (!spec)
        return reject(spec.error(), context, std::move(done));
    return call<LicenseDetails>(std::move(*spec), bare(&parse::licenseDetails), context, std::move(done));
}

CallHandle CloudClient::fetchLicenseDevices(const QString &licenseKey, QObject *context,
                                            Callback<LicenseDevices> done)
{
    auto spec = byKey(licenseKey, u"/devices"_s);
    if (!spec)
        return reject(spec.error(), context, std::move(done));
    return call<LicenseDevices>(std::move(*spec), bare(&parse::licenseDevices), context, std::move(done));
}

CallHandle CloudClient::checkVersionEligibility(const QString &licenseKey, const QString &version,
                                                QObject *context, Callback<VersionEligibility> done)
{
    if (version.isEmpty() || version.size() > 100)
        return reject(makeError(creditdesk::errc::invalidVersion, u"a version has 1-100 characters"_s),
                      context, std::move(done));
    auto spec = byKey(licenseKey, u"/version-eligibility/"_s + segment(version));
    if (!spec)
        return reject(spec.error(), context, std::move(done));
    return call<VersionEligibility>(std::move(*spec), bare(&parse::versionEligibility), context,
                                    std::move(done));
}

CallHandle CloudClient::renewCertificate(const QString &fingerprint, QObject *context,
                                         Callback<CertificateRenewal> done)
{
    if (auto bad = badFingerprint(fingerprint))
        return reject(*bad, context, std::move(done));
    ApiRequestSpec spec = get(u"/api/licenses/certificate"_s);
    spec.extension = true;
    spec.query.addQueryItem(u"fingerprint"_s, QString::fromLatin1(QUrl::toPercentEncoding(fingerprint)));
    return call<CertificateRenewal>(std::move(spec), success(&parse::certificateRenewal), context,
                                    std::move(done));
}

CallHandle CloudClient::fetchPublicKeys(QObject *context, Callback<QList<PublicKeyInfo>> done)
{
    ApiRequestSpec spec = get(u"/api/licenses/public-keys"_s, ApiRequestSpec::Auth::None);
    spec.extension = true;
    return call<QList<PublicKeyInfo>>(std::move(spec), success(&parse::publicKeys), context, std::move(done));
}

CallHandle CloudClient::offlineActivate(const crypto::OfflineActivationRequest &request,
                                        const IdempotencyKey &key, QObject *context,
                                        Callback<crypto::OfflineActivationResponse> done)
{
    ApiRequestSpec spec =
        write("POST", u"/api/licenses/offline-activate"_s, JsonNode::fromQJson(request.toJson()), key);
    spec.extension = true;
    return call<crypto::OfflineActivationResponse>(std::move(spec), success(&offlineResponse), context,
                                                   std::move(done));
}

CallHandle CloudClient::validateCoupon(const CouponCheck &check, QObject *context,
                                       Callback<CouponValidation> done)
{
    auto code = normalizeCouponCode(check.code);
    if (!code)
        return reject(code.error(), context, std::move(done));
    JsonNode body = JsonNode::object({{u"code"_s, JsonNode::string(*code)}});
    if (!check.userId.isEmpty())
        body.insert(u"user_id"_s, JsonNode::string(check.userId));
    if (!check.subscriptionTier.isEmpty())
        body.insert(u"subscription_tier"_s, JsonNode::string(check.subscriptionTier));
    if (check.cartTotal)
        body.insert(u"cart_total"_s, JsonNode::numberLiteral(check.cartTotal->toDecimalString()));
    if (!check.deviceFingerprint.isEmpty())
        body.insert(u"device_fingerprint"_s, JsonNode::string(check.deviceFingerprint));
    ApiRequestSpec spec = write("POST", u"/api/coupons/validate"_s, body, {}, ApiRequestSpec::Auth::Optional);
    spec.couponValidate = true;
    return call<CouponValidation>(std::move(spec), bare(&parse::couponValidation), context, std::move(done));
}

CallHandle CloudClient::redeemCoupon(const CouponRedeem &redeem, const IdempotencyKey &key, QObject *context,
                                     Callback<Redemption> done)
{
    auto code = normalizeCouponCode(redeem.code);
    if (!code)
        return reject(code.error(), context, std::move(done));
    JsonNode body = JsonNode::object({{u"code"_s, JsonNode::string(*code)}});
    if (!redeem.subscriptionId.isEmpty())
        body.insert(u"subscription_id"_s, JsonNode::string(redeem.subscriptionId));
    if (redeem.originalAmount)
        body.insert(u"original_amount"_s, JsonNode::numberLiteral(redeem.originalAmount->toDecimalString()));
    return call<Redemption>(write("POST", u"/api/coupons/redeem"_s, body, key), success(&parse::redemption),
                            context, std::move(done));
}

CallHandle CloudClient::fetchCouponHistory(const QString &userId, QObject *context,
                                           Callback<QList<RedemptionRecord>> done)
{
    if (!isUuid(userId))
        return reject(badArgument(u"a user id is a UUID"_s), context, std::move(done));
    return call<QList<RedemptionRecord>>(get(u"/api/users/"_s + userId + u"/coupons"_s),
                                         bare(&parse::redemptionHistory), context, std::move(done));
}

} // namespace creditdesk::api

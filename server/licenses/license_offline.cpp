#include "server/licenses/license_offline.h"

#include "core/crypto/canonical_json.h"
#include "core/crypto/primitives.h"
#include "core/domain/license_rules.h"
#include "core/domain/utc_time.h"
#include "server/licenses/license_certificates.h"
#include "server/licenses/license_log.h"
#include "server/licenses/license_service.h"
#include "server/licenses/license_transaction_p.h"
#include "server/licenses/license_validation.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server {

OfflineActivationService::OfflineActivationService(const ServerEnvironment &env, Connection &db)
    : m_env(env)
    , m_db(db)
{}

Result<crypto::OfflineActivationRequest> OfflineActivationService::parseRequest(const QJsonObject &json)
{
    auto request = crypto::OfflineActivationRequest::fromJson(json);
    if (!request)
        return std::unexpected(
            licval::validationError(u"request"_s, request.error().code, request.error().message));
    return request;
}

Result<OfflineActivationService::Outcome>
OfflineActivationService::answer(const crypto::OfflineActivationRequest &request, const Principal &caller)
{
    const auto key = licval::licenseKey(request.licenseKey, u"license_key"_s);
    if (!key)
        return std::unexpected(key.error());
    DeviceInfo device;
    device.fingerprint = request.machineFingerprint;
    device.deviceName = request.deviceName;
    device.osType = request.osType;
    if (auto checked = licval::deviceInfo(device, {}); !checked)
        return std::unexpected(checked.error());
    // The request as parsed, canonicalised: a replay matches whatever the
    // file's whitespace, key order or unknown fields.
    const auto canonical = crypto::canonicalJson(request.toJson());
    if (!canonical)
        return std::unexpected(canonical.error());
    const QString requestSha256 = crypto::sha256Hex(*canonical);

    LicenseService service(m_env, m_db);
    LicenseRepository &repo = service.repository();
    auto outcome = lictx::inTransaction(m_db, [&]() -> Result<Outcome> {
        auto license = repo.findLicenseByKey(*key, true);
        if (!license)
            return std::unexpected(license.error());
        if (!*license || (caller.isUser() && (*license)->userId != caller.userId))
            return fail(licerr::licenseNotFound, u"license not found"_s);
        auto earlier = repo.findOfflineRequest(request.nonce);
        if (!earlier)
            return std::unexpected(earlier.error());
        if (*earlier) {
            if ((*earlier)->requestSha256 != requestSha256 || (*earlier)->licenseId != (*license)->id)
                return fail(licerr::conflict, u"this nonce was used with another request"_s,
                            QJsonObject{{u"nonce"_s, u"reused"_s}});
            auto stored = crypto::OfflineActivationResponse::fromJson((*earlier)->response);
            if (!stored)
                return std::unexpected(stored.error());
            return Outcome{*stored, false, true};
        }
        const std::int64_t now = service.nowMs();
        if (request.createdAtMs < now - kOfflineRequestMaxAgeDays * kMsPerDay ||
            request.createdAtMs > now + kOfflineRequestMaxSkewMs)
            return fail(licerr::offlineRequestExpired,
                        u"the offline request is too old or dated in the future"_s,
                        QJsonObject{{u"created_at"_s, toIsoUtc(request.createdAtMs)}});
        auto activated = service.activateLocked(**license, device, now);
        if (!activated)
            return std::unexpected(activated.error());
        QJsonObject certificate = activated->certificate;
        if (certificate.isEmpty()) {
            auto issued = liccert::issue(m_env, activated->license, device.fingerprint, now);
            if (!issued)
                return std::unexpected(issued.error());
            certificate = *issued;
        }
        crypto::OfflineActivationResponse response{activated->activation.id, activated->license.id,
                                                   request.nonce, certificate};
        if (auto stored = repo.insertOfflineRequest(activated->license.id, activated->activation.id,
                                                    request.nonce, requestSha256, response.toJson(), now);
            !stored)
            return std::unexpected(stored.error());
        return Outcome{response, activated->isNew, false};
    });
    // The same nonce stored meanwhile for another license.
    if (!outcome && isUniqueViolation(outcome.error()))
        return fail(licerr::conflict, u"this nonce was used with another request"_s,
                    QJsonObject{{u"nonce"_s, u"reused"_s}});
    if (outcome)
        qCDebug(lcServerLicenses).noquote() << "offline request answered for" << maskLicenseKey(*key)
                                            << (outcome->replayed ? "(replay)" : "");
    return outcome;
}

} // namespace creditdesk::server

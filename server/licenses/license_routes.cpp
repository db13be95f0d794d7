// Routes of the licenses area: activation, seats, certificates, offline.
#include "core/crypto/crypto_errors.h"
#include "server/licenses/license_certificates.h"
#include "server/licenses/license_json.h"
#include "server/licenses/license_log.h"
#include "server/licenses/license_offline.h"
#include "server/licenses/license_routes_p.h"
#include "server/licenses/license_service.h"
#include "server/licenses/license_validation.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace creditdesk::server::licroutes {

RouteOptions options(AuthRequirement auth, const QString &rateLimitRule, bool extension)
{
    RouteOptions o;
    o.auth = auth;
    o.rateLimitRule = rateLimitRule;
    o.extension = extension;
    return o;
}

ApiResponse errorResponse(const Error &error)
{
    static const QHash<QString, int> statuses{
        {u"license_not_found"_s, 404},
        {u"activation_not_found"_s, 404},
        {u"not_found"_s, 404},
        {u"validation_error"_s, 400},
        {u"invalid_request"_s, 400},
        {u"invalid_version"_s, 400},
        {u"offline_request_expired"_s, 400},
        {u"license_revoked"_s, 403},
        {u"license_suspended"_s, 403},
        {u"license_expired"_s, 403},
        {u"activation_limit_reached"_s, 403},
        {u"forbidden"_s, 403},
        {u"conflict"_s, 409},
        {u"unauthorized"_s, 401},
    };
    const int status = statuses.value(error.code, 0);
    if (status != 0)
        return ApiResponse::error(status, error.code, error.message,
                                  error.details.isEmpty() ? QJsonValue(QJsonValue::Undefined)
                                                          : error.details);
    qCWarning(lcServerLicenses).noquote() << "request failed:" << error.code << error.message;
    if (error.code == "database_unavailable"_L1)
        return ApiResponse::error(503, u"service_unavailable"_s, u"the database is unavailable"_s);
    return ApiResponse::error(500, u"internal_server_error"_s, u"the request could not be completed"_s);
}

void mergeValidation(JsonInput &input, const Error &error)
{
    if (error.details.isEmpty()) {
        input.addError(u"request"_s, error.code);
        return;
    }
    for (auto it = error.details.begin(); it != error.details.end(); ++it)
        input.addError(it.key(), it.value().toString(error.code));
}

namespace {

// {licenseKey, deviceInfo:{fingerprint, deviceName?, osType?, osVersion?, cpuInfo?}}
ApiResponse activate(const ServerEnvironment &env, const RequestContext &request, Connection &db)
{
    auto input = JsonInput::parse(request.body);
    if (!input)
        return errorResponse(input.error());
    const QString rawKey = input->requiredString(u"licenseKey"_s, 1, 100);
    const QJsonObject deviceObject = input->requiredObject(u"deviceInfo"_s);
    if (!rawKey.isEmpty()) {
        if (auto key = licval::licenseKey(rawKey); !key)
            mergeValidation(*input, key.error());
    }
    std::optional<DeviceInfo> device;
    if (input->object().value(u"deviceInfo"_s).isObject()) {
        auto parsed = licval::deviceInfoFromJson(deviceObject, u"deviceInfo"_s);
        if (parsed)
            device = *parsed;
        else
            mergeValidation(*input, parsed.error());
    }
    if (auto valid = input->finish(); !valid || !device)
        return errorResponse(valid ? makeError(licerr::validationError, u"deviceInfo is required"_s)
                                   : valid.error());
    LicenseService service(env, db);
    auto result = service.activate(rawKey, *device, request.principal);
    if (!result)
        return errorResponse(result.error());
    return ApiResponse::success(result->isNew ? 201 : 200, licjson::activation(*result, true));
}

ApiResponse deactivate(const ServerEnvironment &env, const RequestContext &request, Connection &db)
{
    LicenseService service(env, db);
    if (auto done = service.deactivate(request.param(u"id"_s), request.principal.userId); !done)
        return errorResponse(done.error());
    return ApiResponse::json(200, QJsonObject{{u"message"_s, u"Device deactivated successfully"_s}});
}

// {newDeviceInfo:{fingerprint, …}}
ApiResponse replace(const ServerEnvironment &env, const RequestContext &request, Connection &db)
{
    auto input = JsonInput::parse(request.body);
    if (!input)
        return errorResponse(input.error());
    const QJsonObject deviceObject = input->requiredObject(u"newDeviceInfo"_s);
    std::optional<DeviceInfo> device;
    if (input->object().value(u"newDeviceInfo"_s).isObject()) {
        auto parsed = licval::deviceInfoFromJson(deviceObject, u"newDeviceInfo"_s);
        if (parsed)
            device = *parsed;
        else
            mergeValidation(*input, parsed.error());
    }
    if (auto valid = input->finish(); !valid || !device)
        return errorResponse(valid ? makeError(licerr::validationError, u"newDeviceInfo is required"_s)
                                   : valid.error());
    LicenseService service(env, db);
    auto result = service.replace(request.param(u"id"_s), *device, request.principal.userId);
    if (!result)
        return errorResponse(result.error());
    return ApiResponse::success(200, licjson::activation(*result, false));
}

ApiResponse renewCertificate(const ServerEnvironment &env, const RequestContext &request, Connection &db)
{
    LicenseService service(env, db);
    auto renewal = service.renewCertificate(request.principal.userId, request.queryValue(u"fingerprint"_s));
    if (!renewal)
        return errorResponse(renewal.error());
    return ApiResponse::success(200, QJsonObject{{u"activation_id"_s, renewal->activationId},
                                                 {u"license_id"_s, renewal->licenseId},
                                                 {u"certificate"_s, renewal->certificate}});
}

ApiResponse offlineActivate(const ServerEnvironment &env, const RequestContext &request, Connection &db)
{
    auto input = JsonInput::parse(request.body);
    if (!input)
        return errorResponse(input.error());
    auto parsed = OfflineActivationService::parseRequest(input->object());
    if (!parsed)
        return errorResponse(parsed.error());
    OfflineActivationService service(env, db);
    auto outcome = service.answer(*parsed, request.principal);
    if (!outcome)
        return errorResponse(outcome.error());
    return ApiResponse::success(outcome->isNew ? 201 : 200, outcome->response.toJson());
}

} // namespace

void addActivationRoutes(Router &router, const ServerEnvironment &env)
{
    const ServerEnvironment *e = &env; // long-lived: owned by server start-up
    router.add(HttpMethod::Post, u"/api/licenses/activate"_s,
               options(AuthRequirement::OptionalBearer, u"license_activate"_s),
               [e](const RequestContext &r, Connection &db) { return activate(*e, r, db); });
    router.add(HttpMethod::Delete, u"/api/licenses/activations/:id"_s, options(AuthRequirement::Bearer),
               [e](const RequestContext &r, Connection &db) { return deactivate(*e, r, db); });
    router.add(HttpMethod::Patch, u"/api/licenses/activations/:id/replace"_s,
               options(AuthRequirement::Bearer),
               [e](const RequestContext &r, Connection &db) { return replace(*e, r, db); });
    router.add(HttpMethod::Get, u"/api/licenses/certificate"_s,
               options(AuthRequirement::Bearer, u"license_certificate"_s, true),
               [e](const RequestContext &r, Connection &db) { return renewCertificate(*e, r, db); });
    router.add(HttpMethod::Get, u"/api/licenses/public-keys"_s, options(AuthRequirement::None, {}, true),
               [e](const RequestContext &, Connection &) {
                   return ApiResponse::success(200, liccert::publicKeys(*e));
               });
    router.add(HttpMethod::Post, u"/api/licenses/offline-activate"_s,
               options(AuthRequirement::BearerOrService, u"license_activate"_s, true),
               [e](const RequestContext &r, Connection &db) { return offlineActivate(*e, r, db); });
}

} // namespace creditdesk::server::licroutes

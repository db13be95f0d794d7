// Routes of the licenses area: the caller's license, by-key reads, versions,
// upgrades and purchases.
#include "server/licenses/license_json.h"
#include "server/licenses/license_routes_p.h"
#include "server/licenses/license_service.h"
#include "server/licenses/license_validation.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::server::licroutes {

namespace {

ApiResponse me(const ServerEnvironment &env, const RequestContext &request, Connection &db)
{
    LicenseService service(env, db);
    auto view = service.currentLicense(request.principal.userId);
    if (!view)
        return errorResponse(view.error());
    return ApiResponse::success(200, *view ? QJsonValue(licjson::me(**view)) : QJsonValue(QJsonValue::Null));
}

ApiResponse details(const ServerEnvironment &env, const RequestContext &request, Connection &db)
{
    LicenseService service(env, db);
    auto d = service.details(request.param(u"key"_s), request.principal);
    if (!d)
        return errorResponse(d.error());
    return ApiResponse::json(200, licjson::details(*d));
}

ApiResponse devices(const ServerEnvironment &env, const RequestContext &request, Connection &db)
{
    LicenseService service(env, db);
    auto d = service.devices(request.param(u"key"_s), request.principal);
    if (!d)
        return errorResponse(d.error());
    return ApiResponse::json(200, licjson::devices(*d));
}

ApiResponse eligibility(const ServerEnvironment &env, const RequestContext &request, Connection &db)
{
    LicenseService service(env, db);
    const QString version = request.param(u"version"_s);
    auto e = service.versionEligibility(request.param(u"key"_s), version, request.principal);
    if (!e)
        return errorResponse(e.error());
    return ApiResponse::json(200, licjson::eligibility(*e, version));
}

ApiResponse availableUpgrades(const ServerEnvironment &env, const RequestContext &request, Connection &db)
{
    LicenseService service(env, db);
    auto offers = service.availableUpgrades(request.param(u"key"_s), request.principal);
    if (!offers)
        return errorResponse(offers.error());
    return ApiResponse::json(200, licjson::availableUpgrades(*offers));
}

ApiResponse upgradeHistory(const ServerEnvironment &env, const RequestContext &request, Connection &db)
{
    LicenseService service(env, db);
    auto d = service.details(request.param(u"key"_s), request.principal);
    if (!d)
        return errorResponse(d.error());
    return ApiResponse::json(200, licjson::upgradeHistory(d->license, d->upgrades));
}

// {targetVersion, paymentIntentId}
ApiResponse upgrade(const ServerEnvironment &env, const RequestContext &request, Connection &db)
{
    auto input = JsonInput::parse(request.body);
    if (!input)
        return errorResponse(input.error());
    const QString target = input->requiredString(u"targetVersion"_s, 1, 50);
    const QString paymentIntentId = input->requiredString(u"paymentIntentId"_s, 1, 255);
    if (!target.isEmpty()) {
        if (auto checked = licval::version(target, u"targetVersion"_s); !checked)
            mergeValidation(*input, checked.error());
    }
    if (!paymentIntentId.isEmpty()) {
        const bool printable = std::all_of(paymentIntentId.begin(), paymentIntentId.end(), [](QChar c) {
            return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') ||
                   c == u'_' || c == u'-';
        });
        if (!printable)
            input->addError(u"paymentIntentId"_s, u"invalid_characters"_s);
    }
    // A key that names no license is a 404 before the body's problems.
    LicenseService service(env, db);
    if (auto known = service.details(request.param(u"key"_s), request.principal); !known)
        return errorResponse(known.error());
    if (auto valid = input->finish(); !valid)
        return errorResponse(valid.error());
    auto purchase =
        service.purchaseUpgrade(request.param(u"key"_s), target, paymentIntentId, request.principal.userId);
    if (!purchase)
        return errorResponse(purchase.error());
    return ApiResponse::success(201, licjson::upgradePurchase(*purchase));
}

// {purchasePrice?: usd (ignored: the price is fixed), purchasedVersion?}
ApiResponse purchase(const ServerEnvironment &env, const RequestContext &request, Connection &db)
{
    auto input = JsonInput::parse(request.body);
    if (!input)
        return errorResponse(input.error());
    if (const auto price = input->optionalDecimalText(u"purchasePrice"_s); price && !Money::parse(*price))
        input->addError(u"purchasePrice"_s, u"invalid_amount"_s);
    const auto version = input->optionalString(u"purchasedVersion"_s, 50);
    if (version) {
        if (auto checked = licval::version(*version, u"purchasedVersion"_s); !checked)
            mergeValidation(*input, checked.error());
    }
    if (auto valid = input->finish(); !valid)
        return errorResponse(valid.error());
    LicenseService::PurchaseOptions purchaseOptions;
    if (version)
        purchaseOptions.purchasedVersion = *version;
    LicenseService service(env, db);
    auto license = service.purchase(request.principal.userId, purchaseOptions);
    if (!license)
        return errorResponse(license.error());
    return ApiResponse::success(201, licjson::purchase(*license));
}

} // namespace

void addCatalogRoutes(Router &router, const ServerEnvironment &env)
{
    const ServerEnvironment *e = &env;
    router.add(HttpMethod::Get, u"/api/licenses/me"_s, options(AuthRequirement::Bearer),
               [e](const RequestContext &r, Connection &db) { return me(*e, r, db); });
    router.add(HttpMethod::Post, u"/api/licenses/purchase"_s, options(AuthRequirement::Bearer),
               [e](const RequestContext &r, Connection &db) { return purchase(*e, r, db); });
    router.add(HttpMethod::Get, u"/api/licenses/:key"_s, options(AuthRequirement::OptionalBearer),
               [e](const RequestContext &r, Connection &db) { return details(*e, r, db); });
    router.add(HttpMethod::Get, u"/api/licenses/:key/devices"_s, options(AuthRequirement::OptionalBearer),
               [e](const RequestContext &r, Connection &db) { return devices(*e, r, db); });
    router.add(HttpMethod::Get, u"/api/licenses/:key/version-eligibility/:version"_s,
               options(AuthRequirement::OptionalBearer),
               [e](const RequestContext &r, Connection &db) { return eligibility(*e, r, db); });
    router.add(HttpMethod::Get, u"/api/licenses/:key/available-upgrades"_s,
               options(AuthRequirement::OptionalBearer),
               [e](const RequestContext &r, Connection &db) { return availableUpgrades(*e, r, db); });
    router.add(HttpMethod::Get, u"/api/licenses/:key/upgrade-history"_s,
               options(AuthRequirement::OptionalBearer),
               [e](const RequestContext &r, Connection &db) { return upgradeHistory(*e, r, db); });
    router.add(HttpMethod::Post, u"/api/licenses/:key/upgrade"_s, options(AuthRequirement::Bearer),
               [e](const RequestContext &r, Connection &db) { return upgrade(*e, r, db); });
}

} // namespace creditdesk::server::licroutes

// Routes of api-contract §4: /v1/users/me*, /api/user/profile.
#include "server/billing/billing_routes.h"

#include "core/domain/int_math.h"
#include "server/billing/billing_errors.h"
#include "server/billing/user_service.h"
#include "server/http/json_input.h"
#include "server/http/router.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace creditdesk::server::billing {

namespace {

const QString kUserInfo = u"user.info"_s;

RouteOptions userInfo()
{
    RouteOptions options;
    options.scope = kUserInfo;
    return options;
}

// At least one field (api-contract §4 "PATCHes need ≥1 field").
Result<void> requireSomething(bool any)
{
    if (any)
        return {};
    return fail(billerr::validationError, u"send at least one field"_s,
                QJsonObject{{u"body"_s, u"at least one field is required"_s}});
}

std::optional<QString> boundedString(JsonInput &in, const QString &field, int min, int max)
{
    if (in.object().contains(field) && in.object().value(field).isNull()) {
        in.addError(field, u"must be a string"_s);
        return std::nullopt;
    }
    auto text = in.optionalString(field, max);
    if (text && text->trimmed().size() < min) {
        in.addError(field, u"must be %1 to %2 characters"_s.arg(min).arg(max));
        return std::nullopt;
    }
    return text ? std::optional<QString>(text->trimmed()) : std::nullopt;
}

ApiResponse patchMe(const RequestContext &request, Connection &db, const ServerEnvironment &env)
{
    auto parsed = JsonInput::parse(request.body);
    if (!parsed)
        return errorResponse(parsed.error(), request);
    JsonInput &in = *parsed;
    UserPatch patch;
    patch.firstName = boundedString(in, u"firstName"_s, 1, 100);
    patch.lastName = boundedString(in, u"lastName"_s, 1, 100);
    patch.username = boundedString(in, u"username"_s, 3, 30);
    static const QRegularExpression usernameChars(u"^[A-Za-z0-9_.-]+$"_s);
    if (patch.username && !usernameChars.match(*patch.username).hasMatch())
        in.addError(u"username"_s, u"letters, digits, '_', '.' and '-' only"_s);
    if (auto ok = in.finish(); !ok)
        return errorResponse(ok.error(), request);
    if (auto any = requireSomething(patch.firstName || patch.lastName || patch.username); !any)
        return errorResponse(any.error(), request);
    return respond(UserService(env, db).updateMe(request.principal.userId, patch), request);
}

ApiResponse patchPreferences(const RequestContext &request, Connection &db, const ServerEnvironment &env)
{
    auto parsed = JsonInput::parse(request.body);
    if (!parsed)
        return errorResponse(parsed.error(), request);
    JsonInput &in = *parsed;
    PreferencesPatch patch;
    patch.enableStreaming = in.optionalBool(u"enableStreaming"_s);
    if (auto tokens = in.optionalInteger(u"maxTokens"_s, 1, 200000))
        patch.maxTokens = static_cast<int>(*tokens);
    const QJsonValue temperature = in.object().value(u"temperature"_s);
    if (!temperature.isUndefined()) {
        auto text = temperature.isDouble() ? in.optionalDecimalText(u"temperature"_s) : std::nullopt;
        auto hundredths = text ? parseScaledDecimal(*text, 2, 2) : Result<Int128>(std::unexpect, Error{});
        if (!hundredths || *hundredths < 0 || *hundredths > 200)
            in.addError(u"temperature"_s, u"must be a number from 0 to 2 with at most two decimals"_s);
        else
            patch.temperatureHundredths = static_cast<int>(*hundredths);
    }
    const QJsonValue metadata = in.object().value(u"preferencesMetadata"_s);
    if (!metadata.isUndefined()) {
        if (metadata.isObject() || metadata.isNull())
            patch.metadata = metadata;
        else
            in.addError(u"preferencesMetadata"_s, u"must be an object or null"_s);
    }
    if (auto ok = in.finish(); !ok)
        return errorResponse(ok.error(), request);
    if (auto any = requireSomething(patch.enableStreaming || patch.maxTokens || patch.temperatureHundredths
                                    || patch.metadata);
        !any)
        return errorResponse(any.error(), request);
    return respond(UserService(env, db).updatePreferences(request.principal.userId, patch), request);
}

ApiResponse postModel(const RequestContext &request, Connection &db, const ServerEnvironment &env)
{
    auto parsed = JsonInput::parse(request.body);
    if (!parsed)
        return errorResponse(parsed.error(), request);
    const QString modelId = parsed->requiredString(u"modelId"_s, 1, 100);
    if (auto ok = parsed->finish(); !ok)
        return errorResponse(ok.error(), request);
    return respond(UserService(env, db).setModel(request.principal.userId, modelId), request);
}

} // namespace

void registerUserRoutes(Router &router, const ServerEnvironment &env)
{
    const ServerEnvironment *e = &env;
    router.add(HttpMethod::Get, u"/v1/users/me"_s, userInfo(), [e](const RequestContext &r, Connection &db) {
        return respond(UserService(*e, db).me(r.principal.userId), r);
    });
    router.add(HttpMethod::Patch, u"/v1/users/me"_s, userInfo(),
               [e](const RequestContext &r, Connection &db) { return patchMe(r, db, *e); });
    router.add(HttpMethod::Get, u"/v1/users/me/preferences"_s, userInfo(),
               [e](const RequestContext &r, Connection &db) {
                   return respond(UserService(*e, db).preferences(r.principal.userId), r);
               });
    router.add(HttpMethod::Patch, u"/v1/users/me/preferences"_s, userInfo(),
               [e](const RequestContext &r, Connection &db) { return patchPreferences(r, db, *e); });
    router.add(HttpMethod::Get, u"/v1/users/me/preferences/model"_s, userInfo(),
               [e](const RequestContext &r, Connection &db) {
                   return respond(UserService(*e, db).modelPreference(r.principal.userId), r);
               });
    router.add(HttpMethod::Post, u"/v1/users/me/preferences/model"_s, userInfo(),
               [e](const RequestContext &r, Connection &db) { return postModel(r, db, *e); });
    router.add(HttpMethod::Get, u"/api/user/profile"_s, userInfo(), [e](const RequestContext &r, Connection &db) {
        return respond(UserService(*e, db).profile(r.principal.userId), r);
    });
}

} // namespace creditdesk::server::billing

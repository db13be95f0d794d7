#include "server/coupons/coupon_routes.h"

#include "core/domain/money.h"
#include "server/coupons/coupon_json.h"
#include "server/coupons/coupon_log.h"
#include "server/coupons/coupon_service.h"
#include "server/http/json_input.h"

#include <QRegularExpression>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace creditdesk::server::coupon_routes {

namespace {

constexpr int kMaxCodeField = 100; // longer is not a code at all: a bad body
constexpr int kApiValidationStatus = 400; // validation_error is 400 on /api (api-contract §1)

bool isUuid(const QString &text)
{
    static const QRegularExpression pattern(
        u"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"_s);
    return pattern.match(text).hasMatch();
}

bool isFingerprint(const QString &text)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9._:-]{1,64}$"_s);
    return pattern.match(text).hasMatch();
}

// An optional uuid field, lower-cased; an error is recorded in `input`.
QString optionalUuid(JsonInput &input, const QString &field)
{
    const auto text = input.optionalString(field, 64);
    if (!text)
        return {};
    if (!isUuid(*text)) {
        input.addError(field, u"must be a UUID"_s);
        return {};
    }
    return text->toLower();
}

// An optional `usd` amount ≥ 0 with at most two decimals.
std::optional<Money> optionalUsd(JsonInput &input, const QString &field)
{
    const auto text = input.optionalDecimalText(field);
    if (!text)
        return std::nullopt;
    auto money = Money::parse(*text);
    if (!money || money->isNegative()) {
        input.addError(field, u"must be a non-negative amount in dollars with at most two decimals"_s);
        return std::nullopt;
    }
    return *money;
}

ApiResponse serverError(const Error &error)
{
    qCWarning(lcServerCoupons) << "coupon request failed:" << error.code << error.message;
    return ApiResponse::error(500, u"internal_server_error"_s, u"the request could not be completed"_s);
}

ApiResponse rateLimited(const Error &error)
{
    const QByteArray retryAfter = QByteArray::number(error.details.value(u"retryAfter"_s).toInteger(60));
    return ApiResponse::error(429, error.code, error.message, error.details)
        .withHeader("Retry-After", retryAfter);
}

} // namespace

ApiResponse validate(const ServerEnvironment &env, const RequestContext &request, Connection &db)
{
    auto parsed = JsonInput::parse(request.body);
    if (!parsed)
        return ApiResponse::fromError(parsed.error(), kApiValidationStatus);
    JsonInput &input = *parsed;
    ValidateRequest r;
    r.rawCode = input.requiredString(u"code"_s, 1, kMaxCodeField);
    r.bodyUserId = optionalUuid(input, u"user_id"_s);
    if (const auto tier = input.optionalString(u"subscription_tier"_s, 64)) {
        auto parsedTier = parseWireTier(*tier);
        if (parsedTier)
            r.bodyTier = *parsedTier;
        else
            input.addError(u"subscription_tier"_s, u"unknown or unsupported tier"_s);
    }
    r.cartTotal = optionalUsd(input, u"cart_total"_s);
    if (const auto fingerprint = input.optionalString(u"device_fingerprint"_s, 64)) {
        if (isFingerprint(*fingerprint))
            r.deviceFingerprint = *fingerprint;
        else
            input.addError(u"device_fingerprint"_s, u"1-64 letters, digits or . _ : -"_s);
    }
    if (auto ok = input.finish(); !ok)
        return ApiResponse::fromError(ok.error(), kApiValidationStatus);
    if (request.principal.isUser())
        r.principalUserId = request.principal.userId;
    r.ipAddress = request.clientIp;
    r.userAgent = request.userAgent;

    auto outcome = CouponService(env, db).validate(r);
    if (!outcome)
        return outcome.error().is(cpnerr::rateLimited) ? rateLimited(outcome.error()) : serverError(outcome.error());
    if (outcome->validation.isValid())
        return ApiResponse::json(200, coupon_json::validateSuccess(*outcome));
    return ApiResponse::json(400, coupon_json::validateFailure(*outcome));
}

ApiResponse redeem(const ServerEnvironment &env, const RequestContext &request, Connection &db)
{
    auto parsed = JsonInput::parse(request.body);
    if (!parsed)
        return ApiResponse::fromError(parsed.error(), kApiValidationStatus);
    JsonInput &input = *parsed;
    RedeemRequest r;
    r.rawCode = input.requiredString(u"code"_s, 1, kMaxCodeField);
    r.subscriptionId = optionalUuid(input, u"subscription_id"_s);
    r.originalAmount = optionalUsd(input, u"original_amount"_s);
    if (auto ok = input.finish(); !ok)
        return ApiResponse::fromError(ok.error(), kApiValidationStatus);
    r.userId = request.principal.userId;
    r.ipAddress = request.clientIp;
    r.userAgent = request.userAgent;

    auto outcome = CouponService(env, db).redeem(r);
    if (outcome)
        return ApiResponse::success(200, coupon_json::redeemed(*outcome));
    const Error &error = outcome.error();
    if (error.is(cpnerr::couponNotFound) || error.is(cpnerr::subscriptionNotFound) || error.is(cpnerr::notFound))
        return ApiResponse::fromError(error, 404);
    if (error.is(cpnerr::redemptionFailed))
        return ApiResponse::fromError(error, 400);
    return serverError(error);
}

ApiResponse listForUser(const ServerEnvironment &env, const RequestContext &request, Connection &db)
{
    const QString userId = request.param(u"userId"_s).toLower();
    // Ours: another user's id (or no user at all) is not found.
    if (!request.principal.isUser() || userId != request.principal.userId.toLower())
        return ApiResponse::error(404, u"not_found"_s, u"no such user"_s);
    auto items = CouponService(env, db).redemptionsOf(userId);
    if (!items)
        return serverError(items.error());
    return ApiResponse::json(200, coupon_json::redemptions(*items));
}

} // namespace creditdesk::server::coupon_routes

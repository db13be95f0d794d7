#include "server/billing/billing_routes.h"

#include "core/domain/utc_time.h"
#include "server/billing/billing_errors.h"
#include "server/billing/billing_log.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace creditdesk::server::billing {

namespace {

std::unexpected<Error> badQuery(const QString &name, const QString &message)
{
    return fail(billerr::invalidRequest, u"query parameter %1 %2"_s.arg(name, message), QJsonObject{{name, message}});
}

int statusFor(const Error &error, bool apiPath)
{
    const QString &c = error.code;
    if (c == billerr::validationError)
        return apiPath ? 400 : 422;
    if (c == billerr::notFound || c == billerr::noActiveSubscription || c == billerr::subscriptionNotFound)
        return 404;
    if (c == billerr::paymentError || c == billerr::insufficientCredits)
        return 402;
    if (c == billerr::conflict)
        return 409;
    if (c == billerr::idempotencyKeyReused)
        return 422;
    if (c == billerr::subscriptionSuspended)
        return 403;
    if (c == billerr::invalidRequest || c == billerr::invalidCursor || c == errc::invalidTransition
        || c == errc::invalidAmount || c == errc::invalidArgument || c == errc::amountOverflow)
        return 400;
    return defaultStatusFor(c);
}

} // namespace

ApiResponse errorResponse(const Error &error, const RequestContext &request)
{
    const int status = statusFor(error, request.path.startsWith("/api/"_L1));
    if (status >= 500)
        qCWarning(lcBilling).noquote() << request.path << "failed:" << error.code << error.message;
    return ApiResponse::fromError(error, status);
}

ApiResponse respond(const Result<QJsonObject> &result, const RequestContext &request, int status)
{
    if (!result)
        return errorResponse(result.error(), request);
    return ApiResponse::json(status, *result);
}

Result<std::optional<std::int64_t>> queryInteger(const RequestContext &request, const QString &name,
                                                 std::int64_t min, std::int64_t max)
{
    if (!request.query.hasQueryItem(name))
        return std::optional<std::int64_t>();
    const QString text = request.queryValue(name);
    static const QRegularExpression digits(u"^-?[0-9]{1,18}$"_s);
    if (!digits.match(text).hasMatch())
        return badQuery(name, u"must be an integer"_s);
    const qlonglong value = text.toLongLong();
    if (value < min || value > max)
        return badQuery(name, u"must be between %1 and %2"_s.arg(min).arg(max));
    return std::optional<std::int64_t>(value);
}

Result<std::optional<std::int64_t>> queryInstant(const RequestContext &request, const QString &name, bool endOfDay)
{
    if (!request.query.hasQueryItem(name))
        return std::optional<std::int64_t>();
    const QString text = request.queryValue(name);
    static const QRegularExpression date(u"^([0-9]{4})-([0-9]{2})-([0-9]{2})$"_s);
    if (const auto m = date.match(text); m.hasMatch()) {
        auto day = utcMs(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
        if (!day)
            return badQuery(name, u"is not a valid date"_s);
        return std::optional<std::int64_t>(endOfDay ? *day + kMsPerDay : *day);
    }
    auto instant = parseIsoUtc(text);
    if (!instant)
        return badQuery(name, u"must be YYYY-MM-DD or an ISO 8601 UTC time"_s);
    return std::optional<std::int64_t>(endOfDay ? *instant + 1 : *instant);
}

} // namespace creditdesk::server::billing

#include "core/api/error_mapping.h"

#include "core/api/api_errors.h"
#include "core/api/retry_policy.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::api {

namespace {

// Wire codes (envelope and OAuth) that keep their spelling on the client.
const QHash<QString, QLatin1StringView> &wireCodes()
{
    static const QHash<QString, QLatin1StringView> codes = [] {
        QHash<QString, QLatin1StringView> map;
        for (QLatin1StringView code : {errc::invalidRequest,
                                       errc::validationError,
                                       errc::forbidden,
                                       errc::notFound,
                                       errc::methodNotAllowed,
                                       errc::conflict,
                                       errc::payloadTooLarge,
                                       errc::internalServerError,
                                       errc::serviceUnavailable,
                                       errc::noActiveSubscription,
                                       errc::subscriptionNotFound,
                                       errc::paymentError,
                                       errc::insufficientCredits,
                                       errc::invalidCursor,
                                       errc::licenseNotFound,
                                       errc::activationNotFound,
                                       errc::activationLimitReached,
                                       errc::licenseRevoked,
                                       errc::licenseSuspended,
                                       errc::licenseExpired,
                                       errc::invalidVersion,
                                       errc::offlineRequestExpired,
                                       errc::couponNotFound,
                                       errc::redemptionFailed,
                                       errc::idempotencyKeyReused,
                                       errc::idempotencyRequestInProgress,
                                       errc::invalidIdempotencyKey,
                                       errc::invalidGrant,
                                       errc::unsupportedGrantType,
                                       errc::invalidScope,
                                       errc::invalidTarget,
                                       errc::invalidClient,
                                       errc::accessDenied,
                                       errc::invalidToken})
            map.insert(QString(code), code);
        // Wire codes with a client meaning of their own.
        map.insert(u"unauthorized"_s, errc::signInRequired);
        map.insert(u"rate_limit_exceeded"_s, errc::rateLimited);
        return map;
    }();
    return codes;
}

const QHash<QString, QLatin1StringView> &couponReasons()
{
    static const QHash<QString, QLatin1StringView> reasons{
        {u"COUPON_NOT_FOUND"_s, errc::couponNotFound},
        {u"COUPON_INACTIVE"_s, errc::couponInactive},
        {u"COUPON_EXPIRED"_s, errc::couponExpired},
        {u"TIER_NOT_ELIGIBLE"_s, errc::tierNotEligible},
        {u"MAX_USES_EXCEEDED"_s, errc::maxUsesExceeded},
        {u"MAX_USER_USES_EXCEEDED"_s, errc::maxUserUsesExceeded},
        {u"CAMPAIGN_BUDGET_EXCEEDED"_s, errc::campaignBudgetExceeded},
        {u"MIN_PURCHASE_NOT_MET"_s, errc::minPurchaseNotMet},
        {u"CUSTOM_RULE_FAILED"_s, errc::customRuleFailed},
        {u"FRAUD_DETECTED"_s, errc::fraudDetected},
        {u"VELOCITY_LIMIT_EXCEEDED"_s, errc::velocityLimitExceeded},
        {u"DEVICE_FINGERPRINT_MISMATCH"_s, errc::deviceFingerprintMismatch},
        {u"VALIDATION_ERROR"_s, errc::validationError},
    };
    return reasons;
}

QJsonObject detailsObject(const JsonNode *details)
{
    if (!details || details->isNull())
        return {};
    if (details->isObject())
        return details->toQJson().toObject();
    return QJsonObject{{u"items"_s, details->toQJson()}};
}

bool isCodeShaped(const QString &code)
{
    if (code.isEmpty() || code.size() > 64)
        return false;
    return std::all_of(code.begin(), code.end(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'_';
    });
}

QString statusText(const HttpResponse &response, const ApiRequestSpec &spec)
{
    return u"%1 %2 answered HTTP %3"_s.arg(QString::fromLatin1(spec.method), spec.pathForLog())
        .arg(response.status);
}

// Seconds to wait after a 429: Retry-After, else details.retryAfter, else 60.
qint64 retryAfterSeconds(const HttpResponse &response, const QJsonObject &details, std::int64_t nowMs)
{
    if (const auto ms = parseRetryAfter(response.header("retry-after"), nowMs))
        return (*ms + 999) / 1000;
    const QJsonValue fromDetails = details.value(u"retryAfter"_s);
    if (fromDetails.isDouble() && fromDetails.toInteger(-1) >= 0)
        return fromDetails.toInteger();
    return RetryPolicy().defaultRetryAfterMs / 1000;
}

} // namespace

QString clientCodeForWire(QStringView wireCode)
{
    const auto it = wireCodes().constFind(wireCode.toString());
    return it == wireCodes().constEnd() ? QString() : QString(*it);
}

QString clientCodeForCouponReason(QStringView reason)
{
    const auto it = couponReasons().constFind(reason.toString());
    return it == couponReasons().constEnd() ? QString(errc::couponInvalid) : QString(*it);
}

QString clientCodeForStatus(int status)
{
    switch (status) {
    case 400:
        return errc::invalidRequest;
    case 401:
        return errc::signInRequired;
    case 403:
        return errc::forbidden;
    case 404:
        return errc::notFound;
    case 405:
        return errc::methodNotAllowed;
    case 407:
        return errc::proxyError;
    case 409:
        return errc::conflict;
    case 413:
        return errc::payloadTooLarge;
    case 422:
        return errc::validationError;
    case 429:
        return errc::rateLimited;
    case 502:
    case 503:
    case 504:
        return errc::serverUnavailable;
    default:
        break;
    }
    if (status >= 500 && status <= 599)
        return errc::internalServerError;
    if (status >= 300 && status <= 399)
        return errc::invalidResponse;
    return errc::httpError;
}

QString clientCodeForNetworkError(QNetworkReply::NetworkError error, bool headReceived)
{
    switch (error) {
    case QNetworkReply::NoError:
        return {};
    case QNetworkReply::OperationCanceledError:
        return errc::cancelled;
    case QNetworkReply::TimeoutError:
        return errc::timeout;
    case QNetworkReply::SslHandshakeFailedError:
        return errc::tlsError;
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
    case QNetworkReply::UnknownProxyError:
        return errc::proxyError;
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        return errc::invalidResponse;
    default:
        break;
    }
    // Any other network-layer failure once the head was in: the body was cut short.
    return headReceived ? QString(errc::invalidResponse) : QString(errc::networkUnreachable);
}

Error couponFailureError(const JsonNode &body)
{
    QString first;
    if (const JsonNode *errors = body.find(u"errors");
        errors && errors->isArray() && !errors->items().empty() && errors->items().front().isString())
        first = errors->items().front().text();
    QJsonObject details;
    for (const QString &key : {u"errors"_s, u"warnings"_s, u"details"_s}) {
        if (const JsonNode *value = body.find(key))
            details.insert(key, value->toQJson());
    }
    const QString code = first.isEmpty() ? QString(errc::couponInvalid) : clientCodeForCouponReason(first);
    return Error{
        code, u"the coupon is not valid: %1"_s.arg(first.isEmpty() ? u"no reason given"_s : first.left(64)),
        details};
}

Error mapResponseError(const HttpResponse &response, const ApiRequestSpec &spec, std::int64_t nowMs)
{
    const QString context = statusText(response, spec);
    if (spec.extension && response.status == 404 && !response.fromCreditDeskServer())
        return makeError(errc::extensionUnavailable,
                         context + u": the server does not offer this extension"_s);

    Error error;
    auto json = response.body.isEmpty() ? Result<JsonNode>(std::unexpect, Error{}) : parseJson(response.body);
    if (json && json->isObject()) {
        const JsonNode *wire = json->find(u"error");
        if (wire && wire->isObject()) {
            const JsonNode *code = wire->find(u"code");
            const JsonNode *message = wire->find(u"message");
            const QString wireCode = code && code->isString() ? code->text() : QString();
            error.details = detailsObject(wire->find(u"details"));
            error.code = isCodeShaped(wireCode) ? clientCodeForWire(wireCode) : QString();
            error.message = context + u": "_s +
                            (error.code.isEmpty() ? u"[%1] "_s.arg(wireCode.left(64)) : QString()) +
                            (message && message->isString() ? message->text().left(500) : QString());
        } else if (wire && wire->isString()) {
            error.code = isCodeShaped(wire->text()) ? clientCodeForWire(wire->text()) : QString();
            const JsonNode *description = json->find(u"error_description");
            error.message = context + u": "_s + wire->text().left(64) +
                            (description && description->isString() ? u" – "_s + description->text().left(500)
                                                                    : QString());
        } else if (spec.couponValidate && json->find(u"valid") && json->find(u"valid")->isBool() &&
                   !json->find(u"valid")->boolValue()) {
            return couponFailureError(*json);
        }
    }
    if (error.code.isEmpty()) {
        error.code = clientCodeForStatus(response.status);
        if (error.message.isEmpty())
            error.message = context;
        if (error.code == errc::invalidResponse)
            error.details.insert(u"reason"_s, u"unexpected_status"_s);
    }

    if (response.status == 401 || error.code == errc::signInRequired || error.code == errc::invalidToken) {
        const bool unavailable = spec.unauthorizedMeansUnavailable && !response.fromCreditDeskServer();
        error.code = unavailable ? QString(errc::endpointUnavailable) : QString(errc::signInRequired);
    } else if (response.status == 429 || error.code == errc::rateLimited) {
        error.code = errc::rateLimited;
        error.details.insert(u"retryAfter"_s, retryAfterSeconds(response, error.details, nowMs));
    }
    return error;
}

} // namespace creditdesk::api

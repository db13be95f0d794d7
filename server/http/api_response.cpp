#include "server/http/api_response.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

QByteArray toJsonBytes(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    // Scalars: serialise inside an array and strip the brackets.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.sliced(1, wrapped.size() - 2);
}

} // namespace

ApiResponse ApiResponse::json(int status, const QJsonValue &body)
{
    ApiResponse response;
    response.status = status;
    response.body = toJsonBytes(body.isUndefined() ? QJsonValue(QJsonValue::Null) : body);
    return response;
}

ApiResponse ApiResponse::success(int status, const QJsonValue &data)
{
    return json(status, QJsonObject{{u"status"_s, u"success"_s}, {u"data"_s, data}});
}

ApiResponse ApiResponse::data(int status, const QJsonValue &data)
{
    return json(status, QJsonObject{{u"data"_s, data}});
}

ApiResponse ApiResponse::error(int status, const QString &code, const QString &message, const QJsonValue &details)
{
    QJsonObject error{{u"code"_s, code}, {u"message"_s, message}};
    if (!details.isUndefined() && !details.isNull())
        error.insert(u"details"_s, details);
    return json(status, QJsonObject{{u"error"_s, error}});
}

ApiResponse ApiResponse::fromError(const Error &error, int status)
{
    const int effective = status > 0 ? status : defaultStatusFor(error.code);
    const QJsonValue details = error.details.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(error.details);
    // 5xx: the developer message may name SQL or files; the log has it, the client gets a generic one.
    const QString message = effective >= 500 ? u"The server could not complete the request"_s : error.message;
    return ApiResponse::error(effective, error.code, message, effective >= 500 ? QJsonValue() : details);
}

ApiResponse ApiResponse::oauthError(int status, const QString &error, const QString &description)
{
    return json(status, QJsonObject{{u"error"_s, error}, {u"error_description"_s, description}});
}

ApiResponse ApiResponse::html(int status, const QByteArray &utf8)
{
    ApiResponse response;
    response.status = status;
    response.contentType = "text/html; charset=utf-8";
    response.body = utf8;
    return response;
}

ApiResponse ApiResponse::redirect(const QUrl &location)
{
    ApiResponse response = empty(302);
    response.withHeader("Location", location.toEncoded());
    return response;
}

ApiResponse ApiResponse::empty(int status)
{
    ApiResponse response;
    response.status = status;
    response.contentType.clear();
    return response;
}

ApiResponse &ApiResponse::withHeader(const QByteArray &name, const QByteArray &value)
{
    headers.append(qMakePair(name, value));
    return *this;
}

int defaultStatusFor(const QString &code)
{
    static const QHash<QString, int> statuses{
        {u"invalid_request"_s, 400},
        {u"validation_error"_s, 422},
        {u"unauthorized"_s, 401},
        {u"invalid_token"_s, 401},
        {u"forbidden"_s, 403},
        {u"not_found"_s, 404},
        {u"method_not_allowed"_s, 405},
        {u"conflict"_s, 409},
        {u"payload_too_large"_s, 413},
        {u"rate_limit_exceeded"_s, 429},
        {u"internal_server_error"_s, 500},
        {u"database_error"_s, 500},
        {u"service_unavailable"_s, 503},
        {u"database_unavailable"_s, 503},
        {u"idempotency_key_reused"_s, 422},
        {u"idempotency_request_in_progress"_s, 409},
        {u"invalid_idempotency_key"_s, 400},
        {u"insufficient_credits"_s, 402},
        {u"payment_error"_s, 402},
        {u"activation_limit_reached"_s, 403},
        {u"license_revoked"_s, 403},
        {u"license_suspended"_s, 403},
        {u"license_expired"_s, 403},
        {u"no_active_subscription"_s, 404},
        {u"redemption_failed"_s, 400},
        {u"invalid_version"_s, 400},
        {u"invalid_cursor"_s, 400},
        {u"offline_request_expired"_s, 400},
    };
    if (const auto it = statuses.constFind(code); it != statuses.constEnd())
        return *it;
    if (code.endsWith("_not_found"_L1))
        return 404;
    return 400;
}

} // namespace creditdesk::server

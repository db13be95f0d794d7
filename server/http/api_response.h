#pragma once

#include "core/domain/error.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QUrl>

namespace creditdesk::server {

// What a handler returns; the router adds X-Request-ID, Date, Cache-Control
// and X-CreditDesk-Server before it goes out.
struct ApiResponse {
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    // Bare JSON body (api-contract "else bare").
    [[nodiscard]] static ApiResponse json(int status, const QJsonValue &body);
    // S envelope: {"status":"success","data":X}.
    [[nodiscard]] static ApiResponse success(int status, const QJsonValue &data);
    // D envelope: {"data":X}.
    [[nodiscard]] static ApiResponse data(int status, const QJsonValue &data);
    // {"error":{"code","message","details"?}}; `details` omitted when undefined/null.
    [[nodiscard]] static ApiResponse error(int status, const QString &code, const QString &message,
                                           const QJsonValue &details = QJsonValue(QJsonValue::Undefined));
    // The error envelope for a service error; status from defaultStatusFor(code) unless given.
    [[nodiscard]] static ApiResponse fromError(const Error &error, int status = 0);
    // OAuth form: {"error":"invalid_grant","error_description":"…"}.
    [[nodiscard]] static ApiResponse oauthError(int status, const QString &error, const QString &description);
    [[nodiscard]] static ApiResponse html(int status, const QByteArray &utf8);
    [[nodiscard]] static ApiResponse redirect(const QUrl &location); // 302
    [[nodiscard]] static ApiResponse empty(int status);

    ApiResponse &withHeader(const QByteArray &name, const QByteArray &value);
};

// HTTP status for the contract's error codes (not_found 404, forbidden 403,
// activation_limit_reached 403, insufficient_credits 402, rate_limit_exceeded
// 429, conflict 409, validation_error 422, …); unknown codes → 400.
[[nodiscard]] int defaultStatusFor(const QString &code);

} // namespace creditdesk::server

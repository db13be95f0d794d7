#pragma once

#include "core/api/http_types.h"
#include "core/api/json_node.h"
#include "core/domain/error.h"

#include <QNetworkReply>
#include <QString>
#include <QStringView>

#include <cstdint>

namespace creditdesk::api {

// The client Error for an HTTP answer that is not a success (api-contract §1
// rule: an `error` object → envelope, a string → OAuth, coupon-validate
// failure body, else the status):
// - envelope: the wire code when the contract defines it (message and
//   details kept; non-object details are kept under details.items); unknown
//   codes fall back to the status;
// - OAuth: the `error` string; error_description becomes the message;
// - coupon validate: the first reason (see api_errors.h), details = body;
// - 401 → sign_in_required (or endpoint_unavailable, see ApiRequestSpec);
//   429 → rate_limited with details.retryAfter in seconds (Retry-After,
//   else details.retryAfter, else 60);
// - 404 on an extension path from a server without X-CreditDesk-Server →
//   extension_unavailable;
// - bare statuses: 400 invalid_request, 403 forbidden, 404 not_found, 405
//   method_not_allowed, 407 proxy_error, 409 conflict, 413 payload_too_large, 422
//   validation_error, 500 (and other 5xx) internal_server_error, 502/503/504
//   server_unavailable, 3xx invalid_response, anything else http_error.
// `nowMs` resolves an HTTP-date Retry-After.
[[nodiscard]] Error mapResponseError(const HttpResponse &response, const ApiRequestSpec &spec,
                                     std::int64_t nowMs);

// The error of a coupon-validate failure body {valid:false, errors:[…]}.
[[nodiscard]] Error couponFailureError(const JsonNode &body);

// Client code for a wire envelope / OAuth code; "" when the contract has no such code.
[[nodiscard]] QString clientCodeForWire(QStringView wireCode);
// Client code for a coupon-validate reason ("COUPON_EXPIRED" → coupon_expired); coupon_invalid when unknown.
[[nodiscard]] QString clientCodeForCouponReason(QStringView reason);
// Client code for a status without a usable body.
[[nodiscard]] QString clientCodeForStatus(int status);

// What a transport-level failure is, given whether the response head had
// already arrived (a failure after it means the body was cut short).
// Returns one of network_unreachable, timeout, tls_error, proxy_error,
// invalid_response, cancelled.
[[nodiscard]] QString clientCodeForNetworkError(QNetworkReply::NetworkError error, bool headReceived);

} // namespace creditdesk::api

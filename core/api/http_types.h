#pragma once

#include "core/api/idempotency_key.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

namespace creditdesk::api {

// One API call as the transport sends it. The body is fixed when the spec is
// made, so every retry sends the same bytes with the same Idempotency-Key.
struct ApiRequestSpec {
    QByteArray method = "GET";
    QString path;    // on the API origin, e.g. "/v1/users/me" (already percent-safe)
    QString logPath; // for logs when `path` holds a credential (a license key); else `path`
    QUrlQuery query;
    QByteArray body; // JSON; empty = none
    // Required: send the access token (none → one refresh, then sign_in_required);
    // Optional: send it when there is one; None: never. A 401 to a call that
    // sent a token → one refresh and one more attempt, then sign_in_required.
    enum class Auth { Required, Optional, None };
    Auth auth = Auth::Required;
    bool extension = false; // an api-contract §10 path: a 404 from a server that is not ours
                            // is `extension_unavailable`
    // A real-cloud endpoint that answers 401 for everyone (§5): a 401 after a
    // successful refresh from a server that is not ours is `endpoint_unavailable`.
    bool unauthorizedMeansUnavailable = false;
    bool couponValidate = false;   // failures come as {valid:false, errors:[…]} (§9)
    IdempotencyKey idempotencyKey; // sent when set; makes POST/PATCH/DELETE retryable
    QList<QPair<QByteArray, QByteArray>> headers;
    QList<int> passStatuses; // non-2xx statuses handed to the parser (304, health 503)

    [[nodiscard]] const QString &pathForLog() const { return logPath.isEmpty() ? path : logPath; }
    [[nodiscard]] bool isIdempotent() const
    {
        return method == "GET" || method == "HEAD" || !idempotencyKey.isNull();
    }
};

// An HTTP answer (any status) as the transport received it.
struct HttpResponse {
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QString requestId;                     // the X-Request-ID this client sent on the answering attempt
    int attempts = 0;                      // requests sent for this call, the answering one included

    [[nodiscard]] QByteArray header(const QByteArray &lowerCaseName) const
    {
        return headers.value(lowerCaseName);
    }
    // Idempotent-Replayed: true (§10.4)
    [[nodiscard]] bool isReplay() const
    {
        return header("idempotent-replayed").trimmed().toLower() == "true";
    }
    // X-CreditDesk-Server is present: our server with its extensions on (§10).
    [[nodiscard]] bool fromCreditDeskServer() const { return headers.contains("x-creditdesk-server"); }
};

} // namespace creditdesk::api

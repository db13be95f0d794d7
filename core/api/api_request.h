#pragma once

#include "core/api/http_types.h"
#include "core/domain/error.h"

#include <QByteArray>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <functional>
#include <optional>

namespace creditdesk::api {

class ApiTransport;

// One API call in flight (made by ApiTransport::send). It owns its
// QNetworkReply, the transfer timeout (restarted whenever bytes move), the
// response-size cap, the retries and abort, and finishes exactly once.
//
// Retries:
// - transient failures — network errors, timeout, a body cut short, 502/503/
//   504, 409 idempotency_request_in_progress — up to RetryPolicy::maxAttempts
//   in all, with exponential backoff + jitter (or the server's Retry-After,
//   capped), only for idempotent calls: GET, and POST/PATCH/DELETE with an
//   Idempotency-Key unless the server is known not to honour keys
//   (ApiTransport::ServerKind::Other: re-read state instead, §10.4);
// - 429: waits Retry-After (else 60 s) when that is at most
//   RetryPolicy::maxRetryAfterMs, up to maxRateLimitRetries times, then
//   `rate_limited`;
// - 401: one AccessTokenSource::refresh() then one more attempt, else
//   `sign_in_required`.
// Every attempt gets a new X-Request-ID and the same body and key.
class ApiRequest : public QObject {
    Q_OBJECT

public:
    using Completion = std::function<void(Result<HttpResponse>)>;

    ~ApiRequest() override;

    // Finishes the call with `cancelled` (the callback runs) unless it has finished.
    void abort();
    [[nodiscard]] bool isFinished() const { return m_finished; }
    [[nodiscard]] const ApiRequestSpec &spec() const { return m_spec; }
    [[nodiscard]] int attempts() const { return m_attempts; }
    // The X-Request-ID of the latest attempt ("" before the first).
    [[nodiscard]] const QString &requestId() const { return m_requestId; }

signals:
    void finished();

private:
    friend class ApiTransport;
    ApiRequest(ApiTransport *transport, ApiRequestSpec spec, QObject *context, Completion done);

    void start();
    void sendAttempt(const QString &token);
    void onMetaData();
    void onReadyRead();
    void onReplyFinished();
    void onTimeout();
    void handleResponse(HttpResponse response);
    void handleTransportFailure(const QString &code, const QString &message);
    [[nodiscard]] bool mayRetryTransient() const;
    void retryAfter(std::int64_t delayMs);
    void refreshAndRetry();
    void finish(Result<HttpResponse> result);
    void dropReply();
    [[nodiscard]] Error error(const QString &code, const QString &message) const;

    ApiTransport *m_transport;
    ApiRequestSpec m_spec;
    QPointer<QObject> m_context;
    bool m_hasContext = false;
    Completion m_done;
    std::optional<Error> m_presetError;

    QPointer<QNetworkReply> m_reply;
    QTimer m_timer;
    QByteArray m_buffer;
    QString m_requestId;
    bool m_headReceived = false;
    bool m_timedOut = false;
    bool m_tooLarge = false;
    bool m_finished = false;
    bool m_refreshed = false;
    bool m_sentToken = false;
    int m_attempts = 0;
    int m_transientFailures = 0;
    int m_rateLimitRetries = 0;
    quint64 m_generation = 0;
};

} // namespace creditdesk::api

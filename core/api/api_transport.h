#pragma once

#include "core/api/http_types.h"
#include "core/api/proxy_settings.h"
#include "core/api/retry_policy.h"
#include "core/domain/error.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace creditdesk {
class Clock;
}

namespace creditdesk::api {

class AccessTokenSource;
class ApiRequest;

// Runs `fire` after `ms` unless `context` is destroyed first (the default is
// QTimer::singleShot). Tests inject one that records `ms` and fires at once.
using DelayFunction = std::function<void(std::int64_t ms, QObject *context, std::function<void()> fire)>;

struct TransportOptions {
    QUrl baseUrl;                               // the API origin (api-contract §1 `api_base_url`)
    std::int64_t transferTimeoutMs = 30'000;    // no byte moved for this long → `timeout`
    qint64 maxResponseBytes = 16 * 1024 * 1024; // larger → `response_too_large`, reading stops
    RetryPolicy retry;
    RandomFunction random;        // jitter; default systemRandom()
    DelayFunction delay;          // retry waits; default QTimer::singleShot
    const Clock *clock = nullptr; // server-time skew and HTTP-date Retry-After; default system time
    QByteArray userAgent;         // default defaultUserAgent()
};

// The one network entry point of the client (style.md 12): one
// QNetworkAccessManager, every request stamped with `User-Agent:
// CreditDesk/<version> (<os>)`, a fresh `X-Request-ID` (UUID) per attempt,
// `Accept: application/json`, no cookies, no cache, no redirects followed.
// Requests are ApiRequest objects (one per call) that own their reply,
// timeout, retries and abort. Every response's `Date` header feeds the
// server-time estimate used by the clock guard. Single-threaded: use it from
// the thread that owns it.
class ApiTransport : public QObject {
    Q_OBJECT

public:
    enum class ServerKind {
        Unknown,    // nothing answered yet
        CreditDesk, // the last answer carried X-CreditDesk-Server (honours Idempotency-Key)
        Other,      // the last answer did not: the real cloud, or ours with --extensions off
    };

    // `tokens` and an injected `manager` must outlive the transport; an
    // injected manager keeps its proxy setup. Without one the transport owns a
    // manager that uses the system proxy configuration (setProxy() changes it).
    ApiTransport(TransportOptions options, AccessTokenSource *tokens,
                 QNetworkAccessManager *manager = nullptr, QObject *parent = nullptr);
    ~ApiTransport() override;

    // Starts the call on the next event-loop turn and returns it (owned by the
    // transport; it deletes itself after finishing). `done` runs exactly once
    // on this thread — with the response (2xx or one of spec.passStatuses)
    // or the mapped error — unless `context` (optional) is destroyed first,
    // which aborts the call silently. Calls still running when the transport
    // is destroyed are dropped without a callback.
    ApiRequest *send(ApiRequestSpec spec, QObject *context, std::function<void(Result<HttpResponse>)> done);
    // A call that fails with `error` without touching the network (bad input
    // found before sending); same delivery rules as send().
    ApiRequest *failLater(Error error, QObject *context, std::function<void(Result<HttpResponse>)> done);

    [[nodiscard]] Result<void> setProxy(const ProxySettings &settings, const QString &password = {});
    void setBaseUrl(const QUrl &baseUrl) { m_options.baseUrl = baseUrl; }
    [[nodiscard]] const TransportOptions &options() const { return m_options; }
    [[nodiscard]] QNetworkAccessManager &networkManager() const { return *m_manager; }
    [[nodiscard]] AccessTokenSource *tokenSource() const { return m_tokens; }

    // Server time from the last response's Date header and server − local (ms).
    [[nodiscard]] std::optional<std::int64_t> lastServerTimeMs() const { return m_lastServerTimeMs; }
    [[nodiscard]] std::optional<std::int64_t> clockSkewMs() const { return m_clockSkewMs; }
    [[nodiscard]] ServerKind serverKind() const { return m_serverKind; }

    [[nodiscard]] std::int64_t nowMs() const;
    // "CreditDesk/<version> (<os> <os version>; <cpu>)"
    [[nodiscard]] static QByteArray defaultUserAgent();

signals:
    // Every response with a valid Date header (IMF-fixdate or an obsolete form).
    void serverTimeObserved(qint64 serverTimeMs, qint64 skewMs);

private:
    friend class ApiRequest;
    void observe(const HttpResponse &response);
    ApiRequest *create(ApiRequestSpec spec, QObject *context, std::function<void(Result<HttpResponse>)> done);

    TransportOptions m_options;
    AccessTokenSource *m_tokens;
    QNetworkAccessManager *m_manager;
    std::unique_ptr<QNetworkAccessManager> m_ownedManager;
    std::unique_ptr<Clock> m_systemClock;
    std::optional<std::int64_t> m_lastServerTimeMs;
    std::optional<std::int64_t> m_clockSkewMs;
    ServerKind m_serverKind = ServerKind::Unknown;
};

} // namespace creditdesk::api

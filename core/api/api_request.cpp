#include "core/api/api_request.h"

#include "core/api/access_token_source.h"
#include "core/api/api_errors.h"
#include "core/api/api_log.h"
#include "core/api/api_transport.h"
#include "core/api/error_mapping.h"

#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QUuid>

#include <algorithm>
#include <chrono>

using namespace Qt::StringLiterals;

namespace creditdesk::api {

namespace {

// With a status line received, Qt derives every error outside the network
// layer (1–99) from the status itself (400 → ProtocolInvalidOperationError,
// 407 → ProxyAuthenticationRequiredError, …): the response is complete. A
// network-layer error after the status line means the body was cut short.
bool isHttpLevel(QNetworkReply::NetworkError error)
{
    const int e = static_cast<int>(error);
    return e == 0 || e >= 100;
}

QHash<QByteArray, QByteArray> headersOf(const QNetworkReply &reply)
{
    QHash<QByteArray, QByteArray> headers;
    for (const QNetworkReply::RawHeaderPair &pair : reply.rawHeaderPairs())
        headers.insert(pair.first.toLower(), pair.second);
    return headers;
}

} // namespace

ApiRequest::ApiRequest(ApiTransport *transport, ApiRequestSpec spec, QObject *context, Completion done)
    : QObject(transport)
    , m_transport(transport)
    , m_spec(std::move(spec))
    , m_context(context)
    , m_hasContext(context != nullptr)
    , m_done(std::move(done))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ApiRequest::onTimeout);
    if (context) {
        connect(context, &QObject::destroyed, this, [this] {
            m_done = nullptr;
            abort();
        });
    }
}

ApiRequest::~ApiRequest()
{
    dropReply();
}

Error ApiRequest::error(const QString &code, const QString &message) const
{
    return Error{
        code, u"%1 %2: %3"_s.arg(QString::fromLatin1(m_spec.method), m_spec.pathForLog(), message), {}};
}

void ApiRequest::abort()
{
    if (m_finished)
        return;
    finish(std::unexpected(error(errc::cancelled, u"cancelled by the caller"_s)));
}

void ApiRequest::start()
{
    if (m_finished)
        return;
    if (m_presetError) {
        finish(std::unexpected(*m_presetError));
        return;
    }
    QString token;
    if (m_spec.auth != ApiRequestSpec::Auth::None) {
        AccessTokenSource *tokens = m_transport->tokenSource();
        token = tokens ? tokens->accessToken() : QString();
        if (token.isEmpty() && m_spec.auth == ApiRequestSpec::Auth::Required) {
            if (tokens && !m_refreshed) {
                refreshAndRetry();
                return;
            }
            finish(std::unexpected(error(errc::signInRequired, u"not signed in"_s)));
            return;
        }
    }
    sendAttempt(token);
}

void ApiRequest::sendAttempt(const QString &token)
{
    const TransportOptions &options = m_transport->options();
    ++m_attempts;
    m_requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_buffer.clear();
    m_headReceived = false;
    m_timedOut = false;

    QUrl url = options.baseUrl;
    QString basePath = url.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + m_spec.path);
    url.setQuery(m_spec.query);

    QNetworkRequest request(url);
    request.setRawHeader("User-Agent", options.userAgent);
    request.setRawHeader("X-Request-ID", m_requestId.toLatin1());
    request.setRawHeader("Accept", "application/json");
    if (!m_spec.body.isEmpty() || m_spec.method != "GET")
        request.setRawHeader("Content-Type", "application/json");
    m_sentToken = !token.isEmpty();
    if (m_sentToken)
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    if (!m_spec.idempotencyKey.isNull())
        request.setRawHeader("Idempotency-Key", m_spec.idempotencyKey.toHeaderValue());
    for (const auto &[name, value] : std::as_const(m_spec.headers))
        request.setRawHeader(name, value);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);

    QNetworkAccessManager &manager = m_transport->networkManager();
    QNetworkReply *reply = m_spec.method == "GET"
                               ? manager.get(request)
                               : manager.sendCustomRequest(request, m_spec.method, m_spec.body);
    m_reply = reply;
    connect(reply, &QNetworkReply::metaDataChanged, this, &ApiRequest::onMetaData);
    connect(reply, &QIODevice::readyRead, this, &ApiRequest::onReadyRead);
    connect(reply, &QNetworkReply::uploadProgress, this, [this] { m_timer.start(); });
    connect(reply, &QNetworkReply::finished, this, &ApiRequest::onReplyFinished);
    m_timer.setInterval(std::chrono::milliseconds(std::max<std::int64_t>(1, options.transferTimeoutMs)));
    m_timer.start();
    qCDebug(lcApi).noquote() << m_spec.method << m_spec.pathForLog() << "attempt" << m_attempts
                             << "request id" << m_requestId;
}

void ApiRequest::onMetaData()
{
    if (!m_reply)
        return;
    m_headReceived = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid();
    bool ok = false;
    const qint64 declared = m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&ok);
    if (ok && declared > m_transport->options().maxResponseBytes) {
        m_tooLarge = true;
        m_reply->abort();
    }
}

void ApiRequest::onReadyRead()
{
    if (!m_reply || m_tooLarge)
        return;
    m_timer.start();
    const qint64 cap = m_transport->options().maxResponseBytes;
    const qint64 room = cap + 1 - m_buffer.size();
    m_buffer.append(m_reply->read(std::max<qint64>(0, std::min(room, m_reply->bytesAvailable()))));
    if (m_buffer.size() > cap) {
        m_tooLarge = true;
        m_buffer.clear();
        m_reply->abort();
    }
}

void ApiRequest::onTimeout()
{
    if (!m_reply)
        return;
    m_timedOut = true;
    m_reply->abort();
}

void ApiRequest::onReplyFinished()
{
    if (!m_reply || m_finished)
        return;
    m_timer.stop();
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    reply->deleteLater();
    const qint64 cap = m_transport->options().maxResponseBytes;
    if (!m_tooLarge && reply->isOpen()) {
        m_buffer.append(reply->read(std::max<qint64>(0, cap + 1 - m_buffer.size())));
        m_tooLarge = m_buffer.size() > cap;
    }

    if (m_tooLarge) {
        finish(std::unexpected(makeError(errc::responseTooLarge,
                                         u"%1 %2: the response is larger than %3 bytes"_s
                                             .arg(QString::fromLatin1(m_spec.method), m_spec.pathForLog())
                                             .arg(cap))));
        return;
    }
    if (m_timedOut) {
        handleTransportFailure(errc::timeout,
                               u"no data for %1 ms"_s.arg(m_transport->options().transferTimeoutMs));
        return;
    }
    const QNetworkReply::NetworkError failure = reply->error();
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    m_headReceived = m_headReceived || status.isValid();
    if (status.isValid() && isHttpLevel(failure)) {
        HttpResponse response;
        response.status = status.toInt();
        response.body = std::move(m_buffer);
        response.headers = headersOf(*reply);
        response.requestId = m_requestId;
        response.attempts = m_attempts;
        handleResponse(std::move(response));
        return;
    }
    const QString code = clientCodeForNetworkError(failure, status.isValid());
    const QString what = status.isValid()
                             ? u"the response body was cut short (%1)"_s.arg(reply->errorString())
                             : reply->errorString();
    handleTransportFailure(code, what);
}

bool ApiRequest::mayRetryTransient() const
{
    if (m_transientFailures >= m_transport->options().retry.maxAttempts)
        return false;
    if (m_spec.method == "GET" || m_spec.method == "HEAD")
        return true;
    return m_spec.isIdempotent() && m_transport->serverKind() != ApiTransport::ServerKind::Other;
}

void ApiRequest::handleTransportFailure(const QString &code, const QString &message)
{
    const bool transient =
        code == errc::networkUnreachable || code == errc::timeout || code == errc::invalidResponse;
    Error failure = error(code, message);
    if (code == errc::invalidResponse)
        failure.details.insert(u"reason"_s, m_headReceived ? u"truncated"_s : u"protocol_error"_s);
    ++m_transientFailures;
    if (transient && mayRetryTransient()) {
        qCInfo(lcApi).noquote() << m_spec.method << m_spec.pathForLog() << "failed:" << code << "- retrying";
        retryAfter(
            m_transport->options().retry.backoffMs(m_transientFailures - 1, m_transport->options().random));
        return;
    }
    finish(std::unexpected(failure));
}

void ApiRequest::handleResponse(HttpResponse response)
{
    m_transport->observe(response);
    const bool success =
        (response.status >= 200 && response.status <= 299) || m_spec.passStatuses.contains(response.status);
    if (success) {
        finish(std::move(response));
        return;
    }
    const RetryPolicy &policy = m_transport->options().retry;
    const std::int64_t now = m_transport->nowMs();
    if (response.status == 401 && m_sentToken && m_transport->tokenSource() && !m_refreshed) {
        refreshAndRetry();
        return;
    }
    Error mapped = mapResponseError(response, m_spec, now);
    if (mapped.code == errc::rateLimited) {
        const std::int64_t waitMs = mapped.details.value(u"retryAfter"_s).toInteger() * 1000;
        if (m_rateLimitRetries < policy.maxRateLimitRetries && waitMs <= policy.maxRetryAfterMs) {
            ++m_rateLimitRetries;
            qCInfo(lcApi).noquote() << m_spec.method << m_spec.pathForLog() << "rate limited; retrying in"
                                    << waitMs << "ms";
            retryAfter(waitMs);
            return;
        }
    }
    const bool transient = response.status == 502 || response.status == 503 || response.status == 504 ||
                           mapped.code == errc::idempotencyRequestInProgress;
    if (transient) {
        ++m_transientFailures;
        if (mayRetryTransient()) {
            std::int64_t waitMs = policy.backoffMs(m_transientFailures - 1, m_transport->options().random);
            if (const auto retryAfterMs = parseRetryAfter(response.header("retry-after"), now))
                waitMs = std::min(*retryAfterMs, policy.maxRetryAfterMs);
            qCInfo(lcApi).noquote() << m_spec.method << m_spec.pathForLog() << "answered" << response.status
                                    << "- retrying in" << waitMs << "ms";
            retryAfter(waitMs);
            return;
        }
    }
    finish(std::unexpected(std::move(mapped)));
}

void ApiRequest::retryAfter(std::int64_t delayMs)
{
    const quint64 generation = ++m_generation;
    QPointer<ApiRequest> self(this);
    m_transport->options().delay(std::max<std::int64_t>(0, delayMs), this, [self, generation] {
        if (self && !self->m_finished && self->m_generation == generation)
            self->start();
    });
}

void ApiRequest::refreshAndRetry()
{
    m_refreshed = true;
    QPointer<ApiRequest> self(this);
    m_transport->tokenSource()->refresh([self](Result<void> refreshed) {
        if (!self || self->m_finished)
            return;
        if (!refreshed) {
            Error failure = self->error(errc::signInRequired,
                                        u"the session could not be refreshed: "_s + refreshed.error().code);
            failure.details.insert(u"refreshError"_s, refreshed.error().code);
            self->finish(std::unexpected(std::move(failure)));
            return;
        }
        self->start();
    });
}

void ApiRequest::dropReply()
{
    m_timer.stop();
    if (QNetworkReply *reply = m_reply) {
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void ApiRequest::finish(Result<HttpResponse> result)
{
    if (m_finished)
        return;
    m_finished = true;
    ++m_generation;
    dropReply();
    if (result) {
        qCDebug(lcApi).noquote() << m_spec.method << m_spec.pathForLog() << "→" << result->status << "after"
                                 << m_attempts << "attempt(s)";
    } else {
        qCInfo(lcApi).noquote() << m_spec.method << m_spec.pathForLog() << "failed:" << result.error().code
                                << "after" << m_attempts << "attempt(s), last request id" << m_requestId;
    }
    Completion done = std::move(m_done);
    m_done = nullptr;
    if (done && (!m_hasContext || m_context))
        done(std::move(result));
    emit finished();
    deleteLater();
}

} // namespace creditdesk::api

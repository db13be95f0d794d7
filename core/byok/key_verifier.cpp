#include "core/byok/key_verifier.h"

#include "core/api/api_errors.h"
#include "core/api/api_transport.h"
#include "core/api/error_mapping.h"
#include "core/byok/byok_errors.h"
#include "core/byok/byok_log.h"
#include "core/byok/provider_key.h"
#include "core/byok/provider_settings.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QRegularExpression>
#include <QTimer>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace creditdesk::byok {

namespace {

constexpr qint64 kMaxRetryAfterSeconds = 24 * 3600;

QUrl withPath(const QUrl &base, QStringView suffix)
{
    QUrl url = base;
    QString path = base.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + suffix);
    return url;
}

bool endsInVersionSegment(const QUrl &base)
{
    static const QRegularExpression version(uR"((^|/)v[0-9]+[a-z0-9]*/*$)"_s);
    return version.match(base.path()).hasMatch();
}

// With a status line received, Qt derives errors outside the network layer
// (1–99) from the status itself: the reply is complete. A network-layer error
// after the status line means the body was cut short.
bool isHttpLevel(QNetworkReply::NetworkError error)
{
    const int e = static_cast<int>(error);
    return e == 0 || e >= 100;
}

QString providerErrorCode(const QByteArray &body)
{
    const QJsonObject error = QJsonDocument::fromJson(body).object().value(u"error"_s).toObject();
    const QString code = error.value(u"code"_s).toString();
    return code.isEmpty() ? error.value(u"type"_s).toString() : code;
}

KeyVerification unknown(int httpStatus, const QString &code, const QString &message, QJsonObject details = {})
{
    KeyVerification v;
    v.status = KeyStatus::Unknown;
    v.httpStatus = httpStatus;
    if (httpStatus > 0)
        details.insert(u"http_status"_s, httpStatus);
    v.reason = Error{code, message, details};
    return v;
}

KeyVerification verdict(KeyStatus status, int httpStatus)
{
    KeyVerification v;
    v.status = status;
    v.httpStatus = httpStatus;
    return v;
}

// A complete HTTP answer → verdict. The body is read for a few provider codes
// only; nothing of it is kept (an error body may echo part of the key).
KeyVerification classify(ProviderKind provider, int status, const QByteArray &body,
                         const QByteArray &retryAfter)
{
    const QString name = toString(provider);
    if (status >= 200 && status <= 299) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
        if (error.error != QJsonParseError::NoError || doc.isNull())
            return unknown(status, api::errc::invalidResponse,
                           u"%1 accepted the request but its answer is not JSON"_s.arg(name),
                           {{u"reason"_s, u"not_json"_s}});
        return verdict(KeyStatus::Valid, status);
    }
    if (status == 401 || status == 403)
        return verdict(KeyStatus::Invalid, status);
    if (status == 400 && provider == ProviderKind::Google && body.contains("API_KEY_INVALID"))
        return verdict(KeyStatus::Invalid, status);
    if (status == 402)
        return verdict(KeyStatus::NoQuota, status);
    if (status == 429) {
        if (providerErrorCode(body) == "insufficient_quota"_L1)
            return verdict(KeyStatus::NoQuota, status);
        KeyVerification v = verdict(KeyStatus::RateLimited, status);
        bool ok = false;
        const qint64 seconds = retryAfter.trimmed().toLongLong(&ok);
        if (ok && seconds >= 0)
            v.retryAfterSeconds = std::min(seconds, kMaxRetryAfterSeconds);
        return v;
    }
    if (status >= 500 && status <= 599)
        return unknown(status, api::errc::serverUnavailable, u"%1 answered %2"_s.arg(name).arg(status));
    if (status >= 300 && status <= 399)
        return unknown(status, api::errc::invalidResponse,
                       u"%1 answered with a redirect, which is not followed"_s.arg(name),
                       {{u"reason"_s, u"redirect"_s}});
    return unknown(status, api::errc::httpError, u"%1 answered %2"_s.arg(name).arg(status));
}

} // namespace

QString toString(EnumArg<KeyStatus> status)
{
    switch (status.value) {
    case KeyStatus::Valid:
        return u"valid"_s;
    case KeyStatus::Invalid:
        return u"invalid"_s;
    case KeyStatus::NoQuota:
        return u"no_quota"_s;
    case KeyStatus::RateLimited:
        return u"rate_limited"_s;
    case KeyStatus::Unknown:
        return u"unknown"_s;
    }
    return {};
}

// One verification: owns its reply and timer, finishes exactly once.
class KeyVerifier::Job : public QObject {
public:
    Job(KeyVerifier *verifier, ProviderKind provider, QString key, QUrl url, std::optional<QUrl> fallback,
        QObject *context, Callback done)
        : QObject(verifier)
        , m_verifier(verifier)
        , m_provider(provider)
        , m_key(std::move(key))
        , m_url(std::move(url))
        , m_fallback(std::move(fallback))
        , m_done(std::move(done))
    {
        m_timer.setSingleShot(true);
        m_timer.setInterval(static_cast<int>(std::clamp<std::int64_t>(m_verifier->m_options.transferTimeoutMs,
                                                                      1, std::numeric_limits<int>::max())));
        connect(&m_timer, &QTimer::timeout, this, [this] {
            m_timedOut = true;
            if (m_reply)
                m_reply->abort();
        });
        if (context) {
            connect(context, &QObject::destroyed, this, [this] {
                m_done = nullptr;
                deleteLater();
            });
        }
    }

    ~Job() override { dropReply(); }

    void start() { send(m_url); }

private:
    void send(const QUrl &url)
    {
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
        request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
        request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
        request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
        const QByteArray agent = m_verifier->m_options.userAgent;
        request.setRawHeader("User-Agent", agent.isEmpty() ? api::ApiTransport::defaultUserAgent() : agent);
        request.setRawHeader("Accept", "application/json");
        const QByteArray key = m_key.toLatin1();
        switch (m_provider) {
        case ProviderKind::OpenAi:
        case ProviderKind::OpenAiCompatible:
            request.setRawHeader("Authorization", "Bearer " + key);
            break;
        case ProviderKind::Anthropic:
            request.setRawHeader("x-api-key", key);
            request.setRawHeader("anthropic-version",
                                 QByteArray(kAnthropicVersion.data(), kAnthropicVersion.size()));
            break;
        case ProviderKind::Google:
            request.setRawHeader("x-goog-api-key", key);
            break;
        }
        m_buffer.clear();
        m_tooLarge = false;
        m_reply = m_verifier->m_manager.get(request);
        connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] { m_timer.start(); });
        connect(m_reply, &QNetworkReply::readyRead, this, &Job::onReadyRead);
        connect(m_reply, &QNetworkReply::finished, this, &Job::onFinished);
        m_timer.start();
    }

    void onReadyRead()
    {
        if (!m_reply || m_tooLarge)
            return;
        m_timer.start();
        const qint64 cap = m_verifier->m_options.maxResponseBytes;
        m_buffer.append(m_reply->read(std::max<qint64>(0, cap + 1 - m_buffer.size())));
        if (m_buffer.size() > cap) {
            m_tooLarge = true;
            m_buffer.clear();
            m_reply->abort();
        }
    }

    void onFinished()
    {
        if (!m_reply)
            return;
        onReadyRead();
        m_timer.stop();
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->deleteLater();
        const QString name = toString(m_provider);
        if (m_tooLarge) {
            finish(unknown(0, api::errc::responseTooLarge,
                           u"%1's answer is larger than %2 bytes"_s.arg(name).arg(
                               m_verifier->m_options.maxResponseBytes)));
            return;
        }
        if (m_timedOut) {
            finish(unknown(
                0, api::errc::timeout,
                u"%1 did not answer within %2 ms"_s.arg(name).arg(m_verifier->m_options.transferTimeoutMs)));
            return;
        }
        const QNetworkReply::NetworkError failure = reply->error();
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        if (status.isValid() && isHttpLevel(failure)) {
            const int code = status.toInt();
            if (code == 404 && m_fallback) {
                const QUrl next = *m_fallback;
                m_fallback.reset();
                send(next);
                return;
            }
            finish(classify(m_provider, code, m_buffer, reply->rawHeader("Retry-After")));
            return;
        }
        const QString code = api::clientCodeForNetworkError(failure, status.isValid());
        KeyVerification v =
            unknown(0, code,
                    status.isValid() ? u"%1's answer was cut short (%2)"_s.arg(name, reply->errorString())
                                     : u"cannot reach %1: %2"_s.arg(name, reply->errorString()));
        if (status.isValid()) {
            v.httpStatus = status.toInt();
            v.reason->details.insert(u"reason"_s, u"truncated"_s);
            v.reason->details.insert(u"http_status"_s, v.httpStatus);
        }
        finish(std::move(v));
    }

    void finish(KeyVerification verification)
    {
        qCInfo(lcByok).noquote() << "key check for" << toString(m_provider) << "→"
                                 << toString(verification.status)
                                 << (verification.reason ? verification.reason->code : QString());
        Callback done = std::move(m_done);
        m_done = nullptr;
        deleteLater();
        if (done)
            done(std::move(verification));
    }

    void dropReply()
    {
        if (!m_reply)
            return;
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }

    KeyVerifier *m_verifier;
    ProviderKind m_provider;
    QString m_key;
    QUrl m_url;
    std::optional<QUrl> m_fallback;
    Callback m_done;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timer;
    QByteArray m_buffer;
    bool m_timedOut = false;
    bool m_tooLarge = false;
};

KeyVerifier::KeyVerifier(QNetworkAccessManager &manager, VerifierOptions options, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_options(std::move(options))
{}

KeyVerifier::~KeyVerifier() = default;

Result<QUrl> KeyVerifier::modelsUrl(ProviderKind provider, const ProviderEndpoints &endpoints,
                                    const std::optional<QUrl> &baseUrl)
{
    switch (provider) {
    case ProviderKind::OpenAi:
        return withPath(endpoints.openAi, u"/v1/models");
    case ProviderKind::Anthropic:
        return withPath(endpoints.anthropic, u"/v1/models");
    case ProviderKind::Google:
        return withPath(endpoints.google, u"/v1beta/models");
    case ProviderKind::OpenAiCompatible:
        break;
    }
    if (!baseUrl)
        return fail(errc::providerBaseUrlMissing, u"the OpenAI-compatible provider needs a base URL"_s);
    auto base = normalizeBaseUrl(*baseUrl);
    if (!base)
        return std::unexpected(base.error());
    return withPath(*base, endsInVersionSegment(*base) ? u"/models" : u"/v1/models");
}

void KeyVerifier::verify(ProviderKind provider, const QString &key, const std::optional<QUrl> &baseUrl,
                         QObject *context, Callback done)
{
    Result<QUrl> url = modelsUrl(provider, m_options.endpoints, baseUrl);
    Result<QString> normalized =
        url ? normalizeProviderKey(key) : Result<QString>(std::unexpected(url.error()));
    if (!url || !normalized) {
        const Error error = normalized.error();
        QPointer<QObject> target(context);
        QMetaObject::invokeMethod(
            this,
            [guardedContext = context != nullptr, target, error, done = std::move(done)] {
                if (!guardedContext || target)
                    done(std::unexpected(error));
            },
            Qt::QueuedConnection);
        return;
    }
    std::optional<QUrl> fallback;
    if (provider == ProviderKind::OpenAiCompatible) {
        const QUrl base = *normalizeBaseUrl(*baseUrl);
        if (!endsInVersionSegment(base))
            fallback = withPath(base, u"/models");
    }
    auto *job = new Job(this, provider, *normalized, *url, fallback, context, std::move(done));
    // Started from the event loop, so `done` never runs inside verify().
    QMetaObject::invokeMethod(
        job, [job] { job->start(); }, Qt::QueuedConnection);
}

} // namespace creditdesk::byok

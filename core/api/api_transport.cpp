#include "core/api/api_transport.h"

#include "core/api/access_token_source.h"
#include "core/api/api_log.h"
#include "core/api/api_request.h"
#include "core/api/http_date.h"
#include "core/domain/clock.h"

#include <QNetworkAccessManager>
#include <QSysInfo>
#include <QTimer>

#include <chrono>

using namespace Qt::StringLiterals;

namespace creditdesk::api {

namespace {

// Printable ASCII without the characters that would break a User-Agent comment.
QByteArray uaToken(const QString &text)
{
    QByteArray out;
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if (u > 0x20 && u < 0x7F && u != u'(' && u != u')' && u != u'\\' && u != u';')
            out.append(static_cast<char>(u));
    }
    return out.isEmpty() ? QByteArray("unknown") : out;
}

} // namespace

ApiTransport::ApiTransport(TransportOptions options, AccessTokenSource *tokens,
                           QNetworkAccessManager *manager, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_tokens(tokens)
    , m_manager(manager)
{
    if (!m_manager) {
        m_ownedManager = std::make_unique<QNetworkAccessManager>();
        m_manager = m_ownedManager.get();
        // Default: the system's proxy configuration, asked per manager.
        (void)applyProxy(*m_manager, ProxySettings{});
    }
    if (!m_options.random)
        m_options.random = systemRandom();
    if (!m_options.delay) {
        m_options.delay = [](std::int64_t ms, QObject *context, std::function<void()> fire) {
            QTimer::singleShot(std::chrono::milliseconds(ms), context, std::move(fire));
        };
    }
    if (!m_options.clock) {
        m_systemClock = std::make_unique<SystemClock>();
        m_options.clock = m_systemClock.get();
    }
    if (m_options.userAgent.isEmpty())
        m_options.userAgent = defaultUserAgent();
}

ApiTransport::~ApiTransport()
{
    // Requests are children: they go first, dropping their replies, while
    // the owned manager still exists.
    const auto requests = findChildren<ApiRequest *>(Qt::FindDirectChildrenOnly);
    for (ApiRequest *request : requests)
        delete request;
}

ApiRequest *ApiTransport::create(ApiRequestSpec spec, QObject *context,
                                 std::function<void(Result<HttpResponse>)> done)
{
    auto *request = new ApiRequest(this, std::move(spec), context, std::move(done));
    QTimer::singleShot(0, request, &ApiRequest::start);
    return request;
}

ApiRequest *ApiTransport::send(ApiRequestSpec spec, QObject *context,
                               std::function<void(Result<HttpResponse>)> done)
{
    return create(std::move(spec), context, std::move(done));
}

ApiRequest *ApiTransport::failLater(Error error, QObject *context,
                                    std::function<void(Result<HttpResponse>)> done)
{
    ApiRequestSpec spec;
    spec.auth = ApiRequestSpec::Auth::None;
    ApiRequest *request = create(std::move(spec), context, std::move(done));
    request->m_presetError = std::move(error);
    return request;
}

Result<void> ApiTransport::setProxy(const ProxySettings &settings, const QString &password)
{
    return applyProxy(*m_manager, settings, password);
}

std::int64_t ApiTransport::nowMs() const
{
    return m_options.clock->nowMs();
}

QByteArray ApiTransport::defaultUserAgent()
{
    return QByteArray("CreditDesk/") + CREDITDESK_VERSION + " (" + uaToken(QSysInfo::productType()) + ' ' +
           uaToken(QSysInfo::productVersion()) + "; " + uaToken(QSysInfo::currentCpuArchitecture()) + ')';
}

void ApiTransport::observe(const HttpResponse &response)
{
    m_serverKind = response.fromCreditDeskServer() ? ServerKind::CreditDesk : ServerKind::Other;
    const QByteArray date = response.header("date");
    if (date.isEmpty())
        return;
    auto serverMs = parseHttpDate(date);
    if (!serverMs) {
        qCDebug(lcApi) << "ignoring an unparsable Date header";
        return;
    }
    const std::int64_t skew = *serverMs - nowMs();
    m_lastServerTimeMs = *serverMs;
    m_clockSkewMs = skew;
    emit serverTimeObserved(*serverMs, skew);
}

} // namespace creditdesk::api

#include "server/http/http_server.h"

#include "server/http/http_headers.h"
#include "server/http/http_log.h"
#include "server/server_environment.h"

#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QPointer>
#include <QTcpSocket>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

HttpMethod toMethod(QHttpServerRequest::Method method, bool *known)
{
    *known = true;
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return HttpMethod::Get;
    case QHttpServerRequest::Method::Post:
        return HttpMethod::Post;
    case QHttpServerRequest::Method::Put:
        return HttpMethod::Put;
    case QHttpServerRequest::Method::Patch:
        return HttpMethod::Patch;
    case QHttpServerRequest::Method::Delete:
        return HttpMethod::Delete;
    case QHttpServerRequest::Method::Head:
        return HttpMethod::Head;
    case QHttpServerRequest::Method::Options:
        return HttpMethod::Options;
    default:
        break;
    }
    *known = false;
    return HttpMethod::Options;
}

QString clientAddress(const QHttpServerRequest &request)
{
    QHostAddress address = request.remoteAddress();
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        address = QHostAddress(v4); // "::ffff:127.0.0.1" → "127.0.0.1"
    return address.toString();
}

RequestContext copyRequest(const QHttpServerRequest &request, const ServerEnvironment &env, bool *knownMethod)
{
    RequestContext context;
    context.receivedAtMs = env.clock->nowMs();
    context.method = toMethod(request.method(), knownMethod);
    context.path = request.url().path(QUrl::FullyDecoded);
    if (context.path.isEmpty())
        context.path = u"/"_s;
    context.query = request.query();
    for (const auto &header : request.headers())
        context.headers.insert(header.first.toLower(), header.second);
    context.requestId = requestIdFor(context.header("x-request-id"));
    context.body = request.body();
    context.clientIp = clientAddress(request);
    context.userAgent = QString::fromUtf8(context.header("user-agent")).left(512);
    return context;
}

QHttpServerResponse toQtResponse(const ApiResponse &response)
{
    const auto status = static_cast<QHttpServerResponse::StatusCode>(response.status);
    QHttpServerResponse qt = response.body.isEmpty() && response.contentType.isEmpty()
                               ? QHttpServerResponse(response.contentType, QByteArray(), status)
                               : QHttpServerResponse(response.contentType, response.body, status);
    for (const auto &header : response.headers)
        qt.addHeader(header.first, header.second);
    return qt;
}

} // namespace

HttpServer::HttpServer(const Router &router, const ServerEnvironment &env, RateLimiter *limiter, int workerThreads,
                       QObject *parent)
    : QAbstractHttpServer(parent)
    , m_env(env)
    , m_dispatcher(router, env, limiter)
{
    m_pool.setMaxThreadCount(std::max(1, workerThreads));
    m_pool.setExpiryTimeout(-1); // keep the threads and their connections
    m_pool.setObjectName(u"creditdesk-workers"_s);
}

HttpServer::~HttpServer()
{
    waitForWorkers();
}

void HttpServer::waitForWorkers()
{
    m_pool.waitForDone();
}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    bool knownMethod = true;
    RequestContext context = copyRequest(request, m_env, &knownMethod);
    auto responder = std::make_shared<QHttpServerResponder>(makeResponder(request, socket));
    QPointer<QTcpSocket> guard(socket);
    QElapsedTimer timer;
    timer.start();
    const QString method = knownMethod ? methodName(context.method) : u"UNKNOWN"_s;
    const QString requestId = context.requestId;
    const QString path = pathForLog(context.path);

    // One line per request: never the query, headers or body (tokens, keys, passwords).
    auto log = [requestId, method, path, timer](int status, bool delivered) {
        if (delivered)
            qCInfo(lcServerHttp).noquote() << requestId << method << path << status << timer.elapsed() << "ms";
        else
            qCInfo(lcServerHttp).noquote() << requestId << method << path << status << timer.elapsed()
                                           << "ms (client gone)";
    };

    if (!knownMethod) {
        ApiResponse response = ApiResponse::error(405, u"method_not_allowed"_s, u"Unsupported HTTP method"_s);
        response.withHeader("X-Request-ID", requestId.toLatin1());
        response.withHeader("Date", imfFixdate(m_env.clock->nowMs()));
        toQtResponse(response).write(std::move(*responder));
        log(response.status, true);
        return true;
    }

    QtConcurrent::run(&m_pool, [this, context = std::move(context)]() mutable {
        return m_dispatcher.dispatch(context);
    }).then(this, [responder, guard, log](const ApiResponse &response) {
        if (!guard || guard->state() != QAbstractSocket::ConnectedState) {
            log(response.status, false);
            return;
        }
        toQtResponse(response).write(std::move(*responder));
        log(response.status, true);
    });
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // handleRequest takes every request; kept for completeness.
    ApiResponse response = ApiResponse::error(404, u"not_found"_s, u"No route for this path"_s);
    response.withHeader("X-Request-ID", requestIdFor(request.value("X-Request-ID")).toLatin1());
    response.withHeader("Date", imfFixdate(m_env.clock->nowMs()));
    toQtResponse(response).write(makeResponder(request, socket));
}

} // namespace creditdesk::server

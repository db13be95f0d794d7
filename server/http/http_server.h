#pragma once

#include "server/http/request_dispatcher.h"

#include <QAbstractHttpServer>
#include <QThreadPool>

#include <memory>

namespace creditdesk::server {

class RateLimiter;
class Router;
struct ServerEnvironment;

// The listening side: copies each request out of Qt's objects, runs the
// dispatcher on a worker pool (one database connection per worker thread),
// and writes the answer back on the listening thread, so a slow query never
// holds up other clients. Logs one line per request.
class HttpServer final : public QAbstractHttpServer {
    Q_OBJECT

public:
    // `limiter` null = rate limits off. Router, environment and limiter outlive the server.
    HttpServer(const Router &router, const ServerEnvironment &env, RateLimiter *limiter, int workerThreads,
               QObject *parent = nullptr);
    ~HttpServer() override;

    // Waits until every running request has been answered or dropped.
    void waitForWorkers();

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    const ServerEnvironment &m_env;
    RequestDispatcher m_dispatcher;
    QThreadPool m_pool;
};

} // namespace creditdesk::server

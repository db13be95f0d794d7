#pragma once

#include "tests/bench/bench_stats.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>

class QTcpSocket;

// Closed-loop HTTP/1.1 load over keep-alive connections on loopback: each
// connection sends a request, waits for the whole response, records the
// latency and sends the next, until the phase ends. QNetworkAccessManager
// opens at most six connections per host, so this speaks HTTP itself (only
// what creditdesk-server answers: Content-Length bodies, no chunking).
namespace creditdesk::bench {

struct LoadResult {
    LatencySummary latency;
    qint64 requests = 0;  // completed with the expected status
    qint64 errors = 0;    // wrong status, socket error or closed connection
    qint64 elapsedNs = 0; // the measured window
    QString firstError;   // e.g. "status 500" or the socket error text
};

struct LoadPhase {
    QHostAddress host;
    quint16 port = 0;
    int connections = 100;
    qint64 durationMs = 10'000;
    qint64 warmupMs = 1'000; // requests finishing before this are not recorded
    int expectedStatus = 200;
    // The raw request bytes for connection `index`, request number `n`.
    std::function<QByteArray(int index, qint64 n)> request;
};

// Runs one phase in the calling thread's event loop and returns its figures.
[[nodiscard]] LoadResult runLoad(const LoadPhase &phase);

// "GET /path HTTP/1.1" with Host, keep-alive, optional bearer and JSON body.
[[nodiscard]] QByteArray httpRequest(const QByteArray &method, const QByteArray &path, const QByteArray &host,
                                     const QByteArray &bearer = {}, const QByteArray &jsonBody = {});

} // namespace creditdesk::bench

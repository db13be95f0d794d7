#include "tests/bench/load_client.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTcpSocket>
#include <QTimer>

#include <memory>
#include <vector>

namespace creditdesk::bench {

namespace {

// One keep-alive connection's request/response loop.
class Connection : public QObject {
public:
    Connection(const LoadPhase &phase, int index, const QElapsedTimer &clock, LatencySamples &samples,
               LoadResult &result)
        : m_phase(phase)
        , m_index(index)
        , m_clock(clock)
        , m_samples(samples)
        , m_result(result)
    {
        connect(&m_socket, &QTcpSocket::connected, this, [this] { send(); });
        connect(&m_socket, &QTcpSocket::readyRead, this, [this] { onReadyRead(); });
        connect(&m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
            if (!m_done)
                failAndReconnect(m_socket.errorString());
        });
        m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    }

    void start() { m_socket.connectToHost(m_phase.host, m_phase.port); }
    void stop()
    {
        m_done = true;
        m_socket.abort();
    }

private:
    void send()
    {
        if (m_done)
            return;
        m_buffer.clear();
        m_bodyLength = -1;
        m_sentAtNs = m_clock.nsecsElapsed();
        m_socket.write(m_phase.request(m_index, m_sent++));
    }

    void onReadyRead()
    {
        m_buffer += m_socket.readAll();
        if (m_bodyLength < 0) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            m_headerLength = end + 4;
            m_status = m_buffer.mid(9, 3).toInt();
            m_bodyLength = 0;
            for (const QByteArray &line : m_buffer.first(end).split('\n')) {
                if (line.toLower().startsWith("content-length:"))
                    m_bodyLength = line.sliced(15).trimmed().toLongLong();
            }
        }
        if (m_buffer.size() < m_headerLength + m_bodyLength)
            return;
        const qint64 now = m_clock.nsecsElapsed();
        if (m_status == m_phase.expectedStatus) {
            if (m_sentAtNs >= m_phase.warmupMs * 1'000'000) {
                m_samples.add(now - m_sentAtNs);
                ++m_result.requests;
            }
        } else {
            recordError(QStringLiteral("status %1").arg(m_status));
        }
        send();
    }

    void failAndReconnect(const QString &why)
    {
        recordError(why);
        m_socket.abort();
        QTimer::singleShot(10, this, [this] { start(); });
    }

    void recordError(const QString &why)
    {
        ++m_result.errors;
        if (m_result.firstError.isEmpty())
            m_result.firstError = why;
    }

    const LoadPhase &m_phase;
    const int m_index;
    const QElapsedTimer &m_clock;
    LatencySamples &m_samples;
    LoadResult &m_result;
    QTcpSocket m_socket;
    QByteArray m_buffer;
    qsizetype m_headerLength = 0;
    qint64 m_bodyLength = -1;
    int m_status = 0;
    qint64 m_sent = 0;
    qint64 m_sentAtNs = 0;
    bool m_done = false;
};

} // namespace

LoadResult runLoad(const LoadPhase &phase)
{
    LoadResult result;
    LatencySamples samples;
    QElapsedTimer clock;
    clock.start();
    std::vector<std::unique_ptr<Connection>> connections;
    connections.reserve(static_cast<std::size_t>(phase.connections));
    for (int i = 0; i < phase.connections; ++i) {
        connections.push_back(std::make_unique<Connection>(phase, i, clock, samples, result));
        connections.back()->start();
    }
    QEventLoop loop;
    QTimer::singleShot(phase.warmupMs + phase.durationMs, &loop, &QEventLoop::quit);
    loop.exec();
    for (auto &connection : connections)
        connection->stop();
    result.elapsedNs = phase.durationMs * 1'000'000;
    result.latency = samples.summarize();
    return result;
}

QByteArray httpRequest(const QByteArray &method, const QByteArray &path, const QByteArray &host,
                       const QByteArray &bearer, const QByteArray &jsonBody)
{
    QByteArray request =
        method + ' ' + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: keep-alive\r\n";
    if (!bearer.isEmpty())
        request += "Authorization: Bearer " + bearer + "\r\n";
    if (!jsonBody.isEmpty()) {
        request +=
            "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(jsonBody.size()) +
            "\r\n";
    }
    request += "\r\n" + jsonBody;
    return request;
}

} // namespace creditdesk::bench

#include "tests/integration/api/hostile_server.h"

#include "core/api/http_date.h"

#include <QDateTime>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUuid>

#include <algorithm>
#include <sys/socket.h>

using namespace Qt::StringLiterals;

namespace creditdesk::test {

namespace {

constexpr qint64 kChunk = 64 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 409:
        return "Conflict";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

} // namespace

struct HostileServer::Connection {
    QPointer<QTcpSocket> socket;
    QByteArray input;
    bool answered = false;
    qint64 hugeRemaining = 0;
};

QString HostileServer::Request::path() const
{
    QByteArray t = target;
    if (const qsizetype scheme = t.indexOf("://"); scheme >= 0) {
        const qsizetype slash = t.indexOf('/', scheme + 3);
        t = slash < 0 ? QByteArray("/") : t.mid(slash);
    }
    if (const qsizetype query = t.indexOf('?'); query >= 0)
        t.truncate(query);
    return QString::fromLatin1(t);
}

HostileServer::Reply HostileServer::Reply::json(int status, const QByteArray &body)
{
    Reply reply;
    reply.status = status;
    reply.body = body;
    return reply;
}

HostileServer::Reply HostileServer::Reply::of(Behaviour behaviour)
{
    Reply reply;
    reply.behaviour = behaviour;
    return reply;
}

HostileServer::Reply &HostileServer::Reply::withHeader(const QByteArray &name, const QByteArray &value)
{
    headers.append({name, value});
    return *this;
}

HostileServer::HostileServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    m_handler = [](const Request &) {
        return Reply::json(404, R"({"error":{"code":"not_found","message":"No route for this path"}})");
    };
    connect(m_server, &QTcpServer::newConnection, this, &HostileServer::accept);
}

HostileServer::~HostileServer()
{
    for (const auto &connection : m_connections) {
        if (connection->socket)
            connection->socket->abort();
    }
}

bool HostileServer::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 HostileServer::port() const
{
    return m_server->serverPort();
}

QUrl HostileServer::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(port()));
}

void HostileServer::setHandler(Handler handler)
{
    m_handler = std::move(handler);
}

void HostileServer::script(QList<Reply> replies)
{
    m_script = std::move(replies);
    m_scriptIndex = 0;
    m_handler = [this](const Request &) {
        const Reply reply = m_script.at(std::min(m_scriptIndex, m_script.size() - 1));
        ++m_scriptIndex;
        return reply;
    };
}

void HostileServer::accept()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        auto connection = std::make_unique<Connection>();
        connection->socket = socket;
        Connection *raw = connection.get();
        m_connections.push_back(std::move(connection));
        socket->setParent(this);
        connect(socket, &QIODevice::readyRead, this, [this, raw] { readFrom(raw); });
        connect(socket, &QIODevice::bytesWritten, this, [this, raw] { streamHuge(raw); });
    }
}

void HostileServer::readFrom(Connection *connection)
{
    if (!connection->socket || connection->answered)
        return;
    connection->input.append(connection->socket->readAll());
    const qsizetype headEnd = connection->input.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return;
    Request request;
    const QList<QByteArray> lines = connection->input.left(headEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    request.method = requestLine.value(0);
    request.target = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            request.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                   lines[i].mid(colon + 1).trimmed());
    }
    const qint64 length = request.header("content-length").toLongLong();
    if (connection->input.size() - (headEnd + 4) < length)
        return; // wait for the rest of the body
    request.body = connection->input.mid(headEnd + 4, length);
    connection->answered = true;
    m_requests.append(request);
    answer(connection, request);
}

void HostileServer::answer(Connection *connection, const Request &request)
{
    const Reply reply = m_handler(request);
    QTcpSocket *socket = connection->socket;
    switch (reply.behaviour) {
    case Behaviour::Hang:
        return;
    case Behaviour::CloseWithoutAnswer:
        socket->close();
        return;
    default:
        break;
    }
    QByteArray head =
        "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    head += "Connection: close\r\n";
    if (reply.date != "-") {
        head +=
            "Date: " +
            (reply.date.isEmpty() ? api::formatImfFixdate(QDateTime::currentMSecsSinceEpoch()) : reply.date) +
            "\r\n";
    }
    if (reply.creditDeskHeader)
        head += "X-CreditDesk-Server: hostile-test\r\n";
    const QByteArray requestId = request.header("x-request-id");
    head += "X-Request-ID: " +
            (requestId.isEmpty() ? QUuid::createUuid().toByteArray(QUuid::WithoutBraces) : requestId) +
            "\r\n";
    for (const auto &[name, value] : reply.headers)
        head += name + ": " + value + "\r\n";
    if (reply.behaviour == Behaviour::Huge) {
        head += "Content-Type: application/json\r\n";
        if (!reply.omitLength)
            head += "Content-Length: " + QByteArray::number(reply.hugeBytes) + "\r\n";
        socket->write(head + "\r\n");
        socket->write("{\"data\":\"");
        connection->hugeRemaining = std::max<qint64>(0, reply.hugeBytes - 11);
        streamHuge(connection);
        return;
    }
    const qint64 declared = reply.behaviour == Behaviour::Truncate ? reply.declaredLength : reply.body.size();
    if (reply.status != 304)
        head += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(declared) + "\r\n";
    head += "\r\n";
    if (reply.behaviour == Behaviour::ResetMidBody) {
        socket->write(head + reply.body.left(reply.body.size() / 2));
        socket->flush();
        // Give the client time to read the head, then reset (SO_LINGER 0 → RST on close).
        QPointer<QTcpSocket> guard(socket);
        QTimer::singleShot(200, this, [guard] {
            if (!guard)
                return;
            const linger hard{1, 0};
            ::setsockopt(static_cast<int>(guard->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard,
                         sizeof hard);
            guard->abort();
        });
        return;
    }
    socket->write(head + (reply.status == 304 ? QByteArray() : reply.body));
    socket->disconnectFromHost();
}

void HostileServer::streamHuge(Connection *connection)
{
    QTcpSocket *socket = connection->socket;
    if (!socket || connection->hugeRemaining <= 0 || socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (socket->bytesToWrite() > 4 * kChunk)
        return; // wait until the client drains
    const qint64 n = std::min(kChunk, connection->hugeRemaining);
    connection->hugeRemaining -= n;
    socket->write(QByteArray(n, 'x'));
    if (connection->hugeRemaining == 0) {
        socket->write("\"}");
        socket->disconnectFromHost();
    }
}

} // namespace creditdesk::test

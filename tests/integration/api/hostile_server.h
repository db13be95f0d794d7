#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

class QTcpServer;
class QTcpSocket;

namespace creditdesk::test {

// A scriptable HTTP/1.1 server on 127.0.0.1 for the failure paths of
// CloudClient and the sync engine: it answers each request (one per
// connection, `Connection: close`) with a scripted Reply — a normal
// response, or a hostile behaviour (no answer, a body cut short, a reset
// mid-body, 50 MB, …) — and records every request it read, so tests can
// count attempts and inspect headers. Runs on the test's event loop.
class HostileServer : public QObject {
    Q_OBJECT

public:
    struct Request {
        QByteArray method;
        QByteArray target;                     // as sent: origin-form, or absolute-form through a proxy
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;

        [[nodiscard]] QByteArray header(const QByteArray &lowerCaseName) const
        {
            return headers.value(lowerCaseName);
        }
        [[nodiscard]] QString path() const; // target without scheme, host and query
    };

    enum class Behaviour {
        Respond,            // status, headers, body
        Hang,               // read the request, never answer (the client times out)
        Truncate,           // claim Content-Length = declaredLength, send `body` (shorter), close
        ResetMidBody,       // send the head and half the body, then a TCP reset
        CloseWithoutAnswer, // close the connection without a byte of answer
        Huge,               // a JSON body of hugeBytes, streamed; Content-Length unless omitLength
    };

    struct Reply {
        Behaviour behaviour = Behaviour::Respond;
        int status = 200;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        qint64 declaredLength = -1;   // Truncate
        qint64 hugeBytes = 0;         // Huge
        bool omitLength = false;      // Huge: close-delimited body
        bool creditDeskHeader = true; // X-CreditDesk-Server: ours with its extensions on
        QByteArray date;              // Date header; empty = now (IMF-fixdate); "-" = none

        [[nodiscard]] static Reply json(int status, const QByteArray &body);
        [[nodiscard]] static Reply of(Behaviour behaviour);
        Reply &withHeader(const QByteArray &name, const QByteArray &value);
    };

    using Handler = std::function<Reply(const Request &)>;

    explicit HostileServer(QObject *parent = nullptr);
    ~HostileServer() override;

    [[nodiscard]] bool listen(); // 127.0.0.1, a free port
    [[nodiscard]] QUrl baseUrl() const;
    [[nodiscard]] quint16 port() const;

    // Decides every reply (default: 404 not_found envelope).
    void setHandler(Handler handler);
    // Replies in this order, the last one repeating.
    void script(QList<Reply> replies);

    [[nodiscard]] const QList<Request> &requests() const { return m_requests; }
    [[nodiscard]] int requestCount() const { return static_cast<int>(m_requests.size()); }
    void clearRequests() { m_requests.clear(); }

private:
    struct Connection;
    void accept();
    void readFrom(Connection *connection);
    void answer(Connection *connection, const Request &request);
    void streamHuge(Connection *connection);

    QTcpServer *m_server;
    Handler m_handler;
    QList<Reply> m_script;
    qsizetype m_scriptIndex = 0;
    QList<Request> m_requests;
    std::vector<std::unique_ptr<Connection>> m_connections;
};

} // namespace creditdesk::test

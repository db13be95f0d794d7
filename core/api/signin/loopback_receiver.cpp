#include "core/api/signin/loopback_receiver.h"

#include "core/api/signin/signin_errors.h"
#include "core/api/signin/signin_log.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QTcpSocket>
#include <QTimer>

#include <optional>

using namespace Qt::StringLiterals;

namespace creditdesk::api::signin {

namespace {

const QByteArray kCallbackPath = "/callback";

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 431:
        return "Request Header Fields Too Large";
    default:
        return "Error";
    }
}

QByteArray page(const QString &title, const QString &message)
{
    return (u"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"_s +
            title.toHtmlEscaped() +
            u"</title><style>body{font-family:system-ui,sans-serif;background:#f4f5f7;display:flex;"
            "justify-content:center}main{background:#fff;margin-top:10vh;padding:2rem 2.5rem;"
            "border-radius:8px;box-shadow:0 1px 4px #0002;max-width:26rem}</style></head><body><main><h1>"_s +
            title.toHtmlEscaped() + u"</h1><p>"_s + message.toHtmlEscaped() +
            u"</p></main></body></html>\n"_s)
        .toUtf8();
}

// application/x-www-form-urlencoded query → name/value; nullopt when a
// parameter repeats (RFC 6749 §3.1) or is not valid UTF-8.
std::optional<QHash<QString, QString>> parseQuery(const QByteArray &query)
{
    QHash<QString, QString> values;
    for (const QByteArray &pair : query.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        QByteArray name = eq < 0 ? pair : pair.first(eq);
        QByteArray value = eq < 0 ? QByteArray() : pair.sliced(eq + 1);
        name.replace('+', ' ');
        value.replace('+', ' ');
        const QByteArray rawName = QByteArray::fromPercentEncoding(name);
        const QByteArray rawValue = QByteArray::fromPercentEncoding(value);
        const QString decodedName = QString::fromUtf8(rawName);
        const QString decodedValue = QString::fromUtf8(rawValue);
        if (decodedName.toUtf8() != rawName || decodedValue.toUtf8() != rawValue)
            return std::nullopt;
        if (values.contains(decodedName))
            return std::nullopt;
        values.insert(decodedName, decodedValue);
    }
    return values;
}

bool isPrintableAscii(const QByteArray &line)
{
    for (const char c : line) {
        if (c < 0x20 || c > 0x7e)
            return false;
    }
    return true;
}

} // namespace

LoopbackReceiver::LoopbackReceiver(QObject *parent)
    : QObject(parent)
{
    m_server.setMaxPendingConnections(kMaxConnections);
    connect(&m_server, &QTcpServer::newConnection, this, &LoopbackReceiver::onNewConnection);
}

LoopbackReceiver::~LoopbackReceiver()
{
    close();
    // Answered sockets may still be flushing; m_server deletes them after our
    // members are gone, so they must not call back into this object.
    const QList<QTcpSocket *> sockets = m_server.findChildren<QTcpSocket *>();
    for (QTcpSocket *socket : sockets)
        disconnect(socket, nullptr, this, nullptr);
}

Result<void> LoopbackReceiver::listen(quint16 port)
{
    if (m_server.isListening())
        return {};
    if (!m_server.listen(QHostAddress::LocalHost, port)) {
        return fail(errc::loopbackListenFailed,
                    u"cannot listen on 127.0.0.1:%1: %2"_s.arg(port).arg(m_server.errorString()),
                    QJsonObject{{u"ports"_s, QJsonArray{port}}});
    }
    m_received = false;
    return {};
}

QUrl LoopbackReceiver::redirectUri() const
{
    return QUrl(u"http://127.0.0.1:%1/callback"_s.arg(port()));
}

void LoopbackReceiver::close()
{
    m_server.close();
    const QList<QTcpSocket *> sockets = m_buffers.keys();
    m_buffers.clear();
    for (QTcpSocket *socket : sockets) {
        disconnect(socket, nullptr, this, nullptr);
        socket->abort();
        socket->deleteLater();
    }
}

void LoopbackReceiver::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        if (m_buffers.size() >= kMaxConnections) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        m_buffers.insert(socket, QByteArray());
        connect(socket, &QTcpSocket::readyRead, this, [this, socket]() { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket]() {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
        QTimer::singleShot(kIdleTimeoutMs, socket, [this, socket]() {
            m_buffers.remove(socket);
            socket->abort();
            socket->deleteLater();
        });
    }
}

void LoopbackReceiver::onReadyRead(QTcpSocket *socket)
{
    const auto it = m_buffers.find(socket);
    if (it == m_buffers.end()) {
        socket->readAll(); // already answered; drain
        return;
    }
    QByteArray &buffer = *it;
    buffer += socket->read(kMaxRequestBytes + 4 - buffer.size());
    qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        end = buffer.indexOf("\n\n");
    if (end < 0) {
        if (buffer.size() > kMaxRequestBytes) {
            m_buffers.erase(it);
            respond(socket, 431, u"Request too large"_s,
                    u"This address only accepts the sign-in redirect."_s);
        }
        return;
    }
    const QByteArray head = buffer.first(end);
    m_buffers.erase(it);
    handleRequest(socket, head);
}

void LoopbackReceiver::handleRequest(QTcpSocket *socket, const QByteArray &head)
{
    const qsizetype lineEnd = head.indexOf('\n');
    const QByteArray line = (lineEnd < 0 ? head : head.first(lineEnd)).trimmed();
    const QList<QByteArray> parts = line.split(' ');
    if (!isPrintableAscii(line) || parts.size() != 3 || !parts[1].startsWith('/') ||
        (parts[2] != "HTTP/1.1" && parts[2] != "HTTP/1.0")) {
        respond(socket, 400, u"Bad request"_s, u"This address only accepts the sign-in redirect."_s);
        return;
    }
    if (parts[0] != "GET") {
        respond(socket, 405, u"Method not allowed"_s, u"This address only accepts the sign-in redirect."_s);
        return;
    }
    const QByteArray &target = parts[1];
    const qsizetype question = target.indexOf('?');
    const QByteArray path = question < 0 ? target : target.first(question);
    if (path != kCallbackPath) {
        respond(socket, 404, u"Not found"_s, u"This address only accepts the sign-in redirect."_s);
        return;
    }
    const auto query = parseQuery(question < 0 ? QByteArray() : target.sliced(question + 1));
    if (!query) {
        respond(socket, 400, u"Bad request"_s, u"The sign-in redirect is malformed."_s);
        return;
    }
    AuthorizationCallback callback;
    callback.code = query->value(u"code"_s);
    callback.state = query->value(u"state"_s);
    callback.iss = query->value(u"iss"_s);
    callback.error = query->value(u"error"_s);
    callback.errorDescription = query->value(u"error_description"_s);
    if (callback.code.isEmpty() && callback.error.isEmpty()) {
        respond(socket, 400, u"Bad request"_s,
                u"The sign-in redirect carries neither a code nor an error."_s);
        return;
    }
    if (m_received) {
        respond(socket, 409, u"Sign-in already finished"_s,
                u"CreditDesk already received an answer for this sign-in. You can close this window."_s);
        return;
    }
    m_received = true;
    if (callback.error.isEmpty()) {
        respond(socket, 200, u"Signed in"_s, u"You can close this window and return to CreditDesk."_s);
    } else {
        respond(socket, 200, u"Sign-in not completed"_s,
                u"The sign-in was not completed. You can close this window and return to CreditDesk."_s);
    }
    qCInfo(lcSignIn) << "received the sign-in redirect"
                     << (callback.error.isEmpty() ? "with a code" : "with an error");
    Q_EMIT callbackReceived(callback);
}

void LoopbackReceiver::respond(QTcpSocket *socket, int status, const QString &title, const QString &message)
{
    const QByteArray body = page(title, message);
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    response += "Content-Type: text/html; charset=utf-8\r\n"
                "Content-Length: " +
                QByteArray::number(body.size()) +
                "\r\n"
                "Cache-Control: no-store\r\n"
                "X-Content-Type-Options: nosniff\r\n"
                "Referrer-Policy: no-referrer\r\n"
                "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\n"
                "Connection: close\r\n\r\n";
    socket->write(response + body);
    socket->disconnectFromHost();
}

} // namespace creditdesk::api::signin

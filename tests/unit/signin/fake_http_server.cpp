#include "tests/unit/signin/fake_http_server.h"

#include "core/crypto/primitives.h"

#include <QDateTime>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace creditdesk::test {

QUrlQuery FakeHttpServer::Request::form() const
{
    QByteArray encoded = body;
    encoded.replace('+', "%20");
    return QUrlQuery(QString::fromUtf8(encoded));
}

FakeHttpServer::FakeHttpServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, [this]() {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            m_buffers.insert(socket, {});
            connect(socket, &QTcpSocket::readyRead, this, [this, socket]() { onReadyRead(socket); });
            connect(socket, &QTcpSocket::disconnected, this, [this, socket]() {
                m_buffers.remove(socket);
                socket->deleteLater();
            });
        }
    });
}

FakeHttpServer::~FakeHttpServer()
{
    const QList<QTcpSocket *> sockets = m_server.findChildren<QTcpSocket *>();
    for (QTcpSocket *socket : sockets)
        disconnect(socket, nullptr, this, nullptr);
}

bool FakeHttpServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl FakeHttpServer::url(const QString &path) const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_server.serverPort()).arg(path));
}

qsizetype FakeHttpServer::count(const QByteArray &path) const
{
    return std::count_if(m_requests.begin(), m_requests.end(),
                         [&](const Request &r) { return r.path == path; });
}

void FakeHttpServer::onReadyRead(QTcpSocket *socket)
{
    if (!m_buffers.contains(socket))
        return;
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return;
    Request request;
    const QList<QByteArray> lines = buffer.first(headEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    request.method = requestLine.value(0);
    const QByteArray target = requestLine.value(1);
    const qsizetype question = target.indexOf('?');
    request.path = question < 0 ? target : target.first(question);
    request.query = question < 0 ? QByteArray() : target.sliced(question + 1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            request.headers.insert(lines[i].first(colon).trimmed().toLower(),
                                   lines[i].sliced(colon + 1).trimmed());
    }
    const qsizetype length = request.headers.value("content-length", "0").toLongLong();
    if (buffer.size() < headEnd + 4 + length)
        return;
    request.body = buffer.mid(headEnd + 4, length);
    m_buffers.remove(socket);
    m_requests.append(request);
    const Reply reply = m_handler ? m_handler(request) : Reply{404, "{}"};
    if (reply.hang)
        return;
    socket->write("HTTP/1.1 " + QByteArray::number(reply.status) + " X\r\nContent-Type: " +
                  reply.contentType + "\r\nContent-Length: " + QByteArray::number(reply.body.size()) +
                  "\r\nConnection: close\r\n\r\n" + reply.body);
    socket->disconnectFromHost();
}

QString fakeJwt(const QJsonObject &claims)
{
    const QByteArray header = QJsonDocument(QJsonObject{{u"alg"_s, u"RS256"_s}, {u"typ"_s, u"JWT"_s}})
                                  .toJson(QJsonDocument::Compact);
    return crypto::base64UrlEncode(header) + u'.' +
           crypto::base64UrlEncode(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + u'.' +
           crypto::base64UrlEncode("signature");
}

QByteArray tokenBody(const QString &sub, const QString &refresh, const QString &scope)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject body{
        {u"access_token"_s, fakeJwt({{u"sub"_s, sub}, {u"exp"_s, now + 3600}, {u"jti"_s, refresh}})},
        {u"token_type"_s, u"Bearer"_s},
        {u"expires_in"_s, 3600},
        {u"refresh_token"_s, refresh},
        {u"scope"_s,
         scope.isEmpty() ? u"openid email profile offline_access user.info credits.read"_s : scope},
    };
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QByteArray discoveryBody(const QUrl &base)
{
    const QString issuer = base.toString(QUrl::StripTrailingSlash);
    const QJsonObject document{
        {u"issuer"_s, issuer},
        {u"authorization_endpoint"_s, QString(issuer + u"/oauth/authorize"_s)},
        {u"token_endpoint"_s, QString(issuer + u"/oauth/token"_s)},
        {u"revocation_endpoint"_s, QString(issuer + u"/oauth/revoke"_s)},
        {u"jwks_uri"_s, QString(issuer + u"/oauth/jwks"_s)},
        {u"code_challenge_methods_supported"_s, QJsonArray{u"S256"_s}},
        {u"authorization_response_iss_parameter_supported"_s, true},
    };
    return QJsonDocument(document).toJson(QJsonDocument::Compact);
}

} // namespace creditdesk::test

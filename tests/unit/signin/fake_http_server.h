#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

class QTcpSocket;

namespace creditdesk::test {

// A scripted HTTP/1.1 server on 127.0.0.1 for unit tests of the sign-in's
// HTTP calls: records every request and answers through `handler`.
class FakeHttpServer : public QObject {
public:
    struct Request {
        QByteArray method;
        QByteArray path; // without the query
        QByteArray query;
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
        [[nodiscard]] QUrlQuery form() const; // body as application/x-www-form-urlencoded
    };
    struct Reply {
        int status = 200;
        QByteArray body;
        QByteArray contentType = "application/json";
        bool hang = false; // never answer (timeouts)
    };
    using Handler = std::function<Reply(const Request &)>;

    explicit FakeHttpServer(QObject *parent = nullptr);
    ~FakeHttpServer() override;
    [[nodiscard]] bool listen();
    [[nodiscard]] QUrl url(const QString &path = {}) const;
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    [[nodiscard]] const QList<Request> &requests() const { return m_requests; }
    [[nodiscard]] qsizetype count(const QByteArray &path) const;

private:
    void onReadyRead(QTcpSocket *socket);

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<Request> m_requests;
    Handler m_handler;
};

// An unsigned JWT-shaped token with the given claims (the client never verifies).
[[nodiscard]] QString fakeJwt(const QJsonObject &claims);
// A token response body: access token for `sub`, refresh token `refresh`.
[[nodiscard]] QByteArray tokenBody(const QString &sub, const QString &refresh, const QString &scope = {});
// A discovery document whose endpoints live on `base`.
[[nodiscard]] QByteArray discoveryBody(const QUrl &base);

} // namespace creditdesk::test

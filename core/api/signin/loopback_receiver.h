#pragma once

#include "core/domain/error.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

namespace creditdesk::api::signin {

// The authorization response the browser brought back (RFC 6749 §4.1.2).
struct AuthorizationCallback {
    QString code;
    QString state;
    QString iss;
    QString error;
    QString errorDescription;
};

// The RFC 8252 loopback redirect target: a minimal HTTP/1.x listener on
// 127.0.0.1 that accepts exactly one `GET /callback?…` carrying `code` or
// `error`, answers the browser with a small "you can close this window" page,
// and emits callbackReceived once. Other paths get 404 (favicon, probes),
// other methods 405, malformed or oversized requests 400/431, a second
// callback 409 — none of them end the wait. Connections are capped in number,
// size and idle time, so a hostile local client cannot wedge it.
//
// A plain QTcpServer rather than QtNetworkAuth's QOAuthHttpServerReplyHandler:
// Qt 6.4's handler is bound to QOAuth2AuthorizationCodeFlow (no PKCE, no
// `iss`, lenient token parsing), answers every path as the callback and gives
// no control over the page, limits or errors.
class LoopbackReceiver : public QObject {
    Q_OBJECT
public:
    static constexpr qsizetype kMaxRequestBytes = 8 * 1024;
    static constexpr int kMaxConnections = 16;
    static constexpr int kIdleTimeoutMs = 10'000;

    explicit LoopbackReceiver(QObject *parent = nullptr);
    ~LoopbackReceiver() override;

    // Listens on 127.0.0.1:`port` (0: an ephemeral port). loopback_listen_failed.
    [[nodiscard]] Result<void> listen(quint16 port = 0);
    [[nodiscard]] bool isListening() const { return m_server.isListening(); }
    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    // http://127.0.0.1:<port>/callback
    [[nodiscard]] QUrl redirectUri() const;
    [[nodiscard]] bool hasReceived() const { return m_received; }
    // Stops listening and drops open connections.
    void close();

Q_SIGNALS:
    void callbackReceived(const creditdesk::api::signin::AuthorizationCallback &callback);

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void handleRequest(QTcpSocket *socket, const QByteArray &head);
    void respond(QTcpSocket *socket, int status, const QString &title, const QString &message);

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    bool m_received = false;
};

} // namespace creditdesk::api::signin

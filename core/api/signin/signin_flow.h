#pragma once

#include "core/api/signin/loopback_receiver.h"
#include "core/api/signin/oidc_discovery.h"
#include "core/api/signin/pkce.h"
#include "core/api/signin/signin_config.h"
#include "core/api/signin/signin_http.h"
#include "core/api/signin/token_response.h"
#include "core/domain/error.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace creditdesk::api::signin {

// Opens a URL in the user's browser; false when it could not. The app injects
// QDesktopServices::openUrl (core has no Gui dependency); tests play the browser.
using UrlOpener = std::function<bool(const QUrl &)>;

// One OAuth 2.0 authorization-code sign-in with PKCE through the system
// browser and a loopback redirect (RFC 6749, 7636, 8252, 9207):
// discovery → listen on 127.0.0.1 → open the authorize URL → wait for the
// redirect (cancel(), browserTimeout) → check state and iss → exchange the
// code → strict token response. `done` runs exactly once, asynchronously;
// it is dropped when the flow is destroyed first. A flow runs once.
class SignInFlow : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(Result<TokenResponse>)>;

    SignInFlow(QNetworkAccessManager &network, SignInConfig config, UrlOpener openUrl,
               QObject *parent = nullptr);
    ~SignInFlow() override;

    void start(Done done);
    // With the issuer's endpoints already known (skips discovery).
    void start(const OidcConfiguration &endpoints, Done done);
    // Finishes a running flow with sign_in_cancelled.
    void cancel();

    [[nodiscard]] bool isRunning() const { return static_cast<bool>(m_done); }
    // The URL handed to the opener (empty before).
    [[nodiscard]] QUrl authorizationUrl() const { return m_authorizationUrl; }
    [[nodiscard]] QUrl redirectUri() const { return m_receiver.redirectUri(); }
    [[nodiscard]] const OidcConfiguration &endpoints() const { return m_endpoints; }

Q_SIGNALS:
    // The browser was asked to open `url`; the flow now waits for the redirect.
    void waitingForBrowser(const QUrl &url);

private:
    void begin(const OidcConfiguration &endpoints);
    [[nodiscard]] Result<void> listen();
    [[nodiscard]] QUrl buildAuthorizationUrl() const;
    void onCallback(const AuthorizationCallback &callback);
    void exchange(const QString &code);
    void finish(Result<TokenResponse> result);

    SignInHttp m_http;
    SignInConfig m_config;
    UrlOpener m_openUrl;
    Done m_done;
    OidcConfiguration m_endpoints;
    Pkce m_pkce;
    QString m_state;
    QUrl m_authorizationUrl;
    LoopbackReceiver m_receiver;
    QTimer m_timeout;
    QPointer<QNetworkReply> m_reply;
    bool m_started = false;
};

} // namespace creditdesk::api::signin

#pragma once

#include "core/api/signin/signin_flow.h"
#include "tests/integration/http/server_harness.h"

#include <QByteArray>
#include <QNetworkAccessManager>
#include <QString>
#include <QUrl>

namespace creditdesk::test {

// Plays the user's browser for AuthSession::signIn(): the opener takes the
// authorize URL, GETs the server's sign-in page, submits the form with the
// page's CSRF cookie, and follows the redirect to the app's loopback receiver.
class SignInBrowser {
public:
    SignInBrowser(const ServerHarness &server, QString email, QString password,
                  QString action = QStringLiteral("sign_in"));

    [[nodiscard]] api::signin::UrlOpener opener();

    QUrl authorizeUrl;   // what the app opened
    int pageStatus = 0;  // GET /oauth/authorize
    int loginStatus = 0; // POST /oauth/authorize (302 on success)
    QUrl redirect;       // where the server sent the browser
    int callbackStatus = 0;
    QByteArray callbackPage; // what the app's receiver answered

private:
    void run();

    const ServerHarness *m_server;
    QString m_email;
    QString m_password;
    QString m_action;
    QNetworkAccessManager m_network;
};

} // namespace creditdesk::test

#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace creditdesk::server::auth {

// The sign-in form of /oauth/authorize. Every echoed value is HTML-escaped;
// the form posts back the opaque transaction and nothing else of the request.
struct LoginPage {
    QString clientName;
    QStringList scopes;
    QString transaction; // signed authorize request (hidden field)
    QString email;       // pre-filled after a failed attempt
    QString errorMessage;
};

[[nodiscard]] QByteArray renderLoginPage(const LoginPage &page);
// A plain page for errors that must not redirect (unknown client, bad redirect_uri, expired form).
[[nodiscard]] QByteArray renderErrorPage(const QString &title, const QString &message);

} // namespace creditdesk::server::auth

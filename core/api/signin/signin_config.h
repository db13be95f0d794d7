#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <chrono>

namespace creditdesk::api::signin {

// What the app signs in to (api-contract §2). The issuer is configured apart
// from the API base URL; endpoints come from its discovery document.
struct SignInConfig {
    QUrl issuer;
    QString clientId = QStringLiteral("desktop-app-test");
    // Sent on authorize and every token request, so the server issues JWTs for the API.
    QString resource = QStringLiteral("https://api.textassistant.local");
    QStringList scopes{QStringLiteral("openid"),    QStringLiteral("email"),
                       QStringLiteral("profile"),   QStringLiteral("offline_access"),
                       QStringLiteral("user.info"), QStringLiteral("credits.read")};
    // Loopback ports tried in order; 0 = ephemeral. The real cloud registers
    // exactly 8327 and 8329; our server accepts any loopback port (RFC 8252 §7.3).
    QList<quint16> redirectPorts{8327, 8329};
    // How long to wait for the browser to come back.
    std::chrono::milliseconds browserTimeout{std::chrono::minutes(5)};
    // Transfer timeout of each HTTP request (discovery, token, revoke).
    std::chrono::milliseconds requestTimeout{std::chrono::seconds(30)};
};

} // namespace creditdesk::api::signin

#pragma once

#include "core/domain/error.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace creditdesk::server {
class Connection;
struct ServerEnvironment;
} // namespace creditdesk::server

namespace creditdesk::server::auth {

// A row of oauth_clients.
struct OAuthClient {
    QString rowId;     // oauth_clients.id (uuid)
    QString clientId;  // public identifier, e.g. "desktop-app-test"
    QString name;
    QStringList redirectUris;
    QStringList grantTypes;
    QStringList scopes;
    QString authMethod; // "none" for public clients
    QString secretHash; // SHA-256 hex for service clients
    bool active = true;
};

// The scopes of the desktop client (api-contract §2).
[[nodiscard]] QStringList desktopClientScopes();
[[nodiscard]] QStringList desktopClientRedirectUris();

// Inserts the desktop client (env.oauthClientId) when it is missing; safe to
// run from several processes at once.
[[nodiscard]] Result<void> ensureDesktopClient(const Connection &db, const ServerEnvironment &env);

[[nodiscard]] Result<std::optional<OAuthClient>> findClient(const Connection &db, const QString &clientId);

// Exact match with a registered URI, or a loopback redirect (http, host
// 127.0.0.1 / [::1] / localhost) that matches a registered loopback URI in
// everything but the port (RFC 8252 §7.3).
[[nodiscard]] bool isRedirectUriAllowed(const OAuthClient &client, const QString &redirectUri);

// Service tokens (api-contract §10.6) are confidential clients of their own:
// grant type "service_token", the token's SHA-256 as the client secret. The
// token itself is shown once and never stored.
struct IssuedServiceToken {
    QString token;
    QString clientId;
};
[[nodiscard]] Result<IssuedServiceToken> issueServiceToken(const Connection &db, const QString &name);
// The service's name for a valid token, nullopt otherwise (compared in constant time).
[[nodiscard]] Result<std::optional<QString>> verifyServiceToken(const Connection &db, const QByteArray &token);

} // namespace creditdesk::server::auth

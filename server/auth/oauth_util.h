#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QUrl>

namespace creditdesk::server::auth {

// application/x-www-form-urlencoded ('+' is a space); the first value of a
// repeated field wins. A JSON object body is accepted too (string members).
[[nodiscard]] QHash<QString, QString> parseFormBody(const QByteArray &body, const QByteArray &contentType);

// HTML text/attribute escaping of & < > " '.
[[nodiscard]] QString htmlEscape(const QString &text);

// `redirectUri` with the parameters appended to its query.
[[nodiscard]] QUrl withQuery(const QString &redirectUri, const QList<QPair<QString, QString>> &parameters);

// PKCE: base64url(SHA-256(verifier)) == challenge, in constant time; the
// verifier must be 43–128 chars of [A-Za-z0-9-._~] (RFC 7636 §4.1).
[[nodiscard]] bool isValidCodeVerifier(const QString &verifier);
[[nodiscard]] bool isValidCodeChallenge(const QString &challenge);
[[nodiscard]] bool pkceMatches(const QString &verifier, const QString &challenge);

// The value of one cookie of a Cookie header, or "".
[[nodiscard]] QByteArray cookieValue(const QByteArray &cookieHeader, const QByteArray &name);

} // namespace creditdesk::server::auth

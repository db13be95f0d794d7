#pragma once

#include "core/domain/error.h"

#include <QJsonObject>
#include <QString>

#include <cstdint>

namespace creditdesk::server {
class Connection;
struct ServerEnvironment;
} // namespace creditdesk::server

namespace creditdesk::server::auth {

inline constexpr std::int64_t kAccessTokenSeconds = 3600;
inline constexpr std::int64_t kRefreshTokenMs = 60LL * 24 * 3600 * 1000; // 60 days, also the grant
inline constexpr std::int64_t kAuthorizationCodeMs = 600LL * 1000;

// The issuer: the server's public base URL without a trailing slash.
[[nodiscard]] QString issuerOf(const ServerEnvironment &env);

// What a token response carries (api-contract §2).
struct TokenSet {
    QString accessToken;
    QString refreshToken;
    QString idToken; // empty when `openid` was not granted
    QString scope;
    std::int64_t expiresIn = kAccessTokenSeconds;

    [[nodiscard]] QJsonObject toJson() const; // {access_token, token_type:"Bearer", expires_in, scope, refresh_token, id_token?}
};

// A sign-in (oauth_grants row) and who it belongs to.
struct GrantSubject {
    QString grantId;
    QString userId;
    QString email;
    bool emailVerified = false;
    QString clientId; // public client id (token claim)
    QString scope;
};

// Inserts an oauth_grants row valid for 60 days; returns its id.
[[nodiscard]] Result<QString> createGrant(const Connection &db, const QString &userId, const QString &clientRowId,
                                          const QString &scope, const QString &resource, std::int64_t nowMs);

// A new refresh token (child of `parentId` when rotating) plus an RS256 access
// token for the grant; an ID token too when `openid` is in scope.
[[nodiscard]] Result<TokenSet> issueTokens(const Connection &db, const ServerEnvironment &env,
                                           const GrantSubject &subject, const QString &parentRefreshId,
                                           const QString &nonce, std::int64_t nowMs);

// grant_type=refresh_token with rotation: the presented token is consumed;
// presenting a consumed token revokes the whole grant. Errors are OAuth codes
// (`invalid_grant`, `invalid_scope`, `invalid_target`) or database errors.
[[nodiscard]] Result<TokenSet> refreshTokens(Connection &db, const ServerEnvironment &env, const QString &refreshToken,
                                             const QString &clientId, const QString &requestedScope,
                                             const QString &resource, std::int64_t nowMs);

// Ends a grant and every token issued in it. `reason` is one of the
// oauth_grants.revoked_reason values.
[[nodiscard]] Result<void> revokeGrant(const Connection &db, const QString &grantId, const QString &reason,
                                       std::int64_t nowMs);

// /oauth/revoke: a refresh token of `clientId`, or an access token of ours;
// unknown tokens are ignored (true when something was revoked).
[[nodiscard]] Result<bool> revokeToken(Connection &db, const ServerEnvironment &env, const QString &token,
                                       const QString &clientId, std::int64_t nowMs);

// Random opaque secret (32 bytes, base64url) and the SHA-256 hex stored for it.
[[nodiscard]] Result<QString> newOpaqueSecret();
[[nodiscard]] QString secretHash(const QString &secret);

} // namespace creditdesk::server::auth

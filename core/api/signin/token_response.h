#pragma once

#include "core/api/signin/signin_http.h"
#include "core/domain/error.h"

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <cstdint>

namespace creditdesk::api::signin {

// A successful token endpoint answer (RFC 6749 §5.1, api-contract §2).
struct TokenResponse {
    QString accessToken;
    QString refreshToken;
    std::int64_t expiresInSeconds = 0;
    QString scope;
    QString idToken; // may be empty
};

// Strict: a JSON object with a token-shaped access_token, token_type "Bearer"
// (case-insensitive, RFC 6749 §5.1), expires_in a positive integer of at most
// a year, a token-shaped refresh_token (the client always asks for
// offline_access and the server rotates it) and scope a string; id_token, when
// present, a string. token_response_invalid otherwise.
[[nodiscard]] Result<TokenResponse> parseTokenResponse(const QByteArray &body);

// A token endpoint answer: the tokens on 200, else the OAuth error
// (RFC 6749 §5.2) under its wire code, oauth_error for anything else.
[[nodiscard]] Result<TokenResponse> tokenResult(const Result<HttpResponse> &response);
[[nodiscard]] Error oauthError(int status, const QByteArray &body);
// An authorize redirect's `error` (RFC 6749 §4.1.2.1) under its wire code.
[[nodiscard]] Error authorizeError(const QString &error, const QString &description);

// 1–8192 printable ASCII characters without spaces: safe in a header.
[[nodiscard]] bool isTokenShaped(QStringView token);

} // namespace creditdesk::api::signin

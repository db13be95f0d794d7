#pragma once

#include "core/domain/error.h"

#include <QString>

#include <cstdint>

namespace creditdesk::api::signin {

// Tokens handed to `creditdesk login --with-token`.
struct TokenInput {
    QString accessToken;
    QString refreshToken; // empty for a raw access token
    QString scope;        // may be empty
    QString account;      // `sub` of the access token
    std::int64_t expiresAtMs = 0;
};

// Accepts, after trimming, exactly one of:
// - a raw access token: a JWT whose payload has a `sub` and an `exp` still in the future;
// - the JSON object printed by `creditdesk-server admin issue-token`:
//   {access_token, refresh_token, token_type:"Bearer", expires_in:int} plus
//   optional scope and id_token, and no other member.
// token_input_invalid (with the reason) for anything else. Never echoes the input.
[[nodiscard]] Result<TokenInput> parseTokenInput(const QString &input, std::int64_t nowMs);

// The `sub` claim of a JWT access token, read WITHOUT verifying the signature:
// it only names the keychain namespace; the server checks the token on every call.
// An account must be usable in a SecretKey (printable ASCII, no ':').
[[nodiscard]] Result<QString> accountOfAccessToken(const QString &accessToken);

} // namespace creditdesk::api::signin

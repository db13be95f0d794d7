#pragma once

#include "core/domain/error.h"
#include "server/auth/token_service.h"

#include <QString>

#include <cstdint>

namespace creditdesk::server {
class Connection;
struct ServerEnvironment;
} // namespace creditdesk::server

namespace creditdesk::server::auth {

// What the sign-in page approved, bound to the code.
struct CodeRequest {
    QString clientRowId;
    QString userId;
    QString redirectUri;
    QString scope;
    QString resource;
    QString nonce;
    QString codeChallenge; // S256
};

// Stores SHA-256 of a new random code valid for 600 s; returns the code.
[[nodiscard]] Result<QString> createAuthorizationCode(const Connection &db, const CodeRequest &request,
                                                      std::int64_t nowMs);

struct CodeExchange {
    QString code;
    QString clientId;    // public id
    QString redirectUri; // must equal the authorize request's
    QString codeVerifier;
    QString resource;    // optional; must be the API audience when sent
};

// grant_type=authorization_code: single use (a second exchange revokes the
// grant the first one created), PKCE S256, redirect and client checked.
// Errors: `invalid_grant`, `invalid_request`, `invalid_target`, database errors.
[[nodiscard]] Result<TokenSet> exchangeAuthorizationCode(Connection &db, const ServerEnvironment &env,
                                                         const CodeExchange &exchange, std::int64_t nowMs);

} // namespace creditdesk::server::auth

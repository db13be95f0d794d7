#pragma once

#include "core/api/signin/signin_http.h"
#include "core/domain/error.h"

#include <QByteArray>
#include <QUrl>

#include <functional>

class QObject;

namespace creditdesk::api::signin {

// The issuer's endpoints from `{issuer}/.well-known/openid-configuration`.
struct OidcConfiguration {
    QUrl issuer;
    QUrl authorizationEndpoint;
    QUrl tokenEndpoint;
    QUrl jwksUri;
    QUrl userinfoEndpoint;              // may be empty
    QUrl revocationEndpoint;            // the document's, else {issuer}/oauth/revoke (api-contract §2)
    bool issParameterSupported = false; // RFC 9207: then `iss` is required on the redirect
};

// https anywhere, or http only on a loopback host (127.0.0.0/8, ::1, localhost).
[[nodiscard]] bool isSecureEndpoint(const QUrl &url);
[[nodiscard]] QUrl discoveryUrl(const QUrl &issuer);
// The issuer as compared and sent: no trailing '/'.
[[nodiscard]] QString normalizedIssuer(const QUrl &issuer);

// Validates a discovery document for `expectedIssuer`: a JSON object
// (oidc_discovery_failed) whose issuer equals it (oidc_issuer_mismatch), with
// authorization_endpoint, token_endpoint and jwks_uri as absolute URLs
// (oidc_discovery_invalid), all of them secure (oidc_insecure_endpoint), and
// S256 in code_challenge_methods_supported (oidc_pkce_unsupported).
[[nodiscard]] Result<OidcConfiguration> parseDiscoveryDocument(const QByteArray &json,
                                                               const QUrl &expectedIssuer);

// Fetches and validates the document; `done` as with SignInHttp.
void discoverOidc(const SignInHttp &http, const QUrl &issuer, QObject *context,
                  std::function<void(Result<OidcConfiguration>)> done);

} // namespace creditdesk::api::signin

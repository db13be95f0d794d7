#pragma once

#include <QLatin1StringView>

// Error codes produced by core/api/signin (Error::code). Each is tested in
// tests/unit/signin or tests/integration/signin. OAuth errors keep their wire
// code (RFC 6749 §4.1.2.1, §5.2; RFC 8707), with `error_description` in the
// message and the HTTP status in details.status.
namespace creditdesk::api::signin::errc {

// No usable sign-in: no refresh token, or the server refused it (invalid_grant:
// expired, revoked, or reused — then the stored token was deleted). Sign in again.
inline constexpr QLatin1StringView signInRequired{"sign_in_required"};
// The redirect's `state` is not the one this flow sent (CSRF or a stale tab).
inline constexpr QLatin1StringView signInStateMismatch{"sign_in_state_mismatch"};
// The redirect's `iss` is not the discovered issuer (mix-up attack, RFC 9207),
// or it is missing although the issuer announces it.
inline constexpr QLatin1StringView signInIssuerMismatch{"sign_in_issuer_mismatch"};
inline constexpr QLatin1StringView signInCancelled{"sign_in_cancelled"};
// No redirect arrived within the flow's timeout.
inline constexpr QLatin1StringView signInTimeout{"sign_in_timeout"};
// A sign-in is already running on this flow or session.
inline constexpr QLatin1StringView signInInProgress{"sign_in_in_progress"};
// The injected opener could not open the authorize URL (details.authorization_url).
inline constexpr QLatin1StringView browserOpenFailed{"browser_open_failed"};
// No loopback port could be bound (details.ports).
inline constexpr QLatin1StringView loopbackListenFailed{"loopback_listen_failed"};

// Discovery document unreachable, not HTTP 200, or not a JSON object.
inline constexpr QLatin1StringView discoveryFailed{"oidc_discovery_failed"};
// A required field is missing or malformed.
inline constexpr QLatin1StringView discoveryInvalid{"oidc_discovery_invalid"};
// The document's issuer differs from the configured one.
inline constexpr QLatin1StringView discoveryIssuerMismatch{"oidc_issuer_mismatch"};
// The issuer or an endpoint is neither https nor http on a loopback address.
inline constexpr QLatin1StringView insecureEndpoint{"oidc_insecure_endpoint"};
// code_challenge_methods_supported does not list S256.
inline constexpr QLatin1StringView pkceUnsupported{"oidc_pkce_unsupported"};

// A 200 token response that breaks RFC 6749 §5.1 or the contract.
inline constexpr QLatin1StringView tokenResponseInvalid{"token_response_invalid"};
// `login --with-token` input is neither an access token nor issue-token JSON.
inline constexpr QLatin1StringView tokenInputInvalid{"token_input_invalid"};

inline constexpr QLatin1StringView networkError{"network_error"};
inline constexpr QLatin1StringView networkTimeout{"network_timeout"};

// OAuth wire codes.
inline constexpr QLatin1StringView invalidGrant{"invalid_grant"};
inline constexpr QLatin1StringView accessDenied{"access_denied"};
inline constexpr QLatin1StringView invalidRequest{"invalid_request"};
inline constexpr QLatin1StringView invalidClient{"invalid_client"};
inline constexpr QLatin1StringView invalidScope{"invalid_scope"};
inline constexpr QLatin1StringView invalidTarget{"invalid_target"};
inline constexpr QLatin1StringView unauthorizedClient{"unauthorized_client"};
inline constexpr QLatin1StringView unsupportedGrantType{"unsupported_grant_type"};
inline constexpr QLatin1StringView unsupportedResponseType{"unsupported_response_type"};
inline constexpr QLatin1StringView serverError{"server_error"};
inline constexpr QLatin1StringView temporarilyUnavailable{"temporarily_unavailable"};
// Any other OAuth failure: an unknown `error` value (details.error) or a
// non-OAuth error body (details.status).
inline constexpr QLatin1StringView oauthError{"oauth_error"};

} // namespace creditdesk::api::signin::errc

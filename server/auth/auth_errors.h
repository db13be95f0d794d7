#pragma once

#include <QLatin1StringView>

// Error codes of the auth module: the API's (§1) and OAuth's (§2, RFC 6749 §5.2).
namespace creditdesk::server::autherr {
inline constexpr QLatin1StringView unauthorized{"unauthorized"};
inline constexpr QLatin1StringView forbidden{"forbidden"};
inline constexpr QLatin1StringView notFound{"not_found"};
inline constexpr QLatin1StringView conflict{"conflict"};
inline constexpr QLatin1StringView validationError{"validation_error"};
inline constexpr QLatin1StringView invalidArguments{"invalid_arguments"};
inline constexpr QLatin1StringView signingKeyUnavailable{"signing_key_unavailable"};

// OAuth `error` values
inline constexpr QLatin1StringView invalidRequest{"invalid_request"};
inline constexpr QLatin1StringView invalidGrant{"invalid_grant"};
inline constexpr QLatin1StringView invalidClient{"invalid_client"};
inline constexpr QLatin1StringView invalidScope{"invalid_scope"};
inline constexpr QLatin1StringView invalidTarget{"invalid_target"};
inline constexpr QLatin1StringView unsupportedGrantType{"unsupported_grant_type"};
inline constexpr QLatin1StringView unsupportedResponseType{"unsupported_response_type"};
inline constexpr QLatin1StringView accessDenied{"access_denied"};
inline constexpr QLatin1StringView invalidToken{"invalid_token"};
inline constexpr QLatin1StringView serverError{"server_error"};
} // namespace creditdesk::server::autherr

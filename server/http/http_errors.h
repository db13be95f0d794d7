#pragma once

#include <QLatin1StringView>

// Wire error codes of the HTTP layer (api-contract §1, §10.4, §10.7).
namespace creditdesk::server::httperr {
inline constexpr QLatin1StringView invalidRequest{"invalid_request"};
inline constexpr QLatin1StringView validationError{"validation_error"};
inline constexpr QLatin1StringView unauthorized{"unauthorized"};
inline constexpr QLatin1StringView forbidden{"forbidden"};
inline constexpr QLatin1StringView notFound{"not_found"};
inline constexpr QLatin1StringView licenseNotFound{"license_not_found"};
inline constexpr QLatin1StringView methodNotAllowed{"method_not_allowed"};
inline constexpr QLatin1StringView conflict{"conflict"};
inline constexpr QLatin1StringView payloadTooLarge{"payload_too_large"};
inline constexpr QLatin1StringView rateLimitExceeded{"rate_limit_exceeded"};
inline constexpr QLatin1StringView internalServerError{"internal_server_error"};
inline constexpr QLatin1StringView serviceUnavailable{"service_unavailable"};
inline constexpr QLatin1StringView idempotencyKeyReused{"idempotency_key_reused"};
inline constexpr QLatin1StringView idempotencyRequestInProgress{"idempotency_request_in_progress"};
inline constexpr QLatin1StringView invalidIdempotencyKey{"invalid_idempotency_key"};
} // namespace creditdesk::server::httperr

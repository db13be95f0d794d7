#pragma once

#include <QLatin1StringView>

// Wire error codes of the billing area (api-contract §4–§7, §10.5, §10.6).
namespace creditdesk::server::billerr {
inline constexpr QLatin1StringView invalidRequest{"invalid_request"};
inline constexpr QLatin1StringView validationError{"validation_error"};
inline constexpr QLatin1StringView notFound{"not_found"};
inline constexpr QLatin1StringView conflict{"conflict"};
inline constexpr QLatin1StringView noActiveSubscription{"no_active_subscription"};
inline constexpr QLatin1StringView subscriptionNotFound{"subscription_not_found"};
inline constexpr QLatin1StringView paymentError{"payment_error"};
inline constexpr QLatin1StringView invalidCursor{"invalid_cursor"};
inline constexpr QLatin1StringView insufficientCredits{"insufficient_credits"};
inline constexpr QLatin1StringView idempotencyKeyReused{"idempotency_key_reused"};
inline constexpr QLatin1StringView subscriptionSuspended{"subscription_suspended"};
inline constexpr QLatin1StringView internalError{"internal_server_error"};
} // namespace creditdesk::server::billerr

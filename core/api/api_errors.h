#pragma once

#include <QLatin1StringView>

// Error codes of CloudClient (creditdesk::api). Where api-contract.md has a
// wire code the client keeps it verbatim; the client's own conditions have
// their own codes. Every code below is produced by mapResponseError() or the
// transport and is tested in tests/unit/api/test_api_errors.cpp. Codes a
// caller may see but that are produced elsewhere: invalid_argument,
// license_key_malformed, invalid_fingerprint, invalid_coupon_code (input
// checks of core/domain, before anything is sent).
namespace creditdesk::api::errc {

// ---- Client conditions (no wire code) ----
// DNS failure, connection refused or reset before a response, network down.
inline constexpr QLatin1StringView networkUnreachable{"network_unreachable"};
// No byte moved for the transfer timeout (after the retries).
inline constexpr QLatin1StringView timeout{"timeout"};
// TLS handshake or certificate failure (never retried, never ignored).
inline constexpr QLatin1StringView tlsError{"tls_error"};
// The configured proxy refused, was not found, or wants other credentials.
inline constexpr QLatin1StringView proxyError{"proxy_error"};
// 502/503/504 without a contract envelope (gateway, maintenance), after the retries.
inline constexpr QLatin1StringView serverUnavailable{"server_unavailable"};
// Not JSON, not the contract's shape (wrong type, missing field, bad enum,
// amount with more than two decimals, out of range), a body cut short, or an
// unexpected status (3xx). details.reason says which where useful.
inline constexpr QLatin1StringView invalidResponse{"invalid_response"};
// The body is larger than the client's cap (16 MiB by default); reading stopped.
inline constexpr QLatin1StringView responseTooLarge{"response_too_large"};
// 401 after one token refresh, a failed refresh, or no token at all.
inline constexpr QLatin1StringView signInRequired{"sign_in_required"};
// 429 (wire `rate_limit_exceeded`) after honouring Retry-After up to the cap;
// details.retryAfter = seconds to wait (plus the server's details).
inline constexpr QLatin1StringView rateLimited{"rate_limited"};
// The caller aborted the call.
inline constexpr QLatin1StringView cancelled{"cancelled"};
// A §10 extension the server does not offer (404 from a server that does not
// send X-CreditDesk-Server, or a usage page in the offset shape for `after=`).
inline constexpr QLatin1StringView extensionUnavailable{"extension_unavailable"};
// The real cloud's endpoints that answer 401 for everyone (api-contract §5):
// still 401 after a successful refresh, from a server that is not ours.
inline constexpr QLatin1StringView endpointUnavailable{"endpoint_unavailable"};
// An HTTP status the contract does not define (e.g. 418) without an envelope.
inline constexpr QLatin1StringView httpError{"http_error"};

// ---- Envelope codes (§1 defaults and per endpoint) ----
inline constexpr QLatin1StringView invalidRequest{"invalid_request"};
inline constexpr QLatin1StringView validationError{"validation_error"};
inline constexpr QLatin1StringView forbidden{"forbidden"};
inline constexpr QLatin1StringView notFound{"not_found"};
inline constexpr QLatin1StringView methodNotAllowed{"method_not_allowed"};
inline constexpr QLatin1StringView conflict{"conflict"};
inline constexpr QLatin1StringView payloadTooLarge{"payload_too_large"};
inline constexpr QLatin1StringView internalServerError{"internal_server_error"};
inline constexpr QLatin1StringView serviceUnavailable{"service_unavailable"};
// §5
inline constexpr QLatin1StringView noActiveSubscription{"no_active_subscription"};
inline constexpr QLatin1StringView subscriptionNotFound{"subscription_not_found"};
inline constexpr QLatin1StringView paymentError{"payment_error"};
// §10.5, §10.6: details {required_credits, available_credits}
inline constexpr QLatin1StringView insufficientCredits{"insufficient_credits"};
inline constexpr QLatin1StringView invalidCursor{"invalid_cursor"};
// §8, §10: activation_limit_reached keeps details {max_activations, devices}
inline constexpr QLatin1StringView licenseNotFound{"license_not_found"};
inline constexpr QLatin1StringView activationNotFound{"activation_not_found"};
inline constexpr QLatin1StringView activationLimitReached{"activation_limit_reached"};
inline constexpr QLatin1StringView licenseRevoked{"license_revoked"};
inline constexpr QLatin1StringView licenseSuspended{"license_suspended"};
inline constexpr QLatin1StringView licenseExpired{"license_expired"};
inline constexpr QLatin1StringView invalidVersion{"invalid_version"};
inline constexpr QLatin1StringView offlineRequestExpired{"offline_request_expired"};
// §9 redeem
inline constexpr QLatin1StringView couponNotFound{"coupon_not_found"};
inline constexpr QLatin1StringView redemptionFailed{"redemption_failed"};
// §10.4
inline constexpr QLatin1StringView idempotencyKeyReused{"idempotency_key_reused"};
inline constexpr QLatin1StringView idempotencyRequestInProgress{"idempotency_request_in_progress"};
inline constexpr QLatin1StringView invalidIdempotencyKey{"invalid_idempotency_key"};

// ---- Coupon-validate failure reasons (§9, non-enveloped 400) ----
// The code is the first reason, lower-cased; details keep the whole body
// ({errors:[…], warnings?, details?}). COUPON_NOT_FOUND → coupon_not_found and
// VALIDATION_ERROR → validation_error (same meaning as the codes above).
inline constexpr QLatin1StringView couponInactive{"coupon_inactive"};
inline constexpr QLatin1StringView couponExpired{"coupon_expired"};
inline constexpr QLatin1StringView tierNotEligible{"tier_not_eligible"};
inline constexpr QLatin1StringView maxUsesExceeded{"max_uses_exceeded"};
inline constexpr QLatin1StringView maxUserUsesExceeded{"max_user_uses_exceeded"};
inline constexpr QLatin1StringView campaignBudgetExceeded{"campaign_budget_exceeded"};
inline constexpr QLatin1StringView minPurchaseNotMet{"min_purchase_not_met"};
inline constexpr QLatin1StringView customRuleFailed{"custom_rule_failed"};
inline constexpr QLatin1StringView fraudDetected{"fraud_detected"};
inline constexpr QLatin1StringView velocityLimitExceeded{"velocity_limit_exceeded"};
inline constexpr QLatin1StringView deviceFingerprintMismatch{"device_fingerprint_mismatch"};
// A failure body whose first reason this client does not know.
inline constexpr QLatin1StringView couponInvalid{"coupon_invalid"};

// ---- OAuth string errors (§2: {"error":"…","error_description":"…"}) ----
// invalid_request is shared with the envelope code above. A 401 OAuth error
// (invalid_client, invalid_token) still becomes sign_in_required on API calls.
inline constexpr QLatin1StringView invalidGrant{"invalid_grant"};
inline constexpr QLatin1StringView unsupportedGrantType{"unsupported_grant_type"};
inline constexpr QLatin1StringView invalidScope{"invalid_scope"};
inline constexpr QLatin1StringView invalidTarget{"invalid_target"};
inline constexpr QLatin1StringView invalidClient{"invalid_client"};
inline constexpr QLatin1StringView accessDenied{"access_denied"};
inline constexpr QLatin1StringView invalidToken{"invalid_token"};

} // namespace creditdesk::api::errc

#pragma once

#include <QByteArrayView>

#include <cstdint>
#include <functional>
#include <optional>

namespace creditdesk::api {

// A uniformly random integer in [0, bound] (bound >= 0). Injectable so tests
// get a deterministic jitter.
using RandomFunction = std::function<std::int64_t(std::int64_t bound)>;

// When and how often a call is retried (see ApiRequest for which failures
// qualify). Times are integer milliseconds.
struct RetryPolicy {
    // Attempts for transient failures (network, timeout, cut-short body,
    // 502/503/504, 409 idempotency_request_in_progress), the first included.
    int maxAttempts = 4;
    std::int64_t baseDelayMs = 500;
    std::int64_t maxDelayMs = 30'000;
    // 429: retries after waiting Retry-After, as long as the wait is at most
    // maxRetryAfterMs (api-contract §10.7: at most 5 min).
    int maxRateLimitRetries = 2;
    std::int64_t maxRetryAfterMs = 300'000;
    // 429 without Retry-After or details.retryAfter.
    std::int64_t defaultRetryAfterMs = 60'000;

    // Exponential backoff with "equal jitter": for the n-th retry (0-based),
    // e = min(maxDelayMs, baseDelayMs × 2^n), delay = e/2 + random(e/2). Never
    // below half the exponential step, never above maxDelayMs.
    [[nodiscard]] std::int64_t backoffMs(int retryIndex, const RandomFunction &random) const;
};

// Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, relative to
// `nowMs`; a date in the past is 0. nullopt when absent or unparsable.
[[nodiscard]] std::optional<std::int64_t> parseRetryAfter(QByteArrayView value, std::int64_t nowMs);

// The default RandomFunction (QRandomGenerator::global()).
[[nodiscard]] RandomFunction systemRandom();

} // namespace creditdesk::api

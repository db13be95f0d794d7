#pragma once

#include "core/domain/enums.h"
#include "core/domain/error.h"

#include <cstdint>

namespace creditdesk::server {

struct SubscriptionRow;

struct TimeWindow {
    std::int64_t startMs = 0;
    std::int64_t endMs = 0; // exclusive
};

// The monthly credit window holding `nowMs`: anchor + k months ≤ now <
// anchor + (k+1) months (domain-rules §4, also on annual billing). Before the
// anchor: the first window.
[[nodiscard]] Result<TimeWindow> creditWindowAt(std::int64_t anchorMs, std::int64_t nowMs);
[[nodiscard]] Result<TimeWindow> creditWindowAt(const SubscriptionRow &subscription, std::int64_t nowMs);

// One billing cycle from `startMs`: 1 or 12 months.
[[nodiscard]] Result<std::int64_t> cycleEnd(std::int64_t startMs, BillingInterval interval);

} // namespace creditdesk::server

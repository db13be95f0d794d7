#include "server/billing/subscription_windows.h"

#include "core/domain/utc_time.h"
#include "server/billing/subscription_repository.h"

namespace creditdesk::server {

Result<TimeWindow> creditWindowAt(std::int64_t anchorMs, std::int64_t nowMs)
{
    int k = 0;
    if (nowMs > anchorMs) {
        const UtcFields a = utcFields(anchorMs);
        const UtcFields n = utcFields(nowMs);
        k = (n.year - a.year) * 12 + (n.month - a.month);
    }
    for (;;) {
        auto start = addMonths(anchorMs, k);
        if (!start)
            return std::unexpected(start.error());
        if (*start > nowMs && k > 0) {
            --k;
            continue;
        }
        auto end = addMonths(anchorMs, k + 1);
        if (!end)
            return std::unexpected(end.error());
        if (*end <= nowMs) {
            ++k;
            continue;
        }
        return TimeWindow{*start, *end};
    }
}

Result<TimeWindow> creditWindowAt(const SubscriptionRow &subscription, std::int64_t nowMs)
{
    return creditWindowAt(subscription.startedAtMs, nowMs);
}

Result<std::int64_t> cycleEnd(std::int64_t startMs, BillingInterval interval)
{
    return addMonths(startMs, interval == BillingInterval::Yearly ? 12 : 1);
}

} // namespace creditdesk::server

#include "core/api/retry_policy.h"

#include "core/api/http_date.h"

#include <QRandomGenerator>

#include <algorithm>

namespace creditdesk::api {

std::int64_t RetryPolicy::backoffMs(int retryIndex, const RandomFunction &random) const
{
    const std::int64_t cap = std::max<std::int64_t>(0, maxDelayMs);
    std::int64_t step = std::max<std::int64_t>(0, baseDelayMs);
    for (int i = 0; i < retryIndex && step < cap; ++i)
        step *= 2;
    step = std::min(step, cap);
    const std::int64_t half = step / 2;
    const std::int64_t jitter = random ? std::clamp<std::int64_t>(random(step - half), 0, step - half) : 0;
    return half + jitter;
}

std::optional<std::int64_t> parseRetryAfter(QByteArrayView value, std::int64_t nowMs)
{
    const QByteArrayView text = value.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    if (std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        if (text.size() > 9) // more than 31 years: treat as "too long" rather than overflow
            return std::int64_t{999'999'999} * 1000;
        return text.toLongLong() * 1000;
    }
    auto at = parseHttpDate(text);
    if (!at)
        return std::nullopt;
    return std::max<std::int64_t>(0, *at - nowMs);
}

RandomFunction systemRandom()
{
    return [](std::int64_t bound) -> std::int64_t {
        if (bound <= 0)
            return 0;
        return QRandomGenerator::global()->bounded(static_cast<qint64>(bound) + 1);
    };
}

} // namespace creditdesk::api

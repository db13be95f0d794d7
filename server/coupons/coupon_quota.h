#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

#include <cstdint>
#include <deque>

namespace creditdesk::server {

// Plan 111: at most 10 coupon validations per user in any rolling hour; the
// 11th is `rate_limited`. Process-wide (the schema has no table for
// attempts), thread-safe, driven by the caller's clock.
class CouponValidationQuota {
public:
    static constexpr int kLimit = 10;
    static constexpr std::int64_t kWindowMs = 3'600'000;

    // The server's one quota.
    [[nodiscard]] static CouponValidationQuota &shared();

    // Counts one validation; false (nothing counted) when the user already had
    // kLimit in the window, with the wait until the oldest leaves it.
    [[nodiscard]] bool tryAcquire(const QString &userId, std::int64_t nowMs, std::int64_t *retryAfterMs);
    void reset();

private:
    QMutex m_mutex;
    QHash<QString, std::deque<std::int64_t>> m_attempts;
    std::int64_t m_lastSweepMs = 0;
};

} // namespace creditdesk::server

#include "server/coupons/coupon_quota.h"

#include <QMutexLocker>

namespace creditdesk::server {

CouponValidationQuota &CouponValidationQuota::shared()
{
    static CouponValidationQuota quota;
    return quota;
}

bool CouponValidationQuota::tryAcquire(const QString &userId, std::int64_t nowMs, std::int64_t *retryAfterMs)
{
    QMutexLocker lock(&m_mutex);
    const std::int64_t windowStart = nowMs - kWindowMs;
    // Forget idle users now and then so the table stays as small as the last hour.
    if (nowMs - m_lastSweepMs > kWindowMs) {
        for (auto it = m_attempts.begin(); it != m_attempts.end();) {
            if (it->empty() || it->back() <= windowStart)
                it = m_attempts.erase(it);
            else
                ++it;
        }
        m_lastSweepMs = nowMs;
    }
    std::deque<std::int64_t> &attempts = m_attempts[userId];
    while (!attempts.empty() && attempts.front() <= windowStart)
        attempts.pop_front();
    if (attempts.size() >= static_cast<std::size_t>(kLimit)) {
        if (retryAfterMs)
            *retryAfterMs = attempts.front() + kWindowMs - nowMs;
        return false;
    }
    attempts.push_back(nowMs);
    return true;
}

void CouponValidationQuota::reset()
{
    QMutexLocker lock(&m_mutex);
    m_attempts.clear();
}

} // namespace creditdesk::server

#include "server/http/rate_limiter.h"

#include <QMutexLocker>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {
constexpr std::int64_t kWindowMs = 60'000;
}

QString rateLimitScopeName(RateLimitScope scope)
{
    switch (scope) {
    case RateLimitScope::User:
        return u"user"_s;
    case RateLimitScope::Ip:
        return u"ip"_s;
    case RateLimitScope::LicenseKey:
        return u"license_key"_s;
    }
    return u"user"_s;
}

// The server's rate-limit configuration, per minute (api-contract §10.7).
const RateLimitTable &serverRateLimitTable()
{
    using S = RateLimitScope;
    static const RateLimitTable table{
        {QString::fromLatin1(ratelimit::kDefaultRule), {{S::User, 1200}}},
        {QString::fromLatin1(ratelimit::kNoLimitRule), {}},
        {u"coupon_validate"_s, {{S::User, 20}, {S::Ip, 60}}},
        {u"coupon_redeem"_s, {{S::User, 5}, {S::Ip, 20}}},
        {u"license_activate"_s, {{S::LicenseKey, 10}, {S::Ip, 30}}},
        {u"license_offline_activate"_s, {{S::LicenseKey, 10}, {S::Ip, 30}}},
        {u"license_certificate"_s, {{S::User, 30}}},
        // Ours: password guessing on the sign-in form and code/refresh guessing.
        {u"oauth_login"_s, {{S::Ip, 10}}},
        {u"oauth_token"_s, {{S::Ip, 60}}},
    };
    return table;
}

RateLimiter::RateLimiter(RateLimitTable table)
    : m_table(std::move(table))
{}

const QList<RateLimit> *RateLimiter::limitsOf(const QString &rule) const
{
    const auto it = m_table.constFind(rule);
    return it == m_table.constEnd() ? nullptr : &*it;
}

RateLimiter::Decision RateLimiter::check(const QString &rule, const QList<Subject> &subjects, std::int64_t nowMs)
{
    Decision decision;
    const QList<RateLimit> *limits = limitsOf(rule);
    if (!limits || limits->isEmpty())
        return decision;

    struct Hit {
        QString key;
        const RateLimit *limit;
    };
    QList<Hit> hits;
    for (const RateLimit &limit : *limits) {
        for (const Subject &subject : subjects) {
            if (subject.scope == limit.scope && !subject.key.isEmpty())
                hits.append(Hit{rule + u'|' + rateLimitScopeName(limit.scope) + u'|' + subject.key, &limit});
        }
    }
    if (hits.isEmpty())
        return decision;

    QMutexLocker lock(&m_mutex);
    purge(nowMs);
    const std::int64_t windowStart = nowMs - nowMs % kWindowMs;
    const int resetSeconds = static_cast<int>((windowStart + kWindowMs - nowMs + 999) / 1000);
    decision.remaining = std::numeric_limits<int>::max();
    for (const Hit &hit : std::as_const(hits)) {
        Window &window = m_windows[hit.key];
        if (window.startMs != windowStart)
            window = Window{windowStart, 0};
        const int remaining = hit.limit->perMinute - window.count;
        if (remaining <= 0) {
            return Decision{false, hit.limit->perMinute, 0, std::max(resetSeconds, 1), hit.limit->scope};
        }
        if (remaining - 1 < decision.remaining) {
            decision.remaining = remaining - 1;
            decision.limit = hit.limit->perMinute;
            decision.scope = hit.limit->scope;
        }
    }
    for (const Hit &hit : std::as_const(hits))
        ++m_windows[hit.key].count;
    decision.resetSeconds = std::max(resetSeconds, 1);
    return decision;
}

void RateLimiter::purge(std::int64_t nowMs)
{
    if (nowMs - m_lastPurgeMs < kWindowMs)
        return;
    m_lastPurgeMs = nowMs;
    const std::int64_t currentStart = nowMs - nowMs % kWindowMs;
    for (auto it = m_windows.begin(); it != m_windows.end();) {
        if (it->startMs < currentStart)
            it = m_windows.erase(it);
        else
            ++it;
    }
}

} // namespace creditdesk::server

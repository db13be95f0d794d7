#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QPair>
#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::server {

// What a rate-limit rule counts per minute.
enum class RateLimitScope { User, Ip, LicenseKey };

[[nodiscard]] QString rateLimitScopeName(RateLimitScope scope); // "user", "ip", "license_key"

struct RateLimit {
    RateLimitScope scope = RateLimitScope::User;
    int perMinute = 0;
};

// rule name → limits (api-contract §10.7). The server's one table lives in
// rate_limits.cpp; routes name a rule in RouteOptions::rateLimitRule.
using RateLimitTable = QHash<QString, QList<RateLimit>>;

namespace ratelimit {
inline constexpr auto kDefaultRule = "default";    // every Bearer route without a rule
inline constexpr auto kNoLimitRule = "none";       // health and the like
} // namespace ratelimit

[[nodiscard]] const RateLimitTable &serverRateLimitTable();

// Fixed one-minute windows per (rule, scope, key), in memory, thread-safe.
class RateLimiter {
public:
    struct Subject {
        RateLimitScope scope;
        QString key; // user id, client IP, SHA-256 of the license key
    };
    struct Decision {
        bool allowed = true;
        int limit = 0;      // of the tightest (or the exceeded) limit
        int remaining = 0;
        int resetSeconds = 0; // until that window ends
        RateLimitScope scope = RateLimitScope::User;
    };

    explicit RateLimiter(RateLimitTable table);

    // Counts the request against every limit of `rule` whose subject is known;
    // nothing is counted when one of them is exhausted. No limits → allowed, limit 0.
    [[nodiscard]] Decision check(const QString &rule, const QList<Subject> &subjects, std::int64_t nowMs);
    [[nodiscard]] const QList<RateLimit> *limitsOf(const QString &rule) const;

private:
    struct Window {
        std::int64_t startMs = 0;
        int count = 0;
    };
    void purge(std::int64_t nowMs);

    RateLimitTable m_table;
    QMutex m_mutex;
    QHash<QString, Window> m_windows;
    std::int64_t m_lastPurgeMs = 0;
};

} // namespace creditdesk::server

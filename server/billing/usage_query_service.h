#pragma once

#include "core/domain/error.h"
#include "server/billing/usage_query_repository.h"

#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::server {

class Connection;
struct ServerEnvironment;

// Opaque §10.5 usage cursor: base64url("c1:<created_at ms>:<row id>").
[[nodiscard]] QString encodeUsageCursor(std::int64_t createdAtMs, const QString &id);
// Empty text = from the start (nullopt); anything unreadable → invalid_cursor.
struct UsageCursor {
    std::int64_t createdAtMs = 0;
    QString id;
};
[[nodiscard]] Result<std::optional<UsageCursor>> decodeUsageCursor(const QString &text);

// Usage reads (api-contract §7, §10.5). Query-string parsing lives in the
// route; these take validated values.
class UsageQueryService {
public:
    static constexpr std::int64_t kVisibilityDelayMs = 5'000; // rows appear once 5 s old

    UsageQueryService(const ServerEnvironment &env, Connection &db)
        : m_env(env)
        , m_db(db)
    {}

    // GET /v1/usage (offset mode).
    [[nodiscard]] Result<QJsonObject> list(const QString &userId, const UsageFilter &filter, int limit,
                                           std::int64_t offset);
    // GET /v1/usage?after=&limit= (cursor mode).
    [[nodiscard]] Result<QJsonObject> page(const QString &userId, const QString &after, int limit);
    // GET /v1/usage/stats: group_by day (newest first, ≤ 90), hour (ascending), model (by credits).
    [[nodiscard]] Result<QJsonObject> stats(const QString &userId, const UsageFilter &filter, UsageGrouping grouping);
    // GET /api/user/usage/summary?period=current_month|YYYY-MM (UTC months).
    [[nodiscard]] Result<QJsonObject> summary(const QString &userId, const QString &period);

    // The §10.5 latest_cursor: the newest visible row's cursor, "" without rows.
    [[nodiscard]] Result<QString> latestCursor(const QString &userId);

private:
    const ServerEnvironment &m_env;
    Connection &m_db;
};

} // namespace creditdesk::server

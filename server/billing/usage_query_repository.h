#pragma once

#include "core/domain/credits.h"
#include "core/domain/error.h"

#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::server {

class Connection;

struct UsageFilter {
    std::optional<std::int64_t> fromMs;  // occurred_at >= from
    std::optional<std::int64_t> untilMs; // occurred_at < until
    QString modelId;
    QString requestType; // request_type = … (completion, streaming, batch)
    QString operation;   // operation = … (chat, embedding, function_call)
};

struct UsageListRow {
    QString id;
    QString modelId;
    QString requestType;
    Credits credits;
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    std::int64_t cachedInputTokens = 0;
    std::optional<std::int64_t> durationMs;
    std::int64_t occurredAtMs = 0;
};

struct UsageTotals {
    Credits credits;
    std::int64_t requests = 0;
    std::int64_t tokens = 0;
    std::int64_t durationMs = 0;     // Σ request_duration_ms
    std::int64_t timedRequests = 0;  // rows with a duration
};

struct UsageSyncRow {
    QString id;
    QString requestId;
    QString modelId;
    QString provider;
    QString requestType;
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    std::int64_t cachedInputTokens = 0;
    Credits credits;
    bool byok = false;
    QString status;
    QString reversesId;
    std::int64_t occurredAtMs = 0;
    std::int64_t createdAtMs = 0;
    std::int64_t updatedAtMs = 0;
};

struct UsageBucket {
    QString key;   // day number, hour or model id
    QString provider; // model buckets of the monthly summary
    UsageTotals totals;
};

enum class UsageGrouping { Day, Hour, Model, ModelAndProvider };

// Reads of token_usage_ledger (SQL only).
class UsageQueryRepository {
public:
    explicit UsageQueryRepository(const Connection &db)
        : m_db(db)
    {}

    // Newest first by occurred_at.
    [[nodiscard]] Result<QList<UsageListRow>> list(const QString &userId, const UsageFilter &filter, int limit,
                                                   std::int64_t offset) const;
    [[nodiscard]] Result<UsageTotals> totals(const QString &userId, const UsageFilter &filter) const;
    [[nodiscard]] Result<QList<UsageBucket>> grouped(const QString &userId, const UsageFilter &filter,
                                                     UsageGrouping grouping) const;

    // Keyset page over (created_at, id) ascending, rows created at or before
    // `visibleUntilMs`, strictly after the cursor position when given.
    [[nodiscard]] Result<QList<UsageSyncRow>> page(const QString &userId, std::optional<std::int64_t> afterCreatedMs,
                                                   const QString &afterId, std::int64_t visibleUntilMs,
                                                   int limit) const;
    // The newest visible row's (created_at, id), if any.
    [[nodiscard]] Result<std::optional<std::pair<std::int64_t, QString>>> latest(const QString &userId,
                                                                                 std::int64_t visibleUntilMs) const;

private:
    [[nodiscard]] QString where(const UsageFilter &filter, QVariantList &values, const QString &userId) const;
    const Connection &m_db;
};

} // namespace creditdesk::server

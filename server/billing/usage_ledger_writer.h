#pragma once

#include "core/domain/credits.h"
#include "core/domain/enums.h"
#include "core/domain/error.h"

#include <QHash>
#include <QSqlQuery>
#include <QString>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

namespace creditdesk::server {

class Connection;

struct UsageLedgerRow {
    QString id;
    QString requestId;
    QString userId;
    QString subscriptionId; // empty = NULL
    QString modelId;
    QString providerId;
    QString pricingId;      // empty = NULL
    RequestType requestType = RequestType::Completion;
    UsageOperation operation = UsageOperation::Completion;
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    std::int64_t cachedInputTokens = 0;
    std::int64_t vendorCostE8 = 0;
    int multiplierHundredths = 0;
    Credits credits;
    bool byok = false;
    std::optional<std::int64_t> durationMs;
    std::int64_t occurredAtMs = 0;
    std::int64_t createdAtMs = 0;
};

struct DeductionLedgerRow {
    QString id;
    QString userId;
    QString requestId;
    QString usageId;
    Credits amount;
    Credits balanceBefore;
    Credits balanceAfter;
    std::int64_t createdAtMs = 0;
};

struct TokenDayDelta {
    QString userId;
    QString day; // YYYY-MM-DD
    QString modelId;
    QString providerId;
    std::int64_t requests = 0;
    std::int64_t byokRequests = 0;
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    std::int64_t cachedInputTokens = 0;
    std::int64_t vendorCostE8 = 0;
    Credits credits;
    std::int64_t durationMs = 0;
};

// token_usage_ledger, credit_deduction_ledger and token_usage_daily_summary
// writes (SQL only). Rows go in multi-row INSERTs of up to kRowsPerStatement;
// the prepared statements are kept and reused for the writer's lifetime.
class UsageLedgerWriter {
public:
    static constexpr qsizetype kRowsPerStatement = 100;

    explicit UsageLedgerWriter(const Connection &db);
    ~UsageLedgerWriter();
    UsageLedgerWriter(const UsageLedgerWriter &) = delete;
    UsageLedgerWriter &operator=(const UsageLedgerWriter &) = delete;

    [[nodiscard]] Result<void> insertUsage(std::span<const UsageLedgerRow> rows);
    [[nodiscard]] Result<void> insertDeductions(std::span<const DeductionLedgerRow> rows);
    [[nodiscard]] Result<void> addTokenDay(const TokenDayDelta &delta, std::int64_t nowMs);

private:
    // PostgreSQL: one INSERT … SELECT FROM unnest(<one array per column>) per
    // kArrayRowsPerStatement rows (a few parameters instead of thousands).
    static constexpr qsizetype kArrayRowsPerStatement = 1000;
    [[nodiscard]] Result<void> insertUsageArrays(std::span<const UsageLedgerRow> rows);
    [[nodiscard]] Result<void> insertDeductionArrays(std::span<const DeductionLedgerRow> rows);
    [[nodiscard]] Result<QSqlQuery *> statement(const QString &key, const QString &sql);

    const Connection &m_db;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_statements;
};

} // namespace creditdesk::server

#pragma once

#include "core/domain/credit_conversion.h"
#include "core/domain/credits.h"
#include "core/domain/enums.h"

#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::server {

// One usage report (api-contract §10.6 body, validated).
struct UsageInput {
    QString requestId;
    QString userId;
    QString modelId;
    QString provider; // openai anthropic google meta mistral cohere
    RequestType requestType = RequestType::Completion;
    UsageOperation operation = UsageOperation::Completion;
    std::int64_t inputTokens = 0;       // billed at the input price
    std::int64_t outputTokens = 0;
    std::int64_t cachedInputTokens = 0; // prompt-cache reads, billed at the cache-read price
    bool byok = false;
    std::int64_t occurredAtMs = 0;      // created_at of the body, else the time received
    bool occurredAtGiven = false;
    std::optional<std::int64_t> durationMs;
};

// A usage report with its price and charge (domain-rules §5).
struct PricedUsage {
    UsageInput input;
    UsageCharge charge;
    QString providerId;
    QString pricingId; // empty: no price row (BYOK of an unpriced model)
};

// What one recorded row answers (api-contract §10.6 `deduction`).
struct UsageOutcome {
    QString usageId;
    QString requestId;
    Credits creditsDeducted;
    Credits balanceAfter;
};

} // namespace creditdesk::server

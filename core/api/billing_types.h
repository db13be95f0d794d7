#pragma once

#include "core/domain/credits.h"
#include "core/domain/money.h"

#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

// Typed results of CloudClient: credits, usage, invoices (api-contract §6,
// §7, §10.5). Units as in account_types.h.
namespace creditdesk::api {

// GET /v1/credits/me (404 not_found without a current period)
struct CreditPeriod {
    QString id;
    QString userId;
    std::int64_t totalCredits = 0;
    std::int64_t usedCredits = 0;
    std::int64_t remainingCredits = 0;
    std::int64_t billingPeriodStartMs = 0;
    std::int64_t billingPeriodEndMs = 0;
    std::int64_t usagePercentHundredths = 0; // usagePercentage × 100, rounded half-up
    friend bool operator==(const CreditPeriod &, const CreditPeriod &) = default;
};

// GET /api/user/credits
struct PeriodCredits {
    std::int64_t remaining = 0;
    std::int64_t monthlyAllocation = 0;
    std::int64_t used = 0;
    std::int64_t resetDateMs = 0;
    std::int64_t daysUntilReset = 0;
    friend bool operator==(const PeriodCredits &, const PeriodCredits &) = default;
};

struct CreditSource {
    QString id;
    QString sourceType; // monthly_allocation referral_reward coupon_promotion bonus refund admin_grant
    Credits amount;
    Credits remaining;
    std::int64_t grantedAtMs = 0;
    std::optional<std::int64_t> expiresAtMs; // nullopt = never
    friend bool operator==(const CreditSource &, const CreditSource &) = default;
};

struct CreditSummary {
    PeriodCredits freeCredits;
    PeriodCredits subscriptionCredits;
    std::int64_t purchasedRemaining = 0;
    std::int64_t purchasedTotal = 0;
    std::int64_t purchasedLifetimeUsed = 0;
    std::int64_t totalAvailable = 0;
    std::int64_t lastUpdatedMs = 0;
    // Ours only (the real cloud has no per-source data): consumption order.
    std::optional<QList<CreditSource>> sources;
    friend bool operator==(const CreditSummary &, const CreditSummary &) = default;
};

// GET /v1/usage (offset paging; the real cloud's only form)
struct UsageQuery {
    QString startDate; // YYYY-MM-DD or ts; empty = not sent
    QString endDate;
    QString modelId;
    QString operation;
    int limit = 20; // 1..100
    std::int64_t offset = 0;
};

struct UsageItem {
    QString id;
    QString modelId;
    QString operation;
    Credits creditsUsed;
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    std::int64_t totalTokens = 0;
    std::optional<std::int64_t> requestDurationMs;
    std::int64_t createdAtMs = 0;
    friend bool operator==(const UsageItem &, const UsageItem &) = default;
};

struct UsagePage {
    QList<UsageItem> items;
    std::int64_t limit = 0;
    std::int64_t offset = 0;
    std::int64_t total = 0;
    bool hasMore = false;
    Credits totalCreditsUsed;
    std::int64_t totalRequests = 0;
    std::int64_t totalTokens = 0;
    friend bool operator==(const UsagePage &, const UsagePage &) = default;
};

// GET /v1/usage?after= (§10.5, ours only)
struct LedgerRow {
    QString id;
    QString requestId;
    QString modelId;
    QString provider;
    QString requestType; // completion streaming batch
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    std::int64_t cachedInputTokens = 0;
    Credits creditsDeducted; // negative on a correction
    bool isByok = false;
    QString status;
    QString reversesId; // empty unless a correction
    std::int64_t occurredAtMs = 0;
    std::int64_t createdAtMs = 0;
    std::int64_t updatedAtMs = 0;
    friend bool operator==(const LedgerRow &, const LedgerRow &) = default;
};

struct LedgerPage {
    QList<LedgerRow> rows;
    QString nextCursor; // opaque; save it with the page
    bool hasMore = false;
    friend bool operator==(const LedgerPage &, const LedgerPage &) = default;
};

// GET /v1/usage/stats
struct UsageStatsQuery {
    QString startDate;
    QString endDate;
    QString groupBy = QStringLiteral("day"); // day hour model
};

struct UsageBucket {
    QString date;                     // group_by=day: YYYY-MM-DD
    std::optional<std::int64_t> hour; // group_by=hour: 0..23
    QString modelId;                  // group_by=model
    Credits creditsUsed;
    std::int64_t requestsCount = 0;
    std::int64_t tokensTotal = 0;
    std::int64_t averageDurationMs = 0;
    friend bool operator==(const UsageBucket &, const UsageBucket &) = default;
};

struct UsageStats {
    QList<UsageBucket> buckets;
    UsageBucket total; // date/hour/modelId empty
    friend bool operator==(const UsageStats &, const UsageStats &) = default;
};

// GET /api/user/usage/summary
struct ModelShare {
    QString model;
    QString provider;
    std::int64_t requests = 0;
    std::int64_t tokens = 0;
    Credits credits;
    std::int64_t percentage = 0;
    friend bool operator==(const ModelShare &, const ModelShare &) = default;
};

struct MonthlySummary {
    QString period; // YYYY-MM
    std::int64_t periodStartMs = 0;
    std::int64_t periodEndMs = 0;
    Credits creditsUsed;
    std::int64_t apiRequests = 0;
    std::int64_t totalTokens = 0;
    std::int64_t averageTokensPerRequest = 0;
    QString mostUsedModel; // "N/A" if none
    std::int64_t mostUsedModelPercentage = 0;
    Credits freeCreditsUsed;
    Credits freeCreditsLimit;
    Credits proCreditsUsed;
    Credits purchasedCreditsUsed;
    QList<ModelShare> modelBreakdown;
    friend bool operator==(const MonthlySummary &, const MonthlySummary &) = default;
};

// GET /api/user/invoices
struct Invoice {
    QString id; // in_…
    std::int64_t dateMs = 0;
    Money amount;
    QString currency;
    QString status;
    QString invoiceUrl;
    QString pdfUrl;
    QString description;
    friend bool operator==(const Invoice &, const Invoice &) = default;
};

struct InvoicePage {
    QList<Invoice> invoices;
    bool hasMore = false;
    std::int64_t count = 0;
    friend bool operator==(const InvoicePage &, const InvoicePage &) = default;
};

} // namespace creditdesk::api

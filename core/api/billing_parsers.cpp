// Parsers of api-contract §6 (credits), §7 (usage, invoices) and §10.5 (usage pages by cursor).
#include "core/api/api_errors.h"
#include "core/api/api_parsers.h"
#include "core/api/parsers_p.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace creditdesk::api {

using namespace parse_detail;

namespace {

constexpr std::int64_t kMaxCount = 1'000'000'000'000'000; // counters: tokens, requests, credits

PeriodCredits periodCredits(FieldReader &r)
{
    PeriodCredits p;
    p.remaining = r.integer(u"remaining", -kMaxCount, kMaxCount);
    p.monthlyAllocation = r.integer(u"monthlyAllocation", 0, kMaxCount);
    p.used = r.integer(u"used", -kMaxCount, kMaxCount);
    p.resetDateMs = r.timestamp(u"resetDate");
    p.daysUntilReset = r.integer(u"daysUntilReset", -100'000, 100'000);
    return p;
}

UsageBucket bucketTotals(FieldReader &r)
{
    UsageBucket b;
    b.creditsUsed = r.credits(u"creditsUsed");
    b.requestsCount = r.integer(u"requestsCount", 0, kMaxCount);
    b.tokensTotal = r.integer(u"tokensTotal", 0, kMaxCount);
    b.averageDurationMs = r.integer(u"averageDurationMs", 0, kMaxCount);
    return b;
}

} // namespace

namespace parse {

Result<CreditPeriod> creditPeriod(const JsonNode &json)
{
    FieldReader r(json, u"credits"_s);
    CreditPeriod c;
    c.id = r.string(u"id", 100);
    c.userId = r.string(u"userId", 100);
    c.totalCredits = r.integer(u"totalCredits", 0, kMaxCount);
    c.usedCredits = r.integer(u"usedCredits", -kMaxCount, kMaxCount);
    c.remainingCredits = r.integer(u"remainingCredits", -kMaxCount, kMaxCount);
    c.billingPeriodStartMs = r.timestamp(u"billingPeriodStart");
    c.billingPeriodEndMs = r.timestamp(u"billingPeriodEnd");
    c.usagePercentHundredths = r.scaled(u"usagePercentage", 2, -kMaxCount, kMaxCount);
    return r.finish(std::move(c));
}

Result<CreditSummary> creditSummary(const JsonNode &json)
{
    FieldReader r(json, u"user_credits"_s);
    CreditSummary c;
    {
        FieldReader free = r.child(u"freeCredits");
        c.freeCredits = periodCredits(free);
    }
    {
        FieldReader subscription = r.child(u"subscriptionCredits");
        c.subscriptionCredits = periodCredits(subscription);
    }
    {
        FieldReader purchased = r.child(u"purchasedCredits");
        c.purchasedRemaining = purchased.integer(u"remaining", -kMaxCount, kMaxCount);
        c.purchasedTotal = purchased.integer(u"totalPurchased", 0, kMaxCount);
        c.purchasedLifetimeUsed = purchased.integer(u"lifetimeUsed", 0, kMaxCount);
    }
    c.totalAvailable = r.integer(u"totalAvailable", -kMaxCount, kMaxCount);
    c.lastUpdatedMs = r.timestamp(u"lastUpdated");
    if (!r.isNullOrAbsent(u"sources")) {
        c.sources = r.list(u"sources", [](FieldReader &s) {
            CreditSource source;
            source.id = s.string(u"id", 100);
            source.sourceType = s.string(u"sourceType", 50);
            source.amount = s.credits(u"amount", Sign::NonNegative);
            source.remaining = s.credits(u"remaining", Sign::NonNegative);
            source.grantedAtMs = s.timestamp(u"grantedAt");
            source.expiresAtMs = s.nullableTimestamp(u"expiresAt");
            return source;
        });
    }
    return r.finish(std::move(c));
}

Result<UsagePage> usagePage(const JsonNode &json)
{
    FieldReader r(json, u"usage_page"_s);
    UsagePage page;
    page.items = r.list(u"usage", [](FieldReader &u) {
        UsageItem item;
        item.id = u.string(u"id", 100);
        item.modelId = u.string(u"modelId", 200);
        item.operation = u.string(u"operation", 50);
        item.creditsUsed = u.credits(u"creditsUsed");
        item.inputTokens = u.integer(u"inputTokens", 0, kMaxCount);
        item.outputTokens = u.integer(u"outputTokens", 0, kMaxCount);
        item.totalTokens = u.integer(u"totalTokens", 0, kMaxCount);
        item.requestDurationMs = u.nullableInteger(u"requestDurationMs", 0, kMaxCount);
        item.createdAtMs = u.timestamp(u"createdAt");
        return item;
    });
    {
        FieldReader p = r.child(u"pagination");
        page.limit = p.integer(u"limit", 0, 1'000'000);
        page.offset = p.integer(u"offset", 0, kMaxCount);
        page.total = p.integer(u"total", 0, kMaxCount);
        page.hasMore = p.boolean(u"hasMore");
    }
    {
        FieldReader s = r.child(u"summary");
        page.totalCreditsUsed = s.credits(u"totalCreditsUsed");
        page.totalRequests = s.integer(u"totalRequests", 0, kMaxCount);
        page.totalTokens = s.integer(u"totalTokens", 0, kMaxCount);
    }
    return r.finish(std::move(page));
}

Result<LedgerPage> ledgerPage(const JsonNode &json)
{
    if (json.isObject() && json.find(u"usage") && json.find(u"pagination") && !json.find(u"next_cursor")) {
        return fail(errc::extensionUnavailable,
                    u"the server ignored `after` (no cursor paging, api-contract §10.5)"_s);
    }
    FieldReader r(json, u"ledger_page"_s);
    LedgerPage page;
    page.rows = r.list(u"data", [](FieldReader &u) {
        LedgerRow row;
        row.id = u.string(u"id", 100);
        row.requestId = u.string(u"request_id", 100);
        row.modelId = u.string(u"model_id", 200);
        row.provider = u.string(u"provider", 50);
        row.requestType = requestType(u, u"request_type");
        row.inputTokens = u.integer(u"input_tokens", 0, kMaxCount);
        row.outputTokens = u.integer(u"output_tokens", 0, kMaxCount);
        row.cachedInputTokens = u.integer(u"cached_input_tokens", 0, kMaxCount);
        row.creditsDeducted = u.credits(u"credits_deducted");
        row.isByok = u.boolean(u"is_byok");
        row.status = u.string(u"status", 50);
        row.reversesId = u.nullableString(u"reverses_id", 100);
        row.occurredAtMs = u.timestamp(u"occurred_at");
        row.createdAtMs = u.timestamp(u"created_at");
        row.updatedAtMs = u.timestamp(u"updated_at");
        return row;
    });
    page.nextCursor = r.string(u"next_cursor", 4096);
    page.hasMore = r.boolean(u"has_more");
    return r.finish(std::move(page));
}

Result<UsageStats> usageStats(const JsonNode &json)
{
    FieldReader r(json, u"usage_stats"_s);
    UsageStats stats;
    stats.buckets = r.list(u"stats", [](FieldReader &b) {
        UsageBucket bucket = bucketTotals(b);
        bucket.date = b.optionalString(u"date", 10);
        bucket.hour = b.optionalInteger(u"hour", 0, 23);
        bucket.modelId = b.optionalString(u"modelId", 200);
        static const QRegularExpression day(u"^\\d{4}-\\d{2}-\\d{2}$"_s);
        if (b.ok() && !bucket.date.isEmpty() && !day.match(bucket.date).hasMatch())
            b.invalid(u"date", u"not YYYY-MM-DD"_s);
        if (b.ok() && bucket.date.isEmpty() && !bucket.hour && bucket.modelId.isEmpty())
            b.invalid(u"date", u"a bucket needs date, hour or modelId"_s);
        return bucket;
    });
    FieldReader total = r.child(u"total");
    stats.total = bucketTotals(total);
    return r.finish(std::move(stats));
}

Result<MonthlySummary> monthlySummary(const JsonNode &json)
{
    FieldReader r(json, u"usage_summary"_s);
    MonthlySummary m;
    m.period = r.string(u"period", 7);
    static const QRegularExpression month(u"^\\d{4}-\\d{2}$"_s);
    if (r.ok() && !month.match(m.period).hasMatch())
        r.invalid(u"period", u"not YYYY-MM"_s);
    m.periodStartMs = r.timestamp(u"periodStart");
    m.periodEndMs = r.timestamp(u"periodEnd");
    {
        FieldReader s = r.child(u"summary");
        m.creditsUsed = s.credits(u"creditsUsed");
        m.apiRequests = s.integer(u"apiRequests", 0, kMaxCount);
        m.totalTokens = s.integer(u"totalTokens", 0, kMaxCount);
        m.averageTokensPerRequest = s.integer(u"averageTokensPerRequest", 0, kMaxCount);
        m.mostUsedModel = s.string(u"mostUsedModel", 200);
        m.mostUsedModelPercentage = s.integer(u"mostUsedModelPercentage", 0, 100);
    }
    {
        // Unannotated in the contract; ours sends numbers. Amounts either way.
        FieldReader b = r.child(u"creditBreakdown");
        m.freeCreditsUsed = b.credits(u"freeCreditsUsed");
        m.freeCreditsLimit = b.credits(u"freeCreditsLimit");
        m.proCreditsUsed = b.credits(u"proCreditsUsed");
        m.purchasedCreditsUsed = b.credits(u"purchasedCreditsUsed");
    }
    m.modelBreakdown = r.list(u"modelBreakdown", [](FieldReader &b) {
        ModelShare share;
        share.model = b.string(u"model", 200);
        share.provider = b.string(u"provider", 50);
        share.requests = b.integer(u"requests", 0, kMaxCount);
        share.tokens = b.integer(u"tokens", 0, kMaxCount);
        share.credits = b.credits(u"credits");
        share.percentage = b.integer(u"percentage", 0, 100);
        return share;
    });
    return r.finish(std::move(m));
}

Result<InvoicePage> invoicePage(const JsonNode &json)
{
    FieldReader r(json, u"invoices_response"_s);
    InvoicePage page;
    page.invoices = r.list(u"invoices", [](FieldReader &i) {
        Invoice invoice;
        invoice.id = i.string(u"id", 200);
        invoice.dateMs = i.timestamp(u"date");
        invoice.amount = i.cents(u"amount", Sign::NonNegative);
        invoice.currency = i.string(u"currency", 10);
        invoice.status = i.string(u"status", 50);
        invoice.invoiceUrl = i.nullableString(u"invoiceUrl", 4096);
        invoice.pdfUrl = i.nullableString(u"pdfUrl", 4096);
        invoice.description = i.nullableString(u"description", 4096);
        return invoice;
    });
    page.hasMore = r.boolean(u"hasMore");
    page.count = r.integer(u"count", 0, 1'000'000);
    return r.finish(std::move(page));
}

} // namespace parse
} // namespace creditdesk::api

#include "core/insights/list_prices.h"

#include <array>
#include <optional>

using namespace Qt::StringLiterals;

namespace creditdesk::insights {

namespace {

constexpr std::int64_t kEffectiveFromMs = 1'735'689'600'000; // 2025-01-01T00:00:00Z

struct Row {
    const char16_t *provider;
    const char16_t *model;
    std::int64_t input;
    std::int64_t output;
    std::optional<std::int64_t> cacheWrite;
    std::optional<std::int64_t> cacheRead;
    std::optional<std::int64_t> threshold;
    std::optional<std::int64_t> inputHigh;
    std::optional<std::int64_t> outputHigh;
    std::optional<std::int64_t> cacheReadHigh;
};

constexpr std::nullopt_t no = std::nullopt;

// USD per 1k tokens × 10^8, as in 0006_billing_seed.sql ($3 per 1M = 300,000).
const std::array kRows{
    Row{u"openai", u"gpt-4o", 250'000, 1'000'000, no, 125'000, no, no, no, no},
    Row{u"openai", u"gpt-4o-mini", 15'000, 60'000, no, 7'500, no, no, no, no},
    Row{u"openai", u"o3-mini", 110'000, 440'000, no, 55'000, no, no, no, no},
    Row{u"anthropic", u"claude-sonnet-4.5", 300'000, 1'500'000, 375'000, 30'000, 200'000, 600'000, 2'250'000,
        60'000},
    Row{u"anthropic", u"claude-haiku-4.5", 100'000, 500'000, 125'000, 10'000, no, no, no, no},
    Row{u"anthropic", u"claude-opus-4.1", 1'500'000, 7'500'000, 1'875'000, 150'000, no, no, no, no},
    Row{u"google", u"gemini-2.5-pro", 125'000, 1'000'000, no, 12'500, 200'000, 250'000, 1'500'000, 25'000},
    Row{u"google", u"gemini-2.5-flash", 30'000, 250'000, no, 3'000, no, no, no, no},
    Row{u"meta", u"llama-3.3-70b", 59'000, 79'000, no, no, no, no, no, no},
    Row{u"meta", u"llama-3.1-8b", 5'000, 8'000, no, no, no, no, no, no},
    Row{u"mistral", u"mistral-large", 200'000, 600'000, no, no, no, no, no, no},
    Row{u"mistral", u"mistral-small", 20'000, 60'000, no, no, no, no, no, no},
    Row{u"cohere", u"command-r-plus", 250'000, 1'000'000, no, no, no, no, no, no},
    Row{u"cohere", u"command-r", 15'000, 60'000, no, no, no, no, no, no},
};

} // namespace

QList<ModelPrice> providerListPrices()
{
    QList<ModelPrice> prices;
    prices.reserve(static_cast<qsizetype>(kRows.size()));
    for (const Row &row : kRows) {
        ModelPrice p;
        p.provider = QString::fromUtf16(row.provider);
        p.modelId = QString::fromUtf16(row.model);
        p.rates = PriceRates{row.input, row.output, row.cacheWrite, row.cacheRead};
        p.contextThresholdTokens = row.threshold;
        p.highContextRates = PriceRates{row.inputHigh, row.outputHigh, std::nullopt, row.cacheReadHigh};
        p.cacheReadDefault =
            p.provider == "openai"_L1 ? CacheReadDefault::FiftyPercent : CacheReadDefault::TenPercent;
        p.effectiveFromMs = kEffectiveFromMs;
        p.createdAtMs = kEffectiveFromMs;
        prices.append(p);
    }
    return prices;
}

} // namespace creditdesk::insights

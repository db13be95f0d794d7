#pragma once

#include "core/domain/credits.h"
#include "core/domain/enums.h"
#include "core/domain/error.h"
#include "core/domain/int_math.h"

#include <QString>
#include <QStringView>

#include <cstdint>
#include <optional>
#include <span>

namespace creditdesk {

// `credit_minimum_increment` ∈ {0.01, 0.1, 1.0} credits, default 0.1.
enum class CreditIncrement : std::int64_t { Hundredth = 100, Tenth = 1'000, Whole = 10'000 };
[[nodiscard]] Result<CreditIncrement> parseCreditIncrement(QStringView decimal); // "0.1" → Tenth
[[nodiscard]] constexpr std::int64_t incrementUnits(CreditIncrement inc)
{
    return static_cast<std::int64_t>(inc);
}

// Prices are USD per 1k tokens in 1e-8 USD (Decimal(10,8) per 1k): $3 per 1M = 300,000.
inline constexpr std::int64_t kMaxPriceE8 = 9'999'999'999;
inline constexpr std::int64_t kMaxTokens = 1'000'000'000'000'000; // sanity bound, keeps products in 128 bits

enum class CacheReadDefault {
    TenPercent,  // 10 % of the input price
    FiftyPercent // OpenAI cached prompt
};

struct PriceRates {
    std::optional<std::int64_t> inputE8;
    std::optional<std::int64_t> outputE8;
    std::optional<std::int64_t> cacheWriteE8; // default: input price
    std::optional<std::int64_t> cacheReadE8;  // default: CacheReadDefault of input
};

struct ModelPrice {
    QString provider;
    QString modelId;
    PriceRates rates; // input and output required
    std::optional<std::int64_t> contextThresholdTokens;
    PriceRates highContextRates; // used where present when input > threshold
    CacheReadDefault cacheReadDefault = CacheReadDefault::TenPercent;
    bool active = true;
    std::int64_t effectiveFromMs = 0;
    std::optional<std::int64_t> effectiveUntilMs; // inclusive
    std::int64_t createdAtMs = 0;
};

// The active row effective at `atMs` for provider + model, newest
// effective_from first; none → `pricing_not_found`.
[[nodiscard]] Result<ModelPrice> selectPrice(std::span<const ModelPrice> rows, QStringView provider,
                                             QStringView modelId, std::int64_t atMs);

struct TokenUsage {
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    std::int64_t cacheWriteTokens = 0;
    std::int64_t cacheReadTokens = 0;
};

// Exact vendor cost in picodollars (1e-12 USD). Negative or oversized token
// counts → `invalid_argument`; missing input/output price or a price outside
// Decimal(10,8) → `invalid_amount`.
[[nodiscard]] Result<Int128> vendorCostPicoUsd(const ModelPrice &price, const TokenUsage &usage);

// --- Margin multiplier (hundredths: 1.30 → 130) ---------------------------

inline constexpr int kDefaultMultiplier = 150;
inline constexpr int kMinMultiplier = 100;   // m < 1.00 rejected at configuration
inline constexpr int kMaxMultiplier = 9'999; // Decimal(4,2)

enum class MultiplierScope { Combination, Model, Provider, Tier };

struct MultiplierRule {
    MultiplierScope scope = MultiplierScope::Tier;
    std::optional<SubscriptionTier> tier;
    QString provider; // empty: none
    QString modelId;  // empty: none
    int multiplierHundredths = kDefaultMultiplier;
    bool active = true;
    bool approved = true;
    std::int64_t effectiveFromMs = 0;
    std::optional<std::int64_t> effectiveUntilMs; // inclusive
    std::int64_t createdAtMs = 0;
};

// Outside 1.00..99.99 → `invalid_multiplier`.
[[nodiscard]] Result<int> validateMultiplier(int hundredths);

struct ResolvedMultiplier {
    int hundredths = kDefaultMultiplier;
    std::optional<MultiplierScope> scope; // nullopt: the default
};

// First match of combination → model → provider (tier-less) → tier →
// default 1.50 among active, approved, effective rows, newest effective_from
// first (the real cascade). Rows failing validateMultiplier are skipped.
[[nodiscard]] ResolvedMultiplier resolveMultiplier(std::span<const MultiplierRule> rules,
                                                   SubscriptionTier tier, QStringView provider,
                                                   QStringView modelId, std::int64_t atMs);

// --- Charge ----------------------------------------------------------------

inline constexpr std::int64_t kCancelledStreamOutputTokens = 100;

struct ChargeInput {
    TokenUsage usage;
    // A cancelled stream that produced output but got no usage count bills
    // kCancelledStreamOutputTokens output tokens (Plan 112).
    bool cancelledStreamWithoutUsage = false;
    bool byok = false;
    int multiplierHundredths = kDefaultMultiplier;
    CreditIncrement increment = CreditIncrement::Tenth;
};

struct UsageCharge {
    TokenUsage billedUsage;
    Int128 costPicoUsd = 0;
    std::int64_t costE8 = 0;      // half-up to 1e-8 USD (the ledger's cost)
    int multiplierHundredths = 0; // 0 for BYOK
    Credits credits;              // 0 for BYOK
    std::int64_t valueE8 = 0;     // credits × $0.01
    std::int64_t marginE8 = 0;    // value − cost
    bool byok = false;
};

// credits = inc × ceil(pUSD × m ÷ (inc × 10⁸)) in cu: any non-zero cost costs
// at least one increment. Cost above the ledger column ($99.99999999) or
// credits above theirs → `amount_overflow`; m outside 1.00..99.99 →
// `invalid_multiplier` (not checked for BYOK).
[[nodiscard]] Result<UsageCharge> chargeForUsage(const ModelPrice &price, const ChargeInput &input);

// Pre-flight estimate (§4 "At zero"): ceil(chars / 4) input tokens plus
// `maxTokens` output, × 11/10, ceil to the increment.
inline constexpr std::int64_t kDefaultEstimateMaxTokens = 4'096;
[[nodiscard]] Result<Credits> estimateCharge(const ModelPrice &price, std::int64_t promptChars,
                                             std::int64_t maxTokens, int multiplierHundredths,
                                             CreditIncrement increment);

} // namespace creditdesk

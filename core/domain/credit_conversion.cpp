#include "core/domain/credit_conversion.h"

#include <QJsonObject>

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

namespace creditdesk {

namespace {

constexpr Int128 kPicoPerE8PerKTokens = 10;        // 1e-8 USD per 1k tokens = 10 pUSD per token
constexpr Int128 kPicoPerE8 = 10'000;              // 1e-8 USD in pUSD
constexpr Int128 kCuDivisor = 100'000'000;         // pUSD × m100 ÷ 10⁸ = cu
constexpr std::int64_t kMaxCostE8 = 9'999'999'999; // Decimal(10,8)
constexpr std::int64_t kE8PerCu = 100;             // 1 cu = $0.000001

bool effectiveAt(bool active, std::int64_t fromMs, std::optional<std::int64_t> untilMs, std::int64_t atMs)
{
    return active && fromMs <= atMs && (!untilMs || atMs <= *untilMs);
}

Result<std::int64_t> checkedPrice(std::optional<std::int64_t> e8, QLatin1StringView which)
{
    if (!e8)
        return fail(errc::invalidAmount, u"%1 price missing"_s.arg(which));
    if (*e8 < 0 || *e8 > kMaxPriceE8)
        return fail(errc::invalidAmount, u"%1 price outside Decimal(10,8)"_s.arg(which));
    return *e8;
}

Result<Int128> creditUnits(Int128 pico, Int128 m100, Int128 marginNum, Int128 marginDen, CreditIncrement inc)
{
    const Int128 incCu = incrementUnits(inc);
    const Int128 steps = ceilDiv(pico * m100 * marginNum, incCu * kCuDivisor * marginDen);
    const Int128 cu = steps * incCu;
    if (cu > Credits::kMaxUnits)
        return fail(errc::amountOverflow, u"charge exceeds the credits column"_s);
    return cu;
}

} // namespace

Result<CreditIncrement> parseCreditIncrement(QStringView decimal)
{
    auto value = Credits::parse(decimal, 4);
    if (value) {
        for (auto inc : {CreditIncrement::Hundredth, CreditIncrement::Tenth, CreditIncrement::Whole}) {
            if (value->units() == incrementUnits(inc))
                return inc;
        }
    }
    return fail(errc::invalidArgument, u"credit increment must be 0.01, 0.1 or 1.0"_s,
                QJsonObject{{u"value"_s, decimal.left(32).toString()}});
}

Result<ModelPrice> selectPrice(std::span<const ModelPrice> rows, QStringView provider, QStringView modelId,
                               std::int64_t atMs)
{
    const ModelPrice *best = nullptr;
    for (const ModelPrice &row : rows) {
        if (row.provider != provider || row.modelId != modelId ||
            !effectiveAt(row.active, row.effectiveFromMs, row.effectiveUntilMs, atMs)) {
            continue;
        }
        if (!best || row.effectiveFromMs > best->effectiveFromMs ||
            (row.effectiveFromMs == best->effectiveFromMs && row.createdAtMs > best->createdAtMs)) {
            best = &row;
        }
    }
    if (!best) {
        return fail(errc::pricingNotFound, u"no active price for the model"_s,
                    QJsonObject{{u"provider"_s, provider.toString()}, {u"model_id"_s, modelId.toString()}});
    }
    return *best;
}

Result<Int128> vendorCostPicoUsd(const ModelPrice &price, const TokenUsage &u)
{
    for (std::int64_t tokens : {u.inputTokens, u.outputTokens, u.cacheWriteTokens, u.cacheReadTokens}) {
        if (tokens < 0 || tokens > kMaxTokens)
            return fail(errc::invalidArgument, u"token count out of range"_s);
    }
    const bool high = price.contextThresholdTokens && u.inputTokens > *price.contextThresholdTokens;
    auto pick = [&](std::optional<std::int64_t> PriceRates::*field) {
        const auto &highValue = price.highContextRates.*field;
        return high && highValue ? highValue : price.rates.*field;
    };
    auto input = checkedPrice(pick(&PriceRates::inputE8), "input"_L1);
    if (!input)
        return std::unexpected(input.error());
    auto output = checkedPrice(pick(&PriceRates::outputE8), "output"_L1);
    if (!output)
        return std::unexpected(output.error());
    auto cacheWrite = checkedPrice(pick(&PriceRates::cacheWriteE8).value_or(*input), "cache write"_L1);
    if (!cacheWrite)
        return std::unexpected(cacheWrite.error());

    Int128 pico = (Int128{u.inputTokens} * *input + Int128{u.outputTokens} * *output +
                   Int128{u.cacheWriteTokens} * *cacheWrite) *
                  kPicoPerE8PerKTokens;
    if (const auto cacheRead = pick(&PriceRates::cacheReadE8)) {
        auto checked = checkedPrice(cacheRead, "cache read"_L1);
        if (!checked)
            return std::unexpected(checked.error());
        pico += Int128{u.cacheReadTokens} * *checked * kPicoPerE8PerKTokens;
    } else {
        // 10 % of input × 10 pUSD = × 1; 50 % = × 5: exact without a fraction.
        const Int128 factor = price.cacheReadDefault == CacheReadDefault::FiftyPercent ? 5 : 1;
        pico += Int128{u.cacheReadTokens} * *input * factor;
    }
    return pico;
}

Result<int> validateMultiplier(int hundredths)
{
    if (hundredths < kMinMultiplier || hundredths > kMaxMultiplier) {
        return fail(errc::invalidMultiplier, u"multiplier must be within 1.00..99.99"_s,
                    QJsonObject{{u"multiplier_hundredths"_s, hundredths}});
    }
    return hundredths;
}

ResolvedMultiplier resolveMultiplier(std::span<const MultiplierRule> rules, SubscriptionTier tier,
                                     QStringView provider, QStringView modelId, std::int64_t atMs)
{
    auto matches = [&](const MultiplierRule &r, MultiplierScope scope) {
        if (r.scope != scope)
            return false;
        switch (scope) {
        case MultiplierScope::Combination:
            return r.tier == tier && r.provider == provider && r.modelId == modelId;
        case MultiplierScope::Model:
            return r.provider == provider && r.modelId == modelId;
        case MultiplierScope::Provider:
            return r.provider == provider && !r.tier;
        case MultiplierScope::Tier:
            return r.tier == tier && r.provider.isEmpty();
        }
        return false;
    };
    for (auto scope : {MultiplierScope::Combination, MultiplierScope::Model, MultiplierScope::Provider,
                       MultiplierScope::Tier}) {
        const MultiplierRule *best = nullptr;
        for (const MultiplierRule &r : rules) {
            if (!matches(r, scope) || !r.approved ||
                !effectiveAt(r.active, r.effectiveFromMs, r.effectiveUntilMs, atMs) ||
                !validateMultiplier(r.multiplierHundredths)) {
                continue;
            }
            if (!best || r.effectiveFromMs > best->effectiveFromMs ||
                (r.effectiveFromMs == best->effectiveFromMs && r.createdAtMs > best->createdAtMs)) {
                best = &r;
            }
        }
        if (best)
            return ResolvedMultiplier{best->multiplierHundredths, scope};
    }
    return ResolvedMultiplier{};
}

Result<UsageCharge> chargeForUsage(const ModelPrice &price, const ChargeInput &in)
{
    UsageCharge charge;
    charge.byok = in.byok;
    charge.billedUsage = in.usage;
    if (in.cancelledStreamWithoutUsage)
        charge.billedUsage.outputTokens = kCancelledStreamOutputTokens;

    auto pico = vendorCostPicoUsd(price, charge.billedUsage);
    if (!pico)
        return std::unexpected(pico.error());
    charge.costPicoUsd = *pico;
    const Int128 costE8 = divHalfUp(*pico, kPicoPerE8);
    if (costE8 > kMaxCostE8)
        return fail(errc::amountOverflow, u"vendor cost exceeds the ledger column"_s);
    charge.costE8 = static_cast<std::int64_t>(costE8);
    if (in.byok)
        return charge; // 0 credits, m 0, value 0, margin 0; cost for information

    auto m = validateMultiplier(in.multiplierHundredths);
    if (!m)
        return std::unexpected(m.error());
    auto cu = creditUnits(*pico, *m, 1, 1, in.increment);
    if (!cu)
        return std::unexpected(cu.error());
    charge.multiplierHundredths = *m;
    charge.credits = Credits::fromUnits(static_cast<std::int64_t>(*cu)).value();
    charge.valueE8 = charge.credits.units() * kE8PerCu;
    charge.marginE8 = charge.valueE8 - charge.costE8;
    return charge;
}

Result<Credits> estimateCharge(const ModelPrice &price, std::int64_t promptChars, std::int64_t maxTokens,
                               int multiplierHundredths, CreditIncrement increment)
{
    if (promptChars < 0 || maxTokens < 0)
        return fail(errc::invalidArgument, u"negative size"_s);
    const TokenUsage usage{static_cast<std::int64_t>(ceilDiv(promptChars, 4)), maxTokens, 0, 0};
    auto pico = vendorCostPicoUsd(price, usage);
    if (!pico)
        return std::unexpected(pico.error());
    auto m = validateMultiplier(multiplierHundredths);
    if (!m)
        return std::unexpected(m.error());
    auto cu = creditUnits(*pico, *m, 11, 10, increment); // the cloud's 10 % margin
    if (!cu)
        return std::unexpected(cu.error());
    return Credits::fromUnits(static_cast<std::int64_t>(*cu));
}

} // namespace creditdesk

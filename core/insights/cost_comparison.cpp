#include "core/insights/cost_comparison.h"

#include "core/domain/int_math.h"
#include "core/store/mirror_database.h"
#include "core/store/sql_support.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <span>
#include <tuple>
#include <vector>

using namespace Qt::StringLiterals;

namespace creditdesk::insights {

namespace {

constexpr std::int64_t kUnitsPerCent = Credits::kUnitsPerCredit; // 1 credit = $0.01
constexpr std::int64_t kPicoPerCent = 10'000'000'000;

struct Bucket {
    ModelCost cost;
    Int128 creditUnits = 0;
    Int128 pricedCreditUnits = 0;
    Int128 ownKeyPico = 0;
    bool priced = false;
};

Result<Money> centsOf(Int128 value, Int128 perCent)
{
    const Int128 cents = divHalfUp(value, perCent);
    if (cents > kInt64Max || cents < kInt64Min)
        return fail(creditdesk::errc::amountOverflow, u"amount exceeds the money range"_s);
    return Money::fromCents(static_cast<std::int64_t>(cents));
}

Result<Credits> creditsOf(Int128 units)
{
    if (units > kInt64Max || units < kInt64Min)
        return fail(creditdesk::errc::amountOverflow, u"credits exceed the credits range"_s);
    return Credits::fromUnits(static_cast<std::int64_t>(units));
}

} // namespace

CostComparison::CostComparison(store::MirrorDatabase &db, QList<ModelPrice> prices)
    : m_db(db)
    , m_prices(std::move(prices))
{
    QSet<QString> ambiguous;
    for (const ModelPrice &p : std::as_const(m_prices)) {
        const auto known = m_providerByModel.constFind(p.modelId);
        if (known != m_providerByModel.cend() && *known != p.provider)
            ambiguous.insert(p.modelId);
        m_providerByModel.insert(p.modelId, p.provider);
    }
    for (const QString &model : std::as_const(ambiguous))
        m_providerByModel.remove(model);
}

Result<CostReport> CostComparison::compare(std::int64_t fromMs, std::int64_t toMs)
{
    if (toMs <= fromMs)
        return fail(creditdesk::errc::invalidArgument, u"the period must end after it starts"_s);
    auto q = m_db.run(u"SELECT provider, model_id, input_tokens, output_tokens, cached_input_tokens, "
                      u"credits_deducted, reverses_id IS NOT NULL, occurred_at FROM token_usage_ledger "
                      u"WHERE (is_byok = 0 OR (is_byok IS NULL AND credits_deducted <> 0)) "
                      u"AND occurred_at >= ? AND occurred_at < ?"_s,
                      {store::sql::integer(fromMs), store::sql::integer(toMs)});
    if (!q)
        return std::unexpected(q.error());

    std::vector<Bucket> buckets;
    QHash<QString, std::size_t> index; // "provider\nmodel" → bucket
    while (q->next()) {
        store::sql::RowReader r(*q);
        const QString model = r.text(1);
        const QString provider = r.text(0).isEmpty() ? m_providerByModel.value(model) : r.text(0);
        const TokenUsage tokens{r.integer(2), r.integer(3), 0, r.integer(4)};
        const Credits credits = r.credits(5);
        const bool correction = r.boolean(6);
        const std::int64_t at = r.integer(7);
        if (auto ok = r.status(); !ok)
            return std::unexpected(ok.error());

        const QString key = provider + u'\n' + model;
        auto found = index.constFind(key);
        if (found == index.cend()) {
            found = index.insert(key, buckets.size());
            Bucket fresh;
            fresh.cost.provider = provider;
            fresh.cost.modelId = model;
            buckets.push_back(fresh);
        }
        Bucket &b = buckets[*found];
        b.creditUnits += credits.units();
        auto price = selectPrice(std::span<const ModelPrice>(m_prices.constData(), m_prices.size()), provider,
                                 model, at);
        if (price)
            b.pricedCreditUnits += credits.units();
        if (correction)
            continue;
        ++b.cost.requests;
        b.cost.tokens.inputTokens += tokens.inputTokens;
        b.cost.tokens.outputTokens += tokens.outputTokens;
        b.cost.tokens.cacheReadTokens += tokens.cacheReadTokens;
        if (!price) {
            ++b.cost.unpricedRequests;
            continue;
        }
        auto pico = vendorCostPicoUsd(*price, tokens);
        if (!pico)
            return std::unexpected(pico.error());
        b.ownKeyPico += *pico;
        b.priced = true;
    }
    if (auto ok = store::sql::iterationStatus(*q, "cost comparison"_L1); !ok)
        return std::unexpected(ok.error());

    CostReport report;
    report.fromMs = fromMs;
    report.toMs = toMs;
    Int128 cloudUnits = 0;
    Int128 pricedUnits = 0;
    Int128 ownPico = 0;
    for (Bucket &b : buckets) {
        auto credits = creditsOf(b.creditUnits);
        auto value = centsOf(b.creditUnits, kUnitsPerCent);
        if (!credits || !value)
            return std::unexpected(!credits ? credits.error() : value.error());
        b.cost.credits = *credits;
        b.cost.creditValue = *value;
        if (b.priced) {
            auto own = centsOf(b.ownKeyPico, kPicoPerCent);
            if (!own)
                return std::unexpected(own.error());
            b.cost.ownKeyCost = *own;
        }
        cloudUnits += b.creditUnits;
        pricedUnits += b.pricedCreditUnits;
        ownPico += b.ownKeyPico;
        report.requests += b.cost.requests;
        report.unpricedRequests += b.cost.unpricedRequests;
        report.models.append(b.cost);
    }
    auto cloudCredits = creditsOf(cloudUnits);
    auto unpriced = creditsOf(cloudUnits - pricedUnits);
    auto cloudValue = centsOf(cloudUnits, kUnitsPerCent);
    auto compared = centsOf(pricedUnits, kUnitsPerCent);
    auto own = centsOf(ownPico, kPicoPerCent);
    for (const auto *r : {&cloudValue, &compared, &own}) {
        if (!*r)
            return std::unexpected(r->error());
    }
    if (!cloudCredits || !unpriced)
        return std::unexpected(!cloudCredits ? cloudCredits.error() : unpriced.error());
    auto savings = compared->minus(*own);
    if (!savings)
        return std::unexpected(savings.error());
    report.cloudCredits = *cloudCredits;
    report.unpricedCredits = *unpriced;
    report.cloudValue = *cloudValue;
    report.comparedCloudValue = *compared;
    report.ownKeyCost = *own;
    report.savings = *savings;
    std::ranges::sort(report.models, [](const ModelCost &a, const ModelCost &b) {
        if (a.credits != b.credits)
            return a.credits > b.credits;
        return std::tie(a.provider, a.modelId) < std::tie(b.provider, b.modelId);
    });
    return report;
}

} // namespace creditdesk::insights

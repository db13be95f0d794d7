#pragma once

#include "core/domain/credit_conversion.h"
#include "core/domain/credits.h"
#include "core/domain/error.h"
#include "core/domain/money.h"

#include <QHash>
#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::store {
class MirrorDatabase;
}

namespace creditdesk::insights {

// One model's cloud usage in the period.
struct ModelCost {
    QString provider;
    QString modelId;
    std::int64_t requests = 0;
    TokenUsage tokens;               // input, output, cache reads (cached_input_tokens)
    Credits credits;                 // net credits paid (corrections included)
    Money creditValue;               // credits × $0.01, half-up to the cent
    std::optional<Money> ownKeyCost; // the same requests at list price; nullopt: no price known
    std::int64_t unpricedRequests = 0;
    friend bool operator==(const ModelCost &, const ModelCost &) = default;
};

struct CostReport {
    std::int64_t fromMs = 0;
    std::int64_t toMs = 0;
    Credits cloudCredits; // every cloud request in the period, net of corrections
    Money cloudValue;     // cloudCredits × $0.01
    // The fair comparison covers only requests whose model has a list price:
    Money comparedCloudValue; // what those cost in credits
    Money ownKeyCost;         // what they would have cost on the user's own keys
    Money savings;            // comparedCloudValue − ownKeyCost (> 0: own keys are cheaper)
    std::int64_t requests = 0;
    std::int64_t unpricedRequests = 0; // models without a list price (or an unknown provider)
    Credits unpricedCredits;
    QList<ModelCost> models; // most credits first
    friend bool operator==(const CostReport &, const CostReport &) = default;
};

// Cloud mode versus own keys, from the user's own ledger: the credits the
// user spent on cloud requests with occurred_at in [from, to), valued at the
// domain's 1 credit = $0.01, against the provider list price of the very same
// tokens (domain vendorCostPicoUsd per request, so high-context prices apply
// per request, with the price row effective at the request). Correction rows
// lower the credits; the tokens of the corrected request stay counted (a
// provider bills them). BYOK rows are not part of either side. All sums are
// exact (credit units, picodollars) and rounded half-up to the cent once.
// Rows polled from a cloud without the §10 extensions carry no provider and
// no BYOK flag: such a row counts as cloud when it cost credits (BYOK rows
// cost none), and takes the provider of the only list price for its model.
class CostComparison {
public:
    // `prices`: e.g. providerListPrices().
    CostComparison(store::MirrorDatabase &db, QList<ModelPrice> prices);

    // invalid_argument when to <= from; amount_overflow; mirror read errors.
    [[nodiscard]] Result<CostReport> compare(std::int64_t fromMs, std::int64_t toMs);

private:
    store::MirrorDatabase &m_db;
    QList<ModelPrice> m_prices;
    QHash<QString, QString> m_providerByModel; // models listed by exactly one provider
};

} // namespace creditdesk::insights

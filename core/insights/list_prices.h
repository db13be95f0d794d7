#pragma once

#include "core/domain/credit_conversion.h"

#include <QList>

namespace creditdesk::insights {

// The providers' public list prices per 1k tokens (1e-8 USD), effective
// 2025-01-01: the same rows the reference server seeds into
// model_provider_pricing (server/migrations/*/0006_billing_seed.sql; a test
// keeps the two equal). Neither the mirror nor the API (api-contract: models
// and pricing are out of scope) exposes vendor prices to the app, so this is
// the app's copy; CostComparison takes any other list as well. OpenAI rows
// price cached prompts at 50 % of input, the others at 10 % when unlisted.
[[nodiscard]] QList<ModelPrice> providerListPrices();

} // namespace creditdesk::insights

#pragma once

#include "core/domain/credit_conversion.h"
#include "core/domain/enums.h"
#include "core/domain/error.h"
#include "server/billing/usage_types.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QString>

#include <vector>

namespace creditdesk::server {

class Connection;

// Providers, vendor prices, multiplier rules and the credit increment, read
// once and then used to price any number of usage reports with the domain
// rules (selectPrice, resolveMultiplier, chargeForUsage).
class PricingCatalog {
public:
    // Everything (bulk generation), or only the price rows of one provider's
    // model (a single report; multiplier rules are always all loaded).
    [[nodiscard]] static Result<PricingCatalog> load(const Connection &db, const QString &provider = {},
                                                     const QString &modelId = {});

    [[nodiscard]] CreditIncrement increment() const { return m_increment; }
    [[nodiscard]] QString providerId(const QString &name) const { return m_providerIds.value(name); }
    // (provider, model) of every active price row.
    [[nodiscard]] QList<QPair<QString, QString>> models() const;

    // Unknown provider → validation_error {provider}; no price for a cloud
    // request → validation_error {model_id}; a BYOK request of an unpriced
    // model is recorded at cost 0. Errors of the conversion pass through.
    [[nodiscard]] Result<PricedUsage> price(const UsageInput &input, SubscriptionTier tier) const;

private:
    PricingCatalog() = default;

    QHash<QString, QString> m_providerIds; // name → id
    struct PriceGroup {
        std::vector<ModelPrice> prices; // of one provider's model
        QList<QString> ids;             // model_provider_pricing.id, parallel
    };
    QHash<QString, QHash<QString, PriceGroup>> m_groups; // provider → model → rows
    std::vector<MultiplierRule> m_rules;
    CreditIncrement m_increment = CreditIncrement::Tenth;
};

} // namespace creditdesk::server

#include "server/billing/pricing_catalog.h"

#include "server/billing/billing_errors.h"
#include "server/billing/billing_sql.h"
#include "server/db/connection.h"
#include "server/db/sql_values.h"

#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

std::optional<std::int64_t> optionalPrice(const Connection &db, const QVariant &value, bool *ok)
{
    if (value.isNull())
        return std::nullopt;
    auto read = sqlv::readVendorCost(db, value);
    if (!read) {
        *ok = false;
        return std::nullopt;
    }
    return *read;
}

std::optional<MultiplierScope> parseScope(const QString &text)
{
    if (text == "tier"_L1)
        return MultiplierScope::Tier;
    if (text == "provider"_L1)
        return MultiplierScope::Provider;
    if (text == "model"_L1)
        return MultiplierScope::Model;
    if (text == "combination"_L1)
        return MultiplierScope::Combination;
    return std::nullopt;
}

std::unexpected<Error> unreadable(const QString &what)
{
    return fail("database_error"_L1, what + u" is unreadable"_s);
}

} // namespace

Result<PricingCatalog> PricingCatalog::load(const Connection &db, const QString &provider, const QString &modelId)
{
    PricingCatalog c;
    auto providers = billing::runSql(db, u"SELECT id, name FROM providers WHERE is_enabled = ?"_s,
                                     {sqlv::boolean(db, true)});
    if (!providers)
        return std::unexpected(providers.error());
    while (providers->next())
        c.m_providerIds.insert(providers->value(1).toString(), sqlv::readUuid(providers->value(0)));

    QString sql = u"SELECT m.id, p.name, m.model_id, m.input_price_per_1k, m.output_price_per_1k, "
                  "m.cache_write_price_per_1k, m.cache_read_price_per_1k, m.context_threshold_tokens, "
                  "m.input_price_per_1k_high_context, m.output_price_per_1k_high_context, "
                  "m.cache_read_price_per_1k_high_context, m.effective_from, m.effective_until, m.is_active, "
                  "m.created_at FROM model_provider_pricing m JOIN providers p ON p.id = m.provider_id"_s;
    QVariantList values;
    if (!provider.isEmpty()) {
        sql += u" WHERE p.name = ? AND m.model_id = ?"_s;
        values = {provider, modelId};
    }
    auto prices = billing::runSql(db, sql, values);
    if (!prices)
        return std::unexpected(prices.error());
    while (prices->next()) {
        ModelPrice p;
        bool ok = true;
        p.provider = prices->value(1).toString();
        p.modelId = prices->value(2).toString();
        p.rates.inputE8 = optionalPrice(db, prices->value(3), &ok);
        p.rates.outputE8 = optionalPrice(db, prices->value(4), &ok);
        p.rates.cacheWriteE8 = optionalPrice(db, prices->value(5), &ok);
        p.rates.cacheReadE8 = optionalPrice(db, prices->value(6), &ok);
        if (!prices->value(7).isNull())
            p.contextThresholdTokens = prices->value(7).toLongLong();
        p.highContextRates.inputE8 = optionalPrice(db, prices->value(8), &ok);
        p.highContextRates.outputE8 = optionalPrice(db, prices->value(9), &ok);
        p.highContextRates.cacheReadE8 = optionalPrice(db, prices->value(10), &ok);
        p.cacheReadDefault = p.provider == "openai"_L1 ? CacheReadDefault::FiftyPercent : CacheReadDefault::TenPercent;
        auto from = sqlv::readTimestamp(db, prices->value(11));
        auto until = sqlv::readOptionalTimestamp(db, prices->value(12));
        auto active = sqlv::readBoolean(db, prices->value(13));
        auto created = sqlv::readTimestamp(db, prices->value(14));
        if (!ok || !from || !until || !active || !created)
            return unreadable(u"model_provider_pricing"_s);
        p.effectiveFromMs = *from;
        p.effectiveUntilMs = *until;
        p.active = *active;
        p.createdAtMs = *created;
        PriceGroup &group = c.m_groups[p.provider][p.modelId];
        group.ids.append(sqlv::readUuid(prices->value(0)));
        group.prices.push_back(std::move(p));
    }

    auto rules = billing::runSql(db, u"SELECT c.scope, c.tier, p.name, c.model_id, c.margin_multiplier, c.is_active, "
                                     "c.approval_status, c.effective_from, c.effective_until, c.created_at "
                                     "FROM pricing_configs c LEFT JOIN providers p ON p.id = c.provider_id"_s);
    if (!rules)
        return std::unexpected(rules.error());
    while (rules->next()) {
        MultiplierRule r;
        const auto scope = parseScope(rules->value(0).toString());
        auto multiplier = sqlv::readMultiplier(db, rules->value(4));
        auto active = sqlv::readBoolean(db, rules->value(5));
        auto from = sqlv::readTimestamp(db, rules->value(7));
        auto until = sqlv::readOptionalTimestamp(db, rules->value(8));
        auto created = sqlv::readTimestamp(db, rules->value(9));
        if (!scope || !multiplier || !active || !from || !until || !created)
            return unreadable(u"pricing_configs"_s);
        r.scope = *scope;
        if (!rules->value(1).isNull()) {
            auto tier = parseSubscriptionTier(rules->value(1).toString());
            if (!tier)
                return unreadable(u"pricing_configs.tier"_s);
            r.tier = *tier;
        }
        r.provider = rules->value(2).toString();
        r.modelId = rules->value(3).toString();
        r.multiplierHundredths = *multiplier;
        r.active = *active;
        r.approved = rules->value(6).toString() == "approved"_L1;
        r.effectiveFromMs = *from;
        r.effectiveUntilMs = *until;
        r.createdAtMs = *created;
        c.m_rules.push_back(std::move(r));
    }

    bool found = false;
    auto settings = billing::runSqlFirst(db, u"SELECT credit_minimum_increment FROM credit_settings WHERE id = 1"_s, {},
                                         &found);
    if (!settings)
        return std::unexpected(settings.error());
    if (found) {
        auto hundredths = sqlv::readMultiplier(db, settings->value(0)); // NUMERIC(4,2) | INTEGER hundredths
        if (!hundredths || (*hundredths != 1 && *hundredths != 10 && *hundredths != 100))
            return unreadable(u"credit_settings.credit_minimum_increment"_s);
        c.m_increment = static_cast<CreditIncrement>(std::int64_t{*hundredths} * 100);
    }
    return c;
}

QList<QPair<QString, QString>> PricingCatalog::models() const
{
    QList<QPair<QString, QString>> list;
    for (auto provider = m_groups.cbegin(); provider != m_groups.cend(); ++provider) {
        for (auto model = provider->cbegin(); model != provider->cend(); ++model) {
            const bool active = std::ranges::any_of(model->prices, [](const ModelPrice &p) { return p.active; });
            if (active)
                list.append(qMakePair(provider.key(), model.key()));
        }
    }
    std::ranges::sort(list); // a stable order for seeded generation
    return list;
}

Result<PricedUsage> PricingCatalog::price(const UsageInput &input, SubscriptionTier tier) const
{
    PricedUsage priced;
    priced.input = input;
    priced.providerId = m_providerIds.value(input.provider);
    if (priced.providerId.isEmpty())
        return fail(billerr::validationError, u"unknown provider"_s,
                    QJsonObject{{u"provider"_s, u"unknown or disabled provider"_s}});

    ModelPrice price;
    static const PriceGroup kNone;
    const PriceGroup *group = &kNone;
    if (const auto provider = m_groups.constFind(input.provider); provider != m_groups.cend()) {
        if (const auto model = provider->constFind(input.modelId); model != provider->cend())
            group = &*model;
    }
    auto selected = selectPrice(group->prices, input.provider, input.modelId, input.occurredAtMs);
    if (selected) {
        price = *selected;
        for (std::size_t i = 0; i < group->prices.size(); ++i) {
            if (group->prices[i].effectiveFromMs == price.effectiveFromMs)
                priced.pricingId = group->ids.at(static_cast<qsizetype>(i));
        }
    } else if (input.byok) {
        price.provider = input.provider; // informational cost of an unpriced model: 0
        price.modelId = input.modelId;
        price.rates.inputE8 = 0;
        price.rates.outputE8 = 0;
    } else {
        return fail(billerr::validationError, u"no active price for this provider and model"_s,
                    QJsonObject{{u"model_id"_s, u"no active price for %1/%2"_s.arg(input.provider, input.modelId)}});
    }

    ChargeInput charge;
    charge.usage.inputTokens = input.inputTokens;
    charge.usage.outputTokens = input.outputTokens;
    charge.usage.cacheReadTokens = input.cachedInputTokens;
    charge.byok = input.byok;
    charge.multiplierHundredths =
        resolveMultiplier(m_rules, tier, input.provider, input.modelId, input.occurredAtMs).hundredths;
    charge.increment = m_increment;
    auto charged = chargeForUsage(price, charge);
    if (!charged) {
        if (charged.error().is(errc::amountOverflow) || charged.error().is(errc::invalidArgument))
            return fail(billerr::validationError, charged.error().message,
                        QJsonObject{{u"input_tokens"_s, charged.error().message}});
        return std::unexpected(charged.error());
    }
    priced.charge = *charged;
    return priced;
}

} // namespace creditdesk::server

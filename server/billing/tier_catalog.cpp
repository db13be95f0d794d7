#include "server/billing/tier_catalog.h"

#include "core/domain/int_math.h"
#include "server/billing/billing_sql.h"
#include "server/db/connection.h"
#include "server/db/sql_values.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

QString defaultDisplayName(SubscriptionTier tier)
{
    switch (tier) {
    case SubscriptionTier::Free:
        return u"Free"_s;
    case SubscriptionTier::Pro:
        return u"Pro"_s;
    case SubscriptionTier::ProMax:
        return u"Pro Max"_s;
    case SubscriptionTier::EnterprisePro:
        return u"Enterprise Pro"_s;
    case SubscriptionTier::EnterpriseMax:
        return u"Enterprise Max"_s;
    case SubscriptionTier::Perpetual:
        return u"Perpetual License"_s;
    }
    return toString(tier);
}

std::size_t slot(SubscriptionTier tier)
{
    return static_cast<std::size_t>(tier);
}

QString grouped(std::int64_t value)
{
    return QLocale(QLocale::English, QLocale::UnitedStates).toString(static_cast<qlonglong>(value));
}

} // namespace

TierCatalog::TierCatalog()
{
    for (SubscriptionTier tier : allSubscriptionTiers()) {
        TierInfo &t = m_tiers[slot(tier)];
        t.config = tierConfig(tier);
        t.displayName = defaultDisplayName(tier);
        t.available = t.config.onSale;
    }
}

TierCatalog TierCatalog::defaults()
{
    return TierCatalog();
}

Result<TierCatalog> TierCatalog::load(const Connection &db)
{
    TierCatalog catalog;
    auto q = billing::runSql(db, u"SELECT tier, display_name, monthly_price_cents, yearly_price_cents, "
                                  "monthly_credit_allocation, rollover_cap, rollover_months, history_days, trial_days, "
                                  "credit_multiplier, is_available, available_from, features "
                                  "FROM subscription_tier_config"_s);
    if (!q)
        return std::unexpected(q.error());
    while (q->next()) {
        auto tier = parseSubscriptionTier(q->value(0).toString());
        if (!tier)
            continue;
        TierInfo &t = catalog.m_tiers[slot(*tier)];
        auto allocation = sqlv::readCredits(db, q->value(4));
        auto cap = sqlv::readCredits(db, q->value(5));
        auto multiplier = sqlv::readMultiplier(db, q->value(9));
        auto available = sqlv::readBoolean(db, q->value(10));
        auto from = sqlv::readOptionalTimestamp(db, q->value(11));
        auto features = sqlv::readJson(q->value(12));
        if (!allocation || !cap || !multiplier || !available || !from || !features)
            return fail("database_error"_L1, u"subscription_tier_config row for %1 is unreadable"_s.arg(toString(*tier)));
        t.displayName = q->value(1).toString();
        t.config.monthlyPriceCents = q->value(2).toLongLong();
        t.config.yearlyPriceCents = q->value(3).toLongLong();
        t.config.monthlyCredits = allocation->floorWhole();
        t.config.rolloverCapCredits = cap->floorWhole();
        t.config.rolloverMonths = q->value(6).toInt();
        t.config.historyDays = q->value(7).toInt();
        t.config.trialDays = q->value(8).toInt();
        t.config.multiplierHundredths = *multiplier;
        t.available = *available;
        t.config.onSale = *available;
        t.availableFromMs = *from;
        t.features = features->toArray();
    }
    return catalog;
}

const TierInfo &TierCatalog::info(SubscriptionTier tier) const
{
    return m_tiers[slot(tier)];
}

QJsonObject TierCatalog::plansJson() const
{
    QJsonArray plans;
    for (SubscriptionTier tier : allSubscriptionTiers()) {
        if (tier == SubscriptionTier::Perpetual)
            continue; // a license, not a plan
        const TierInfo &t = info(tier);
        const TierConfig &c = t.config;
        QJsonObject plan{
            {u"id"_s, toString(tier)},
            {u"name"_s, t.displayName},
            {u"description"_s, u"%1: %2 credits per month"_s.arg(t.displayName, grouped(c.monthlyCredits))},
            {u"creditsPerMonth"_s, static_cast<qint64>(c.monthlyCredits)},
            {u"priceCents"_s, static_cast<qint64>(c.monthlyPriceCents)},
            {u"billingIntervals"_s, c.monthlyPriceCents > 0 ? QJsonArray{u"monthly"_s, u"yearly"_s}
                                                            : QJsonArray{u"monthly"_s}},
            {u"features"_s, t.features},
            {u"yearlyPriceCents"_s, static_cast<qint64>(c.yearlyPriceCents)},
            {u"trialDays"_s, c.trialDays},
            {u"available"_s, t.available},
        };
        if (c.monthlyPriceCents > 0) {
            const Int128 full = Int128{c.monthlyPriceCents} * 12;
            const Int128 percent = divHalfUp((full - c.yearlyPriceCents) * 100, full);
            plan.insert(u"yearlyDiscountPercent"_s, static_cast<qint64>(percent));
        }
        plans.append(plan);
    }
    return QJsonObject{{u"plans"_s, plans}};
}

} // namespace creditdesk::server

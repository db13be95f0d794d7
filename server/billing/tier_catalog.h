#pragma once

#include "core/domain/enums.h"
#include "core/domain/error.h"
#include "core/domain/tier_config.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <array>
#include <cstdint>
#include <optional>

namespace creditdesk::server {

class Connection;

struct TierInfo {
    TierConfig config;
    QString displayName;
    bool available = true;
    std::optional<std::int64_t> availableFromMs;
    QJsonArray features;
};

// The tier figures the server sells by: domain-rules §2 (core tierConfig),
// overlaid with the rows of subscription_tier_config (seeded with the same
// figures by migration 0006), so operators change prices in one table.
class TierCatalog {
public:
    [[nodiscard]] static Result<TierCatalog> load(const Connection &db);
    // Core figures only (no database).
    [[nodiscard]] static TierCatalog defaults();

    [[nodiscard]] const TierInfo &info(SubscriptionTier tier) const;
    [[nodiscard]] const TierConfig &config(SubscriptionTier tier) const { return info(tier).config; }

    // GET /v1/subscription-plans body: every subscription tier (not perpetual).
    [[nodiscard]] QJsonObject plansJson() const;

private:
    TierCatalog();
    std::array<TierInfo, 6> m_tiers;
};

} // namespace creditdesk::server

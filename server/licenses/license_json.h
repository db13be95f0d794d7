#pragma once

#include "server/licenses/license_service.h"

#include <QJsonObject>
#include <QJsonValue>

namespace creditdesk::server::licjson {

// Wire shapes of api-contract §8 and §10 (casing per endpoint, never
// normalised). Timestamps are `ts`; `usd` numbers and `usd$` strings come
// from integer cents.

// activate (with is_new_activation) and replace; certificate when issued.
[[nodiscard]] QJsonObject activation(const LicenseService::ActivationResult &result, bool withNewFlag);
// GET /api/licenses/me (camelCase).
[[nodiscard]] QJsonObject me(const LicenseService::LicenseView &view);
// GET /api/licenses/:key
[[nodiscard]] QJsonObject details(const LicenseService::LicenseDetails &details);
// GET …/:key/devices
[[nodiscard]] QJsonObject devices(const LicenseService::LicenseDetails &details);
[[nodiscard]] QJsonObject eligibility(const LicenseService::Eligibility &eligibility,
                                      const QString &requested);
[[nodiscard]] QJsonObject availableUpgrades(const LicenseService::UpgradeOffers &offers);
[[nodiscard]] QJsonObject upgradeHistory(const LicenseRecord &license, const QList<UpgradeRecord> &upgrades);
[[nodiscard]] QJsonObject upgradePurchase(const LicenseService::UpgradePurchase &purchase);
// POST /api/licenses/purchase (and the admin create-license output).
[[nodiscard]] QJsonObject purchase(const LicenseRecord &license);

// `usd$`: "12.50" (the `usd` number is wire::usdNumber).
[[nodiscard]] QString usdString(Money money);

} // namespace creditdesk::server::licjson

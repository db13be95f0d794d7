#include "server/licenses/license_json.h"

#include "core/domain/utc_time.h"
#include "server/http/wire_numbers.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace creditdesk::server::licjson {

namespace {

QJsonValue nullable(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue nullableTs(const std::optional<std::int64_t> &ms)
{
    return ms ? QJsonValue(toIsoUtc(*ms)) : QJsonValue(QJsonValue::Null);
}

QJsonObject upgrade(const UpgradeRecord &u)
{
    return QJsonObject{{u"id"_s, u.id},
                       {u"from_version"_s, u.fromVersion},
                       {u"to_version"_s, u.toVersion},
                       {u"upgrade_price_usd"_s, usdString(u.upgradePrice)},
                       {u"status"_s, u.status},
                       {u"purchased_at"_s, toIsoUtc(u.purchasedAtMs)}};
}

QJsonArray upgrades(const QList<UpgradeRecord> &list)
{
    QJsonArray array;
    for (const UpgradeRecord &u : list)
        array.append(upgrade(u));
    return array;
}

QString discountText(UpgradeDiscount reason)
{
    switch (reason) {
    case UpgradeDiscount::EarlyBird:
        return u"Early bird discount (20% off)"_s;
    case UpgradeDiscount::Loyalty:
        return u"Loyalty discount (30% off for previous upgrade)"_s;
    case UpgradeDiscount::None:
        break;
    }
    return {};
}

} // namespace

QString usdString(Money money)
{
    return money.toDecimalString();
}

QJsonObject activation(const LicenseService::ActivationResult &r, bool withNewFlag)
{
    QJsonObject data{{u"activation_id"_s, r.activation.id},
                     {u"license_id"_s, r.license.id},
                     {u"machine_fingerprint"_s, r.activation.fingerprint},
                     {u"device_name"_s, nullable(r.activation.deviceName)},
                     {u"status"_s, toString(r.activation.status)},
                     {u"activated_at"_s, toIsoUtc(r.activation.activatedAtMs)}};
    if (withNewFlag)
        data.insert(u"is_new_activation"_s, r.isNew);
    if (!r.certificate.isEmpty())
        data.insert(u"certificate"_s, r.certificate);
    return data;
}

QJsonObject me(const LicenseService::LicenseView &view)
{
    const LicenseRecord &l = view.license;
    return QJsonObject{{u"id"_s, l.id},
                       {u"licenseKey"_s, l.licenseKey},
                       {u"status"_s, toString(l.status)},
                       {u"purchasedVersion"_s, l.purchasedVersion},
                       {u"eligibleUntilVersion"_s, l.eligibleUntilVersion},
                       {u"maxActivations"_s, l.maxActivations},
                       {u"activeDeviceCount"_s, view.activeDevices},
                       {u"purchasedAt"_s, toIsoUtc(l.purchasedAtMs)},
                       {u"byokEnabled"_s, l.byokEnabled}};
}

QJsonObject details(const LicenseService::LicenseDetails &d)
{
    const LicenseRecord &l = d.license;
    QJsonArray activations;
    for (const ActivationRecord &a : d.activations)
        activations.append(QJsonObject{{u"id"_s, a.id},
                                       {u"device_name"_s, nullable(a.deviceName)},
                                       {u"os_type"_s, nullable(a.osType)},
                                       {u"status"_s, toString(a.status)},
                                       {u"activated_at"_s, toIsoUtc(a.activatedAtMs)}});
    return QJsonObject{{u"id"_s, l.id},
                       {u"license_key"_s, l.licenseKey},
                       {u"purchased_version"_s, l.purchasedVersion},
                       {u"eligible_until_version"_s, l.eligibleUntilVersion},
                       {u"max_activations"_s, l.maxActivations},
                       {u"current_activations"_s, d.activeDevices},
                       {u"status"_s, toString(l.status)},
                       {u"purchased_at"_s, toIsoUtc(l.purchasedAtMs)},
                       {u"activated_at"_s, nullableTs(l.activatedAtMs)},
                       {u"activations"_s, activations},
                       {u"version_upgrades"_s, upgrades(d.upgrades)}};
}

QJsonObject devices(const LicenseService::LicenseDetails &d)
{
    QJsonArray list;
    for (const ActivationRecord &a : d.activations)
        list.append(QJsonObject{{u"id"_s, a.id},
                                {u"device_name"_s, nullable(a.deviceName)},
                                {u"os_type"_s, nullable(a.osType)},
                                {u"os_version"_s, nullable(a.osVersion)},
                                {u"cpu_info"_s, nullable(a.cpuInfo)},
                                {u"activated_at"_s, toIsoUtc(a.activatedAtMs)},
                                {u"last_seen_at"_s, toIsoUtc(a.lastSeenAtMs)}});
    return QJsonObject{{u"license_key"_s, d.license.licenseKey},
                       {u"max_activations"_s, d.license.maxActivations},
                       {u"current_activations"_s, d.activeDevices},
                       {u"devices"_s, list}};
}

QJsonObject eligibility(const LicenseService::Eligibility &e, const QString &requested)
{
    return QJsonObject{
        {u"license_key"_s, e.license.licenseKey},
        {u"requested_version"_s, requested},
        {u"is_eligible"_s, e.eligible},
        {u"is_free"_s, e.eligible},
        {u"requires_payment"_s, !e.eligible},
        {u"current_eligible_range"_s,
         QJsonObject{{u"min"_s, e.license.purchasedVersion}, {u"max"_s, e.license.eligibleUntilVersion}}}};
}

QJsonObject availableUpgrades(const LicenseService::UpgradeOffers &o)
{
    QJsonArray list;
    for (const LicenseService::UpgradeOffer &offer : o.offers)
        list.append(QJsonObject{{u"fromVersion"_s, offer.fromVersion},
                                {u"toVersion"_s, offer.toVersion},
                                {u"upgradeType"_s, u"major"_s},
                                {u"isFree"_s, false},
                                {u"price"_s, wire::usdNumber(offer.price.finalPrice)},
                                {u"isEarlyBird"_s, offer.price.reason == UpgradeDiscount::EarlyBird}});
    return QJsonObject{{u"license_key"_s, o.license.licenseKey},
                       {u"current_version"_s, o.license.eligibleUntilVersion},
                       {u"available_upgrades"_s, list}};
}

QJsonObject upgradeHistory(const LicenseRecord &license, const QList<UpgradeRecord> &list)
{
    return QJsonObject{{u"license_key"_s, license.licenseKey}, {u"upgrade_history"_s, upgrades(list)}};
}

QJsonObject upgradePurchase(const LicenseService::UpgradePurchase &p)
{
    QJsonObject breakdown{{u"basePrice"_s, wire::usdNumber(p.price.base)},
                          {u"earlyBirdDiscount"_s, wire::usdNumber(p.price.earlyBirdDiscount)},
                          {u"loyaltyDiscount"_s, wire::usdNumber(p.price.loyaltyDiscount)},
                          {u"finalPrice"_s, wire::usdNumber(p.price.finalPrice)}};
    if (const QString reason = discountText(p.price.reason); !reason.isEmpty())
        breakdown.insert(u"discountReason"_s, reason);
    return QJsonObject{{u"upgrade_id"_s, p.upgrade.id},
                       {u"license_id"_s, p.license.id},
                       {u"from_version"_s, p.upgrade.fromVersion},
                       {u"to_version"_s, p.upgrade.toVersion},
                       {u"upgrade_price_usd"_s, usdString(p.upgrade.upgradePrice)},
                       {u"pricing_breakdown"_s, breakdown},
                       {u"status"_s, p.upgrade.status},
                       {u"purchased_at"_s, toIsoUtc(p.upgrade.purchasedAtMs)}};
}

QJsonObject purchase(const LicenseRecord &l)
{
    return QJsonObject{{u"id"_s, l.id},
                       {u"license_key"_s, l.licenseKey},
                       {u"purchased_version"_s, l.purchasedVersion},
                       {u"eligible_until_version"_s, l.eligibleUntilVersion},
                       {u"max_activations"_s, l.maxActivations},
                       {u"status"_s, toString(l.status)},
                       {u"purchased_at"_s, toIsoUtc(l.purchasedAtMs)}};
}

} // namespace creditdesk::server::licjson

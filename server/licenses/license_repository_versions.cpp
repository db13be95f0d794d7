// LicenseRepository: upgrades, the release catalogue and offline requests.
#include "server/db/connection.h"
#include "server/db/db_errors.h"
#include "server/db/sql_values.h"
#include "server/licenses/license_repository.h"
#include "server/licenses/license_sql_p.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

using licsql::nullableText;
using licsql::run;
using licsql::runWrite;

QVariant cents(Money money)
{
    return QVariant::fromValue(static_cast<qlonglong>(money.cents()));
}

Result<Money> readCents(const QVariant &value)
{
    bool ok = false;
    const qlonglong raw = value.toLongLong(&ok);
    if (!ok)
        return fail(dberr::databaseError, u"unreadable cents value"_s);
    return Money::fromCents(raw);
}

} // namespace

Result<QList<UpgradeRecord>> LicenseRepository::listUpgrades(const QString &licenseId)
{
    auto query =
        run(m_db,
            u"SELECT id, license_id, from_version, to_version, base_price_cents, early_bird_discount_cents, "
            "loyalty_discount_cents, upgrade_price_cents, discount_reason, status, stripe_payment_intent_id, "
            "purchased_at FROM version_upgrade WHERE license_id = ? ORDER BY purchased_at DESC, id DESC"_s,
            {sqlv::uuid(m_db, licenseId)}, u"list upgrades"_s);
    if (!query)
        return std::unexpected(query.error());
    QList<UpgradeRecord> rows;
    while (query->next()) {
        UpgradeRecord u;
        u.id = sqlv::readUuid(query->value(0));
        u.licenseId = sqlv::readUuid(query->value(1));
        u.fromVersion = query->value(2).toString();
        u.toVersion = query->value(3).toString();
        auto base = readCents(query->value(4));
        auto early = readCents(query->value(5));
        auto loyalty = readCents(query->value(6));
        auto price = readCents(query->value(7));
        auto purchased = sqlv::readTimestamp(m_db, query->value(11));
        if (!base || !early || !loyalty || !price || !purchased)
            return fail(dberr::databaseError, u"unreadable version_upgrade row"_s);
        u.basePrice = *base;
        u.earlyBirdDiscount = *early;
        u.loyaltyDiscount = *loyalty;
        u.upgradePrice = *price;
        u.discountReason = query->value(8).toString();
        u.status = query->value(9).toString();
        u.paymentIntentId = query->value(10).toString();
        u.purchasedAtMs = *purchased;
        rows.append(u);
    }
    return rows;
}

Result<bool> LicenseRepository::hasCompletedUpgrade(const QString &licenseId)
{
    auto query = run(m_db, u"SELECT 1 FROM version_upgrade WHERE license_id = ? AND status = 'completed'"_s,
                     {sqlv::uuid(m_db, licenseId)}, u"completed upgrade"_s);
    if (!query)
        return std::unexpected(query.error());
    return query->next();
}

Result<void> LicenseRepository::insertUpgrade(const UpgradeRecord &u, std::int64_t nowMs)
{
    const QString sql =
        u"INSERT INTO version_upgrade (id, license_id, from_version, to_version, base_price_cents, "
        "early_bird_discount_cents, loyalty_discount_cents, upgrade_price_cents, discount_reason, status, "
        "stripe_payment_intent_id, purchased_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "_s +
        sqlv::enumParam(m_db, u"upgrade_status"_s) + u", ?, ?, ?, ?)"_s;
    return runWrite(m_db, sql,
                    {sqlv::uuid(m_db, u.id), sqlv::uuid(m_db, u.licenseId), u.fromVersion, u.toVersion,
                     cents(u.basePrice), cents(u.earlyBirdDiscount), cents(u.loyaltyDiscount),
                     cents(u.upgradePrice), nullableText(u.discountReason), u.status,
                     nullableText(u.paymentIntentId), sqlv::timestamp(m_db, u.purchasedAtMs),
                     sqlv::timestamp(m_db, nowMs), sqlv::timestamp(m_db, nowMs)},
                    u"insert upgrade"_s);
}

Result<QList<AppRelease>> LicenseRepository::listReleases()
{
    auto query = run(m_db,
                     u"SELECT version, major, released_at FROM app_version "
                     "ORDER BY major ASC, minor ASC, patch ASC, released_at ASC, version ASC"_s,
                     {}, u"list releases"_s);
    if (!query)
        return std::unexpected(query.error());
    QList<AppRelease> rows;
    while (query->next()) {
        auto released = sqlv::readTimestamp(m_db, query->value(2));
        if (!released)
            return std::unexpected(released.error());
        rows.append(AppRelease{query->value(0).toString(), query->value(1).toLongLong(), *released});
    }
    return rows;
}

Result<std::optional<LicenseRepository::OfflineRecord>>
LicenseRepository::findOfflineRequest(const QString &nonce)
{
    auto query = run(
        m_db, u"SELECT license_id, request_sha256, response FROM license_offline_request WHERE nonce = ?"_s,
        {nonce}, u"find offline request"_s);
    if (!query)
        return std::unexpected(query.error());
    if (!query->next())
        return std::optional<OfflineRecord>();
    auto response = sqlv::readJson(query->value(2));
    if (!response || !response->isObject())
        return fail(dberr::databaseError, u"unreadable offline response"_s);
    return std::optional<OfflineRecord>(OfflineRecord{
        sqlv::readUuid(query->value(0)), query->value(1).toString().trimmed(), response->toObject()});
}

Result<void> LicenseRepository::insertOfflineRequest(const QString &licenseId, const QString &activationId,
                                                     const QString &nonce, const QString &requestSha256,
                                                     const QJsonObject &response, std::int64_t nowMs)
{
    return runWrite(
        m_db,
        u"INSERT INTO license_offline_request (id, license_id, activation_id, nonce, request_sha256, "
        "response, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"_s,
        {sqlv::uuid(m_db, sqlv::newUuid()), sqlv::uuid(m_db, licenseId), sqlv::uuid(m_db, activationId),
         nonce, requestSha256, sqlv::json(m_db, response), sqlv::timestamp(m_db, nowMs)},
        u"insert offline request"_s);
}

} // namespace creditdesk::server

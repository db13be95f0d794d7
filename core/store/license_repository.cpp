#include "core/store/license_repository.h"

#include "core/store/mirror_database.h"
#include "core/store/sql_support.h"

#include <QCryptographicHash>

using namespace Qt::StringLiterals;

namespace creditdesk::store {

namespace {

QString normalizedKey(QStringView key)
{
    QString k = key.trimmed().toString().toUpper();
    k.remove(u' ');
    return k;
}

const QString &upsertLicense()
{
    static const QString statement = sql::upsertStatement(
        "perpetual_license"_L1,
        {"id"_L1, "user_id"_L1, "license_key_sha256"_L1, "license_key_hint"_L1, "status"_L1,
         "purchased_version"_L1, "eligible_until_version"_L1, "max_activations"_L1, "current_activations"_L1,
         "byok_enabled"_L1, "purchase_price_cents"_L1, "purchased_at"_L1, "activated_at"_L1},
        "id"_L1);
    return statement;
}

const QString &upsertDeviceStatement()
{
    static const QString statement = sql::upsertStatement(
        "license_activation"_L1,
        {"id"_L1, "license_id"_L1, "machine_fingerprint"_L1, "device_name"_L1, "os_type"_L1, "os_version"_L1,
         "cpu_info"_L1, "status"_L1, "activated_at"_L1, "last_seen_at"_L1, "deactivated_at"_L1},
        "id"_L1);
    return statement;
}

const QString &insertUpgrade()
{
    static const QString statement =
        u"INSERT INTO version_upgrade (id, license_id, from_version, to_version, upgrade_price_cents, status, "
        u"purchased_at) VALUES (?, ?, ?, ?, ?, ?, ?)"_s;
    return statement;
}

QVariantList deviceBinds(const Device &d)
{
    return {d.id, d.licenseId, sql::text(d.machineFingerprint), sql::text(d.deviceName), sql::text(d.osType),
            sql::text(d.osVersion), sql::text(d.cpuInfo), d.status, sql::integer(d.activatedAtMs),
            sql::integer(d.lastSeenAtMs), sql::integer(d.deactivatedAtMs)};
}

} // namespace

QString licenseKeySha256(QStringView licenseKey)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(normalizedKey(licenseKey).toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString licenseKeyHint(QStringView licenseKey)
{
    const QString key = normalizedKey(licenseKey);
    const qsizetype dash = key.indexOf(u'-');
    if (key.size() < 8 || dash < 0)
        return u"••••"_s;
    return key.left(dash) + u"-••••-••••-••••-"_s + key.right(4);
}

Result<void> LicenseRepository::replaceLicense(const std::optional<License> &license, const QList<Device> &devices,
                                               const QList<VersionUpgrade> &upgrades)
{
    return m_db.transact([&]() -> Result<void> {
        if (!license)
            return m_db.write(u"DELETE FROM perpetual_license"_s);
        const License &l = *license;
        if (auto r = m_db.write(u"DELETE FROM perpetual_license WHERE id <> ?"_s, {l.id}); !r)
            return r;
        auto written = m_db.write(upsertLicense(),
                                  {l.id, sql::text(l.userId), l.licenseKeySha256, l.licenseKeyHint, l.status,
                                   l.purchasedVersion, l.eligibleUntilVersion, sql::integer(qint64{l.maxActivations}),
                                   sql::integer(qint64{l.currentActivations}), sql::boolean(l.byokEnabled),
                                   sql::cents(l.purchasePrice), sql::integer(l.purchasedAtMs),
                                   sql::integer(l.activatedAtMs)});
        if (!written)
            return written;
        if (auto r = m_db.write(u"DELETE FROM license_activation"_s); !r)
            return r;
        if (auto r = m_db.write(u"DELETE FROM version_upgrade"_s); !r)
            return r;
        auto seat = m_db.prepare(upsertDeviceStatement());
        if (!seat)
            return std::unexpected(seat.error());
        for (const Device &d : devices) {
            if (auto r = m_db.exec(*seat, deviceBinds(d), MirrorDatabase::Access::Write); !r)
                return r;
        }
        auto upgrade = m_db.prepare(insertUpgrade());
        if (!upgrade)
            return std::unexpected(upgrade.error());
        for (const VersionUpgrade &u : upgrades) {
            auto r = m_db.exec(*upgrade,
                               {u.id, u.licenseId, sql::text(u.fromVersion), sql::text(u.toVersion),
                                sql::cents(u.price), u.status, sql::integer(u.purchasedAtMs)},
                               MirrorDatabase::Access::Write);
            if (!r)
                return r;
        }
        return {};
    });
}

Result<void> LicenseRepository::upsertDevice(const Device &device)
{
    return m_db.transact([&] { return m_db.write(upsertDeviceStatement(), deviceBinds(device)); });
}

Result<std::optional<License>> LicenseRepository::license()
{
    auto q = m_db.run(u"SELECT id, user_id, license_key_sha256, license_key_hint, status, purchased_version, "
                      u"eligible_until_version, max_activations, current_activations, byok_enabled, "
                      u"purchase_price_cents, purchased_at, activated_at "
                      u"FROM perpetual_license ORDER BY purchased_at DESC, id LIMIT 1"_s);
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::nullopt;
    sql::RowReader r(*q);
    License l;
    l.id = r.text(0);
    l.userId = r.text(1);
    l.licenseKeySha256 = r.text(2);
    l.licenseKeyHint = r.text(3);
    l.status = r.text(4);
    l.purchasedVersion = r.text(5);
    l.eligibleUntilVersion = r.text(6);
    l.maxActivations = static_cast<qint32>(r.integer(7));
    l.currentActivations = static_cast<qint32>(r.integer(8));
    l.byokEnabled = r.boolean(9);
    l.purchasePrice = r.optMoney(10);
    l.purchasedAtMs = r.integer(11);
    l.activatedAtMs = r.optInteger(12);
    if (auto s = r.status(); !s)
        return std::unexpected(s.error());
    return l;
}

Result<QList<Device>> LicenseRepository::devices(const QString &licenseId)
{
    auto q = m_db.run(u"SELECT id, license_id, machine_fingerprint, device_name, os_type, os_version, cpu_info, "
                      u"status, activated_at, last_seen_at, deactivated_at FROM license_activation "
                      u"WHERE license_id = ? "
                      u"ORDER BY status <> 'active', coalesce(last_seen_at, activated_at) DESC, id"_s,
                      {licenseId});
    if (!q)
        return std::unexpected(q.error());
    QList<Device> result;
    while (q->next()) {
        sql::RowReader r(*q);
        Device d;
        d.id = r.text(0);
        d.licenseId = r.text(1);
        d.machineFingerprint = r.text(2);
        d.deviceName = r.text(3);
        d.osType = r.text(4);
        d.osVersion = r.text(5);
        d.cpuInfo = r.text(6);
        d.status = r.text(7);
        d.activatedAtMs = r.integer(8);
        d.lastSeenAtMs = r.optInteger(9);
        d.deactivatedAtMs = r.optInteger(10);
        result.append(std::move(d));
    }
    if (auto s = sql::iterationStatus(*q, "read devices"_L1); !s)
        return std::unexpected(s.error());
    return result;
}

Result<QList<VersionUpgrade>> LicenseRepository::upgrades(const QString &licenseId)
{
    auto q = m_db.run(u"SELECT id, license_id, from_version, to_version, upgrade_price_cents, status, purchased_at "
                      u"FROM version_upgrade WHERE license_id = ? ORDER BY purchased_at DESC, id DESC"_s,
                      {licenseId});
    if (!q)
        return std::unexpected(q.error());
    QList<VersionUpgrade> result;
    while (q->next()) {
        sql::RowReader r(*q);
        VersionUpgrade u;
        u.id = r.text(0);
        u.licenseId = r.text(1);
        u.fromVersion = r.text(2);
        u.toVersion = r.text(3);
        u.price = r.optMoney(4);
        u.status = r.text(5);
        u.purchasedAtMs = r.integer(6);
        if (auto s = r.status(); !s)
            return std::unexpected(s.error());
        result.append(std::move(u));
    }
    if (auto s = sql::iterationStatus(*q, "read version upgrades"_L1); !s)
        return std::unexpected(s.error());
    return result;
}

} // namespace creditdesk::store

#include "server/licenses/license_repository.h"

#include "server/db/connection.h"
#include "server/db/db_errors.h"
#include "server/db/sql_values.h"
#include "server/db/transaction.h"
#include "server/licenses/license_sql_p.h"

#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace licsql {

QVariant nullableText(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

Result<PreparedQuery> run(const Connection &db, const QString &sql, std::initializer_list<QVariant> values,
                          const QString &context)
{
    return db.run(sql, QVariantList(values), context);
}

Result<void> runWrite(const Connection &db, const QString &sql, std::initializer_list<QVariant> values,
                      const QString &context)
{
    auto query = run(db, sql, values, context);
    if (!query)
        return std::unexpected(query.error());
    return {};
}

} // namespace licsql

namespace {

using licsql::nullableText;
using licsql::run;
using licsql::runWrite;

const QString kLicenseColumns =
    u"id, user_id, license_key, status, purchase_price_cents, purchased_version, eligible_until_version, "
    "max_activations, current_activations, byok_enabled, purchased_at, activated_at, expires_at, revoked_at"_s;
const QString kActivationColumns = u"id, license_id, machine_fingerprint, device_name, os_type, os_version, "
                                   u"cpu_info, status, replaced_by_id, "
                                   "activated_at, last_seen_at, deactivated_at"_s;

Result<LicenseRecord> readLicense(const Connection &db, const QSqlQuery &q)
{
    LicenseRecord l;
    l.id = sqlv::readUuid(q.value(0));
    l.userId = sqlv::readUuid(q.value(1));
    l.licenseKey = q.value(2).toString();
    auto status = parseLicenseStatus(q.value(3).toString());
    if (!status)
        return std::unexpected(status.error());
    l.status = *status;
    auto price = Money::fromCents(q.value(4).toLongLong());
    if (!price)
        return std::unexpected(price.error());
    l.purchasePrice = *price;
    l.purchasedVersion = q.value(5).toString();
    l.eligibleUntilVersion = q.value(6).toString();
    l.maxActivations = q.value(7).toInt();
    l.currentActivations = q.value(8).toInt();
    auto byok = sqlv::readBoolean(db, q.value(9));
    auto purchased = sqlv::readTimestamp(db, q.value(10));
    auto activated = sqlv::readOptionalTimestamp(db, q.value(11));
    auto expires = sqlv::readOptionalTimestamp(db, q.value(12));
    auto revoked = sqlv::readOptionalTimestamp(db, q.value(13));
    if (!byok || !purchased || !activated || !expires || !revoked)
        return fail(dberr::databaseError, u"unreadable perpetual_license row"_s);
    l.byokEnabled = *byok;
    l.purchasedAtMs = *purchased;
    l.activatedAtMs = *activated;
    l.expiresAtMs = *expires;
    l.revokedAtMs = *revoked;
    return l;
}

Result<ActivationRecord> readActivation(const Connection &db, const QSqlQuery &q)
{
    ActivationRecord a;
    a.id = sqlv::readUuid(q.value(0));
    a.licenseId = sqlv::readUuid(q.value(1));
    a.fingerprint = q.value(2).toString().trimmed();
    a.deviceName = q.value(3).toString();
    a.osType = q.value(4).toString();
    a.osVersion = q.value(5).toString();
    a.cpuInfo = q.value(6).toString();
    auto status = parseActivationStatus(q.value(7).toString());
    if (!status)
        return std::unexpected(status.error());
    a.status = *status;
    a.replacedById = sqlv::readUuid(q.value(8));
    auto activated = sqlv::readTimestamp(db, q.value(9));
    auto seen = sqlv::readTimestamp(db, q.value(10));
    auto deactivated = sqlv::readOptionalTimestamp(db, q.value(11));
    if (!activated || !seen || !deactivated)
        return fail(dberr::databaseError, u"unreadable license_activation row"_s);
    a.activatedAtMs = *activated;
    a.lastSeenAtMs = *seen;
    a.deactivatedAtMs = *deactivated;
    return a;
}

template <typename T, typename Reader>
Result<std::optional<T>> readOne(const Connection &db, Result<QSqlQuery> query, Reader reader)
{
    if (!query)
        return std::unexpected(query.error());
    if (!query->next())
        return std::optional<T>();
    auto row = reader(db, *query);
    if (!row)
        return std::unexpected(row.error());
    return std::optional<T>(std::move(*row));
}

template <typename T, typename Reader>
Result<QList<T>> readAll(const Connection &db, Result<QSqlQuery> query, Reader reader)
{
    if (!query)
        return std::unexpected(query.error());
    QList<T> rows;
    while (query->next()) {
        auto row = reader(db, *query);
        if (!row)
            return std::unexpected(row.error());
        rows.append(std::move(*row));
    }
    return rows;
}

} // namespace

Result<std::optional<LicenseRecord>> LicenseRepository::findLicenseByKey(const QString &key, bool lock)
{
    const QString sql = u"SELECT "_s + kLicenseColumns + u" FROM perpetual_license WHERE license_key = ?"_s +
                        (lock ? forUpdate(m_db) : QString());
    return readOne<LicenseRecord>(m_db, run(m_db, sql, {key}, u"find license by key"_s), readLicense);
}

Result<std::optional<LicenseRecord>> LicenseRepository::findLicenseById(const QString &id, bool lock)
{
    const QString sql = u"SELECT "_s + kLicenseColumns + u" FROM perpetual_license WHERE id = ?"_s +
                        (lock ? forUpdate(m_db) : QString());
    return readOne<LicenseRecord>(m_db, run(m_db, sql, {sqlv::uuid(m_db, id)}, u"find license"_s),
                                  readLicense);
}

Result<std::optional<LicenseRecord>> LicenseRepository::findCurrentLicenseForUser(const QString &userId)
{
    const QString sql =
        u"SELECT "_s + kLicenseColumns +
        u" FROM perpetual_license WHERE user_id = ? AND status IN ('active', 'pending', 'suspended') "
        "ORDER BY purchased_at DESC, created_at DESC, id DESC LIMIT 1"_s;
    return readOne<LicenseRecord>(m_db, run(m_db, sql, {sqlv::uuid(m_db, userId)}, u"find current license"_s),
                                  readLicense);
}

Result<QList<LicenseRecord>> LicenseRepository::listLicensesForUser(const QString &userId)
{
    const QString sql = u"SELECT "_s + kLicenseColumns +
                        u" FROM perpetual_license WHERE user_id = ? ORDER BY purchased_at DESC, id DESC"_s;
    return readAll<LicenseRecord>(m_db, run(m_db, sql, {sqlv::uuid(m_db, userId)}, u"list licenses"_s),
                                  readLicense);
}

Result<bool> LicenseRepository::licenseKeyExists(const QString &key)
{
    auto query =
        run(m_db, u"SELECT 1 FROM perpetual_license WHERE license_key = ?"_s, {key}, u"key exists"_s);
    if (!query)
        return std::unexpected(query.error());
    return query->next();
}

Result<void> LicenseRepository::insertLicense(const LicenseRecord &l, std::int64_t nowMs)
{
    const QString sql = u"INSERT INTO perpetual_license (id, user_id, license_key, status, "
                        u"purchase_price_cents, purchased_version, "
                        "eligible_until_version, max_activations, current_activations, byok_enabled, "
                        "purchased_at, activated_at, "
                        "expires_at, revoked_at, created_at, updated_at) VALUES (?, ?, ?, "_s +
                        sqlv::enumParam(m_db, u"license_status"_s) +
                        u", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s;
    return runWrite(m_db, sql,
                    {sqlv::uuid(m_db, l.id), sqlv::uuid(m_db, l.userId), l.licenseKey, toString(l.status),
                     QVariant::fromValue(static_cast<qlonglong>(l.purchasePrice.cents())), l.purchasedVersion,
                     l.eligibleUntilVersion, l.maxActivations, l.currentActivations,
                     sqlv::boolean(m_db, l.byokEnabled), sqlv::timestamp(m_db, l.purchasedAtMs),
                     sqlv::timestamp(m_db, l.activatedAtMs), sqlv::timestamp(m_db, l.expiresAtMs),
                     sqlv::timestamp(m_db, l.revokedAtMs), sqlv::timestamp(m_db, nowMs),
                     sqlv::timestamp(m_db, nowMs)},
                    u"insert license"_s);
}

Result<void> LicenseRepository::updateLicenseState(const LicenseRecord &l, std::int64_t nowMs)
{
    const QString sql =
        u"UPDATE perpetual_license SET status = "_s + sqlv::enumParam(m_db, u"license_status"_s) +
        u", current_activations = ?, activated_at = ?, revoked_at = ?, updated_at = ? WHERE id = ?"_s;
    return runWrite(m_db, sql,
                    {toString(l.status), l.currentActivations, sqlv::timestamp(m_db, l.activatedAtMs),
                     sqlv::timestamp(m_db, l.revokedAtMs), sqlv::timestamp(m_db, nowMs),
                     sqlv::uuid(m_db, l.id)},
                    u"update license"_s);
}

Result<std::optional<ActivationRecord>> LicenseRepository::findActivation(const QString &id, bool lock)
{
    const QString sql = u"SELECT "_s + kActivationColumns + u" FROM license_activation WHERE id = ?"_s +
                        (lock ? forUpdate(m_db) : QString());
    return readOne<ActivationRecord>(m_db, run(m_db, sql, {sqlv::uuid(m_db, id)}, u"find activation"_s),
                                     readActivation);
}

Result<std::optional<ActivationRecord>>
LicenseRepository::findActivationByFingerprint(const QString &licenseId, const QString &fingerprint)
{
    const QString sql = u"SELECT "_s + kActivationColumns +
                        u" FROM license_activation WHERE license_id = ? AND machine_fingerprint = ?"_s;
    return readOne<ActivationRecord>(
        m_db, run(m_db, sql, {sqlv::uuid(m_db, licenseId), fingerprint}, u"find activation by fingerprint"_s),
        readActivation);
}

Result<std::optional<ActivationRecord>>
LicenseRepository::findActiveActivationForUser(const QString &userId, const QString &fingerprint)
{
    QString columns;
    for (const QString &column : kActivationColumns.split(u", "_s))
        columns += (columns.isEmpty() ? u"a."_s : u", a."_s) + column;
    const QString sql = u"SELECT "_s + columns +
                        u" FROM license_activation a JOIN perpetual_license l ON l.id = a.license_id "
                        "WHERE l.user_id = ? AND a.machine_fingerprint = ? AND a.status = 'active' "
                        "ORDER BY a.activated_at DESC, a.id DESC LIMIT 1"_s;
    return readOne<ActivationRecord>(
        m_db, run(m_db, sql, {sqlv::uuid(m_db, userId), fingerprint}, u"find seat for user"_s),
        readActivation);
}

Result<int> LicenseRepository::countActiveActivations(const QString &licenseId)
{
    auto query =
        run(m_db, u"SELECT COUNT(*) FROM license_activation WHERE license_id = ? AND status = 'active'"_s,
            {sqlv::uuid(m_db, licenseId)}, u"count activations"_s);
    if (!query)
        return std::unexpected(query.error());
    if (!query->next())
        return fail(dberr::databaseError, u"count activations returned no row"_s);
    return query->value(0).toInt();
}

Result<QList<ActivationRecord>> LicenseRepository::listActivations(const QString &licenseId, bool activeOnly,
                                                                   Order order)
{
    QString sql = u"SELECT "_s + kActivationColumns + u" FROM license_activation WHERE license_id = ?"_s;
    if (activeOnly)
        sql += u" AND status = 'active'"_s;
    sql += order == Order::StalestFirst ? u" ORDER BY last_seen_at ASC, activated_at ASC, id ASC"_s
                                        : u" ORDER BY activated_at DESC, id DESC"_s;
    return readAll<ActivationRecord>(
        m_db, run(m_db, sql, {sqlv::uuid(m_db, licenseId)}, u"list activations"_s), readActivation);
}

Result<void> LicenseRepository::insertActivation(const ActivationRecord &a, std::int64_t nowMs)
{
    const QString sql =
        u"INSERT INTO license_activation (id, license_id, machine_fingerprint, device_name, os_type, "
        u"os_version, "
        "cpu_info, status, activated_at, last_seen_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, "_s +
        sqlv::enumParam(m_db, u"activation_status"_s) + u", ?, ?, ?, ?)"_s;
    return runWrite(m_db, sql,
                    {sqlv::uuid(m_db, a.id), sqlv::uuid(m_db, a.licenseId), a.fingerprint,
                     nullableText(a.deviceName), nullableText(a.osType), nullableText(a.osVersion),
                     nullableText(a.cpuInfo), toString(a.status), sqlv::timestamp(m_db, a.activatedAtMs),
                     sqlv::timestamp(m_db, a.lastSeenAtMs), sqlv::timestamp(m_db, nowMs),
                     sqlv::timestamp(m_db, nowMs)},
                    u"insert activation"_s);
}

Result<void> LicenseRepository::reactivateActivation(const QString &id, const DeviceInfo &d,
                                                     std::int64_t nowMs)
{
    const QString sql =
        u"UPDATE license_activation SET status = "_s + sqlv::enumParam(m_db, u"activation_status"_s) +
        u", device_name = ?, os_type = ?, os_version = ?, cpu_info = ?, replaced_by_id = NULL, "
        "deactivated_at = NULL, activated_at = ?, last_seen_at = ?, updated_at = ? WHERE id = ?"_s;
    return runWrite(m_db, sql,
                    {toString(ActivationStatus::Active), nullableText(d.deviceName), nullableText(d.osType),
                     nullableText(d.osVersion), nullableText(d.cpuInfo), sqlv::timestamp(m_db, nowMs),
                     sqlv::timestamp(m_db, nowMs), sqlv::timestamp(m_db, nowMs), sqlv::uuid(m_db, id)},
                    u"reactivate activation"_s);
}

Result<void> LicenseRepository::touchActivation(const QString &id, std::int64_t nowMs)
{
    return runWrite(m_db, u"UPDATE license_activation SET last_seen_at = ?, updated_at = ? WHERE id = ?"_s,
                    {sqlv::timestamp(m_db, nowMs), sqlv::timestamp(m_db, nowMs), sqlv::uuid(m_db, id)},
                    u"touch activation"_s);
}

Result<void> LicenseRepository::endActivation(const QString &id, ActivationStatus status,
                                              const QString &replacedById, std::int64_t nowMs)
{
    const QString sql = u"UPDATE license_activation SET status = "_s +
                        sqlv::enumParam(m_db, u"activation_status"_s) +
                        u", replaced_by_id = ?, deactivated_at = ?, updated_at = ? WHERE id = ?"_s;
    return runWrite(m_db, sql,
                    {toString(status), sqlv::uuid(m_db, replacedById), sqlv::timestamp(m_db, nowMs),
                     sqlv::timestamp(m_db, nowMs), sqlv::uuid(m_db, id)},
                    u"end activation"_s);
}

Result<void> LicenseRepository::endAllActivations(const QString &licenseId, std::int64_t nowMs)
{
    return runWrite(
        m_db,
        u"UPDATE license_activation SET status = 'deactivated', deactivated_at = ?, updated_at = ? "
        "WHERE license_id = ? AND status = 'active'"_s,
        {sqlv::timestamp(m_db, nowMs), sqlv::timestamp(m_db, nowMs), sqlv::uuid(m_db, licenseId)},
        u"end all activations"_s);
}

Result<std::optional<QString>> LicenseRepository::findUserIdByEmail(const QString &email)
{
    auto query = run(m_db, u"SELECT id FROM users WHERE email = ? AND deleted_at IS NULL"_s,
                     {email.trimmed().toLower()}, u"find user"_s);
    if (!query)
        return std::unexpected(query.error());
    if (!query->next())
        return std::optional<QString>();
    return std::optional<QString>(sqlv::readUuid(query->value(0)));
}

Result<void> LicenseRepository::bumpLicenseVersion(const QString &userId, std::int64_t nowMs)
{
    return runWrite(
        m_db,
        u"INSERT INTO user_sync_state (user_id, license_version, license_updated_at) VALUES (?, 1, ?) "
        "ON CONFLICT (user_id) DO UPDATE SET license_version = user_sync_state.license_version + 1, "
        "license_updated_at = excluded.license_updated_at"_s,
        {sqlv::uuid(m_db, userId), sqlv::timestamp(m_db, nowMs)}, u"bump license version"_s);
}

} // namespace creditdesk::server

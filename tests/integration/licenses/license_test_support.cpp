#include "tests/integration/licenses/license_test_support.h"

#include "core/crypto/primitives.h"
#include "core/domain/utc_time.h"
#include "server/db/db_errors.h"
#include "server/db/sql_values.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace creditdesk::server::test {

Result<std::unique_ptr<LicenseWorld>> LicenseWorld::create(Dialect dialect)
{
    std::unique_ptr<LicenseWorld> world(new LicenseWorld());
    auto database = TestDatabase::create(dialect);
    if (!database)
        return std::unexpected(database.error());
    world->m_database = std::move(*database);
    auto connection = world->m_database->connectMigrated();
    if (!connection)
        return std::unexpected(connection.error());
    world->m_connection.emplace(std::move(*connection));
    auto key = crypto::Ed25519PrivateKey::generate();
    if (!key)
        return std::unexpected(key.error());
    world->m_key = *key;
    world->m_clock.setNowMs(utcMs(2026, 3, 1, 12).value());
    world->m_env.database = world->m_connection->config();
    world->m_env.clock = &world->m_clock;
    world->m_env.certificateKey = &world->m_key;
    world->m_env.extensionsEnabled = true;
    return world;
}

Result<QString> LicenseWorld::addUser(const QString &email)
{
    const QString id = sqlv::newUuid();
    auto done = exec(u"INSERT INTO users (id, email) VALUES (?, ?)"_s, {sqlv::uuid(db(), id), email});
    if (!done)
        return std::unexpected(done.error());
    return id;
}

Result<LicenseRecord> LicenseWorld::addLicense(const QString &userId, int maxActivations)
{
    LicenseService::PurchaseOptions options;
    options.maxActivations = maxActivations;
    return service().purchase(userId, options);
}

Result<void> LicenseWorld::addRelease(const QString &version, std::int64_t releasedAtMs)
{
    const auto v = parseSemVer(version);
    if (!v)
        return std::unexpected(v.error());
    return exec(
        u"INSERT INTO app_version (id, version, major, minor, patch, released_at) VALUES (?, ?, ?, ?, ?, ?)"_s,
        {sqlv::uuid(db(), sqlv::newUuid()), version, QVariant::fromValue(static_cast<qlonglong>(v->major)),
         QVariant::fromValue(static_cast<qlonglong>(v->minor)),
         QVariant::fromValue(static_cast<qlonglong>(v->patch)), sqlv::timestamp(db(), releasedAtMs)});
}

Result<void> LicenseWorld::exec(const QString &sql, const QVariantList &values)
{
    return execStatement(db().database(), sql, values);
}

Result<qint64> LicenseWorld::scalar(const QString &sql, const QVariantList &values)
{
    QSqlQuery query(db().database());
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec() || !query.next())
        return fail(dberr::databaseError, sql + u": "_s + query.lastError().text());
    return query.value(0).toLongLong();
}

QString fingerprint(int n)
{
    return crypto::sha256Hex(u"device-%1"_s.arg(n).toUtf8());
}

DeviceInfo device(int n, const QString &name)
{
    DeviceInfo d;
    d.fingerprint = fingerprint(n);
    d.deviceName = name.isEmpty() ? u"Device %1"_s.arg(n) : name;
    d.osType = u"Linux"_s;
    d.osVersion = u"6.1.0"_s;
    d.cpuInfo = u"x86_64 (8 cores)"_s;
    return d;
}

Principal userPrincipal(const QString &userId)
{
    Principal p;
    p.kind = Principal::Kind::User;
    p.userId = userId;
    return p;
}

} // namespace creditdesk::server::test

#include "server/db/migrator.h"

#include "server/db/db_errors.h"
#include "server/db/db_log.h"
#include "server/db/sql_script.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

// pg_advisory_lock key shared by every creditdesk-server migrating one database.
constexpr qint64 kPostgresLockKey = 0x4344'5343'4845'4D41; // "CDSCHEMA"

// Holds the session-level advisory lock; released on every return path.
class PostgresMigrationLock {
public:
    explicit PostgresMigrationLock(QSqlDatabase db)
        : m_db(std::move(db))
    {}
    PostgresMigrationLock(const PostgresMigrationLock &) = delete;
    PostgresMigrationLock &operator=(const PostgresMigrationLock &) = delete;
    ~PostgresMigrationLock()
    {
        if (m_locked)
            (void)execStatement(m_db, u"SELECT pg_advisory_unlock(?)"_s, {kPostgresLockKey});
    }
    Result<void> acquire()
    {
        auto locked = execStatement(m_db, u"SELECT pg_advisory_lock(?)"_s, {kPostgresLockKey});
        m_locked = locked.has_value();
        return locked;
    }

private:
    QSqlDatabase m_db;
    bool m_locked = false;
};

std::unexpected<Error> migrationFailed(const Migration &m, const QString &what, QJsonObject details = {})
{
    details.insert(u"version"_s, m.version);
    details.insert(u"name"_s, m.name);
    return fail(dberr::migrationFailed,
                u"migration %1 (%2) failed: %3"_s.arg(m.version, 4, 10, QChar(u'0')).arg(m.name, what),
                details);
}

// Each file already runs in the migrator's transaction; its own BEGIN or
// COMMIT would end that transaction half way.
bool isTransactionControl(const QString &statement)
{
    static const QRegularExpression control(u"^(BEGIN|COMMIT|END|ROLLBACK|START\\s+TRANSACTION)\\b"_s,
                                            QRegularExpression::CaseInsensitiveOption);
    return control.match(statement).hasMatch();
}

Result<bool> tableExists(const Connection &connection, const QString &table)
{
    QSqlQuery query(connection.database());
    query.prepare(connection.dialect() == Dialect::PostgreSql
                      ? u"SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() "
                        "AND table_name = ?"_s
                      : u"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"_s);
    query.addBindValue(table);
    if (!query.exec())
        return fail(dberr::databaseError, u"cannot read the catalog: %1"_s.arg(query.lastError().text()));
    return query.next();
}

} // namespace

QString bundledMigrationsPath(Dialect dialect)
{
    return u":/migrations/"_s + dialectName(dialect);
}

Result<QList<Migration>> loadMigrations(const QString &directory)
{
    const QDir dir(directory);
    if (!dir.exists())
        return fail(dberr::migrationInvalid, u"migrations folder %1 does not exist"_s.arg(directory));
    static const QRegularExpression pattern(u"^(\\d{4})_([a-z0-9_]+)\\.sql$"_s);
    QList<Migration> migrations;
    for (const QString &file : dir.entryList({u"*.sql"_s}, QDir::Files, QDir::Name)) {
        const auto match = pattern.match(file);
        if (!match.hasMatch())
            return fail(dberr::migrationInvalid, u"%1: migration files are named NNNN_name.sql"_s.arg(file));
        QFile in(dir.filePath(file));
        if (!in.open(QIODevice::ReadOnly))
            return fail(dberr::migrationInvalid,
                        u"cannot read %1: %2"_s.arg(in.fileName(), in.errorString()));
        const QByteArray bytes = in.readAll();
        migrations.append(Migration{
            match.captured(1).toInt(), match.captured(2), QString::fromUtf8(bytes),
            QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex())});
    }
    if (migrations.isEmpty())
        return fail(dberr::migrationInvalid, u"no NNNN_name.sql migrations in %1"_s.arg(directory));
    std::ranges::sort(migrations, {}, &Migration::version);
    for (qsizetype i = 0; i < migrations.size(); ++i) {
        if (migrations[i].version != i + 1) {
            return fail(
                dberr::migrationInvalid,
                u"migration versions must run 1..N without gaps or duplicates; found %1 where %2 belongs"_s
                    .arg(migrations[i].version)
                    .arg(i + 1));
        }
    }
    return migrations;
}

Migrator::Migrator(const Connection &connection, QString directory)
    : m_connection(connection)
    , m_directory(directory.isEmpty() ? bundledMigrationsPath(connection.dialect()) : std::move(directory))
{}

Result<int> Migrator::latestVersion() const
{
    const auto migrations = loadMigrations(m_directory);
    if (!migrations)
        return std::unexpected(migrations.error());
    return static_cast<int>(migrations->size());
}

Result<int> Migrator::currentVersion() const
{
    const auto exists = tableExists(m_connection, u"schema_migrations"_s);
    if (!exists)
        return std::unexpected(exists.error());
    if (!*exists)
        return 0;
    QSqlQuery query(m_connection.database());
    if (!query.exec(u"SELECT COALESCE(MAX(version), 0) FROM schema_migrations"_s) || !query.next())
        return fail(dberr::databaseError,
                    u"cannot read schema_migrations: %1"_s.arg(query.lastError().text()));
    return query.value(0).toInt();
}

Result<void> Migrator::ensureMigrationsTable() const
{
    return execStatement(
        m_connection.database(),
        m_connection.dialect() == Dialect::PostgreSql
            ? u"CREATE TABLE IF NOT EXISTS schema_migrations ("
              "version integer PRIMARY KEY CHECK (version > 0), name text NOT NULL, "
              "checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"_s
            : u"CREATE TABLE IF NOT EXISTS schema_migrations ("
              "version INTEGER NOT NULL PRIMARY KEY CHECK (version > 0), name TEXT NOT NULL, "
              "checksum TEXT NOT NULL, applied_at INTEGER NOT NULL)"_s);
}

Result<QSet<int>> Migrator::checkApplied(const QList<Migration> &migrations) const
{
    QSqlQuery query(m_connection.database());
    if (!query.exec(u"SELECT version, name, checksum FROM schema_migrations ORDER BY version"_s))
        return fail(dberr::databaseError,
                    u"cannot read schema_migrations: %1"_s.arg(query.lastError().text()));
    const auto supported = static_cast<int>(migrations.size());
    QSet<int> applied;
    while (query.next()) {
        const int version = query.value(0).toInt();
        if (version > supported) {
            return fail(
                dberr::schemaTooNew,
                u"the database is at schema version %1 but this creditdesk-server knows only up to %2; "
                "upgrade creditdesk-server"_s.arg(version)
                    .arg(supported),
                QJsonObject{{u"database_version"_s, version}, {u"supported_version"_s, supported}});
        }
        const Migration &known = migrations[version - 1];
        if (query.value(2).toString() != known.checksum || query.value(1).toString() != known.name) {
            return fail(
                dberr::migrationChecksumMismatch,
                u"applied migration %1 (%2) differs from this binary's %3 (%4): migrations must never be "
                "edited once applied"_s.arg(version)
                    .arg(query.value(1).toString())
                    .arg(version)
                    .arg(known.name),
                QJsonObject{{u"version"_s, version}});
        }
        applied.insert(version);
    }
    return applied;
}

Result<bool> Migrator::applyOne(const Migration &m) const
{
    const auto statements = splitSqlScript(m.sql, m_connection.dialect());
    if (!statements)
        return migrationFailed(m, statements.error().message);
    for (const SqlStatement &statement : *statements) {
        if (isTransactionControl(statement.text)) {
            return fail(
                dberr::migrationInvalid,
                u"migration %1 (%2), line %3: no transaction control in a migration file; each file runs in "
                "its own transaction"_s.arg(m.version)
                    .arg(m.name)
                    .arg(statement.line),
                QJsonObject{{u"version"_s, m.version}, {u"line"_s, statement.line}});
        }
    }
    const QSqlDatabase db = m_connection.database();
    const bool sqlite = m_connection.dialect() == Dialect::Sqlite;
    if (auto begun = execStatement(db, sqlite ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s); !begun)
        return std::unexpected(begun.error());
    const auto abort = [&](std::unexpected<Error> error) {
        (void)execStatement(db, u"ROLLBACK"_s);
        return error;
    };

    {
        // Another migrator may have applied it while we waited for the lock.
        QSqlQuery query(db);
        query.prepare(u"SELECT 1 FROM schema_migrations WHERE version = ?"_s);
        query.addBindValue(m.version);
        if (!query.exec())
            return abort(fail(dberr::databaseError, query.lastError().text()));
        if (query.next()) {
            query.finish();
            if (auto done = execStatement(db, u"COMMIT"_s); !done)
                return abort(std::unexpected(done.error()));
            return false;
        }
    }

    for (qsizetype i = 0; i < statements->size(); ++i) {
        const SqlStatement &statement = statements->at(i);
        QSqlQuery query(db);
        if (!query.exec(statement.text)) {
            const QString message = query.lastError().text();
            query.finish();
            return abort(migrationFailed(
                m, u"statement %1 (line %2): %3"_s.arg(i + 1).arg(statement.line).arg(message),
                {{u"statement"_s, static_cast<int>(i + 1)},
                 {u"line"_s, statement.line},
                 {u"database_message"_s, message}}));
        }
    }
    if (sqlite) {
        QSqlQuery check(db);
        if (!check.exec(u"PRAGMA foreign_key_check"_s))
            return abort(migrationFailed(m, check.lastError().text()));
        if (check.next()) {
            const QString table = check.value(0).toString();
            check.finish();
            return abort(migrationFailed(m, u"it leaves rows of %1 violating a foreign key"_s.arg(table)));
        }
    }
    const auto recorded =
        sqlite
            ? execStatement(
                  db,
                  u"INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)"_s,
                  {m.version, m.name, m.checksum, QDateTime::currentMSecsSinceEpoch()})
            : execStatement(db, u"INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)"_s,
                            {m.version, m.name, m.checksum});
    if (!recorded)
        return abort(migrationFailed(m, recorded.error().message));
    if (auto committed = execStatement(db, u"COMMIT"_s); !committed)
        return abort(migrationFailed(m, committed.error().message));
    qCInfo(lcServerDb).noquote() << "applied migration" << m.version << m.name << "on"
                                 << m_connection.config().redactedUrl();
    return true;
}

Result<MigrationReport> Migrator::migrate() const
{
    const auto migrations = loadMigrations(m_directory);
    if (!migrations)
        return std::unexpected(migrations.error());

    std::optional<PostgresMigrationLock> lock;
    if (m_connection.dialect() == Dialect::PostgreSql) {
        lock.emplace(m_connection.database());
        if (auto locked = lock->acquire(); !locked)
            return std::unexpected(locked.error());
    }
    if (auto created = ensureMigrationsTable(); !created)
        return std::unexpected(created.error());
    const auto alreadyApplied = checkApplied(*migrations);
    if (!alreadyApplied)
        return std::unexpected(alreadyApplied.error());

    MigrationReport report;
    for (const Migration &migration : *migrations) {
        if (alreadyApplied->contains(migration.version))
            continue;
        const auto applied = applyOne(migration);
        if (!applied)
            return std::unexpected(applied.error());
        if (*applied)
            report.applied.append(AppliedMigration{migration.version, migration.name});
    }
    const auto to = currentVersion();
    if (!to)
        return std::unexpected(to.error());
    report.version = *to;
    return report;
}

} // namespace creditdesk::server

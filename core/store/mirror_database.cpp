#include "core/store/mirror_database.h"

#include "core/store/mirror_errors.h"
#include "core/store/mirror_file.h"
#include "core/store/mirror_schema.h"
#include "core/store/sql_support.h"
#include "core/store/store_log.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QThread>

#include <utility>

using namespace Qt::StringLiterals;

namespace creditdesk::store {

namespace {

QString connectionNameFor(const QString &absolutePath)
{
    const auto thread = reinterpret_cast<quintptr>(QThread::currentThreadId());
    return u"creditdesk.mirror:"_s + QString::number(thread, 16) + u':' + absolutePath;
}

Error migrationError(const Error &cause, int from, int to, int step)
{
    // Busy, corrupt and foreign keep their code: the caller reacts to those (retry, quarantine).
    if (cause.is(errc::mirrorBusy) || cause.is(errc::mirrorCorrupt) || cause.is(errc::mirrorForeign))
        return cause;
    QJsonObject details = cause.details;
    details.insert(u"from_version"_s, from);
    details.insert(u"to_version"_s, to);
    details.insert(u"step"_s, step);
    details.insert(u"cause"_s, cause.code);
    return makeError(errc::mirrorMigrationFailed,
                     u"migration to schema %1 failed at step %2: %3"_s.arg(to).arg(step).arg(cause.message),
                     details);
}

} // namespace

MirrorDatabase::MirrorDatabase(QString path, QString connectionName, const OpenOptions &options)
    : m_path(std::move(path))
    , m_connectionName(std::move(connectionName))
    , m_options(options)
    , m_thread(QThread::currentThread())
    , m_writesUntilFault(options.failNthWrite)
{}

MirrorDatabase::~MirrorDatabase()
{
    m_cachedStatements.clear(); // statements go before their connection
    if (m_db.isOpen())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

Result<std::unique_ptr<MirrorDatabase>> MirrorDatabase::open(const QString &path, const OpenOptions &options)
{
    const QFileInfo info(path);
    const QString absolutePath = info.absoluteFilePath();
    const QString name = connectionNameFor(absolutePath);
    if (QSqlDatabase::contains(name))
        return fail(errc::mirrorAlreadyOpen, u"this thread already has a connection to the mirror"_s,
                    {{u"path"_s, absolutePath}});
    if (info.exists()) {
        if (!info.isFile())
            return fail(errc::mirrorIoError, u"the mirror path is not a regular file"_s,
                        {{u"path"_s, absolutePath}});
        // Read-only checks first: a damaged or newer file is refused untouched.
        if (auto probed = file::probe(absolutePath, kCurrentSchemaVersion, options); !probed)
            return std::unexpected(probed.error());
    } else if (!QDir().mkpath(info.absolutePath())) {
        return fail(errc::mirrorIoError, u"cannot create the mirror directory"_s,
                    {{u"path"_s, info.absolutePath()}});
    }

    std::unique_ptr<MirrorDatabase> db(new MirrorDatabase(absolutePath, name, options));
    if (auto configured = db->configureConnection(); !configured)
        return std::unexpected(configured.error());
    if (auto migrated = db->migrate(); !migrated)
        return std::unexpected(migrated.error());
    db->m_writesUntilFault = 0;
    return db;
}

Result<QString> MirrorDatabase::quarantine(const QString &path, const QDateTime &nowUtc)
{
    return file::quarantine(QFileInfo(path).absoluteFilePath(), nowUtc);
}

Result<void> MirrorDatabase::checkThread() const
{
    if (QThread::currentThread() != m_thread)
        return fail(errc::mirrorWrongThread, u"a mirror connection is used from another thread"_s,
                    {{u"connection"_s, m_connectionName}});
    return {};
}

Result<void> MirrorDatabase::configureConnection()
{
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    m_db.setDatabaseName(m_path);
    // Set through the driver so the value is never spliced into SQL.
    m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT="_s + QString::number(qMax(0, m_options.busyTimeoutMs)));
    if (!m_db.open())
        return std::unexpected(sql::toError(m_db.lastError(), "open mirror"_L1));

    auto single = [this](const QString &sqlText) -> Result<QVariant> {
        auto q = run(sqlText);
        if (!q)
            return std::unexpected(q.error());
        return q->next() ? q->value(0) : QVariant();
    };
    if (auto r = run(u"PRAGMA foreign_keys = ON"_s); !r)
        return std::unexpected(r.error());
    auto fk = single(u"PRAGMA foreign_keys"_s);
    if (!fk)
        return std::unexpected(fk.error());
    if (fk->toInt() != 1)
        return fail(errc::mirrorIoError, u"SQLite refused to enable foreign keys"_s);

    auto mode = single(u"PRAGMA journal_mode = WAL"_s);
    if (!mode)
        return std::unexpected(mode.error());
    if (mode->toString().compare("wal"_L1, Qt::CaseInsensitive) != 0)
        return fail(errc::mirrorIoError,
                    u"the mirror cannot use WAL (journal mode %1)"_s.arg(mode->toString()),
                    {{u"journal_mode"_s, mode->toString()}});
    if (auto r = run(u"PRAGMA synchronous = NORMAL"_s); !r)
        return std::unexpected(r.error());
    return {};
}

Result<int> MirrorDatabase::readSchemaVersion()
{
    auto tables = run(u"SELECT count(*), sum(name = 'meta') FROM sqlite_master WHERE type = 'table'"_s);
    if (!tables)
        return std::unexpected(tables.error());
    if (!tables->next() || tables->value(0).toLongLong() == 0)
        return 0;
    if (tables->value(1).toLongLong() == 0)
        return fail(errc::mirrorForeign, u"the file is a SQLite database but not a CreditDesk mirror"_s,
                    {{u"path"_s, m_path}});
    auto q = run(u"SELECT value FROM meta WHERE key = ?"_s, {u"schema_version"_s});
    if (!q)
        return std::unexpected(q.error());
    bool ok = false;
    const int version = q->next() ? q->value(0).toString().toInt(&ok) : 0;
    if (!ok || version < 1)
        return fail(errc::mirrorCorrupt, u"the mirror has no valid schema_version"_s, {{u"path"_s, m_path}});
    return version;
}

Result<void> MirrorDatabase::migrate()
{
    auto tx = begin();
    if (!tx)
        return std::unexpected(tx.error());
    auto current = readSchemaVersion();
    if (!current)
        return std::unexpected(current.error());
    const int from = *current;
    if (from > kCurrentSchemaVersion)
        return std::unexpected(file::tooNewError(m_path, from, kCurrentSchemaVersion));
    if (from == kCurrentSchemaVersion)
        return tx->commit();

    int step = 0;
    for (const schema::Migration &migration : schema::migrations()) {
        if (migration.toVersion <= from)
            continue;
        for (const QString &statement : migration.statements) {
            ++step;
            if (auto r = run(statement, {}, Access::Write); !r)
                return std::unexpected(migrationError(r.error(), from, migration.toVersion, step));
        }
        ++step;
        auto stamped = run(u"INSERT INTO meta (key, value) VALUES (?, ?) "
                           u"ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s,
                           {u"schema_version"_s, QString::number(migration.toVersion)}, Access::Write);
        if (!stamped)
            return std::unexpected(migrationError(stamped.error(), from, migration.toVersion, step));
    }
    if (auto committed = tx->commit(); !committed)
        return std::unexpected(migrationError(committed.error(), from, kCurrentSchemaVersion, step));
    if (from == 0)
        qCInfo(lcStore) << "created mirror schema" << kCurrentSchemaVersion;
    else
        qCInfo(lcStore) << "migrated mirror schema" << from << "->" << kCurrentSchemaVersion;
    return {};
}

Result<Transaction> MirrorDatabase::begin()
{
    if (auto r = checkThread(); !r)
        return std::unexpected(r.error());
    const int depth = m_txDepth;
    auto r = depth == 0 ? control(u"BEGIN IMMEDIATE"_s) : control(u"SAVEPOINT sp%1"_s.arg(depth));
    if (!r)
        return std::unexpected(r.error());
    m_txDepth = depth + 1;
    return Transaction(this, depth);
}

Result<void> MirrorDatabase::control(const QString &sqlText)
{
    QSqlQuery q(m_db);
    if (!q.exec(sqlText))
        return std::unexpected(sql::toError(q.lastError(), "transaction control"_L1));
    return {};
}

Result<QSqlQuery> MirrorDatabase::prepare(const QString &sqlText)
{
    if (auto r = checkThread(); !r)
        return std::unexpected(r.error());
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(sqlText))
        return std::unexpected(sql::toError(q.lastError(), "prepare"_L1));
    return q;
}

Result<void> MirrorDatabase::exec(QSqlQuery &query, const QVariantList &binds, Access access)
{
    if (auto r = checkThread(); !r)
        return std::unexpected(r.error());
    if (access == Access::Write) {
        if (auto fault = injectedFault(); !fault)
            return fault;
    }
    for (qsizetype i = 0; i < binds.size(); ++i)
        query.bindValue(static_cast<int>(i), binds.at(i));
    if (!query.exec())
        return std::unexpected(sql::toError(query.lastError(), "statement"_L1));
    return {};
}

Result<void> MirrorDatabase::execBound(QSqlQuery &query, Access access)
{
    if (auto r = checkThread(); !r)
        return std::unexpected(r.error());
    if (access == Access::Write) {
        if (auto fault = injectedFault(); !fault)
            return fault;
    }
    if (!query.exec())
        return std::unexpected(sql::toError(query.lastError(), "statement"_L1));
    return {};
}

Result<QSqlQuery> MirrorDatabase::run(const QString &sqlText, const QVariantList &binds, Access access)
{
    auto q = prepare(sqlText);
    if (!q)
        return q;
    if (auto r = exec(*q, binds, access); !r)
        return std::unexpected(r.error());
    return q;
}

Result<QSqlQuery> MirrorDatabase::runCached(const QString &sqlText, const QVariantList &binds)
{
    auto cached = m_cachedStatements.find(sqlText);
    if (cached == m_cachedStatements.end()) {
        auto q = prepare(sqlText);
        if (!q)
            return q;
        cached = m_cachedStatements.insert(sqlText, std::move(*q));
    }
    if (auto r = exec(*cached, binds, Access::Read); !r) {
        m_cachedStatements.erase(cached);
        return std::unexpected(r.error());
    }
    return *cached;
}

Result<void> MirrorDatabase::write(const QString &sqlText, const QVariantList &binds)
{
    auto q = run(sqlText, binds, Access::Write);
    if (!q)
        return std::unexpected(q.error());
    return {};
}

Result<void> MirrorDatabase::injectedFault()
{
    if (m_writesUntilFault <= 0)
        return {};
    if (--m_writesUntilFault > 0)
        return {};
    qCWarning(lcStore) << "injected write failure";
    return fail(errc::mirrorIoError, u"injected write failure"_s, {{u"injected"_s, true}});
}

void MirrorDatabase::failNthWrite(int n)
{
    m_writesUntilFault = qMax(0, n);
}

Result<int> MirrorDatabase::schemaVersion()
{
    if (auto r = checkThread(); !r)
        return std::unexpected(r.error());
    return readSchemaVersion();
}

Result<MirrorDiagnostics> MirrorDatabase::diagnostics()
{
    MirrorDiagnostics d;
    d.connectionName = m_connectionName;
    auto version = schemaVersion();
    if (!version)
        return std::unexpected(version.error());
    d.schemaVersion = *version;
    const QString pragmas[] = {u"PRAGMA journal_mode"_s, u"PRAGMA foreign_keys"_s, u"PRAGMA synchronous"_s,
                               u"PRAGMA busy_timeout"_s};
    QVariant values[4];
    for (int i = 0; i < 4; ++i) {
        auto q = run(pragmas[i]);
        if (!q)
            return std::unexpected(q.error());
        values[i] = q->next() ? q->value(0) : QVariant();
    }
    d.journalMode = values[0].toString().toLower();
    d.foreignKeys = values[1].toInt() == 1;
    d.synchronous = values[2].toInt();
    d.busyTimeoutMs = values[3].toInt();
    return d;
}

Result<void> MirrorDatabase::clearUserData()
{
    return transact([this]() -> Result<void> {
        for (const QLatin1StringView table : schema::userTables()) {
            // Table names come from a fixed list; no value is spliced.
            if (auto r = write(u"DELETE FROM "_s + table); !r)
                return r;
        }
        return {};
    });
}

} // namespace creditdesk::store

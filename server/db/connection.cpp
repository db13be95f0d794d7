#include "server/db/connection.h"

#include "server/db/db_errors.h"
#include "server/db/db_log.h"

#include <QSqlError>
#include <QSqlQuery>

#include <utility>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

Result<QVariant> queryScalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return fail(dberr::databaseError, u"%1 failed: %2"_s.arg(sql, query.lastError().text()));
    if (!query.next())
        return fail(dberr::databaseError, u"%1 returned no row"_s.arg(sql));
    return query.value(0);
}

Result<void> configureSqlite(const QSqlDatabase &db)
{
    // PRAGMA values cannot be bound; these are constants.
    for (const QString &pragma :
         {u"PRAGMA foreign_keys = ON"_s, u"PRAGMA busy_timeout = %1"_s.arg(Connection::kSqliteBusyTimeoutMs),
          u"PRAGMA synchronous = NORMAL"_s}) {
        if (auto done = execStatement(db, pragma); !done)
            return done;
    }
    const auto mode = queryScalar(db, u"PRAGMA journal_mode = WAL"_s);
    if (!mode)
        return std::unexpected(mode.error());
    if (mode->toString().compare("wal"_L1, Qt::CaseInsensitive) != 0)
        return fail(dberr::databaseError,
                    u"SQLite refused WAL mode (journal_mode is %1)"_s.arg(mode->toString()));
    // A build without foreign key support answers nothing or 0.
    const auto fk = queryScalar(db, u"PRAGMA foreign_keys"_s);
    if (!fk || fk->toInt() != 1)
        return fail(dberr::databaseError, u"SQLite foreign key enforcement is not available"_s);
    return {};
}

Result<void> configurePostgres(const QSqlDatabase &db)
{
    if (auto utc = execStatement(db, u"SET TIME ZONE 'UTC'"_s); !utc)
        return utc;
    // keeps NOTICEs ("... already exists, skipping") off stderr
    return execStatement(db, u"SET client_min_messages = warning"_s);
}

} // namespace

Result<void> execStatement(const QSqlDatabase &db, const QString &sql, const QVariantList &values)
{
    QSqlQuery query(db);
    bool ok = false;
    if (values.isEmpty()) {
        ok = query.exec(sql);
    } else if (query.prepare(sql)) {
        for (const QVariant &value : values)
            query.addBindValue(value);
        ok = query.exec();
    }
    if (!ok)
        return fail(dberr::databaseError, u"%1: %2"_s.arg(query.lastError().text(), sql));
    return {};
}

Connection::Connection(DatabaseConfig config, QString name)
    : m_config(std::move(config))
    , m_name(std::move(name))
    , m_statements(std::make_unique<StatementCache>(m_name))
{}

Connection::Connection(Connection &&other) noexcept
    : m_config(std::move(other.m_config))
    , m_name(std::exchange(other.m_name, QString()))
    , m_statements(std::move(other.m_statements))
{}

Connection &Connection::operator=(Connection &&other) noexcept
{
    if (this != &other) {
        release();
        m_config = std::move(other.m_config);
        m_name = std::exchange(other.m_name, QString());
        m_statements = std::move(other.m_statements);
    }
    return *this;
}

Connection::~Connection()
{
    release();
}

void Connection::release()
{
    if (m_name.isEmpty())
        return;
    m_statements.reset();
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
    m_name.clear();
}

Result<PreparedQuery> Connection::run(const QString &sql, const QVariantList &values,
                                      const QString &context) const
{
    return m_statements->run(sql, values, context);
}

std::size_t Connection::cachedStatementCount() const
{
    return m_statements ? m_statements->size() : 0;
}

QSqlDatabase Connection::database() const
{
    return QSqlDatabase::database(m_name, false);
}

Result<Connection> Connection::open(const DatabaseConfig &config, const QString &connectionName)
{
    if (connectionName.isEmpty() || QSqlDatabase::contains(connectionName))
        return fail(dberr::databaseError,
                    u"connection name '%1' is empty or already in use"_s.arg(connectionName));
    const QString driver = config.dialect == Dialect::PostgreSql ? u"QPSQL"_s : u"QSQLITE"_s;
    if (!QSqlDatabase::isDriverAvailable(driver))
        return fail(dberr::databaseUnavailable, u"the Qt SQL driver %1 is not installed"_s.arg(driver));

    Connection connection(config, connectionName);
    QSqlDatabase db = QSqlDatabase::addDatabase(driver, connectionName);
    if (config.dialect == Dialect::PostgreSql) {
        db.setHostName(config.host);
        db.setPort(config.port);
        db.setUserName(config.user);
        db.setPassword(config.password);
        db.setDatabaseName(config.databaseName);
        db.setConnectOptions(config.postgresConnectOptions());
    } else {
        db.setDatabaseName(config.filePath);
    }
    if (!db.open()) {
        return fail(dberr::databaseUnavailable,
                    u"cannot open %1: %2"_s.arg(config.redactedUrl(), db.lastError().text().simplified()));
    }
    db.setNumericalPrecisionPolicy(QSql::HighPrecision);
    const auto configured =
        config.dialect == Dialect::PostgreSql ? configurePostgres(db) : configureSqlite(db);
    if (!configured)
        return std::unexpected(configured.error());
    qCDebug(lcServerDb) << "opened" << connectionName << config.redactedUrl();
    return connection;
}

} // namespace creditdesk::server

#include "tests/integration/server/schema_test_support.h"

#include "server/db/db_errors.h"
#include "server/db/migrator.h"
#include "tests/support/test_support.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

// Every test migrates many databases; "applied migration" lines drown the output.
// QT_LOGGING_RULES still wins over this.
void quietMigrationLogs()
{
    QLoggingCategory::setFilterRules(u"creditdesk.server.db.info=false"_s);
}

} // namespace

Q_COREAPP_STARTUP_FUNCTION(quietMigrationLogs)

namespace creditdesk::server::test {

void addDialectRows()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::newRow("sqlite") << Dialect::Sqlite;
    QTest::newRow("postgresql") << Dialect::PostgreSql;
}

QString postgresUnavailableReason(Dialect dialect)
{
    if (dialect == Dialect::PostgreSql && creditdesk::test::postgresUrl().isEmpty())
        return u"CREDITDESK_TEST_PG_URL not set: PostgreSQL tests run under scripts/test.sh"_s;
    return {};
}

QString uniqueConnectionName(const QString &prefix)
{
    static int counter = 0;
    return u"%1-%2"_s.arg(prefix).arg(++counter);
}

Result<std::unique_ptr<TestDatabase>> TestDatabase::create(Dialect dialect)
{
    std::unique_ptr<TestDatabase> db(new TestDatabase(dialect));
    if (dialect == Dialect::Sqlite) {
        db->m_dir.emplace();
        if (!db->m_dir->isValid())
            return fail(dberr::databaseError, u"cannot create a temporary folder"_s);
        db->m_url = u"sqlite://"_s + db->m_dir->filePath(u"creditdesk.db"_s);
        return db;
    }
    const auto admin = parseDatabaseUrl(creditdesk::test::postgresUrl());
    if (!admin)
        return std::unexpected(admin.error());
    auto adminConnection = Connection::open(*admin, uniqueConnectionName(u"pg-admin"_s));
    if (!adminConnection)
        return std::unexpected(adminConnection.error());
    db->m_admin.emplace(std::move(*adminConnection));
    // An identifier cannot be bound; this one is built from hex digits only.
    db->m_databaseName =
        u"creditdesk_test_%1"_s.arg(QRandomGenerator::global()->generate64(), 16, 16, QChar(u'0'));
    if (auto created = execStatement(db->m_admin->database(), u"CREATE DATABASE "_s + db->m_databaseName);
        !created)
        return std::unexpected(created.error());
    DatabaseConfig config = *admin;
    config.databaseName = db->m_databaseName;
    QUrl url;
    url.setScheme(u"postgresql"_s);
    url.setUserName(config.user);
    url.setPassword(config.password);
    url.setHost(config.host);
    url.setPort(config.port);
    url.setPath(u"/"_s + config.databaseName);
    db->m_url = url.toString();
    return db;
}

TestDatabase::~TestDatabase()
{
    if (m_admin && !m_databaseName.isEmpty()) {
        const auto dropped = execStatement(m_admin->database(), u"DROP DATABASE IF EXISTS "_s +
                                                                    m_databaseName + u" WITH (FORCE)"_s);
        if (!dropped)
            qWarning("cannot drop %s: %s", qPrintable(m_databaseName), qPrintable(dropped.error().message));
    }
}

Result<Connection> TestDatabase::connect() const
{
    const auto config = parseDatabaseUrl(m_url);
    if (!config)
        return std::unexpected(config.error());
    return Connection::open(*config, uniqueConnectionName(u"test"_s));
}

Result<Connection> TestDatabase::connectMigrated() const
{
    auto connection = connect();
    if (!connection)
        return connection;
    const auto report = Migrator(*connection).migrate();
    if (!report)
        return std::unexpected(report.error());
    return connection;
}

Result<qint64> countRows(const Connection &connection, const QString &table, const QString &column,
                         const QVariant &value)
{
    QSqlQuery query(connection.database());
    // Table and column names come from the test's own constants.
    QString sql = u"SELECT COUNT(*) FROM "_s + table;
    if (!column.isEmpty())
        sql += value.isNull() ? u" WHERE "_s + column + u" IS NULL"_s : u" WHERE "_s + column + u" = ?"_s;
    query.prepare(sql);
    if (!column.isEmpty() && !value.isNull())
        query.addBindValue(value);
    if (!query.exec() || !query.next())
        return fail(dberr::databaseError, sql + u": "_s + query.lastError().text());
    return query.value(0).toLongLong();
}

} // namespace creditdesk::server::test

// Database URLs and the connection settings each dialect gets.
#include "server/db/connection.h"
#include "server/db/database_url.h"
#include "server/db/db_errors.h"
#include "tests/integration/server/schema_test_support.h"
#include "tests/support/test_support.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk::server;
using namespace creditdesk::server::test;

class TestDatabaseUrl : public QObject {
    Q_OBJECT

private slots:
    void parsesPostgres();
    void parsesSqlite();
    void rejectsBadUrls_data();
    void rejectsBadUrls();
    void redactsThePassword();
    void sqliteConnectionSettings();
    void postgresConnectionSettings();
    void openFailures();
};

void TestDatabaseUrl::parsesPostgres()
{
    CREDITDESK_TRY(a, parseDatabaseUrl(u"postgresql://postgres@127.0.0.1:55432/creditdesk"_s));
    QCOMPARE(a.dialect, Dialect::PostgreSql);
    QCOMPARE(a.user, u"postgres"_s);
    QVERIFY(a.password.isEmpty());
    QCOMPARE(a.host, u"127.0.0.1"_s);
    QCOMPARE(a.port, 55432);
    QCOMPARE(a.databaseName, u"creditdesk"_s);

    CREDITDESK_TRY(b, parseDatabaseUrl(u"  postgres://app:p%40ss%3Aword@db.internal/prod?sslmode=require"
                                       "&connect_timeout=3&application_name=cd-1&connection_limit=20 "_s));
    QCOMPARE(b.user, u"app"_s);
    QCOMPARE(b.password, u"p@ss:word"_s);
    QCOMPARE(b.port, 5432);
    QCOMPARE(b.sslMode, u"require"_s);
    QCOMPARE(b.connectTimeoutSeconds, 3);
    QCOMPARE(b.connectionLimit, 20);
    QCOMPARE(b.postgresConnectOptions(), u"connect_timeout=3;application_name=cd-1;sslmode=require"_s);

    CREDITDESK_TRY(c, parseDatabaseUrl(u"postgresql://u@[::1]:5433/d"_s));
    QCOMPARE(c.host, u"::1"_s);
    QCOMPARE(c.port, 5433);
}

void TestDatabaseUrl::parsesSqlite()
{
    CREDITDESK_TRY(a, parseDatabaseUrl(u"sqlite:///var/lib/creditdesk/server.db"_s));
    QCOMPARE(a.dialect, Dialect::Sqlite);
    QCOMPARE(a.filePath, u"/var/lib/creditdesk/server.db"_s);
    CREDITDESK_TRY(b, parseDatabaseUrl(u"SQLITE:///tmp/with%20space.db"_s));
    QCOMPARE(b.filePath, u"/tmp/with space.db"_s);
}

void TestDatabaseUrl::rejectsBadUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("empty") << u"  "_s << u"empty"_s;
    QTest::newRow("no scheme") << u"/tmp/x.db"_s << u"scheme"_s;
    QTest::newRow("other scheme") << u"mysql://root@localhost/db"_s << u"mysql"_s;
    QTest::newRow("sqlite relative") << u"sqlite://relative.db"_s << u"three slashes"_s;
    QTest::newRow("sqlite no path") << u"sqlite://"_s << u"absolute"_s;
    QTest::newRow("sqlite directory") << u"sqlite:///tmp/"_s << u"directory"_s;
    QTest::newRow("sqlite query") << u"sqlite:///tmp/x.db?mode=ro"_s << u"parameters"_s;
    QTest::newRow("pg no host") << u"postgresql:///db"_s << u"host"_s;
    QTest::newRow("pg no user") << u"postgresql://localhost/db"_s << u"user"_s;
    QTest::newRow("pg no database") << u"postgresql://u@localhost"_s << u"database"_s;
    QTest::newRow("pg nested path") << u"postgresql://u@localhost/a/b"_s << u"'/'"_s;
    QTest::newRow("pg bad port") << u"postgresql://u@localhost:99999/db"_s << u"malformed"_s;
    QTest::newRow("pg port zero") << u"postgresql://u@localhost:0/db"_s << u"port"_s;
    QTest::newRow("pg unknown parameter") << u"postgresql://u@h/db?pool_timeout=10"_s << u"pool_timeout"_s;
    QTest::newRow("pg repeated parameter")
        << u"postgresql://u@h/db?sslmode=require&sslmode=disable"_s << u"twice"_s;
    QTest::newRow("pg bad sslmode") << u"postgresql://u@h/db?sslmode=always"_s << u"sslmode"_s;
    QTest::newRow("pg bad timeout") << u"postgresql://u@h/db?connect_timeout=soon"_s << u"connect_timeout"_s;
    QTest::newRow("pg bad application")
        << u"postgresql://u@h/db?application_name=a%20b"_s << u"application_name"_s;
    QTest::newRow("fragment") << u"postgresql://u@h/db#x"_s << u"fragment"_s;
}

void TestDatabaseUrl::rejectsBadUrls()
{
    QFETCH(QString, url);
    QFETCH(QString, mentions);
    const auto parsed = parseDatabaseUrl(url);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().code, QString(dberr::invalidDatabaseUrl));
    QVERIFY2(parsed.error().message.contains(mentions), qPrintable(parsed.error().message));
}

void TestDatabaseUrl::redactsThePassword()
{
    CREDITDESK_TRY(config, parseDatabaseUrl(u"postgresql://app:hunter2@db/prod"_s));
    QCOMPARE(config.redactedUrl(), u"postgresql://app:***@db:5432/prod"_s);
    const auto bad = parseDatabaseUrl(u"postgresql://app:hunter2@db:70000/prod"_s);
    QVERIFY(!bad);
    QVERIFY(!bad.error().message.contains(u"hunter2"_s));
}

void TestDatabaseUrl::sqliteConnectionSettings()
{
    QTemporaryDir dir;
    CREDITDESK_TRY(config, parseDatabaseUrl(u"sqlite://"_s + dir.filePath(u"settings.db"_s)));
    CREDITDESK_TRY(connection, Connection::open(config, uniqueConnectionName(u"settings"_s)));
    const auto pragma = [&](const QString &name) {
        QSqlQuery query(connection.database());
        return query.exec(u"PRAGMA "_s + name) && query.next() ? query.value(0).toString() : QString();
    };
    QCOMPARE(pragma(u"foreign_keys"_s), u"1"_s);
    QCOMPARE(pragma(u"journal_mode"_s), u"wal"_s);
    QCOMPARE(pragma(u"busy_timeout"_s), u"5000"_s);
    QCOMPARE(pragma(u"synchronous"_s), u"1"_s); // NORMAL
}

void TestDatabaseUrl::postgresConnectionSettings()
{
    CREDITDESK_REQUIRE_DIALECT(Dialect::PostgreSql);
    CREDITDESK_TRY(config, parseDatabaseUrl(creditdesk::test::postgresUrl()));
    CREDITDESK_TRY(connection, Connection::open(config, uniqueConnectionName(u"settings"_s)));
    QSqlQuery query(connection.database());
    QVERIFY(query.exec(u"SELECT current_setting('TimeZone'), 12.50::numeric(10,2)"_s) && query.next());
    QCOMPARE(query.value(0).toString(), u"UTC"_s);
    // NUMERIC arrives as exact decimal text, never a double
    QCOMPARE(query.value(1).toString(), u"12.50"_s);
    QCOMPARE(query.value(1).metaType().id(), QMetaType::QString);
}

void TestDatabaseUrl::openFailures()
{
    CREDITDESK_TRY(missing, parseDatabaseUrl(u"sqlite:///nonexistent-dir/creditdesk/x.db"_s));
    const auto failed = Connection::open(missing, uniqueConnectionName(u"missing"_s));
    QVERIFY(!failed);
    QCOMPARE(failed.error().code, QString(dberr::databaseUnavailable));

    QTemporaryDir dir;
    CREDITDESK_TRY(config, parseDatabaseUrl(u"sqlite://"_s + dir.filePath(u"taken.db"_s)));
    CREDITDESK_TRY(first, Connection::open(config, u"taken-name"_s));
    const auto second = Connection::open(config, u"taken-name"_s);
    QVERIFY(!second);
    QCOMPARE(second.error().code, QString(dberr::databaseError));
    QVERIFY(first.database().isOpen());
}

QTEST_GUILESS_MAIN(TestDatabaseUrl)
#include "test_database_url.moc"

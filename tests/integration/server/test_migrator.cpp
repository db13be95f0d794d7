// The migrator and `creditdesk-server migrate` on both dialects: fresh apply,
// re-apply no-op, upgrade from an older version, rollback of a failing
// migration, refusal of a newer or edited schema, exit codes and JSON.
#include "server/db/connection.h"
#include "server/db/db_errors.h"
#include "server/db/migrator.h"
#include "tests/integration/server/schema_test_support.h"
#include "tests/integration/server/schema_world.h"
#include "tests/support/test_support.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk::server;
using namespace creditdesk::server::test;

namespace {

const QStringList kNames = {u"base"_s,
                            u"plan_109_subscriptions"_s,
                            u"plan_112_token_credits"_s,
                            u"plan_110_licensing"_s,
                            u"plan_111_coupons"_s,
                            u"billing_seed"_s};
const int kLatest = static_cast<int>(kNames.size());

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

// Copies the first `count` bundled migrations of a dialect into `dir`.
bool copyBundled(Dialect dialect, const QString &dir, int count)
{
    const QDir bundled(bundledMigrationsPath(dialect));
    const QStringList files = bundled.entryList({u"*.sql"_s}, QDir::Files, QDir::Name);
    for (int i = 0; i < count && i < files.size(); ++i) {
        if (!QFile::copy(bundled.filePath(files[i]), QDir(dir).filePath(files[i])))
            return false;
    }
    return true;
}

struct CliRun {
    int exitCode = -1;
    QJsonObject json;
    QByteArray out;
};

CliRun runCli(const QStringList &arguments,
              const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(CREDITDESK_SERVER_EXE), arguments);
    CliRun run;
    if (!process.waitForFinished(60000))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.json = QJsonDocument::fromJson(run.out).object();
    return run;
}

} // namespace

class TestMigrator : public QObject {
    Q_OBJECT

private slots:
    void bundledMigrationsAreWellFormed();
    void rejectsBadMigrationFolders();
    void freshApplyThenNoOp_data() { addDialectRows(); }
    void freshApplyThenNoOp();
    void upgradesAnOlderDatabaseKeepingData_data() { addDialectRows(); }
    void upgradesAnOlderDatabaseKeepingData();
    void failingMigrationRollsBack_data() { addDialectRows(); }
    void failingMigrationRollsBack();
    void refusesTransactionControlInAFile_data() { addDialectRows(); }
    void refusesTransactionControlInAFile();
    void refusesANewerDatabase_data() { addDialectRows(); }
    void refusesANewerDatabase();
    void refusesAnEditedMigration_data() { addDialectRows(); }
    void refusesAnEditedMigration();
    void cliMigrate_data() { addDialectRows(); }
    void cliMigrate();
    void concurrentMigratorsApplyEachMigrationOnce_data() { addDialectRows(); }
    void concurrentMigratorsApplyEachMigrationOnce();
    void cliErrors();
};

void TestMigrator::bundledMigrationsAreWellFormed()
{
    for (const Dialect dialect : {Dialect::PostgreSql, Dialect::Sqlite}) {
        CREDITDESK_TRY(migrations, loadMigrations(bundledMigrationsPath(dialect)));
        QCOMPARE(migrations.size(), kNames.size());
        for (qsizetype i = 0; i < migrations.size(); ++i) {
            QCOMPARE(migrations[i].version, i + 1);
            QCOMPARE(migrations[i].name, kNames[i]);
            QCOMPARE(migrations[i].checksum.size(), 64);
            // the units rule is written down in every file
            QVERIFY2(migrations[i].sql.contains(u"Conventions"_s) && migrations[i].sql.contains(u"*_usd"_s),
                     qPrintable(migrations[i].name));
        }
    }
}

void TestMigrator::rejectsBadMigrationFolders()
{
    QTemporaryDir gap;
    QVERIFY(writeFile(gap.filePath(u"0001_a.sql"_s), "SELECT 1;") &&
            writeFile(gap.filePath(u"0003_c.sql"_s), "SELECT 1;"));
    QCOMPARE(loadMigrations(gap.path()).error().code, QString(dberr::migrationInvalid));

    QTemporaryDir badName;
    QVERIFY(writeFile(badName.filePath(u"1_first.sql"_s), "SELECT 1;"));
    QCOMPARE(loadMigrations(badName.path()).error().code, QString(dberr::migrationInvalid));

    QTemporaryDir duplicate;
    QVERIFY(writeFile(duplicate.filePath(u"0001_a.sql"_s), "SELECT 1;") &&
            writeFile(duplicate.filePath(u"0001_b.sql"_s), "SELECT 1;"));
    QCOMPARE(loadMigrations(duplicate.path()).error().code, QString(dberr::migrationInvalid));

    QTemporaryDir empty;
    QCOMPARE(loadMigrations(empty.path()).error().code, QString(dberr::migrationInvalid));
    QCOMPARE(loadMigrations(empty.filePath(u"missing"_s)).error().code, QString(dberr::migrationInvalid));
}

void TestMigrator::freshApplyThenNoOp()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(database, TestDatabase::create(dialect));
    CREDITDESK_TRY(c, database->connect());
    const Migrator migrator(c);
    QCOMPARE(migrator.currentVersion().value_or(-1), 0);
    QCOMPARE(migrator.latestVersion().value_or(-1), kLatest);

    CREDITDESK_TRY(first, migrator.migrate());
    QCOMPARE(first.version, kLatest);
    QCOMPARE(first.applied.size(), kLatest);
    for (qsizetype i = 0; i < first.applied.size(); ++i)
        QCOMPARE(first.applied[i], (AppliedMigration{static_cast<int>(i + 1), kNames[i]}));

    CREDITDESK_TRY(second, migrator.migrate());
    QVERIFY(second.applied.isEmpty());
    QCOMPARE(second.version, kLatest);
    QCOMPARE(countRows(c, u"schema_migrations"_s).value_or(-1), kLatest);
    QCOMPARE(countRows(c, u"schema_migrations"_s, u"name"_s, u"plan_112_token_credits"_s).value_or(-1), 1);
    // the seeded singleton survives a second run untouched
    QCOMPARE(countRows(c, u"credit_settings"_s).value_or(-1), 1);
}

void TestMigrator::upgradesAnOlderDatabaseKeepingData()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(database, TestDatabase::create(dialect));
    CREDITDESK_TRY(c, database->connect());
    QTemporaryDir older;
    QVERIFY(copyBundled(dialect, older.path(), 2));
    CREDITDESK_TRY(partial, Migrator(c, older.path()).migrate());
    QCOMPARE(partial.version, 2);

    // A Plan 109 grant written at version 2 (SQLite rebuilds the table in 0003).
    const DialectValues v(dialect);
    const QString user = DialectValues::newId();
    const QString grant = DialectValues::newId();
    CREDITDESK_VERIFY_OK(insertRow(c, u"users"_s, {{u"id"_s, user}, {u"email"_s, u"old@example.com"_s}}));
    CREDITDESK_VERIFY_OK(insertRow(c, u"credit_allocation"_s,
                                   {{u"id"_s, grant},
                                    {u"user_id"_s, user},
                                    {u"source"_s, u"admin"_s},
                                    {u"credit_type"_s, u"admin_grant"_s},
                                    {u"amount"_s, v.hundredths(50000)},
                                    {u"remaining"_s, v.hundredths(12345)}}));

    CREDITDESK_TRY(rest, Migrator(c).migrate());
    QCOMPARE(rest.version, kLatest);
    QCOMPARE(rest.applied.size(), kLatest - 2);
    QCOMPARE(rest.applied.first().version, 3);
    QCOMPARE(countRows(c, u"credit_allocation"_s, u"id"_s, grant).value_or(-1), 1);
    QCOMPARE(countRows(c, u"credit_allocation"_s, u"balance_id"_s, QVariant()).value_or(-1), 1);
    QCOMPARE(countRows(c, u"credit_allocation"_s, u"remaining"_s, v.hundredths(12345)).value_or(-1), 1);
    // the grant still cascades with its user after the upgrade
    CREDITDESK_VERIFY_OK(deleteRow(c, u"users"_s, user));
    QCOMPARE(countRows(c, u"credit_allocation"_s).value_or(-1), 0);
}

void TestMigrator::failingMigrationRollsBack()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(database, TestDatabase::create(dialect));
    CREDITDESK_TRY(c, database->connect());
    QTemporaryDir dir;
    QVERIFY(
        writeFile(dir.filePath(u"0001_first.sql"_s), "CREATE TABLE first_table (id INTEGER PRIMARY KEY);\n"));
    QVERIFY(writeFile(dir.filePath(u"0002_broken.sql"_s),
                      "-- a table, then a statement that fails\n"
                      "CREATE TABLE second_table (id INTEGER PRIMARY KEY);\n"
                      "INSERT INTO second_table (id) VALUES (1);\n"
                      "INSERT INTO no_such_table (id) VALUES (1);\n"));
    const auto failed = Migrator(c, dir.path()).migrate();
    QVERIFY(!failed);
    QCOMPARE(failed.error().code, QString(dberr::migrationFailed));
    QCOMPARE(failed.error().details.value(u"version"_s).toInt(), 2);
    QCOMPARE(failed.error().details.value(u"statement"_s).toInt(), 3);
    QCOMPARE(failed.error().details.value(u"line"_s).toInt(), 4);
    QCOMPARE(Migrator(c, dir.path()).currentVersion().value_or(-1), 1);
    QVERIFY(countRows(c, u"first_table"_s).has_value());
    QVERIFY(!countRows(c, u"second_table"_s).has_value()); // rolled back with its migration
}

void TestMigrator::refusesTransactionControlInAFile()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(database, TestDatabase::create(dialect));
    CREDITDESK_TRY(c, database->connect());
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(u"0001_first.sql"_s),
                      "CREATE TABLE first_table (id INTEGER PRIMARY KEY);\ncommit;\nCREATE TABLE "
                      "second_table (id INTEGER);\n"));
    const auto refused = Migrator(c, dir.path()).migrate();
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, QString(dberr::migrationInvalid));
    QCOMPARE(refused.error().details.value(u"line"_s).toInt(), 2);
    QVERIFY(!countRows(c, u"first_table"_s).has_value());
}

void TestMigrator::refusesANewerDatabase()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(database, TestDatabase::create(dialect));
    CREDITDESK_TRY(c, database->connectMigrated());
    const QVariant now = DialectValues(dialect).at(QDateTime::currentDateTimeUtc());
    CREDITDESK_VERIFY_OK(insertRow(c, u"schema_migrations"_s,
                                   {{u"version"_s, kLatest + 1},
                                    {u"name"_s, u"from_the_future"_s},
                                    {u"checksum"_s, QString(64, u'0')},
                                    {u"applied_at"_s, now}}));
    const auto refused = Migrator(c).migrate();
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, QString(dberr::schemaTooNew));
    QCOMPARE(refused.error().details.value(u"database_version"_s).toInt(), kLatest + 1);
    QCOMPARE(refused.error().details.value(u"supported_version"_s).toInt(), kLatest);

    const CliRun run = runCli({u"migrate"_s, u"--db"_s, database->url()});
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.json.value(u"error"_s).toObject().value(u"code"_s).toString(), u"schema_too_new"_s);
}

void TestMigrator::refusesAnEditedMigration()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(database, TestDatabase::create(dialect));
    CREDITDESK_TRY(c, database->connect());
    QTemporaryDir dir;
    QVERIFY(
        writeFile(dir.filePath(u"0001_first.sql"_s), "CREATE TABLE first_table (id INTEGER PRIMARY KEY);\n"));
    CREDITDESK_VERIFY_OK(Migrator(c, dir.path()).migrate());
    QVERIFY(
        writeFile(dir.filePath(u"0001_first.sql"_s), "CREATE TABLE first_table (id BIGINT PRIMARY KEY);\n"));
    const auto refused = Migrator(c, dir.path()).migrate();
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, QString(dberr::migrationChecksumMismatch));
}

void TestMigrator::cliMigrate()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(database, TestDatabase::create(dialect));
    const CliRun first = runCli({u"migrate"_s, u"--db"_s, database->url()});
    QCOMPARE(first.exitCode, 0);
    QVERIFY2(first.out.endsWith('\n') && first.out.count('\n') == 1, first.out.constData());
    QCOMPARE(first.json.value(u"version"_s).toInt(), kLatest);
    const QJsonArray applied = first.json.value(u"applied"_s).toArray();
    QCOMPARE(applied.size(), kLatest);
    QCOMPARE(applied.at(2).toObject().value(u"name"_s).toString(), u"plan_112_token_credits"_s);
    QCOMPARE(applied.at(2).toObject().value(u"version"_s).toInt(), 3);

    // again, through the environment variable
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"CREDITDESK_DATABASE_URL"_s, database->url());
    const CliRun second = runCli({u"migrate"_s}, env);
    QCOMPARE(second.exitCode, 0);
    QCOMPARE(second.json, (QJsonObject{{u"applied"_s, QJsonArray()}, {u"version"_s, kLatest}}));
}

void TestMigrator::concurrentMigratorsApplyEachMigrationOnce()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(database, TestDatabase::create(dialect));
    QList<QProcess *> processes;
    for (int i = 0; i < 3; ++i) {
        auto *process = new QProcess(this);
        process->start(QStringLiteral(CREDITDESK_SERVER_EXE), {u"migrate"_s, u"--db"_s, database->url()});
        processes << process;
    }
    QStringList applied;
    for (QProcess *process : std::as_const(processes)) {
        QVERIFY(process->waitForFinished(60000));
        const QByteArray out = process->readAllStandardOutput();
        QVERIFY2(process->exitCode() == 0, out.constData());
        const QJsonObject json = QJsonDocument::fromJson(out).object();
        QCOMPARE(json.value(u"version"_s).toInt(), kLatest);
        for (const QJsonValue &m : json.value(u"applied"_s).toArray())
            applied << m.toObject().value(u"name"_s).toString();
        delete process;
    }
    applied.sort();
    QStringList expected = kNames;
    expected.sort();
    QCOMPARE(applied, expected); // together, each exactly once
}

void TestMigrator::cliErrors()
{
    const auto errorCode = [](const CliRun &run) {
        return run.json.value(u"error"_s).toObject().value(u"code"_s).toString();
    };
    CliRun run = runCli({u"migrate"_s, u"--db"_s, u"mysql://root@localhost/db"_s});
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(errorCode(run), u"invalid_database_url"_s);
    QVERIFY(!run.json.value(u"error"_s).toObject().value(u"message"_s).toString().isEmpty());

    run = runCli({u"migrate"_s, u"--db"_s, u"sqlite://relative.db"_s});
    QCOMPARE(errorCode(run), u"invalid_database_url"_s);

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"CREDITDESK_DATABASE_URL"_s);
    run = runCli({u"migrate"_s}, env);
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(errorCode(run), u"invalid_arguments"_s);

    run = runCli({u"migrate"_s, u"--db"_s, u"sqlite:///nonexistent-dir/creditdesk/x.db"_s});
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(errorCode(run), u"database_unavailable"_s);

    // nothing listens on port 1; the password never shows up
    run = runCli(
        {u"migrate"_s, u"--db"_s, u"postgresql://cd:s3cret@127.0.0.1:1/creditdesk?connect_timeout=2"_s});
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(errorCode(run), u"database_unavailable"_s);
    QVERIFY(!run.out.contains("s3cret"));

    run = runCli({u"frobnicate"_s});
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(errorCode(run), u"invalid_arguments"_s);

    run = runCli({u"--version"_s});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.startsWith("creditdesk-server "));
    QVERIFY(run.out.contains(u"(schema %1)"_s.arg(kLatest).toUtf8()));

    run = runCli({u"--help"_s});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("migrate --db URL"));
}

QTEST_GUILESS_MAIN(TestMigrator)
#include "test_migrator.moc"

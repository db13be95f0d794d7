// Splitting migration scripts into single statements.
#include "server/db/db_errors.h"
#include "server/db/sql_script.h"
#include "tests/integration/server/schema_test_support.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk::server;

namespace {

QStringList texts(const QString &script, Dialect dialect)
{
    QStringList out;
    const auto statements = splitSqlScript(script, dialect);
    if (!statements)
        return {u"ERROR: "_s + statements.error().message};
    for (const SqlStatement &s : *statements)
        out << s.text;
    return out;
}

} // namespace

class TestSqlScript : public QObject {
    Q_OBJECT

private slots:
    void splitsOnSemicolons();
    void keepsQuotedSemicolons();
    void dropsCommentOnlyPieces();
    void keepsDollarQuotedBodiesWhole();
    void keepsTriggerBodiesWhole();
    void reportsStartLines();
    void rejectsUnterminatedText_data();
    void rejectsUnterminatedText();
};

void TestSqlScript::splitsOnSemicolons()
{
    QCOMPARE(texts(u"CREATE TABLE a (x INT);\n\nCREATE TABLE b (y INT);SELECT 1"_s, Dialect::Sqlite),
             (QStringList{u"CREATE TABLE a (x INT)"_s, u"CREATE TABLE b (y INT)"_s, u"SELECT 1"_s}));
    QCOMPARE(texts(u";;  ;"_s, Dialect::PostgreSql), QStringList());
}

void TestSqlScript::keepsQuotedSemicolons()
{
    QCOMPARE(
        texts(u"INSERT INTO t VALUES ('a;b', 'it''s; here');SELECT \"odd;name\" FROM t"_s, Dialect::Sqlite),
        (QStringList{u"INSERT INTO t VALUES ('a;b', 'it''s; here')"_s, u"SELECT \"odd;name\" FROM t"_s}));
    QCOMPARE(texts(u"SELECT E'back\\'slash;';SELECT 2"_s, Dialect::PostgreSql),
             (QStringList{u"SELECT E'back\\'slash;'"_s, u"SELECT 2"_s}));
    QCOMPARE(texts(u"SELECT [a;b], `c;d` FROM t;SELECT 2"_s, Dialect::Sqlite),
             (QStringList{u"SELECT [a;b], `c;d` FROM t"_s, u"SELECT 2"_s}));
}

void TestSqlScript::dropsCommentOnlyPieces()
{
    QCOMPARE(texts(u"-- header; with a semicolon\n/* block; comment */\nSELECT 1; -- trailing;\n/* end */"_s,
                   Dialect::PostgreSql),
             QStringList{u"SELECT 1"_s});
    QCOMPARE(texts(u"/* outer /* nested; */ still comment; */ SELECT 1;"_s, Dialect::PostgreSql),
             QStringList{u"SELECT 1"_s});
    QCOMPARE(texts(u"SELECT 1 -- a; b\n + 2;"_s, Dialect::Sqlite), QStringList{u"SELECT 1 -- a; b\n + 2"_s});
}

void TestSqlScript::keepsDollarQuotedBodiesWhole()
{
    const QString doBlock = u"DO $$ BEGIN IF true THEN RAISE NOTICE 'x;'; END IF; END $$"_s;
    const QString function = u"CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$\n"
                             "BEGIN\n  PERFORM 1; RETURN $$;$$::text::int;\nEND;\n$body$"_s;
    QCOMPARE(texts(doBlock + u";\n"_s + function + u";\nSELECT $1;"_s, Dialect::PostgreSql),
             (QStringList{doBlock, function, u"SELECT $1"_s}));
    const QString atomic =
        u"CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true "
        "THEN 1 END; END"_s;
    QCOMPARE(texts(atomic + u"; SELECT 3;"_s, Dialect::PostgreSql), (QStringList{atomic, u"SELECT 3"_s}));
}

void TestSqlScript::keepsTriggerBodiesWhole()
{
    const QString trigger = u"CREATE TRIGGER t BEFORE INSERT ON x\nWHEN NEW.a IS NULL\nBEGIN\n"
                            "    SELECT CASE WHEN 1 THEN RAISE(ABORT, 'no; way') END;\n"
                            "    UPDATE y SET n = n + 1;\nEND"_s;
    QCOMPARE(texts(trigger + u";\nCREATE TABLE z (a INT);"_s, Dialect::Sqlite),
             (QStringList{trigger, u"CREATE TABLE z (a INT)"_s}));
    // "trigger" as a column name does not start a body
    QCOMPARE(texts(u"CREATE TABLE log (trigger TEXT, note TEXT); SELECT 1;"_s, Dialect::Sqlite),
             (QStringList{u"CREATE TABLE log (trigger TEXT, note TEXT)"_s, u"SELECT 1"_s}));
}

void TestSqlScript::reportsStartLines()
{
    const auto statements = splitSqlScript(u"-- one\n\nSELECT 1;\n/* two\n */ SELECT\n2;"_s, Dialect::Sqlite);
    QVERIFY(statements);
    QCOMPARE(statements->size(), 2);
    QCOMPARE(statements->at(0).line, 3);
    QCOMPARE(statements->at(1).line, 5);
}

void TestSqlScript::rejectsUnterminatedText_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<int>("dialect");
    QTest::newRow("quote") << u"SELECT 'abc;"_s << static_cast<int>(Dialect::Sqlite);
    QTest::newRow("identifier") << u"SELECT \"abc;"_s << static_cast<int>(Dialect::PostgreSql);
    QTest::newRow("comment") << u"SELECT 1; /* never closed"_s << static_cast<int>(Dialect::PostgreSql);
    QTest::newRow("dollar") << u"DO $x$ BEGIN; END $y$;"_s << static_cast<int>(Dialect::PostgreSql);
    QTest::newRow("trigger") << u"CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1;"_s
                             << static_cast<int>(Dialect::Sqlite);
}

void TestSqlScript::rejectsUnterminatedText()
{
    QFETCH(QString, script);
    QFETCH(int, dialect);
    const auto result = splitSqlScript(script, static_cast<Dialect>(dialect));
    QVERIFY(!result);
    QCOMPARE(result.error().code, QString(dberr::migrationInvalid));
    QVERIFY(result.error().message.startsWith(u"line 1:"_s));
}

QTEST_GUILESS_MAIN(TestSqlScript)
#include "test_sql_script.moc"

// StatementCache / Connection::run: statements are prepared once per
// connection and re-executed with new values, on both dialects.
#include "server/db/connection.h"
#include "server/db/sql_values.h"
#include "server/db/prepared_query.h"
#include "tests/integration/server/schema_test_support.h"
#include "tests/support/test_support.h"

#include <QSqlQuery>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::server;
using namespace creditdesk::server::test;

namespace {

const QString kPlusOne = u"SELECT CAST(? AS INTEGER) + 1"_s;

Result<qint64> plusOne(const Connection &db, qint64 value)
{
    auto query = db.run(kPlusOne, {value}, u"plus one"_s);
    if (!query)
        return std::unexpected(query.error());
    if (!query->next())
        return fail("test"_L1, u"no row"_s);
    return query->value(0).toLongLong();
}

// PostgreSQL only: the statements this session has prepared.
qint64 serverPreparedCount(const Connection &db)
{
    QSqlQuery query(db.database());
    if (!query.exec(u"SELECT count(*) FROM pg_prepared_statements"_s) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

} // namespace

class TestPreparedQuery : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_database;
    std::optional<Connection> m_db;

private slots:
    void initTestCase_data() { addDialectRows(); }

    void init()
    {
        QFETCH_GLOBAL(Dialect, dialect);
        CREDITDESK_REQUIRE_DIALECT(dialect);
        CREDITDESK_TRY(database, TestDatabase::create(dialect));
        m_database = std::move(database);
        CREDITDESK_TRY(db, m_database->connect());
        m_db.emplace(std::move(db));
    }

    void cleanup()
    {
        m_db.reset();
        m_database.reset();
    }

    void reusesOneStatementWithNewValues()
    {
        for (qint64 i = 0; i < 50; ++i) {
            CREDITDESK_TRY(value, plusOne(*m_db, i));
            QCOMPARE(value, i + 1);
        }
        QCOMPARE(m_db->cachedStatementCount(), std::size_t{1});
        if (m_db->dialect() == Dialect::PostgreSql) {
            const qint64 before = serverPreparedCount(*m_db);
            for (qint64 i = 0; i < 20; ++i)
                CREDITDESK_VERIFY_OK(plusOne(*m_db, i));
            QCOMPARE(serverPreparedCount(*m_db), before);
        }
    }

    void sameStatementWhileCheckedOutRunsUncached()
    {
        CREDITDESK_TRY(outer, m_db->run(kPlusOne, {10}, u"outer"_s));
        CREDITDESK_TRY(inner, m_db->run(kPlusOne, {20}, u"inner"_s));
        QVERIFY(inner.next());
        QCOMPARE(inner.value(0).toLongLong(), qint64{21});
        QVERIFY(outer.next());
        QCOMPARE(outer.value(0).toLongLong(), qint64{11});
        QCOMPARE(m_db->cachedStatementCount(), std::size_t{1});
    }

    void releasedStatementIsReadyForTheNextRun()
    {
        {
            CREDITDESK_TRY(first, m_db->run(kPlusOne, {1}, u"first"_s));
            Q_UNUSED(first); // released unread
        }
        CREDITDESK_TRY(value, plusOne(*m_db, 41));
        QCOMPARE(value, qint64{42});
    }

    void failedPrepareIsNotCachedAndNamesTheContext()
    {
        auto broken = m_db->run(u"SELECT FROM WHERE nonsense ?"_s, {1}, u"broken statement"_s);
        QVERIFY(!broken.has_value());
        QCOMPARE(broken.error().code, u"database_error"_s);
        QVERIFY2(broken.error().message.contains("broken statement"_L1), qPrintable(broken.error().message));
        QCOMPARE(m_db->cachedStatementCount(), std::size_t{0});
    }

    void failedExecutionLeavesTheStatementUsable()
    {
        CREDITDESK_VERIFY_OK(
            execStatement(m_db->database(), u"CREATE TABLE pq_items (id INTEGER PRIMARY KEY)"_s));
        const QString insert = u"INSERT INTO pq_items (id) VALUES (?)"_s;
        CREDITDESK_VERIFY_OK(m_db->run(insert, {1}, u"insert"_s));
        auto duplicate = m_db->run(insert, {1}, u"insert"_s);
        QVERIFY(!duplicate.has_value());
        QVERIFY(isUniqueViolation(duplicate.error()));
        CREDITDESK_VERIFY_OK(m_db->run(insert, {2}, u"insert"_s));
        CREDITDESK_TRY(count, m_db->run(u"SELECT count(*) FROM pq_items"_s, {}, u"count"_s));
        QVERIFY(count.next());
        QCOMPARE(count.value(0).toLongLong(), qint64{2});
    }

    void cacheIsBoundedAndOverflowStillRuns()
    {
        const auto limit = static_cast<int>(StatementCache::kMaxStatements);
        for (int i = 0; i < limit + 5; ++i) {
            CREDITDESK_TRY(query, m_db->run(u"SELECT CAST(? AS INTEGER) + %1"_s.arg(i), {1}, u"distinct"_s));
            QVERIFY(query.next());
            QCOMPARE(query.value(0).toInt(), i + 1);
        }
        QCOMPARE(m_db->cachedStatementCount(), StatementCache::kMaxStatements);
    }

    void movedConnectionKeepsItsStatements()
    {
        CREDITDESK_VERIFY_OK(plusOne(*m_db, 1));
        Connection moved = std::move(*m_db);
        m_db.reset();
        QCOMPARE(moved.cachedStatementCount(), std::size_t{1});
        CREDITDESK_TRY(value, plusOne(moved, 2));
        QCOMPARE(value, qint64{3});
        m_db.emplace(std::move(moved));
    }
};

QTEST_GUILESS_MAIN(TestPreparedQuery)
#include "test_prepared_query.moc"

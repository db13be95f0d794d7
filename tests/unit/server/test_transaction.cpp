// Transaction: commit, rollback on destruction, and serialised writers on both dialects.
#include "server/db/transaction.h"

#include "server/db/connection.h"
#include "server/db/sql_values.h"
#include "tests/integration/server/schema_test_support.h"
#include "tests/support/test_support.h"

#include <QSqlQuery>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::server;
using namespace creditdesk::server::test;

namespace {

Result<qint64> counterValue(const Connection &db, const QString &suffix = {})
{
    QSqlQuery query(db.database());
    if (!query.exec(u"SELECT value FROM tx_counter WHERE id = 1"_s + suffix) || !query.next())
        return std::unexpected(queryError(query, u"read counter"_s));
    return query.value(0).toLongLong();
}

} // namespace

class TestTransaction : public QObject {
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
        CREDITDESK_TRY(db, m_database->connectMigrated());
        m_db.emplace(std::move(db));
        CREDITDESK_VERIFY_OK(
            execStatement(m_db->database(), u"CREATE TABLE tx_counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)"_s));
        CREDITDESK_VERIFY_OK(execStatement(m_db->database(), u"INSERT INTO tx_counter VALUES (1, 0)"_s));
    }

    void cleanup()
    {
        m_db.reset();
        m_database.reset();
    }

    void commitPersists()
    {
        CREDITDESK_TRY(tx, Transaction::begin(*m_db));
        CREDITDESK_VERIFY_OK(execStatement(m_db->database(), u"UPDATE tx_counter SET value = 5"_s));
        CREDITDESK_VERIFY_OK(tx.commit());
        CREDITDESK_TRY(value, counterValue(*m_db));
        QCOMPARE(value, 5);
        // finished: a second commit is an error, rollback a no-op
        QVERIFY(!tx.commit().has_value());
        tx.rollback();
    }

    void destructorRollsBack()
    {
        {
            CREDITDESK_TRY(tx, Transaction::begin(*m_db));
            CREDITDESK_VERIFY_OK(execStatement(m_db->database(), u"UPDATE tx_counter SET value = 7"_s));
            Q_UNUSED(tx);
        }
        CREDITDESK_TRY(value, counterValue(*m_db));
        QCOMPARE(value, 0);
        // the connection is usable for a new transaction afterwards
        CREDITDESK_TRY(again, Transaction::begin(*m_db));
        again.rollback();
    }

    void explicitRollbackAndMove()
    {
        CREDITDESK_TRY(tx, Transaction::begin(*m_db));
        CREDITDESK_VERIFY_OK(execStatement(m_db->database(), u"UPDATE tx_counter SET value = 9"_s));
        Transaction moved(std::move(tx));
        QVERIFY(!tx.commit().has_value()); // moved-from is finished
        moved.rollback();
        CREDITDESK_TRY(value, counterValue(*m_db));
        QCOMPARE(value, 0);
    }

    void failedStatementThenRollback()
    {
        CREDITDESK_TRY(tx, Transaction::begin(*m_db));
        QVERIFY(!execStatement(m_db->database(), u"INSERT INTO tx_counter VALUES (1, 1)"_s).has_value());
        tx.rollback();
        CREDITDESK_TRY(value, counterValue(*m_db));
        QCOMPARE(value, 0);
    }

    void forUpdateFragment()
    {
        QCOMPARE(forUpdate(*m_db), m_db->dialect() == Dialect::PostgreSql ? u" FOR UPDATE"_s : QString());
        CREDITDESK_TRY(tx, Transaction::begin(*m_db));
        CREDITDESK_TRY(value, counterValue(*m_db, forUpdate(*m_db)));
        QCOMPARE(value, 0);
        CREDITDESK_VERIFY_OK(tx.commit());
    }

    // Read-modify-write from several threads (one connection each): the
    // transaction plus forUpdate() never loses an increment.
    void concurrentWritersSerialise()
    {
        constexpr int kThreads = 4;
        constexpr int kIterations = 15;
        std::atomic<int> failures{0};
        const QString url = m_database->url();
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&failures, url, t] {
                const auto config = parseDatabaseUrl(url);
                auto db = Connection::open(*config, u"tx-worker-%1"_s.arg(t));
                if (!db) {
                    ++failures;
                    return;
                }
                for (int i = 0; i < kIterations; ++i) {
                    auto tx = Transaction::begin(*db);
                    if (!tx) {
                        ++failures;
                        continue;
                    }
                    const auto value = counterValue(*db, forUpdate(*db));
                    if (!value || !execStatement(db->database(), u"UPDATE tx_counter SET value = ? WHERE id = 1"_s,
                                                 {*value + 1})
                                       .has_value()
                        || !tx->commit().has_value())
                        ++failures;
                }
            });
        }
        for (auto &thread : threads)
            thread.join();
        QCOMPARE(failures.load(), 0);
        CREDITDESK_TRY(value, counterValue(*m_db));
        QCOMPARE(value, kThreads * kIterations);
    }
};

QTEST_GUILESS_MAIN(TestTransaction)
#include "test_transaction.moc"

// sqlv:: binding and reading on both dialects against a migrated database.
#include "server/db/sql_values.h"

#include "server/db/connection.h"
#include "tests/integration/server/schema_test_support.h"
#include "tests/support/test_support.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlQuery>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::server;
using namespace creditdesk::server::test;

namespace {

// A scratch table with the column types of the schema conventions.
QString scratchTable(Dialect dialect)
{
    if (dialect == Dialect::PostgreSql) {
        return u"CREATE TABLE sqlv_scratch (id integer PRIMARY KEY, ts timestamptz, credits numeric(12,2), "
               "usd numeric(10,2), flag boolean, uid uuid, doc jsonb, mult numeric(4,2), cost numeric(10,8), "
               "tier subscription_tier)"_s;
    }
    return u"CREATE TABLE sqlv_scratch (id INTEGER PRIMARY KEY, ts INTEGER, credits INTEGER, usd TEXT, "
           "flag INTEGER, uid TEXT, doc TEXT, mult INTEGER, cost INTEGER, tier TEXT)"_s;
}

Result<QVariant> readBack(const Connection &db, const QString &column, int id)
{
    QSqlQuery query(db.database());
    query.prepare(u"SELECT "_s + column + u" FROM sqlv_scratch WHERE id = ?"_s);
    query.addBindValue(id);
    if (!query.exec() || !query.next())
        return std::unexpected(queryError(query, u"read back"_s));
    return query.value(0);
}

Result<void> insert(const Connection &db, int id, const QString &column, const QVariant &value,
                    const QString &placeholder = u"?"_s)
{
    QSqlQuery query(db.database());
    query.prepare(u"INSERT INTO sqlv_scratch (id, "_s + column + u") VALUES (?, "_s + placeholder + u")"_s);
    query.addBindValue(id);
    query.addBindValue(value);
    if (!query.exec())
        return std::unexpected(queryError(query, u"insert"_s));
    return {};
}

} // namespace

class TestSqlValues : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_database;
    std::optional<Connection> m_db;
    int m_nextId = 1;

    bool prepare(Dialect dialect)
    {
        m_db.reset();
        auto database = TestDatabase::create(dialect);
        if (!database) {
            qWarning() << database.error().message;
            return false;
        }
        m_database = std::move(*database);
        auto db = m_database->connectMigrated();
        if (!db) {
            qWarning() << db.error().message;
            return false;
        }
        m_db.emplace(std::move(*db));
        return execStatement(m_db->database(), scratchTable(dialect)).has_value();
    }

private slots:
    void initTestCase_data() { addDialectRows(); }

    void init()
    {
        QFETCH_GLOBAL(Dialect, dialect);
        CREDITDESK_REQUIRE_DIALECT(dialect);
        QVERIFY(prepare(dialect));
        m_nextId = 1;
    }

    void cleanup()
    {
        m_db.reset();
        m_database.reset();
    }

    void timestamps()
    {
        const Connection &db = *m_db;
        const std::int64_t ms = 1714564800123; // 2024-05-01T12:00:00.123Z
        CREDITDESK_VERIFY_OK(insert(db, 1, u"ts"_s, sqlv::timestamp(db, ms)));
        CREDITDESK_TRY(value, readBack(db, u"ts"_s, 1));
        CREDITDESK_TRY(read, sqlv::readTimestamp(db, value));
        QCOMPARE(read, ms);

        CREDITDESK_VERIFY_OK(insert(db, 2, u"ts"_s, sqlv::timestamp(db, std::optional<std::int64_t>())));
        CREDITDESK_TRY(nullValue, readBack(db, u"ts"_s, 2));
        CREDITDESK_TRY(optional, sqlv::readOptionalTimestamp(db, nullValue));
        QVERIFY(!optional.has_value());
        QVERIFY(!sqlv::readTimestamp(db, nullValue).has_value());

        // A comparison against a bound timestamp works in SQL too.
        QSqlQuery query(db.database());
        query.prepare(u"SELECT COUNT(*) FROM sqlv_scratch WHERE ts < ?"_s);
        query.addBindValue(sqlv::timestamp(db, ms + 1));
        QVERIFY(query.exec() && query.next());
        QCOMPARE(query.value(0).toInt(), 1);

        // On a real column of the schema (users.created_at, DEFAULT now()).
        const QString id = sqlv::newUuid();
        CREDITDESK_VERIFY_OK(execStatement(db.database(),
                                           u"INSERT INTO users (id, email, email_verified, last_login_at) VALUES (?, ?, ?, ?)"_s,
                                           {sqlv::uuid(db, id), u"a@b.example"_s, sqlv::boolean(db, true),
                                            sqlv::timestamp(db, ms)}));
        QSqlQuery user(db.database());
        user.prepare(u"SELECT id, created_at, email_verified, last_login_at FROM users WHERE id = ?"_s);
        user.addBindValue(sqlv::uuid(db, id));
        QVERIFY(user.exec() && user.next());
        QCOMPARE(sqlv::readUuid(user.value(0)), id);
        CREDITDESK_TRY(created, sqlv::readTimestamp(db, user.value(1)));
        QVERIFY(qAbs(created - QDateTime::currentMSecsSinceEpoch()) < 60'000);
        CREDITDESK_TRY(verified, sqlv::readBoolean(db, user.value(2)));
        QCOMPARE(verified, true);
        CREDITDESK_TRY(lastLogin, sqlv::readTimestamp(db, user.value(3)));
        QCOMPARE(lastLogin, ms);
    }

    void credits()
    {
        const Connection &db = *m_db;
        const QList<QString> values{u"0"_s, u"12.50"_s, u"-0.10"_s, u"9999999999.99"_s, u"1399.75"_s};
        for (const QString &text : values) {
            CREDITDESK_TRY(amount, Credits::parse(text));
            const int id = m_nextId++;
            CREDITDESK_VERIFY_OK(insert(db, id, u"credits"_s, sqlv::credits(db, amount)));
            CREDITDESK_TRY(value, readBack(db, u"credits"_s, id));
            CREDITDESK_TRY(read, sqlv::readCredits(db, value));
            QCOMPARE(read.units(), amount.units());
        }
        // SUM keeps exactness (no double anywhere).
        QSqlQuery sum(db.database());
        QVERIFY(sum.exec(u"SELECT SUM(credits) FROM sqlv_scratch WHERE id <= 3"_s) && sum.next());
        CREDITDESK_TRY(total, sqlv::readCredits(db, sum.value(0)));
        QCOMPARE(total.toDecimalString(), u"12.40"_s);
        QVERIFY(!sqlv::readCredits(db, QVariant()).has_value());
        QVERIFY(sum.exec(u"SELECT SUM(credits) FROM sqlv_scratch WHERE id > 1000"_s) && sum.next());
        QVERIFY(!sqlv::readCredits(db, sum.value(0)).has_value()); // SQL NULL is never a silent 0
        QVERIFY(!sqlv::readCredits(db, db.dialect() == Dialect::Sqlite ? QVariant(1.5) : QVariant(u"1.234"_s))
                     .has_value());
    }

    void usd()
    {
        const Connection &db = *m_db;
        for (const QString &text : {u"12.50"_s, u"0.00"_s, u"-3.07"_s, u"99999999.99"_s}) {
            CREDITDESK_TRY(money, Money::parse(text));
            const int id = m_nextId++;
            CREDITDESK_VERIFY_OK(insert(db, id, u"usd"_s, sqlv::usd(db, money)));
            CREDITDESK_TRY(value, readBack(db, u"usd"_s, id));
            QCOMPARE(value.toString(), text); // canonical text on both
            CREDITDESK_TRY(read, sqlv::readUsd(db, value));
            QCOMPARE(read.cents(), money.cents());
        }
        QVERIFY(!sqlv::readUsd(db, QVariant(u"abc"_s)).has_value());
        QVERIFY(!sqlv::readUsd(db, QVariant()).has_value());
    }

    void booleans()
    {
        const Connection &db = *m_db;
        for (bool flag : {true, false}) {
            const int id = m_nextId++;
            CREDITDESK_VERIFY_OK(insert(db, id, u"flag"_s, sqlv::boolean(db, flag)));
            CREDITDESK_TRY(value, readBack(db, u"flag"_s, id));
            CREDITDESK_TRY(read, sqlv::readBoolean(db, value));
            QCOMPARE(read, flag);
        }
        if (db.dialect() == Dialect::Sqlite)
            QVERIFY(!sqlv::readBoolean(db, QVariant(2)).has_value());
        QVERIFY(!sqlv::readBoolean(db, QVariant()).has_value());
    }

    void uuids()
    {
        const Connection &db = *m_db;
        const QString id = sqlv::newUuid();
        QCOMPARE(id.size(), 36);
        QCOMPARE(id, id.toLower());
        QVERIFY(sqlv::newUuid() != id);
        CREDITDESK_VERIFY_OK(insert(db, 1, u"uid"_s, sqlv::uuid(db, id)));
        CREDITDESK_TRY(value, readBack(db, u"uid"_s, 1));
        QCOMPARE(sqlv::readUuid(value), id);
        CREDITDESK_VERIFY_OK(insert(db, 2, u"uid"_s, sqlv::uuid(db, QString())));
        CREDITDESK_TRY(nullValue, readBack(db, u"uid"_s, 2));
        QVERIFY(nullValue.isNull());
        QCOMPARE(sqlv::readUuid(nullValue), QString());
        QCOMPARE(sqlv::readUuid(QVariant(u"{ABCDEF00-0000-4000-8000-000000000000}"_s)),
                 u"abcdef00-0000-4000-8000-000000000000"_s);
    }

    void json()
    {
        const Connection &db = *m_db;
        const QJsonObject object{{u"a"_s, 1}, {u"b"_s, QJsonArray{u"x"_s, true}}, {u"c"_s, u"ü\"'"_s}};
        const QList<QJsonValue> values{object, QJsonArray{1, 2}, QJsonValue(u"text"_s), QJsonValue(42)};
        for (const QJsonValue &json : values) {
            const int id = m_nextId++;
            CREDITDESK_VERIFY_OK(insert(db, id, u"doc"_s, sqlv::json(db, json)));
            CREDITDESK_TRY(value, readBack(db, u"doc"_s, id));
            CREDITDESK_TRY(read, sqlv::readJson(value));
            QCOMPARE(read, json);
        }
        const int id = m_nextId++;
        CREDITDESK_VERIFY_OK(insert(db, id, u"doc"_s, sqlv::json(db, QJsonValue())));
        CREDITDESK_TRY(nullValue, readBack(db, u"doc"_s, id));
        QVERIFY(nullValue.isNull());
        CREDITDESK_TRY(readNull, sqlv::readJson(nullValue));
        QVERIFY(readNull.isNull());
        QVERIFY(!sqlv::readJson(QVariant(u"{broken"_s)).has_value());
    }

    void multipliers()
    {
        const Connection &db = *m_db;
        for (int hundredths : {100, 130, 5, 9999, 0}) {
            const int id = m_nextId++;
            CREDITDESK_VERIFY_OK(insert(db, id, u"mult"_s, sqlv::multiplier(db, hundredths)));
            CREDITDESK_TRY(value, readBack(db, u"mult"_s, id));
            CREDITDESK_TRY(read, sqlv::readMultiplier(db, value));
            QCOMPARE(read, hundredths);
        }
    }

    void vendorCosts()
    {
        const Connection &db = *m_db;
        for (std::int64_t e8 : {std::int64_t{1}, std::int64_t{150'000}, std::int64_t{99'99999999},
                                std::int64_t{0}, std::int64_t{-12345678}}) {
            const int id = m_nextId++;
            CREDITDESK_VERIFY_OK(insert(db, id, u"cost"_s, sqlv::vendorCost(db, e8)));
            CREDITDESK_TRY(value, readBack(db, u"cost"_s, id));
            CREDITDESK_TRY(read, sqlv::readVendorCost(db, value));
            QCOMPARE(read, e8);
        }
    }

    void enums()
    {
        const Connection &db = *m_db;
        const QString placeholder = sqlv::enumParam(db, u"subscription_tier"_s);
        QCOMPARE(placeholder, db.dialect() == Dialect::PostgreSql ? u"?::subscription_tier"_s : u"?"_s);
        CREDITDESK_VERIFY_OK(insert(db, 1, u"tier"_s, u"pro"_s, placeholder));
        CREDITDESK_TRY(value, readBack(db, u"tier"_s, 1));
        QCOMPARE(value.toString(), u"pro"_s);
    }

    void errorClassification()
    {
        const Connection &db = *m_db;
        CREDITDESK_VERIFY_OK(insert(db, 1, u"flag"_s, sqlv::boolean(db, true)));
        QSqlQuery query(db.database());
        query.prepare(u"INSERT INTO sqlv_scratch (id) VALUES (?)"_s);
        query.addBindValue(1);
        QVERIFY(!query.exec());
        const Error error = queryError(query, u"duplicate"_s);
        QCOMPARE(error.code, u"database_error"_s);
        QVERIFY2(isUniqueViolation(error), qPrintable(error.message));
        QVERIFY(!isRetryableConflict(error));
        // execStatement's errors (no native code) are classified by message.
        const auto viaExec = execStatement(db.database(), u"INSERT INTO sqlv_scratch (id) VALUES (1)"_s);
        QVERIFY(!viaExec.has_value());
        QVERIFY(isUniqueViolation(viaExec.error()));
        QVERIFY(!isUniqueViolation(makeError("database_error"_L1, u"syntax error"_s)));
        QVERIFY(isRetryableConflict(makeError("database_error"_L1, u"x"_s, {{u"native_code"_s, u"40001"_s}})));
        QVERIFY(isRetryableConflict(makeError("database_error"_L1, u"x"_s, {{u"native_code"_s, u"40P01"_s}})));
    }
};

QTEST_GUILESS_MAIN(TestSqlValues)
#include "test_sql_values.moc"

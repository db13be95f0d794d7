// The live catalog of a freshly migrated database, on both dialects, against
// what the seed report asks for: tables, columns, enums, foreign keys with
// their ON DELETE rules, unique constraints and indexes, and the unit rules.
#include "server/db/connection.h"
#include "tests/integration/server/catalog_reader.h"
#include "tests/integration/server/schema_expectations.h"
#include "tests/integration/server/schema_test_support.h"
#include "tests/integration/server/schema_world.h"
#include "tests/support/test_support.h"

#include <QtTest>

#include <map>
#include <memory>

using namespace Qt::StringLiterals;
using namespace creditdesk::server;
using namespace creditdesk::server::test;

class TestSchemaCatalog : public QObject {
    Q_OBJECT

private slots:
    void cleanupTestCase();

    void tablesAreExactlyTheExpectedOnes_data() { addDialectRows(); }
    void tablesAreExactlyTheExpectedOnes();
    void requiredColumnsExist_data() { addDialectRows(); }
    void requiredColumnsExist();
    void enumTypesHaveTheSeedLabels_data() { addDialectRows(); }
    void enumTypesHaveTheSeedLabels();
    void enumColumnsRejectUnknownAndAcceptEveryKnownValue_data() { addDialectRows(); }
    void enumColumnsRejectUnknownAndAcceptEveryKnownValue();
    void enumArraysRejectUnknownValues_data() { addDialectRows(); }
    void enumArraysRejectUnknownValues();
    void foreignKeysHaveTheSeedDeleteRules_data() { addDialectRows(); }
    void foreignKeysHaveTheSeedDeleteRules();
    void foreignKeyColumnsAreIndexed_data() { addDialectRows(); }
    void foreignKeyColumnsAreIndexed();
    void uniqueConstraintsExist_data() { addDialectRows(); }
    void uniqueConstraintsExist();
    void seedIndexesExist_data() { addDialectRows(); }
    void seedIndexesExist();
    void unitsFollowTheDialectRules_data() { addDialectRows(); }
    void unitsFollowTheDialectRules();
    void dialectsHaveTheSameColumns();

private:
    // One migrated database per dialect, shared by the read-only checks.
    struct Migrated {
        std::unique_ptr<TestDatabase> database;
        std::unique_ptr<Connection> connection;
        Catalog catalog;
    };
    const Migrated *migrated(Dialect dialect);

    std::map<Dialect, Migrated> m_migrated;
};

const TestSchemaCatalog::Migrated *TestSchemaCatalog::migrated(Dialect dialect)
{
    if (auto it = m_migrated.find(dialect); it != m_migrated.end())
        return &it->second;
    auto database = TestDatabase::create(dialect);
    if (!database) {
        qWarning("%s", qPrintable(database.error().message));
        return nullptr;
    }
    auto connection = (*database)->connectMigrated();
    if (!connection) {
        qWarning("%s", qPrintable(connection.error().message));
        return nullptr;
    }
    auto catalog = readCatalog(*connection);
    if (!catalog) {
        qWarning("%s", qPrintable(catalog.error().message));
        return nullptr;
    }
    Migrated entry{std::move(*database), std::make_unique<Connection>(std::move(*connection)),
                   std::move(*catalog)};
    return &m_migrated.emplace(dialect, std::move(entry)).first->second;
}

void TestSchemaCatalog::cleanupTestCase()
{
    for (auto &[dialect, entry] : m_migrated)
        entry.connection.reset(); // before the database is dropped
    m_migrated.clear();
}

#define FETCH_CATALOG()                                                                                      \
    QFETCH(Dialect, dialect);                                                                                \
    CREDITDESK_REQUIRE_DIALECT(dialect);                                                                     \
    const Migrated *db = migrated(dialect);                                                                  \
    QVERIFY2(db, "cannot create and migrate a database");                                                    \
    const Catalog &catalog = db->catalog

void TestSchemaCatalog::tablesAreExactlyTheExpectedOnes()
{
    FETCH_CATALOG();
    QStringList expected = expectedTables();
    QStringList actual = catalog.tables;
    expected.sort();
    actual.sort();
    QCOMPARE(actual, expected);
}

void TestSchemaCatalog::requiredColumnsExist()
{
    FETCH_CATALOG();
    for (const ExpectedKey &table : expectedColumns()) {
        for (const QString &column : table.columns)
            QVERIFY2(catalog.column(table.table, column),
                     qPrintable(table.table + u'.' + column + u" is missing"_s));
    }
}

void TestSchemaCatalog::enumTypesHaveTheSeedLabels()
{
    FETCH_CATALOG();
    if (dialect == Dialect::Sqlite)
        QSKIP("SQLite has no enum types: its CHECK constraints are exercised by the next test");
    for (const ExpectedEnum &e : expectedEnums()) {
        QCOMPARE(catalog.enumLabels.value(e.type), e.values);
        for (const auto &[table, column] : e.columns) {
            const ColumnInfo *info = catalog.column(table, column);
            QVERIFY2(info, qPrintable(table + u'.' + column));
            QCOMPARE(info->type, e.type);
        }
    }
    QCOMPARE(catalog.column(u"coupon"_s, u"tier_eligibility"_s)->type, u"_subscription_tier"_s);
    QCOMPARE(catalog.column(u"coupon"_s, u"billing_cycles"_s)->type, u"_billing_interval"_s);
    QCOMPARE(catalog.enumLabels.size(), expectedEnums().size());
}

namespace {

QString rowOf(const World &w, const QString &table)
{
    static const QHash<QString, QString World::*> shared{
        {u"subscription_tier_config"_s, &World::tierConfig},
        {u"pricing_configs"_s, &World::pricingConfig},
        {u"coupon"_s, &World::coupon},
        {u"coupon_validation_rule"_s, &World::validationRule}};
    static const QHash<QString, QString UserRows::*> owned{
        {u"subscription_monetization"_s, &UserRows::subscription},
        {u"credit_allocation"_s, &UserRows::allocation},
        {u"billing_invoice"_s, &UserRows::invoice},
        {u"payment_transaction"_s, &UserRows::payment},
        {u"dunning_attempt"_s, &UserRows::dunning},
        {u"token_usage_ledger"_s, &UserRows::usage},
        {u"user_credit_source"_s, &UserRows::source},
        {u"perpetual_license"_s, &UserRows::license},
        {u"license_activation"_s, &UserRows::activation},
        {u"version_upgrade"_s, &UserRows::upgrade},
        {u"proration_event"_s, &UserRows::proration},
        {u"coupon_redemption"_s, &UserRows::redemption},
        {u"coupon_fraud_detection"_s, &UserRows::fraud}};
    if (shared.contains(table))
        return w.*shared.value(table);
    return w.a.*owned.value(table);
}

} // namespace

void TestSchemaCatalog::enumColumnsRejectUnknownAndAcceptEveryKnownValue()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(database, TestDatabase::create(dialect));
    CREDITDESK_TRY(connection, database->connectMigrated());
    CREDITDESK_TRY(world, buildWorld(connection));
    for (const ExpectedEnum &e : expectedEnums()) {
        for (const auto &[table, column] : e.columns) {
            const QString id = rowOf(world, table);
            QVERIFY2(!id.isEmpty(), qPrintable(table));
            for (const QString &bad : {u"not_a_value"_s, e.values.first().toUpper(), u""_s}) {
                const auto rejected = updateRow(connection, table, id, {{column, bad}});
                QVERIFY2(!rejected, qPrintable(u"%1.%2 accepted '%3'"_s.arg(table, column, bad)));
            }
            for (const QString &good : e.values) {
                Row row{{column, good}};
                row << enumCompanions(dialect, world, table, column, good);
                const auto accepted = updateRow(connection, table, id, row);
                QVERIFY2(accepted,
                         qPrintable(u"%1.%2 refused '%3': %4"_s.arg(
                             table, column, good, accepted ? QString() : accepted.error().message)));
            }
        }
    }
}

void TestSchemaCatalog::enumArraysRejectUnknownValues()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(database, TestDatabase::create(dialect));
    CREDITDESK_TRY(connection, database->connectMigrated());
    CREDITDESK_TRY(world, buildWorld(connection));
    const DialectValues v(dialect);
    const QStringList tiers = expectedEnums().at(0).values;
    CREDITDESK_VERIFY_OK(
        updateRow(connection, u"coupon"_s, world.coupon, {{u"tier_eligibility"_s, v.array(tiers)}}));
    CREDITDESK_VERIFY_OK(updateRow(connection, u"coupon"_s, world.coupon,
                                   {{u"billing_cycles"_s, v.array({u"monthly"_s, u"yearly"_s})}}));
    QVERIFY(!updateRow(connection, u"coupon"_s, world.coupon,
                       {{u"tier_eligibility"_s, v.array({u"pro"_s, u"pro_plus"_s})}}));
    QVERIFY(
        !updateRow(connection, u"coupon"_s, world.coupon, {{u"billing_cycles"_s, v.array({u"weekly"_s})}}));
    QVERIFY(!updateRow(connection, u"coupon"_s, world.coupon, {{u"tier_eligibility"_s, v.array({})}}));
}

void TestSchemaCatalog::foreignKeysHaveTheSeedDeleteRules()
{
    FETCH_CATALOG();
    const QList<ExpectedForeignKey> expected = expectedForeignKeys();
    for (const ExpectedForeignKey &fk : expected) {
        bool found = false;
        for (const ForeignKeyInfo &actual : catalog.foreignKeysOf(fk.table)) {
            if (actual.columns == QStringList{fk.column}) {
                found = true;
                QCOMPARE(actual.referencedTable, fk.referencedTable);
                QCOMPARE(actual.referencedColumns, QStringList{u"id"_s});
                QVERIFY2(actual.onDelete == fk.onDelete,
                         qPrintable(u"%1.%2: ON DELETE %3, expected %4"_s.arg(fk.table, fk.column,
                                                                              actual.onDelete, fk.onDelete)));
            }
        }
        QVERIFY2(found, qPrintable(u"no foreign key on %1.%2"_s.arg(fk.table, fk.column)));
    }
    QCOMPARE(catalog.foreignKeys.size(), expected.size());
}

void TestSchemaCatalog::foreignKeyColumnsAreIndexed()
{
    FETCH_CATALOG();
    // ON DELETE actions and joins scan the referencing side.
    for (const ForeignKeyInfo &fk : catalog.foreignKeys) {
        bool indexed = false;
        for (const IndexInfo &index : catalog.indexesOf(fk.table))
            indexed = indexed || (!index.partial && index.columns.mid(0, fk.columns.size()) == fk.columns);
        QVERIFY2(indexed, qPrintable(u"%1(%2) has no index"_s.arg(fk.table, fk.columns.join(u','))));
    }
}

void TestSchemaCatalog::uniqueConstraintsExist()
{
    FETCH_CATALOG();
    for (const ExpectedKey &key : expectedUniqueKeys()) {
        bool found = false;
        for (const IndexInfo &index : catalog.indexesOf(key.table))
            found = found || (index.unique && !index.partial && index.columns == key.columns);
        QVERIFY2(found, qPrintable(u"no unique key on %1(%2)"_s.arg(key.table, key.columns.join(u','))));
    }
    bool onePerUser = false;
    for (const IndexInfo &index : catalog.indexesOf(u"subscription_monetization"_s))
        onePerUser =
            onePerUser || (index.unique && index.partial && index.columns == QStringList{u"user_id"_s});
    QVERIFY2(onePerUser, "one current subscription per user");
}

void TestSchemaCatalog::seedIndexesExist()
{
    FETCH_CATALOG();
    for (const ExpectedKey &key : expectedIndexes()) {
        bool found = false;
        for (const IndexInfo &index : catalog.indexesOf(key.table))
            found = found || (!index.partial && index.columns == key.columns);
        QVERIFY2(found, qPrintable(u"no index on %1(%2)"_s.arg(key.table, key.columns.join(u','))));
    }
}

void TestSchemaCatalog::unitsFollowTheDialectRules()
{
    FETCH_CATALOG();
    const bool pg = dialect == Dialect::PostgreSql;
    for (auto it = catalog.columns.constBegin(); it != catalog.columns.constEnd(); ++it) {
        for (const ColumnInfo &c : it.value()) {
            const QString where = it.key() + u'.' + c.name + u" ("_s + c.type + u')';
            const QString type = c.type.toLower();
            // never binary floating point for anything, money and credits above all
            QVERIFY2(!type.contains("real"_L1) && !type.contains("double"_L1) && !type.contains("float"_L1),
                     qPrintable(where));
            if (!pg) // NUMERIC/DECIMAL affinity would store 12.50 as a REAL
                QVERIFY2(!type.contains("numeric"_L1) && !type.contains("decimal"_L1), qPrintable(where));
            if (c.name.endsWith("_cents"_L1))
                QVERIFY2(type == (pg ? "bigint"_L1 : "integer"_L1), qPrintable(where));
            if (c.name.endsWith("_usd"_L1))
                QVERIFY2(type == (pg ? "numeric"_L1 : "text"_L1), qPrintable(where));
            if (c.name.endsWith("_at"_L1) || c.name == "effective_date"_L1 || c.name == "trial_end"_L1)
                QVERIFY2(type == (pg ? "timestamp with time zone"_L1 : "integer"_L1), qPrintable(where));
            if (c.name == "id"_L1 && it.key() != "credit_settings"_L1)
                QVERIFY2(type == (pg ? "uuid"_L1 : "text"_L1), qPrintable(where));
        }
    }
    for (const QString &credits :
         {u"user_credit_balance.amount"_s, u"credit_allocation.amount"_s,
          u"token_usage_ledger.credits_deducted"_s, u"credit_deduction_ledger.amount"_s,
          u"subscription_monetization.monthly_credit_allocation"_s}) {
        const QStringList parts = credits.split(u'.');
        QCOMPARE(catalog.column(parts[0], parts[1])->type.toLower(), pg ? u"numeric"_s : u"integer"_s);
    }
}

void TestSchemaCatalog::dialectsHaveTheSameColumns()
{
    CREDITDESK_REQUIRE_DIALECT(Dialect::PostgreSql);
    const Migrated *sqlite = migrated(Dialect::Sqlite);
    const Migrated *pg = migrated(Dialect::PostgreSql);
    QVERIFY(sqlite && pg);
    for (const QString &table : expectedTables()) {
        QStringList a;
        QStringList b;
        for (const ColumnInfo &c : sqlite->catalog.columns.value(table))
            a << c.name + (c.notNull ? u" NOT NULL"_s : QString());
        for (const ColumnInfo &c : pg->catalog.columns.value(table))
            b << c.name + (c.notNull ? u" NOT NULL"_s : QString());
        QCOMPARE(a, b);
    }
}

QTEST_GUILESS_MAIN(TestSchemaCatalog)
#include "test_schema_catalog.moc"

#include "core/store/account_repository.h"
#include "core/store/mirror_database.h"
#include "core/store/mirror_errors.h"
#include "core/store/usage_repository.h"
#include "tests/unit/store/mirror_test_util.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk::store;
using namespace creditdesk::store::test;

// Opening the mirror file: creation, pragmas, the migration ladder, refusing
// newer or damaged files untouched, quarantine, and connection rules.
class TestMirrorSchema : public QObject {
    Q_OBJECT

private slots:
    void init();

    void createsNewFileAtCurrentVersion();
    void reopensExistingFileKeepingData();
    void storesOnlyIntegersForAmounts();
    void migratesVersion1KeepingData();
    void migrationFailureAtEveryStepRollsBack();
    void creationFailureAtEveryStepLeavesNoSchema();
    void refusesNewerSchemaUntouched();
    void refusesNewerSchemaLeftInWalUntouched();
    void clearUserDataEmptiesEveryTable();

private:
    QString path(const QString &name = u"mirror.db"_s) const { return m_dir->filePath(name); }
    bool buildVersion1(const QString &file);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestMirrorSchema::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

bool TestMirrorSchema::buildVersion1(const QString &file)
{
    RawDb raw(file);
    const QString script = QString::fromUtf8(readFile(creditdesk::test::dataPath(u"mirror/mirror_v1.sql"_s)));
    if (!raw.isOpen() || script.isEmpty() || !raw.execScript(script)) {
        qWarning().noquote() << "v1 fixture failed:" << raw.lastError();
        return false;
    }
    return true;
}

void TestMirrorSchema::createsNewFileAtCurrentVersion()
{
    const QString file = m_dir->filePath(u"nested/dir/mirror.db"_s);
    auto db = openOrFail(file);
    QVERIFY(db);
    QVERIFY(QFileInfo::exists(file));

    auto d = db->diagnostics();
    QVERIFY(d);
    QCOMPARE(d->schemaVersion, MirrorDatabase::kCurrentSchemaVersion);
    QCOMPARE(d->journalMode, u"wal"_s);
    QVERIFY(d->foreignKeys);
    QCOMPARE(d->synchronous, 1); // NORMAL
    QCOMPARE(d->busyTimeoutMs, 5000);

    // WAL is a property of the file: a plain connection sees it too.
    RawDb raw(file);
    QCOMPARE(raw.scalar(u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
    QCOMPARE(raw.scalar(u"SELECT value FROM meta WHERE key = 'schema_version'"_s).toString(),
             QString::number(MirrorDatabase::kCurrentSchemaVersion));
    const QStringList tables = raw.column(u"SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"_s);
    for (const auto &name :
         {"meta", "users", "user_preferences", "subscription_monetization", "user_credit_balance", "credit_allocation",
          "token_usage_ledger", "credit_deduction_ledger", "perpetual_license", "license_activation",
          "version_upgrade", "coupon_redemption", "proration_event", "billing_invoice", "sync_state", "outbox"})
        QVERIFY2(tables.contains(QLatin1StringView(name)), name);
    const QStringList indexes = raw.column(u"SELECT name FROM sqlite_master WHERE type = 'index'"_s);
    QVERIFY(indexes.contains(u"idx_token_usage_ledger_created"_s));
    QVERIFY(indexes.contains(u"idx_token_usage_ledger_occurred"_s));
    QVERIFY(indexes.contains(u"idx_token_usage_ledger_model"_s));

    // The keyset query is answered from the index, not a scan and sort.
    const QString plan = raw.column(u"EXPLAIN QUERY PLAN SELECT id FROM token_usage_ledger "
                                    u"WHERE created_at >= 0 AND (created_at, id) < (5, 'x') "
                                    u"ORDER BY created_at DESC, id DESC LIMIT 201"_s,
                                    3)
                             .join(u' ');
    QVERIFY2(plan.contains("idx_token_usage_ledger_created"_L1) && !plan.contains("TEMP B-TREE"_L1),
             qPrintable(plan));
}

void TestMirrorSchema::reopensExistingFileKeepingData()
{
    {
        auto db = openOrFail(path());
        QVERIFY(db);
        UserProfile p;
        p.id = u"user-1"_s;
        p.email = u"ada@example.com"_s;
        p.createdAtMs = kJan15;
        QVERIFY(AccountRepository(*db).upsertProfile(p));
    }
    auto db = openOrFail(path());
    QVERIFY(db);
    auto p = AccountRepository(*db).profile();
    QVERIFY(p && *p);
    QCOMPARE((*p)->email, u"ada@example.com"_s);
}

void TestMirrorSchema::storesOnlyIntegersForAmounts()
{
    auto db = openOrFail(path());
    QVERIFY(db);
    // STRICT tables: a REAL (or text) in a money, credit or time column is refused.
    auto real = db->write(u"INSERT INTO billing_invoice (id, invoice_date, amount_cents, currency, status) "
                          u"VALUES (?, ?, ?, ?, ?)"_s,
                          {u"in_1"_s, kJan15, 12.5, u"usd"_s, u"paid"_s});
    QVERIFY(!real);
    QCOMPARE(real.error().code, QString(errc::mirrorConstraintViolation));
    auto text = db->write(u"INSERT INTO billing_invoice (id, invoice_date, amount_cents, currency, status) "
                          u"VALUES (?, ?, ?, ?, ?)"_s,
                          {u"in_2"_s, u"yesterday"_s, 1250, u"usd"_s, u"paid"_s});
    QVERIFY(!text);
}

void TestMirrorSchema::migratesVersion1KeepingData()
{
    QVERIFY(buildVersion1(path()));
    {
        auto db = openOrFail(path());
        QVERIFY(db);
        QCOMPARE(*db->schemaVersion(), MirrorDatabase::kCurrentSchemaVersion);

        UsageRepository usage(*db);
        QCOMPARE(*usage.rowCount(), qint64{3});
        auto row = usage.usageRow(u"u-1"_s);
        QVERIFY(row && *row);
        QCOMPARE((*row)->creditsDeducted, cu(32'000));
        QCOMPARE((*row)->cachedInputTokens, qint64{0}); // new column, default
        QVERIFY((*row)->reversesId.isEmpty());
        QCOMPARE((*row)->occurredAtMs, kJan15);

        AccountRepository account(*db);
        auto prefs = account.preferences();
        QVERIFY(prefs && *prefs);
        QCOMPARE((*prefs)->preferencesMetadata->value(u"creditdesk"_s).toObject().value(u"mode"_s).toString(),
                 u"cloud"_s);
        auto sources = account.sources();
        QVERIFY(sources);
        QCOMPARE(sources->size(), 2);
        QCOMPARE(sources->at(0).id, u"grant-a"_s);
        auto balance = account.balance();
        QVERIFY(balance && *balance);
        QCOMPARE((*balance)->amount, cu(13'997'500));

        // New columns are usable straight away.
        UsageRow correction = usageRow(u"u-4"_s, kJan15 + kDay, -32'000);
        correction.reversesId = u"u-1"_s;
        QVERIFY(usage.applyUsagePage({correction}, u"c-5"_s, kJan15 + kDay));

        // Daily totals (version 3) cover the migrated rows and the new
        // correction, which occurred 5 s before the end of Jan 15.
        auto daily = usage.dailyUsage(kJan15 + kDay, 2);
        QVERIFY(daily);
        QCOMPARE(daily->size(), 2);
        QCOMPARE(daily->at(0).dayStartMs, kJan15);
        QCOMPARE(daily->at(0).credits.units(), qint64{32'000 + 1'000 + 0 - 32'000});
        QCOMPARE(daily->at(0).requests, qint64{3});
        QCOMPARE(daily->at(1).credits.units(), qint64{0});
        QCOMPARE(daily->at(1).requests, qint64{0});
    }
    // Migrated and freshly created files have the same schema.
    {
        auto fresh = openOrFail(path(u"fresh.db"_s));
        QVERIFY(fresh);
    }
    QCOMPARE(schemaSignature(path()), schemaSignature(path(u"fresh.db"_s)));
}

void TestMirrorSchema::migrationFailureAtEveryStepRollsBack()
{
    // Fail the N-th write of the ladder, N = 1, 2, ... until it succeeds: every
    // failure must leave the version-1 file exactly as it was.
    bool succeeded = false;
    int n = 1;
    for (; n < 100 && !succeeded; ++n) {
        const QString file = path(u"v1-%1.db"_s.arg(n));
        QVERIFY(buildVersion1(file));
        const QStringList before = schemaSignature(file);
        OpenOptions options;
        options.failNthWrite = n;
        auto db = MirrorDatabase::open(file, options);
        if (db) {
            succeeded = true;
            QCOMPARE(*(*db)->schemaVersion(), MirrorDatabase::kCurrentSchemaVersion);
            break;
        }
        QCOMPARE(db.error().code, QString(errc::mirrorMigrationFailed));
        QCOMPARE(db.error().details.value(u"from_version"_s).toInt(), 1);
        RawDb raw(file);
        QCOMPARE(raw.scalar(u"SELECT value FROM meta WHERE key = 'schema_version'"_s).toString(), u"1"_s);
        QCOMPARE(raw.scalar(u"SELECT count(*) FROM token_usage_ledger"_s).toInt(), 3);
        QCOMPARE(raw.scalar(u"SELECT count(*) FROM outbox"_s).toInt(), 1);
        QCOMPARE(schemaSignature(file), before);
    }
    QVERIFY(succeeded);
    QVERIFY2(n > 4, "the ladder from version 1 has several steps; each was failed once");
}

void TestMirrorSchema::creationFailureAtEveryStepLeavesNoSchema()
{
    bool succeeded = false;
    int n = 1;
    for (; n < 200 && !succeeded; ++n) {
        OpenOptions options;
        options.failNthWrite = n;
        auto db = MirrorDatabase::open(path(), options);
        if (db) {
            succeeded = true;
            break;
        }
        QCOMPARE(db.error().code, QString(errc::mirrorMigrationFailed));
        RawDb raw(path());
        QCOMPARE(raw.scalar(u"SELECT count(*) FROM sqlite_master"_s).toInt(), 0);
    }
    QVERIFY(succeeded);
    QVERIFY(n > 20);
    auto db = openOrFail(path());
    QVERIFY(db);
    QCOMPARE(*db->schemaVersion(), MirrorDatabase::kCurrentSchemaVersion);
}

void TestMirrorSchema::refusesNewerSchemaUntouched()
{
    {
        auto db = openOrFail(path());
        QVERIFY(db);
        UsageRepository usage(*db);
        QVERIFY(usage.applyUsagePage({usageRow(u"a"_s, kJan15)}, u"c1"_s, kJan15));
        QVERIFY(db->write(u"UPDATE meta SET value = ? WHERE key = 'schema_version'"_s,
                          {QString::number(MirrorDatabase::kCurrentSchemaVersion + 1)}));
    }
    QVERIFY(!QFileInfo::exists(path() + u"-wal"_s)); // checkpointed on close
    const QByteArray before = fileSha256(path());

    auto db = MirrorDatabase::open(path());
    QVERIFY(!db);
    QCOMPARE(db.error().code, QString(errc::mirrorTooNew));
    const QString newer = QString::number(MirrorDatabase::kCurrentSchemaVersion + 1);
    const QString current = QString::number(MirrorDatabase::kCurrentSchemaVersion);
    QVERIFY2(db.error().message.contains(newer) && db.error().message.contains(current),
             qPrintable(db.error().message));
    QCOMPARE(db.error().details.value(u"found_version"_s).toInt(), MirrorDatabase::kCurrentSchemaVersion + 1);
    QCOMPARE(fileSha256(path()), before);
    // Refused again on a second try, still untouched.
    QCOMPARE(MirrorDatabase::open(path()).error().code, QString(errc::mirrorTooNew));
    QCOMPARE(fileSha256(path()), before);
}

void TestMirrorSchema::refusesNewerSchemaLeftInWalUntouched()
{
    // A newer build crashed before checkpointing: its version bump is only in
    // the -wal. Refusing must not checkpoint it into the main file either.
    auto writer = openOrFail(path(u"live.db"_s));
    QVERIFY(writer);
    QVERIFY(UsageRepository(*writer).applyUsagePage({usageRow(u"a"_s, kJan15)}, u"c1"_s, kJan15));
    QVERIFY(writer->write(u"UPDATE meta SET value = ? WHERE key = 'schema_version'"_s,
                          {QString::number(MirrorDatabase::kCurrentSchemaVersion + 1)}));
    QVERIFY(QFile::copy(path(u"live.db"_s), path()));
    QVERIFY(QFile::copy(path(u"live.db-wal"_s), path() + u"-wal"_s));
    writer.reset();
    QVERIFY(QFileInfo(path() + u"-wal"_s).size() > 0);
    const QByteArray mainBefore = fileSha256(path());
    const QByteArray walBefore = fileSha256(path() + u"-wal"_s);

    auto db = MirrorDatabase::open(path());
    QVERIFY(!db);
    QCOMPARE(db.error().code, QString(errc::mirrorTooNew));
    QCOMPARE(fileSha256(path()), mainBefore);
    QCOMPARE(fileSha256(path() + u"-wal"_s), walBefore);
}

void TestMirrorSchema::clearUserDataEmptiesEveryTable()
{
    QVERIFY(buildVersion1(path()));
    auto db = openOrFail(path());
    QVERIFY(db);
    QVERIFY(db->clearUserData());
    RawDb raw(path());
    const QStringList tables = raw.column(
        u"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('meta', 'sqlite_sequence')"_s);
    QVERIFY(tables.size() >= 15);
    for (const QString &table : tables)
        QVERIFY2(raw.scalar(u"SELECT count(*) FROM "_s + table).toInt() == 0, qPrintable(table));
    QCOMPARE(*db->schemaVersion(), MirrorDatabase::kCurrentSchemaVersion);
}

QTEST_GUILESS_MAIN(TestMirrorSchema)
#include "test_mirror_schema.moc"

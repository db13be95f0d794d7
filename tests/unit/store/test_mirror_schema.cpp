#include "core/store/account_repository.h"
#include "core/store/mirror_database.h"
#include "core/store/mirror_errors.h"
#include "core/store/mirror_schema.h"
#include "core/store/outbox_repository.h"
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
    void migratesVersion3ToVersion4();
    void migrationFromVersion3FailingAtEveryStepRollsBack();
    void creationFailureAtEveryStepLeavesNoSchema();
    void refusesNewerSchemaUntouched();
    void refusesNewerSchemaLeftInWalUntouched();
    void clearUserDataEmptiesEveryTable();

private:
    QString path(const QString &name = u"mirror.db"_s) const { return m_dir->filePath(name); }
    bool buildVersion1(const QString &file);
    bool buildVersion3(const QString &file);

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

// A mirror as schema 3 left it (built from the ladder's first three rungs),
// with ledger rows (one written by the old polling fallback, with its
// placeholders) and outbox entries in each of schema 3's conventions.
bool TestMirrorSchema::buildVersion3(const QString &file)
{
    RawDb raw(file);
    if (!raw.isOpen())
        return false;
    for (const schema::Migration &migration : schema::migrations()) {
        if (migration.toVersion > 3)
            break;
        for (const QString &statement : migration.statements) {
            if (!raw.exec(statement)) {
                qWarning().noquote() << "v3 fixture failed:" << raw.lastError();
                return false;
            }
        }
    }
    const QString insertRow =
        u"INSERT INTO token_usage_ledger (id, request_id, model_id, provider, request_type, input_tokens, "
        u"output_tokens, credits_deducted, is_byok, status, occurred_at, created_at, updated_at, "
        u"cached_input_tokens, reverses_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s;
    const QString insertOutbox = u"INSERT INTO outbox (kind, payload, idempotency_key, created_at, attempts, "
                                 u"last_error, last_attempt_at) VALUES (?, '{}', ?, ?, ?, ?, ?)"_s;
    const QVariant null;
    return raw.exec(u"INSERT INTO meta (key, value) VALUES ('schema_version', '3')"_s) &&
           raw.exec(insertRow, {u"full"_s, u"req-full"_s, u"gpt-4o"_s, u"openai"_s, u"streaming"_s, 100, 50,
                                32'000, 0, u"success"_s, kJan15, kJan15 + 1000, kJan15 + 2000, 10, null}) &&
           raw.exec(insertRow,
                    {u"polled"_s, u"polled"_s, u"gpt-4o"_s, u"unknown"_s, u"batch"_s, 70, 30, 5'000, 0,
                     u"success"_s, kJan15 + 5000, kJan15 + 5000, kJan15 + 5000, 0, null}) &&
           raw.exec(insertRow,
                    {u"fix"_s, u"req-fix"_s, u"gpt-4o"_s, u"openai"_s, u"completion"_s, 0, 0, -32'000, 0,
                     u"success"_s, kJan15 + 9000, kJan15 + 9000, kJan15 + 9000, 0, u"full"_s}) &&
           raw.exec(insertOutbox, {u"a"_s, u"key-pending"_s, kJan15, 0, null, null}) &&
           raw.exec(insertOutbox,
                    {u"b"_s, u"key-retried"_s, kJan15, 2, u"service_unavailable"_s, kJan15 + 1}) &&
           raw.exec(insertOutbox,
                    {u"c"_s, u"key-refused"_s, kJan15, 1,
                     uR"({"code":"activation_not_found","message":"no seat"})"_s, kJan15 + 2}) &&
           raw.exec(insertOutbox, {u"d"_s, u"key-removed"_s, kJan15, 0, null, null}) &&
           raw.exec(u"DELETE FROM outbox WHERE idempotency_key = 'key-removed'"_s);
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
    const QStringList tables =
        raw.column(u"SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"_s);
    for (const auto &name :
         {"meta", "users", "user_preferences", "subscription_monetization", "user_credit_balance",
          "credit_allocation", "token_usage_ledger", "credit_deduction_ledger", "perpetual_license",
          "license_activation", "version_upgrade", "coupon_redemption", "proration_event", "billing_invoice",
          "sync_state", "outbox"})
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

void TestMirrorSchema::migratesVersion3ToVersion4()
{
    QVERIFY(buildVersion3(path()));
    const QStringList dailyBefore = RawDb(path()).column(
        u"SELECT day || ':' || credits || ':' || requests || ':' || input_tokens || ':' || output_tokens "
        u"FROM usage_daily_summary ORDER BY day"_s);
    QCOMPARE(dailyBefore.size(), 1);
    {
        auto db = openOrFail(path());
        QVERIFY(db);
        QCOMPARE(*db->schemaVersion(), 4);

        // Ledger: a full row is unchanged; the old fallback's placeholders are NULL now.
        UsageRepository usage(*db);
        const UsageRow full = **usage.usageRow(u"full"_s);
        QCOMPARE(full.requestId, u"req-full"_s);
        QCOMPARE(full.provider, u"openai"_s);
        QCOMPARE(full.status, u"success"_s);
        QCOMPARE(full.byok, std::optional<bool>(false));
        QCOMPARE(full.updatedAtMs, std::optional<qint64>(kJan15 + 2000));
        QCOMPARE(full.cachedInputTokens, qint64{10});
        const UsageRow polled = **usage.usageRow(u"polled"_s);
        QVERIFY(polled.requestId.isEmpty());
        QVERIFY(polled.provider.isEmpty());
        QVERIFY(polled.status.isEmpty());
        QVERIFY(!polled.byok);
        QVERIFY(!polled.updatedAtMs);
        QCOMPARE(polled.requestType, u"batch"_s);
        QCOMPARE(polled.creditsDeducted, cu(5'000));
        QCOMPARE((**usage.usageRow(u"fix"_s)).reversesId, u"full"_s);

        // Outbox: schema 3's JSON refusal is a failed entry, the rest pending.
        OutboxRepository outbox(*db);
        const auto items = outbox.list({OutboxState::Pending, OutboxState::Failed, OutboxState::Done});
        QVERIFY(items);
        QCOMPARE(items->size(), 3);
        QCOMPARE(items->at(0).state, OutboxState::Pending);
        QCOMPARE(items->at(1).state, OutboxState::Pending);
        QCOMPARE(items->at(1).attempts, 2);
        QCOMPARE(items->at(1).lastAttemptError, u"service_unavailable"_s);
        QCOMPARE(items->at(2).state, OutboxState::Failed);
        QCOMPARE(items->at(2).refusal->code, u"activation_not_found"_s);
        QCOMPARE(items->at(2).refusal->message, u"no seat"_s);
        QVERIFY(items->at(2).lastAttemptError.isEmpty());
        // AUTOINCREMENT survived: the deleted entry's id is not handed out again.
        OutboxEntry next{u"e"_s, {}, u"key-next"_s, kJan15};
        QCOMPARE(*outbox.enqueue(next), qint64{5});

        // The daily totals triggers are back on the new table.
        QVERIFY(usage.applyUsagePage({usageRow(u"new"_s, kJan15 + 60'000, 1'000)}, u"c"_s, kJan15));
        auto daily = usage.dailyUsage(kJan15, 1);
        QCOMPARE(daily->at(0).requests, qint64{3});
        QCOMPARE(daily->at(0).credits.units(), qint64{32'000 + 5'000 - 32'000 + 1'000});
    }
    RawDb raw(path());
    QCOMPARE(raw.scalar(u"PRAGMA application_id"_s).toLongLong(), qint64{schema::kApplicationId});
    // Inserts add their day totals in UsageRepository; updates and deletes keep their triggers.
    QCOMPARE(raw.column(u"SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"_s),
             (QStringList{u"usage_daily_after_delete"_s, u"usage_daily_after_update"_s}));
    QVERIFY(!raw.column(u"SELECT name FROM sqlite_master WHERE name = 'token_usage_ledger_v4'"_s).size());
    {
        auto fresh = openOrFail(path(u"fresh.db"_s));
        QVERIFY(fresh);
    }
    QCOMPARE(schemaSignature(path()), schemaSignature(path(u"fresh.db"_s)));
    QCOMPARE(RawDb(path(u"fresh.db"_s)).scalar(u"PRAGMA application_id"_s).toLongLong(),
             qint64{schema::kApplicationId});
}

void TestMirrorSchema::migrationFromVersion3FailingAtEveryStepRollsBack()
{
    bool succeeded = false;
    int n = 1;
    for (; n < 100 && !succeeded; ++n) {
        const QString file = path(u"v3-%1.db"_s.arg(n));
        QVERIFY(buildVersion3(file));
        const QStringList before = schemaSignature(file);
        OpenOptions options;
        options.failNthWrite = n;
        auto db = MirrorDatabase::open(file, options);
        if (db) {
            succeeded = true;
            break;
        }
        QCOMPARE(db.error().code, QString(errc::mirrorMigrationFailed));
        QCOMPARE(db.error().details.value(u"from_version"_s).toInt(), 3);
        RawDb raw(file);
        QCOMPARE(raw.scalar(u"SELECT value FROM meta WHERE key = 'schema_version'"_s).toString(), u"3"_s);
        QCOMPARE(raw.scalar(u"PRAGMA application_id"_s).toInt(), 0);
        QCOMPARE(raw.scalar(u"SELECT count(*) FROM token_usage_ledger WHERE provider = 'unknown'"_s).toInt(),
                 1);
        QCOMPARE(raw.scalar(u"SELECT count(*) FROM outbox"_s).toInt(), 3);
        QCOMPARE(schemaSignature(file), before);
    }
    QVERIFY(succeeded);
    QVERIFY2(n > 10, "the rung to version 4 has many steps; each was failed once");
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

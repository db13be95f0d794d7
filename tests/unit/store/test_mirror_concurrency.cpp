#include "core/store/account_repository.h"
#include "core/store/mirror_database.h"
#include "core/store/mirror_errors.h"
#include "core/store/sync_state_repository.h"
#include "core/store/usage_repository.h"
#include "tests/unit/store/mirror_test_util.h"

#include <QAtomicInt>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace creditdesk::store;
using namespace creditdesk::store::test;

// Connections and threads: one connection per thread and file, never used
// from another thread; under WAL a sync worker applies pages while the UI
// thread reads, and every read sees whole pages only.
class TestMirrorConcurrency : public QObject {
    Q_OBJECT

private slots:
    void init();

    void writerThreadAppliesPagesWhileMainThreadReads();
    void secondConnectionOnSameThreadIsRefused();
    void useFromAnotherThreadIsRefused();
    void busyWriterTimesOut();
    void cachedReadSeesNewDataAndHoldsNoSnapshot();

private:
    QString path(const QString &name = u"mirror.db"_s) const { return m_dir->filePath(name); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestMirrorConcurrency::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestMirrorConcurrency::writerThreadAppliesPagesWhileMainThreadReads()
{
    auto reader = openOrFail(path());
    QVERIFY(reader);

    constexpr int kPages = 40;
    constexpr int kRowsPerPage = 100;
    QString writerConnection;
    QString writerError;
    QAtomicInt pagesWritten = 0;
    std::unique_ptr<QThread> writer(QThread::create([&] {
        auto db = MirrorDatabase::open(path());
        if (!db) {
            writerError = db.error().code + u": "_s + db.error().message;
            return;
        }
        writerConnection = (*db)->connectionName();
        UsageRepository usage(**db);
        for (int page = 1; page <= kPages; ++page) {
            QList<UsageRow> rows;
            for (int i = 0; i < kRowsPerPage; ++i) {
                const int n = (page - 1) * kRowsPerPage + i;
                rows.append(usageRow(u"row-%1"_s.arg(n, 6, 10, QChar(u'0')), kJan15 - kDay + n * 1000));
            }
            auto applied = usage.applyUsagePage(rows, u"page-%1"_s.arg(page), kJan15);
            if (!applied) {
                writerError = applied.error().code + u": "_s + applied.error().message;
                return;
            }
            pagesWritten.storeRelease(page);
        }
    }));
    writer->start();

    // One statement reads rows and cursor from the same snapshot.
    const QString snapshot = u"SELECT (SELECT count(*) FROM token_usage_ledger), "
                             u"(SELECT cursor FROM sync_state WHERE stream = ?)"_s;
    UsageRepository usage(*reader);
    int reads = 0;
    int partialViews = 0;
    while (!writer->isFinished() || reads < 10) {
        auto q = reader->run(snapshot, {u"usage"_s});
        QVERIFY2(q, q ? "" : qPrintable(q.error().message));
        QVERIFY(q->next());
        const qint64 rows = q->value(0).toLongLong();
        const QString cursor = q->value(1).toString();
        QCOMPARE(rows % kRowsPerPage, qint64{0}); // never half a page
        QCOMPARE(cursor, rows == 0 ? QString() : u"page-%1"_s.arg(rows / kRowsPerPage));
        if (rows > 0 && rows < kPages * kRowsPerPage)
            ++partialViews;
        auto page = usage.usagePage(UsageRepository::recent(kJan15 + kDay));
        QVERIFY(page);
        QVERIFY(page->rows.size() <= UsageRepository::kPageSize);
        ++reads;
    }
    QVERIFY(writer->wait(60'000));
    QVERIFY2(writerError.isEmpty(), qPrintable(writerError));
    QCOMPARE(pagesWritten.loadAcquire(), kPages);
    QVERIFY(!writerConnection.isEmpty());
    QVERIFY(writerConnection != reader->connectionName());
    QCOMPARE(*usage.rowCount(), qint64{kPages * kRowsPerPage});
    QCOMPARE((*SyncStateRepository(*reader).streamState(u"usage"_s))->cursor, u"page-%1"_s.arg(kPages));
    qInfo() << reads << "reads," << partialViews << "while the writer was mid-way";
}

void TestMirrorConcurrency::secondConnectionOnSameThreadIsRefused()
{
    auto first = openOrFail(path());
    QVERIFY(first);
    auto second = MirrorDatabase::open(path());
    QVERIFY(!second);
    QCOMPARE(second.error().code, QString(errc::mirrorAlreadyOpen));
    first.reset();
    QVERIFY(openOrFail(path()));
}

void TestMirrorConcurrency::useFromAnotherThreadIsRefused()
{
    auto db = openOrFail(path());
    QVERIFY(db);
    creditdesk::Result<qint64> fromOtherThread = 0;
    std::unique_ptr<QThread> thread(
        QThread::create([&] { fromOtherThread = UsageRepository(*db).rowCount(); }));
    thread->start();
    QVERIFY(thread->wait(10'000));
    QVERIFY(!fromOtherThread);
    QCOMPARE(fromOtherThread.error().code, QString(errc::mirrorWrongThread));
    QVERIFY(UsageRepository(*db).rowCount());
}

void TestMirrorConcurrency::busyWriterTimesOut()
{
    OpenOptions options;
    options.busyTimeoutMs = 50;
    auto db = openOrFail(path(), options);
    QVERIFY(db);
    RawDb locker(path());
    QVERIFY(locker.exec(u"BEGIN IMMEDIATE"_s));

    auto blocked = UsageRepository(*db).applyUsagePage({usageRow(u"a"_s, kJan15)}, u"c"_s, kJan15);
    QVERIFY(!blocked);
    QCOMPARE(blocked.error().code, QString(errc::mirrorBusy));
    // Readers are not blocked by the writer under WAL.
    QVERIFY(UsageRepository(*db).rowCount());

    QVERIFY(locker.exec(u"ROLLBACK"_s));
    QVERIFY(UsageRepository(*db).applyUsagePage({usageRow(u"a"_s, kJan15)}, u"c"_s, kJan15));
}

// The balance read reuses its statement; it must still see other
// connections' commits and must not keep a read snapshot open between calls
// (that would stop the WAL from being checkpointed while the app idles).
void TestMirrorConcurrency::cachedReadSeesNewDataAndHoldsNoSnapshot()
{
    auto db = openOrFail(path());
    QVERIFY(db);
    AccountRepository account(*db);
    const CreditBalance first{u"user-1"_s, cu(1'000'000), {}, {}, {}, {}, std::nullopt, std::nullopt, kJan15};
    QVERIFY(account.upsertBalance(first));
    QCOMPARE(**account.balance(), first);

    RawDb other(path());
    QVERIFY(other.isOpen());
    QCOMPARE(other.scalar(u"PRAGMA wal_checkpoint(TRUNCATE)"_s).toInt(), 0); // 0 = not blocked by a reader
    QVERIFY(other.exec(u"UPDATE user_credit_balance SET amount = ?"_s, {2'000'000}));
    const auto second = account.balance();
    QVERIFY(second && *second);
    QCOMPARE((*second)->amount, cu(2'000'000));
    QCOMPARE(other.scalar(u"PRAGMA wal_checkpoint(TRUNCATE)"_s).toInt(), 0);
}

QTEST_GUILESS_MAIN(TestMirrorConcurrency)
#include "test_mirror_concurrency.moc"

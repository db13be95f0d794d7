#include "core/store/mirror_errors.h"
#include "core/store/mirror_recovery.h"
#include "core/store/usage_repository.h"
#include "tests/unit/store/mirror_test_util.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace creditdesk::store;
using namespace creditdesk::store::test;

// openOrRecover(): a file that cannot be a mirror is moved aside byte for
// byte (never deleted), a fresh mirror takes its place, and the result says
// what happened and where the old file went.
class TestMirrorRecovery : public QObject {
    Q_OBJECT

private slots:
    void init();

    void movesUnusableFileAsideAndStartsFresh_data();
    void movesUnusableFileAsideAndStartsFresh();
    void healthyMirrorIsOpenedAsItIs();
    void otherFailuresAreReturnedAndMoveNothing();
    void twoThreadsMoveTheFileAsideOnce();

private:
    QString path(const QString &name = u"mirror.db"_s) const { return m_dir->filePath(name); }
    bool makeMirror(const QString &file, int rows);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestMirrorRecovery::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

bool TestMirrorRecovery::makeMirror(const QString &file, int rows)
{
    auto db = openOrFail(file);
    if (!db)
        return false;
    QList<UsageRow> page;
    for (int i = 0; i < rows; ++i)
        page.append(usageRow(u"row-%1"_s.arg(i, 5, 10, QChar(u'0')), kJan15 + i));
    return UsageRepository(*db).applyUsagePage(page, u"c"_s, kJan15).has_value();
}

void TestMirrorRecovery::movesUnusableFileAsideAndStartsFresh_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("recovery");
    QTest::addColumn<QString>("code");
    const int corrupt = static_cast<int>(MirrorRecovery::Corrupt);
    QTest::newRow("garbage bytes, stale -wal and -shm")
        << u"garbage"_s << corrupt << QString(errc::mirrorCorrupt);
    QTest::newRow("truncated mirror") << u"truncated"_s << corrupt << QString(errc::mirrorCorrupt);
    QTest::newRow("pages overwritten (quick_check)")
        << u"damaged"_s << corrupt << QString(errc::mirrorCorrupt);
    QTest::newRow("another program's SQLite file")
        << u"foreign"_s << static_cast<int>(MirrorRecovery::Foreign) << QString(errc::mirrorForeign);
    QTest::newRow("a SQLite file with another application_id")
        << u"foreign-id"_s << static_cast<int>(MirrorRecovery::Foreign) << QString(errc::mirrorForeign);
    QTest::newRow("a newer schema") << u"too-new"_s << static_cast<int>(MirrorRecovery::TooNew)
                                    << QString(errc::mirrorTooNew);
}

void TestMirrorRecovery::movesUnusableFileAsideAndStartsFresh()
{
    QFETCH(QString, kind);
    QFETCH(int, recovery);
    QFETCH(QString, code);

    QStringList sidecars;
    if (kind == "garbage"_L1) {
        QVERIFY(copyFixture(u"garbage.db"_s, path()));
        QVERIFY(writeFile(path() + u"-wal"_s, "stale wal"));
        QVERIFY(writeFile(path() + u"-shm"_s, "stale shm"));
        sidecars = {u"-wal"_s, u"-shm"_s};
    } else if (kind == "truncated"_L1 || kind == "damaged"_L1) {
        QVERIFY(makeMirror(path(u"healthy.db"_s), 2000));
        QByteArray bytes = readFile(path(u"healthy.db"_s));
        QVERIFY(bytes.size() > 20 * 4096);
        if (kind == "truncated"_L1) {
            bytes = bytes.left((bytes.size() / 2 / 4096) * 4096);
        } else {
            for (qsizetype i = 4096 * 3; i < bytes.size() - 4096; i += 4096)
                bytes.replace(i, 64, QByteArray(64, '\xA5'));
        }
        QVERIFY(writeFile(path(), bytes));
    } else if (kind == "foreign"_L1) {
        QVERIFY(copyFixture(u"not_a_mirror.db"_s, path()));
    } else if (kind == "foreign-id"_L1) {
        // Even with a table named like the mirror's: the application_id decides.
        RawDb raw(path());
        QVERIFY(raw.exec(u"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)"_s));
        QVERIFY(raw.exec(u"INSERT INTO meta VALUES ('schema_version', '4')"_s));
        QVERIFY(raw.exec(u"PRAGMA application_id = 1234"_s));
    } else {
        QVERIFY(makeMirror(path(), 10));
        RawDb raw(path());
        QVERIFY(raw.exec(u"UPDATE meta SET value = ? WHERE key = 'schema_version'"_s,
                         {QString::number(MirrorDatabase::kCurrentSchemaVersion + 1)}));
    }
    const QByteArray before = fileSha256(path());
    QHash<QString, QByteArray> sidecarBytes;
    for (const QString &sidecar : sidecars)
        sidecarBytes.insert(sidecar, readFile(path() + sidecar));

    const QDateTime now(QDate(2026, 1, 15), QTime(10, 30, 0), Qt::UTC);
    auto opened = openOrRecover(path(), {}, now);
    QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message));
    QCOMPARE(static_cast<int>(opened->recovery), recovery);
    QCOMPARE(opened->cause->code, code);
    QCOMPARE(opened->movedAsidePath, path() + u".corrupt-20260115T103000Z"_s);

    // The old file is next to the new one, byte for byte, with its sidecars.
    QCOMPARE(fileSha256(opened->movedAsidePath), before);
    for (const QString &sidecar : sidecars)
        QCOMPARE(readFile(opened->movedAsidePath + sidecar), sidecarBytes.value(sidecar));

    // A fresh, empty mirror is in its place and works.
    MirrorDatabase &db = *opened->db;
    QCOMPARE(*db.schemaVersion(), MirrorDatabase::kCurrentSchemaVersion);
    UsageRepository usage(db);
    QCOMPARE(*usage.rowCount(), qint64{0});
    QVERIFY(usage.applyUsagePage({usageRow(u"new"_s, kJan15)}, u"c"_s, kJan15));
    QCOMPARE(*usage.rowCount(), qint64{1});
    opened->db.reset();

    // Opening again finds the fresh mirror sound.
    auto again = openOrRecover(path(), {}, now);
    QVERIFY(again);
    QCOMPARE(again->recovery, MirrorRecovery::None);
    QVERIFY(again->movedAsidePath.isEmpty());
    QCOMPARE(*UsageRepository(*again->db).rowCount(), qint64{1});
    // One file moved aside (with whatever -wal/-shm it had, or SQLite's read-only probe made).
    const QStringList moved = QDir(m_dir->path()).entryList({u"mirror.db.corrupt-*"_s}, QDir::Files);
    QCOMPARE(std::ranges::count_if(moved, [](const QString &name) { return name.endsWith(u'Z'); }), 1);
}

void TestMirrorRecovery::healthyMirrorIsOpenedAsItIs()
{
    QVERIFY(makeMirror(path(), 5));
    auto opened = openOrRecover(path());
    QVERIFY(opened);
    QCOMPARE(opened->recovery, MirrorRecovery::None);
    QVERIFY(!opened->cause);
    QCOMPARE(*UsageRepository(*opened->db).rowCount(), qint64{5});

    // A missing file is simply created.
    auto created = openOrRecover(path(u"new/mirror.db"_s));
    QVERIFY(created);
    QCOMPARE(created->recovery, MirrorRecovery::None);
    QVERIFY(QDir(m_dir->path()).entryList({u"*.corrupt-*"_s}, QDir::Files).isEmpty());
}

void TestMirrorRecovery::otherFailuresAreReturnedAndMoveNothing()
{
    QVERIFY(QDir(m_dir->path()).mkdir(u"adir"_s));
    auto dir = openOrRecover(path(u"adir"_s));
    QVERIFY(!dir);
    QCOMPARE(dir.error().code, QString(errc::mirrorIoError));

    // A second connection of this thread is refused; nothing is moved.
    QVERIFY(makeMirror(path(), 1));
    auto holder = openOrFail(path());
    QVERIFY(holder);
    auto second = openOrRecover(path());
    QVERIFY(!second);
    QCOMPARE(second.error().code, QString(errc::mirrorAlreadyOpen));
    QVERIFY(QDir(m_dir->path()).entryList({u"*.corrupt-*"_s}, QDir::Files).isEmpty());
}

void TestMirrorRecovery::twoThreadsMoveTheFileAsideOnce()
{
    QVERIFY(copyFixture(u"zeros.db"_s, path()));
    QMutex mutex;
    QList<MirrorRecovery> outcomes;
    QStringList errors;
    auto open = [&] {
        auto opened = openOrRecover(path());
        const QMutexLocker lock(&mutex);
        if (opened)
            outcomes.append(opened->recovery);
        else
            errors.append(opened.error().code);
        // The connection closes here, on the thread that opened it.
    };
    std::unique_ptr<QThread> a(QThread::create(open));
    std::unique_ptr<QThread> b(QThread::create(open));
    a->start();
    b->start();
    QVERIFY(a->wait(60'000) && b->wait(60'000));
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u", "_s)));
    QCOMPARE(outcomes.size(), 2);
    QCOMPARE(outcomes.count(MirrorRecovery::Corrupt), 1);
    QCOMPARE(outcomes.count(MirrorRecovery::None), 1);
    QCOMPARE(QDir(m_dir->path()).entryList({u"mirror.db.corrupt-*"_s}, QDir::Files).size(), 1);
}

QTEST_GUILESS_MAIN(TestMirrorRecovery)
#include "test_mirror_recovery.moc"

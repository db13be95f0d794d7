#include "core/store/mirror_database.h"
#include "core/store/mirror_errors.h"
#include "core/store/usage_repository.h"
#include "tests/unit/store/mirror_test_util.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk::store;
using namespace creditdesk::store::test;

// Damaged files are refused untouched (mirror_corrupt), moved aside by
// quarantine, and a path that cannot hold a file is an I/O error.
class TestMirrorFile : public QObject {
    Q_OBJECT

private slots:
    void init();

    void refusesDamagedFileUntouched_data();
    void refusesDamagedFileUntouched();
    void refusesTruncatedAndDamagedMirror();
    void quarantineMovesFilesAsideAndFreshMirrorOpens();
    void quarantineErrors();
    void ioErrorWhenPathIsNotAFile();

private:
    QString path(const QString &name = u"mirror.db"_s) const { return m_dir->filePath(name); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestMirrorFile::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestMirrorFile::refusesDamagedFileUntouched_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("code");
    const QString corrupt(errc::mirrorCorrupt);
    QTest::newRow("random bytes") << u"garbage.db"_s << corrupt;
    QTest::newRow("zero-filled") << u"zeros.db"_s << corrupt;
    QTest::newRow("text file") << u"text.db"_s << corrupt;
    QTest::newRow("truncated, whole pages missing") << u"truncated.db"_s << corrupt;
    QTest::newRow("truncated mid-page") << u"truncated_mid_page.db"_s << corrupt;
    QTest::newRow("header only") << u"header_only.db"_s << corrupt;
    QTest::newRow("another program's database") << u"not_a_mirror.db"_s << QString(errc::mirrorForeign);
}

void TestMirrorFile::refusesDamagedFileUntouched()
{
    QFETCH(QString, fixture);
    QFETCH(QString, code);
    QVERIFY(copyFixture(fixture, path()));
    const QByteArray before = fileSha256(path());
    QVERIFY(!before.isEmpty());
    QCOMPARE(before, fileSha256(creditdesk::test::dataPath(u"mirror/"_s + fixture)));

    auto db = MirrorDatabase::open(path());
    QVERIFY(!db);
    QCOMPARE(db.error().code, code);
    QCOMPARE(fileSha256(path()), before);
    QVERIFY(!QFileInfo::exists(path() + u"-journal"_s));
}

void TestMirrorFile::refusesTruncatedAndDamagedMirror()
{
    {
        auto db = openOrFail(path());
        QVERIFY(db);
        QList<UsageRow> rows;
        for (int i = 0; i < 2000; ++i)
            rows.append(usageRow(u"row-%1"_s.arg(i, 5, 10, QChar(u'0')), kJan15 + i));
        QVERIFY(UsageRepository(*db).applyUsagePage(rows, u"c"_s, kJan15));
    }
    const QByteArray healthy = readFile(path());
    QVERIFY(healthy.size() > 20 * 4096);

    // A real mirror cut in half on a page boundary.
    QVERIFY(writeFile(path(u"half.db"_s), healthy.left((healthy.size() / 2 / 4096) * 4096)));
    QByteArray before = fileSha256(path(u"half.db"_s));
    auto half = MirrorDatabase::open(path(u"half.db"_s));
    QVERIFY(!half);
    QCOMPARE(half.error().code, QString(errc::mirrorCorrupt));
    QCOMPARE(fileSha256(path(u"half.db"_s)), before);

    // Intact length and header, but garbage over the b-tree pages: quick_check finds it.
    QByteArray damaged = healthy;
    for (qsizetype i = 4096 * 3; i < damaged.size() - 4096; i += 4096)
        damaged.replace(i, 64, QByteArray(64, '\xA5'));
    QVERIFY(writeFile(path(u"damaged.db"_s), damaged));
    before = fileSha256(path(u"damaged.db"_s));
    auto bad = MirrorDatabase::open(path(u"damaged.db"_s));
    QVERIFY(!bad);
    QCOMPARE(bad.error().code, QString(errc::mirrorCorrupt));
    QCOMPARE(fileSha256(path(u"damaged.db"_s)), before);
}

void TestMirrorFile::quarantineMovesFilesAsideAndFreshMirrorOpens()
{
    QVERIFY(copyFixture(u"garbage.db"_s, path()));
    QVERIFY(writeFile(path() + u"-wal"_s, "stale wal"));
    QVERIFY(writeFile(path() + u"-shm"_s, "stale shm"));
    const QByteArray mainBytes = fileSha256(path());
    QCOMPARE(MirrorDatabase::open(path()).error().code, QString(errc::mirrorCorrupt));

    const QDateTime now(QDate(2026, 1, 15), QTime(10, 30, 0), Qt::UTC);
    auto moved = MirrorDatabase::quarantine(path(), now);
    QVERIFY(moved);
    QCOMPARE(*moved, path() + u".corrupt-20260115T103000Z"_s);
    QCOMPARE(fileSha256(*moved), mainBytes);
    QCOMPARE(readFile(*moved + u"-wal"_s), QByteArray("stale wal"));
    QCOMPARE(readFile(*moved + u"-shm"_s), QByteArray("stale shm"));
    QVERIFY(!QFileInfo::exists(path()));
    QVERIFY(!QFileInfo::exists(path() + u"-wal"_s));
    QVERIFY(!QFileInfo::exists(path() + u"-shm"_s));

    {
        auto db = openOrFail(path());
        QVERIFY(db);
        QCOMPARE(*db->schemaVersion(), MirrorDatabase::kCurrentSchemaVersion);
    }

    // Quarantined again in the same second: a new name, nothing overwritten.
    QVERIFY(copyFixture(u"zeros.db"_s, path()));
    auto second = MirrorDatabase::quarantine(path(), now);
    QVERIFY(second);
    QCOMPARE(*second, path() + u".corrupt-20260115T103000Z-1"_s);
    QCOMPARE(fileSha256(*moved), mainBytes);
    const QStringList kept = QDir(m_dir->path()).entryList({u"mirror.db.corrupt-*"_s}, QDir::Files);
    QCOMPARE(kept.size(), 4); // two mains, one -wal, one -shm
}

void TestMirrorFile::quarantineErrors()
{
    auto missing = MirrorDatabase::quarantine(path());
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, QString(errc::mirrorNotFound));

    auto db = openOrFail(path());
    QVERIFY(db);
    auto open = MirrorDatabase::quarantine(path());
    QVERIFY(!open);
    QCOMPARE(open.error().code, QString(errc::mirrorAlreadyOpen));
    QVERIFY(QFileInfo::exists(path()));
}

void TestMirrorFile::ioErrorWhenPathIsNotAFile()
{
    QVERIFY(QDir(m_dir->path()).mkdir(u"adir"_s));
    auto dir = MirrorDatabase::open(path(u"adir"_s));
    QVERIFY(!dir);
    QCOMPARE(dir.error().code, QString(errc::mirrorIoError));

    QVERIFY(writeFile(path(u"plainfile"_s), "x"));
    auto underFile = MirrorDatabase::open(path(u"plainfile/mirror.db"_s));
    QVERIFY(!underFile);
    QCOMPARE(underFile.error().code, QString(errc::mirrorIoError));
}

QTEST_GUILESS_MAIN(TestMirrorFile)
#include "test_mirror_file.moc"

// A mirror file that cannot be used when the writer first opens it: it is
// moved aside byte for byte, the writer reports it, and the next sync — a full
// one, on the fresh mirror — rebuilds the ledger.
#include "core/store/mirror_recovery.h"
#include "tests/support/test_support.h"
#include "tests/unit/sync/sync_test_support.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::test;

namespace {

QByteArray sha256(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly)
               ? QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex()
               : QByteArray();
}

} // namespace

class TestSyncRecovery : public QObject {
    Q_OBJECT

private slots:
    void corruptMirrorIsMovedAsideAndRebuiltByAFullSync();
};

void TestSyncRecovery::corruptMirrorIsMovedAsideAndRebuiltByAFullSync()
{
    QByteArray garbage;
    SyncFixture f({}, [&garbage](const QString &mirror) {
        QFile::remove(mirror);
        QVERIFY(QFile::copy(dataPath(u"mirror/garbage.db"_s), mirror));
        QVERIFY(QFile::setPermissions(mirror, QFile::ReadOwner | QFile::WriteOwner));
        garbage = sha256(mirror);
    });
    QVERIFY(!garbage.isEmpty());
    QSignalSpy recovered(f.writer.get(), &sync::MirrorWriter::mirrorRecovered);
    f.cloud.addRows(7);

    const sync::SyncResult result = f.sync();
    QVERIFY2(result.ok(), qPrintable(result.error ? result.error->message : QString()));
    QCOMPARE(recovered.size(), 1);
    QCOMPARE(recovered.at(0).at(0).value<store::MirrorRecovery>(), store::MirrorRecovery::Corrupt);
    const QString movedTo = recovered.at(0).at(1).toString();
    QVERIFY(movedTo.startsWith(f.mirrorPath() + u".corrupt-"_s));
    QCOMPARE(recovered.at(0).at(2).value<Error>().code, u"mirror_corrupt"_s);
    QCOMPARE(sha256(movedTo), garbage);

    // The fresh mirror got everything in one full sync.
    QCOMPARE(result.usageRows, 7);
    QCOMPARE(f.usageIds(), f.cloudIds(7));
    const QUrlQuery first = FakeCloud::query(f.cloud.requestsTo(u"/v1/usage"_s).at(0));
    QVERIFY(first.hasQueryItem(u"after"_s) && first.queryItemValue(u"after"_s).isEmpty());
    QCOMPARE(QDir(f.dir.path()).entryList({u"mirror.db.corrupt-*"_s}, QDir::Files).size(), 1);
}

QTEST_GUILESS_MAIN(TestSyncRecovery)
#include "test_sync_recovery.moc"

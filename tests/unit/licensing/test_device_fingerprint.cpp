#include "core/domain/clock.h"
#include "core/domain/license_rules.h"
#include "core/domain/utc_time.h"
#include "core/licensing/device_fingerprint.h"
#include "core/licensing/licensing_errors.h"
#include "tests/unit/licensing/licensing_fixtures.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::licensing;
using namespace creditdesk::licensing::test;
namespace lerr = creditdesk::licensing::errc;

namespace {

const QByteArray kMachineId = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

MachineIdProvider fixed(QByteArray id)
{
    return [id] {
        return id;
    };
}

QStringList g_messages;

void captureMessage(QtMsgType, const QMessageLogContext &, const QString &message)
{
    g_messages.append(message);
}

} // namespace

class TestDeviceFingerprint : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    ManualClock m_clock{at(u"2026-03-10T12:00:00Z")};

    [[nodiscard]] QString idPath() const { return QDir(m_dir.path()).filePath(u"installation-id.json"_s); }

private slots:
    void init()
    {
        QDir(m_dir.path()).removeRecursively();
        QVERIFY(QDir().mkpath(m_dir.path()));
    }

    void machineIdIsHashedWithTheSalt()
    {
        const DeviceFingerprint device(m_dir.path(), m_clock, fixed(kMachineId));
        const auto fp = device.compute();
        QVERIFY(fp);
        QCOMPARE(fp->source, FingerprintSource::MachineId);
        QVERIFY(!fp->installationIdReplaced);
        const QByteArray expected = QCryptographicHash::hash(QByteArray(kMachineId + "creditdesk.device.v1"),
                                                             QCryptographicHash::Sha256)
                                        .toHex();
        QCOMPARE(fp->hex, QString::fromLatin1(expected));
        QVERIFY(validateFingerprint(fp->hex));
        QVERIFY(!fp->hex.contains(QString::fromLatin1(kMachineId)));
        QVERIFY(QDir(m_dir.path()).isEmpty()); // nothing written with a machine id
    }

    void stableForTheSameMachineId()
    {
        const auto a = DeviceFingerprint(m_dir.path(), m_clock, fixed(kMachineId)).compute();
        const auto b = DeviceFingerprint(m_dir.path(), m_clock, fixed(kMachineId)).compute();
        QCOMPARE(a->hex, b->hex);
        const auto other = DeviceFingerprint(m_dir.path(), m_clock, fixed("another-machine")).compute();
        QVERIFY(other->hex != a->hex);
    }

    void saltChangesTheFingerprint()
    {
        const auto a = DeviceFingerprint(m_dir.path(), m_clock, fixed(kMachineId)).compute();
        const auto b = DeviceFingerprint(m_dir.path(), m_clock, fixed(kMachineId), "other.salt").compute();
        QVERIFY(a && b);
        QVERIFY(a->hex != b->hex);
    }

    void machineIdIsNeverLogged()
    {
        QLoggingCategory::setFilterRules(u"creditdesk.licensing=true"_s);
        g_messages.clear();
        const QtMessageHandler previous = qInstallMessageHandler(captureMessage);
        const auto fp = DeviceFingerprint(m_dir.path(), m_clock, fixed(kMachineId)).compute();
        const auto fallback = DeviceFingerprint(m_dir.path(), m_clock, fixed({})).compute();
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());
        QVERIFY(fp && fallback);
        QVERIFY(!g_messages.isEmpty()); // the fallback is logged ...
        for (const QString &message : std::as_const(g_messages)) {
            QVERIFY(!message.contains(QString::fromLatin1(kMachineId))); // ... but no raw id
            QVERIFY(!message.contains(fp->hex));
        }
    }

    void fallbackCreatesTheInstallationIdOnce()
    {
        const DeviceFingerprint device(m_dir.path(), m_clock, fixed({}));
        const auto first = device.compute();
        QVERIFY(first);
        QCOMPARE(first->source, FingerprintSource::InstallationId);
        QVERIFY(!first->installationIdReplaced);
        QVERIFY(validateFingerprint(first->hex));
        QVERIFY(QFileInfo::exists(idPath()));
        QCOMPARE(mode(idPath()), 0600);
        const QByteArray bytes = readFile(idPath());

        m_clock.advanceMs(kMsPerDay);
        const auto again = DeviceFingerprint(m_dir.path(), m_clock, fixed({})).compute();
        QCOMPARE(again->hex, first->hex);
        QCOMPARE(readFile(idPath()), bytes); // reused, not rewritten

        const auto id = QJsonDocument::fromJson(bytes).object().value("id"_L1).toString();
        QCOMPARE(id.size(), 43); // base64url of 32 bytes

        QTemporaryDir otherInstallation;
        const auto other = DeviceFingerprint(otherInstallation.path(), m_clock, fixed({})).compute();
        QVERIFY(other->hex != first->hex);
    }

    void damagedInstallationIdIsReplaced_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::newRow("garbage") << QByteArray("\x01\x02 nonsense");
        QTest::newRow("short id") << QByteArray(R"({"format":"creditdesk.installation-id.v1","id":"AAAA"})");
        QTest::newRow("id not a string")
            << QByteArray(R"({"format":"creditdesk.installation-id.v1","id":7})");
    }

    void damagedInstallationIdIsReplaced()
    {
        QFETCH(QByteArray, contents);
        writeFile(idPath(), contents);
        const DeviceFingerprint device(m_dir.path(), m_clock, fixed({}));
        const auto fp = device.compute();
        QVERIFY(fp);
        QVERIFY(fp->installationIdReplaced);
        QCOMPARE(fp->source, FingerprintSource::InstallationId);
        const QStringList aside = filesStartingWith(m_dir.path(), u"installation-id.json.corrupt-"_s);
        QCOMPARE(aside.size(), 1);
        QCOMPARE(readFile(QDir(m_dir.path()).filePath(aside.first())), contents);
        const auto again = device.compute();
        QCOMPARE(again->hex, fp->hex);
        QVERIFY(!again->installationIdReplaced);
    }

    void unreadableInstallationId()
    {
        QVERIFY(QDir(m_dir.path()).mkdir(u"installation-id.json"_s));
        const auto fp = DeviceFingerprint(m_dir.path(), m_clock, fixed({})).compute();
        QVERIFY(!fp);
        QCOMPARE(fp.error().code, QString(lerr::profileFileIo));
        // A machine id does not need the file at all.
        QVERIFY(DeviceFingerprint(m_dir.path(), m_clock, fixed(kMachineId)).compute());
    }

    void newerInstallationIdFormat()
    {
        const QByteArray newer = R"({"format":"creditdesk.installation-id.v3"})";
        writeFile(idPath(), newer);
        const auto fp = DeviceFingerprint(m_dir.path(), m_clock, fixed({})).compute();
        QCOMPARE(fp.error().code, QString(lerr::profileFileTooNew));
        QCOMPARE(readFile(idPath()), newer);
    }

    void systemMachineIdIsUsedByDefault()
    {
        const auto fp = DeviceFingerprint(m_dir.path(), m_clock).compute();
        QVERIFY(fp);
        QCOMPARE(fp->source, DeviceFingerprint::systemMachineId().isEmpty()
                                 ? FingerprintSource::InstallationId
                                 : FingerprintSource::MachineId);
    }
};

QTEST_GUILESS_MAIN(TestDeviceFingerprint)
#include "test_device_fingerprint.moc"

#include "core/licensing/activation_record.h"
#include "core/licensing/licensing_errors.h"
#include "tests/unit/licensing/licensing_fixtures.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::licensing;
using namespace creditdesk::licensing::test;
namespace lerr = creditdesk::licensing::errc;

namespace {

ActivationRecord sampleRecord()
{
    ActivationRecord record;
    record.licenseKeySha256 = crypto::licenseKeySha256(kLicenseKey);
    record.maskedLicenseKey = u"REPHLO-****-****-****-7XQ2"_s;
    record.licenseId = kLicenseId;
    record.activationId = kActivationId;
    record.licenseStatus = LicenseStatus::Suspended;
    record.byokEnabled = false;
    record.seatsUsed = 2;
    record.seatsTotal = 3;
    record.onlineOnly = true;
    record.lastCheckedMs = at(u"2026-03-10T12:00:00.250Z");
    return record;
}

} // namespace

class TestActivationRecord : public QObject {
    Q_OBJECT

private slots:
    void roundTrip();
    void unknownFieldsStayUnknown();
    void noFile();
    void neverHoldsTheKey();
    void damagedIsSetAside_data();
    void damagedIsSetAside();
    void remove();
};

void TestActivationRecord::roundTrip()
{
    QTemporaryDir dir;
    const QString path = QDir(dir.path()).filePath(ActivationRecord::kFileName);
    QVERIFY(sampleRecord().save(path).has_value());
    QCOMPARE(mode(path), 0600);
    const auto loaded = ActivationRecord::load(path, 0);
    QVERIFY(loaded.has_value());
    QCOMPARE(loaded->value(), sampleRecord());
}

void TestActivationRecord::unknownFieldsStayUnknown()
{
    QTemporaryDir dir;
    const QString path = QDir(dir.path()).filePath(ActivationRecord::kFileName);
    ActivationRecord sparse;
    sparse.licenseKeySha256 = u"ab"_s;
    QVERIFY(sparse.save(path).has_value());
    const auto loaded = ActivationRecord::load(path, 0);
    QVERIFY(loaded.has_value());
    QCOMPARE(loaded->value(), sparse);
    QVERIFY(!loaded->value().licenseStatus.has_value());
    QVERIFY(!loaded->value().seatsTotal.has_value());
    QVERIFY(!loaded->value().lastCheckedMs.has_value());
}

void TestActivationRecord::noFile()
{
    QTemporaryDir dir;
    const auto loaded = ActivationRecord::load(dir.filePath(u"license.json"_s), 0);
    QVERIFY(loaded.has_value());
    QVERIFY(!loaded->has_value());
}

void TestActivationRecord::neverHoldsTheKey()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"license.json"_s);
    QVERIFY(sampleRecord().save(path).has_value());
    QVERIFY(!readFile(path).contains("AB2C-DE3F"));
}

void TestActivationRecord::damagedIsSetAside_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("not JSON") << QByteArray("{\"format\":\"creditdesk.license.v1\",");
    QTest::newRow("seat count a string")
        << QByteArray(R"({"format":"creditdesk.license.v1","seats_used":"2"})");
    QTest::newRow("negative seats") << QByteArray(R"({"format":"creditdesk.license.v1","seats_total":-1})");
    QTest::newRow("unknown status") << QByteArray(
        R"({"format":"creditdesk.license.v1","license_status":"borrowed"})");
    QTest::newRow("bad time") << QByteArray(
        R"({"format":"creditdesk.license.v1","last_checked_at":"yesterday"})");
    QTest::newRow("online_only a number")
        << QByteArray(R"({"format":"creditdesk.license.v1","online_only":1})");
}

void TestActivationRecord::damagedIsSetAside()
{
    QFETCH(QByteArray, bytes);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"license.json"_s);
    writeFile(path, bytes);
    const auto loaded = ActivationRecord::load(path, at(u"2026-03-10T12:00:00Z"));
    QVERIFY(!loaded.has_value());
    QCOMPARE(loaded.error().code, QString(lerr::licenseRecordCorrupt));
    QVERIFY(!QFile::exists(path));
    QCOMPARE(filesStartingWith(dir.path(), u"license.json.corrupt-"_s).size(), 1);
    // The next start begins without a record.
    const auto again = ActivationRecord::load(path, 0);
    QVERIFY(again.has_value() && !again->has_value());
}

void TestActivationRecord::remove()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"license.json"_s);
    QVERIFY(ActivationRecord::remove(path).has_value()); // none: not an error
    QVERIFY(sampleRecord().save(path).has_value());
    QVERIFY(ActivationRecord::remove(path).has_value());
    QVERIFY(!QFile::exists(path));
}

QTEST_GUILESS_MAIN(TestActivationRecord)
#include "test_activation_record.moc"

#include "core/domain/clock.h"
#include "core/licensing/certificate_store.h"
#include "core/licensing/licensing_errors.h"
#include "tests/unit/licensing/licensing_fixtures.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::licensing;
using namespace creditdesk::licensing::test;
namespace lerr = creditdesk::licensing::errc;

namespace {

PendingOfflineRequest pending(int n)
{
    return PendingOfflineRequest{u"nonce-%1"_s.arg(n), kFingerprint, crypto::licenseKeySha256(kLicenseKey),
                                 at(u"2026-03-10T12:00:00Z") + n};
}

QByteArray storeFileWith(const QJsonObject &body)
{
    QJsonObject json = body;
    json[u"format"_s] = u"creditdesk.activation.v1"_s;
    return QJsonDocument(json).toJson();
}

} // namespace

class TestCertificateStore : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    ManualClock m_clock{at(u"2026-03-10T12:00:00Z")};

    [[nodiscard]] QString storePath() const { return QDir(m_dir.path()).filePath(u"activation.json"_s); }

private slots:
    void init()
    {
        QDir(m_dir.path()).removeRecursively();
        QVERIFY(QDir().mkpath(m_dir.path()));
    }

    void emptyWithoutFile()
    {
        CertificateStore store(m_dir.path(), m_clock);
        QVERIFY(store.load());
        QVERIFY(!store.certificate());
        QVERIFY(store.pendingOfflineRequests().isEmpty());
        QVERIFY(!store.lastRenewalAttemptMs());
        QVERIFY(!QFileInfo::exists(storePath())); // reading writes nothing
    }

    void roundTrip()
    {
        const QJsonObject certificate = issue(samplePayload());
        {
            CertificateStore store(m_dir.path(), m_clock);
            QVERIFY(store.saveCertificate(certificate, kActivationId));
            QVERIFY(store.addPendingOfflineRequest(pending(1)));
            QVERIFY(store.setLastRenewalAttemptMs(at(u"2026-03-09T08:00:00Z")));
        }
        QCOMPARE(mode(storePath()), 0600);
        CertificateStore store(m_dir.path(), m_clock);
        QVERIFY(store.load());
        QCOMPARE(*store.certificate(), (StoredCertificate{certificate, kActivationId, m_clock.nowMs()}));
        QCOMPARE(store.pendingOfflineRequests(), QList<PendingOfflineRequest>{pending(1)});
        QCOMPARE(store.lastRenewalAttemptMs(), std::optional(at(u"2026-03-09T08:00:00Z")));

        QVERIFY(store.clearCertificate());
        QVERIFY(!CertificateStore(m_dir.path(), m_clock).certificate());
        QCOMPARE(CertificateStore(m_dir.path(), m_clock).pendingOfflineRequests().size(), 1);
    }

    void pendingRequestsKeepTheNewest()
    {
        CertificateStore store(m_dir.path(), m_clock);
        for (int n = 1; n <= 5; ++n)
            QVERIFY(store.addPendingOfflineRequest(pending(n)));
        const QList<PendingOfflineRequest> kept = store.pendingOfflineRequests();
        QCOMPARE(kept.size(), CertificateStore::kMaxPendingRequests);
        QCOMPARE(kept.first(), pending(5));
        QCOMPARE(kept.last(), pending(2));
        QVERIFY(!store.pendingOfflineRequest(u"nonce-1"));
        QCOMPARE(store.pendingOfflineRequest(u"nonce-3"), std::optional(pending(3)));

        QVERIFY(store.removePendingOfflineRequest(u"nonce-3"));
        QVERIFY(store.removePendingOfflineRequest(u"nonce-3")); // already gone: fine
        QCOMPARE(CertificateStore(m_dir.path(), m_clock).pendingOfflineRequests().size(), 3);
    }

    void corruptFileIsMovedAside_data()
    {
        QTest::addColumn<QByteArray>("contents");
        const QByteArray good = storeFileWith(QJsonObject{{u"certificate"_s, issue(samplePayload())},
                                                          {u"activation_id"_s, kActivationId},
                                                          {u"stored_at"_s, u"2026-03-10T12:00:00.000Z"_s}});
        QTest::newRow("garbage") << QByteArray("\x89PNG\r\n\x1a\n\x00\x00", 10);
        QTest::newRow("truncated") << good.left(good.size() - 20);
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("array") << QByteArray("[]");
        QTest::newRow("certificate is a string")
            << storeFileWith({{u"certificate"_s, u"x"_s},
                              {u"activation_id"_s, u""_s},
                              {u"stored_at"_s, u"2026-03-10T12:00:00.000Z"_s}});
        QTest::newRow("payload is a number") << storeFileWith(
            {{u"certificate"_s,
              QJsonObject{{u"payload"_s, 1}, {u"signature"_s, u"s"_s}, {u"key_id"_s, u"k"_s}}},
             {u"activation_id"_s, u""_s},
             {u"stored_at"_s, u"2026-03-10T12:00:00.000Z"_s}});
        QTest::newRow("stored_at is a number") << storeFileWith(
            {{u"certificate"_s, issue(samplePayload())}, {u"activation_id"_s, u""_s}, {u"stored_at"_s, 5}});
        QTest::newRow("activation_id missing") << storeFileWith(
            {{u"certificate"_s, issue(samplePayload())}, {u"stored_at"_s, u"2026-03-10T12:00:00.000Z"_s}});
        QTest::newRow("pending not an array") << storeFileWith({{u"pending_offline_requests"_s, u"x"_s}});
        QTest::newRow("pending without nonce")
            << storeFileWith({{u"pending_offline_requests"_s,
                               QJsonArray{QJsonObject{{u"machine_fingerprint"_s, kFingerprint},
                                                      {u"license_key_sha256"_s, u"00"_s},
                                                      {u"created_at"_s, u"2026-03-10T12:00:00.000Z"_s}}}}});
        QTest::newRow("last attempt is a number") << storeFileWith({{u"last_renewal_attempt_at"_s, 7}});
        QTest::newRow("other format") << QByteArray(R"({"format":"creditdesk.clock-guard.v1"})");
    }

    void corruptFileIsMovedAside()
    {
        QFETCH(QByteArray, contents);
        writeFile(storePath(), contents);
        CertificateStore store(m_dir.path(), m_clock);
        const auto loaded = store.load();
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().code, QString(lerr::certificateStoreCorrupt));
        const QString movedTo = loaded.error().details.value("moved_to"_L1).toString();
        QCOMPARE(movedTo, storePath() + u".corrupt-20260310T120000Z"_s);
        QCOMPARE(readFile(movedTo), contents);
        QVERIFY(!QFileInfo::exists(storePath()));
        QVERIFY(!store.certificate());

        // Usable again at once, and a second damaged file does not replace the first.
        QVERIFY(store.saveCertificate(issue(samplePayload()), kActivationId));
        writeFile(storePath(), "{");
        QCOMPARE(store.load().error().details.value("moved_to"_L1).toString(), movedTo + u"-1"_s);
        QCOMPARE(readFile(movedTo), contents);
        QCOMPARE(filesStartingWith(m_dir.path(), u"activation.json.corrupt-"_s).size(), 2);
    }

    void newerFormatIsLeftAlone()
    {
        const QByteArray newer = R"({"format":"creditdesk.activation.v2","certificates":[]})";
        writeFile(storePath(), newer);
        CertificateStore store(m_dir.path(), m_clock);
        const auto loaded = store.load();
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().code, QString(lerr::profileFileTooNew));
        QVERIFY(!store.certificate());
        QCOMPARE(store.saveCertificate(issue(samplePayload()), kActivationId).error().code,
                 QString(lerr::profileFileTooNew));
        QCOMPARE(readFile(storePath()), newer);
    }

    void unreadableFile()
    {
        QVERIFY(QDir(m_dir.path()).mkdir(u"activation.json"_s));
        CertificateStore store(m_dir.path(), m_clock);
        QCOMPARE(store.load().error().code, QString(lerr::profileFileIo));
        QCOMPARE(store.setLastRenewalAttemptMs(1).error().code, QString(lerr::profileFileIo));
        QVERIFY(!store.lastRenewalAttemptMs()); // memory follows the disk
    }

    void failedWriteKeepsMemory()
    {
        CertificateStore store(m_dir.path(), m_clock);
        QVERIFY(store.saveCertificate(issue(samplePayload()), kActivationId));
        const QByteArray before = readFile(storePath());
        const QString aside = storePath() + u".saved"_s;
        QVERIFY(QFile::rename(storePath(), aside));
        QVERIFY(QDir(m_dir.path()).mkdir(u"activation.json"_s)); // the next write cannot land
        const auto cleared = store.clearCertificate();
        QVERIFY(!cleared);
        QCOMPARE(cleared.error().code, QString(lerr::profileFileIo));
        QVERIFY(store.certificate()); // memory still matches what was last written
        QCOMPARE(readFile(aside), before);
    }
};

QTEST_GUILESS_MAIN(TestCertificateStore)
#include "test_certificate_store.moc"

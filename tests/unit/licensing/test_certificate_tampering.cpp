#include "core/crypto/activation_certificate.h"
#include "core/crypto/crypto_errors.h"
#include "core/crypto/primitives.h"
#include "core/licensing/license_verifier.h"
#include "core/licensing/licensing_errors.h"
#include "tests/unit/licensing/licensing_fixtures.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::licensing;
using namespace creditdesk::licensing::test;
namespace lerr = creditdesk::licensing::errc;
using Kind = LicenseState::Kind;

// A certificate is trusted only as signed, for this device, user and key.
class TestCertificateTampering : public QObject {
    Q_OBJECT

private slots:
    void everyBitFlipIsRejected();
    void mismatches_data();
    void mismatches();
    void unknownKeyId();
    void noPinnedKeys();
    void wrongTypesInSignedPayload();
    void unknownPayloadKeysIgnored();
};

void TestCertificateTampering::everyBitFlipIsRejected()
{
    QLoggingCategory::setFilterRules(u"creditdesk.licensing=false"_s);
    DeviceRig d(at(u"2026-03-10T12:00:00Z"));
    const QJsonObject certificate = issue(samplePayload());
    QCOMPARE(d.evaluate(certificate).kind, Kind::Valid);

    const QByteArray payload = crypto::base64UrlDecode(certificate.value("payload"_L1).toString()).value();
    const QByteArray signature =
        crypto::base64UrlDecode(certificate.value("signature"_L1).toString()).value();
    const QByteArray keyId = certificate.value("key_id"_L1).toString().toLatin1();
    QVERIFY(payload.size() > 300);
    QCOMPARE(signature.size(), qsizetype{64});

    qsizetype checked = 0;
    for (qsizetype bit = 0; bit < payload.size() * 8; ++bit, ++checked) {
        QJsonObject tampered = certificate;
        tampered[u"payload"_s] = crypto::base64UrlEncode(flipBit(payload, bit));
        const LicenseState s = d.evaluate(tampered);
        QVERIFY2(s.kind == Kind::Invalid && !s.certificate, qPrintable(u"payload bit %1"_s.arg(bit)));
        QCOMPARE(reasonCode(s), QString(crypto::errc::certificateBadSignature));
    }
    for (qsizetype bit = 0; bit < signature.size() * 8; ++bit, ++checked) {
        QJsonObject tampered = certificate;
        tampered[u"signature"_s] = crypto::base64UrlEncode(flipBit(signature, bit));
        const LicenseState s = d.evaluate(tampered);
        QVERIFY2(s.kind == Kind::Invalid && !s.certificate, qPrintable(u"signature bit %1"_s.arg(bit)));
        QCOMPARE(reasonCode(s), QString(crypto::errc::certificateBadSignature));
    }
    for (qsizetype bit = 0; bit < keyId.size() * 8; ++bit, ++checked) {
        QJsonObject tampered = certificate;
        tampered[u"key_id"_s] = QString::fromLatin1(flipBit(keyId, bit));
        const LicenseState s = d.evaluate(tampered);
        QVERIFY2(s.kind == Kind::Invalid && !s.certificate, qPrintable(u"key_id bit %1"_s.arg(bit)));
        QCOMPARE(reasonCode(s), QString(crypto::errc::certificateUnknownKey));
    }
    QCOMPARE(checked, (payload.size() + signature.size() + keyId.size()) * 8);
    QCOMPARE(d.evaluate(certificate).kind, Kind::Valid); // the loop did not poison anything
    QLoggingCategory::setFilterRules(QString());
}

void TestCertificateTampering::mismatches_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("code");
    QTest::newRow("fingerprint") << u"fingerprint"_s << QString(lerr::certificateFingerprintMismatch);
    QTest::newRow("user") << u"user"_s << QString(lerr::certificateUserMismatch);
    QTest::newRow("license key") << u"key"_s << QString(lerr::certificateLicenseKeyMismatch);
}

void TestCertificateTampering::mismatches()
{
    QFETCH(QString, field);
    QFETCH(QString, code);
    DeviceRig d(at(u"2026-03-10T12:00:00Z"));
    VerificationContext context = thisDevice();
    if (field == "fingerprint"_L1)
        context.machineFingerprint = kOtherFingerprint;
    else if (field == "user"_L1)
        context.userId = u"11111111-2222-4333-8444-555555555555"_s;
    else
        context.licenseKeySha256 = crypto::licenseKeySha256(u"REPHLO-2222-3333-4444-5555");
    const LicenseState s = d.evaluate(issue(samplePayload()), context);
    QCOMPARE(s.kind, Kind::Invalid);
    QCOMPARE(reasonCode(s), code);
    QVERIFY(!s.hasCertificate());
}

void TestCertificateTampering::unknownKeyId()
{
    DeviceRig d(at(u"2026-03-10T12:00:00Z"));
    const LicenseState s = d.evaluate(issue(samplePayload(), otherKey()));
    QCOMPARE(s.kind, Kind::Invalid);
    QCOMPARE(reasonCode(s), QString(crypto::errc::certificateUnknownKey));

    // Claiming the pinned key's id does not make a foreign signature valid.
    QJsonObject relabelled = issue(samplePayload(), otherKey());
    relabelled[u"key_id"_s] = serverKey().publicKey().keyId();
    QCOMPARE(reasonCode(d.evaluate(relabelled)), QString(crypto::errc::certificateBadSignature));
}

void TestCertificateTampering::noPinnedKeys()
{
    DeviceRig d(at(u"2026-03-10T12:00:00Z"));
    d.keys = PinnedKeys{};
    QCOMPARE(reasonCode(d.evaluate(issue(samplePayload()))), QString(crypto::errc::certificateUnknownKey));
}

void TestCertificateTampering::wrongTypesInSignedPayload()
{
    DeviceRig d(at(u"2026-03-10T12:00:00Z"));
    QJsonObject json = QJsonDocument::fromJson(crypto::canonicalPayload(samplePayload()).value()).object();
    for (const auto &[key, value] : {std::pair{u"eligible_major_version"_s, QJsonValue(u"1"_s)},
                                     std::pair{u"byok_enabled"_s, QJsonValue(1)},
                                     std::pair{u"valid_until"_s, QJsonValue(qint64{1774915200000})},
                                     std::pair{u"user_id"_s, QJsonValue()}}) {
        QJsonObject broken = json;
        broken[key] = value;
        const LicenseState s = d.evaluate(signRaw(QJsonDocument(broken).toJson(QJsonDocument::Compact)));
        QCOMPARE(s.kind, Kind::Invalid);
        QCOMPARE(reasonCode(s), QString(crypto::errc::certificateMalformed));
    }
    const LicenseState notObject = d.evaluate(signRaw("[1,2,3]"));
    QCOMPARE(reasonCode(notObject), QString(crypto::errc::certificateMalformed));
    QCOMPARE(reasonCode(d.evaluate(QJsonObject{{u"payload"_s, 5}})),
             QString(crypto::errc::certificateMalformed));
}

void TestCertificateTampering::unknownPayloadKeysIgnored()
{
    DeviceRig d(at(u"2026-03-10T12:00:00Z"));
    QJsonObject json = QJsonDocument::fromJson(crypto::canonicalPayload(samplePayload()).value()).object();
    json[u"future_field"_s] = u"x"_s;
    QCOMPARE(d.evaluate(signRaw(QJsonDocument(json).toJson(QJsonDocument::Compact))).kind, Kind::Valid);
}

QTEST_GUILESS_MAIN(TestCertificateTampering)
#include "test_certificate_tampering.moc"

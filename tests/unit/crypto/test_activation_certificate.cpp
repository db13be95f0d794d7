#include "core/crypto/activation_certificate.h"
#include "core/crypto/crypto_errors.h"
#include "core/crypto/primitives.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk::crypto;

namespace {

constexpr qint64 kIssuedAt = 1'764'221'820'000;   // 2025-11-27T05:37:00.000Z
constexpr qint64 kValidUntil = 1'766'813'820'000; // + 30 days

ActivationCertificatePayload samplePayload()
{
    return ActivationCertificatePayload{
        true,
        1,
        kIssuedAt,
        u"0b9c5f9e-1c1e-4a36-9d1e-6c1f2f3b4a5d"_s,
        licenseKeySha256(u"REPHLO-ABCD-EFGH-JKMN-PQRS"),
        u"3f0c8d2b9a7e6f5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a2918f7e6d5c"_s,
        u"perpetual"_s,
        u"6d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"_s,
        kValidUntil,
    };
}

Ed25519PrivateKey rfcKey()
{
    return Ed25519PrivateKey::fromRawSeed(
               QByteArray::fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
        .value();
}

QByteArray flipBit(QByteArray bytes, qsizetype index)
{
    bytes[index] = static_cast<char>(bytes[index] ^ 0x04);
    return bytes;
}

} // namespace

class TestActivationCertificate : public QObject {
    Q_OBJECT

private:
    Ed25519PrivateKey m_key = rfcKey();

    // A certificate over arbitrary payload bytes, validly signed by m_key.
    QJsonObject signRaw(const QByteArray &payload) const
    {
        return QJsonObject{{u"payload"_s, base64UrlEncode(payload)},
                           {u"signature"_s, base64UrlEncode(m_key.sign(payload).value())},
                           {u"key_id"_s, m_key.publicKey().keyId()}};
    }

    void expectError(const QJsonObject &certificate, QLatin1StringView code) const
    {
        const auto result = verifyCertificate(certificate, {m_key.publicKey()});
        QVERIFY(!result);
        QCOMPARE(result.error().code, QString(code));
    }

private slots:
    void roundTrip()
    {
        const auto certificate = issueCertificate(samplePayload(), m_key);
        QVERIFY(certificate);
        QCOMPARE(certificate->value("key_id"_L1).toString(), u"21fe31dfa154a261"_s);
        const auto payload =
            verifyCertificate(*certificate, {Ed25519PrivateKey::generate()->publicKey(), m_key.publicKey()});
        QVERIFY2(payload, qPrintable(payload ? QString() : payload.error().message));
        QCOMPARE(*payload, samplePayload());
    }

    void payloadIsTheCanonicalJson()
    {
        const QByteArray expected =
            R"({"byok_enabled":true,"eligible_major_version":1,"issued_at":"2025-11-27T05:37:00.000Z","license_id":"0b9c5f9e-1c1e-4a36-9d1e-6c1f2f3b4a5d","license_key_sha256":"9dc0b10dd059b8314126b52f8d731823c65aa66ea9416a3449ddf85137741d6d","machine_fingerprint":"3f0c8d2b9a7e6f5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a2918f7e6d5c","tier":"perpetual","user_id":"6d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6","valid_until":"2025-12-27T05:37:00.000Z"})";
        QCOMPARE(canonicalPayload(samplePayload()).value(), expected);
        const auto certificate = issueCertificate(samplePayload(), m_key);
        QCOMPARE(base64UrlDecode(certificate->value("payload"_L1).toString()).value(), expected);
        const QByteArray signature = base64UrlDecode(certificate->value("signature"_L1).toString()).value();
        QVERIFY(m_key.publicKey().verify(expected, signature));
    }

    void flippedBitFailsSignature()
    {
        const QJsonObject certificate = issueCertificate(samplePayload(), m_key).value();
        const QByteArray payload = base64UrlDecode(certificate.value("payload"_L1).toString()).value();
        const QByteArray signature = base64UrlDecode(certificate.value("signature"_L1).toString()).value();
        for (const qsizetype index : {qsizetype(0), qsizetype(40), payload.size() - 1}) {
            QJsonObject tampered = certificate;
            tampered[u"payload"_s] = base64UrlEncode(flipBit(payload, index));
            expectError(tampered, errc::certificateBadSignature);
        }
        for (const qsizetype index : {qsizetype(0), qsizetype(31), qsizetype(63)}) {
            QJsonObject tampered = certificate;
            tampered[u"signature"_s] = base64UrlEncode(flipBit(signature, index));
            expectError(tampered, errc::certificateBadSignature);
        }
    }

    void keyIdMustBePinned()
    {
        const auto other = Ed25519PrivateKey::generate();
        QVERIFY(other);
        const QJsonObject certificate = issueCertificate(samplePayload(), *other).value();
        expectError(certificate, errc::certificateUnknownKey);
        QCOMPARE(verifyCertificate(certificate, {}).error().code, QString(errc::certificateUnknownKey));

        // Claiming the pinned key's id does not help a foreign signature.
        QJsonObject relabelled = certificate;
        relabelled[u"key_id"_s] = m_key.publicKey().keyId();
        expectError(relabelled, errc::certificateBadSignature);
    }

    void unknownPayloadKeysAreIgnored()
    {
        QJsonObject json = QJsonDocument::fromJson(canonicalPayload(samplePayload()).value()).object();
        json[u"future_field"_s] = u"x"_s;
        const auto payload = verifyCertificate(signRaw(QJsonDocument(json).toJson()), {m_key.publicKey()});
        QVERIFY(payload);
        QCOMPARE(*payload, samplePayload());
    }

    void malformed_data()
    {
        QTest::addColumn<QJsonObject>("certificate");
        const QJsonObject good = issueCertificate(samplePayload(), m_key).value();
        auto with = [&](const QString &key, const QJsonValue &value) {
            QJsonObject copy = good;
            if (value.isUndefined())
                copy.remove(key);
            else
                copy[key] = value;
            return copy;
        };
        QTest::newRow("empty") << QJsonObject();
        QTest::newRow("no payload") << with(u"payload"_s, QJsonValue::Undefined);
        QTest::newRow("no signature") << with(u"signature"_s, QJsonValue::Undefined);
        QTest::newRow("no key_id") << with(u"key_id"_s, QJsonValue::Undefined);
        QTest::newRow("payload not a string") << with(u"payload"_s, QJsonObject{});
        QTest::newRow("key_id number") << with(u"key_id"_s, 5);
        QTest::newRow("payload padded")
            << with(u"payload"_s, QString(good.value("payload"_L1).toString() + u"="_s));
        QTest::newRow("payload garbage") << with(u"payload"_s, u"!!not base64!!"_s);
        QTest::newRow("signature garbage") << with(u"signature"_s, u"@@"_s);
        const QString signature = good.value("signature"_L1).toString();
        QTest::newRow("signature truncated") << with(u"signature"_s, signature.left(signature.size() - 4));
        QTest::newRow("payload huge") << with(u"payload"_s, QString(9000, u'A'));

        QJsonObject payload = QJsonDocument::fromJson(canonicalPayload(samplePayload()).value()).object();
        auto signedWith = [&](const QString &key, const QJsonValue &value) {
            QJsonObject copy = payload;
            if (value.isUndefined())
                copy.remove(key);
            else
                copy[key] = value;
            return signRaw(QJsonDocument(copy).toJson(QJsonDocument::Compact));
        };
        QTest::newRow("payload not JSON") << signRaw("not json");
        QTest::newRow("payload a JSON array") << signRaw("[1,2]");
        QTest::newRow("payload truncated JSON") << signRaw(canonicalPayload(samplePayload())->left(50));
        QTest::newRow("tier missing") << signedWith(u"tier"_s, QJsonValue::Undefined);
        QTest::newRow("user_id missing") << signedWith(u"user_id"_s, QJsonValue::Undefined);
        QTest::newRow("byok_enabled string") << signedWith(u"byok_enabled"_s, u"true"_s);
        QTest::newRow("major fractional") << signedWith(u"eligible_major_version"_s, 1.5);
        QTest::newRow("major string") << signedWith(u"eligible_major_version"_s, u"1"_s);
        QTest::newRow("major negative") << signedWith(u"eligible_major_version"_s, -1);
        QTest::newRow("issued_at not a ts") << signedWith(u"issued_at"_s, u"27/11/2025"_s);
        QTest::newRow("valid_until number") << signedWith(u"valid_until"_s, 1766813820000LL);
        QTest::newRow("fingerprint null") << signedWith(u"machine_fingerprint"_s, QJsonValue::Null);
    }

    void malformed()
    {
        QFETCH(QJsonObject, certificate);
        expectError(certificate, errc::certificateMalformed);
    }

    void licenseKeyHashNormalizes()
    {
        const QString expected = u"9dc0b10dd059b8314126b52f8d731823c65aa66ea9416a3449ddf85137741d6d"_s;
        QCOMPARE(licenseKeySha256(u"REPHLO-ABCD-EFGH-JKMN-PQRS"), expected);
        QCOMPARE(licenseKeySha256(u"  rephlo-abcd-efgh-jkmn-pqrs\n"), expected);
        QCOMPARE(licenseKeySha256(u"REPHLO-ABCD -EFGH-JKMN-PQRS"), expected);
        QCOMPARE(normalizeLicenseKey(u" rephlo-ab cd "), u"REPHLO-ABCD"_s);
    }
};

QTEST_GUILESS_MAIN(TestActivationCertificate)
#include "test_activation_certificate.moc"

#include "core/crypto/activation_certificate.h"
#include "core/crypto/crypto_errors.h"
#include "core/crypto/offline_activation.h"
#include "core/crypto/primitives.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk::crypto;

namespace {

constexpr qint64 kNowMs = 1'764'221'820'000; // 2025-11-27T05:37:00.000Z

OfflineActivationRequest sampleRequest()
{
    return OfflineActivationRequest::create(u"REPHLO-ABCD-EFGH-JKMN-PQRS"_s, QString(64, u'a'),
                                            u"Workstation"_s, u"linux"_s, kNowMs)
        .value();
}

OfflineActivationResponse sampleResponse()
{
    const QJsonObject certificate{{u"payload"_s, u"e30"_s}, {u"signature"_s, u"AA"_s}, {u"key_id"_s, u"k"_s}};
    return OfflineActivationResponse{u"act-1"_s, u"lic-1"_s, sampleRequest().nonce, certificate};
}

QJsonObject with(QJsonObject json, const QString &key, const QJsonValue &value)
{
    if (value.isUndefined())
        json.remove(key);
    else
        json[key] = value;
    return json;
}

} // namespace

class TestOfflineActivation : public QObject {
    Q_OBJECT

private slots:
    void requestHasFreshNonce()
    {
        const OfflineActivationRequest a = sampleRequest();
        const OfflineActivationRequest b = sampleRequest();
        QCOMPARE(base64UrlDecode(a.nonce)->size(), 16);
        QVERIFY(a.nonce != b.nonce);
    }

    void requestWireShape()
    {
        const QJsonObject json = sampleRequest().toJson();
        QCOMPARE(json.value("format"_L1).toString(), u"creditdesk.offline-request.v1"_s);
        QCOMPARE(json.value("created_at"_L1).toString(), u"2025-11-27T05:37:00.000Z"_s);
        QCOMPARE(json.value("license_key"_L1).toString(), u"REPHLO-ABCD-EFGH-JKMN-PQRS"_s);
        QCOMPARE(json.value("machine_fingerprint"_L1).toString(), QString(64, u'a'));
        QCOMPARE(json.value("device_name"_L1).toString(), u"Workstation"_s);
        QCOMPARE(json.value("os_type"_L1).toString(), u"linux"_s);
        QCOMPARE(json.size(), 7);
    }

    void requestRoundTrip()
    {
        const OfflineActivationRequest request = sampleRequest();
        QCOMPARE(OfflineActivationRequest::fromFileBytes(request.toFileBytes()).value(), request);
        QCOMPARE(OfflineActivationRequest::fromJson(request.toJson()).value(), request);
    }

    void responseRoundTrip()
    {
        const OfflineActivationResponse response = sampleResponse();
        QCOMPARE(response.toJson().value("format"_L1).toString(), u"creditdesk.offline-response.v1"_s);
        QCOMPARE(OfflineActivationResponse::fromFileBytes(response.toFileBytes()).value(), response);
    }

    void responseCarriesAVerifiableCertificate()
    {
        const auto key = Ed25519PrivateKey::generate();
        ActivationCertificatePayload payload;
        payload.tier = u"perpetual"_s;
        OfflineActivationResponse response = sampleResponse();
        response.certificate = issueCertificate(payload, *key).value();
        const auto parsed = OfflineActivationResponse::fromFileBytes(response.toFileBytes());
        QVERIFY(parsed);
        QCOMPARE(verifyCertificate(parsed->certificate, {key->publicKey()}).value(), payload);
    }

    void unsupportedFormats()
    {
        const QJsonObject request = sampleRequest().toJson();
        QCOMPARE(
            OfflineActivationRequest::fromJson(with(request, u"format"_s, u"creditdesk.offline-request.v2"_s))
                .error()
                .code,
            QString(errc::offlineFormatUnsupported));
        QCOMPARE(OfflineActivationResponse::fromJson(request).error().code,
                 QString(errc::offlineFormatUnsupported));
        QCOMPARE(OfflineActivationRequest::fromJson(sampleResponse().toJson()).error().code,
                 QString(errc::offlineFormatUnsupported));
    }

    void malformedRequests_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        const QJsonObject good = sampleRequest().toJson();
        auto bytes = [](const QJsonObject &json) {
            return QJsonDocument(json).toJson();
        };
        QTest::newRow("empty file") << QByteArray();
        QTest::newRow("not JSON") << "license=REPHLO"_ba;
        QTest::newRow("JSON array") << "[]"_ba;
        QTest::newRow("truncated") << bytes(good).left(40);
        QTest::newRow("too large") << bytes(with(good, u"padding"_s, QString(70000, u'x')));
        QTest::newRow("no format") << bytes(with(good, u"format"_s, QJsonValue::Undefined));
        QTest::newRow("format number") << bytes(with(good, u"format"_s, 1));
        for (const QString &key : {u"license_key"_s, u"machine_fingerprint"_s, u"device_name"_s, u"os_type"_s,
                                   u"created_at"_s, u"nonce"_s}) {
            QTest::addRow("%s missing", qPrintable(key)) << bytes(with(good, key, QJsonValue::Undefined));
            QTest::addRow("%s number", qPrintable(key)) << bytes(with(good, key, 42));
            QTest::addRow("%s null", qPrintable(key)) << bytes(with(good, key, QJsonValue::Null));
        }
        QTest::newRow("license_key empty") << bytes(with(good, u"license_key"_s, u""_s));
        QTest::newRow("created_at not a ts") << bytes(with(good, u"created_at"_s, u"yesterday"_s));
        QTest::newRow("created_at no zone")
            << bytes(with(good, u"created_at"_s, u"2025-11-27T05:37:00.000"_s));
        QTest::newRow("nonce 15 bytes")
            << bytes(with(good, u"nonce"_s, base64UrlEncode(QByteArray(15, 'n'))));
        QTest::newRow("nonce padded")
            << bytes(with(good, u"nonce"_s, QString(base64UrlEncode(QByteArray(16, 'n')) + u"=="_s)));
    }

    void malformedRequests()
    {
        QFETCH(QByteArray, bytes);
        const auto result = OfflineActivationRequest::fromFileBytes(bytes);
        QVERIFY(!result);
        QCOMPARE(result.error().code, QString(errc::offlineFileMalformed));
    }

    void emptyDeviceNameIsAllowed()
    {
        const QJsonObject json = with(sampleRequest().toJson(), u"device_name"_s, u""_s);
        QVERIFY(OfflineActivationRequest::fromJson(json));
    }

    void malformedResponses_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        const QJsonObject good = sampleResponse().toJson();
        auto bytes = [](const QJsonObject &json) {
            return QJsonDocument(json).toJson();
        };
        QTest::newRow("not JSON") << "{"_ba;
        for (const QString &key : {u"activation_id"_s, u"license_id"_s, u"nonce"_s, u"certificate"_s}) {
            QTest::addRow("%s missing", qPrintable(key)) << bytes(with(good, key, QJsonValue::Undefined));
            QTest::addRow("%s number", qPrintable(key)) << bytes(with(good, key, 7));
        }
        QTest::newRow("nonce not base64url") << bytes(with(good, u"nonce"_s, u"#nonce#"_s));
        QTest::newRow("certificate as string") << bytes(with(good, u"certificate"_s, u"{}"_s));
        const QJsonObject certificate = good.value("certificate"_L1).toObject();
        QTest::newRow("certificate without key_id")
            << bytes(with(good, u"certificate"_s, with(certificate, u"key_id"_s, QJsonValue::Undefined)));
        QTest::newRow("certificate signature number")
            << bytes(with(good, u"certificate"_s, with(certificate, u"signature"_s, 3)));
    }

    void malformedResponses()
    {
        QFETCH(QByteArray, bytes);
        const auto result = OfflineActivationResponse::fromFileBytes(bytes);
        QVERIFY(!result);
        QCOMPARE(result.error().code, QString(errc::offlineFileMalformed));
    }
};

QTEST_GUILESS_MAIN(TestOfflineActivation)
#include "test_offline_activation.moc"

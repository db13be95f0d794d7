// The licenses endpoints through a real creditdesk-server (SQLite and
// PostgreSQL): wire shapes, every error code of api-contract §8, ownership.
#include "tests/integration/licenses/license_http_support.h"

#include <QJsonArray>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk::test;

namespace {

ServerHarness::Options options()
{
    ServerHarness::Options o;
    o.dialect = currentDialect();
    return o;
}

QJsonObject data(const HttpReply &reply)
{
    return reply.object().value(u"data"_s).toObject();
}

} // namespace

#define EXPECT_HTTP(reply, wantStatus, wantCode)                                                             \
    do {                                                                                                     \
        const HttpReply r_ = (reply);                                                                        \
        QVERIFY2(r_.status == (wantStatus),                                                                  \
                 qPrintable(u"%1 %2"_s.arg(r_.status).arg(QString::fromUtf8(r_.body))));                     \
        QCOMPARE(r_.errorCode(), QString::fromLatin1(wantCode));                                             \
    } while (false)

class TestLicenseHttp : public QObject {
    Q_OBJECT

private slots:
    void activateAndRead_data() { addDialectRows(); }
    void activateAndRead();
    void activateErrors_data() { addDialectRows(); }
    void activateErrors();
    void seatsDeactivateReplace_data() { addDialectRows(); }
    void seatsDeactivateReplace();
    void otherUsersGetNotFound_data() { addDialectRows(); }
    void otherUsersGetNotFound();
    void injectionWritesNothing_data() { addDialectRows(); }
    void injectionWritesNothing();
};

void TestLicenseHttp::activateAndRead()
{
    LICENSE_SERVER(server, options());
    const LicenseOwner owner = ownerWithLicense(server, u"owner@example.com"_s);
    QVERIFY(!owner.licenseKey.isEmpty());

    const HttpReply first =
        server.post(u"/api/licenses/activate"_s, activateBody(owner.licenseKey.toLower(), 1));
    QCOMPARE(first.status, 201);
    QCOMPARE(first.object().value(u"status"_s).toString(), u"success"_s);
    const QJsonObject a = data(first);
    QCOMPARE(a.value(u"license_id"_s).toString(), owner.licenseId);
    QCOMPARE(a.value(u"machine_fingerprint"_s).toString(), deviceFingerprint(1));
    QCOMPARE(a.value(u"device_name"_s).toString(), u"Device 1"_s);
    QCOMPARE(a.value(u"status"_s).toString(), u"active"_s);
    QCOMPARE(a.value(u"is_new_activation"_s).toBool(), true);
    QVERIFY(a.value(u"activated_at"_s).toString().endsWith(u'Z'));
    const QString problem = verifyWithPublishedKey(server, a.value(u"certificate"_s).toObject(),
                                                   deviceFingerprint(1), owner.userId);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    const HttpReply again =
        server.post(u"/api/licenses/activate"_s, activateBody(owner.licenseKey, 1), owner.token);
    QCOMPARE(again.status, 200);
    QCOMPARE(data(again).value(u"is_new_activation"_s).toBool(), false);
    QCOMPARE(data(again).value(u"activation_id"_s).toString(), a.value(u"activation_id"_s).toString());

    const HttpReply details = server.get(u"/api/licenses/"_s + owner.licenseKey);
    QCOMPARE(details.status, 200);
    const QJsonObject d = details.object();
    QCOMPARE(d.value(u"license_key"_s).toString(), owner.licenseKey);
    QCOMPARE(d.value(u"status"_s).toString(), u"active"_s);
    QCOMPARE(d.value(u"purchased_version"_s).toString(), u"1.0.0"_s);
    QCOMPARE(d.value(u"eligible_until_version"_s).toString(), u"1.99.99"_s);
    QCOMPARE(d.value(u"max_activations"_s).toInt(), 3);
    QCOMPARE(d.value(u"current_activations"_s).toInt(), 1);
    QVERIFY(d.value(u"activated_at"_s).isString());
    QCOMPARE(d.value(u"activations"_s).toArray().size(), 1);
    QVERIFY(d.value(u"version_upgrades"_s).isArray());

    const HttpReply devices = server.get(u"/api/licenses/"_s + owner.licenseKey + u"/devices"_s, owner.token);
    QCOMPARE(devices.status, 200);
    const QJsonObject dev = devices.object().value(u"devices"_s).toArray().first().toObject();
    QCOMPARE(dev.value(u"id"_s).toString(), a.value(u"activation_id"_s).toString());
    QCOMPARE(dev.value(u"os_version"_s).toString(), u"6.1"_s);
    QCOMPARE(dev.value(u"cpu_info"_s).toString(), u"x86_64"_s);
    QCOMPARE(devices.object().value(u"current_activations"_s).toInt(), 1);

    const HttpReply me = server.get(u"/api/licenses/me"_s, owner.token);
    QCOMPARE(me.status, 200);
    const QJsonObject m = data(me);
    QCOMPARE(m.value(u"licenseKey"_s).toString(), owner.licenseKey);
    QCOMPARE(m.value(u"activeDeviceCount"_s).toInt(), 1);
    QCOMPARE(m.value(u"maxActivations"_s).toInt(), 3);
    QCOMPARE(m.value(u"byokEnabled"_s).toBool(), true);
    QCOMPARE(m.value(u"eligibleUntilVersion"_s).toString(), u"1.99.99"_s);

    // Renewal and the literal paths that must never be taken for a key.
    const HttpReply renewal =
        server.get(u"/api/licenses/certificate?fingerprint="_s + deviceFingerprint(1), owner.token);
    QCOMPARE(renewal.status, 200);
    QCOMPARE(data(renewal).value(u"activation_id"_s).toString(), a.value(u"activation_id"_s).toString());
    QVERIFY(verifyWithPublishedKey(server, data(renewal).value(u"certificate"_s).toObject(),
                                   deviceFingerprint(1), owner.userId)
                .isEmpty());
    EXPECT_HTTP(server.get(u"/api/licenses/certificate?fingerprint="_s + deviceFingerprint(2), owner.token),
                404, "activation_not_found");
    EXPECT_HTTP(server.get(u"/api/licenses/certificate?fingerprint=xyz"_s, owner.token), 400,
                "validation_error");
    EXPECT_HTTP(server.get(u"/api/licenses/certificate?fingerprint="_s + deviceFingerprint(1)), 401,
                "unauthorized");
    EXPECT_HTTP(server.get(u"/api/licenses/me"_s), 401, "unauthorized");

    const LicenseOwner stranger = ownerWithLicense(server, u"nolicense@example.com"_s);
    const HttpReply none =
        server.get(u"/api/licenses/me"_s, server.createUserWithToken(u"empty@example.com"_s));
    QCOMPARE(none.status, 200);
    QVERIFY(none.object().value(u"data"_s).isNull());
    QVERIFY(!stranger.licenseKey.isEmpty());
}

void TestLicenseHttp::activateErrors()
{
    LICENSE_SERVER(server, options());
    const LicenseOwner owner = ownerWithLicense(server, u"owner@example.com"_s);
    const QString path = u"/api/licenses/activate"_s;
    EXPECT_HTTP(server.post(path, QJsonObject{}), 400, "validation_error");
    EXPECT_HTTP(server.post(path, QJsonObject{{u"licenseKey"_s, owner.licenseKey}}), 400, "validation_error");
    QJsonObject badFp = activateBody(owner.licenseKey, 1);
    badFp.insert(u"deviceInfo"_s, QJsonObject{{u"fingerprint"_s, u"ABCDEF"_s}});
    const HttpReply fp = server.post(path, badFp);
    QCOMPARE(fp.status, 400);
    QCOMPARE(fp.errorCode(), u"validation_error"_s);
    QCOMPARE(fp.object()
                 .value(u"error"_s)
                 .toObject()
                 .value(u"details"_s)
                 .toObject()
                 .value(u"deviceInfo.fingerprint"_s)
                 .toString(),
             u"invalid_fingerprint"_s);
    EXPECT_HTTP(server.post(path, activateBody(u"REPHLO-1111"_s, 1)), 400, "validation_error");
    EXPECT_HTTP(server.post(path, activateBody(u"REPHLO-2222-3333-4444-5555"_s, 1)), 404,
                "license_not_found");
    const QByteArray notJson = "{licenseKey:";
    EXPECT_HTTP(server.request("POST", path, {}, QJsonValue(QJsonValue::Undefined), {}, &notJson), 400,
                "invalid_request");

    for (int n = 1; n <= 3; ++n)
        QCOMPARE(server.post(path, activateBody(owner.licenseKey, n)).status, 201);
    const HttpReply full = server.post(path, activateBody(owner.licenseKey, 4));
    QCOMPARE(full.status, 403);
    QCOMPARE(full.errorCode(), u"activation_limit_reached"_s);
    const QJsonObject details = full.object().value(u"error"_s).toObject().value(u"details"_s).toObject();
    QCOMPARE(details.value(u"max_activations"_s).toInt(), 3);
    const QJsonArray seats = details.value(u"devices"_s).toArray();
    QCOMPARE(seats.size(), 3);
    for (const QJsonValue &seat : seats) {
        const QJsonObject s = seat.toObject();
        QVERIFY(s.contains(u"activation_id"_s) && s.contains(u"device_name"_s) && s.contains(u"os_type"_s) &&
                s.contains(u"last_seen_at"_s) && s.contains(u"activated_at"_s));
    }

    // The operator's status changes follow the domain's transitions.
    const LicenseOwner second = ownerWithLicense(server, u"second@example.com"_s);
    const auto refused =
        server.admin({u"set-license-status"_s, u"--key"_s, second.licenseKey, u"--status"_s, u"suspended"_s});
    QCOMPARE(refused.exitCode, 2);
    QCOMPARE(refused.output.value(u"error"_s).toObject().value(u"code"_s).toString(),
             u"invalid_transition"_s);
}

void TestLicenseHttp::seatsDeactivateReplace()
{
    LICENSE_SERVER(server, options());
    const LicenseOwner owner = ownerWithLicense(server, u"owner@example.com"_s);
    const QString a = data(server.post(u"/api/licenses/activate"_s, activateBody(owner.licenseKey, 1)))
                          .value(u"activation_id"_s)
                          .toString();
    const QString b = data(server.post(u"/api/licenses/activate"_s, activateBody(owner.licenseKey, 2)))
                          .value(u"activation_id"_s)
                          .toString();
    QVERIFY(!a.isEmpty() && !b.isEmpty());

    EXPECT_HTTP(server.request("DELETE", u"/api/licenses/activations/"_s + a), 401, "unauthorized");
    const HttpReply off = server.request("DELETE", u"/api/licenses/activations/"_s + a, owner.token);
    QCOMPARE(off.status, 200);
    QCOMPARE(off.object().value(u"message"_s).toString(), u"Device deactivated successfully"_s);
    EXPECT_HTTP(server.request("DELETE", u"/api/licenses/activations/"_s + a, owner.token), 400,
                "validation_error");
    EXPECT_HTTP(server.request("DELETE", u"/api/licenses/activations/00000000-0000-4000-8000-000000000000"_s,
                               owner.token),
                404, "activation_not_found");
    EXPECT_HTTP(server.request("DELETE", u"/api/licenses/activations/not-a-uuid"_s, owner.token), 404,
                "activation_not_found");
    // Re-activating the deactivated device reuses its row: 201, same id.
    const HttpReply back = server.post(u"/api/licenses/activate"_s, activateBody(owner.licenseKey, 1));
    QCOMPARE(back.status, 201);
    QCOMPARE(data(back).value(u"activation_id"_s).toString(), a);

    const QString replacePath = u"/api/licenses/activations/"_s + b + u"/replace"_s;
    EXPECT_HTTP(
        server.request("PATCH", replacePath, owner.token, QJsonObject{{u"newDeviceInfo"_s, deviceJson(1)}}),
        409, "conflict");
    EXPECT_HTTP(server.request("PATCH", replacePath, owner.token, QJsonObject{}), 400, "validation_error");
    const HttpReply replaced =
        server.request("PATCH", replacePath, owner.token, QJsonObject{{u"newDeviceInfo"_s, deviceJson(5)}});
    QCOMPARE(replaced.status, 200);
    QCOMPARE(replaced.object().value(u"status"_s).toString(), u"success"_s);
    const QJsonObject r = data(replaced);
    QVERIFY(r.value(u"activation_id"_s).toString() != b);
    QCOMPARE(r.value(u"machine_fingerprint"_s).toString(), deviceFingerprint(5));
    QVERIFY(!r.contains(u"is_new_activation"_s));
    QVERIFY(verifyWithPublishedKey(server, r.value(u"certificate"_s).toObject(), deviceFingerprint(5),
                                   owner.userId)
                .isEmpty());
    EXPECT_HTTP(
        server.request("PATCH", replacePath, owner.token, QJsonObject{{u"newDeviceInfo"_s, deviceJson(6)}}),
        400, "validation_error"); // the old seat is no longer active
    const HttpReply devices = server.get(u"/api/licenses/"_s + owner.licenseKey + u"/devices"_s);
    QCOMPARE(devices.object().value(u"current_activations"_s).toInt(), 2);

    // Status refusals (403), set by the operator.
    QCOMPARE(
        server.admin({u"set-license-status"_s, u"--key"_s, owner.licenseKey, u"--status"_s, u"suspended"_s})
            .exitCode,
        0);
    EXPECT_HTTP(server.post(u"/api/licenses/activate"_s, activateBody(owner.licenseKey, 7)), 403,
                "license_suspended");
    EXPECT_HTTP(server.get(u"/api/licenses/certificate?fingerprint="_s + deviceFingerprint(1), owner.token),
                403, "license_suspended");
    QCOMPARE(
        server.admin({u"set-license-status"_s, u"--key"_s, owner.licenseKey, u"--status"_s, u"revoked"_s})
            .exitCode,
        0);
    EXPECT_HTTP(server.post(u"/api/licenses/activate"_s, activateBody(owner.licenseKey, 7)), 403,
                "license_revoked");
    const LicenseOwner other = ownerWithLicense(server, u"expiring@example.com"_s);
    QCOMPARE(
        server.admin({u"set-license-status"_s, u"--key"_s, other.licenseKey, u"--status"_s, u"expired"_s})
            .exitCode,
        0);
    EXPECT_HTTP(server.post(u"/api/licenses/activate"_s, activateBody(other.licenseKey, 1)), 403,
                "license_expired");
}

void TestLicenseHttp::otherUsersGetNotFound()
{
    LICENSE_SERVER(server, options());
    const LicenseOwner owner = ownerWithLicense(server, u"owner@example.com"_s);
    const LicenseOwner other = ownerWithLicense(server, u"other@example.com"_s);
    const QString seat = data(server.post(u"/api/licenses/activate"_s, activateBody(owner.licenseKey, 1)))
                             .value(u"activation_id"_s)
                             .toString();
    const QString base = u"/api/licenses/"_s + owner.licenseKey;
    const QStringList byKey{base, base + u"/devices"_s, base + u"/version-eligibility/1.2.0"_s,
                            base + u"/available-upgrades"_s, base + u"/upgrade-history"_s};
    for (const QString &path : byKey)
        EXPECT_HTTP(server.get(path, other.token), 404, "license_not_found");
    EXPECT_HTTP(server.post(base + u"/upgrade"_s,
                            QJsonObject{{u"targetVersion"_s, u"2.0.0"_s}, {u"paymentIntentId"_s, u"pi_1"_s}},
                            other.token),
                404, "license_not_found");
    EXPECT_HTTP(server.post(u"/api/licenses/activate"_s, activateBody(owner.licenseKey, 2), other.token), 404,
                "license_not_found");
    EXPECT_HTTP(server.request("DELETE", u"/api/licenses/activations/"_s + seat, other.token), 404,
                "activation_not_found");
    EXPECT_HTTP(server.request("PATCH", u"/api/licenses/activations/"_s + seat + u"/replace"_s, other.token,
                               QJsonObject{{u"newDeviceInfo"_s, deviceJson(3)}}),
                404, "activation_not_found");
    EXPECT_HTTP(server.get(u"/api/licenses/certificate?fingerprint="_s + deviceFingerprint(1), other.token),
                404, "activation_not_found");
    const HttpReply mine = server.get(u"/api/licenses/me"_s, other.token);
    QCOMPARE(data(mine).value(u"licenseKey"_s).toString(), other.licenseKey);
    // Unknown and malformed keys.
    EXPECT_HTTP(server.get(u"/api/licenses/REPHLO-2222-3333-4444-5555"_s), 404, "license_not_found");
    EXPECT_HTTP(server.get(u"/api/licenses/not-a-key/devices"_s), 404, "license_not_found");
}

void TestLicenseHttp::injectionWritesNothing()
{
    LICENSE_SERVER(server, options());
    const LicenseOwner owner = ownerWithLicense(server, u"owner@example.com"_s);
    const QStringList injections{u"'; DROP TABLE license_activation; --"_s, u"\" OR \"1\"=\"1"_s,
                                 u"REPHLO-AAAA' OR '1'='1"_s, u"x\u0000y"_s, u"<script>alert(1)</script>"_s};
    for (const QString &evil : injections) {
        EXPECT_HTTP(server.post(u"/api/licenses/activate"_s, activateBody(evil, 1)), 400, "validation_error");
        for (const QString &field : {u"fingerprint"_s, u"osType"_s, u"osVersion"_s}) {
            QJsonObject device = deviceJson(1);
            device.insert(field, evil);
            EXPECT_HTTP(
                server.post(u"/api/licenses/activate"_s,
                            QJsonObject{{u"licenseKey"_s, owner.licenseKey}, {u"deviceInfo"_s, device}}),
                400, "validation_error");
        }
        const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(evil));
        // A decoded '/' makes another path: no route, the real cloud's 404 license_not_found.
        if (evil.contains(u'/'))
            EXPECT_HTTP(
                server.get(u"/api/licenses/"_s + owner.licenseKey + u"/version-eligibility/"_s + encoded),
                404, "license_not_found");
        else
            EXPECT_HTTP(
                server.get(u"/api/licenses/"_s + owner.licenseKey + u"/version-eligibility/"_s + encoded),
                400, "invalid_version");
        EXPECT_HTTP(server.get(u"/api/licenses/certificate?fingerprint="_s + encoded, owner.token), 400,
                    "validation_error");
        EXPECT_HTTP(
            server.post(u"/api/licenses/purchase"_s, QJsonObject{{u"purchasedVersion"_s, evil}}, owner.token),
            400, "validation_error");
        EXPECT_HTTP(server.post(u"/api/licenses/"_s + owner.licenseKey + u"/upgrade"_s,
                                QJsonObject{{u"targetVersion"_s, evil}, {u"paymentIntentId"_s, evil}},
                                owner.token),
                    400, "validation_error");
    }
    const HttpReply devices = server.get(u"/api/licenses/"_s + owner.licenseKey + u"/devices"_s);
    QCOMPARE(devices.object().value(u"current_activations"_s).toInt(), 0);
    const HttpReply details = server.get(u"/api/licenses/"_s + owner.licenseKey);
    QCOMPARE(details.object().value(u"status"_s).toString(), u"pending"_s);
    QCOMPARE(details.object().value(u"version_upgrades"_s).toArray().size(), 0);
    const HttpReply me = server.get(u"/api/licenses/me"_s, owner.token);
    QCOMPARE(data(me).value(u"licenseKey"_s).toString(), owner.licenseKey); // no license was bought
}

QTEST_GUILESS_MAIN(TestLicenseHttp)
#include "test_license_http.moc"

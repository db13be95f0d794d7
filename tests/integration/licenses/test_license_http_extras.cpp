// The licenses endpoints through a real creditdesk-server (SQLite and
// PostgreSQL): 20 concurrent HTTP activations, versions and upgrades,
// purchase, offline activation through the endpoint and the CLI, and the
// server with --extensions off.
#include "core/crypto/offline_activation.h"
#include "core/domain/utc_time.h"
#include "tests/integration/licenses/license_http_support.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::test;

namespace {

ServerHarness::Options options(bool extensions = true)
{
    ServerHarness::Options o;
    o.dialect = currentDialect();
    o.extensions = extensions;
    return o;
}

QJsonObject data(const HttpReply &reply)
{
    return reply.object().value(u"data"_s).toObject();
}

QByteArray offlineFile(const QString &key, int device, std::int64_t createdAtMs)
{
    auto request = crypto::OfflineActivationRequest::create(key, deviceFingerprint(device), u"Offline box"_s,
                                                            u"Windows"_s, createdAtMs);
    return request ? request->toFileBytes() : QByteArray();
}

QJsonObject toObject(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

} // namespace

#define EXPECT_HTTP(reply, wantStatus, wantCode)                                                             \
    do {                                                                                                     \
        const HttpReply r_ = (reply);                                                                        \
        QVERIFY2(r_.status == (wantStatus),                                                                  \
                 qPrintable(u"%1 %2"_s.arg(r_.status).arg(QString::fromUtf8(r_.body))));                     \
        QCOMPARE(r_.errorCode(), QString::fromLatin1(wantCode));                                             \
    } while (false)

class TestLicenseHttpExtras : public QObject {
    Q_OBJECT

private slots:
    void twentyConcurrentRequests_data() { addDialectRows(); }
    void twentyConcurrentRequests();
    void versionsUpgradesPurchase_data() { addDialectRows(); }
    void versionsUpgradesPurchase();
    void offlineThroughEndpoint_data() { addDialectRows(); }
    void offlineThroughEndpoint();
    void offlineThroughCli_data() { addDialectRows(); }
    void offlineThroughCli();
    void extensionsOff_data() { addDialectRows(); }
    void extensionsOff();
    void rateLimitRules();
};

void TestLicenseHttpExtras::twentyConcurrentRequests()
{
    LICENSE_SERVER(server, options());
    const LicenseOwner owner = ownerWithLicense(server, u"owner@example.com"_s);
    QVERIFY(!owner.licenseKey.isEmpty());
    constexpr int kRequests = 20;
    // One manager per request: a manager keeps at most 6 connections per host,
    // and all 20 must be in flight at once.
    std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
    std::vector<QNetworkReply *> replies;
    for (int i = 0; i < kRequests; ++i) {
        managers.push_back(std::make_unique<QNetworkAccessManager>());
        QNetworkRequest request(server.baseUrl().resolved(QUrl(u"/api/licenses/activate"_s)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        const QByteArray body = QJsonDocument(activateBody(owner.licenseKey, 100 + i)).toJson();
        replies.push_back(managers.back()->post(request, body));
    }
    QEventLoop loop;
    int finished = 0;
    for (QNetworkReply *reply : replies)
        connect(reply, &QNetworkReply::finished, &loop, [&] {
            if (++finished == kRequests)
                loop.quit();
        });
    QTimer::singleShot(60'000, &loop, &QEventLoop::quit);
    loop.exec();
    QCOMPARE(finished, kRequests);
    int created = 0;
    int limited = 0;
    QStringList other;
    for (QNetworkReply *reply : replies) {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject body = toObject(reply->readAll());
        if (status == 201)
            ++created;
        else if (status == 403 && body.value(u"error"_s).toObject().value(u"code"_s).toString() ==
                                      "activation_limit_reached"_L1)
            ++limited;
        else
            other.append(QString::number(status) + u' ' + QString::fromUtf8(QJsonDocument(body).toJson()));
        reply->deleteLater();
    }
    QVERIFY2(other.isEmpty(), qPrintable(other.join(u'\n')));
    QCOMPARE(created, 3);
    QCOMPARE(limited, kRequests - 3);
    const HttpReply devices = server.get(u"/api/licenses/"_s + owner.licenseKey + u"/devices"_s);
    QCOMPARE(devices.object().value(u"current_activations"_s).toInt(), 3);
    QCOMPARE(devices.object().value(u"devices"_s).toArray().size(), 3);
    const HttpReply details = server.get(u"/api/licenses/"_s + owner.licenseKey);
    QCOMPARE(details.object().value(u"activations"_s).toArray().size(), 3); // no stray rows
}

void TestLicenseHttpExtras::versionsUpgradesPurchase()
{
    LICENSE_SERVER(server, options());
    const LicenseOwner owner = ownerWithLicense(server, u"owner@example.com"_s);
    const QString base = u"/api/licenses/"_s + owner.licenseKey;
    const HttpReply yes = server.get(base + u"/version-eligibility/1.4.2"_s);
    QCOMPARE(yes.status, 200);
    QCOMPARE(yes.object().value(u"requested_version"_s).toString(), u"1.4.2"_s);
    QCOMPARE(yes.object().value(u"is_eligible"_s).toBool(), true);
    QCOMPARE(yes.object().value(u"is_free"_s).toBool(), true);
    QCOMPARE(yes.object().value(u"requires_payment"_s).toBool(), false);
    const QJsonObject range = yes.object().value(u"current_eligible_range"_s).toObject();
    QCOMPARE(range.value(u"min"_s).toString(), u"1.0.0"_s);
    QCOMPARE(range.value(u"max"_s).toString(), u"1.99.99"_s);
    const HttpReply no = server.get(base + u"/version-eligibility/2.0.0"_s);
    QCOMPARE(no.object().value(u"is_eligible"_s).toBool(), false);
    QCOMPARE(no.object().value(u"requires_payment"_s).toBool(), true);
    EXPECT_HTTP(server.get(base + u"/version-eligibility/banana"_s), 400, "invalid_version");

    const HttpReply offers = server.get(base + u"/available-upgrades"_s);
    QCOMPARE(offers.status, 200);
    QCOMPARE(offers.object().value(u"current_version"_s).toString(), u"1.99.99"_s);
    const QJsonObject offer = offers.object().value(u"available_upgrades"_s).toArray().first().toObject();
    QCOMPARE(offer.value(u"toVersion"_s).toString(), u"2.0.0"_s);
    QCOMPARE(offer.value(u"upgradeType"_s).toString(), u"major"_s);
    QCOMPARE(offer.value(u"isFree"_s).toBool(), false);
    QCOMPARE(offer.value(u"price"_s).toDouble(), 99.0);

    const QString upgradePath = base + u"/upgrade"_s;
    const QJsonObject upgradeBody{{u"targetVersion"_s, u"2.0.0"_s}, {u"paymentIntentId"_s, u"pi_123"_s}};
    EXPECT_HTTP(server.post(upgradePath, upgradeBody), 401, "unauthorized");
    EXPECT_HTTP(server.post(upgradePath,
                            QJsonObject{{u"targetVersion"_s, u"1.5.0"_s}, {u"paymentIntentId"_s, u"pi"_s}},
                            owner.token),
                400, "validation_error");
    EXPECT_HTTP(server.post(upgradePath, QJsonObject{{u"targetVersion"_s, u"2.0.0"_s}}, owner.token), 400,
                "validation_error");
    EXPECT_HTTP(server.post(u"/api/licenses/REPHLO-2222-3333-4444-5555/upgrade"_s, upgradeBody, owner.token),
                404, "license_not_found");
    const HttpReply upgraded = server.post(upgradePath, upgradeBody, owner.token);
    QCOMPARE(upgraded.status, 201);
    const QJsonObject u = data(upgraded);
    QCOMPARE(u.value(u"license_id"_s).toString(), owner.licenseId);
    QCOMPARE(u.value(u"from_version"_s).toString(), u"1.99.99"_s);
    QCOMPARE(u.value(u"to_version"_s).toString(), u"2.0.0"_s);
    QCOMPARE(u.value(u"upgrade_price_usd"_s).toString(), u"99.00"_s);
    QCOMPARE(u.value(u"status"_s).toString(), u"pending"_s);
    QCOMPARE(u.value(u"pricing_breakdown"_s).toObject().value(u"basePrice"_s).toDouble(), 99.0);
    QCOMPARE(u.value(u"pricing_breakdown"_s).toObject().value(u"finalPrice"_s).toDouble(), 99.0);
    const HttpReply history = server.get(base + u"/upgrade-history"_s);
    QCOMPARE(history.status, 200);
    const QJsonArray h = history.object().value(u"upgrade_history"_s).toArray();
    QCOMPARE(h.size(), 1);
    QCOMPARE(h.first().toObject().value(u"upgrade_price_usd"_s).toString(), u"99.00"_s);
    QCOMPARE(server.get(base).object().value(u"version_upgrades"_s).toArray().size(), 1);

    // Purchase: the client's price is ignored; a new pending license.
    EXPECT_HTTP(server.post(u"/api/licenses/purchase"_s, QJsonObject{}), 401, "unauthorized");
    const HttpReply bought = server.post(
        u"/api/licenses/purchase"_s,
        QJsonObject{{u"purchasePrice"_s, 0.01}, {u"purchasedVersion"_s, u"2.3.0"_s}}, owner.token);
    QCOMPARE(bought.status, 201);
    const QJsonObject p = data(bought);
    QVERIFY(QRegularExpression(u"^REPHLO(-[2-9A-HJ-NP-Z]{4}){4}$"_s)
                .match(p.value(u"license_key"_s).toString())
                .hasMatch());
    QCOMPARE(p.value(u"status"_s).toString(), u"pending"_s);
    QCOMPARE(p.value(u"purchased_version"_s).toString(), u"2.3.0"_s);
    QCOMPARE(p.value(u"eligible_until_version"_s).toString(), u"2.99.99"_s);
    QCOMPARE(p.value(u"max_activations"_s).toInt(), 3);
    EXPECT_HTTP(
        server.post(u"/api/licenses/purchase"_s, QJsonObject{{u"purchasePrice"_s, u"abc"_s}}, owner.token),
        400, "validation_error");
    const HttpReply me = server.get(u"/api/licenses/me"_s, owner.token);
    QCOMPARE(data(me).value(u"licenseKey"_s).toString(), p.value(u"license_key"_s).toString());
}

void TestLicenseHttpExtras::offlineThroughEndpoint()
{
    LICENSE_SERVER(server, options());
    const LicenseOwner owner = ownerWithLicense(server, u"owner@example.com"_s);
    const LicenseOwner other = ownerWithLicense(server, u"other@example.com"_s);
    const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
    const QJsonObject request = toObject(offlineFile(owner.licenseKey, 1, now - kMsPerHour));
    const QString path = u"/api/licenses/offline-activate"_s;
    EXPECT_HTTP(server.post(path, request), 401, "unauthorized");
    EXPECT_HTTP(server.post(path, request, other.token), 404, "license_not_found");
    const HttpReply first = server.post(path, request, owner.token);
    QCOMPARE(first.status, 201);
    auto response = crypto::OfflineActivationResponse::fromJson(data(first));
    QVERIFY2(response.has_value(), qPrintable(QString::fromUtf8(first.body)));
    QCOMPARE(response->nonce, request.value(u"nonce"_s).toString());
    QCOMPARE(response->licenseId, owner.licenseId);
    QVERIFY(
        verifyWithPublishedKey(server, response->certificate, deviceFingerprint(1), owner.userId).isEmpty());
    // The replayed nonce gets the first response; the operator's service token works too.
    const HttpReply replay =
        server.post(path, request, {}, {{"x-service-token", server.serviceToken().toUtf8()}});
    QCOMPARE(replay.status, 200);
    QCOMPARE(data(replay), data(first));
    QJsonObject tampered = request;
    tampered.insert(u"device_name"_s, u"Another name"_s);
    EXPECT_HTTP(server.post(path, tampered, owner.token), 409, "conflict");
    EXPECT_HTTP(
        server.post(path, toObject(offlineFile(owner.licenseKey, 2, now - 8 * kMsPerDay)), owner.token), 400,
        "offline_request_expired");
    EXPECT_HTTP(server.post(path, toObject(offlineFile(owner.licenseKey, 2, now + kMsPerHour)), owner.token),
                400, "offline_request_expired");
    QJsonObject wrongFormat = request;
    wrongFormat.insert(u"format"_s, u"something-else"_s);
    EXPECT_HTTP(server.post(path, wrongFormat, owner.token), 400, "validation_error");
    const HttpReply devices = server.get(u"/api/licenses/"_s + owner.licenseKey + u"/devices"_s);
    QCOMPARE(devices.object().value(u"current_activations"_s).toInt(), 1);
}

void TestLicenseHttpExtras::offlineThroughCli()
{
    LICENSE_SERVER(server, options());
    const LicenseOwner owner = ownerWithLicense(server, u"owner@example.com"_s);
    const auto created = server.admin({u"create-license"_s, u"--email"_s, u"owner@example.com"_s,
                                       u"--max-activations"_s, u"5"_s, u"--byok-enabled"_s, u"false"_s});
    QCOMPARE(created.exitCode, 0);
    QCOMPARE(created.output.value(u"max_activations"_s).toInt(), 5);
    QCOMPARE(created.output.value(u"byok_enabled"_s).toBool(), false);
    QCOMPARE(created.output.value(u"status"_s).toString(), u"pending"_s);
    QCOMPARE(created.output.value(u"eligible_until_version"_s).toString(), u"1.99.99"_s);
    const QString key = created.output.value(u"license_key"_s).toString();
    QCOMPARE(server.admin({u"create-license"_s, u"--email"_s, u"nobody@example.com"_s}).exitCode, 2);

    QTemporaryDir dir;
    const QString in = dir.filePath(u"request.json"_s);
    const QString out = dir.filePath(u"response.json"_s);
    QFile file(in);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(offlineFile(key, 1, QDateTime::currentMSecsSinceEpoch()));
    file.close();
    const auto answered = server.admin({u"answer-offline-request"_s, in, out});
    QVERIFY2(answered.exitCode == 0, answered.standardError.constData());
    QCOMPARE(answered.output.value(u"out"_s).toString(), out);
    QFile written(out);
    QVERIFY(written.open(QIODevice::ReadOnly));
    auto response = crypto::OfflineActivationResponse::fromFileBytes(written.readAll());
    QVERIFY(response.has_value());
    QCOMPARE(response->activationId, answered.output.value(u"activation_id"_s).toString());
    QCOMPARE(response->licenseId, answered.output.value(u"license_id"_s).toString());
    QVERIFY(
        verifyWithPublishedKey(server, response->certificate, deviceFingerprint(1), owner.userId).isEmpty());
    // The same file again: the same answer, no second seat.
    const auto again = server.admin({u"answer-offline-request"_s, in, dir.filePath(u"again.json"_s)});
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(again.output.value(u"activation_id"_s).toString(), response->activationId);
    QCOMPARE(server.get(u"/api/licenses/"_s + key + u"/devices"_s)
                 .object()
                 .value(u"current_activations"_s)
                 .toInt(),
             1);
    QCOMPARE(server.admin({u"answer-offline-request"_s, dir.filePath(u"missing.json"_s), out}).exitCode, 2);
}

void TestLicenseHttpExtras::extensionsOff()
{
    LICENSE_SERVER(server, options(false));
    const LicenseOwner owner = ownerWithLicense(server, u"owner@example.com"_s);
    const HttpReply activated = server.post(u"/api/licenses/activate"_s, activateBody(owner.licenseKey, 1));
    QCOMPARE(activated.status, 201);
    QVERIFY(!data(activated).contains(u"certificate"_s));
    const QString seat = data(activated).value(u"activation_id"_s).toString();
    const HttpReply replaced = server.request("PATCH", u"/api/licenses/activations/"_s + seat + u"/replace"_s,
                                              owner.token, QJsonObject{{u"newDeviceInfo"_s, deviceJson(2)}});
    QCOMPARE(replaced.status, 200);
    QVERIFY(!data(replaced).contains(u"certificate"_s));
    QCOMPARE(
        server.get(u"/api/licenses/certificate?fingerprint="_s + deviceFingerprint(2), owner.token).status,
        404);
    QCOMPARE(server.get(u"/api/licenses/public-keys"_s).status, 404);
    QCOMPARE(server
                 .post(u"/api/licenses/offline-activate"_s,
                       toObject(offlineFile(owner.licenseKey, 3, QDateTime::currentMSecsSinceEpoch())),
                       owner.token)
                 .status,
             404);
}

// The rule names the licenses routes use exist in the server's table
// (api-contract §10.7): activate 10/license key, certificate 30/user.
void TestLicenseHttpExtras::rateLimitRules()
{
    ServerHarness::Options o;
    o.rateLimits = true;
    QString error;
    auto started = ServerHarness::start(o, &error);
    QVERIFY2(started, qPrintable(error));
    const ServerHarness &server = *started;
    const LicenseOwner owner = ownerWithLicense(server, u"owner@example.com"_s);
    for (int i = 0; i < 10; ++i)
        QVERIFY(server.post(u"/api/licenses/activate"_s, activateBody(owner.licenseKey, 1)).status < 300);
    const HttpReply limited = server.post(u"/api/licenses/activate"_s, activateBody(owner.licenseKey, 1));
    QCOMPARE(limited.status, 429);
    QCOMPARE(limited.errorCode(), u"rate_limit_exceeded"_s);
    QCOMPARE(limited.object()
                 .value(u"error"_s)
                 .toObject()
                 .value(u"details"_s)
                 .toObject()
                 .value(u"scope"_s)
                 .toString(),
             u"license_key"_s);
    const QString renew = u"/api/licenses/certificate?fingerprint="_s + deviceFingerprint(1);
    for (int i = 0; i < 30; ++i)
        QCOMPARE(server.get(renew, owner.token).status, 200);
    const HttpReply renewLimited = server.get(renew, owner.token);
    QCOMPARE(renewLimited.status, 429);
    QCOMPARE(renewLimited.object()
                 .value(u"error"_s)
                 .toObject()
                 .value(u"details"_s)
                 .toObject()
                 .value(u"scope"_s)
                 .toString(),
             u"user"_s);
}

QTEST_GUILESS_MAIN(TestLicenseHttpExtras)
#include "test_license_http_extras.moc"

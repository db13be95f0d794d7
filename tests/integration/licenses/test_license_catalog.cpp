// LicenseService and OfflineActivationService on SQLite and PostgreSQL:
// the caller's license, versions and upgrade pricing, certificate renewal,
// offline activation (round trip, replay, reuse, expiry), input validation
// (injection strings in every text field write nothing).
#include "core/crypto/activation_certificate.h"
#include "core/crypto/offline_activation.h"
#include "core/domain/license_rules.h"
#include "core/domain/utc_time.h"
#include "server/db/sql_values.h"
#include "server/licenses/license_offline.h"
#include "tests/integration/licenses/license_test_support.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::server;
using namespace creditdesk::server::test;

#define WORLD(var)                                                                                           \
    QFETCH(Dialect, dialect);                                                                                \
    CREDITDESK_REQUIRE_DIALECT(dialect);                                                                     \
    CREDITDESK_TRY(var##Ptr, LicenseWorld::create(dialect));                                                 \
    LicenseWorld &var = *var##Ptr

#define EXPECT_CODE(expr, expectedCode)                                                                      \
    do {                                                                                                     \
        const auto r_ = (expr);                                                                              \
        QVERIFY2(!r_.has_value(), "expected an error");                                                      \
        QCOMPARE(r_.error().code, QString::fromLatin1(expectedCode));                                        \
    } while (false)

class TestLicenseCatalog : public QObject {
    Q_OBJECT

private slots:
    void currentLicense_data() { addDialectRows(); }
    void currentLicense();
    void versionEligibility_data() { addDialectRows(); }
    void versionEligibility();
    void upgradePricing_data() { addDialectRows(); }
    void upgradePricing();
    void certificateRenewal_data() { addDialectRows(); }
    void certificateRenewal();
    void offlineRoundTrip_data() { addDialectRows(); }
    void offlineRoundTrip();
    void offlineRefusals_data() { addDialectRows(); }
    void offlineRefusals();
    void invalidInputWritesNothing_data() { addDialectRows(); }
    void invalidInputWritesNothing();
};

void TestLicenseCatalog::currentLicense()
{
    WORLD(w);
    CREDITDESK_TRY(user, w.addUser(u"owner@example.com"_s));
    CREDITDESK_TRY(none, w.service().currentLicense(user));
    QVERIFY(!none.has_value());
    CREDITDESK_TRY(older, w.addLicense(user));
    w.clock().advanceMs(kMsPerDay);
    CREDITDESK_TRY(newer, w.addLicense(user));
    CREDITDESK_VERIFY_OK(w.service().activate(newer.licenseKey, device(1), Principal{}));
    CREDITDESK_TRY(view, w.service().currentLicense(user));
    QVERIFY(view.has_value());
    QCOMPARE(view->license.id, newer.id);
    QCOMPARE(view->activeDevices, 1);
    QCOMPARE(view->license.status, LicenseStatus::Active);
    // A revoked newest license gives way to the older pending one.
    CREDITDESK_VERIFY_OK(w.service().setStatus(newer.licenseKey, LicenseStatus::Revoked));
    CREDITDESK_TRY(fallback, w.service().currentLicense(user));
    QCOMPARE(fallback->license.id, older.id);
    QCOMPARE(fallback->activeDevices, 0);
}

void TestLicenseCatalog::versionEligibility()
{
    WORLD(w);
    CREDITDESK_TRY(user, w.addUser(u"owner@example.com"_s));
    CREDITDESK_TRY(license, w.addLicense(user));
    // [LicVersion] bought 1.0.0
    const QList<QPair<QString, bool>> cases{{u"1.4.2"_s, true},         {u"1.100.0"_s, true},
                                            {u"0.9.0"_s, true},         {u"2.0.0"_s, false},
                                            {u"2.0.0-beta.1"_s, false}, {u"10.0.0"_s, false}};
    for (const auto &[version, expected] : cases) {
        CREDITDESK_TRY(e, w.service().versionEligibility(license.licenseKey, version, Principal{}));
        QCOMPARE(e.eligible, expected);
    }
    EXPECT_CODE(w.service().versionEligibility(license.licenseKey, u"1.2"_s, Principal{}), "invalid_version");
    EXPECT_CODE(w.service().versionEligibility(license.licenseKey, u"v1.2.3"_s, Principal{}),
                "invalid_version");
}

void TestLicenseCatalog::upgradePricing()
{
    WORLD(w);
    CREDITDESK_TRY(user, w.addUser(u"owner@example.com"_s));
    CREDITDESK_TRY(license, w.addLicense(user));
    const std::int64_t now = w.clock().nowMs();
    // No catalogue: the next major at full price.
    CREDITDESK_TRY(bare, w.service().availableUpgrades(license.licenseKey, Principal{}));
    QCOMPARE(bare.offers.size(), 1);
    QCOMPARE(bare.offers.first().toVersion, u"2.0.0"_s);
    QCOMPARE(bare.offers.first().fromVersion, u"1.99.99"_s);
    QCOMPARE(bare.offers.first().price.finalPrice.cents(), 9'900);

    CREDITDESK_VERIFY_OK(w.addRelease(u"1.5.0"_s, now - 400 * kMsPerDay));
    CREDITDESK_VERIFY_OK(w.addRelease(u"2.0.0"_s, now - 10 * kMsPerDay)); // early bird
    CREDITDESK_VERIFY_OK(w.addRelease(u"2.1.0"_s, now - 5 * kMsPerDay));
    CREDITDESK_VERIFY_OK(w.addRelease(u"3.0.0"_s, now - 200 * kMsPerDay)); // too old for early bird
    CREDITDESK_TRY(offers, w.service().availableUpgrades(license.licenseKey, Principal{}));
    QCOMPARE(offers.offers.size(), 2);
    QCOMPARE(offers.offers.at(0).toVersion, u"2.0.0"_s);
    QCOMPARE(offers.offers.at(0).price.finalPrice.cents(), 7'920);
    QCOMPARE(offers.offers.at(0).price.reason, UpgradeDiscount::EarlyBird);
    QCOMPARE(offers.offers.at(1).toVersion, u"3.0.0"_s);
    QCOMPARE(offers.offers.at(1).price.finalPrice.cents(), 9'900);

    EXPECT_CODE(w.service().purchaseUpgrade(license.licenseKey, u"1.5.0"_s, u"pi_1"_s, user),
                "validation_error");
    EXPECT_CODE(w.service().purchaseUpgrade(license.licenseKey, u"two"_s, u"pi_1"_s, user),
                "validation_error");
    CREDITDESK_TRY(early, w.service().purchaseUpgrade(license.licenseKey, u"2.1.0"_s, u"pi_1"_s, user));
    QCOMPARE(early.upgrade.fromVersion, u"1.99.99"_s);
    QCOMPARE(early.upgrade.toVersion, u"2.1.0"_s);
    QCOMPARE(early.upgrade.status, u"pending"_s);
    QCOMPARE(early.price.earlyBirdDiscount.cents(), 1'980);
    QCOMPARE(early.upgrade.upgradePrice.cents(), 7'920);
    w.clock().advanceMs(kMsPerMinute);
    CREDITDESK_TRY(full, w.service().purchaseUpgrade(license.licenseKey, u"3.0.0"_s, u"pi_2"_s, user));
    QCOMPARE(full.upgrade.upgradePrice.cents(), 9'900);
    QCOMPARE(full.price.reason, UpgradeDiscount::None);

    // Loyalty after a completed upgrade beats early bird: 6,930.
    CREDITDESK_VERIFY_OK(w.exec(u"UPDATE version_upgrade SET status = "_s +
                                    sqlv::enumParam(w.db(), u"upgrade_status"_s) + u" WHERE id = ?"_s,
                                {u"completed"_s, sqlv::uuid(w.db(), early.upgrade.id)}));
    w.clock().advanceMs(kMsPerMinute);
    CREDITDESK_TRY(loyal, w.service().purchaseUpgrade(license.licenseKey, u"2.0.0"_s, u"pi_3"_s, user));
    QCOMPARE(loyal.upgrade.upgradePrice.cents(), 6'930);
    QCOMPARE(loyal.price.reason, UpgradeDiscount::Loyalty);

    CREDITDESK_TRY(history, w.service().details(license.licenseKey, Principal{}));
    QCOMPARE(history.upgrades.size(), 3);
    QCOMPARE(history.upgrades.first().id, loyal.upgrade.id); // newest first
}

void TestLicenseCatalog::certificateRenewal()
{
    WORLD(w);
    CREDITDESK_TRY(user, w.addUser(u"owner@example.com"_s));
    CREDITDESK_TRY(license, w.addLicense(user));
    CREDITDESK_TRY(seat, w.service().activate(license.licenseKey, device(1), Principal{}));
    w.clock().advanceMs(20 * kMsPerDay);
    CREDITDESK_TRY(renewal, w.service().renewCertificate(user, fingerprint(1)));
    QCOMPARE(renewal.activationId, seat.activation.id);
    QCOMPARE(renewal.licenseId, license.id);
    CREDITDESK_TRY(payload, crypto::verifyCertificate(renewal.certificate, {w.key().publicKey()}));
    QCOMPARE(payload.issuedAtMs, w.clock().nowMs());
    QCOMPARE(payload.validUntilMs, w.clock().nowMs() + 30 * kMsPerDay);
    CREDITDESK_TRY(touched, w.service().repository().findActivation(seat.activation.id));
    QCOMPARE(touched.value().lastSeenAtMs, w.clock().nowMs());
    EXPECT_CODE(w.service().renewCertificate(user, fingerprint(2)), "activation_not_found");
    EXPECT_CODE(w.service().renewCertificate(user, QString()), "validation_error");
    CREDITDESK_VERIFY_OK(w.service().deactivate(seat.activation.id, user));
    EXPECT_CODE(w.service().renewCertificate(user, fingerprint(1)), "activation_not_found");
}

void TestLicenseCatalog::offlineRoundTrip()
{
    WORLD(w);
    CREDITDESK_TRY(user, w.addUser(u"owner@example.com"_s));
    CREDITDESK_TRY(license, w.addLicense(user));
    CREDITDESK_TRY(request, crypto::OfflineActivationRequest::create(license.licenseKey, fingerprint(7),
                                                                     u"Air-gapped"_s, u"Windows"_s,
                                                                     w.clock().nowMs() - kMsPerDay));
    // Through the file form, as the app writes it.
    CREDITDESK_TRY(reread, crypto::OfflineActivationRequest::fromFileBytes(request.toFileBytes()));
    OfflineActivationService offline(w.env(), w.db());
    CREDITDESK_TRY(first, offline.answer(reread, userPrincipal(user)));
    QVERIFY(first.isNew);
    QVERIFY(!first.replayed);
    QCOMPARE(first.response.nonce, request.nonce);
    QCOMPARE(first.response.licenseId, license.id);
    CREDITDESK_TRY(payload, crypto::verifyCertificate(first.response.certificate, {w.key().publicKey()}));
    QCOMPARE(payload.machineFingerprint, fingerprint(7));
    QCOMPARE(payload.userId, user);
    CREDITDESK_TRY(seat, w.service().repository().findActivation(first.response.activationId));
    QCOMPARE(seat.value().deviceName, u"Air-gapped"_s);

    // A replayed nonce gets the first response, byte for byte, and takes nothing.
    w.clock().advanceMs(kMsPerHour);
    CREDITDESK_TRY(again, offline.answer(request, Principal{}));
    QVERIFY(again.replayed);
    QVERIFY(!again.isNew);
    QCOMPARE(again.response.toJson(), first.response.toJson());
    CREDITDESK_TRY(stored, countRows(w.db(), u"license_offline_request"_s));
    QCOMPARE(stored, 1);
    CREDITDESK_TRY(active, w.service().repository().countActiveActivations(license.id));
    QCOMPARE(active, 1);
    // Works with extensions off too (the CLI path): a certificate is always issued.
    w.env().extensionsEnabled = false;
    CREDITDESK_TRY(other, crypto::OfflineActivationRequest::create(license.licenseKey, fingerprint(8), {}, {},
                                                                   w.clock().nowMs()));
    CREDITDESK_TRY(cli, offline.answer(other, Principal{}));
    QVERIFY(!cli.response.certificate.isEmpty());
}

void TestLicenseCatalog::offlineRefusals()
{
    WORLD(w);
    CREDITDESK_TRY(owner, w.addUser(u"owner@example.com"_s));
    CREDITDESK_TRY(other, w.addUser(u"other@example.com"_s));
    CREDITDESK_TRY(license, w.addLicense(owner));
    OfflineActivationService offline(w.env(), w.db());
    const std::int64_t now = w.clock().nowMs();
    CREDITDESK_TRY(old, crypto::OfflineActivationRequest::create(license.licenseKey, fingerprint(1), {}, {},
                                                                 now - 7 * kMsPerDay - 1));
    EXPECT_CODE(offline.answer(old, Principal{}), "offline_request_expired");
    CREDITDESK_TRY(ahead, crypto::OfflineActivationRequest::create(license.licenseKey, fingerprint(1), {}, {},
                                                                   now + 5 * kMsPerMinute + 1));
    EXPECT_CODE(offline.answer(ahead, Principal{}), "offline_request_expired");
    CREDITDESK_TRY(edge, crypto::OfflineActivationRequest::create(license.licenseKey, fingerprint(1), {}, {},
                                                                  now - 7 * kMsPerDay));
    CREDITDESK_VERIFY_OK(offline.answer(edge, Principal{}));

    CREDITDESK_TRY(fresh,
                   crypto::OfflineActivationRequest::create(license.licenseKey, fingerprint(2), {}, {}, now));
    EXPECT_CODE(offline.answer(fresh, userPrincipal(other)), "license_not_found");
    // The same nonce with other content: 409, and nothing taken.
    crypto::OfflineActivationRequest tampered = edge;
    tampered.machineFingerprint = fingerprint(3);
    EXPECT_CODE(offline.answer(tampered, Principal{}), "conflict");
    crypto::OfflineActivationRequest badKey = fresh;
    badKey.licenseKey = u"REPHLO-' OR 1=1 --"_s;
    EXPECT_CODE(offline.answer(badKey, Principal{}), "validation_error");
    crypto::OfflineActivationRequest badFp = fresh;
    badFp.machineFingerprint = u"'; DROP TABLE license_offline_request; --"_s;
    EXPECT_CODE(offline.answer(badFp, Principal{}), "validation_error");
    CREDITDESK_TRY(seats, w.service().repository().countActiveActivations(license.id));
    QCOMPARE(seats, 1);
    // Activation errors pass through.
    CREDITDESK_VERIFY_OK(w.service().setStatus(license.licenseKey, LicenseStatus::Suspended));
    EXPECT_CODE(offline.answer(fresh, Principal{}), "license_suspended");
    // A file that is not a v1 request.
    QJsonObject json = fresh.toJson();
    json.insert(u"format"_s, u"creditdesk.offline-request.v9"_s);
    EXPECT_CODE(OfflineActivationService::parseRequest(json), "validation_error");
    json.remove(u"format"_s);
    EXPECT_CODE(OfflineActivationService::parseRequest(json), "validation_error");
}

void TestLicenseCatalog::invalidInputWritesNothing()
{
    WORLD(w);
    CREDITDESK_TRY(user, w.addUser(u"owner@example.com"_s));
    CREDITDESK_TRY(license, w.addLicense(user));
    const QStringList injections{u"'; DROP TABLE license_activation; --"_s, u"\" OR \"1\"=\"1"_s,
                                 u"REPHLO-AAAA-BBBB-CCCC-DDDD' OR '1'='1"_s, u"x\u0000y"_s,
                                 u"\u001b[31mred"_s};
    for (const QString &evil : injections) {
        EXPECT_CODE(w.service().activate(evil, device(1), Principal{}), "validation_error");
        DeviceInfo d = device(1);
        d.fingerprint = evil;
        EXPECT_CODE(w.service().activate(license.licenseKey, d, Principal{}), "validation_error");
        d = device(1);
        d.osType = evil;
        EXPECT_CODE(w.service().activate(license.licenseKey, d, Principal{}), "validation_error");
        d = device(1);
        d.osVersion = evil;
        EXPECT_CODE(w.service().activate(license.licenseKey, d, Principal{}), "validation_error");
        EXPECT_CODE(w.service().versionEligibility(license.licenseKey, evil, Principal{}), "invalid_version");
        EXPECT_CODE(w.service().renewCertificate(user, evil), "validation_error");
        EXPECT_CODE(w.service().deactivate(evil, user), "activation_not_found");
    }
    DeviceInfo longName = device(1);
    longName.deviceName = QString(256, u'x');
    EXPECT_CODE(w.service().activate(license.licenseKey, longName, Principal{}), "validation_error");
    DeviceInfo control = device(1);
    control.deviceName = u"name\u0000with nul"_s;
    EXPECT_CODE(w.service().activate(license.licenseKey, control, Principal{}), "validation_error");
    CREDITDESK_TRY(rows, countRows(w.db(), u"license_activation"_s));
    QCOMPARE(rows, 0);
    CREDITDESK_TRY(stored, w.service().repository().findLicenseById(license.id));
    QCOMPARE(stored->status, LicenseStatus::Pending);
    // Free text is stored verbatim, bound, never spliced into SQL.
    DeviceInfo quoted = device(1, u"Bob's PC'); DELETE FROM perpetual_license; --"_s);
    CREDITDESK_TRY(ok, w.service().activate(license.licenseKey, quoted, Principal{}));
    CREDITDESK_TRY(seat, w.service().repository().findActivation(ok.activation.id));
    QCOMPARE(seat->deviceName, quoted.deviceName);
    CREDITDESK_TRY(licenses, countRows(w.db(), u"perpetual_license"_s));
    QCOMPARE(licenses, 1);
}

QTEST_GUILESS_MAIN(TestLicenseCatalog)
#include "test_license_catalog.moc"

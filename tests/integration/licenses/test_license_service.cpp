// LicenseService on SQLite and PostgreSQL: activation, seats, replace, the
// atomic device limit under 20 concurrent activations, certificates.
// (Input validation: test_license_catalog.)
#include "core/crypto/activation_certificate.h"
#include "core/domain/license_rules.h"
#include "core/domain/utc_time.h"
#include "server/db/sql_values.h"
#include "tests/integration/licenses/license_test_support.h"

#include <QJsonArray>
#include <QtTest>

#include <atomic>
#include <latch>
#include <thread>
#include <vector>

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

class TestLicenseService : public QObject {
    Q_OBJECT

private slots:
    void purchaseCreatesPendingLicense_data() { addDialectRows(); }
    void purchaseCreatesPendingLicense();
    void activateTakesSeatAndSignsCertificate_data() { addDialectRows(); }
    void activateTakesSeatAndSignsCertificate();
    void activeFingerprintUsesNoSeat_data() { addDialectRows(); }
    void activeFingerprintUsesNoSeat();
    void limitReachedListsSeatsStalestFirst_data() { addDialectRows(); }
    void limitReachedListsSeatsStalestFirst();
    void deactivateThenReactivateReusesRow_data() { addDialectRows(); }
    void deactivateThenReactivateReusesRow();
    void deactivateErrors_data() { addDialectRows(); }
    void deactivateErrors();
    void replaceIsAtomic_data() { addDialectRows(); }
    void replaceIsAtomic();
    void replaceErrors_data() { addDialectRows(); }
    void replaceErrors();
    void licenseStatusRefusesActivation_data() { addDialectRows(); }
    void licenseStatusRefusesActivation();
    void otherUserGetsNotFound_data() { addDialectRows(); }
    void otherUserGetsNotFound();
    void twentyConcurrentActivations_data() { addDialectRows(); }
    void twentyConcurrentActivations();
    void extensionsOffIssueNoCertificate_data() { addDialectRows(); }
    void extensionsOffIssueNoCertificate();
};

void TestLicenseService::purchaseCreatesPendingLicense()
{
    WORLD(w);
    CREDITDESK_TRY(user, w.addUser(u"buyer@example.com"_s));
    CREDITDESK_TRY(license, w.addLicense(user));
    QVERIFY(normalizeLicenseKey(license.licenseKey).has_value());
    QCOMPARE(normalizeLicenseKey(license.licenseKey).value(), license.licenseKey);
    QCOMPARE(license.status, LicenseStatus::Pending);
    QCOMPARE(license.maxActivations, 3);
    QCOMPARE(license.purchasedVersion, u"1.0.0"_s);
    QCOMPARE(license.eligibleUntilVersion, u"1.99.99"_s);
    QCOMPARE(license.purchasePrice.cents(), 19'900);
    CREDITDESK_TRY(stored, w.service().repository().findLicenseByKey(license.licenseKey));
    QVERIFY(stored.has_value());
    QCOMPARE(stored->id, license.id);
    QCOMPARE(stored->purchasedAtMs, w.clock().nowMs());
    CREDITDESK_TRY(version, w.scalar(u"SELECT license_version FROM user_sync_state WHERE user_id = ?"_s,
                                     {sqlv::uuid(w.db(), user)}));
    QCOMPARE(version, 1);
    // Every key is fresh.
    CREDITDESK_TRY(second, w.addLicense(user));
    QVERIFY(second.licenseKey != license.licenseKey);
}

void TestLicenseService::activateTakesSeatAndSignsCertificate()
{
    WORLD(w);
    CREDITDESK_TRY(user, w.addUser(u"owner@example.com"_s));
    CREDITDESK_TRY(license, w.addLicense(user));
    // Clients may send the key in lower case with spaces (trimmed, upper-cased).
    const QString sloppyKey = u"  "_s + license.licenseKey.toLower() + u" "_s;
    CREDITDESK_TRY(result, w.service().activate(sloppyKey, device(1), Principal{}));
    QVERIFY(result.isNew);
    QCOMPARE(result.activation.fingerprint, fingerprint(1));
    QCOMPARE(result.activation.status, ActivationStatus::Active);
    QCOMPARE(result.license.status, LicenseStatus::Active);
    CREDITDESK_TRY(stored, w.service().repository().findLicenseById(license.id));
    QCOMPARE(stored->status, LicenseStatus::Active);
    QCOMPARE(stored->currentActivations, 1);
    QCOMPARE(stored->activatedAtMs.value(), w.clock().nowMs());

    const auto payload = crypto::verifyCertificate(result.certificate, {w.key().publicKey()});
    QVERIFY2(payload.has_value(), qPrintable(payload ? QString() : payload.error().message));
    QCOMPARE(payload->licenseId, license.id);
    QCOMPARE(payload->userId, user);
    QCOMPARE(payload->machineFingerprint, fingerprint(1));
    QCOMPARE(payload->licenseKeySha256, crypto::licenseKeySha256(license.licenseKey));
    QCOMPARE(payload->tier, u"perpetual"_s);
    QCOMPARE(payload->byokEnabled, true);
    QCOMPARE(payload->eligibleMajorVersion, 1);
    QCOMPARE(payload->issuedAtMs, w.clock().nowMs());
    QCOMPARE(payload->validUntilMs, w.clock().nowMs() + 30 * kMsPerDay);
    QCOMPARE(result.certificate.value(u"key_id"_s).toString(), w.key().publicKey().keyId());
}

void TestLicenseService::activeFingerprintUsesNoSeat()
{
    WORLD(w);
    CREDITDESK_TRY(user, w.addUser(u"owner@example.com"_s));
    CREDITDESK_TRY(license, w.addLicense(user));
    CREDITDESK_TRY(first, w.service().activate(license.licenseKey, device(1), Principal{}));
    w.clock().advanceMs(kMsPerHour);
    CREDITDESK_TRY(again, w.service().activate(license.licenseKey, device(1), userPrincipal(user)));
    QVERIFY(!again.isNew);
    QCOMPARE(again.activation.id, first.activation.id);
    QCOMPARE(again.activation.activatedAtMs, first.activation.activatedAtMs);
    CREDITDESK_TRY(seat, w.service().repository().findActivation(first.activation.id));
    QCOMPARE(seat->lastSeenAtMs, w.clock().nowMs());
    CREDITDESK_TRY(count, w.service().repository().countActiveActivations(license.id));
    QCOMPARE(count, 1);
    QVERIFY(!again.certificate.isEmpty());
}

void TestLicenseService::limitReachedListsSeatsStalestFirst()
{
    WORLD(w);
    CREDITDESK_TRY(user, w.addUser(u"owner@example.com"_s));
    CREDITDESK_TRY(license, w.addLicense(user));
    QStringList ids;
    for (int n = 1; n <= 3; ++n) {
        CREDITDESK_TRY(r, w.service().activate(license.licenseKey, device(n), Principal{}));
        ids.append(r.activation.id);
        w.clock().advanceMs(kMsPerMinute);
    }
    // Device 1 checks in again: device 2 is now the stalest.
    CREDITDESK_VERIFY_OK(w.service().activate(license.licenseKey, device(1), Principal{}));
    const auto refused = w.service().activate(license.licenseKey, device(4), Principal{});
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, u"activation_limit_reached"_s);
    QCOMPARE(refused.error().details.value(u"max_activations"_s).toInt(), 3);
    const QJsonArray devices = refused.error().details.value(u"devices"_s).toArray();
    QCOMPARE(devices.size(), 3);
    QCOMPARE(devices.at(0).toObject().value(u"activation_id"_s).toString(), ids.at(1));
    QCOMPARE(devices.at(1).toObject().value(u"activation_id"_s).toString(), ids.at(2));
    QCOMPARE(devices.at(2).toObject().value(u"activation_id"_s).toString(), ids.at(0));
    const QJsonObject stalest = devices.at(0).toObject();
    QCOMPARE(stalest.value(u"device_name"_s).toString(), u"Device 2"_s);
    QCOMPARE(stalest.value(u"os_type"_s).toString(), u"Linux"_s);
    QVERIFY(parseIsoUtc(stalest.value(u"last_seen_at"_s).toString()).has_value());
    QVERIFY(parseIsoUtc(stalest.value(u"activated_at"_s).toString()).has_value());
    CREDITDESK_TRY(rows, countRows(w.db(), u"license_activation"_s));
    QCOMPARE(rows, 3);
}

void TestLicenseService::deactivateThenReactivateReusesRow()
{
    WORLD(w);
    CREDITDESK_TRY(user, w.addUser(u"owner@example.com"_s));
    CREDITDESK_TRY(license, w.addLicense(user));
    CREDITDESK_TRY(first, w.service().activate(license.licenseKey, device(1), Principal{}));
    CREDITDESK_VERIFY_OK(w.service().deactivate(first.activation.id, user));
    CREDITDESK_TRY(gone, w.service().repository().findActivation(first.activation.id));
    QCOMPARE(gone->status, ActivationStatus::Deactivated);
    QVERIFY(gone->deactivatedAtMs.has_value());
    CREDITDESK_TRY(freed, w.service().repository().findLicenseById(license.id));
    QCOMPARE(freed->currentActivations, 0);
    QCOMPARE(freed->status, LicenseStatus::Active); // stays active without devices

    w.clock().advanceMs(kMsPerDay);
    CREDITDESK_TRY(again, w.service().activate(license.licenseKey, device(1, u"Renamed"_s), Principal{}));
    QVERIFY(again.isNew);                               // a seat was taken again (201) ...
    QCOMPARE(again.activation.id, first.activation.id); // ... on the same row
    QCOMPARE(again.activation.activatedAtMs, w.clock().nowMs());
    CREDITDESK_TRY(rows, countRows(w.db(), u"license_activation"_s));
    QCOMPARE(rows, 1);
    CREDITDESK_TRY(back, w.service().repository().findActivation(first.activation.id));
    QCOMPARE(back->status, ActivationStatus::Active);
    QCOMPARE(back->deviceName, u"Renamed"_s);
    QVERIFY(!back->deactivatedAtMs.has_value());
}

void TestLicenseService::deactivateErrors()
{
    WORLD(w);
    CREDITDESK_TRY(owner, w.addUser(u"owner@example.com"_s));
    CREDITDESK_TRY(other, w.addUser(u"other@example.com"_s));
    CREDITDESK_TRY(license, w.addLicense(owner));
    CREDITDESK_TRY(seat, w.service().activate(license.licenseKey, device(1), Principal{}));
    EXPECT_CODE(w.service().deactivate(sqlv::newUuid(), owner), "activation_not_found");
    EXPECT_CODE(w.service().deactivate(u"not-a-uuid'; DROP TABLE users; --"_s, owner),
                "activation_not_found");
    EXPECT_CODE(w.service().deactivate(seat.activation.id, other), "activation_not_found");
    CREDITDESK_VERIFY_OK(w.service().deactivate(seat.activation.id.toUpper(), owner));
    const auto twice = w.service().deactivate(seat.activation.id, owner);
    QVERIFY(!twice);
    QCOMPARE(twice.error().code, u"validation_error"_s);
    QCOMPARE(twice.error().details.value(u"id"_s).toString(), u"activation_not_active"_s);
}

void TestLicenseService::replaceIsAtomic()
{
    WORLD(w);
    CREDITDESK_TRY(user, w.addUser(u"owner@example.com"_s));
    CREDITDESK_TRY(license, w.addLicense(user));
    QString oldId;
    for (int n = 1; n <= 3; ++n) {
        CREDITDESK_TRY(r, w.service().activate(license.licenseKey, device(n), Principal{}));
        if (n == 2)
            oldId = r.activation.id;
    }
    w.clock().advanceMs(kMsPerHour);
    // Full license: replacing works where activating a fourth device would not.
    CREDITDESK_TRY(replaced, w.service().replace(oldId, device(9), user));
    QVERIFY(replaced.activation.id != oldId);
    QCOMPARE(replaced.activation.fingerprint, fingerprint(9));
    QCOMPARE(replaced.activation.activatedAtMs, w.clock().nowMs());
    QVERIFY(crypto::verifyCertificate(replaced.certificate, {w.key().publicKey()}).has_value());
    CREDITDESK_TRY(old, w.service().repository().findActivation(oldId));
    QCOMPARE(old->status, ActivationStatus::Replaced);
    QCOMPARE(old->replacedById, replaced.activation.id);
    QVERIFY(old->deactivatedAtMs.has_value());
    CREDITDESK_TRY(count, w.service().repository().countActiveActivations(license.id));
    QCOMPARE(count, 3);
    CREDITDESK_TRY(stored, w.service().repository().findLicenseById(license.id));
    QCOMPARE(stored->currentActivations, 3);
    // The replaced device may come back in place of the new one, reusing its row.
    CREDITDESK_TRY(back, w.service().replace(replaced.activation.id, device(2), user));
    QCOMPARE(back.activation.id, oldId);
    CREDITDESK_TRY(rows, countRows(w.db(), u"license_activation"_s));
    QCOMPARE(rows, 4);
}

void TestLicenseService::replaceErrors()
{
    WORLD(w);
    CREDITDESK_TRY(owner, w.addUser(u"owner@example.com"_s));
    CREDITDESK_TRY(other, w.addUser(u"other@example.com"_s));
    CREDITDESK_TRY(license, w.addLicense(owner));
    CREDITDESK_TRY(a, w.service().activate(license.licenseKey, device(1), Principal{}));
    CREDITDESK_TRY(b, w.service().activate(license.licenseKey, device(2), Principal{}));
    // The new fingerprint already holds a seat (also: the old one itself).
    EXPECT_CODE(w.service().replace(a.activation.id, device(2), owner), "conflict");
    EXPECT_CODE(w.service().replace(a.activation.id, device(1), owner), "conflict");
    EXPECT_CODE(w.service().replace(a.activation.id, device(3), other), "activation_not_found");
    EXPECT_CODE(w.service().replace(sqlv::newUuid(), device(3), owner), "activation_not_found");
    DeviceInfo bad = device(3);
    bad.fingerprint = u"ABC"_s;
    EXPECT_CODE(w.service().replace(a.activation.id, bad, owner), "validation_error");
    CREDITDESK_VERIFY_OK(w.service().deactivate(b.activation.id, owner));
    EXPECT_CODE(w.service().replace(b.activation.id, device(3), owner), "validation_error");
    CREDITDESK_VERIFY_OK(w.service().setStatus(license.licenseKey, LicenseStatus::Suspended));
    EXPECT_CODE(w.service().replace(a.activation.id, device(3), owner), "license_suspended");
    // Nothing changed by the refusals.
    CREDITDESK_TRY(seat, w.service().repository().findActivation(a.activation.id));
    QCOMPARE(seat->status, ActivationStatus::Active);
    CREDITDESK_TRY(rows, countRows(w.db(), u"license_activation"_s));
    QCOMPARE(rows, 2);
}

void TestLicenseService::licenseStatusRefusesActivation()
{
    WORLD(w);
    CREDITDESK_TRY(user, w.addUser(u"owner@example.com"_s));
    CREDITDESK_TRY(suspended, w.addLicense(user));
    CREDITDESK_TRY(seat, w.service().activate(suspended.licenseKey, device(1), Principal{}));
    CREDITDESK_VERIFY_OK(w.service().setStatus(suspended.licenseKey, LicenseStatus::Suspended));
    EXPECT_CODE(w.service().activate(suspended.licenseKey, device(2), Principal{}), "license_suspended");
    // Even a device that holds a seat is refused while suspended.
    EXPECT_CODE(w.service().activate(suspended.licenseKey, device(1), Principal{}), "license_suspended");
    EXPECT_CODE(w.service().renewCertificate(user, fingerprint(1)), "license_suspended");

    CREDITDESK_TRY(revoked, w.addLicense(user));
    CREDITDESK_VERIFY_OK(w.service().activate(revoked.licenseKey, device(1), Principal{}));
    CREDITDESK_TRY(after, w.service().setStatus(revoked.licenseKey, LicenseStatus::Revoked));
    QCOMPARE(after.currentActivations, 0); // revoking frees every seat
    EXPECT_CODE(w.service().activate(revoked.licenseKey, device(1), Principal{}), "license_revoked");
    EXPECT_CODE(w.service().setStatus(revoked.licenseKey, LicenseStatus::Active), "invalid_transition");

    CREDITDESK_TRY(expired, w.addLicense(user));
    CREDITDESK_VERIFY_OK(
        w.exec(u"UPDATE perpetual_license SET expires_at = ? WHERE id = ?"_s,
               {sqlv::timestamp(w.db(), w.clock().nowMs() - 1), sqlv::uuid(w.db(), expired.id)}));
    EXPECT_CODE(w.service().activate(expired.licenseKey, device(1), Principal{}), "license_expired");
    CREDITDESK_TRY(stillPending, w.service().repository().findLicenseById(expired.id));
    QCOMPARE(stillPending->status, LicenseStatus::Pending);
    Q_UNUSED(seat);
}

void TestLicenseService::otherUserGetsNotFound()
{
    WORLD(w);
    CREDITDESK_TRY(owner, w.addUser(u"owner@example.com"_s));
    CREDITDESK_TRY(other, w.addUser(u"other@example.com"_s));
    CREDITDESK_TRY(license, w.addLicense(owner));
    const Principal stranger = userPrincipal(other);
    EXPECT_CODE(w.service().activate(license.licenseKey, device(1), stranger), "license_not_found");
    EXPECT_CODE(w.service().details(license.licenseKey, stranger), "license_not_found");
    EXPECT_CODE(w.service().devices(license.licenseKey, stranger), "license_not_found");
    EXPECT_CODE(w.service().versionEligibility(license.licenseKey, u"1.2.0"_s, stranger),
                "license_not_found");
    EXPECT_CODE(w.service().availableUpgrades(license.licenseKey, stranger), "license_not_found");
    EXPECT_CODE(w.service().purchaseUpgrade(license.licenseKey, u"2.0.0"_s, u"pi_1"_s, other),
                "license_not_found");
    CREDITDESK_VERIFY_OK(w.service().activate(license.licenseKey, device(1), userPrincipal(owner)));
    EXPECT_CODE(w.service().renewCertificate(other, fingerprint(1)), "activation_not_found");
    CREDITDESK_TRY(none, w.service().currentLicense(other));
    QVERIFY(!none.has_value());
    // Anonymous and the owner read by key.
    CREDITDESK_VERIFY_OK(w.service().details(license.licenseKey, Principal{}));
    CREDITDESK_VERIFY_OK(w.service().details(license.licenseKey, userPrincipal(owner)));
    // A malformed or unknown key names no license.
    EXPECT_CODE(w.service().details(u"REPHLO-0000-1111-IIII-OOOO"_s, Principal{}), "license_not_found");
    EXPECT_CODE(w.service().details(u"REPHLO-2222-3333-4444-5555"_s, Principal{}), "license_not_found");
}

void TestLicenseService::twentyConcurrentActivations()
{
    WORLD(w);
    CREDITDESK_TRY(user, w.addUser(u"owner@example.com"_s));
    CREDITDESK_TRY(license, w.addLicense(user, 3));
    const auto config = parseDatabaseUrl(w.database().url());
    QVERIFY(config.has_value());
    constexpr int kThreads = 20;
    std::latch start(kThreads);
    std::atomic<int> succeeded = 0;
    std::atomic<int> refused = 0;
    QStringList unexpected;
    QMutex unexpectedLock;
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            auto connection = Connection::open(*config, u"concurrent-activation-%1"_s.arg(i));
            start.arrive_and_wait();
            if (!connection) {
                QMutexLocker locker(&unexpectedLock);
                unexpected.append(connection.error().message);
                return;
            }
            LicenseService service(w.env(), *connection);
            const auto result = service.activate(license.licenseKey, device(100 + i), Principal{});
            if (result)
                ++succeeded;
            else if (result.error().code == "activation_limit_reached"_L1)
                ++refused;
            else {
                QMutexLocker locker(&unexpectedLock);
                unexpected.append(result.error().code + u": "_s + result.error().message);
            }
        });
    }
    for (std::thread &t : threads)
        t.join();
    QVERIFY2(unexpected.isEmpty(), qPrintable(unexpected.join(u'\n')));
    QCOMPARE(succeeded.load(), 3);
    QCOMPARE(refused.load(), kThreads - 3);
    CREDITDESK_TRY(active, w.service().repository().countActiveActivations(license.id));
    QCOMPARE(active, 3);
    CREDITDESK_TRY(stored, w.service().repository().findLicenseById(license.id));
    QCOMPARE(stored->currentActivations, 3);
    CREDITDESK_TRY(rows, countRows(w.db(), u"license_activation"_s));
    QCOMPARE(rows, 3);
}

void TestLicenseService::extensionsOffIssueNoCertificate()
{
    WORLD(w);
    w.env().extensionsEnabled = false;
    CREDITDESK_TRY(user, w.addUser(u"owner@example.com"_s));
    CREDITDESK_TRY(license, w.addLicense(user));
    CREDITDESK_TRY(result, w.service().activate(license.licenseKey, device(1), Principal{}));
    QVERIFY(result.certificate.isEmpty());
    CREDITDESK_TRY(replaced, w.service().replace(result.activation.id, device(2), user));
    QVERIFY(replaced.certificate.isEmpty());
}

QTEST_GUILESS_MAIN(TestLicenseService)
#include "test_license_service.moc"

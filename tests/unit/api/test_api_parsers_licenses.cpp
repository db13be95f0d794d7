// The typed response parsers of licenses, coupons, sync state and health
// (api-contract §3, §8–§10) with the contract's shapes and hostile variants.
#include "tests/unit/api/parser_test_util.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::api;
using namespace creditdesk::test;

namespace {

constexpr auto kActivation =
    R"({"status":"success","data":{"activation_id":"5b0f6c1e-8f6a-4c57-9a43-1d2f3a4b5c6d",
"license_id":"l1","machine_fingerprint":"ab12","device_name":null,"status":"active",
"activated_at":"2025-11-27T05:37:00.000Z","is_new_activation":true,
"certificate":{"payload":"eyJ9","signature":"c2ln","key_id":"0123456789abcdef"}}})";

constexpr auto kCoupon =
    R"({"valid":true,"coupon":{"code":"SAVE20","discount_type":"percentage","discount_amount":5.99},
"discount":{"couponType":"percentage","discountType":"percentage","originalAmount":29.99,"discountAmount":5.99,
"finalAmount":24,"percentage":20,"couponId":"c1","couponCode":"SAVE20"},"warnings":[]})";

} // namespace

class TestApiParsersLicenses : public QObject {
    Q_OBJECT

private slots:
    void licenses();
    void licenseHostile();
    void coupons();
    void syncStateAndHealth();
};

void TestApiParsersLicenses::licenses()
{
    HttpResponse response;
    response.body = kActivation;
    const auto a = parse::activation(*successData(response));
    QVERIFY(a.has_value());
    QVERIFY(a->deviceName.isEmpty());
    QCOMPARE(*a->isNewActivation, true);
    QCOMPARE(a->certificate->value(u"key_id"_s).toString(), u"0123456789abcdef"_s);

    response.body = R"({"status":"success","data":null})";
    const auto none = parse::myLicense(*successData(response));
    QVERIFY(none.has_value() && !*none);
    const auto mine =
        parse::myLicense(json(R"({"id":"l","licenseKey":"REPHLO-ABCD-EFGH-JKMN-PQRS","status":"active",
"purchasedVersion":"1.0.0","eligibleUntilVersion":"1.99.99","maxActivations":3,"activeDeviceCount":1,
"purchasedAt":"2025-11-27T05:37:00.000Z"})"));
    QVERIFY(mine.has_value() && *mine && !(*mine)->byokEnabled);

    const QByteArray details = R"({"id":"l","license_key":"K","purchased_version":"1.0.0",
"eligible_until_version":"1.99.99","max_activations":3,"current_activations":1,"status":"active",
"purchased_at":"2025-11-27T05:37:00.000Z","activated_at":null,"activations":[{"id":"a","device_name":null,
"os_type":"linux","status":"replaced","activated_at":"2025-11-27T05:37:00.000Z"}],
"version_upgrades":[{"id":"u","status":"pending","purchased_at":"2025-11-27T05:37:00.000Z"}]})";
    const auto d = parse::licenseDetails(json(details));
    QVERIFY(d.has_value());
    QVERIFY(d->versionUpgrades.at(0).fromVersion.isEmpty()); // the real cloud's upgrade shape
    QCOMPARE(d->activations.at(0).status, u"replaced"_s);

    const auto devices =
        parse::licenseDevices(json(R"({"license_key":"K","max_activations":3,"current_activations":1,
"devices":[{"id":"a","device_name":"Box","os_type":null,"os_version":null,"cpu_info":null,
"activated_at":"2025-11-27T05:37:00.000Z","last_seen_at":"2025-11-27T06:37:00.000Z"}]})"));
    QVERIFY(devices.has_value());
    QCOMPARE(devices->devices.at(0).deviceName, u"Box"_s);

    const auto e =
        parse::versionEligibility(json(R"({"license_key":"K","requested_version":"1.5.0","is_eligible":true,
"is_free":true,"requires_payment":false,"current_eligible_range":{"min":"1.0.0","max":"1.99.99"}})"));
    QVERIFY(e.has_value() && e->isFree);
    QCOMPARE(e->maxVersion, u"1.99.99"_s);

    const auto keys =
        parse::publicKeys(json(R"({"keys":[{"key_id":"k","algorithm":"Ed25519","public_key":"AAAA"}]})"));
    QVERIFY(keys.has_value() && keys->size() == 1);
    const auto renewal =
        parse::certificateRenewal(json(R"({"activation_id":"5b0f6c1e-8f6a-4c57-9a43-1d2f3a4b5c6d",
"license_id":"l","certificate":{"payload":"p","signature":"s","key_id":"k"}})"));
    QVERIFY(renewal.has_value());
}

void TestApiParsersLicenses::licenseHostile()
{
    HttpResponse response;
    response.body = variant(kActivation, R"("key_id":"0123456789abcdef")", R"("key_id":12)");
    QCOMPARE(failedField(parse::activation(*successData(response))), u"activation.certificate.key_id"_s);
    response.body = variant(kActivation, R"("signature":"c2ln")", R"("signature":"")");
    QCOMPARE(failedField(parse::activation(*successData(response))), u"activation.certificate"_s);
    response.body = variant(kActivation, R"("status":"active")", R"("status":"ACTIVE")");
    QCOMPARE(failedField(parse::activation(*successData(response))), u"activation.status"_s);
    response.body = variant(kActivation, R"("activation_id":"5b0f6c1e-8f6a-4c57-9a43-1d2f3a4b5c6d")",
                            R"("activation_id":"x")");
    QCOMPARE(failedField(parse::activation(*successData(response))), u"activation.activation_id"_s);
    QCOMPARE(failedField(
                 parse::publicKeys(json(R"({"keys":[{"key_id":"k","algorithm":"RSA","public_key":"A"}]})"))),
             u"public_keys.keys[0].algorithm"_s);
}

void TestApiParsersLicenses::coupons()
{
    const auto v = parse::couponValidation(json(kCoupon));
    QVERIFY(v.has_value());
    QCOMPARE(v->discountAmount.cents(), 599);
    QCOMPARE(v->finalAmount.cents(), 2400);
    QCOMPARE(*v->percentageHundredths, 2000);
    QCOMPARE(failedField(parse::couponValidation(
                 json(variant(kCoupon, R"("finalAmount":24)", R"("finalAmount":-1)")))),
             u"coupon_validation.discount.finalAmount"_s);
    QCOMPARE(failedField(parse::couponValidation(
                 json(variant(kCoupon, R"("discountAmount":5.99)", R"("discountAmount":"5.999")")))),
             u"coupon_validation.discount.discountAmount"_s);
    QCOMPARE(failedField(parse::couponValidation(
                 json(variant(kCoupon, R"("percentage":20)", R"("percentage":"20")")))),
             u"coupon_validation.discount.percentage"_s);
    // valid:false in a 200 is still the failure.
    const auto failure = parse::couponValidation(json(R"({"valid":false,"errors":["MAX_USES_EXCEEDED"]})"));
    QVERIFY(!failure);
    QCOMPARE(failure.error().code, QString(api::errc::maxUsesExceeded));

    const auto r =
        parse::redemption(json(R"({"redemptionId":"5b0f6c1e-8f6a-4c57-9a43-1d2f3a4b5c6d","discountApplied":0,
"finalAmount":0,"redemptionStatus":"success"})"));
    QVERIFY(r.has_value());
    const auto h = parse::redemptionHistory(json(R"({"redemptions":[{"id":"r","coupon_code":"SAVE20",
"discount_applied":5.99,"status":"reversed","redeemed_at":"2025-11-27T05:37:00.000Z"}]})"));
    QVERIFY(h.has_value());
    QCOMPARE(h->at(0).discountApplied.cents(), 599);
    QCOMPARE(failedField(parse::redemptionHistory(json(R"({"redemptions":[{"id":"r","coupon_code":"SAVE20",
"discount_applied":5.99,"status":"done","redeemed_at":"2025-11-27T05:37:00.000Z"}]})"))),
             u"coupon_history.redemptions[0].status"_s);
}

void TestApiParsersLicenses::syncStateAndHealth()
{
    const QByteArray state =
        R"({"user_id":"5b0f6c1e-8f6a-4c57-9a43-1d2f3a4b5c6d","server_time":"2025-11-27T05:37:00.000Z",
"profile":{"version":3,"updated_at":"2025-11-27T05:00:00.000Z"},"subscription":{"version":0,"updated_at":null},
"balance":{"version":9,"updated_at":null},"license":{"version":1,"updated_at":null},
"coupons":{"version":0,"updated_at":null},"invoices":{"version":0,"updated_at":null},
"usage":{"latest_cursor":"","updated_at":null}})";
    const auto s = parse::syncState(json(state));
    QVERIFY(s.has_value());
    QCOMPARE(s->profile.version, 3);
    QCOMPARE(s->balance.version, 9);
    QVERIFY(s->usageLatestCursor.isEmpty());
    QCOMPARE(failedField(parse::syncState(json(variant(state, R"("version":9)", R"("version":-9)")))),
             u"sync_state.balance.version"_s);
    QCOMPARE(failedField(
                 parse::syncState(json(variant(state, R"("license":{"version":1,"updated_at":null},)", "")))),
             u"sync_state.license"_s);

    const auto h = parse::health(json(R"({"status":"ok","timestamp":"2025-11-27T05:37:00.000Z","uptime":12,
"environment":"creditdesk","version":"0.1.0","services":{"database":"connected","redis":"x","di_container":"ok"},
"memory":{"used":1,"total":2}})"));
    QVERIFY(h.has_value());
    QCOMPARE(h->database, u"connected"_s);
    const auto notReady =
        parse::readiness(json(R"({"status":"not_ready","timestamp":"2025-11-27T05:37:00.000Z",
"checks":{"database":"unhealthy","redis":"x"}})"));
    QVERIFY(notReady.has_value() && !notReady->ready);
    QVERIFY(parse::readiness(json(R"({"status":"ready","timestamp":"2025-11-27T05:37:00.000Z"})"))->ready);
}

QTEST_GUILESS_MAIN(TestApiParsersLicenses)
#include "test_api_parsers_licenses.moc"

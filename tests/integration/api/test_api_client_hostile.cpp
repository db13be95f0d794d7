// CloudClient's typed calls against the hostile fixture server: malformed and
// ill-typed bodies, extension and endpoint fallbacks, non-enveloped failure
// bodies, input checks before sending, and the request bodies it writes.
#include "core/api/api_errors.h"
#include "core/api/cloud_client.h"
#include "tests/integration/api/api_test_support.h"
#include "tests/integration/api/hostile_server.h"

#include <QJsonArray>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::test;
using Reply = HostileServer::Reply;

namespace {

constexpr auto kUser =
    R"({"id":"5b0f6c1e-8f6a-4c57-9a43-1d2f3a4b5c6d","email":"ann@example.com","emailVerified":true,
"username":null,"firstName":"Ann","lastName":null,"profilePictureUrl":null,
"createdAt":"2025-11-27T05:37:00.000Z","lastLoginAt":null})";

struct Fixture {
    HostileServer server;
    RecordedDelays delays;
    ScriptedTokens tokens{u"token-1"_s};
    std::unique_ptr<api::CloudClient> client;

    Fixture()
    {
        if (!server.listen())
            qFatal("the fixture server cannot listen");
        api::TransportOptions options = testTransportOptions(server.baseUrl(), delays);
        options.retry.maxAttempts = 2;
        client = std::make_unique<api::CloudClient>(options, &tokens);
    }
};

template <typename T>
void expectCode(const Result<T> &result, QLatin1StringView code)
{
    QVERIFY2(!result.has_value(), "expected an error");
    QCOMPARE(result.error().code, QString(code));
}

} // namespace

class TestApiClientHostile : public QObject {
    Q_OBJECT

private slots:
    void userParsesAndCallbackIsAsynchronous();
    void malformedJsonIsInvalidResponse();
    void wrongTypesAreInvalidResponse_data();
    void wrongTypesAreInvalidResponse();
    void amountsAreExactOrRejected();
    void extensionUnavailable();
    void cursorPagingIgnoredIsExtensionUnavailable();
    void alwaysUnauthorizedEndpointIsUnavailable();
    void couponFailureBodyKeepsEveryReason();
    void activationLimitKeepsDevices();
    void inputIsCheckedBeforeSending();
    void idempotencyKeyIsSentAndExposed();
    void requestBodiesUseExactDecimals();
    void clientForwardsServerTime();
};

void TestApiClientHostile::userParsesAndCallbackIsAsynchronous()
{
    Fixture f;
    f.server.script({Reply::json(200, kUser)});
    Recorder<api::UserProfile> recorder;
    const api::CallHandle handle = f.client->fetchUser(nullptr, recorder.callback());
    QCOMPARE(recorder.calls(), 0); // never inside the call
    QVERIFY(handle.isRunning());
    QVERIFY(handle.idempotencyKey().isNull());
    QVERIFY(recorder.wait());
    QTest::qWait(20);
    QCOMPARE(recorder.calls(), 1);
    const auto &user = recorder.result();
    QVERIFY(user.has_value());
    QCOMPARE(user->email, u"ann@example.com"_s);
    QCOMPARE(user->firstName, u"Ann"_s);
    QVERIFY(user->lastName.isEmpty());
    QCOMPARE(user->createdAtMs, 1'764'221'820'000);
    QVERIFY(!user->lastLoginAtMs);
}

void TestApiClientHostile::malformedJsonIsInvalidResponse()
{
    Fixture f;
    f.server.script({Reply::json(200, R"({"id":"5b0f6c1e-8f6a-4c57-9a43-1d2f3a4b5c6d","email":)")});
    const auto result = await<api::UserProfile>([&](auto cb) { f.client->fetchUser(nullptr, cb); });
    expectCode(result, api::errc::invalidResponse);
    QCOMPARE(result.error().details.value(u"reason"_s).toString(), u"malformed_json"_s);
    QCOMPARE(f.server.requestCount(), 1); // a parse failure is not retried
}

void TestApiClientHostile::wrongTypesAreInvalidResponse_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");
    const QByteArray base = kUser;
    QTest::newRow("number for a string id")
        << QByteArray(base).replace(R"("id":"5b0f6c1e-8f6a-4c57-9a43-1d2f3a4b5c6d")", R"("id":12345)")
        << u"user.id"_s;
    QTest::newRow("id not a uuid") << QByteArray(base).replace(
                                          R"("id":"5b0f6c1e-8f6a-4c57-9a43-1d2f3a4b5c6d")",
                                          R"("id":"1; DROP TABLE users")")
                                   << u"user.id"_s;
    QTest::newRow("missing email") << QByteArray(base).replace(R"("email":"ann@example.com",)", "")
                                   << u"user.email"_s;
    QTest::newRow("string for a bool")
        << QByteArray(base).replace(R"("emailVerified":true)", R"("emailVerified":"true")")
        << u"user.emailVerified"_s;
    QTest::newRow("NUL in a string") << QByteArray(base).replace(R"("firstName":"Ann")",
                                                                 R"("firstName":"An\u0000n")")
                                     << u"user.firstName"_s;
    QTest::newRow("bad timestamp") << QByteArray(base).replace(R"("createdAt":"2025-11-27T05:37:00.000Z")",
                                                               R"("createdAt":"27/11/2025")")
                                   << u"user.createdAt"_s;
    QTest::newRow("array for the body") << QByteArray("[1,2,3]") << u"user"_s;
}

void TestApiClientHostile::wrongTypesAreInvalidResponse()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    Fixture f;
    f.server.script({Reply::json(200, body)});
    const auto result = await<api::UserProfile>([&](auto cb) { f.client->fetchUser(nullptr, cb); });
    expectCode(result, api::errc::invalidResponse);
    QCOMPARE(result.error().details.value(u"field"_s).toString(), field);
}

void TestApiClientHostile::amountsAreExactOrRejected()
{
    const QByteArray body = R"({"freeCredits":{"remaining":0,"monthlyAllocation":0,"used":0,
"resetDate":"2025-12-01T00:00:00.000Z","daysUntilReset":4},
"subscriptionCredits":{"remaining":90000,"monthlyAllocation":100000,"used":10000,
"resetDate":"2025-12-01T00:00:00.000Z","daysUntilReset":4},
"purchasedCredits":{"remaining":1399,"totalPurchased":1500,"lifetimeUsed":100},
"totalAvailable":91399,"lastUpdated":"2025-11-27T05:37:00.000Z",
"sources":[{"id":"g1","sourceType":"bonus","amount":AMOUNT,"remaining":"1399.75",
"grantedAt":"2025-11-01T00:00:00.000Z","expiresAt":null}]})";
    struct Case {
        QByteArray amount;
        std::optional<std::int64_t> units;
    };
    const QList<Case> cases{{"1500", 15'000'000},
                            {"1399.75", 13'997'500},
                            {"1.5e3", 15'000'000},
                            {"0.10", 1'000},
                            {"\"2.5\"", 25'000},
                            {"1.005", std::nullopt},                   // three decimals
                            {"-5", std::nullopt},                      // negative grant
                            {"99999999999999999999999", std::nullopt}, // beyond Decimal(12,2)
                            {"1e400", std::nullopt},
                            {"true", std::nullopt},
                            {"\"12,5\"", std::nullopt}};
    for (const Case &c : cases) {
        Fixture f;
        f.server.script({Reply::json(200, QByteArray(body).replace("AMOUNT", c.amount))});
        const auto result =
            await<api::CreditSummary>([&](auto cb) { f.client->fetchCreditSummary(nullptr, cb); });
        if (c.units) {
            QVERIFY2(result.has_value(), c.amount.constData());
            QCOMPARE(result->sources->at(0).amount.units(), *c.units);
            QCOMPARE(result->sources->at(0).remaining.units(), 13'997'500);
        } else {
            QVERIFY2(!result.has_value(), c.amount.constData());
            QCOMPARE(result.error().code, QString(api::errc::invalidResponse));
            QCOMPARE(result.error().details.value(u"field"_s).toString(),
                     u"user_credits.sources[0].amount"_s);
        }
    }
}

void TestApiClientHostile::extensionUnavailable()
{
    Fixture f;
    Reply real = Reply::json(404, R"({"error":{"code":"not_found","message":"Route not found"}})");
    real.creditDeskHeader = false;
    f.server.script({real});
    const auto state =
        await<api::SyncStateResult>([&](auto cb) { f.client->fetchSyncState({}, nullptr, cb); });
    expectCode(state, api::errc::extensionUnavailable);

    // The real cloud's /:licenseKey route catches the literal paths.
    real.body = R"({"error":{"code":"license_not_found","message":"License not found"}})";
    f.server.script({real});
    const auto keys =
        await<QList<api::PublicKeyInfo>>([&](auto cb) { f.client->fetchPublicKeys(nullptr, cb); });
    expectCode(keys, api::errc::extensionUnavailable);

    // Ours (X-CreditDesk-Server present): a 404 is the endpoint's own answer.
    f.server.script({Reply::json(404, R"({"error":{"code":"activation_not_found","message":"no seat"}})")});
    const auto renewal = await<api::CertificateRenewal>(
        [&](auto cb) { f.client->renewCertificate(QString(64, u'a'), nullptr, cb); });
    expectCode(renewal, api::errc::activationNotFound);
}

void TestApiClientHostile::cursorPagingIgnoredIsExtensionUnavailable()
{
    Fixture f;
    Reply offset =
        Reply::json(200, R"({"usage":[],"pagination":{"limit":20,"offset":0,"total":0,"hasMore":false},
"summary":{"totalCreditsUsed":0,"totalRequests":0,"totalTokens":0}})");
    offset.creditDeskHeader = false;
    f.server.script({offset});
    const auto page =
        await<api::LedgerPage>([&](auto cb) { f.client->fetchUsageAfter({}, 500, nullptr, cb); });
    expectCode(page, api::errc::extensionUnavailable);
    const QByteArray target = f.server.requests().at(0).target;
    QVERIFY2(target.startsWith("/v1/usage?after") && target.contains("limit=500"), target.constData());
}

void TestApiClientHostile::alwaysUnauthorizedEndpointIsUnavailable()
{
    Fixture f;
    f.tokens.setRefreshTokens({u"token-2"_s});
    Reply real = Reply::json(401, R"({"error":{"code":"unauthorized","message":"User not authenticated"}})");
    real.creditDeskHeader = false;
    f.server.script({real});
    const auto result = await<api::Subscription>([&](auto cb) { f.client->fetchSubscription(nullptr, cb); });
    expectCode(result, api::errc::endpointUnavailable);
    QCOMPARE(f.tokens.refreshCount(), 1);
    QCOMPARE(f.server.requestCount(), 2);

    // The same answer on an ordinary endpoint means signed out.
    f.tokens.setRefreshTokens({u"token-3"_s});
    f.server.script({real});
    const auto user = await<api::UserProfile>([&](auto cb) { f.client->fetchUser(nullptr, cb); });
    expectCode(user, api::errc::signInRequired);
}

void TestApiClientHostile::couponFailureBodyKeepsEveryReason()
{
    Fixture f;
    f.server.script({Reply::json(
        400, R"({"valid":false,"errors":["COUPON_EXPIRED","TIER_NOT_ELIGIBLE"],"warnings":[]})")});
    api::CouponCheck check;
    check.code = u" save20 "_s;
    check.userId = u"5b0f6c1e-8f6a-4c57-9a43-1d2f3a4b5c6d"_s;
    check.subscriptionTier = u"pro"_s;
    const auto result =
        await<api::CouponValidation>([&](auto cb) { f.client->validateCoupon(check, nullptr, cb); });
    expectCode(result, api::errc::couponExpired);
    QCOMPARE(result.error().details.value(u"errors"_s).toArray(),
             (QJsonArray{u"COUPON_EXPIRED"_s, u"TIER_NOT_ELIGIBLE"_s}));
    QCOMPARE(
        f.server.requests().at(0).body,
        QByteArray(
            R"({"code":"SAVE20","user_id":"5b0f6c1e-8f6a-4c57-9a43-1d2f3a4b5c6d","subscription_tier":"pro"})"));

    // The real cloud's validation failure (no user_id) and an unknown reason.
    f.server.script({Reply::json(400, R"({"valid":false,"errors":["VALIDATION_ERROR"]})")});
    expectCode(await<api::CouponValidation>([&](auto cb) { f.client->validateCoupon(check, nullptr, cb); }),
               api::errc::validationError);
    f.server.script({Reply::json(400, R"({"valid":false,"errors":["MOON_PHASE"]})")});
    expectCode(await<api::CouponValidation>([&](auto cb) { f.client->validateCoupon(check, nullptr, cb); }),
               api::errc::couponInvalid);
}

void TestApiClientHostile::activationLimitKeepsDevices()
{
    Fixture f;
    f.server.script({Reply::json(403, R"({"error":{"code":"activation_limit_reached","message":"3 of 3",
"details":{"max_activations":3,"devices":[{"activation_id":"a1","device_name":null,"os_type":"linux",
"last_seen_at":"2025-11-01T00:00:00.000Z","activated_at":"2025-10-01T00:00:00.000Z"}]}}})")});
    api::DeviceInfo device;
    device.fingerprint = QString(64, u'f');
    const auto result = await<api::Activation>([&](auto cb) {
        f.client->activateLicense(u"rephlo-abcd-efgh-jkmn-pqrs"_s, device, {}, nullptr, cb);
    });
    expectCode(result, api::errc::activationLimitReached);
    QCOMPARE(result.error().details.value(u"max_activations"_s).toInt(), 3);
    const QJsonArray devices = result.error().details.value(u"devices"_s).toArray();
    QCOMPARE(devices.size(), 1);
    QCOMPARE(devices.at(0).toObject().value(u"os_type"_s).toString(), u"linux"_s);
    // The key went out normalised, the fingerprint as given.
    QVERIFY(f.server.requests().at(0).body.contains(R"("licenseKey":"REPHLO-ABCD-EFGH-JKMN-PQRS")"));
}

void TestApiClientHostile::inputIsCheckedBeforeSending()
{
    Fixture f;
    api::DeviceInfo device;
    device.fingerprint = u"fp"_s;
    Recorder<api::Activation> recorder;
    f.client->activateLicense(u"REPHLO-0000-1111-IIII-OOOO"_s, device, {}, nullptr, recorder.callback());
    QCOMPARE(recorder.calls(), 0);
    QVERIFY(recorder.wait());
    expectCode(recorder.result(), "license_key_malformed"_L1);

    expectCode(await<void>([&](auto cb) { f.client->deactivateDevice(u"../../admin"_s, {}, nullptr, cb); }),
               "invalid_argument"_L1);
    expectCode(await<api::LedgerPage>([&](auto cb) { f.client->fetchUsageAfter({}, 5000, nullptr, cb); }),
               "invalid_argument"_L1);
    api::CouponCheck check;
    check.code = u"x!"_s;
    expectCode(await<api::CouponValidation>([&](auto cb) { f.client->validateCoupon(check, nullptr, cb); }),
               "invalid_coupon_code"_L1);
    QCOMPARE(f.server.requestCount(), 0);
}

void TestApiClientHostile::idempotencyKeyIsSentAndExposed()
{
    Fixture f;
    f.server.script({Reply::json(200, R"({"message":"Device deactivated successfully"})")});
    const api::IdempotencyKey key = api::IdempotencyKey::generate();
    Recorder<void> recorder;
    const api::CallHandle handle = f.client->deactivateDevice(u"5b0f6c1e-8f6a-4c57-9a43-1d2f3a4b5c6d"_s, key,
                                                              nullptr, recorder.callback());
    QCOMPARE(handle.idempotencyKey(), key);
    QVERIFY(recorder.wait());
    QVERIFY(recorder.result().has_value());
    QCOMPARE(f.server.requests().at(0).method, QByteArray("DELETE"));
    QCOMPARE(f.server.requests().at(0).header("idempotency-key"), key.toHeaderValue());

    // A null key: the client makes one for the call.
    f.server.script({Reply::json(200, R"({"message":"Device deactivated successfully"})")});
    Recorder<void> second;
    const api::CallHandle fresh =
        f.client->deactivateDevice(u"5b0f6c1e-8f6a-4c57-9a43-1d2f3a4b5c6d"_s, {}, nullptr, second.callback());
    QVERIFY(!fresh.idempotencyKey().isNull());
    QVERIFY(second.wait());
    QCOMPARE(f.server.requests().at(1).header("idempotency-key"), fresh.idempotencyKey().toHeaderValue());
}

void TestApiClientHostile::requestBodiesUseExactDecimals()
{
    Fixture f;
    f.server.script({Reply::json(200, R"({"defaultModelId":null,"enableStreaming":true,"maxTokens":4096,
"temperature":0.25,"preferencesMetadata":{"creditdesk":{"mode":"byok"}}})")});
    api::PreferencesPatch patch;
    patch.temperatureMilli = 250;
    patch.metadata = QJsonObject{{u"creditdesk"_s, QJsonObject{{u"mode"_s, u"byok"_s}}}};
    const auto prefs =
        await<api::Preferences>([&](auto cb) { f.client->updatePreferences(patch, {}, nullptr, cb); });
    QVERIFY(prefs.has_value());
    QCOMPARE(prefs->temperatureMilli, 250);
    QCOMPARE(prefs->metadata->value(u"creditdesk"_s).toObject().value(u"mode"_s).toString(), u"byok"_s);
    QCOMPARE(f.server.requests().at(0).body,
             QByteArray(R"({"temperature":0.25,"preferencesMetadata":{"creditdesk":{"mode":"byok"}}})"));

    f.server.script({Reply::json(400, R"({"valid":false,"errors":["MIN_PURCHASE_NOT_MET"]})")});
    api::CouponCheck check;
    check.code = u"SAVE20"_s;
    check.cartTotal = Money::fromCents(1250).value();
    expectCode(await<api::CouponValidation>([&](auto cb) { f.client->validateCoupon(check, nullptr, cb); }),
               api::errc::minPurchaseNotMet);
    QCOMPARE(f.server.requests().at(1).body, QByteArray(R"({"code":"SAVE20","cart_total":12.50})"));
}

void TestApiClientHostile::clientForwardsServerTime()
{
    Fixture f;
    QSignalSpy spy(f.client.get(), &api::CloudClient::serverTimeObserved);
    Reply reply = Reply::json(200, kUser);
    reply.date = "Thu, 27 Nov 2025 05:37:00 GMT";
    f.server.script({reply});
    QVERIFY(await<api::UserProfile>([&](auto cb) { f.client->fetchUser(nullptr, cb); }).has_value());
    QCOMPARE(spy.size(), 1);
    QCOMPARE(f.client->lastServerTimeMs(), std::optional<std::int64_t>(1'764'221'820'000));
    QVERIFY(f.client->clockSkewMs().has_value());
}

QTEST_GUILESS_MAIN(TestApiClientHostile)
#include "test_api_client_hostile.moc"

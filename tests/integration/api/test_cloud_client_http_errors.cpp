// CloudClient's error paths against a real creditdesk-server (SQLite and
// PostgreSQL): ownership, the seat limit with its device list, coupon
// failure reasons, Idempotency-Key replay, rate limits, and the fallbacks
// when the server runs with --extensions off.
#include "core/api/api_errors.h"
#include "core/api/error_mapping.h"
#include "core/domain/utc_time.h"
#include "tests/integration/api/cloud_client_http_support.h"

#include <QDateTime>
#include <QJsonArray>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::test;

#define CALL(T, expr) await<T>([&](api::Callback<T> cb) { expr; })
#define EXPECT_OK(result)                                                                                    \
    do {                                                                                                     \
        const auto &r_ = (result);                                                                           \
        QVERIFY2(r_.has_value(),                                                                             \
                 qPrintable(r_ ? QString() : r_.error().code + u": "_s + r_.error().message));               \
    } while (false)
#define EXPECT_CODE(result, wantCode)                                                                        \
    do {                                                                                                     \
        const auto &r_ = (result);                                                                           \
        QVERIFY2(!r_.has_value(), "expected an error");                                                      \
        QCOMPARE(r_.error().code, QString(wantCode));                                                        \
    } while (false)

namespace {

QString createLicense(const ServerHarness &server, const QString &email, const QStringList &extra = {})
{
    return adminOk(server, QStringList{u"create-license"_s, u"--email"_s, email} + extra)
        .value(u"license_key"_s)
        .toString();
}

bool createCoupon(const ServerHarness &server, const QString &code, const QStringList &extra = {})
{
    return !adminOk(server,
                    QStringList{u"create-coupon"_s, u"--code"_s, code, u"--coupon-type"_s, u"percentage"_s,
                                u"--discount-type"_s, u"percentage"_s, u"--value"_s, u"1000"_s} +
                        extra)
                .isEmpty();
}

} // namespace

class TestCloudClientHttpErrors : public QObject {
    Q_OBJECT

private slots:
    void initTestCase_data() { addDialectRows(); }
    void notFoundAndOwnership();
    void activationLimitCarriesDevices();
    void licenseStatusErrors();
    void couponFailureReasons();
    void validationErrors();
    void idempotencyKeyReplay();
    void signInRequired();
    void rateLimited();
    void extensionsOff();
};

void TestCloudClientHttpErrors::notFoundAndOwnership()
{
    CREDITDESK_START_SERVER(server, harnessOptions());
    const Account ann = newAccount(*server, u"ann"_s);
    const Account bob = newAccount(*server, u"bob"_s);
    const QString key = createLicense(*server, ann.email);
    QVERIFY(!key.isEmpty());
    ClientFixture a(*server, ann.token);
    ClientFixture b(*server, bob.token);

    const auto seat = CALL(api::Activation, a.client->activateLicense(key, device(1), {}, nullptr, cb));
    EXPECT_OK(seat);
    // Another user's seat, subscription, license and coupon history are "not found" (ours).
    const auto foreignSeat = CALL(void, b.client->deactivateDevice(seat->activationId, {}, nullptr, cb));
    EXPECT_CODE(foreignSeat, api::errc::activationNotFound);
    const auto foreignReplace =
        CALL(api::Activation, b.client->replaceDevice(seat->activationId, device(2), {}, nullptr, cb));
    EXPECT_CODE(foreignReplace, api::errc::activationNotFound);
    const auto foreignLicense = CALL(api::LicenseDetails, b.client->fetchLicense(key, nullptr, cb));
    EXPECT_CODE(foreignLicense, api::errc::licenseNotFound);
    const auto foreignHistory =
        CALL(QList<api::RedemptionRecord>, b.client->fetchCouponHistory(ann.userId, nullptr, cb));
    EXPECT_CODE(foreignHistory, api::errc::notFound);
    const auto unknownKey = CALL(api::LicenseDevices,
                                 a.client->fetchLicenseDevices(u"REPHLO-2222-3333-4444-5555"_s, nullptr, cb));
    EXPECT_CODE(unknownKey, api::errc::licenseNotFound);
    const auto noSeat =
        CALL(api::CertificateRenewal, b.client->renewCertificate(fingerprint(9), nullptr, cb));
    EXPECT_CODE(noSeat, api::errc::activationNotFound);

    // No subscription, no credit period, no license.
    const auto noSubscription = CALL(api::Subscription, b.client->fetchSubscription(nullptr, cb));
    EXPECT_CODE(noSubscription, api::errc::noActiveSubscription);
    const auto noPeriod = CALL(api::CreditPeriod, b.client->fetchCreditPeriod(nullptr, cb));
    EXPECT_CODE(noPeriod, api::errc::notFound);
    const auto noLicense = CALL(std::optional<api::MyLicense>, b.client->fetchMyLicense(nullptr, cb));
    EXPECT_OK(noLicense);
    QVERIFY(!noLicense->has_value());

    QVERIFY(!adminOk(*server, {u"set-subscription"_s, u"--email"_s, ann.email, u"--tier"_s, u"pro"_s,
                               u"--status"_s, u"active"_s})
                 .isEmpty());
    const auto subscription = CALL(api::Subscription, a.client->fetchSubscription(nullptr, cb));
    EXPECT_OK(subscription);
    const auto foreignPreview =
        CALL(api::ProrationPreview, b.client->previewProration(subscription->id, u"pro_max"_s, nullptr, cb));
    EXPECT_CODE(foreignPreview, api::errc::subscriptionNotFound);
    const auto sameTier =
        CALL(api::ProrationPreview, a.client->previewProration(subscription->id, u"pro"_s, nullptr, cb));
    EXPECT_CODE(sameTier, api::errc::validationError);

    const auto badCursor = CALL(api::LedgerPage, a.client->fetchUsageAfter(u"garbage!"_s, 10, nullptr, cb));
    EXPECT_CODE(badCursor, api::errc::invalidCursor);
}

void TestCloudClientHttpErrors::activationLimitCarriesDevices()
{
    CREDITDESK_START_SERVER(server, harnessOptions());
    const Account ann = newAccount(*server, u"ann"_s);
    const QString key = createLicense(*server, ann.email, {u"--max-activations"_s, u"2"_s});
    QVERIFY(!key.isEmpty());
    ClientFixture f(*server, ann.token);
    QStringList seats;
    for (int n = 1; n <= 2; ++n) {
        const auto seat = CALL(api::Activation, f.client->activateLicense(key, device(n), {}, nullptr, cb));
        EXPECT_OK(seat);
        seats << seat->activationId;
    }
    const auto full = CALL(api::Activation, f.client->activateLicense(key, device(3), {}, nullptr, cb));
    EXPECT_CODE(full, api::errc::activationLimitReached);
    QCOMPARE(full.error().details.value(u"max_activations"_s).toInt(), 2);
    const QJsonArray devices = full.error().details.value(u"devices"_s).toArray();
    QCOMPARE(devices.size(), 2);
    QStringList listed;
    for (const QJsonValue &d : devices) {
        listed << d.toObject().value(u"activation_id"_s).toString();
        QVERIFY(d.toObject().value(u"last_seen_at"_s).isString());
    }
    listed.sort();
    seats.sort();
    QCOMPARE(listed, seats);

    // Free a seat, then the third device fits.
    EXPECT_OK(CALL(void, f.client->deactivateDevice(seats.first(), {}, nullptr, cb)));
    EXPECT_OK(CALL(api::Activation, f.client->activateLicense(key, device(3), {}, nullptr, cb)));
}

void TestCloudClientHttpErrors::licenseStatusErrors()
{
    CREDITDESK_START_SERVER(server, harnessOptions());
    const Account ann = newAccount(*server, u"ann"_s);
    ClientFixture f(*server, ann.token);
    const QList<std::pair<QString, QLatin1StringView>> statuses{{u"suspended"_s, api::errc::licenseSuspended},
                                                                {u"revoked"_s, api::errc::licenseRevoked},
                                                                {u"expired"_s, api::errc::licenseExpired}};
    for (const auto &[status, code] : statuses) {
        const QString key = createLicense(*server, ann.email);
        EXPECT_OK(
            CALL(api::Activation, f.client->activateLicense(key, device(1), {}, nullptr, cb))); // → active
        QVERIFY(
            !adminOk(*server, {u"set-license-status"_s, u"--key"_s, key, u"--status"_s, status}).isEmpty());
        const auto result = CALL(api::Activation, f.client->activateLicense(key, device(2), {}, nullptr, cb));
        EXPECT_CODE(result, code);
    }
    const QString key = createLicense(*server, ann.email);
    const auto badVersion =
        CALL(api::VersionEligibility, f.client->checkVersionEligibility(key, u"one.two"_s, nullptr, cb));
    EXPECT_CODE(badVersion, api::errc::invalidVersion);
}

void TestCloudClientHttpErrors::couponFailureReasons()
{
    CREDITDESK_START_SERVER(server, harnessOptions());
    const Account ann = newAccount(*server, u"ann"_s);
    const QString past = toIsoUtc(QDateTime::currentMSecsSinceEpoch() - 10 * kMsPerDay);
    const QString earlier = toIsoUtc(QDateTime::currentMSecsSinceEpoch() - 20 * kMsPerDay);
    QVERIFY(createCoupon(*server, u"OLDDEAL"_s, {u"--valid-from"_s, earlier, u"--valid-until"_s, past}));
    QVERIFY(createCoupon(*server, u"PAUSED"_s, {u"--active"_s, u"false"_s}));
    QVERIFY(createCoupon(*server, u"MAXONLY"_s, {u"--tiers"_s, u"pro_max"_s}));
    QVERIFY(createCoupon(*server, u"BIGCART"_s, {u"--min-purchase-cents"_s, u"10000"_s}));
    ClientFixture f(*server, ann.token);

    api::CouponCheck check;
    check.userId = ann.userId;
    check.subscriptionTier = u"free"_s;
    check.cartTotal = Money::fromCents(2999).value();
    const QList<std::pair<QString, QLatin1StringView>> cases{{u"NOSUCHCODE"_s, api::errc::couponNotFound},
                                                             {u"OLDDEAL"_s, api::errc::couponExpired},
                                                             {u"PAUSED"_s, api::errc::couponInactive},
                                                             {u"MAXONLY"_s, api::errc::tierNotEligible},
                                                             {u"BIGCART"_s, api::errc::minPurchaseNotMet}};
    for (const auto &[code, expected] : cases) {
        check.code = code;
        const auto result = CALL(api::CouponValidation, f.client->validateCoupon(check, nullptr, cb));
        EXPECT_CODE(result, expected);
        const QJsonArray reasons = result.error().details.value(u"errors"_s).toArray();
        QVERIFY(!reasons.isEmpty());
        QCOMPARE(api::clientCodeForCouponReason(reasons.first().toString()), QString(expected));
    }

    api::CouponRedeem redeem;
    redeem.code = u"NOSUCHCODE"_s;
    EXPECT_CODE(CALL(api::Redemption, f.client->redeemCoupon(redeem, {}, nullptr, cb)),
                api::errc::couponNotFound);
    redeem.code = u"PAUSED"_s;
    const auto failed = CALL(api::Redemption, f.client->redeemCoupon(redeem, {}, nullptr, cb));
    EXPECT_CODE(failed, api::errc::redemptionFailed);
    QVERIFY(failed.error().details.value(u"reasons"_s).isArray());
}

void TestCloudClientHttpErrors::validationErrors()
{
    CREDITDESK_START_SERVER(server, harnessOptions());
    const Account ann = newAccount(*server, u"ann"_s);
    const Account bob = newAccount(*server, u"bob"_s);
    ClientFixture a(*server, ann.token);
    ClientFixture b(*server, bob.token);

    api::UserPatch tooShort;
    tooShort.username = u"x"_s;
    const auto bad = CALL(api::UserProfile, a.client->updateUser(tooShort, {}, nullptr, cb));
    EXPECT_CODE(bad, api::errc::validationError);
    QVERIFY(bad.error().details.contains(u"username"_s));

    api::UserPatch taken;
    taken.username = u"shared_name"_s;
    EXPECT_OK(CALL(api::UserProfile, a.client->updateUser(taken, {}, nullptr, cb)));
    const auto conflict = CALL(api::UserProfile, b.client->updateUser(taken, {}, nullptr, cb));
    EXPECT_CODE(conflict, api::errc::conflict);
    QCOMPARE(conflict.error().details.value(u"field"_s).toString(), u"username"_s);

    api::PreferencesPatch prefs;
    prefs.maxTokens = 0;
    EXPECT_CODE(CALL(api::Preferences, a.client->updatePreferences(prefs, {}, nullptr, cb)),
                api::errc::validationError);
}

void TestCloudClientHttpErrors::idempotencyKeyReplay()
{
    CREDITDESK_START_SERVER(server, harnessOptions());
    const Account ann = newAccount(*server, u"ann"_s);
    const QString key = createLicense(*server, ann.email);
    ClientFixture f(*server, ann.token);

    // The same user action submitted twice: the second answer is the first one, replayed.
    const api::IdempotencyKey action = api::IdempotencyKey::generate();
    const auto first = CALL(api::Activation, f.client->activateLicense(key, device(1), action, nullptr, cb));
    EXPECT_OK(first);
    QCOMPARE(first->isNewActivation, std::optional<bool>(true));
    const auto second = CALL(api::Activation, f.client->activateLicense(key, device(1), action, nullptr, cb));
    EXPECT_OK(second);
    QCOMPARE(*second, *first); // byte-identical body → identical result, still "new"

    // On the wire: Idempotent-Replayed: true, with the same status.
    api::ApiRequestSpec spec;
    spec.method = "POST";
    spec.path = u"/api/coupons/validate"_s;
    spec.auth = api::ApiRequestSpec::Auth::Optional;
    spec.passStatuses = {400};
    spec.body = "{\"code\":\"NOSUCHCODE\",\"user_id\":\"" + ann.userId.toLatin1() + "\"}";
    spec.idempotencyKey = api::IdempotencyKey::generate();
    const auto raw1 = CALL(api::HttpResponse, f.client->transport().send(spec, nullptr, cb));
    const auto raw2 = CALL(api::HttpResponse, f.client->transport().send(spec, nullptr, cb));
    EXPECT_OK(raw1);
    EXPECT_OK(raw2);
    QVERIFY(!raw1->isReplay());
    QVERIFY(raw2->isReplay());
    QCOMPARE(raw2->status, raw1->status);
    QCOMPARE(raw2->body, raw1->body);

    // The same key with another body is refused.
    const auto reused = CALL(api::Activation, f.client->activateLicense(key, device(2), action, nullptr, cb));
    EXPECT_CODE(reused, api::errc::idempotencyKeyReused);
}

void TestCloudClientHttpErrors::signInRequired()
{
    CREDITDESK_START_SERVER(server, harnessOptions());
    ClientFixture f(*server, u"not-a-token"_s);
    const auto result = CALL(api::UserProfile, f.client->fetchUser(nullptr, cb));
    EXPECT_CODE(result, api::errc::signInRequired);
    QCOMPARE(f.tokens.refreshCount(), 1);

    // A good token after the refresh: the retried call succeeds.
    const Account ann = newAccount(*server, u"ann"_s);
    ClientFixture g(*server, u"expired-token"_s);
    g.tokens.setRefreshTokens({ann.token});
    const auto me = CALL(api::UserProfile, g.client->fetchUser(nullptr, cb));
    EXPECT_OK(me);
    QCOMPARE(me->id, ann.userId);
}

void TestCloudClientHttpErrors::rateLimited()
{
    CREDITDESK_START_SERVER(server, harnessOptions(true, true));
    const Account ann = newAccount(*server, u"ann"_s);
    const QString key = createLicense(*server, ann.email);

    // Activation: 10 per license key per minute (§10.7). The client waits
    // Retry-After (recorded here, not slept) and retries, then gives up.
    ClientFixture f(*server, ann.token);
    Result<api::Activation> last = std::unexpected(Error{});
    int calls = 0;
    while (calls < 20) {
        ++calls;
        last = CALL(api::Activation, f.client->activateLicense(key, device(1), {}, nullptr, cb));
        if (!last)
            break;
    }
    EXPECT_CODE(last, api::errc::rateLimited);
    QVERIFY(calls > 1);
    const qint64 retryAfter = last.error().details.value(u"retryAfter"_s).toInteger();
    QVERIFY2(retryAfter >= 1 && retryAfter <= 60, qPrintable(QString::number(retryAfter)));
    QCOMPARE(last.error().details.value(u"scope"_s).toString(), u"license_key"_s);
    QCOMPARE(f.delays.waits->size(), api::RetryPolicy().maxRateLimitRetries);
    for (std::int64_t wait : std::as_const(*f.delays.waits))
        QVERIFY(wait >= 1000 && wait <= 60'000);

    // Coupon validation: a limit whose Retry-After is beyond the client's cap
    // (5 min) fails at once, without waiting.
    ClientFixture g(*server, ann.token);
    api::CouponCheck check;
    check.code = u"NOSUCHCODE"_s;
    check.userId = ann.userId;
    check.subscriptionTier = u"free"_s;
    Result<api::CouponValidation> coupon = std::unexpected(Error{});
    for (int i = 0; i < 25; ++i) {
        coupon = CALL(api::CouponValidation, g.client->validateCoupon(check, nullptr, cb));
        if (!coupon && coupon.error().code == api::errc::rateLimited)
            break;
    }
    EXPECT_CODE(coupon, api::errc::rateLimited);
    if (coupon.error().details.value(u"retryAfter"_s).toInteger() * 1000 > api::RetryPolicy().maxRetryAfterMs)
        QVERIFY(g.delays.waits->isEmpty());
}

void TestCloudClientHttpErrors::extensionsOff()
{
    CREDITDESK_START_SERVER(server, harnessOptions(false));
    const Account ann = newAccount(*server, u"ann"_s);
    const QString key = createLicense(*server, ann.email);
    ClientFixture f(*server, ann.token);

    const auto me = CALL(api::UserProfile, f.client->fetchUser(nullptr, cb));
    EXPECT_OK(me); // the core API works as usual
    QCOMPARE(f.client->transport().serverKind(), api::ApiTransport::ServerKind::Other);
    EXPECT_CODE(CALL(api::SyncStateResult, f.client->fetchSyncState({}, nullptr, cb)),
                api::errc::extensionUnavailable);
    EXPECT_CODE(CALL(api::LedgerPage, f.client->fetchUsageAfter({}, 100, nullptr, cb)),
                api::errc::extensionUnavailable);
    EXPECT_CODE(CALL(QList<api::PublicKeyInfo>, f.client->fetchPublicKeys(nullptr, cb)),
                api::errc::extensionUnavailable);
    EXPECT_CODE(CALL(api::CertificateRenewal, f.client->renewCertificate(fingerprint(1), nullptr, cb)),
                api::errc::extensionUnavailable);
    auto request = crypto::OfflineActivationRequest::create(key, fingerprint(2), u"Box"_s, u"linux"_s,
                                                            QDateTime::currentMSecsSinceEpoch());
    QVERIFY(request.has_value());
    EXPECT_CODE(CALL(crypto::OfflineActivationResponse, f.client->offlineActivate(*request, {}, nullptr, cb)),
                api::errc::extensionUnavailable);

    // Activation still works, without a certificate; the offset usage page is the fallback.
    const auto seat = CALL(api::Activation, f.client->activateLicense(key, device(1), {}, nullptr, cb));
    EXPECT_OK(seat);
    QVERIFY(!seat->certificate.has_value());
    api::UsageQuery query;
    EXPECT_OK(CALL(api::UsagePage, f.client->fetchUsage(query, nullptr, cb)));
}

QTEST_GUILESS_MAIN(TestCloudClientHttpErrors)
#include "test_cloud_client_http_errors.moc"

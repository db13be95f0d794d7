// Every typed CloudClient call's success path against a real
// creditdesk-server (SQLite and PostgreSQL), with data made through
// `creditdesk-server admin`.
#include "core/api/api_errors.h"
#include "core/crypto/activation_certificate.h"
#include "core/crypto/ed25519.h"
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

class TestCloudClientHttp : public QObject {
    Q_OBJECT

private slots:
    void initTestCase_data() { addDialectRows(); }
    void healthAndHeaders();
    void userAndPreferences();
    void subscriptionAndProration();
    void creditsUsageInvoicesAndSync();
    void licenses();
    void coupons();
};

void TestCloudClientHttp::healthAndHeaders()
{
    CREDITDESK_START_SERVER(server, harnessOptions());
    const Account ann = newAccount(*server, u"ann"_s);
    ClientFixture f(*server, ann.token);

    const auto health = CALL(api::Health, f.client->fetchHealth(nullptr, cb));
    EXPECT_OK(health);
    QCOMPARE(health->status, u"ok"_s);
    QCOMPARE(health->database, u"connected"_s);
    const auto ready = CALL(api::Readiness, f.client->fetchReadiness(nullptr, cb));
    EXPECT_OK(ready);
    QVERIFY(ready->ready);

    // The server echoes the client's X-Request-ID and stamps Date (§10.8).
    api::ApiRequestSpec spec;
    spec.path = u"/v1/users/me"_s;
    const auto raw = CALL(api::HttpResponse, f.client->transport().send(spec, nullptr, cb));
    EXPECT_OK(raw);
    QCOMPARE(QString::fromLatin1(raw->header("x-request-id")), raw->requestId);
    QVERIFY(raw->fromCreditDeskServer());
    QCOMPARE(raw->header("cache-control"), QByteArray("no-store"));
    QVERIFY(f.client->clockSkewMs().has_value());
    QVERIFY(std::abs(*f.client->clockSkewMs()) < 60'000); // same machine: Date has 1 s resolution
    QCOMPARE(f.client->transport().serverKind(), api::ApiTransport::ServerKind::CreditDesk);
}

void TestCloudClientHttp::userAndPreferences()
{
    CREDITDESK_START_SERVER(server, harnessOptions());
    const Account ann = newAccount(*server, u"ann"_s);
    ClientFixture f(*server, ann.token);

    const auto me = CALL(api::UserProfile, f.client->fetchUser(nullptr, cb));
    EXPECT_OK(me);
    QCOMPARE(me->id, ann.userId);
    QCOMPARE(me->email, ann.email);

    api::UserPatch patch;
    patch.firstName = u"Ann"_s;
    patch.username = u"ann_lee"_s;
    const auto updated = CALL(api::UserProfile, f.client->updateUser(patch, {}, nullptr, cb));
    EXPECT_OK(updated);
    QCOMPARE(updated->firstName, u"Ann"_s);
    QCOMPARE(updated->username, u"ann_lee"_s);

    const auto prefs = CALL(api::Preferences, f.client->fetchPreferences(nullptr, cb));
    EXPECT_OK(prefs);
    api::PreferencesPatch prefsPatch;
    prefsPatch.temperatureMilli = 250;
    prefsPatch.maxTokens = 8000;
    prefsPatch.metadata = QJsonObject{{u"creditdesk"_s, QJsonObject{{u"mode"_s, u"byok"_s}}}};
    const auto changed = CALL(api::Preferences, f.client->updatePreferences(prefsPatch, {}, nullptr, cb));
    EXPECT_OK(changed);
    QCOMPARE(changed->temperatureMilli, 250);
    QCOMPARE(changed->maxTokens, 8000);
    QCOMPARE(changed->metadata->value(u"creditdesk"_s).toObject().value(u"mode"_s).toString(), u"byok"_s);
    const auto reread = CALL(api::Preferences, f.client->fetchPreferences(nullptr, cb));
    EXPECT_OK(reread);
    QCOMPARE(*reread, *changed);

    const auto model = CALL(api::ModelPreference, f.client->fetchModelPreference(nullptr, cb));
    EXPECT_OK(model);

    const auto profile = CALL(api::AccountProfile, f.client->fetchAccountProfile(nullptr, cb));
    EXPECT_OK(profile);
    QCOMPARE(profile->userId, ann.userId);
    QCOMPARE(profile->tier, u"free"_s); // no subscription yet

    const auto plans = CALL(QList<api::Plan>, f.client->fetchPlans(nullptr, cb));
    EXPECT_OK(plans);
    QVERIFY(!plans->isEmpty());
    QVERIFY(std::any_of(plans->begin(), plans->end(), [](const api::Plan &p) { return p.id == "pro"_L1; }));
}

void TestCloudClientHttp::subscriptionAndProration()
{
    CREDITDESK_START_SERVER(server, harnessOptions());
    const Account ann = newAccount(*server, u"ann"_s);
    QVERIFY(!adminOk(*server, {u"set-subscription"_s, u"--email"_s, ann.email, u"--tier"_s, u"pro"_s,
                               u"--status"_s, u"active"_s})
                 .isEmpty());
    ClientFixture f(*server, ann.token);

    const auto subscription = CALL(api::Subscription, f.client->fetchSubscription(nullptr, cb));
    EXPECT_OK(subscription);
    QCOMPARE(subscription->tier, u"pro"_s);
    QCOMPARE(subscription->status, u"active"_s);
    QCOMPARE(subscription->userId, ann.userId);
    QVERIFY(subscription->cancelAtPeriodEnd.has_value()); // ours sends it

    const QString id = subscription->id;
    const auto preview =
        CALL(api::ProrationPreview, f.client->previewProration(id, u"pro_max"_s, nullptr, cb));
    EXPECT_OK(preview);
    QCOMPARE(preview->fromTier, u"pro"_s);
    QCOMPARE(preview->toTier, u"pro_max"_s);
    QVERIFY(preview->newTierProratedCost >= preview->unusedCreditValue);

    const auto upgrade =
        CALL(api::ProrationChange, f.client->upgradeWithProration(id, u"pro_max"_s, {}, nullptr, cb));
    EXPECT_OK(upgrade);
    QCOMPARE(upgrade->toTier, u"pro_max"_s);
    QCOMPARE(upgrade->netCharge, preview->netCharge);

    const auto history = CALL(api::ProrationHistory, f.client->fetchProrationHistory(id, nullptr, cb));
    EXPECT_OK(history);
    QCOMPARE(history->events.size(), 1);
    QCOMPARE(history->events.at(0).id, upgrade->prorationEventId);

    api::CancelRequest cancel;
    cancel.reason = u"too expensive"_s;
    const auto cancelled = CALL(api::CancelResult, f.client->cancelSubscription(cancel, {}, nullptr, cb));
    EXPECT_OK(cancelled);
    QVERIFY(cancelled->cancelAtPeriodEnd);
}

void TestCloudClientHttp::creditsUsageInvoicesAndSync()
{
    CREDITDESK_START_SERVER(server, harnessOptions());
    const Account ann = newAccount(*server, u"ann"_s);
    QVERIFY(!adminOk(*server, {u"set-subscription"_s, u"--email"_s, ann.email, u"--tier"_s, u"pro"_s,
                               u"--status"_s, u"active"_s})
                 .isEmpty());
    QVERIFY(!adminOk(*server, {u"grant-credits"_s, u"--email"_s, ann.email, u"--amount"_s, u"5000"_s,
                               u"--type"_s, u"bonus"_s})
                 .isEmpty());
    const QJsonObject generated = adminOk(*server, {u"generate-usage"_s, u"--email"_s, ann.email, u"--rows"_s,
                                                    u"30"_s, u"--days"_s, u"3"_s, u"--seed"_s, u"7"_s});
    QCOMPARE(generated.value(u"rows"_s).toInteger(), 30);
    const qint64 generatedAtMs = QDateTime::currentMSecsSinceEpoch();
    ClientFixture f(*server, ann.token);

    const auto period = CALL(api::CreditPeriod, f.client->fetchCreditPeriod(nullptr, cb));
    EXPECT_OK(period);
    QCOMPARE(period->userId, ann.userId);
    QVERIFY(period->totalCredits > 0);

    const auto summary = CALL(api::CreditSummary, f.client->fetchCreditSummary(nullptr, cb));
    EXPECT_OK(summary);
    QVERIFY(summary->sources.has_value());
    QVERIFY(std::any_of(summary->sources->begin(), summary->sources->end(),
                        [](const api::CreditSource &s) { return s.sourceType == "bonus"_L1; }));

    api::UsageQuery query;
    query.limit = 10;
    const auto first = CALL(api::UsagePage, f.client->fetchUsage(query, nullptr, cb));
    EXPECT_OK(first);
    QCOMPARE(first->items.size(), 10);
    QCOMPARE(first->total, 30);
    QVERIFY(first->hasMore);
    query.offset = 20;
    const auto last = CALL(api::UsagePage, f.client->fetchUsage(query, nullptr, cb));
    EXPECT_OK(last);
    QCOMPARE(last->items.size(), 10);
    QVERIFY(!last->hasMore);

    for (const QString &group : {u"day"_s, u"hour"_s, u"model"_s}) {
        api::UsageStatsQuery stats;
        stats.groupBy = group;
        const auto result = CALL(api::UsageStats, f.client->fetchUsageStats(stats, nullptr, cb));
        EXPECT_OK(result);
        QCOMPARE(result->total.requestsCount, 30);
    }
    const auto monthly =
        CALL(api::MonthlySummary, f.client->fetchUsageSummary(u"current_month"_s, nullptr, cb));
    EXPECT_OK(monthly);
    const auto invoices = CALL(api::InvoicePage, f.client->fetchInvoices(10, {}, nullptr, cb));
    EXPECT_OK(invoices);
    QCOMPARE(invoices->count, invoices->invoices.size());

    // Sync state, then a conditional re-read.
    const auto state = CALL(api::SyncStateResult, f.client->fetchSyncState({}, nullptr, cb));
    EXPECT_OK(state);
    QVERIFY(!state->notModified);
    QCOMPARE(state->state.userId, ann.userId);
    QVERIFY(!state->etag.isEmpty());
    QVERIFY(state->state.balance.version > 0);
    const auto same = CALL(api::SyncStateResult, f.client->fetchSyncState(state->etag, nullptr, cb));
    EXPECT_OK(same);
    QVERIFY(same->notModified);
    QCOMPARE(same->etag, state->etag);

    // Cursor paging (§10.5): rows show up once 5 s old, then page through all 30.
    const qint64 visibleAt = generatedAtMs + 6'000;
    while (QDateTime::currentMSecsSinceEpoch() < visibleAt)
        QTest::qWait(250);
    QString cursor;
    QList<api::LedgerRow> rows;
    for (int page = 0; page < 10; ++page) {
        const auto next = CALL(api::LedgerPage, f.client->fetchUsageAfter(cursor, 7, nullptr, cb));
        EXPECT_OK(next);
        rows += next->rows;
        cursor = next->nextCursor;
        if (!next->hasMore)
            break;
    }
    QCOMPARE(rows.size(), 30);
    for (qsizetype i = 1; i < rows.size(); ++i) {
        const bool ordered = rows[i - 1].createdAtMs < rows[i].createdAtMs ||
                             (rows[i - 1].createdAtMs == rows[i].createdAtMs && rows[i - 1].id < rows[i].id);
        QVERIFY(ordered);
    }
    const auto empty = CALL(api::LedgerPage, f.client->fetchUsageAfter(cursor, 7, nullptr, cb));
    EXPECT_OK(empty);
    QVERIFY(empty->rows.isEmpty());
    QCOMPARE(empty->nextCursor, cursor); // unchanged on an empty page
}

void TestCloudClientHttp::licenses()
{
    CREDITDESK_START_SERVER(server, harnessOptions());
    const Account ann = newAccount(*server, u"ann"_s);
    const QJsonObject license = adminOk(*server, {u"create-license"_s, u"--email"_s, ann.email});
    const QString key = license.value(u"license_key"_s).toString();
    QVERIFY(!key.isEmpty());
    ClientFixture f(*server, ann.token);

    const auto activated =
        CALL(api::Activation, f.client->activateLicense(key.toLower(), device(1), {}, nullptr, cb));
    EXPECT_OK(activated);
    QCOMPARE(activated->machineFingerprint, fingerprint(1));
    QCOMPARE(activated->isNewActivation, std::optional<bool>(true));
    QVERIFY(activated->certificate.has_value());
    const auto again = CALL(api::Activation, f.client->activateLicense(key, device(1), {}, nullptr, cb));
    EXPECT_OK(again);
    QCOMPARE(again->isNewActivation, std::optional<bool>(false));
    QCOMPARE(again->activationId, activated->activationId);

    // The certificate verifies against the published key.
    const auto keys = CALL(QList<api::PublicKeyInfo>, f.client->fetchPublicKeys(nullptr, cb));
    EXPECT_OK(keys);
    QVERIFY(!keys->isEmpty());
    const auto publicKey = crypto::Ed25519PublicKey::fromBase64Url(keys->first().publicKey);
    QVERIFY(publicKey.has_value());
    const auto payload = crypto::verifyCertificate(*activated->certificate, {*publicKey});
    EXPECT_OK(payload);
    QCOMPARE(payload->machineFingerprint, fingerprint(1));
    QCOMPARE(payload->userId, ann.userId);

    const auto mine = CALL(std::optional<api::MyLicense>, f.client->fetchMyLicense(nullptr, cb));
    EXPECT_OK(mine);
    QVERIFY(mine->has_value());
    QCOMPARE((*mine)->licenseKey, key);
    QCOMPARE((*mine)->activeDeviceCount, 1);
    const auto details = CALL(api::LicenseDetails, f.client->fetchLicense(key, nullptr, cb));
    EXPECT_OK(details);
    QCOMPARE(details->status, u"active"_s);
    QCOMPARE(details->currentActivations, 1);
    const auto devices = CALL(api::LicenseDevices, f.client->fetchLicenseDevices(key, nullptr, cb));
    EXPECT_OK(devices);
    QCOMPARE(devices->devices.size(), 1);
    QCOMPARE(devices->devices.at(0).id, activated->activationId);
    const auto eligible =
        CALL(api::VersionEligibility, f.client->checkVersionEligibility(key, u"1.5.0"_s, nullptr, cb));
    EXPECT_OK(eligible);
    QVERIFY(eligible->isEligible && eligible->isFree);
    const auto paid =
        CALL(api::VersionEligibility, f.client->checkVersionEligibility(key, u"2.0.0"_s, nullptr, cb));
    EXPECT_OK(paid);
    QVERIFY(!paid->isEligible && paid->requiresPayment);

    const auto renewal =
        CALL(api::CertificateRenewal, f.client->renewCertificate(fingerprint(1), nullptr, cb));
    EXPECT_OK(renewal);
    QCOMPARE(renewal->activationId, activated->activationId);

    const auto replaced =
        CALL(api::Activation, f.client->replaceDevice(activated->activationId, device(2), {}, nullptr, cb));
    EXPECT_OK(replaced);
    QVERIFY(replaced->activationId != activated->activationId);
    QCOMPARE(replaced->machineFingerprint, fingerprint(2));
    const auto deactivated = CALL(void, f.client->deactivateDevice(replaced->activationId, {}, nullptr, cb));
    EXPECT_OK(deactivated);

    auto request = crypto::OfflineActivationRequest::create(key, fingerprint(3), u"Offline box"_s, u"linux"_s,
                                                            QDateTime::currentMSecsSinceEpoch());
    QVERIFY(request.has_value());
    const auto offline =
        CALL(crypto::OfflineActivationResponse, f.client->offlineActivate(*request, {}, nullptr, cb));
    EXPECT_OK(offline);
    QCOMPARE(offline->nonce, request->nonce);
    QCOMPARE(offline->licenseId, activated->licenseId);
}

void TestCloudClientHttp::coupons()
{
    CREDITDESK_START_SERVER(server, harnessOptions());
    const Account ann = newAccount(*server, u"ann"_s);
    QVERIFY(!adminOk(*server, {u"set-subscription"_s, u"--email"_s, ann.email, u"--tier"_s, u"pro"_s,
                               u"--status"_s, u"active"_s})
                 .isEmpty());
    QVERIFY(
        !adminOk(*server, {u"create-coupon"_s, u"--code"_s, u"SAVE20"_s, u"--coupon-type"_s, u"percentage"_s,
                           u"--discount-type"_s, u"percentage"_s, u"--value"_s, u"2000"_s})
             .isEmpty());
    ClientFixture f(*server, ann.token);

    api::CouponCheck check;
    check.code = u" save20"_s;
    check.userId = ann.userId;
    check.subscriptionTier = u"pro"_s;
    check.cartTotal = Money::fromCents(2999).value();
    const auto valid = CALL(api::CouponValidation, f.client->validateCoupon(check, nullptr, cb));
    EXPECT_OK(valid);
    QCOMPARE(valid->code, u"SAVE20"_s);
    QCOMPARE(valid->originalAmount.cents(), 2999);
    QCOMPARE(valid->discountApplied.cents() + valid->finalAmount.cents(), 2999);
    QCOMPARE(*valid->percentageHundredths, 2000);

    const auto subscription = CALL(api::Subscription, f.client->fetchSubscription(nullptr, cb));
    EXPECT_OK(subscription);
    api::CouponRedeem redeem;
    redeem.code = u"SAVE20"_s;
    redeem.subscriptionId = subscription->id;
    redeem.originalAmount = Money::fromCents(2999).value();
    const auto redeemed = CALL(api::Redemption, f.client->redeemCoupon(redeem, {}, nullptr, cb));
    EXPECT_OK(redeemed);
    QCOMPARE(redeemed->redemptionStatus, u"success"_s);
    QCOMPARE(redeemed->discountApplied, valid->discountApplied);

    const auto history =
        CALL(QList<api::RedemptionRecord>, f.client->fetchCouponHistory(ann.userId, nullptr, cb));
    EXPECT_OK(history);
    QCOMPARE(history->size(), 1);
    QCOMPARE(history->at(0).couponCode, u"SAVE20"_s);
    QCOMPARE(history->at(0).id, redeemed->redemptionId);
}

QTEST_GUILESS_MAIN(TestCloudClientHttp)
#include "test_cloud_client_http.moc"

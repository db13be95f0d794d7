// CouponService::validate on SQLite and PostgreSQL: every failing reason in
// report order, warnings, fraud records and the per-user-hour cap.
#include "core/domain/utc_time.h"
#include "server/db/sql_values.h"
#include "tests/integration/coupons/coupon_test_world.h"

#include <QJsonArray>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::server;
using namespace creditdesk::server::test;

namespace {

ValidateRequest validationOf(const QString &userId, const QString &code, const QString &ip = u"10.0.0.1"_s)
{
    ValidateRequest r;
    r.principalUserId = userId;
    r.rawCode = code;
    r.ipAddress = ip;
    r.userAgent = u"CreditDesk/1.0 (Linux)"_s;
    return r;
}

RedeemRequest redeemOf(const QString &userId, const QString &code, const QString &ip = u"10.0.0.1"_s)
{
    RedeemRequest r;
    r.userId = userId;
    r.rawCode = code;
    r.ipAddress = ip;
    r.userAgent = u"CreditDesk/1.0 (Linux)"_s;
    return r;
}

Result<qint64> fraudCount(CouponWorld &world, const QString &type, const QString &severity)
{
    auto value = world.scalar(u"SELECT COUNT(*) FROM coupon_fraud_detection WHERE detection_type = "_s
                                  + sqlv::enumParam(world.db(), u"fraud_detection_type"_s) + u" AND severity = "_s
                                  + sqlv::enumParam(world.db(), u"fraud_severity"_s),
                              {type, severity});
    if (!value)
        return std::unexpected(value.error());
    return value->toLongLong();
}

} // namespace

class TestCouponValidateService : public QObject {
    Q_OBJECT

private slots:
    void everyFailingReasonInReportOrder_data() { addDialectRows(); }
    void everyFailingReasonInReportOrder();
    void notFoundStopsEverything_data() { addDialectRows(); }
    void notFoundStopsEverything();
    void previewAndWarnings_data() { addDialectRows(); }
    void previewAndWarnings();
    void anonymousUsesTheBody_data() { addDialectRows(); }
    void anonymousUsesTheBody();
    void fraudRulesAreRecorded_data() { addDialectRows(); }
    void fraudRulesAreRecorded();
    void velocityAboveFiveIsCritical_data() { addDialectRows(); }
    void velocityAboveFiveIsCritical();
    void tenValidationsPerUserHour_data() { addDialectRows(); }
    void tenValidationsPerUserHour();
};

void TestCouponValidateService::everyFailingReasonInReportOrder()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, CouponWorld::create(dialect));
    CREDITDESK_TRY(user, world->createUser(u"many@example.com"_s));
    auto options = couponOptions(u"ALLWRONG"_s, u"percentage"_s, u"percentage"_s, u"1000"_s);
    options.insert(u"active"_s, u"false"_s);
    options.insert(u"valid-from"_s, toIsoUtc(world->now() - 10 * kMsPerDay));
    options.insert(u"valid-until"_s, toIsoUtc(world->now() - kMsPerDay));
    options.insert(u"tiers"_s, u"pro"_s);
    options.insert(u"cycles"_s, u"yearly"_s);
    options.insert(u"max-uses"_s, u"1"_s);
    options.insert(u"min-purchase-cents"_s, u"5000"_s);
    options.insert(u"rules"_s, u"specific_email_domain=other.com"_s);
    options.insert(u"campaign"_s, u"Spent"_s);
    options.insert(u"budget-cents"_s, u"0"_s);
    CREDITDESK_TRY(coupon, world->createCoupon(options));
    const QString couponId = coupon.value(u"id"_s).toString();
    CREDITDESK_VERIFY_OK(world->setTotalUses(couponId, 1));
    for (int i = 0; i < 3; ++i) // the user's own uses, all within the hour: per-user limit and velocity
        CREDITDESK_VERIFY_OK(world->insertPastRedemption(user, couponId, u"ALLWRONG"_s,
                                                         world->now() - (10 + i) * kMsPerMinute, u"10.0.0.1"_s));
    ValidateRequest request = validationOf(user, u"allwrong"_s);
    request.userAgent = u"curl/8.4.0"_s;
    request.cartTotal = Money::fromCents(1'000).value();

    CREDITDESK_TRY(outcome, world->service().validate(request));
    const QStringList expected{u"COUPON_INACTIVE"_s,          u"COUPON_EXPIRED"_s,
                               u"TIER_NOT_ELIGIBLE"_s,        u"BILLING_CYCLE_NOT_ELIGIBLE"_s,
                               u"MAX_USES_EXCEEDED"_s,        u"MAX_USER_USES_EXCEEDED"_s,
                               u"CAMPAIGN_BUDGET_EXCEEDED"_s, u"MIN_PURCHASE_NOT_MET"_s,
                               u"CUSTOM_RULE_FAILED"_s,       u"FRAUD_DETECTED"_s,
                               u"VELOCITY_LIMIT_EXCEEDED"_s};
    QCOMPARE(outcome.validation.errorCodes(), expected);
    QCOMPARE(outcome.validation.expiredReason, u"expired"_s);
    CREDITDESK_TRY(bots, fraudCount(*world, u"bot_user_agent"_s, u"critical"_s));
    QCOMPARE(bots, 1);
    CREDITDESK_TRY(velocity, fraudCount(*world, u"velocity_abuse"_s, u"high"_s));
    QCOMPARE(velocity, 1);

    // Not yet valid has its own detail.
    auto future = couponOptions(u"LATER123"_s, u"percentage"_s, u"percentage"_s, u"1000"_s);
    future.insert(u"valid-from"_s, toIsoUtc(world->now() + kMsPerDay));
    CREDITDESK_VERIFY_OK(world->createCoupon(future));
    CREDITDESK_TRY(later, world->service().validate(validationOf(user, u"LATER123"_s)));
    QCOMPARE(later.validation.errorCodes(), (QStringList{u"COUPON_EXPIRED"_s, u"VELOCITY_LIMIT_EXCEEDED"_s}));
    QCOMPARE(later.validation.expiredReason, u"not_yet_valid"_s);
}

void TestCouponValidateService::notFoundStopsEverything()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, CouponWorld::create(dialect));
    CREDITDESK_TRY(user, world->createUser(u"nf@example.com"_s));
    CREDITDESK_VERIFY_OK(world->createCoupon(couponOptions(u"DELETED1"_s, u"percentage"_s, u"percentage"_s,
                                                           u"1000"_s)));
    CREDITDESK_TRY(deleted, world->scalar(u"UPDATE coupon SET deleted_at = ?"_s,
                                          {sqlv::timestamp(world->db(), world->now())}));
    Q_UNUSED(deleted);
    for (const QString &code : {u"NOSUCHCODE"_s, u"ab"_s, u"' OR 1=1 --"_s, u"DELETED1"_s, QString(60, u'A')}) {
        ValidateRequest request = validationOf(user, code);
        request.userAgent = u"python-requests/2.31"_s; // nothing runs after COUPON_NOT_FOUND
        CREDITDESK_TRY(outcome, world->service().validate(request));
        QCOMPARE(outcome.validation.errorCodes(), QStringList{u"COUPON_NOT_FOUND"_s});
    }
    CREDITDESK_TRY(records, world->count(u"coupon_fraud_detection"_s));
    QCOMPARE(records, 0);
}

void TestCouponValidateService::previewAndWarnings()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, CouponWorld::create(dialect));
    CREDITDESK_TRY(user, world->createUser(u"warn@example.com"_s));
    CREDITDESK_VERIFY_OK(world->createSubscription(user)); // pro monthly 1,500
    auto low = couponOptions(u"TWENTYOFF"_s, u"fixed_amount"_s, u"fixed_amount"_s, u"2000"_s);
    low.insert(u"campaign"_s, u"Small"_s);
    low.insert(u"budget-cents"_s, u"1000"_s);
    CREDITDESK_VERIFY_OK(world->createCoupon(low));

    // Preview on the subscription's price, and the budget warning (spent 0 + 1,500 > 1,000).
    CREDITDESK_TRY(outcome, world->service().validate(validationOf(user, u"TWENTYOFF"_s)));
    QVERIFY(outcome.validation.isValid());
    QCOMPARE(outcome.preview.original.cents(), 1'500);
    QCOMPARE(outcome.preview.discount.cents(), 1'500);
    QCOMPARE(outcome.preview.final.cents(), 0);
    QCOMPARE(outcome.validation.warnings, QList<CouponReason>{CouponReason::CampaignBudgetLow});
    auto redeemed = world->service().redeem(redeemOf(user, u"TWENTYOFF"_s));
    QVERIFY(!redeemed);
    QCOMPARE(redeemed.error().details.value(u"reasons"_s).toArray(), QJsonArray{u"CAMPAIGN_BUDGET_EXCEEDED"_s});

    // DEVICE_FINGERPRINT_MISMATCH: > 5 past redemption IPs and this one new (ip_switching, medium).
    CREDITDESK_VERIFY_OK(world->createCoupon(couponOptions(u"OLDONE1"_s, u"percentage"_s, u"percentage"_s,
                                                           u"500"_s)));
    CREDITDESK_TRY(old, world->scalar(u"SELECT id FROM coupon WHERE code = ?"_s, {u"OLDONE1"_s}));
    for (int i = 1; i <= 6; ++i)
        CREDITDESK_VERIFY_OK(world->insertPastRedemption(user, sqlv::readUuid(old), u"OLDONE1"_s,
                                                         world->now() - i * kMsPerDay, u"192.0.2.%1"_s.arg(i)));
    CREDITDESK_VERIFY_OK(world->createCoupon(couponOptions(u"CREDIT50"_s, u"duration_bonus"_s, u"credits"_s,
                                                           u"50"_s)));
    CREDITDESK_TRY(known, world->service().validate(validationOf(user, u"CREDIT50"_s, u"192.0.2.3"_s)));
    QVERIFY(known.validation.warnings.isEmpty());
    CREDITDESK_TRY(moved, world->service().validate(validationOf(user, u"CREDIT50"_s, u"198.51.100.7"_s)));
    QVERIFY(moved.validation.isValid());
    QCOMPARE(moved.validation.warnings, QList<CouponReason>{CouponReason::DeviceFingerprintMismatch});
    QCOMPARE(moved.preview.credits.units(), Credits::fromWhole(50)->units());
    QCOMPARE(moved.preview.discount.cents(), 0);
    CREDITDESK_TRY(switching, fraudCount(*world, u"ip_switching"_s, u"medium"_s));
    QCOMPARE(switching, 1);
    CREDITDESK_TRY(flagged, world->scalar(u"SELECT COUNT(*) FROM coupon_fraud_detection WHERE is_flagged = ?"_s,
                                          {sqlv::boolean(world->db(), true)}));
    QCOMPARE(flagged.toInt(), 0); // logged, not flagged
}

void TestCouponValidateService::anonymousUsesTheBody()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, CouponWorld::create(dialect));
    CREDITDESK_TRY(user, world->createUser(u"anon@example.com"_s)); // free in the database
    auto proOnly = couponOptions(u"PROONLY1"_s, u"percentage"_s, u"percentage"_s, u"2500"_s);
    proOnly.insert(u"tiers"_s, u"pro"_s);
    CREDITDESK_VERIFY_OK(world->createCoupon(proOnly));

    ValidateRequest body;
    body.rawCode = u"PROONLY1"_s;
    body.bodyUserId = user;
    body.bodyTier = SubscriptionTier::Pro;
    body.cartTotal = Money::fromCents(15'000).value();
    CREDITDESK_TRY(trusted, world->service().validate(body)); // without a Bearer: the body's tier
    QVERIFY(trusted.validation.isValid());
    QCOMPARE(trusted.preview.discount.cents(), 3'750); // [CpnPct]
    QCOMPARE(trusted.preview.final.cents(), 11'250);

    ValidateRequest bearer = body;
    bearer.principalUserId = user; // with one: the token's user and real tier
    CREDITDESK_TRY(real, world->service().validate(bearer));
    QCOMPARE(real.validation.errorCodes(), QStringList{u"TIER_NOT_ELIGIBLE"_s});

    ValidateRequest nobody;
    nobody.rawCode = u"PROONLY1"_s;
    CREDITDESK_TRY(free, world->service().validate(nobody));
    QCOMPARE(free.validation.errorCodes(), QStringList{u"TIER_NOT_ELIGIBLE"_s});
}

void TestCouponValidateService::fraudRulesAreRecorded()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, CouponWorld::create(dialect));
    CREDITDESK_TRY(user, world->createUser(u"fraud@example.com"_s));
    for (const QString &code : {u"FIRST100"_s, u"SECOND100"_s, u"THIRD100"_s})
        CREDITDESK_VERIFY_OK(world->createCoupon(couponOptions(code, u"duration_bonus"_s, u"credits"_s, u"100"_s)));

    // A bot user agent blocks and leaves a critical flag that keeps blocking.
    RedeemRequest bot = redeemOf(user, u"THIRD100"_s);
    bot.userAgent = u"Mozilla/5.0 (compatible; Googlebot/2.1)"_s;
    auto blocked = world->service().redeem(bot);
    QVERIFY(!blocked);
    QCOMPARE(blocked.error().details.value(u"reasons"_s).toArray(), QJsonArray{u"FRAUD_DETECTED"_s});
    auto again = world->service().redeem(redeemOf(user, u"THIRD100"_s));
    QVERIFY(!again);
    QCOMPARE(again.error().details.value(u"reasons"_s).toArray(), QJsonArray{u"FRAUD_DETECTED"_s});
    CREDITDESK_TRY(critical, fraudCount(*world, u"bot_user_agent"_s, u"critical"_s));
    QCOMPARE(critical, 1);

    // Two redemptions from two IPs within minutes: ip_switching and stacking_abuse are logged.
    CREDITDESK_VERIFY_OK(world->service().redeem(redeemOf(user, u"FIRST100"_s, u"10.0.0.1"_s)));
    world->clock().advanceMs(2 * kMsPerMinute);
    CREDITDESK_TRY(second, world->service().redeem(redeemOf(user, u"SECOND100"_s, u"10.0.0.2"_s)));
    CREDITDESK_TRY(switching, fraudCount(*world, u"ip_switching"_s, u"medium"_s));
    QCOMPARE(switching, 1);
    CREDITDESK_TRY(stacking, fraudCount(*world, u"stacking_abuse"_s, u"low"_s));
    QCOMPARE(stacking, 1);
    CREDITDESK_TRY(linked, world->scalar(u"SELECT COUNT(*) FROM coupon_fraud_detection WHERE redemption_id = ?"_s,
                                         {sqlv::uuid(world->db(), second.redemptionId)}));
    QCOMPARE(linked.toInt(), 2);
}

void TestCouponValidateService::velocityAboveFiveIsCritical()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, CouponWorld::create(dialect));
    CREDITDESK_TRY(user, world->createUser(u"fast@example.com"_s));
    CREDITDESK_TRY(other, world->createCoupon(couponOptions(u"OTHER100"_s, u"percentage"_s, u"percentage"_s,
                                                            u"100"_s)));
    CREDITDESK_VERIFY_OK(world->createCoupon(couponOptions(u"TARGET10"_s, u"percentage"_s, u"percentage"_s,
                                                           u"1000"_s)));
    for (int i = 1; i <= 6; ++i)
        CREDITDESK_VERIFY_OK(world->insertPastRedemption(user, other.value(u"id"_s).toString(), u"OTHER100"_s,
                                                         world->now() - i * kMsPerMinute * 5, u"10.0.0.1"_s));
    CREDITDESK_TRY(first, world->service().validate(validationOf(user, u"TARGET10"_s)));
    QCOMPARE(first.validation.errorCodes(), QStringList{u"VELOCITY_LIMIT_EXCEEDED"_s});
    CREDITDESK_TRY(critical, fraudCount(*world, u"velocity_abuse"_s, u"critical"_s));
    QCOMPARE(critical, 1);
    // The critical record now blocks this coupon for the user, even after the hour.
    world->clock().advanceMs(2 * kMsPerHour);
    CREDITDESK_TRY(later, world->service().validate(validationOf(user, u"TARGET10"_s)));
    QCOMPARE(later.validation.errorCodes(), QStringList{u"FRAUD_DETECTED"_s});
}

void TestCouponValidateService::tenValidationsPerUserHour()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, CouponWorld::create(dialect));
    world->env().rateLimitsEnabled = true;
    CREDITDESK_TRY(user, world->createUser(u"busy@example.com"_s));
    CREDITDESK_VERIFY_OK(world->createCoupon(couponOptions(u"TRYME123"_s, u"percentage"_s, u"percentage"_s,
                                                           u"1000"_s)));
    for (int i = 0; i < 10; ++i) {
        world->clock().advanceMs(kMsPerMinute);
        CREDITDESK_VERIFY_OK(world->service().validate(validationOf(user, i % 2 ? u"TRYME123"_s : u"NOPE1234"_s)));
    }
    auto eleventh = world->service().validate(validationOf(user, u"TRYME123"_s));
    QVERIFY(!eleventh);
    QCOMPARE(eleventh.error().code, u"rate_limited"_s);
    QCOMPARE(eleventh.error().details.value(u"limit"_s).toInt(), 10);
    QCOMPARE(eleventh.error().details.value(u"retryAfter"_s).toInteger(), 3'600 - 9 * 60);
    QCOMPARE(eleventh.error().details.value(u"scope"_s).toString(), u"user"_s);

    ValidateRequest anonymous; // no user: only the router's per-IP limit applies
    anonymous.rawCode = u"TRYME123"_s;
    for (int i = 0; i < 12; ++i)
        CREDITDESK_VERIFY_OK(world->service().validate(anonymous));

    world->clock().advanceMs(3'600 * 1'000 - 9 * kMsPerMinute);
    CREDITDESK_VERIFY_OK(world->service().validate(validationOf(user, u"TRYME123"_s)));
}

QTEST_GUILESS_MAIN(TestCouponValidateService)
#include "test_coupon_validate_service.moc"

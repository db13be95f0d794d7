// CouponService on SQLite and PostgreSQL: each discount type's effect, the
// redeem errors, deletion keeping history, the admin command.
#include "core/domain/credits.h"
#include "core/domain/utc_time.h"
#include "server/coupons/coupon_admin.h"
#include "server/db/sql_values.h"
#include "tests/integration/coupons/coupon_test_world.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::server;
using namespace creditdesk::server::test;

namespace {

RedeemRequest redeemOf(const QString &userId, const QString &code, const QString &ip = u"10.0.0.1"_s)
{
    RedeemRequest r;
    r.userId = userId;
    r.rawCode = code;
    r.ipAddress = ip;
    r.userAgent = u"CreditDesk/1.0 (Linux)"_s;
    return r;
}

} // namespace

class TestCouponService : public QObject {
    Q_OBJECT

private slots:
    void creditsCouponAddsACouponGrant_data() { addDialectRows(); }
    void creditsCouponAddsACouponGrant();
    void monthsFreeExtendsThePeriod_data() { addDialectRows(); }
    void monthsFreeExtendsThePeriod();
    void percentageAndFixedRecordTheCents_data() { addDialectRows(); }
    void percentageAndFixedRecordTheCents();
    void tierSpecificUsesTheTargetPrice_data() { addDialectRows(); }
    void tierSpecificUsesTheTargetPrice();
    void byokMigrationCreatesAPendingLicense_data() { addDialectRows(); }
    void byokMigrationCreatesAPendingLicense();
    void redeemErrorsWriteNothing_data() { addDialectRows(); }
    void redeemErrorsWriteNothing();
    void campaignBudgetIsNeverExceeded_data() { addDialectRows(); }
    void campaignBudgetIsNeverExceeded();
    void deletingACouponKeepsHistory_data() { addDialectRows(); }
    void deletingACouponKeepsHistory();
    void adminCommandChecksItsArguments_data() { addDialectRows(); }
    void adminCommandChecksItsArguments();
};

void TestCouponService::creditsCouponAddsACouponGrant()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, CouponWorld::create(dialect));
    Connection &db = world->db();
    CREDITDESK_TRY(user, world->createUser(u"credits@example.com"_s));
    CREDITDESK_VERIFY_OK(world->grantSubscriptionCredits(user, 100));
    CREDITDESK_VERIFY_OK(world->createCoupon(couponOptions(u"CREDITS2000"_s, u"duration_bonus"_s, u"credits"_s,
                                                           u"2000"_s)));

    // [CpnCredits]: + a `coupon` grant of 2,000 expiring in 365 days; discount 0.
    CREDITDESK_TRY(outcome, world->service().redeem(redeemOf(user, u"  credits2000 "_s)));
    QCOMPARE(outcome.discountApplied.cents(), 0);
    QCOMPARE(outcome.finalAmount.cents(), 0);
    QVERIFY(!outcome.creditAllocationId.isEmpty());

    CREDITDESK_TRY(balanceValue, world->scalar(u"SELECT amount FROM user_credit_balance WHERE user_id = ?"_s,
                                               {sqlv::uuid(db, user)}));
    CREDITDESK_TRY(balance, sqlv::readCredits(db, balanceValue));
    QCOMPARE(balance.units(), Credits::fromWhole(2'100)->units());

    QSqlQuery grant(db.database());
    grant.prepare(u"SELECT credit_type, source, amount, remaining, expires_at, balance_id, applied_to_balance_at "
                  u"FROM credit_allocation WHERE id = ?"_s);
    grant.addBindValue(sqlv::uuid(db, outcome.creditAllocationId));
    QVERIFY(grant.exec() && grant.next());
    QCOMPARE(grant.value(0).toString(), u"coupon"_s);
    QCOMPARE(grant.value(1).toString(), u"coupon"_s);
    QCOMPARE(sqlv::readCredits(db, grant.value(2))->units(), Credits::fromWhole(2'000)->units());
    QCOMPARE(sqlv::readCredits(db, grant.value(3))->units(), Credits::fromWhole(2'000)->units());
    QCOMPARE(*sqlv::readTimestamp(db, grant.value(4)), world->now() + 365 * kMsPerDay);
    QVERIFY(!grant.value(5).isNull());
    QCOMPARE(*sqlv::readTimestamp(db, grant.value(6)), world->now());

    CREDITDESK_TRY(sources, world->count(u"user_credit_source"_s, u"source_type"_s, u"coupon_promotion"_s));
    QCOMPARE(sources, 1);
    CREDITDESK_TRY(linked, world->scalar(u"SELECT credit_allocation_id FROM coupon_redemption WHERE id = ?"_s,
                                         {sqlv::uuid(db, outcome.redemptionId)}));
    QCOMPARE(sqlv::readUuid(linked), outcome.creditAllocationId);
    CREDITDESK_TRY(uses, world->scalar(u"SELECT total_uses FROM coupon_usage_limit"_s));
    QCOMPARE(uses.toInt(), 1);
    CREDITDESK_TRY(versions, world->scalar(u"SELECT coupons_version * 10 + balance_version FROM user_sync_state "
                                           u"WHERE user_id = ?"_s,
                                           {sqlv::uuid(db, user)}));
    QCOMPARE(versions.toInt(), 11);
}

void TestCouponService::monthsFreeExtendsThePeriod()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, CouponWorld::create(dialect));
    Connection &db = world->db();
    CREDITDESK_TRY(user, world->createUser(u"months@example.com"_s));
    // [CpnMonthsFree]: pro annual 15,000, end 2026-12-01 → 2027-01-01, discount 0.
    CouponWorld::Subscription annual;
    annual.interval = BillingInterval::Yearly;
    annual.priceCents = 15'000;
    annual.periodStartMs = *utcMs(2025, 12, 1);
    annual.periodEndMs = *utcMs(2026, 12, 1);
    CREDITDESK_TRY(subscription, world->createSubscription(user, annual));
    CREDITDESK_VERIFY_OK(world->createCoupon(couponOptions(u"MONTHFREE"_s, u"duration_bonus"_s, u"months_free"_s,
                                                           u"1"_s)));

    CREDITDESK_TRY(outcome, world->service().redeem(redeemOf(user, u"MONTHFREE"_s)));
    QCOMPARE(outcome.monthsAdded, 1);
    QCOMPARE(outcome.discountApplied.cents(), 0);
    CREDITDESK_TRY(end, world->scalar(u"SELECT current_period_end FROM subscription_monetization WHERE id = ?"_s,
                                      {sqlv::uuid(db, subscription)}));
    QCOMPARE(*sqlv::readTimestamp(db, end), *utcMs(2027, 1, 1));
    CREDITDESK_TRY(row, world->scalar(u"SELECT months_added FROM coupon_redemption WHERE subscription_id = ?"_s,
                                      {sqlv::uuid(db, subscription)}));
    QCOMPARE(row.toInt(), 1);
    CREDITDESK_TRY(version, world->scalar(u"SELECT subscription_version FROM user_sync_state WHERE user_id = ?"_s,
                                          {sqlv::uuid(db, user)}));
    QCOMPARE(version.toInt(), 1);
}

void TestCouponService::percentageAndFixedRecordTheCents()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, CouponWorld::create(dialect));
    Connection &db = world->db();
    CREDITDESK_VERIFY_OK(world->createCoupon(couponOptions(u"PCT1750"_s, u"percentage"_s, u"percentage"_s,
                                                           u"1750"_s)));
    CREDITDESK_VERIFY_OK(world->createCoupon(couponOptions(u"FIXED2000"_s, u"fixed_amount_discount"_s,
                                                           u"fixed_amount"_s, u"2000"_s)));
    struct Case {
        QString code;
        std::int64_t original, discount, final;
        std::optional<Money> explicitAmount;
        bool subscribed;
    };
    // [CpnPctRound] 17.50 % of pro 1,500 = 262.5 → 263; [CpnFixedCap] $20 on 1,500 → 1,500 (500 forfeited);
    // a checkout amount instead of a subscription: $20 off $123.45.
    const Case cases[] = {
        {u"PCT1750"_s, 1'500, 263, 1'237, std::nullopt, true},
        {u"FIXED2000"_s, 1'500, 1'500, 0, std::nullopt, true},
        {u"FIXED2000"_s, 12'345, 2'000, 10'345, Money::fromCents(12'345).value(), false},
    };
    int i = 0;
    for (const Case &c : cases) {
        CREDITDESK_TRY(user, world->createUser(u"pct%1@example.com"_s.arg(++i)));
        QString subscription;
        if (c.subscribed) {
            CREDITDESK_TRY(created, world->createSubscription(user));
            subscription = created;
        }
        RedeemRequest request = redeemOf(user, c.code);
        request.originalAmount = c.explicitAmount;
        CREDITDESK_TRY(outcome, world->service().redeem(request));
        QCOMPARE(outcome.discountApplied.cents(), c.discount);
        QCOMPARE(outcome.finalAmount.cents(), c.final);
        QSqlQuery row(db.database());
        row.prepare(u"SELECT original_amount_usd, discount_applied_usd, final_amount_usd, subscription_id, "
                    u"tier_before, redemption_status FROM coupon_redemption WHERE id = ?"_s);
        row.addBindValue(sqlv::uuid(db, outcome.redemptionId));
        QVERIFY(row.exec() && row.next());
        QCOMPARE(sqlv::readUsd(db, row.value(0))->cents(), c.original);
        QCOMPARE(sqlv::readUsd(db, row.value(1))->cents(), c.discount);
        QCOMPARE(sqlv::readUsd(db, row.value(2))->cents(), c.final);
        QCOMPARE(sqlv::readUuid(row.value(3)), subscription);
        QCOMPARE(row.value(4).toString(), c.subscribed ? u"pro"_s : u"free"_s);
        QCOMPARE(row.value(5).toString(), u"success"_s);
    }
    CREDITDESK_TRY(discounts, world->scalar(u"SELECT SUM(total_discount_cents) FROM coupon_usage_limit"_s));
    QCOMPARE(discounts.toLongLong(), 263 + 1'500 + 2'000);
}

void TestCouponService::tierSpecificUsesTheTargetPrice()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, CouponWorld::create(dialect));
    auto options = couponOptions(u"UPGRADE20"_s, u"tier_specific"_s, u"percentage"_s, u"2000"_s);
    options.insert(u"transitions"_s, u"pro:pro_max"_s);
    CREDITDESK_VERIFY_OK(world->createCoupon(options));
    CREDITDESK_TRY(pro, world->createUser(u"pro@example.com"_s));
    CREDITDESK_VERIFY_OK(world->createSubscription(pro));
    CREDITDESK_TRY(free, world->createUser(u"free@example.com"_s));

    ValidateRequest request;
    request.rawCode = u"UPGRADE20"_s;
    request.principalUserId = pro;
    CREDITDESK_TRY(valid, world->service().validate(request));
    QVERIFY2(valid.validation.isValid(), qPrintable(valid.validation.errorCodes().join(u',')));
    QCOMPARE(valid.preview.original.cents(), 19'900); // pro_max monthly
    QCOMPARE(valid.preview.discount.cents(), 3'980);

    request.principalUserId = free;
    CREDITDESK_TRY(invalid, world->service().validate(request));
    QCOMPARE(invalid.validation.errorCodes(), QStringList{u"TIER_NOT_ELIGIBLE"_s});

    CREDITDESK_TRY(outcome, world->service().redeem(redeemOf(pro, u"UPGRADE20"_s)));
    QCOMPARE(outcome.discountApplied.cents(), 3'980);
    CREDITDESK_TRY(after, world->scalar(u"SELECT tier_after FROM coupon_redemption"_s));
    QCOMPARE(after.toString(), u"pro_max"_s);
}

void TestCouponService::byokMigrationCreatesAPendingLicense()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, CouponWorld::create(dialect));
    Connection &db = world->db();
    CREDITDESK_TRY(user, world->createUser(u"byok@example.com"_s));
    CREDITDESK_VERIFY_OK(world->createCoupon(couponOptions(u"BYOK2025"_s, u"perpetual_migration"_s,
                                                           u"percentage"_s, u"6000"_s)));
    // [CpnPerpPct]: migration 60 % of 19,900 → 11,940 off, 7,960 paid.
    CREDITDESK_TRY(outcome, world->service().redeem(redeemOf(user, u"byok2025"_s)));
    QCOMPARE(outcome.discountApplied.cents(), 11'940);
    QCOMPARE(outcome.finalAmount.cents(), 7'960);
    QVERIFY(!outcome.licenseId.isEmpty());
    QSqlQuery license(db.database());
    license.prepare(u"SELECT license_key, status, acquisition_coupon_code, purchase_price_cents, user_id, "
                    u"max_activations, eligible_until_version FROM perpetual_license WHERE id = ?"_s);
    license.addBindValue(sqlv::uuid(db, outcome.licenseId));
    QVERIFY(license.exec() && license.next());
    static const QRegularExpression keyShape(u"^REPHLO(-[2-9A-HJ-NP-Z]{4}){4}$"_s);
    QVERIFY(keyShape.match(license.value(0).toString()).hasMatch());
    QCOMPARE(license.value(1).toString(), u"pending"_s);
    QCOMPARE(license.value(2).toString(), u"BYOK2025"_s);
    QCOMPARE(license.value(3).toLongLong(), 7'960);
    QCOMPARE(sqlv::readUuid(license.value(4)), user);
    QCOMPARE(license.value(5).toInt(), 3);
    QCOMPARE(license.value(6).toString(), u"1.99.99"_s);
    CREDITDESK_TRY(linked, world->scalar(u"SELECT perpetual_license_id FROM coupon_redemption WHERE id = ?"_s,
                                         {sqlv::uuid(db, outcome.redemptionId)}));
    QCOMPARE(sqlv::readUuid(linked), outcome.licenseId);
}

void TestCouponService::redeemErrorsWriteNothing()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, CouponWorld::create(dialect));
    CREDITDESK_TRY(alice, world->createUser(u"alice@example.com"_s));
    CREDITDESK_TRY(bob, world->createUser(u"bob@example.com"_s));
    CREDITDESK_VERIFY_OK(world->createSubscription(alice));
    CREDITDESK_TRY(bobSubscription, world->createSubscription(bob));
    CREDITDESK_VERIFY_OK(world->createCoupon(couponOptions(u"ONCEONLY"_s, u"percentage"_s, u"percentage"_s,
                                                           u"1000"_s)));
    CREDITDESK_VERIFY_OK(world->createCoupon(couponOptions(u"FREEMONTH"_s, u"duration_bonus"_s,
                                                           u"months_free"_s, u"1"_s)));
    CREDITDESK_VERIFY_OK(world->service().redeem(redeemOf(alice, u"ONCEONLY"_s)));

    auto expectError = [&](const RedeemRequest &request, QLatin1StringView code, const QStringList &reasons) {
        auto result = world->service().redeem(request);
        QVERIFY(!result);
        QCOMPARE(result.error().code, QString(code));
        QStringList actual;
        for (const QJsonValue &reason : result.error().details.value(u"reasons"_s).toArray())
            actual.append(reason.toString());
        QCOMPARE(actual, reasons);
    };
    expectError(redeemOf(alice, u"NOSUCHCODE"_s), cpnerr::couponNotFound, {});
    expectError(redeemOf(alice, u"x'; DROP TABLE coupon; --"_s), cpnerr::couponNotFound, {});
    RedeemRequest foreign = redeemOf(alice, u"ONCEONLY"_s);
    foreign.subscriptionId = bobSubscription; // ours: owner only
    expectError(foreign, cpnerr::subscriptionNotFound, {});
    expectError(redeemOf(alice, u"ONCEONLY"_s), cpnerr::redemptionFailed, {u"MAX_USER_USES_EXCEEDED"_s});
    CREDITDESK_TRY(carol, world->createUser(u"carol@example.com"_s));
    expectError(redeemOf(carol, u"FREEMONTH"_s), cpnerr::redemptionFailed, {u"VALIDATION_ERROR"_s});

    CREDITDESK_TRY(redemptions, world->count(u"coupon_redemption"_s));
    QCOMPARE(redemptions, 1);
    CREDITDESK_TRY(uses, world->scalar(u"SELECT SUM(total_uses) FROM coupon_usage_limit"_s));
    QCOMPARE(uses.toInt(), 1);
}

void TestCouponService::campaignBudgetIsNeverExceeded()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, CouponWorld::create(dialect));
    auto options = couponOptions(u"FIVEOFF"_s, u"fixed_amount"_s, u"fixed_amount"_s, u"500"_s);
    options.insert(u"campaign"_s, u"Spring"_s);
    options.insert(u"budget-cents"_s, u"1200"_s);
    CREDITDESK_TRY(coupon, world->createCoupon(options));
    QCOMPARE(coupon.value(u"campaign"_s).toObject().value(u"budget_cents"_s).toInteger(), 1'200);
    CREDITDESK_TRY(users, world->createUsers(u"budget"_s, 3));
    for (const QString &user : users)
        CREDITDESK_VERIFY_OK(world->createSubscription(user));
    CREDITDESK_VERIFY_OK(world->service().redeem(redeemOf(users[0], u"FIVEOFF"_s)));
    CREDITDESK_VERIFY_OK(world->service().redeem(redeemOf(users[1], u"FIVEOFF"_s)));
    // 1,000 spent: the next 500 would pass 1,200, so validation warns and redemption refuses.
    ValidateRequest request;
    request.rawCode = u"FIVEOFF"_s;
    request.principalUserId = users[2];
    CREDITDESK_TRY(validation, world->service().validate(request));
    QVERIFY(validation.validation.isValid());
    QCOMPARE(validation.validation.warnings, QList<CouponReason>{CouponReason::CampaignBudgetLow});
    auto third = world->service().redeem(redeemOf(users[2], u"FIVEOFF"_s));
    QVERIFY(!third);
    QCOMPARE(third.error().details.value(u"reasons"_s).toArray(), QJsonArray{u"CAMPAIGN_BUDGET_EXCEEDED"_s});
    CREDITDESK_TRY(spent, world->scalar(u"SELECT spent_cents FROM coupon_campaign"_s));
    QCOMPARE(spent.toLongLong(), 1'000);
}

void TestCouponService::deletingACouponKeepsHistory()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, CouponWorld::create(dialect));
    CREDITDESK_TRY(user, world->createUser(u"history@example.com"_s));
    CREDITDESK_VERIFY_OK(world->createCoupon(couponOptions(u"GONE100"_s, u"duration_bonus"_s, u"credits"_s,
                                                           u"100"_s)));
    CREDITDESK_VERIFY_OK(world->createCoupon(couponOptions(u"STAYS100"_s, u"duration_bonus"_s, u"credits"_s,
                                                           u"100"_s)));
    CREDITDESK_TRY(first, world->service().redeem(redeemOf(user, u"GONE100"_s)));
    world->clock().advanceMs(kMsPerMinute * 20);
    CREDITDESK_TRY(second, world->service().redeem(redeemOf(user, u"STAYS100"_s)));

    CREDITDESK_VERIFY_OK(coupon_admin::deleteCoupon(world->db(), world->env(), {{u"code"_s, u"GONE100"_s}}));
    ValidateRequest request;
    request.rawCode = u"GONE100"_s;
    request.principalUserId = user;
    CREDITDESK_TRY(validation, world->service().validate(request));
    QCOMPARE(validation.validation.errorCodes(), QStringList{u"COUPON_NOT_FOUND"_s});
    QCOMPARE(world->service().redeem(redeemOf(user, u"GONE100"_s)).error().code, QString(cpnerr::couponNotFound));

    CREDITDESK_TRY(list, world->service().redemptionsOf(user));
    QCOMPARE(list.size(), 2);
    QCOMPARE(list[0].id, second.redemptionId); // newest first
    QCOMPARE(list[1].couponCode, u"GONE100"_s);

    // A hard delete sets the links NULL (seed 5.1); code and counters stay.
    CREDITDESK_TRY(deleted, world->scalar(u"DELETE FROM coupon WHERE code = ?"_s, {u"GONE100"_s}));
    Q_UNUSED(deleted);
    CREDITDESK_TRY(orphans, world->count(u"coupon_redemption"_s, u"coupon_id"_s, QVariant()));
    QCOMPARE(orphans, 1);
    CREDITDESK_TRY(code, world->scalar(u"SELECT coupon_code FROM coupon_redemption WHERE id = ?"_s,
                                       {sqlv::uuid(world->db(), first.redemptionId)}));
    QCOMPARE(code.toString(), u"GONE100"_s);
    CREDITDESK_TRY(counters, world->count(u"coupon_usage_limit"_s));
    QCOMPARE(counters, 2);
    CREDITDESK_TRY(after, world->service().redemptionsOf(user));
    QCOMPARE(after.size(), 2);
}

void TestCouponService::adminCommandChecksItsArguments()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, CouponWorld::create(dialect));
    auto ok = couponOptions(u"WELCOME25"_s, u"percentage_discount"_s, u"percentage"_s, u"2500"_s);
    ok.insert(u"max-uses"_s, u"100"_s);
    ok.insert(u"tiers"_s, u"free,pro"_s);
    ok.insert(u"valid-until"_s, u"2026-12-31T23:59:59.000Z"_s);
    CREDITDESK_TRY(coupon, world->createCoupon(ok));
    QCOMPARE(coupon.value(u"code"_s).toString(), u"WELCOME25"_s);
    QCOMPARE(coupon.value(u"coupon_type"_s).toString(), u"percentage"_s);
    QCOMPARE(coupon.value(u"discount_value"_s).toInteger(), 2'500);
    QCOMPARE(coupon.value(u"max_uses"_s).toInteger(), 100);
    QCOMPARE(coupon.value(u"tier_eligibility"_s).toArray(), (QJsonArray{u"free"_s, u"pro"_s}));
    QCOMPARE(coupon.value(u"valid_until"_s).toString(), u"2026-12-31T23:59:59.000Z"_s);

    const QList<QPair<QString, QString>> bad = {
        {u"code"_s, u"AB"_s},          {u"code"_s, u"BAD'CODE"_s},  {u"coupon-type"_s, u"gift"_s},
        {u"discount-type"_s, u"cash"_s}, {u"value"_s, u"10001"_s},  {u"value"_s, u"-5"_s},
        {u"value"_s, u"1e3"_s},        {u"max-uses"_s, u"0"_s},     {u"tiers"_s, u"gold"_s},
        {u"valid-until"_s, u"2020-01-01T00:00:00.000Z"_s},          {u"valid-from"_s, u"yesterday"_s},
        {u"budget-cents"_s, u"100"_s}, {u"rules"_s, u"be_nice"_s},  {u"active"_s, u"yes"_s},
    };
    for (const auto &[option, value] : bad) {
        auto options = couponOptions(u"OTHER25"_s, u"percentage"_s, u"percentage"_s, u"2500"_s);
        options.insert(option, value);
        auto result = world->createCoupon(options);
        QVERIFY2(!result, qPrintable(option + u'=' + value));
        QCOMPARE(result.error().code, u"invalid_arguments"_s);
    }
    auto duplicate = world->createCoupon(ok);
    QVERIFY(!duplicate);
    QCOMPARE(duplicate.error().code, u"conflict"_s);
    CREDITDESK_TRY(coupons, world->count(u"coupon"_s));
    QCOMPARE(coupons, 1);
}

QTEST_GUILESS_MAIN(TestCouponService)
#include "test_coupon_service.moc"

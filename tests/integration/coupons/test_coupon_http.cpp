// The coupon API over HTTP (api-contract §9) against a real creditdesk-server
// on SQLite and PostgreSQL: both validate shapes, redeem and the redemption
// list end to end, every error code, bad input, the admin command.
#include "core/domain/utc_time.h"
#include "server/db/sql_values.h"
#include "tests/integration/coupons/coupon_http_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QtTest>

#include <map>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::test;

class TestCouponHttp : public QObject {
    Q_OBJECT

private slots:
    void validateAnswersBothShapes_data() { addDialectRows(); }
    void validateAnswersBothShapes();
    void validateRejectsBadBodies_data() { addDialectRows(); }
    void validateRejectsBadBodies();
    void redeemAndListEndToEnd_data() { addDialectRows(); }
    void redeemAndListEndToEnd();
    void redeemErrors_data() { addDialectRows(); }
    void redeemErrors();
    void adminCommandSyntax_data() { addDialectRows(); }
    void adminCommandSyntax();

private:
    ServerHarness *server();
    std::map<int, std::unique_ptr<ServerHarness>> m_servers;
};

namespace {

QString insertSubscription(const ServerHarness &server, const QString &userId, std::int64_t priceCents,
                           std::int64_t *periodEndMs = nullptr)
{
    auto db = openServerDatabase(server);
    if (!db)
        return {};
    const std::int64_t start = QDateTime::currentMSecsSinceEpoch() - 3 * kMsPerDay;
    const std::int64_t end = *addMonths(start, 1);
    const QString id = server::sqlv::newUuid();
    QSqlQuery q(db->database());
    q.prepare(u"INSERT INTO subscription_monetization (id, user_id, tier, status, billing_interval, base_price_usd, "
              u"price_cents, monthly_credit_allocation, started_at, current_period_start, current_period_end) "
              u"VALUES (?, ?, "_s + server::sqlv::enumParam(*db, u"subscription_tier"_s) + u", "_s
              + server::sqlv::enumParam(*db, u"subscription_status"_s) + u", "_s
              + server::sqlv::enumParam(*db, u"billing_interval"_s) + u", ?, ?, ?, ?, ?, ?)"_s);
    for (const QVariant &v : QVariantList{id, userId, u"pro"_s, u"active"_s, u"monthly"_s,
                                          server::sqlv::usd(*db, *Money::fromCents(priceCents)),
                                          QVariant::fromValue(qint64{priceCents}),
                                          server::sqlv::credits(*db, *Credits::fromWhole(1'500)),
                                          server::sqlv::timestamp(*db, start), server::sqlv::timestamp(*db, start),
                                          server::sqlv::timestamp(*db, end)})
        q.addBindValue(v);
    if (!q.exec())
        return {};
    if (periodEndMs)
        *periodEndMs = end;
    return id;
}

QJsonObject validateBody(const QString &code)
{
    return QJsonObject{{u"code"_s, code}};
}

} // namespace

ServerHarness *TestCouponHttp::server()
{
    ServerHarness::Options options;
    options.dialect = currentDialect();
    const int key = static_cast<int>(options.dialect);
    if (!m_servers.count(key)) {
        const QString reason = dialectUnavailableReason(options.dialect);
        if (!reason.isEmpty())
            return nullptr;
        QString error;
        m_servers[key] = ServerHarness::start(options, &error);
        if (!m_servers[key])
            qWarning().noquote() << "server did not start:" << error;
    }
    return m_servers[key].get();
}

#define COUPON_SERVER(var)                                                                                   \
    ServerHarness *var##Ptr = server();                                                                      \
    if (!var##Ptr) {                                                                                         \
        if (qEnvironmentVariable("CI") == u"true"_s)                                                         \
            QFAIL("PostgreSQL is required under CI");                                                        \
        QSKIP("no server for this dialect");                                                                 \
    }                                                                                                        \
    ServerHarness &var = *var##Ptr

void TestCouponHttp::validateAnswersBothShapes()
{
    COUPON_SERVER(s);
    QString aliceId;
    const QString alice = s.createUserWithToken(u"v-alice@example.com"_s, &aliceId);
    QVERIFY(!alice.isEmpty());
    const auto created = createCoupon(s, u"WELCOME25"_s, u"percentage"_s, u"percentage"_s, u"2500"_s,
                                      {u"--tiers"_s, u"pro"_s});
    QCOMPARE(created.exitCode, 0);
    QVERIFY(createCoupon(s, u"CREDIT500"_s, u"duration_bonus"_s, u"credits"_s, u"500"_s).exitCode == 0);
    QVERIFY(createCoupon(s, u"OLDNEWS1"_s, u"fixed_amount"_s, u"fixed_amount"_s, u"500"_s,
                         {u"--active"_s, u"false"_s, u"--valid-from"_s, u"2020-01-01T00:00:00.000Z"_s,
                          u"--valid-until"_s, u"2020-02-01T00:00:00.000Z"_s})
                .exitCode
            == 0);

    // Without a Bearer the body's user and tier count ([CpnPct]: 25 % of 150.00).
    QJsonObject body{{u"code"_s, u" welcome25 "_s},
                     {u"user_id"_s, aliceId},
                     {u"subscription_tier"_s, u"pro"_s},
                     {u"cart_total"_s, 150}};
    HttpReply ok = s.post(u"/api/coupons/validate"_s, body);
    QCOMPARE(ok.status, 200);
    const QJsonObject json = ok.object();
    QCOMPARE(json.value(u"valid"_s).toBool(), true);
    QCOMPARE(json.value(u"coupon"_s).toObject(),
             (QJsonObject{{u"code"_s, u"WELCOME25"_s}, {u"discount_type"_s, u"percentage"_s},
                          {u"discount_amount"_s, 37.5}}));
    const QJsonObject discount = json.value(u"discount"_s).toObject();
    QCOMPARE(discount.value(u"couponType"_s).toString(), u"percentage"_s);
    QCOMPARE(discount.value(u"discountType"_s).toString(), u"percentage"_s);
    QCOMPARE(discount.value(u"originalAmount"_s).toDouble(), 150.0);
    QCOMPARE(discount.value(u"discountAmount"_s).toDouble(), 37.5);
    QCOMPARE(discount.value(u"finalAmount"_s).toDouble(), 112.5);
    QCOMPARE(discount.value(u"percentage"_s).toDouble(), 25.0);
    QCOMPARE(discount.value(u"couponId"_s).toString(), created.output.value(u"id"_s).toString());
    QCOMPARE(discount.value(u"couponCode"_s).toString(), u"WELCOME25"_s);
    QVERIFY(ok.body.contains("\"discountAmount\":37.5"));

    // With a Bearer: the token's user and real tier (free, no subscription).
    HttpReply bearer = s.post(u"/api/coupons/validate"_s, body, alice);
    QCOMPARE(bearer.status, 400);
    QCOMPARE(bearer.object(), (QJsonObject{{u"valid"_s, false}, {u"errors"_s, QJsonArray{u"TIER_NOT_ELIGIBLE"_s}}}));

    HttpReply credits = s.post(u"/api/coupons/validate"_s, validateBody(u"CREDIT500"_s), alice);
    QCOMPARE(credits.status, 200);
    QCOMPARE(credits.object().value(u"discount"_s).toObject().value(u"creditAmount"_s).toInt(), 500);
    QCOMPARE(credits.object().value(u"discount"_s).toObject().value(u"discountAmount"_s).toDouble(), 0.0);

    HttpReply old = s.post(u"/api/coupons/validate"_s, validateBody(u"OLDNEWS1"_s));
    QCOMPARE(old.status, 400);
    QCOMPARE(old.object().value(u"errors"_s).toArray(),
             (QJsonArray{u"COUPON_INACTIVE"_s, u"COUPON_EXPIRED"_s}));
    QCOMPARE(old.object().value(u"details"_s).toObject().value(u"reason"_s).toString(), u"expired"_s);

    HttpReply missing = s.post(u"/api/coupons/validate"_s, validateBody(u"NOSUCH99"_s));
    QCOMPARE(missing.status, 400);
    QCOMPARE(missing.object().value(u"errors"_s).toArray(), QJsonArray{u"COUPON_NOT_FOUND"_s});

    HttpReply bot = s.post(u"/api/coupons/validate"_s, validateBody(u"CREDIT500"_s), alice,
                           {{"user-agent", "python-requests/2.31"}});
    QCOMPARE(bot.status, 400);
    QCOMPARE(bot.object().value(u"errors"_s).toArray(), QJsonArray{u"FRAUD_DETECTED"_s});
}

void TestCouponHttp::validateRejectsBadBodies()
{
    COUPON_SERVER(s);
    QVERIFY(createCoupon(s, u"SAFE1234"_s, u"percentage"_s, u"percentage"_s, u"1000"_s).exitCode == 0);
    const qint64 fraudBefore = serverRowCount(s, u"coupon_fraud_detection"_s);
    const qint64 couponsBefore = serverRowCount(s, u"coupon"_s);
    const QString injection = u"'; DROP TABLE coupon; --"_s;

    const QList<QPair<QByteArray, QString>> raw = {
        {"{not json", u"invalid_request"_s},
        {"[1,2]", u"invalid_request"_s},
        {"\"SAFE1234\"", u"invalid_request"_s},
    };
    for (const auto &[bytes, code] : raw) {
        HttpReply reply = s.request("POST", u"/api/coupons/validate"_s, {}, QJsonValue(QJsonValue::Undefined),
                                    {{"content-type", "application/json"}}, &bytes);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.errorCode(), code);
    }
    const QList<QJsonObject> bodies = {
        QJsonObject{},
        QJsonObject{{u"code"_s, 5}},
        QJsonObject{{u"code"_s, QJsonArray{u"SAFE1234"_s}}},
        QJsonObject{{u"code"_s, QString(101, u'A')}},
        QJsonObject{{u"code"_s, u"SAFE1234"_s}, {u"user_id"_s, u"not-a-uuid"_s}},
        QJsonObject{{u"code"_s, u"SAFE1234"_s}, {u"user_id"_s, injection}},
        QJsonObject{{u"code"_s, u"SAFE1234"_s}, {u"user_id"_s, 42}},
        QJsonObject{{u"code"_s, u"SAFE1234"_s}, {u"subscription_tier"_s, u"gold"_s}},
        QJsonObject{{u"code"_s, u"SAFE1234"_s}, {u"subscription_tier"_s, u"pro_plus"_s}},
        QJsonObject{{u"code"_s, u"SAFE1234"_s}, {u"subscription_tier"_s, injection}},
        QJsonObject{{u"code"_s, u"SAFE1234"_s}, {u"cart_total"_s, u"abc"_s}},
        QJsonObject{{u"code"_s, u"SAFE1234"_s}, {u"cart_total"_s, -1}},
        QJsonObject{{u"code"_s, u"SAFE1234"_s}, {u"cart_total"_s, 1.234}},
        QJsonObject{{u"code"_s, u"SAFE1234"_s}, {u"cart_total"_s, true}},
        QJsonObject{{u"code"_s, u"SAFE1234"_s}, {u"device_fingerprint"_s, injection}},
        QJsonObject{{u"code"_s, u"SAFE1234"_s}, {u"device_fingerprint"_s, QString(65, u'a')}},
    };
    for (const QJsonObject &body : bodies) {
        HttpReply reply = s.post(u"/api/coupons/validate"_s, body);
        QVERIFY2(reply.status == 400, reply.body.constData());
        QVERIFY2(reply.errorCode() == u"validation_error"_s || reply.errorCode() == u"invalid_request"_s,
                 reply.body.constData());
    }
    // An injection string as the code is simply no code.
    HttpReply code = s.post(u"/api/coupons/validate"_s, validateBody(u"SAFE1234"_s + injection));
    QCOMPARE(code.status, 400);
    QCOMPARE(code.object().value(u"errors"_s).toArray(), QJsonArray{u"COUPON_NOT_FOUND"_s});

    QCOMPARE(serverRowCount(s, u"coupon_fraud_detection"_s), fraudBefore);
    QCOMPARE(serverRowCount(s, u"coupon"_s), couponsBefore);
}

void TestCouponHttp::redeemAndListEndToEnd()
{
    COUPON_SERVER(s);
    QString bobId, carolId;
    const QString bob = s.createUserWithToken(u"r-bob@example.com"_s, &bobId);
    const QString carol = s.createUserWithToken(u"r-carol@example.com"_s, &carolId);
    std::int64_t periodEnd = 0;
    const QString subscription = insertSubscription(s, bobId, 1'500, &periodEnd);
    QVERIFY(!subscription.isEmpty());
    QVERIFY(createCoupon(s, u"CRED500"_s, u"duration_bonus"_s, u"credits"_s, u"500"_s).exitCode == 0);
    QVERIFY(createCoupon(s, u"PCT1750"_s, u"percentage"_s, u"percentage"_s, u"1750"_s).exitCode == 0);
    QVERIFY(createCoupon(s, u"MONTH1"_s, u"duration_bonus"_s, u"months_free"_s, u"1"_s).exitCode == 0);
    QVERIFY(createCoupon(s, u"BYOK133"_s, u"byok_migration"_s, u"fixed_amount"_s, u"13300"_s).exitCode == 0);

    HttpReply credits = s.post(u"/api/coupons/redeem"_s, validateBody(u"cred500"_s), bob);
    QCOMPARE(credits.status, 200);
    QCOMPARE(credits.object().value(u"status"_s).toString(), u"success"_s);
    const QJsonObject data = credits.object().value(u"data"_s).toObject();
    QVERIFY(!data.value(u"redemptionId"_s).toString().isEmpty());
    QCOMPARE(data.value(u"discountApplied"_s).toDouble(), 0.0);
    QCOMPARE(data.value(u"finalAmount"_s).toDouble(), 15.0); // the subscription's price, untouched
    QCOMPARE(data.value(u"redemptionStatus"_s).toString(), u"success"_s);

    HttpReply pct = s.post(u"/api/coupons/redeem"_s, validateBody(u"PCT1750"_s), bob); // [CpnPctRound]
    QCOMPARE(pct.status, 200);
    QVERIFY2(pct.body.contains("\"discountApplied\":2.63") && pct.body.contains("\"finalAmount\":12.37"),
             pct.body.constData());
    QCOMPARE(s.post(u"/api/coupons/redeem"_s,
                    QJsonObject{{u"code"_s, u"MONTH1"_s}, {u"subscription_id"_s, subscription}}, bob)
                 .status,
             200);
    HttpReply license = s.post(u"/api/coupons/redeem"_s, validateBody(u"BYOK133"_s), carol); // [CpnPerpFixed]
    QCOMPARE(license.status, 200);
    QVERIFY2(license.body.contains("\"discountApplied\":133") && license.body.contains("\"finalAmount\":66"),
             license.body.constData());

    auto db = openServerDatabase(s);
    QVERIFY(db.has_value());
    QSqlQuery q(db->database());
    q.prepare(u"SELECT current_period_end FROM subscription_monetization WHERE id = ?"_s);
    q.addBindValue(subscription);
    QVERIFY(q.exec() && q.next());
    QCOMPARE(*server::sqlv::readTimestamp(*db, q.value(0)), *addMonths(periodEnd, 1));
    q.prepare(u"SELECT amount FROM user_credit_balance WHERE user_id = ?"_s);
    q.addBindValue(bobId);
    QVERIFY(q.exec() && q.next());
    QCOMPARE(server::sqlv::readCredits(*db, q.value(0))->units(), Credits::fromWhole(500)->units());
    q.prepare(u"SELECT status, acquisition_coupon_code, purchase_price_cents FROM perpetual_license WHERE user_id = ?"_s);
    q.addBindValue(carolId);
    QVERIFY(q.exec() && q.next());
    QCOMPARE(q.value(0).toString() + q.value(1).toString() + QString::number(q.value(2).toLongLong()),
             u"pendingBYOK1336600"_s);

    HttpReply list = s.get(u"/api/users/%1/coupons"_s.arg(bobId), bob);
    QCOMPARE(list.status, 200);
    const QJsonArray redemptions = list.object().value(u"redemptions"_s).toArray();
    QCOMPARE(redemptions.size(), 3);
    QStringList codes;
    for (const QJsonValue &r : redemptions) {
        const QJsonObject o = r.toObject();
        codes.append(o.value(u"coupon_code"_s).toString());
        QCOMPARE(o.value(u"status"_s).toString(), u"success"_s);
        QVERIFY(parseIsoUtc(o.value(u"redeemed_at"_s).toString()).has_value());
        QVERIFY(!o.value(u"id"_s).toString().isEmpty());
        if (codes.last() == u"PCT1750"_s)
            QCOMPARE(o.value(u"discount_applied"_s).toDouble(), 2.63);
    }
    QCOMPARE(codes.size(), 3);
    QVERIFY(codes.contains(u"CRED500"_s) && codes.contains(u"MONTH1"_s));

    HttpReply foreign = s.get(u"/api/users/%1/coupons"_s.arg(carolId), bob);
    QCOMPARE(foreign.status, 404);
    QCOMPARE(foreign.errorCode(), u"not_found"_s);
    QCOMPARE(s.get(u"/api/users/%1/coupons"_s.arg(server::sqlv::newUuid()), bob).status, 404);
    QCOMPARE(s.get(u"/api/users/%1/coupons"_s.arg(bobId)).status, 401);
}

void TestCouponHttp::redeemErrors()
{
    COUPON_SERVER(s);
    QString daveId, eveId;
    const QString dave = s.createUserWithToken(u"e-dave@example.com"_s, &daveId);
    const QString eve = s.createUserWithToken(u"e-eve@example.com"_s, &eveId);
    const QString eveSubscription = insertSubscription(s, eveId, 1'500);
    QVERIFY(!eveSubscription.isEmpty());
    QVERIFY(createCoupon(s, u"ONEPER10"_s, u"duration_bonus"_s, u"credits"_s, u"10"_s).exitCode == 0);
    QVERIFY(createCoupon(s, u"NOSUBMONTH"_s, u"duration_bonus"_s, u"months_free"_s, u"1"_s).exitCode == 0);

    QCOMPARE(s.post(u"/api/coupons/redeem"_s, validateBody(u"ONEPER10"_s)).status, 401);
    QCOMPARE(s.post(u"/api/coupons/redeem"_s, validateBody(u"ONEPER10"_s), dave).status, 200);
    const qint64 before = serverRowCount(s, u"coupon_redemption"_s);

    HttpReply missing = s.post(u"/api/coupons/redeem"_s, validateBody(u"NOSUCH99"_s), dave);
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.errorCode(), u"coupon_not_found"_s);
    HttpReply injected = s.post(u"/api/coupons/redeem"_s, validateBody(u"ONEPER10' OR '1'='1"_s), dave);
    QCOMPARE(injected.status, 404);
    QCOMPARE(injected.errorCode(), u"coupon_not_found"_s);
    HttpReply twice = s.post(u"/api/coupons/redeem"_s, validateBody(u"ONEPER10"_s), dave);
    QCOMPARE(twice.status, 400);
    QCOMPARE(twice.errorCode(), u"redemption_failed"_s);
    QCOMPARE(twice.object().value(u"error"_s).toObject().value(u"details"_s).toObject().value(u"reasons"_s).toArray(),
             QJsonArray{u"MAX_USER_USES_EXCEEDED"_s});
    HttpReply foreign = s.post(u"/api/coupons/redeem"_s,
                               QJsonObject{{u"code"_s, u"NOSUBMONTH"_s}, {u"subscription_id"_s, eveSubscription}},
                               dave);
    QCOMPARE(foreign.status, 404);
    QCOMPARE(foreign.errorCode(), u"subscription_not_found"_s);
    HttpReply noSubscription = s.post(u"/api/coupons/redeem"_s, validateBody(u"NOSUBMONTH"_s), dave);
    QCOMPARE(noSubscription.status, 400);
    QCOMPARE(noSubscription.errorCode(), u"redemption_failed"_s);

    const QByteArray malformed = "{\"code\":";
    HttpReply broken = s.request("POST", u"/api/coupons/redeem"_s, dave, QJsonValue(QJsonValue::Undefined),
                                 {{"content-type", "application/json"}}, &malformed);
    QCOMPARE(broken.status, 400);
    QCOMPARE(broken.errorCode(), u"invalid_request"_s);
    for (const QJsonObject &body :
         {QJsonObject{}, QJsonObject{{u"code"_s, 123}},
          QJsonObject{{u"code"_s, u"ONEPER10"_s}, {u"subscription_id"_s, u"nope"_s}},
          QJsonObject{{u"code"_s, u"ONEPER10"_s}, {u"subscription_id"_s, u"x' OR 1=1 --"_s}},
          QJsonObject{{u"code"_s, u"ONEPER10"_s}, {u"original_amount"_s, -5}},
          QJsonObject{{u"code"_s, u"ONEPER10"_s}, {u"original_amount"_s, 0.001}},
          QJsonObject{{u"code"_s, u"ONEPER10"_s}, {u"original_amount"_s, u"ten"_s}}}) {
        HttpReply reply = s.post(u"/api/coupons/redeem"_s, body, eve);
        QVERIFY2(reply.status == 400, reply.body.constData());
        QCOMPARE(reply.errorCode(), u"validation_error"_s);
    }
    QCOMPARE(serverRowCount(s, u"coupon_redemption"_s), before);
}

void TestCouponHttp::adminCommandSyntax()
{
    COUPON_SERVER(s);
    const auto full = createCoupon(s, u"spring30"_s, u"percentage_discount"_s, u"percentage"_s, u"3000"_s,
                                   {u"--max-uses"_s, u"10"_s, u"--max-uses-per-user"_s, u"2"_s, u"--valid-from"_s,
                                    u"2026-01-01T00:00:00.000Z"_s, u"--valid-until"_s, u"2030-01-01T00:00:00.000Z"_s,
                                    u"--tiers"_s, u"pro,pro_max"_s, u"--months"_s, u"3"_s, u"--campaign"_s,
                                    u"Spring"_s, u"--budget-cents"_s, u"100000"_s});
    QVERIFY2(full.exitCode == 0, full.standardError.constData());
    QCOMPARE(full.output.value(u"code"_s).toString(), u"SPRING30"_s);
    QCOMPARE(full.output.value(u"coupon_type"_s).toString(), u"percentage"_s);
    QCOMPARE(full.output.value(u"max_uses_per_user"_s).toInt(), 2);
    QCOMPARE(full.output.value(u"duration_months"_s).toInt(), 3);
    QCOMPARE(full.output.value(u"tier_eligibility"_s).toArray(), (QJsonArray{u"pro"_s, u"pro_max"_s}));
    QCOMPARE(full.output.value(u"campaign"_s).toObject().value(u"budget_cents"_s).toInt(), 100'000);

    const auto badValue = createCoupon(s, u"BADVALUE"_s, u"percentage"_s, u"percentage"_s, u"10001"_s);
    QCOMPARE(badValue.exitCode, 2);
    QCOMPARE(badValue.output.value(u"error"_s).toObject().value(u"code"_s).toString(), u"invalid_arguments"_s);
    const auto duplicate = createCoupon(s, u"SPRING30"_s, u"percentage"_s, u"percentage"_s, u"3000"_s);
    QCOMPARE(duplicate.exitCode, 2);
    QCOMPARE(duplicate.output.value(u"error"_s).toObject().value(u"code"_s).toString(), u"conflict"_s);
    QCOMPARE(createCoupon(s, u"UNKNOWNOPT"_s, u"percentage"_s, u"percentage"_s, u"100"_s,
                          {u"--frobnicate"_s, u"1"_s})
                 .exitCode,
             2);

    QCOMPARE(s.admin({u"delete-coupon"_s, u"--code"_s, u"SPRING30"_s}).exitCode, 0);
    HttpReply gone = s.post(u"/api/coupons/validate"_s, validateBody(u"SPRING30"_s));
    QCOMPARE(gone.object().value(u"errors"_s).toArray(), QJsonArray{u"COUPON_NOT_FOUND"_s});
}

QTEST_GUILESS_MAIN(TestCouponHttp)
#include "test_coupon_http.moc"

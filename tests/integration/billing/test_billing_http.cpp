// The billing API over HTTP (a real creditdesk-server, SQLite and
// PostgreSQL): the seed's §9.1 journeys, gateway usage, sync state, admin
// commands and concurrent deductions.
#include "tests/integration/billing/billing_http_support.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSet>
#include <QThread>
#include <QtTest>

#include <map>

using namespace Qt::StringLiterals;
using namespace creditdesk::test;

class TestBillingHttp : public QObject {
    Q_OBJECT

private:
    std::map<int, std::unique_ptr<ServerHarness>> m_servers;

private slots:
    void plansNeedNoSignIn_data() { addDialectRows(); }
    void plansNeedNoSignIn();
    void journeyNewUserProUsage_data() { addDialectRows(); }
    void journeyNewUserProUsage();
    void journeyUpgradeAndDowngrade_data() { addDialectRows(); }
    void journeyUpgradeAndDowngrade();
    void byokUsageCostsNothing_data() { addDialectRows(); }
    void byokUsageCostsNothing();
    void syncStateAndCursorPaging_data() { addDialectRows(); }
    void syncStateAndCursorPaging();
    void concurrentDeductionsOverHttp_data() { addDialectRows(); }
    void concurrentDeductionsOverHttp();
    void seedDemoSignsIn_data() { addDialectRows(); }
    void seedDemoSignsIn();
};

void TestBillingHttp::plansNeedNoSignIn()
{
    BILLING_SERVER(server, m_servers);
    const HttpReply reply = server.get(u"/v1/subscription-plans"_s);
    QCOMPARE(reply.status, 200);
    const QJsonArray plans = reply.object().value(u"plans"_s).toArray();
    QCOMPARE(plans.size(), 5);
    QCOMPARE(plans.at(2).toObject().value(u"id"_s).toString(), u"pro_max"_s);
    QCOMPARE(plans.at(2).toObject().value(u"priceCents"_s).toInteger(), 19900);
}

void TestBillingHttp::journeyNewUserProUsage()
{
    BILLING_SERVER(server, m_servers);
    const TestUser user = newUser(server, u"journey"_s);
    QVERIFY(!user.token.isEmpty());
    QCOMPARE(server.get(u"/v1/subscriptions/me"_s, user.token).errorCode(), u"no_active_subscription"_s);
    QCOMPARE(server.get(u"/v1/credits/me"_s, user.token).status, 404);
    const auto set = server.admin({u"set-subscription"_s, u"--email"_s, user.email, u"--tier"_s, u"pro"_s,
                                   u"--status"_s, u"active"_s});
    QCOMPARE(set.exitCode, 0);
    const HttpReply sub = server.get(u"/v1/subscriptions/me"_s, user.token);
    QCOMPARE(sub.status, 200);
    QCOMPARE(sub.object().value(u"tier"_s).toString(), u"pro"_s);
    QCOMPARE(sub.object().value(u"user_id"_s).toString(), user.id);
    const HttpReply period = server.get(u"/v1/credits/me"_s, user.token);
    QCOMPARE(period.status, 200);
    QCOMPARE(period.object().value(u"totalCredits"_s).toInteger(), 1500);

    // [ConvPlan112] over the wire: 3.2 credits on pro
    QJsonObject body = usageBody(user.id);
    body.insert(u"provider"_s, u"anthropic"_s);
    body.insert(u"model_id"_s, u"claude-sonnet-4.5"_s);
    body.insert(u"input_tokens"_s, 500);
    body.insert(u"output_tokens"_s, 1500);
    const HttpReply first = server.post(u"/internal/usage"_s, body, {}, {{"X-Service-Token", server.serviceToken().toLatin1()}});
    QCOMPARE(first.status, 201);
    const QJsonObject deduction = first.object().value(u"deduction"_s).toObject();
    QCOMPARE(deduction.value(u"credits_deducted"_s).toDouble(), 3.2);
    QCOMPARE(deduction.value(u"balance_after"_s).toDouble(), 1496.8);
    const HttpReply again = server.post(u"/internal/usage"_s, body, {}, {{"X-Service-Token", server.serviceToken().toLatin1()}});
    QCOMPARE(again.status, 200);
    QCOMPARE(again.body, first.body);

    const HttpReply credits = server.get(u"/api/user/credits"_s, user.token);
    QCOMPARE(credits.status, 200);
    QCOMPARE(credits.object().value(u"totalAvailable"_s).toInteger(), 1496);
    QCOMPARE(credits.object().value(u"subscriptionCredits"_s).toObject().value(u"used"_s).toInteger(), 4);
    QCOMPARE(credits.object().value(u"sources"_s).toArray().at(0).toObject().value(u"sourceType"_s).toString(),
             u"monthly_allocation"_s);
    const HttpReply usage = server.get(u"/v1/usage"_s, user.token);
    QCOMPARE(usage.status, 200);
    QCOMPARE(usage.object().value(u"pagination"_s).toObject().value(u"total"_s).toInteger(), 1);
    QCOMPARE(usage.object().value(u"usage"_s).toArray().at(0).toObject().value(u"creditsUsed"_s).toDouble(), 3.2);
    const HttpReply invoices = server.get(u"/api/user/invoices"_s, user.token);
    QCOMPARE(invoices.status, 200);
    QCOMPARE(invoices.object().value(u"count"_s).toInteger(), 1);
    const HttpReply profile = server.get(u"/api/user/profile"_s, user.token);
    QCOMPARE(profile.object().value(u"subscription"_s).toObject().value(u"tier"_s).toString(), u"pro"_s);
}

void TestBillingHttp::journeyUpgradeAndDowngrade()
{
    BILLING_SERVER(server, m_servers);
    const TestUser user = newUser(server, u"proration"_s);
    QCOMPARE(server.admin({u"set-subscription"_s, u"--email"_s, user.email, u"--tier"_s, u"pro"_s, u"--status"_s,
                           u"active"_s})
                 .exitCode,
             0);
    const QString id = server.get(u"/v1/subscriptions/me"_s, user.token).object().value(u"id"_s).toString();
    const QString base = u"/api/subscriptions/"_s + id;
    const HttpReply preview = server.post(base + u"/proration-preview"_s, QJsonObject{{u"newTier"_s, u"pro_max"_s}},
                                          user.token);
    QCOMPARE(preview.status, 200);
    QVERIFY(preview.object().value(u"net_charge_usd"_s).toDouble() > 0);
    const HttpReply up = server.post(base + u"/upgrade-with-proration"_s, QJsonObject{{u"newTier"_s, u"pro_max"_s}},
                                     user.token);
    QCOMPARE(up.status, 200);
    QVERIFY(up.object().value(u"net_charge_usd"_s).isString());
    QCOMPARE(up.object().value(u"to_tier"_s).toString(), u"pro_max"_s);
    QCOMPARE(server.get(u"/v1/credits/me"_s, user.token).object().value(u"totalCredits"_s).toInteger(), 25000);
    QCOMPARE(server.get(u"/api/user/invoices"_s, user.token).object().value(u"count"_s).toInteger(), 2);
    const HttpReply wrongWay = server.post(base + u"/upgrade-with-proration"_s, QJsonObject{{u"newTier"_s, u"pro"_s}},
                                           user.token);
    QCOMPARE(wrongWay.status, 400);
    QCOMPARE(wrongWay.errorCode(), u"validation_error"_s);
    const HttpReply down = server.post(base + u"/downgrade-with-proration"_s, QJsonObject{{u"newTier"_s, u"pro"_s}},
                                       user.token);
    QCOMPARE(down.status, 200);
    QVERIFY(down.object().value(u"credit_amount"_s).toDouble() > 0);
    QVERIFY(down.object().value(u"net_charge_usd"_s).toString().startsWith(u'-'));
    const HttpReply history = server.get(base + u"/proration-history"_s, user.token);
    QCOMPARE(history.status, 200);
    QCOMPARE(history.object().value(u"proration_events"_s).toArray().size(), 2);
    QCOMPARE(history.object().value(u"user_id"_s).toString(), user.id);

    // PATCH (card-backed plan change) and cancel
    const HttpReply patched = server.request("PATCH", u"/v1/subscriptions/me"_s, user.token,
                                             QJsonObject{{u"plan_id"_s, u"pro_max"_s}});
    QCOMPARE(patched.status, 200);
    QCOMPARE(patched.object().value(u"tier"_s).toString(), u"pro_max"_s);
    const HttpReply cancelled = server.post(u"/v1/subscriptions/me/cancel"_s, QJsonObject{{u"reason"_s, u"testing"_s}},
                                            user.token);
    QCOMPARE(cancelled.status, 200);
    QCOMPARE(cancelled.object().value(u"cancel_at_period_end"_s).toBool(), true);
}

void TestBillingHttp::byokUsageCostsNothing()
{
    BILLING_SERVER(server, m_servers);
    const TestUser user = newUser(server, u"byok"_s);
    QJsonObject body = usageBody(user.id);
    body.insert(u"is_byok"_s, true);
    const HttpReply reply = server.post(u"/internal/usage"_s, body, {}, {{"X-Service-Token", server.serviceToken().toLatin1()}});
    QCOMPARE(reply.status, 201);
    QCOMPARE(reply.object().value(u"deduction"_s).toObject().value(u"credits_deducted"_s).toDouble(), 0.0);
    const HttpReply cloud = server.post(u"/internal/usage"_s, usageBody(user.id), {},
                                        {{"X-Service-Token", server.serviceToken().toLatin1()}});
    QCOMPARE(cloud.status, 402);
    QCOMPARE(cloud.errorCode(), u"insufficient_credits"_s);
    QCOMPARE(cloud.object().value(u"error"_s).toObject().value(u"details"_s).toObject().value(u"required_credits"_s).toDouble(),
             0.1);
    QCOMPARE(server.get(u"/v1/usage"_s, user.token).object().value(u"pagination"_s).toObject().value(u"total"_s).toInteger(),
             1);
}

void TestBillingHttp::syncStateAndCursorPaging()
{
    BILLING_SERVER(server, m_servers);
    const TestUser user = newUser(server, u"sync"_s);
    const HttpReply empty = server.get(u"/v1/sync/state"_s, user.token);
    QCOMPARE(empty.status, 200);
    const QByteArray etag = empty.header("etag");
    QVERIFY(!etag.isEmpty());
    QCOMPARE(empty.object().value(u"data"_s).toObject().value(u"user_id"_s).toString(), user.id);
    const HttpReply same = server.request("GET", u"/v1/sync/state"_s, user.token, QJsonValue(QJsonValue::Undefined),
                                          {{"If-None-Match", etag}});
    QCOMPARE(same.status, 304);

    const auto generated = server.admin({u"generate-usage"_s, u"--email"_s, user.email, u"--rows"_s, u"250"_s,
                                         u"--days"_s, u"7"_s});
    QCOMPARE(generated.exitCode, 0);
    QCOMPARE(generated.output.value(u"rows"_s).toInteger(), 250);
    QThread::msleep(5'200); // rows appear once 5 s old
    const HttpReply changed = server.request("GET", u"/v1/sync/state"_s, user.token, QJsonValue(QJsonValue::Undefined),
                                             {{"If-None-Match", etag}});
    QCOMPARE(changed.status, 200);
    QVERIFY(changed.object().value(u"data"_s).toObject().value(u"balance"_s).toObject().value(u"version"_s).toInteger() > 0);

    QSet<QString> seen;
    QString cursor;
    for (int guard = 0; guard < 20; ++guard) {
        const HttpReply page = server.get(u"/v1/usage?after="_s + QString::fromLatin1(QUrl::toPercentEncoding(cursor))
                                              + u"&limit=40"_s,
                                          user.token);
        QCOMPARE(page.status, 200);
        for (const QJsonValue &row : page.object().value(u"data"_s).toArray()) {
            const QString id = row.toObject().value(u"id"_s).toString();
            QVERIFY2(!seen.contains(id), "a row came twice");
            seen.insert(id);
        }
        cursor = page.object().value(u"next_cursor"_s).toString();
        if (!page.object().value(u"has_more"_s).toBool())
            break;
    }
    QCOMPARE(seen.size(), 250);
    QCOMPARE(server.get(u"/v1/usage?after=bogus"_s, user.token).errorCode(), u"invalid_cursor"_s);
    const HttpReply stats = server.get(u"/v1/usage/stats?group_by=model"_s, user.token);
    QCOMPARE(stats.status, 200);
    QCOMPARE(stats.object().value(u"total"_s).toObject().value(u"requestsCount"_s).toInteger(), 250);
    QCOMPARE(server.get(u"/api/user/usage/summary?period=current_month"_s, user.token).status, 200);
}

void TestBillingHttp::concurrentDeductionsOverHttp()
{
    BILLING_SERVER(server, m_servers);
    const TestUser user = newUser(server, u"race"_s);
    QCOMPARE(server.admin({u"grant-credits"_s, u"--email"_s, user.email, u"--amount"_s, u"30"_s, u"--type"_s,
                           u"admin_grant"_s})
                 .exitCode,
             0);
    QList<QJsonObject> bodies;
    for (int i = 0; i < 500; ++i)
        bodies.append(usageBody(user.id));
    const QList<int> statuses = postConcurrently(server, server.serviceToken(), bodies);
    QCOMPARE(statuses.count(201), 300);
    QCOMPARE(statuses.count(402), 200);
    const QJsonObject credits = server.get(u"/api/user/credits"_s, user.token).object();
    QCOMPARE(credits.value(u"balance"_s).toDouble(), 0.0);
    const QJsonObject usage = server.get(u"/v1/usage"_s, user.token).object();
    QCOMPARE(usage.value(u"summary"_s).toObject().value(u"totalRequests"_s).toInteger(), 300);
    QCOMPARE(usage.value(u"summary"_s).toObject().value(u"totalCreditsUsed"_s).toDouble(), 30.0);
}

void TestBillingHttp::seedDemoSignsIn()
{
    BILLING_SERVER(server, m_servers);
    const QString email = u"demo-%1@creditdesk.local"_s.arg(QLatin1StringView(QTest::currentDataTag()));
    const auto seeded = server.admin({u"seed-demo"_s, u"--email"_s, email, u"--rows"_s, u"500"_s});
    QVERIFY2(seeded.exitCode == 0, seeded.standardError.constData());
    const QString token = seeded.output.value(u"access_token"_s).toString();
    QVERIFY(!token.isEmpty());
    QVERIFY(!seeded.output.value(u"license_key"_s).toString().isEmpty());
    QCOMPARE(server.get(u"/v1/users/me"_s, token).object().value(u"email"_s).toString(), email);
    QCOMPARE(server.get(u"/v1/subscriptions/me"_s, token).object().value(u"tier"_s).toString(), u"pro"_s);
    const QJsonArray sources = server.get(u"/api/user/credits"_s, token).object().value(u"sources"_s).toArray();
    QVERIFY(sources.size() >= 4);
    QCOMPARE(server.get(u"/v1/usage"_s, token).object().value(u"pagination"_s).toObject().value(u"total"_s).toInteger(),
             500);
    QVERIFY(server.get(u"/api/user/invoices"_s, token).object().value(u"count"_s).toInteger() >= 4);
    const QString subscription = seeded.output.value(u"subscription_id"_s).toString();
    QCOMPARE(server.get(u"/api/subscriptions/"_s + subscription + u"/proration-history"_s, token)
                 .object()
                 .value(u"proration_events"_s)
                 .toArray()
                 .size(),
             1);
    // 2 of the license's 3 seats are taken.
    const QJsonObject devices =
        server.get(u"/api/licenses/%1/devices"_s.arg(seeded.output.value(u"license_key"_s).toString()), token)
            .object();
    QCOMPARE(devices.value(u"devices"_s).toArray().size(), 2);
    // Coupons to try: WELCOME20 fits the pro plan, SUMMER2025 has expired.
    const HttpReply welcome = server.post(u"/api/coupons/validate"_s,
                                          QJsonObject{{u"code"_s, u"WELCOME20"_s}, {u"cart_total"_s, 100}}, token);
    QVERIFY2(welcome.status == 200, welcome.body.constData());
    QCOMPARE(welcome.object().value(u"valid"_s).toBool(), true);
    const HttpReply summer = server.post(u"/api/coupons/validate"_s,
                                         QJsonObject{{u"code"_s, u"SUMMER2025"_s}, {u"cart_total"_s, 100}}, token);
    QCOMPARE(summer.status, 400);
    QCOMPARE(summer.object().value(u"details"_s).toObject().value(u"reason"_s).toString(), u"expired"_s);
    const auto again = server.admin({u"seed-demo"_s, u"--email"_s, email});
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(again.output.value(u"already_seeded"_s).toBool(), true);
}

QTEST_GUILESS_MAIN(TestBillingHttp)
#include "test_billing_http.moc"

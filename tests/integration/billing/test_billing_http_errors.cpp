// Error codes, bad input and authorization of the billing API over HTTP
// (api-contract §4–§7, §10.5, §10.6), on SQLite and PostgreSQL: every refusal
// is a 4xx with a code and writes nothing; another user's token never sees data.
#include "tests/integration/billing/billing_http_support.h"

#include <QJsonArray>
#include <QtTest>

#include <map>

using namespace Qt::StringLiterals;
using namespace creditdesk::test;

namespace {

const QString kInjection = u"x'; DROP TABLE users; --"_s;

} // namespace

class TestBillingHttpErrors : public QObject {
    Q_OBJECT

private:
    std::map<int, std::unique_ptr<ServerHarness>> m_servers;

    static HttpReply usage(const ServerHarness &server, const QJsonObject &body)
    {
        return server.post(u"/internal/usage"_s, body, {}, {{"X-Service-Token", server.serviceToken().toLatin1()}});
    }

private slots:
    void internalUsageRefusals_data() { addDialectRows(); }
    void internalUsageRefusals();
    void userEndpointsValidate_data() { addDialectRows(); }
    void userEndpointsValidate();
    void queryParametersValidate_data() { addDialectRows(); }
    void queryParametersValidate();
    void subscriptionErrors_data() { addDialectRows(); }
    void subscriptionErrors();
    void anotherUsersTokenSeesNothing_data() { addDialectRows(); }
    void anotherUsersTokenSeesNothing();
    void scopesAndSignIn_data() { addDialectRows(); }
    void scopesAndSignIn();
};

void TestBillingHttpErrors::internalUsageRefusals()
{
    BILLING_SERVER(server, m_servers);
    const TestUser user = newUser(server, u"refusals"_s);
    QCOMPARE(server.admin({u"grant-credits"_s, u"--email"_s, user.email, u"--amount"_s, u"1"_s, u"--type"_s,
                           u"bonus"_s}).exitCode,
             0);
    // authentication: none, a user token
    QCOMPARE(server.post(u"/internal/usage"_s, usageBody(user.id)).status, 401);
    QVERIFY(server.post(u"/internal/usage"_s, usageBody(user.id), user.token).status >= 401);
    // malformed JSON, not an object, oversized
    const QByteArray broken = "{\"request_id\": ";
    QCOMPARE(server.request("POST", u"/internal/usage"_s, {}, QJsonValue(QJsonValue::Undefined),
                            {{"X-Service-Token", server.serviceToken().toLatin1()}, {"Content-Type", "application/json"}},
                            &broken).errorCode(),
             u"invalid_request"_s);
    const QByteArray array = "[1,2]";
    QCOMPARE(server.request("POST", u"/internal/usage"_s, {}, QJsonValue(QJsonValue::Undefined),
                            {{"X-Service-Token", server.serviceToken().toLatin1()}, {"Content-Type", "application/json"}},
                            &array).status,
             400);
    QJsonObject huge = usageBody(user.id);
    huge.insert(u"model_id"_s, QString(100'000, u'a'));
    QVERIFY(usage(server, huge).status >= 400 && usage(server, huge).status < 500);
    // wrong types, unknown enums, bad values: 422 with every field named
    QJsonObject wrong = usageBody(user.id);
    wrong.insert(u"input_tokens"_s, u"1200"_s);
    wrong.insert(u"is_byok"_s, u"no"_s);
    wrong.insert(u"request_type"_s, u"telepathy"_s);
    wrong.insert(u"provider"_s, u"openai'--"_s);
    wrong.insert(u"request_id"_s, kInjection);
    const HttpReply invalid = usage(server, wrong);
    QCOMPARE(invalid.status, 422);
    QCOMPARE(invalid.errorCode(), u"validation_error"_s);
    const QJsonObject details = invalid.object().value(u"error"_s).toObject().value(u"details"_s).toObject();
    for (const QString &field : {u"input_tokens"_s, u"is_byok"_s, u"request_type"_s, u"provider"_s, u"request_id"_s})
        QVERIFY2(details.contains(field), qPrintable(field));
    QJsonObject negative = usageBody(user.id);
    negative.insert(u"output_tokens"_s, -5);
    QCOMPARE(usage(server, negative).status, 422);
    QJsonObject fraction = usageBody(user.id);
    fraction.insert(u"output_tokens"_s, 1.5);
    QCOMPARE(usage(server, fraction).status, 422);
    QJsonObject unpriced = usageBody(user.id);
    unpriced.insert(u"model_id"_s, kInjection);
    QCOMPARE(usage(server, unpriced).status, 422);
    QJsonObject old = usageBody(user.id);
    old.insert(u"created_at"_s, u"2020-01-01T00:00:00.000Z"_s);
    QCOMPARE(usage(server, old).errorCode(), u"validation_error"_s);
    QJsonObject future = usageBody(user.id);
    future.insert(u"created_at"_s, u"2999-01-01T00:00:00.000Z"_s);
    QCOMPARE(usage(server, future).status, 422);
    QCOMPARE(usage(server, usageBody(newUuid())).errorCode(), u"not_found"_s);
    // a request id reused with other content
    const QString requestId = newUuid();
    QCOMPARE(usage(server, usageBody(user.id, requestId)).status, 201);
    QJsonObject changed = usageBody(user.id, requestId);
    changed.insert(u"output_tokens"_s, 301);
    const HttpReply reused = usage(server, changed);
    QCOMPARE(reused.status, 422);
    QCOMPARE(reused.errorCode(), u"idempotency_key_reused"_s);
    // insufficient: 402 with details, nothing written
    QJsonObject big = usageBody(user.id);
    big.insert(u"model_id"_s, u"claude-opus-4.1"_s);
    big.insert(u"provider"_s, u"anthropic"_s);
    big.insert(u"output_tokens"_s, 50'000);
    const HttpReply poor = usage(server, big);
    QCOMPARE(poor.status, 402);
    QVERIFY(poor.object().value(u"error"_s).toObject().value(u"details"_s).toObject().contains(u"available_credits"_s));
    const QJsonObject listed = server.get(u"/v1/usage"_s, user.token).object();
    QCOMPARE(listed.value(u"pagination"_s).toObject().value(u"total"_s).toInteger(), 1); // only the accepted one
    QCOMPARE(server.get(u"/api/user/credits"_s, user.token).object().value(u"balance"_s).toDouble(), 0.9);
}

void TestBillingHttpErrors::userEndpointsValidate()
{
    BILLING_SERVER(server, m_servers);
    const TestUser user = newUser(server, u"users"_s);
    const TestUser other = newUser(server, u"users-other"_s);
    auto patch = [&](const QString &path, const QJsonObject &body, const QString &token) {
        return server.request("PATCH", path, token, body);
    };
    QCOMPARE(server.get(u"/v1/users/me"_s, user.token).object().value(u"id"_s).toString(), user.id);
    QCOMPARE(patch(u"/v1/users/me"_s, QJsonObject{}, user.token).status, 422);
    QCOMPARE(patch(u"/v1/users/me"_s, QJsonObject{{u"firstName"_s, 5}}, user.token).status, 422);
    QCOMPARE(patch(u"/v1/users/me"_s, QJsonObject{{u"firstName"_s, QString(101, u'a')}}, user.token).status, 422);
    QCOMPARE(patch(u"/v1/users/me"_s, QJsonObject{{u"username"_s, kInjection}}, user.token).status, 422);
    QCOMPARE(patch(u"/v1/users/me"_s, QJsonObject{{u"username"_s, u"ab"_s}}, user.token).status, 422);
    const HttpReply named = patch(u"/v1/users/me"_s, QJsonObject{{u"username"_s, u"grace_h"_s}, {u"firstName"_s, u"Grace"_s}},
                                  user.token);
    QCOMPARE(named.status, 200);
    QCOMPARE(named.object().value(u"username"_s).toString(), u"grace_h"_s);
    const HttpReply taken = patch(u"/v1/users/me"_s, QJsonObject{{u"username"_s, u"grace_h"_s}}, other.token);
    QCOMPARE(taken.status, 409);
    QCOMPARE(taken.object().value(u"error"_s).toObject().value(u"details"_s).toObject().value(u"field"_s).toString(),
             u"username"_s);
    const QByteArray broken = "{\"firstName\":";
    QCOMPARE(server.request("PATCH", u"/v1/users/me"_s, user.token, QJsonValue(QJsonValue::Undefined),
                            {{"Content-Type", "application/json"}}, &broken)
                 .status,
             400);

    QCOMPARE(patch(u"/v1/users/me/preferences"_s, QJsonObject{{u"temperature"_s, 2.5}}, user.token).status, 422);
    QCOMPARE(patch(u"/v1/users/me/preferences"_s, QJsonObject{{u"temperature"_s, 0.123}}, user.token).status, 422);
    QCOMPARE(patch(u"/v1/users/me/preferences"_s, QJsonObject{{u"maxTokens"_s, 0}}, user.token).status, 422);
    QCOMPARE(patch(u"/v1/users/me/preferences"_s, QJsonObject{{u"preferencesMetadata"_s, u"x"_s}}, user.token).status,
             422);
    const HttpReply prefs = patch(u"/v1/users/me/preferences"_s,
                                  QJsonObject{{u"temperature"_s, 1.5},
                                              {u"preferencesMetadata"_s, QJsonObject{{u"creditdesk"_s, QJsonObject{}}}}},
                                  user.token);
    QCOMPARE(prefs.status, 200);
    QCOMPARE(prefs.object().value(u"temperature"_s).toDouble(), 1.5);
    QCOMPARE(server.post(u"/v1/users/me/preferences/model"_s, QJsonObject{{u"modelId"_s, kInjection}}, user.token).status,
             404);
    QCOMPARE(server.post(u"/v1/users/me/preferences/model"_s, QJsonObject{{u"modelId"_s, 7}}, user.token).status, 422);
    const HttpReply model = server.post(u"/v1/users/me/preferences/model"_s,
                                        QJsonObject{{u"modelId"_s, u"gpt-4o"_s}}, user.token);
    QCOMPARE(model.status, 200);
    QCOMPARE(server.get(u"/v1/users/me/preferences/model"_s, user.token).object().value(u"defaultModelId"_s).toString(),
             u"gpt-4o"_s);
    // the other user's preferences stayed at the defaults
    QCOMPARE(server.get(u"/v1/users/me/preferences"_s, other.token).object().value(u"temperature"_s).toDouble(), 0.7);
}

void TestBillingHttpErrors::queryParametersValidate()
{
    BILLING_SERVER(server, m_servers);
    const TestUser user = newUser(server, u"query"_s);
    const QStringList badUsage{u"limit=0"_s,
                               u"limit=101"_s,
                               u"limit=abc"_s,
                               u"offset=-1"_s,
                               u"operation=telepathy"_s,
                               u"start_date=yesterday"_s,
                               u"start_date=2026-02-30"_s,
                               u"after=&start_date=2026-01-01"_s,
                               u"after=&limit=1001"_s};
    for (const QString &query : badUsage) {
        const HttpReply reply = server.get(u"/v1/usage?"_s + query, user.token);
        QVERIFY2(reply.status == 400, qPrintable(query));
        QVERIFY2(!reply.errorCode().isEmpty(), qPrintable(query));
    }
    QCOMPARE(server.get(u"/v1/usage?after=Zm9v"_s, user.token).errorCode(), u"invalid_cursor"_s);
    QCOMPARE(server.get(u"/v1/usage?model_id="_s + QString::fromLatin1(QUrl::toPercentEncoding(kInjection)), user.token)
                 .status,
             200);
    for (const QString &operation : {u"completion"_s, u"chat"_s, u"embedding"_s, u"function_call"_s, u"streaming"_s,
                                     u"batch"_s})
        QCOMPARE(server.get(u"/v1/usage?operation="_s + operation, user.token).status, 200);
    QCOMPARE(server.get(u"/v1/usage/stats?group_by=week"_s, user.token).status, 400);
    for (const QString &group : {u"day"_s, u"hour"_s, u"model"_s})
        QCOMPARE(server.get(u"/v1/usage/stats?group_by="_s + group, user.token).status, 200);
    const HttpReply period = server.get(u"/api/user/usage/summary?period=2026-13"_s, user.token);
    QCOMPARE(period.status, 400);
    QCOMPARE(period.errorCode(), u"validation_error"_s);
    QCOMPARE(server.get(u"/api/user/usage/summary?period=2026-01"_s, user.token).status, 200);
    QCOMPARE(server.get(u"/api/user/invoices?limit=0"_s, user.token).status, 400);
    QCOMPARE(server.get(u"/api/user/invoices?limit=51"_s, user.token).status, 400);
    QCOMPARE(server.get(u"/api/user/invoices?starting_after=in_nope"_s, user.token).status, 400);
    const HttpReply invoices = server.get(u"/api/user/invoices"_s, user.token);
    QCOMPARE(invoices.status, 200);
    QCOMPARE(invoices.object().value(u"count"_s).toInteger(), 0);
}

void TestBillingHttpErrors::subscriptionErrors()
{
    BILLING_SERVER(server, m_servers);
    const TestUser user = newUser(server, u"subs"_s);
    QCOMPARE(server.get(u"/v1/subscriptions/me"_s, user.token).status, 404);
    QCOMPARE(server.post(u"/v1/subscriptions/me/cancel"_s, QJsonObject{}, user.token).errorCode(),
             u"no_active_subscription"_s);
    QCOMPARE(server.request("PATCH", u"/v1/subscriptions/me"_s, user.token, QJsonObject{{u"plan_id"_s, u"pro"_s}}).status,
             404);
    QCOMPARE(server.admin({u"set-subscription"_s, u"--email"_s, user.email, u"--tier"_s, u"pro"_s, u"--status"_s,
                           u"active"_s})
                 .exitCode,
             0);
    QCOMPARE(server.request("PATCH", u"/v1/subscriptions/me"_s, user.token, QJsonObject{{u"plan_id"_s, u"gold"_s}}).status,
             422);
    QCOMPARE(server.request("PATCH", u"/v1/subscriptions/me"_s, user.token, QJsonObject{{u"plan_id"_s, u"pro"_s}}).status,
             400);
    QCOMPARE(server.request("PATCH", u"/v1/subscriptions/me"_s, user.token,
                            QJsonObject{{u"plan_id"_s, u"pro_max"_s}, {u"billing_interval"_s, u"weekly"_s}})
                 .status,
             422);
    QCOMPARE(server.post(u"/v1/subscriptions/me/cancel"_s, QJsonObject{{u"reason"_s, QString(501, u'x')}}, user.token)
                 .status,
             422);
    const QString id = server.get(u"/v1/subscriptions/me"_s, user.token).object().value(u"id"_s).toString();
    const QString base = u"/api/subscriptions/"_s + id;
    QCOMPARE(server.post(base + u"/proration-preview"_s, QJsonObject{}, user.token).errorCode(), u"validation_error"_s);
    QCOMPARE(server.post(base + u"/proration-preview"_s, QJsonObject{{u"newTier"_s, 3}}, user.token).status, 400);
    QCOMPARE(server.post(base + u"/proration-preview"_s, QJsonObject{{u"newTier"_s, u"platinum"_s}}, user.token).status,
             400);
    QCOMPARE(server.post(base + u"/downgrade-with-proration"_s, QJsonObject{{u"newTier"_s, u"pro_max"_s}}, user.token)
                 .status,
             400);
    QCOMPARE(server.post(u"/api/subscriptions/"_s + newUuid() + u"/proration-preview"_s,
                         QJsonObject{{u"newTier"_s, u"pro_max"_s}}, user.token)
                 .errorCode(),
             u"subscription_not_found"_s);
    QCOMPARE(server.get(u"/api/subscriptions/"_s + QString::fromLatin1(QUrl::toPercentEncoding(kInjection))
                            + u"/proration-history"_s,
                        user.token)
                 .status,
             404);
    QCOMPARE(server.get(u"/v1/subscriptions/me"_s, user.token).object().value(u"tier"_s).toString(), u"pro"_s);

    // a declined card: 402 payment_error, the plan unchanged, no invoice
    const TestUser declined = newUser(server, u"card+decline"_s);
    for (const QString &status : {u"trial"_s, u"active"_s})
        QCOMPARE(server.admin({u"set-subscription"_s, u"--email"_s, declined.email, u"--tier"_s, u"pro"_s,
                               u"--status"_s, status})
                     .exitCode,
                 0);
    const HttpReply refused = server.request("PATCH", u"/v1/subscriptions/me"_s, declined.token,
                                             QJsonObject{{u"plan_id"_s, u"pro_max"_s}});
    QCOMPARE(refused.status, 402);
    QCOMPARE(refused.errorCode(), u"payment_error"_s);
    QCOMPARE(server.get(u"/v1/subscriptions/me"_s, declined.token).object().value(u"tier"_s).toString(), u"pro"_s);
    QCOMPARE(server.get(u"/api/user/invoices"_s, declined.token).object().value(u"count"_s).toInteger(), 0);
}

void TestBillingHttpErrors::anotherUsersTokenSeesNothing()
{
    BILLING_SERVER(server, m_servers);
    const TestUser owner = newUser(server, u"owner"_s);
    const TestUser intruder = newUser(server, u"intruder"_s);
    QCOMPARE(server.admin({u"set-subscription"_s, u"--email"_s, owner.email, u"--tier"_s, u"pro"_s, u"--status"_s,
                           u"active"_s})
                 .exitCode,
             0);
    QCOMPARE(server.admin({u"generate-usage"_s, u"--email"_s, owner.email, u"--rows"_s, u"20"_s, u"--days"_s, u"2"_s})
                 .exitCode,
             0);
    const QString subscription = server.get(u"/v1/subscriptions/me"_s, owner.token).object().value(u"id"_s).toString();
    const QString invoice = server.get(u"/api/user/invoices"_s, owner.token)
                                .object()
                                .value(u"invoices"_s)
                                .toArray()
                                .at(0)
                                .toObject()
                                .value(u"id"_s)
                                .toString();
    const QString base = u"/api/subscriptions/"_s + subscription;
    for (const QString &path : {u"/proration-preview"_s, u"/upgrade-with-proration"_s, u"/downgrade-with-proration"_s}) {
        const HttpReply reply = server.post(base + path, QJsonObject{{u"newTier"_s, u"pro_max"_s}}, intruder.token);
        QCOMPARE(reply.status, 404);
        QCOMPARE(reply.errorCode(), u"subscription_not_found"_s);
    }
    QCOMPARE(server.get(base + u"/proration-history"_s, intruder.token).status, 404);
    QCOMPARE(server.get(u"/api/user/invoices?starting_after="_s + invoice, intruder.token).status, 400);
    QCOMPARE(server.get(u"/v1/subscriptions/me"_s, intruder.token).status, 404);
    QCOMPARE(server.get(u"/v1/usage"_s, intruder.token).object().value(u"pagination"_s).toObject().value(u"total"_s).toInteger(),
             0);
    QCOMPARE(server.get(u"/v1/usage?after="_s, intruder.token).object().value(u"data"_s).toArray().size(), 0);
    QCOMPARE(server.get(u"/api/user/credits"_s, intruder.token).object().value(u"sources"_s).toArray().size(), 0);
    QCOMPARE(server.get(u"/v1/sync/state"_s, intruder.token).object().value(u"data"_s).toObject().value(u"user_id"_s).toString(),
             intruder.id);
    // the owner's subscription is untouched
    QCOMPARE(server.get(u"/v1/subscriptions/me"_s, owner.token).object().value(u"tier"_s).toString(), u"pro"_s);
}

void TestBillingHttpErrors::scopesAndSignIn()
{
    BILLING_SERVER(server, m_servers);
    const TestUser user = newUser(server, u"scopes"_s);
    for (const QString &path : {u"/v1/users/me"_s, u"/v1/credits/me"_s, u"/api/user/credits"_s, u"/v1/usage"_s,
                                u"/v1/sync/state"_s, u"/v1/subscriptions/me"_s, u"/api/user/invoices"_s})
        QCOMPARE(server.get(path).status, 401);
    const auto limited = server.admin({u"issue-token"_s, u"--email"_s, user.email, u"--scope"_s, u"openid user.info"_s});
    QCOMPARE(limited.exitCode, 0);
    const QString token = limited.output.value(u"access_token"_s).toString();
    QCOMPARE(server.get(u"/v1/credits/me"_s, token).status, 403);
    QCOMPARE(server.get(u"/v1/usage"_s, token).status, 403);
    QCOMPARE(server.get(u"/api/user/credits"_s, token).status, 403);
    QCOMPARE(server.get(u"/v1/users/me"_s, token).status, 200);
}

QTEST_GUILESS_MAIN(TestBillingHttpErrors)
#include "test_billing_http_errors.moc"

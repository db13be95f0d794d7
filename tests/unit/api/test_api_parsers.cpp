// The typed response parsers with the contract's shapes (api-contract §4–§7,
// §10.5) and hostile variants of each.
#include "tests/unit/api/parser_test_util.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::api;
using namespace creditdesk::test;

namespace {

constexpr auto kSubscription =
    R"({"id":"7d8e9f00-1111-4222-8333-444455556666","user_id":"5b0f6c1e-8f6a-4c57-9a43-1d2f3a4b5c6d",
"tier":"pro","status":"active","credits_per_month":100000,"credits_rollover":false,"billing_interval":"monthly",
"price_cents":2999,"current_period_start":"2025-11-01T00:00:00.000Z","current_period_end":"2025-12-01T00:00:00.000Z",
"trial_end":null,"created_at":"2025-01-01T00:00:00.000Z","cancel_at_period_end":false,"updated_at":"2025-11-01T00:00:00.000Z"})";

constexpr auto kLedger = R"({"data":[{"id":"r1","request_id":"q1","model_id":"gpt-4o","provider":"openai",
"request_type":"completion","input_tokens":100,"output_tokens":50,"cached_input_tokens":0,"credits_deducted":3.2,
"is_byok":false,"status":"success","reverses_id":null,"occurred_at":"2025-11-27T05:37:00.000Z",
"created_at":"2025-11-27T05:37:01.000Z","updated_at":"2025-11-27T05:37:01.000Z"},
{"id":"r2","request_id":"q2","model_id":"gpt-4o","provider":"openai","request_type":"streaming","input_tokens":0,
"output_tokens":0,"cached_input_tokens":0,"credits_deducted":-3.2,"is_byok":false,"status":"success",
"reverses_id":"r1","occurred_at":"2025-11-27T05:38:00.000Z","created_at":"2025-11-27T05:38:01.000Z",
"updated_at":"2025-11-27T05:38:01.000Z"}],"next_cursor":"MTc2NDIyMTg4MTAwMHxyMg","has_more":true})";

} // namespace

class TestApiParsers : public QObject {
    Q_OBJECT

private slots:
    void envelopes();
    void user();
    void preferences();
    void accountProfile();
    void plans();
    void subscription();
    void subscriptionHostile_data();
    void subscriptionHostile();
    void proration();
    void credits();
    void usagePages();
    void ledgerHostile_data();
    void ledgerHostile();
    void statsAndSummary();
    void invoices();
};

void TestApiParsers::envelopes()
{
    HttpResponse r;
    r.body = R"({"status":"success","data":null})";
    QVERIFY(successData(r).has_value() && successData(r)->isNull());
    r.body = R"({"status":"error","data":{}})";
    QVERIFY(!successData(r));
    r.body = R"({"data":{"a":1}})";
    QVERIFY(dataEnvelope(r)->isObject());
    r.body = R"({"status":"success"})";
    QVERIFY(!successData(r));
    QVERIFY(!dataEnvelope(r));
    r.body = "not json";
    QVERIFY(!bareBody(r));
}

void TestApiParsers::user()
{
    const QByteArray body =
        R"({"id":"5b0f6c1e-8f6a-4c57-9a43-1d2f3a4b5c6d","email":"a@b.c","emailVerified":false,
"username":"ann","firstName":null,"lastName":"Lee","profilePictureUrl":null,"createdAt":"2025-11-27T05:37:00.000Z",
"lastLoginAt":"2025-11-27T06:00:00.000Z","extra":"ignored"})";
    const auto u = parse::userProfile(json(body));
    QVERIFY(u.has_value());
    QCOMPARE(u->username, u"ann"_s);
    QCOMPARE(u->lastName, u"Lee"_s);
    QCOMPARE(*u->lastLoginAtMs, 1'764'223'200'000);
    QCOMPARE(failedField(parse::userProfile(json(variant(body, R"("username":"ann")", R"("username":7)")))),
             u"user.username"_s);
    QCOMPARE(failedField(parse::userProfile(json(variant(body, R"("lastLoginAt":"2025-11-27T06:00:00.000Z")",
                                                         R"("lastLoginAt":1764223200)")))),
             u"user.lastLoginAt"_s);
}

void TestApiParsers::preferences()
{
    const QByteArray body =
        R"({"defaultModelId":"gpt-4o","enableStreaming":true,"maxTokens":4096,"temperature":0.7,
"preferencesMetadata":{"creditdesk":{"mode":"cloud"}}})";
    const auto p = parse::preferences(json(body));
    QVERIFY(p.has_value());
    QCOMPARE(p->temperatureMilli, 700);
    QCOMPARE(p->metadata->value(u"creditdesk"_s).toObject().value(u"mode"_s).toString(), u"cloud"_s);
    const auto none = parse::preferences(json(variant(body, R"({"creditdesk":{"mode":"cloud"}})", "null")));
    QVERIFY(none.has_value() && !none->metadata);
    QCOMPARE(parse::preferences(json(variant(body, "0.7", "0.6999999999"))).value().temperatureMilli, 700);
    QCOMPARE(failedField(parse::preferences(json(variant(body, "0.7", "\"0.7\"")))),
             u"preferences.temperature"_s);
    QCOMPARE(failedField(parse::preferences(json(variant(body, "4096", "4096.5")))),
             u"preferences.maxTokens"_s);
    QCOMPARE(failedField(parse::preferences(json(variant(body, R"({"creditdesk":{"mode":"cloud"}})", "[]")))),
             u"preferences.preferencesMetadata"_s);

    const auto model = parse::modelPreference(
        json(R"({"defaultModelId":"m","model":{"id":"m","name":"M","capabilities":["chat"]}})"));
    QVERIFY(model.has_value() && model->model && model->model->capabilities == QStringList{u"chat"_s});
    QVERIFY(!parse::modelPreference(json(R"({"defaultModelId":null,"model":null})"))->model);
    QVERIFY(!parse::modelPreference(json(R"({"defaultModelId":null})")));
    QCOMPARE(parse::modelSelection(json(R"({"defaultModelId":"m","updatedAt":"2025-11-27T05:37:00.000Z"})"))
                 ->updatedAtMs,
             1'764'221'820'000);
}

void TestApiParsers::accountProfile()
{
    const QByteArray body =
        R"({"userId":"u1","email":"a@b.c","displayName":"Ann","subscription":{"tier":"free",
"status":"active","currentPeriodStart":null,"currentPeriodEnd":null,"cancelAtPeriodEnd":false},
"preferences":{"defaultModel":null,"emailNotifications":true,"usageAlerts":false},
"accountCreatedAt":"2025-01-01T00:00:00.000Z","lastLoginAt":null})";
    const auto p = parse::accountProfile(json(body));
    QVERIFY(p.has_value());
    QCOMPARE(p->tier, u"free"_s);
    QVERIFY(p->emailNotifications);
    QCOMPARE(failedField(parse::accountProfile(json(variant(body, R"("tier":"free")", R"("tier":"gold")")))),
             u"profile.subscription.tier"_s);
    QCOMPARE(failedField(
                 parse::accountProfile(json(variant(body, R"("usageAlerts":false)", R"("usageAlerts":0)")))),
             u"profile.preferences.usageAlerts"_s);
}

void TestApiParsers::plans()
{
    const QByteArray body = R"({"plans":[{"id":"pro","name":"Pro","description":"x","creditsPerMonth":100000,
"priceCents":2999,"billingIntervals":["monthly","yearly"],"yearlyDiscountPercent":20,"features":["a"]},
{"id":"free","name":"Free","description":"y","creditsPerMonth":5000,"priceCents":0,"billingIntervals":["monthly"],
"features":[]}]})";
    const auto p = parse::plans(json(body));
    QVERIFY(p.has_value());
    QCOMPARE(p->size(), 2);
    QCOMPARE(p->at(0).price.cents(), 2999);
    QCOMPARE(*p->at(0).yearlyDiscountPercent, 20);
    QVERIFY(!p->at(1).yearlyDiscountPercent);
    QCOMPARE(failedField(parse::plans(json(variant(body, "2999", "-2999")))),
             u"plans_response.plans[0].priceCents"_s);
    QCOMPARE(failedField(parse::plans(json(variant(body, "2999", "29.99")))),
             u"plans_response.plans[0].priceCents"_s);
}

void TestApiParsers::subscription()
{
    const auto s = parse::subscription(json(kSubscription));
    QVERIFY(s.has_value());
    QCOMPARE(s->price.cents(), 2999);
    QCOMPARE(s->creditsPerMonth, 100000);
    QCOMPARE(*s->cancelAtPeriodEnd, false);
    // The real cloud omits ours-only fields.
    const QByteArray real = variant(variant(kSubscription, R"(,"cancel_at_period_end":false)", ""),
                                    R"(,"updated_at":"2025-11-01T00:00:00.000Z")", "");
    const auto r = parse::subscription(json(real));
    QVERIFY(r.has_value());
    QVERIFY(!r->cancelAtPeriodEnd && !r->updatedAtMs);
    // Every contract status is accepted.
    for (const char *status :
         {"active", "cancelled", "expired", "suspended", "trial", "past_due", "grace_period"}) {
        const QByteArray field = QByteArray("\"status\":\"") + status + '"';
        const bool parsed =
            parse::subscription(json(variant(kSubscription, "\"status\":\"active\"", field))).has_value();
        QVERIFY2(parsed, status);
    }
    const auto c = parse::cancelResult(json(R"({"id":"s","status":"active","cancelled_at":null,
"cancel_at_period_end":true,"current_period_end":"2025-12-01T00:00:00.000Z"})"));
    QVERIFY(c.has_value() && c->cancelAtPeriodEnd && !c->cancelledAtMs);
}

void TestApiParsers::subscriptionHostile_data()
{
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<QString>("field");
    QTest::newRow("unknown status") << QByteArray(R"("status":"active")")
                                    << QByteArray(R"("status":"ACTIVE")") << u"subscription.status"_s;
    QTest::newRow("price as string") << QByteArray("2999") << QByteArray(R"("2999")")
                                     << u"subscription.price_cents"_s;
    QTest::newRow("negative price") << QByteArray("2999") << QByteArray("-1")
                                    << u"subscription.price_cents"_s;
    QTest::newRow("huge credits") << QByteArray("100000") << QByteArray("1e30")
                                  << u"subscription.credits_per_month"_s;
    QTest::newRow("interval") << QByteArray(R"("monthly")") << QByteArray(R"("weekly")")
                              << u"subscription.billing_interval"_s;
    QTest::newRow("trial_end number")
        << QByteArray(R"("trial_end":null)") << QByteArray(R"("trial_end":0)") << u"subscription.trial_end"_s;
    QTest::newRow("rollover missing")
        << QByteArray(R"("credits_rollover":false,)") << QByteArray() << u"subscription.credits_rollover"_s;
}

void TestApiParsers::subscriptionHostile()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(QString, field);
    QCOMPARE(failedField(parse::subscription(json(variant(kSubscription, from, to)))), field);
}

void TestApiParsers::proration()
{
    const QByteArray preview =
        R"({"subscription_id":"s1","from_tier":"pro","to_tier":"pro_max","days_remaining":15,
"days_in_cycle":30,"unused_credit_value_usd":9.5,"new_tier_prorated_cost_usd":24.5,"net_charge_usd":15,
"charge_today":15,"next_billing_amount":49,"next_billing_date":"2025-12-01T00:00:00.000Z","message":"ok"})";
    const auto p = parse::prorationPreview(json(preview));
    QVERIFY(p.has_value());
    QCOMPARE(p->unusedCreditValue.cents(), 950);
    QCOMPARE(p->netCharge.cents(), 1500);
    QCOMPARE(failedField(parse::prorationPreview(json(variant(preview, "9.5", "9.505")))),
             u"proration_preview.unused_credit_value_usd"_s);

    const QByteArray change =
        R"({"proration_event_id":"5b0f6c1e-8f6a-4c57-9a43-1d2f3a4b5c6d","subscription_id":"s1",
"from_tier":"pro_max","to_tier":"pro","net_charge_usd":"-12.50","status":"applied",
"effective_date":"2025-11-27T05:37:00.000Z","message":"down","credit_amount":12.5})";
    const auto c = parse::prorationChange(json(change));
    QVERIFY(c.has_value());
    QCOMPARE(c->netCharge.cents(), -1250); // usd$ string, negative for ours' downgrade
    QCOMPARE(c->creditAmount->cents(), 1250);
    QCOMPARE(failedField(parse::prorationChange(json(variant(change, R"("applied")", R"("done")")))),
             u"proration_change.status"_s);

    const auto h =
        parse::prorationHistory(json(R"({"user_id":"u","proration_events":[{"id":"e","subscription_id":"s",
"from_tier":"pro","to_tier":"pro_max","change_type":"upgrade","net_charge_usd":"15.00","status":"pending",
"effective_date":"2025-11-27T05:37:00.000Z"}]})"));
    QVERIFY(h.has_value());
    QCOMPARE(h->events.at(0).netCharge.cents(), 1500);
}

void TestApiParsers::credits()
{
    const QByteArray period =
        R"({"id":"p","userId":"u","totalCredits":100000,"usedCredits":250,"remainingCredits":99750,
"billingPeriodStart":"2025-11-01T00:00:00.000Z","billingPeriodEnd":"2025-12-01T00:00:00.000Z","usagePercentage":0.25})";
    const auto p = parse::creditPeriod(json(period));
    QVERIFY(p.has_value());
    QCOMPARE(p->usagePercentHundredths, 25);
    QCOMPARE(failedField(parse::creditPeriod(json(variant(period, "100000", "100000.5")))),
             u"credits.totalCredits"_s);

    const QByteArray real = R"({"freeCredits":{"remaining":5000,"monthlyAllocation":5000,"used":0,
"resetDate":"2025-12-01T00:00:00.000Z","daysUntilReset":4},"subscriptionCredits":{"remaining":0,
"monthlyAllocation":0,"used":0,"resetDate":"2025-12-01T00:00:00.000Z","daysUntilReset":4},
"purchasedCredits":{"remaining":0,"totalPurchased":0,"lifetimeUsed":0},"totalAvailable":5000,
"lastUpdated":"2025-11-27T05:37:00.000Z"})";
    const auto s = parse::creditSummary(json(real));
    QVERIFY(s.has_value());
    QVERIFY(!s->sources); // the real cloud has no per-source data
    QCOMPARE(s->freeCredits.remaining, 5000);
    QCOMPARE(failedField(parse::creditSummary(
                 json(variant(real, R"("daysUntilReset":4)", R"("daysUntilReset":"4")")))),
             u"user_credits.freeCredits.daysUntilReset"_s);
}

void TestApiParsers::usagePages()
{
    const QByteArray offset =
        R"({"usage":[{"id":"r1","modelId":"m","operation":"completion","creditsUsed":3.2,
"inputTokens":1,"outputTokens":2,"totalTokens":3,"requestDurationMs":null,"createdAt":"2025-11-27T05:37:00.000Z"}],
"pagination":{"limit":20,"offset":0,"total":1,"hasMore":false},
"summary":{"totalCreditsUsed":3.2,"totalRequests":1,"totalTokens":3}})";
    const auto page = parse::usagePage(json(offset));
    QVERIFY(page.has_value());
    QCOMPARE(page->items.at(0).creditsUsed.units(), 32'000);
    QVERIFY(!page->items.at(0).requestDurationMs);

    const auto ledger = parse::ledgerPage(json(kLedger));
    QVERIFY(ledger.has_value());
    QCOMPARE(ledger->rows.size(), 2);
    QCOMPARE(ledger->rows.at(1).creditsDeducted.units(), -32'000); // a correction row
    QCOMPARE(ledger->rows.at(1).reversesId, u"r1"_s);
    QCOMPARE(ledger->nextCursor, u"MTc2NDIyMTg4MTAwMHxyMg"_s);
    QVERIFY(ledger->hasMore);
    // The offset shape for an `after=` request: the server ignored the cursor.
    const auto ignored = parse::ledgerPage(json(offset));
    QVERIFY(!ignored);
    QCOMPARE(ignored.error().code, QString(api::errc::extensionUnavailable));
}

void TestApiParsers::ledgerHostile_data()
{
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<QString>("field");
    QTest::newRow("three decimals") << QByteArray("3.2,") << QByteArray("3.215,")
                                    << u"ledger_page.data[0].credits_deducted"_s;
    QTest::newRow("credits as bool") << QByteArray("3.2,") << QByteArray("true,")
                                     << u"ledger_page.data[0].credits_deducted"_s;
    QTest::newRow("negative tokens") << QByteArray(R"("input_tokens":100)")
                                     << QByteArray(R"("input_tokens":-1)")
                                     << u"ledger_page.data[0].input_tokens"_s;
    QTest::newRow("huge tokens") << QByteArray(R"("input_tokens":100)")
                                 << QByteArray(R"("input_tokens":18446744073709551616)")
                                 << u"ledger_page.data[0].input_tokens"_s;
    QTest::newRow("unknown request type")
        << QByteArray(R"("completion")") << QByteArray(R"("chat")") << u"ledger_page.data[0].request_type"_s;
    QTest::newRow("cursor null") << QByteArray(R"("next_cursor":"MTc2NDIyMTg4MTAwMHxyMg")")
                                 << QByteArray(R"("next_cursor":null)") << u"ledger_page.next_cursor"_s;
    QTest::newRow("NUL in id") << QByteArray(R"("id":"r1")") << QByteArray(R"("id":"r\u00001")")
                               << u"ledger_page.data[0].id"_s;
    QTest::newRow("rows not an array")
        << QByteArray(R"("data":[)") << QByteArray(R"("data":{"x":[)") << u"ledger_page.data"_s;
}

void TestApiParsers::ledgerHostile()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(QString, field);
    const QByteArray text = variant(kLedger, from, to);
    if (from == R"("data":[)") { // keep the document well-formed
        QByteArray fixed = text;
        fixed.replace(R"(}],"next_cursor")", R"(}]},"next_cursor")");
        QCOMPARE(failedField(parse::ledgerPage(json(fixed))), field);
        return;
    }
    QCOMPARE(failedField(parse::ledgerPage(json(text))), field);
}

void TestApiParsers::statsAndSummary()
{
    const QByteArray stats =
        R"({"stats":[{"date":"2025-11-27","creditsUsed":12.5,"requestsCount":3,"tokensTotal":90,
"averageDurationMs":120},{"hour":5,"creditsUsed":1,"requestsCount":1,"tokensTotal":9,"averageDurationMs":3},
{"modelId":"m","creditsUsed":0,"requestsCount":0,"tokensTotal":0,"averageDurationMs":0}],
"total":{"creditsUsed":13.5,"requestsCount":4,"tokensTotal":99,"averageDurationMs":91}})";
    const auto s = parse::usageStats(json(stats));
    QVERIFY(s.has_value());
    QCOMPARE(s->buckets.at(0).date, u"2025-11-27"_s);
    QCOMPARE(*s->buckets.at(1).hour, 5);
    QCOMPARE(s->buckets.at(2).modelId, u"m"_s);
    QCOMPARE(s->total.creditsUsed.units(), 135'000);
    QCOMPARE(failedField(parse::usageStats(json(variant(stats, R"("hour":5)", R"("hour":24)")))),
             u"usage_stats.stats[1].hour"_s);
    QCOMPARE(failedField(parse::usageStats(json(variant(stats, "2025-11-27", "27.11.2025")))),
             u"usage_stats.stats[0].date"_s);

    const QByteArray summary = R"({"period":"2025-11","periodStart":"2025-11-01T00:00:00.000Z",
"periodEnd":"2025-11-30T23:59:59.999Z","summary":{"creditsUsed":12.5,"apiRequests":3,"totalTokens":90,
"averageTokensPerRequest":30,"mostUsedModel":"N/A","mostUsedModelPercentage":0},"creditBreakdown":{"freeCreditsUsed":0,
"freeCreditsLimit":5000,"proCreditsUsed":12.5,"purchasedCreditsUsed":0},"modelBreakdown":[{"model":"m",
"provider":"openai","requests":3,"tokens":90,"credits":12.5,"percentage":100}]})";
    const auto m = parse::monthlySummary(json(summary));
    QVERIFY(m.has_value());
    QCOMPARE(m->freeCreditsLimit.units(), 50'000'000);
    QCOMPARE(m->modelBreakdown.at(0).credits.units(), 125'000);
    QCOMPARE(failedField(parse::monthlySummary(
                 json(variant(summary, R"("period":"2025-11")", R"("period":"11/25")")))),
             u"usage_summary.period"_s);
    QCOMPARE(failedField(
                 parse::monthlySummary(json(variant(summary, R"("percentage":100)", R"("percentage":101)")))),
             u"usage_summary.modelBreakdown[0].percentage"_s);
}

void TestApiParsers::invoices()
{
    const QByteArray body =
        R"({"invoices":[{"id":"in_1","date":"2025-11-01T00:00:00.000Z","amount":2999,"currency":"usd",
"status":"paid","invoiceUrl":"https://x","pdfUrl":"https://y","description":"Pro"}],"hasMore":false,"count":1})";
    const auto page = parse::invoicePage(json(body));
    QVERIFY(page.has_value());
    QCOMPARE(page->invoices.at(0).amount.cents(), 2999);
    QCOMPARE(failedField(parse::invoicePage(json(variant(body, "2999", "-2999")))),
             u"invoices_response.invoices[0].amount"_s);
    QCOMPARE(failedField(parse::invoicePage(json(variant(body, "2999", "29.99")))),
             u"invoices_response.invoices[0].amount"_s);
    QVERIFY(parse::invoicePage(json(R"({"invoices":[],"hasMore":false,"count":0})")).has_value());
}

QTEST_GUILESS_MAIN(TestApiParsers)
#include "test_api_parsers.moc"

// Usage reads (api-contract §7, §10.5), invoices, sync state and users (§4)
// at the service level, on SQLite and PostgreSQL.
#include "core/domain/utc_time.h"
#include "server/billing/invoice_service.h"
#include "server/billing/subscription_service.h"
#include "server/billing/sync_state_service.h"
#include "server/billing/usage_query_service.h"
#include "server/billing/usage_recorder.h"
#include "server/billing/user_service.h"
#include "server/db/sql_values.h"
#include "tests/integration/billing/billing_test_support.h"
#include "tests/support/test_support.h"

#include <QSet>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::server;
using namespace creditdesk::server::test;

class TestUsageQueries : public QObject {
    Q_OBJECT

private slots:
    void cursorPagingReturnsEveryRowOnce_data() { addDialectRows(); }
    void cursorPagingReturnsEveryRowOnce();
    void listFiltersAndSummaries_data() { addDialectRows(); }
    void listFiltersAndSummaries();
    void invoicesNewestFirst_data() { addDialectRows(); }
    void invoicesNewestFirst();
    void syncStateFollowsTheData_data() { addDialectRows(); }
    void syncStateFollowsTheData();
    void usersAndPreferences_data() { addDialectRows(); }
    void usersAndPreferences();
};

#define WORLD()                                                                                              \
    QFETCH(Dialect, dialect);                                                                                \
    CREDITDESK_REQUIRE_DIALECT(dialect);                                                                     \
    CREDITDESK_TRY(world, BillingWorld::create(dialect));                                                    \
    Connection &db = world->db();                                                                            \
    Q_UNUSED(db)

void TestUsageQueries::cursorPagingReturnsEveryRowOnce()
{
    WORLD();
    CREDITDESK_TRY(user, world->createUser(u"cursor@example.com"_s));
    CREDITDESK_TRY(other, world->createUser(u"cursor-other@example.com"_s));
    CREDITDESK_VERIFY_OK(world->grant(user, 100));
    CREDITDESK_VERIFY_OK(world->grant(other, 100));
    UsageRecorder recorder(world->env(), db);
    QSet<QString> recorded;
    for (int i = 0; i < 23; ++i) {
        CREDITDESK_TRY(r, recorder.record(world->usage(user)));
        recorded.insert(r.outcome.usageId);
        CREDITDESK_VERIFY_OK(recorder.record(world->usage(other)));
        if (i % 5 == 0)
            world->clock().advanceMs(1); // several rows share a created_at
    }
    UsageQueryService queries(world->env(), db);
    CREDITDESK_TRY(tooNew, queries.page(user, QString(), 10));
    QCOMPARE(tooNew.value(u"data"_s).toArray().size(), 0); // not 5 s old yet
    QCOMPARE(tooNew.value(u"next_cursor"_s).toString(), QString());
    world->clock().advanceMs(5'000);

    QSet<QString> seen;
    QString cursor;
    int pages = 0;
    for (;;) {
        CREDITDESK_TRY(page, queries.page(user, cursor, 7));
        for (const QJsonValue &row : page.value(u"data"_s).toArray()) {
            const QString id = row.toObject().value(u"id"_s).toString();
            QVERIFY2(!seen.contains(id), "a row came twice");
            seen.insert(id);
            QCOMPARE(row.toObject().value(u"provider"_s).toString(), u"openai"_s);
            QVERIFY(row.toObject().value(u"reverses_id"_s).isNull());
        }
        cursor = page.value(u"next_cursor"_s).toString();
        ++pages;
        if (!page.value(u"has_more"_s).toBool())
            break;
    }
    QCOMPARE(pages, 4);
    QCOMPARE(seen, recorded);
    CREDITDESK_TRY(empty, queries.page(user, cursor, 7));
    QCOMPARE(empty.value(u"data"_s).toArray().size(), 0);
    QCOMPARE(empty.value(u"next_cursor"_s).toString(), cursor); // unchanged on an empty page
    CREDITDESK_TRY(latest, queries.latestCursor(user));
    QCOMPARE(latest, cursor);

    for (const QString &bad : {u"x"_s, u"YzE6MTIzOm5vdC1hLXV1aWQ"_s, u"' OR 1=1 --"_s, QString(300, u'A')}) {
        auto refused = queries.page(user, bad, 5);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, u"invalid_cursor"_s);
    }
}

void TestUsageQueries::listFiltersAndSummaries()
{
    WORLD();
    const std::int64_t start = utcMs(2026, 1, 10, 8).value();
    world->clock().setNowMs(start);
    CREDITDESK_TRY(user, world->createUser(u"list@example.com"_s));
    CREDITDESK_VERIFY_OK(world->grant(user, 1000));
    UsageRecorder recorder(world->env(), db);
    for (int i = 0; i < 30; ++i) {
        UsageInput in = world->usage(user);
        if (i % 3 == 0) {
            in.provider = u"anthropic"_s;
            in.modelId = u"claude-haiku-4.5"_s;
            in.requestType = RequestType::Streaming;
        }
        in.durationMs = 100 * (i + 1);
        CREDITDESK_VERIFY_OK(recorder.record(in));
        world->clock().advanceMs(2 * kMsPerHour); // spread over 2.5 days
    }
    UsageQueryService queries(world->env(), db);
    CREDITDESK_TRY(page, queries.list(user, UsageFilter{}, 20, 0));
    QCOMPARE(page.value(u"usage"_s).toArray().size(), 20);
    QCOMPARE(page.value(u"pagination"_s).toObject().value(u"total"_s).toInteger(), 30);
    QCOMPARE(page.value(u"pagination"_s).toObject().value(u"hasMore"_s).toBool(), true);
    const QJsonObject newest = page.value(u"usage"_s).toArray().at(0).toObject();
    QCOMPARE(newest.value(u"totalTokens"_s).toInteger(), 1500);
    QCOMPARE(newest.value(u"requestDurationMs"_s).toInteger(), 3000);
    CREDITDESK_TRY(rest, queries.list(user, UsageFilter{}, 20, 20));
    QCOMPARE(rest.value(u"usage"_s).toArray().size(), 10);
    QCOMPARE(rest.value(u"pagination"_s).toObject().value(u"hasMore"_s).toBool(), false);

    UsageFilter haiku;
    haiku.modelId = u"claude-haiku-4.5"_s;
    CREDITDESK_TRY(filtered, queries.list(user, haiku, 100, 0));
    QCOMPARE(filtered.value(u"summary"_s).toObject().value(u"totalRequests"_s).toInteger(), 10);
    UsageFilter streaming;
    streaming.requestType = u"streaming"_s;
    CREDITDESK_TRY(streamed, queries.list(user, streaming, 100, 0));
    QCOMPARE(streamed.value(u"summary"_s).toObject().value(u"totalRequests"_s).toInteger(), 10);
    UsageFilter firstDay;
    firstDay.fromMs = utcMs(2026, 1, 10).value();
    firstDay.untilMs = utcMs(2026, 1, 11).value();
    CREDITDESK_TRY(day, queries.list(user, firstDay, 100, 0));
    QCOMPARE(day.value(u"summary"_s).toObject().value(u"totalRequests"_s).toInteger(), 8); // 08:00 … 22:00

    CREDITDESK_TRY(byDay, queries.stats(user, UsageFilter{}, UsageGrouping::Day));
    const QJsonArray days = byDay.value(u"stats"_s).toArray();
    QCOMPARE(days.size(), 3);
    QCOMPARE(days.at(0).toObject().value(u"date"_s).toString(), u"2026-01-12"_s); // newest first
    QCOMPARE(days.at(2).toObject().value(u"requestsCount"_s).toInteger(), 8);
    QCOMPARE(byDay.value(u"total"_s).toObject().value(u"requestsCount"_s).toInteger(), 30);
    QCOMPARE(byDay.value(u"total"_s).toObject().value(u"averageDurationMs"_s).toInteger(), 1550); // weighted
    CREDITDESK_TRY(byHour, queries.stats(user, UsageFilter{}, UsageGrouping::Hour));
    const QJsonArray hours = byHour.value(u"stats"_s).toArray();
    QCOMPARE(hours.size(), 12);
    QCOMPARE(hours.at(0).toObject().value(u"hour"_s).toInt(), 0);
    CREDITDESK_TRY(byModel, queries.stats(user, UsageFilter{}, UsageGrouping::Model));
    QCOMPARE(byModel.value(u"stats"_s).toArray().size(), 2);

    CREDITDESK_TRY(summary, queries.summary(user, u"2026-01"_s));
    const QJsonObject s = summary.value(u"summary"_s).toObject();
    QCOMPARE(s.value(u"apiRequests"_s).toInteger(), 30);
    QCOMPARE(s.value(u"mostUsedModel"_s).toString(), u"gpt-4o-mini"_s);
    QCOMPARE(s.value(u"mostUsedModelPercentage"_s).toInteger(), 67);
    QCOMPARE(summary.value(u"periodStart"_s).toString(), u"2026-01-01T00:00:00.000Z"_s);
    QCOMPARE(summary.value(u"modelBreakdown"_s).toArray().size(), 2);
    QCOMPARE(summary.value(u"creditBreakdown"_s).toObject().value(u"purchasedCreditsUsed"_s).toDouble(),
             s.value(u"creditsUsed"_s).toDouble());
    CREDITDESK_TRY(current, queries.summary(user, u"current_month"_s));
    QCOMPARE(current.value(u"period"_s).toString(), u"2026-01"_s);
    for (const QString &bad : {u"2026-13"_s, u"2026-1"_s, u"january"_s, u"2026-01-01"_s, u"'; --"_s}) {
        auto refused = queries.summary(user, bad);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, u"validation_error"_s);
    }
}

void TestUsageQueries::invoicesNewestFirst()
{
    WORLD();
    CREDITDESK_TRY(user, world->createUser(u"invoices@example.com"_s));
    CREDITDESK_TRY(other, world->createUser(u"invoices-other@example.com"_s));
    InvoiceService invoices(db);
    CREDITDESK_TRY(none, invoices.list(user, 10, QString()));
    QCOMPARE(none.value(u"count"_s).toInteger(), 0);
    SubscriptionService subscriptions(world->env(), db);
    CREDITDESK_VERIFY_OK(subscriptions.adminSet(u"invoices@example.com"_s, u"pro"_s, u"active"_s, {}));
    CREDITDESK_VERIFY_OK(subscriptions.adminSet(u"invoices-other@example.com"_s, u"pro"_s, u"active"_s, {}));
    // more invoices: cancel and subscribe again, a day apart
    for (int i = 0; i < 3; ++i) {
        world->clock().advanceMs(kMsPerDay);
        CREDITDESK_VERIFY_OK(subscriptions.cancel(user, QString(), false));
        CREDITDESK_VERIFY_OK(subscriptions.create({user, SubscriptionTier::Pro, BillingInterval::Monthly,
                                                   SubscriptionStatus::Active}));
    }
    CREDITDESK_TRY(first, invoices.list(user, 3, QString()));
    QCOMPARE(first.value(u"count"_s).toInteger(), 3);
    QCOMPARE(first.value(u"hasMore"_s).toBool(), true);
    const QJsonArray list = first.value(u"invoices"_s).toArray();
    QVERIFY(list.at(0).toObject().value(u"date"_s).toString() > list.at(1).toObject().value(u"date"_s).toString());
    QVERIFY(list.at(0).toObject().value(u"id"_s).toString().startsWith(u"in_"_s));
    QCOMPARE(list.at(0).toObject().value(u"amount"_s).toInteger(), 1500);
    QCOMPARE(list.at(0).toObject().value(u"currency"_s).toString(), u"usd"_s);
    CREDITDESK_TRY(next, invoices.list(user, 3, list.at(2).toObject().value(u"id"_s).toString()));
    QCOMPARE(next.value(u"count"_s).toInteger(), 1);
    QCOMPARE(next.value(u"hasMore"_s).toBool(), false);
    CREDITDESK_TRY(theirs, invoices.list(other, 10, QString()));
    const QString theirId = theirs.value(u"invoices"_s).toArray().at(0).toObject().value(u"id"_s).toString();
    auto refused = invoices.list(user, 3, theirId);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, u"invalid_request"_s);
}

void TestUsageQueries::syncStateFollowsTheData()
{
    WORLD();
    CREDITDESK_TRY(user, world->createUser(u"sync@example.com"_s));
    SyncStateService sync(world->env(), db);
    CREDITDESK_TRY(empty, sync.state(user));
    QCOMPARE(empty.data.value(u"balance"_s).toObject().value(u"version"_s).toInteger(), 0);
    QVERIFY(empty.data.value(u"balance"_s).toObject().value(u"updated_at"_s).isNull());
    QCOMPARE(empty.data.value(u"usage"_s).toObject().value(u"latest_cursor"_s).toString(), QString());
    world->clock().advanceMs(1000);
    CREDITDESK_TRY(same, sync.state(user));
    QCOMPARE(same.etag, empty.etag); // server_time is not part of the validator
    QVERIFY(SyncStateService::matches(same.etag, empty.etag));
    QVERIFY(SyncStateService::matches("W/" + same.etag + ", \"x\"", empty.etag));
    QVERIFY(!SyncStateService::matches("\"other\"", empty.etag));

    CREDITDESK_VERIFY_OK(world->grant(user, 10));
    CREDITDESK_TRY(granted, sync.state(user));
    QVERIFY(granted.etag != empty.etag);
    QCOMPARE(granted.data.value(u"balance"_s).toObject().value(u"version"_s).toInteger(), 1);
    CREDITDESK_VERIFY_OK(UsageRecorder(world->env(), db).record(world->usage(user)));
    CREDITDESK_TRY(used, sync.state(user));
    QCOMPARE(used.data.value(u"balance"_s).toObject().value(u"version"_s).toInteger(), 2);
    QCOMPARE(used.data.value(u"usage"_s).toObject().value(u"latest_cursor"_s).toString(), QString()); // < 5 s old
    world->clock().advanceMs(5'000);
    CREDITDESK_TRY(visible, sync.state(user));
    QVERIFY(!visible.data.value(u"usage"_s).toObject().value(u"latest_cursor"_s).toString().isEmpty());
    QVERIFY(visible.etag != used.etag);
    CREDITDESK_VERIFY_OK(UserService(world->env(), db).updateMe(user, UserPatch{u"Ada"_s, {}, {}}));
    CREDITDESK_TRY(profile, sync.state(user));
    QCOMPARE(profile.data.value(u"profile"_s).toObject().value(u"version"_s).toInteger(), 1);
    auto nobody = sync.state(sqlv::newUuid());
    QVERIFY(!nobody);
    QCOMPARE(nobody.error().code, u"not_found"_s);
}

void TestUsageQueries::usersAndPreferences()
{
    WORLD();
    CREDITDESK_TRY(user, world->createUser(u"Profile@Example.com"_s));
    CREDITDESK_TRY(other, world->createUser(u"taken@example.com"_s));
    UserService users(world->env(), db);
    CREDITDESK_TRY(me, users.me(user));
    QCOMPARE(me.value(u"email"_s).toString(), u"profile@example.com"_s);
    QVERIFY(me.value(u"username"_s).isNull());
    CREDITDESK_TRY(patched, users.updateMe(user, UserPatch{u"Ada"_s, u"Lovelace"_s, u"ada_l"_s}));
    QCOMPARE(patched.value(u"firstName"_s).toString(), u"Ada"_s);
    auto taken = users.updateMe(other, UserPatch{{}, {}, u"ada_l"_s});
    QVERIFY(!taken);
    QCOMPARE(taken.error().code, u"conflict"_s);
    QCOMPARE(taken.error().details.value(u"field"_s).toString(), u"username"_s);

    CREDITDESK_TRY(defaults, users.preferences(user));
    QCOMPARE(defaults.value(u"maxTokens"_s).toInt(), 4096);
    QCOMPARE(defaults.value(u"temperature"_s).toDouble(), 0.7);
    QVERIFY(defaults.value(u"preferencesMetadata"_s).isNull());
    PreferencesPatch patch;
    patch.maxTokens = 8000;
    patch.temperatureHundredths = 125;
    patch.metadata = QJsonObject{{u"creditdesk"_s, QJsonObject{{u"mode"_s, u"byok"_s}}}};
    CREDITDESK_TRY(prefs, users.updatePreferences(user, patch));
    QCOMPARE(prefs.value(u"temperature"_s).toDouble(), 1.25);
    QCOMPARE(prefs.value(u"preferencesMetadata"_s).toObject().value(u"creditdesk"_s).toObject().value(u"mode"_s),
             QJsonValue(u"byok"_s));
    auto unknown = users.setModel(user, u"no-such-model"_s);
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().code, u"not_found"_s);
    CREDITDESK_TRY(model, users.setModel(user, u"claude-sonnet-4.5"_s));
    QCOMPARE(model.value(u"defaultModelId"_s).toString(), u"claude-sonnet-4.5"_s);
    CREDITDESK_TRY(modelPref, users.modelPreference(user));
    QCOMPARE(modelPref.value(u"model"_s).toObject().value(u"id"_s).toString(), u"claude-sonnet-4.5"_s);
    CREDITDESK_TRY(profile, users.profile(user));
    QCOMPARE(profile.value(u"displayName"_s).toString(), u"Ada Lovelace"_s);
    QCOMPARE(profile.value(u"subscription"_s).toObject().value(u"tier"_s).toString(), u"free"_s);
    QCOMPARE(profile.value(u"preferences"_s).toObject().value(u"defaultModel"_s).toString(), u"claude-sonnet-4.5"_s);
    auto missing = users.me(sqlv::newUuid());
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, u"not_found"_s);
}

QTEST_GUILESS_MAIN(TestUsageQueries)
#include "test_usage_queries.moc"

// SyncEngine without the §10 extensions (the polling fallback of
// api-contract §10.5) and with streams that wait for the user's profile.
#include "core/api/api_errors.h"
#include "core/store/account_repository.h"
#include "core/sync/sync_errors.h"
#include "core/sync/usage_paging.h"
#include "tests/unit/sync/sync_test_support.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::test;
using Reply = HostileServer::Reply;

class TestSyncEnginePolling : public QObject {
    Q_OBJECT

private slots:
    void pollingFallbackConverges();
    void userStreamsWaitForAProfile();
};

void TestSyncEnginePolling::pollingFallbackConverges()
{
    sync::SyncOptions options;
    options.fallbackPageSize = 3;
    options.fallbackOverlapMs = 2'000; // rows are 1 s apart
    SyncFixture f(options);
    f.cloud.extensions = false;
    f.cloud.addRows(7);
    sync::SyncResult result = f.sync();
    QVERIFY2(result.ok(), qPrintable(result.error ? result.error->code : QString()));
    QVERIFY(result.fallback);
    QCOMPARE(result.usagePages, 3);
    QCOMPARE(f.usageIds(), f.cloudIds(7));
    QCOMPARE(sync::decodeHighWaterMark(f.usageCursor()),
             std::optional<std::int64_t>(f.cloud.rows.at(6).createdAtMs));
    QVERIFY(f.cloud.requestsTo(u"/v1/usage"_s).at(0).target.contains("offset=0"));

    // Nothing new: only the window before the mark is read again (2 of 3 pages).
    f.cloud.server.clearRequests();
    result = f.sync();
    QVERIFY(result.ok());
    QCOMPARE(f.cloud.requestsTo(u"/v1/usage"_s).size(), 2);

    // Two new rows, and one recorded late with an old time: the pass goes
    // past the window until the mirror has as many rows as the server.
    f.cloud.addRows(2);
    FakeCloud::Row late{FakeCloud::rowId(99), f.cloud.rows.at(0).createdAtMs - 3'600'000};
    f.cloud.rows.append(late);
    result = f.sync();
    QVERIFY(result.ok());
    QCOMPARE(f.usageIds().size(), 10);
    QVERIFY(f.usageIds().contains(late.id));
    QCOMPARE(sync::decodeHighWaterMark(f.usageCursor()),
             std::optional<std::int64_t>(f.cloud.rows.at(8).createdAtMs));
}

void TestSyncEnginePolling::userStreamsWaitForAProfile()
{
    // Polling a fresh mirror, with a broken /v1/users/me: no user id is known,
    // so the balance and coupon streams cannot be written; the rest still is.
    SyncFixture f;
    f.cloud.extensions = false;
    f.cloud.addRows(2);
    f.cloud.intercept = [](const HostileServer::Request &r) -> std::optional<Reply> {
        if (r.path() == "/v1/users/me"_L1)
            return Reply::json(200, R"({"id":42})");
        return std::nullopt;
    };
    const sync::SyncResult result = f.sync();
    QCOMPARE(result.error->code, QString(api::errc::invalidResponse));
    QCOMPARE(result.error->details.value(u"stream"_s).toString(), u"profile"_s);
    QStringList missing;
    for (const sync::StreamFailure &failure : result.failures) {
        if (failure.error.is(sync::errc::profileMissing))
            missing.append(failure.stream);
    }
    QCOMPARE(missing, (QStringList{u"balance"_s, u"coupons"_s}));
    QVERIFY(result.fetched.contains(u"usage"_s));
    QCOMPARE(f.usageIds().size(), 2);
    QVERIFY(!store::AccountRepository(f.reader()).balance().value());
}

QTEST_GUILESS_MAIN(TestSyncEnginePolling)
#include "test_sync_engine_polling.moc"

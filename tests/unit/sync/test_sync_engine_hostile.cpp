// SyncEngine against a scripted cloud: what lands in the mirror when a page is
// broken, the server fails or disappears mid-sync, the cursor misbehaves, and
// how the next run resumes.
#include "core/api/api_errors.h"
#include "core/store/account_repository.h"
#include "core/store/mirror_errors.h"
#include "core/sync/sync_errors.h"
#include "tests/unit/sync/sync_test_support.h"

#include <QtTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::test;
using sync::SyncStatus;
using Reply = HostileServer::Reply;

namespace {

bool isPageAfter(const HostileServer::Request &r, const QString &cursor)
{
    return r.path() == "/v1/usage"_L1 && FakeCloud::query(r).queryItemValue(u"after"_s) == cursor &&
           FakeCloud::query(r).hasQueryItem(u"after"_s);
}

} // namespace

class TestSyncEngineHostile : public QObject {
    Q_OBJECT

private slots:
    void fullSyncMirrorsEveryStream();
    void unchangedStreamsAreSkipped();
    void brokenPageKeepsEarlierPages_data();
    void brokenPageKeepsEarlierPages();
    void offlineIsOffline();
    void signInRequiredIsSignedOut();
    void invalidCursorRestartsFromTheBeginning();
    void cancelStopsAtOnceAndResumes();
    void anotherAccountClearsTheMirror();
    void failedWritesAreSurvivable();
};

void TestSyncEngineHostile::fullSyncMirrorsEveryStream()
{
    SyncFixture f;
    f.cloud.addRows(7);
    QSignalSpy statuses(f.engine.get(), &sync::SyncEngine::statusChanged);
    QSignalSpy progress(f.engine.get(), &sync::SyncEngine::progress);
    QSignalSpy lastSync(f.engine.get(), &sync::SyncEngine::lastSuccessfulSyncChanged);

    const sync::SyncResult result = f.sync();
    QVERIFY2(result.ok(), qPrintable(result.error ? result.error->code : QString()));
    QCOMPARE(sync::toString(result.status), sync::toString(SyncStatus::Idle));
    QVERIFY(!result.fallback);
    QCOMPARE(result.usageRows, 7);
    QCOMPARE(result.usagePages, 3);
    QCOMPARE(result.fetched, (QStringList{u"profile"_s, u"subscription"_s, u"balance"_s, u"license"_s,
                                          u"coupons"_s, u"invoices"_s, u"usage"_s}));
    QVERIFY(result.skipped.isEmpty());
    QCOMPARE(f.usageIds(), f.cloudIds(7));
    QCOMPARE(f.usageCursor(), u"c7"_s);
    QCOMPARE(progress.size(), 3);
    QCOMPARE(progress.last().at(1).toLongLong(), 7);
    QCOMPARE(statuses.size(), 2); // Syncing, then Idle
    QCOMPARE(sync::toString(statuses.at(0).at(0).value<SyncStatus>()), sync::toString(SyncStatus::Syncing));
    QCOMPARE(sync::toString(statuses.at(1).at(0).value<SyncStatus>()), sync::toString(SyncStatus::Idle));

    store::AccountRepository accounts(f.reader());
    QCOMPARE(accounts.profile().value()->displayName, u"Ann"_s);
    QCOMPARE(accounts.preferences().value()->emailNotifications, std::optional<bool>(true));
    QCOMPARE(accounts.balance().value()->amount.units(), 5000 * Credits::kUnitsPerCredit);
    QCOMPARE(accounts.sources().value().size(), 1);
    QVERIFY(!accounts.subscription().value());
    QCOMPARE(f.streamState(u"balance"_s)->serverVersion, std::optional<qint64>(1));

    // The last successful sync is stored with the ETag, and read back by a new engine.
    const auto state = f.streamState(u"state"_s);
    QVERIFY(state && !state->etag.isEmpty());
    QCOMPARE(result.completedAtMs, std::optional<std::int64_t>(state->syncedAtMs));
    QCOMPARE(lastSync.size(), 1);
    QCOMPARE(f.engine->lastSuccessfulSyncMs(), result.completedAtMs);
    sync::SyncEngine again(*f.client, *f.writer);
    QVERIFY(QTest::qWaitFor([&] { return again.lastSuccessfulSyncMs().has_value(); }));
    QCOMPARE(again.lastSuccessfulSyncMs(), result.completedAtMs);
}

void TestSyncEngineHostile::unchangedStreamsAreSkipped()
{
    SyncFixture f;
    f.cloud.addRows(7);
    QVERIFY(f.sync().ok());
    const QByteArray etag = f.streamState(u"state"_s)->etag.toLatin1();

    // Nothing changed: one request with If-None-Match, 304, nothing fetched.
    f.cloud.server.clearRequests();
    sync::SyncResult result = f.sync();
    QVERIFY(result.ok());
    QCOMPARE(f.cloud.server.requestCount(), 1);
    QCOMPARE(f.cloud.server.requests().at(0).header("if-none-match"), etag);
    QVERIFY(result.fetched.isEmpty());
    QCOMPARE(result.skipped.size(), 7);

    // The balance changed and two rows arrived: only those are fetched.
    f.cloud.versions.insert(u"balance"_s, 2);
    f.cloud.addRows(2);
    f.cloud.server.clearRequests();
    result = f.sync();
    QVERIFY(result.ok());
    QCOMPARE(result.fetched, (QStringList{u"balance"_s, u"usage"_s}));
    QCOMPARE(result.usageRows, 2);
    const auto pages = f.cloud.requestsTo(u"/v1/usage"_s);
    QCOMPARE(pages.size(), 1);
    QVERIFY(isPageAfter(pages.at(0), u"c7"_s));
    QVERIFY(f.cloud.requestsTo(u"/v1/users/me"_s).isEmpty());
    QCOMPARE(f.usageIds(), f.cloudIds(9));
    QCOMPARE(f.streamState(u"balance"_s)->serverVersion, std::optional<qint64>(2));
}

void TestSyncEngineHostile::brokenPageKeepsEarlierPages_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("code");
    QTest::newRow("malformed JSON") << 0 << QString(api::errc::invalidResponse);
    QTest::newRow("wrong types") << 1 << QString(api::errc::invalidResponse);
    QTest::newRow("truncated") << 2 << QString(api::errc::invalidResponse);
    QTest::newRow("cursor backwards") << 3 << QString(sync::errc::cursorRegressed);
    QTest::newRow("cursor loop") << 4 << QString(sync::errc::cursorLoop);
    QTest::newRow("500 mid-sync") << 5 << QString(api::errc::internalServerError);
    QTest::newRow("row the mirror refuses") << 6 << QString(store::errc::mirrorConstraintViolation);
    QTest::newRow("rows without a cursor") << 7 << QString(sync::errc::invalidPage);
}

void TestSyncEngineHostile::brokenPageKeepsEarlierPages()
{
    QFETCH(int, kind);
    QFETCH(QString, code);
    SyncFixture f;
    f.cloud.addRows(7);
    const QList<FakeCloud::Row> second = f.cloud.rows.mid(3, 3);
    Reply broken;
    switch (kind) {
    case 0:
        broken = Reply::json(200, R"({"data":[{"id":")");
        break;
    case 1:
        broken = Reply::json(200, FakeCloud::ledgerPage(second, u"c6"_s, true)
                                      .replace("\"input_tokens\":100", "\"input_tokens\":\"100\""));
        break;
    case 2: {
        broken = Reply::of(HostileServer::Behaviour::Truncate);
        broken.body = FakeCloud::ledgerPage(second, u"c6"_s, true).left(40);
        broken.declaredLength = 4000;
        break;
    }
    case 3: {
        QList<FakeCloud::Row> earlier = second;
        earlier[0].createdAtMs = f.cloud.rows.at(0).createdAtMs - 1;
        broken = Reply::json(200, FakeCloud::ledgerPage(earlier, u"c6"_s, true));
        break;
    }
    case 4:
        broken = Reply::json(200, FakeCloud::ledgerPage(second, u"c3"_s, true));
        break;
    case 5:
        broken = Reply::json(500, R"({"error":{"code":"internal_server_error","message":"boom"}})");
        break;
    case 6: {
        QList<FakeCloud::Row> bad = second;
        bad[2].status = u"exploded"_s;
        broken = Reply::json(200, FakeCloud::ledgerPage(bad, u"c6"_s, true));
        break;
    }
    default:
        broken = Reply::json(200, FakeCloud::ledgerPage(second, {}, true));
        break;
    }
    f.cloud.intercept = [&](const HostileServer::Request &r) -> std::optional<Reply> {
        if (isPageAfter(r, u"c3"_s))
            return broken;
        return std::nullopt;
    };

    sync::SyncResult result = f.sync();
    QVERIFY(!result.ok());
    QCOMPARE(result.error->code, code);
    QCOMPARE(result.error->details.value(u"stream"_s).toString(), u"usage"_s);
    QCOMPARE(sync::toString(result.status), sync::toString(SyncStatus::Error));
    QCOMPARE(result.usageRows, 3);
    // The first page and its cursor, nothing of the broken one.
    QCOMPARE(f.usageIds(), f.cloudIds(3));
    QCOMPARE(f.usageCursor(), u"c3"_s);
    QVERIFY(!f.streamState(u"state"_s)); // no successful sync, no ETag
    // The other streams still ran.
    QVERIFY(result.fetched.contains(u"invoices"_s));

    // Fixed server: the next run resumes after the last good page.
    f.cloud.intercept = {};
    f.cloud.server.clearRequests();
    result = f.sync();
    QVERIFY(result.ok());
    // (A page the failed run had asked for ahead may still reach the server now.)
    const auto pages = f.cloud.requestsTo(u"/v1/usage"_s);
    QVERIFY(std::ranges::any_of(pages, [](const auto &r) { return isPageAfter(r, u"c3"_s); }));
    QVERIFY(std::ranges::none_of(pages, [](const auto &r) { return isPageAfter(r, QString()); }));
    QCOMPARE(result.usageRows, 4);
    QCOMPARE(f.usageIds(), f.cloudIds(7));
    QCOMPARE(f.usageCursor(), u"c7"_s);
}

void TestSyncEngineHostile::offlineIsOffline()
{
    SyncFixture f;
    f.cloud.addRows(3);
    f.client->transport().setBaseUrl(closedPortUrl());
    const sync::SyncResult result = f.sync();
    QCOMPARE(sync::toString(result.status), sync::toString(SyncStatus::Offline));
    QCOMPARE(sync::toString(f.engine->status()), sync::toString(SyncStatus::Offline));
    QCOMPARE(result.error->code, QString(api::errc::networkUnreachable));
    QVERIFY(result.fetched.isEmpty());
    QVERIFY(f.usageIds().isEmpty());
    QVERIFY(!f.engine->lastSuccessfulSyncMs());

    // Back online.
    f.client->transport().setBaseUrl(f.cloud.server.baseUrl());
    QVERIFY(f.sync().ok());
    QCOMPARE(sync::toString(f.engine->status()), sync::toString(SyncStatus::Idle));
    QCOMPARE(f.usageIds(), f.cloudIds(3));
}

void TestSyncEngineHostile::signInRequiredIsSignedOut()
{
    SyncFixture f;
    f.cloud.intercept = [](const HostileServer::Request &) -> std::optional<Reply> {
        return Reply::json(401, R"({"error":{"code":"unauthorized","message":"token expired"}})");
    };
    const sync::SyncResult result = f.sync();
    QCOMPARE(sync::toString(result.status), sync::toString(SyncStatus::SignedOut));
    QCOMPARE(sync::toString(f.engine->status()), sync::toString(SyncStatus::SignedOut));
    QCOMPARE(result.error->code, QString(api::errc::signInRequired));
    QCOMPARE(f.tokens.refreshCount(), 1);
}

void TestSyncEngineHostile::invalidCursorRestartsFromTheBeginning()
{
    SyncFixture f;
    f.cloud.addRows(4);
    QVERIFY(f.sync().ok());
    QCOMPARE(f.usageCursor(), u"c4"_s);
    f.cloud.rejectedCursor = u"c4"_s;
    f.cloud.addRows(1);
    f.cloud.server.clearRequests();
    const sync::SyncResult result = f.sync();
    QVERIFY(result.ok());
    const auto pages = f.cloud.requestsTo(u"/v1/usage"_s);
    QVERIFY(isPageAfter(pages.at(0), u"c4"_s));
    QVERIFY(isPageAfter(pages.at(1), QString()));
    QCOMPARE(result.usageRows, 5); // everything again, upserted
    QCOMPARE(f.usageIds(), f.cloudIds(5));
    QCOMPARE(f.usageCursor(), u"c5"_s);
}

void TestSyncEngineHostile::cancelStopsAtOnceAndResumes()
{
    SyncFixture f;
    f.cloud.addRows(7);
    f.cloud.intercept = [](const HostileServer::Request &r) -> std::optional<Reply> {
        if (isPageAfter(r, u"c3"_s))
            return Reply::of(HostileServer::Behaviour::Hang);
        return std::nullopt;
    };
    QSignalSpy finished(f.engine.get(), &sync::SyncEngine::finished);
    QVERIFY(f.engine->start());
    QVERIFY(!f.engine->start()); // one run at a time
    QVERIFY(QTest::qWaitFor([&] {
        for (const auto &r : f.cloud.server.requests()) {
            if (isPageAfter(r, u"c3"_s))
                return true;
        }
        return false;
    }));
    f.engine->cancel();
    QCOMPARE(finished.size(), 1); // at once
    const auto result = finished.at(0).at(0).value<sync::SyncResult>();
    QCOMPARE(result.error->code, QString(api::errc::cancelled));
    QCOMPARE(sync::toString(result.status), sync::toString(SyncStatus::Idle));
    QCOMPARE(sync::toString(f.engine->status()), sync::toString(SyncStatus::Idle));
    QVERIFY(!f.engine->isRunning());
    QCOMPARE(f.usageIds(), f.cloudIds(3));

    f.cloud.intercept = {};
    QVERIFY(f.sync().ok());
    QCOMPARE(f.usageIds(), f.cloudIds(7));
}

void TestSyncEngineHostile::anotherAccountClearsTheMirror()
{
    SyncFixture f;
    f.cloud.addRows(4);
    QVERIFY(f.sync().ok());
    f.cloud.userId = u"9a0f6c1e-8f6a-4c57-9a43-1d2f3a4b5c6e"_s;
    f.cloud.rows.clear();
    f.cloud.addRows(2);
    f.cloud.server.clearRequests();
    const sync::SyncResult result = f.sync();
    QVERIFY(result.ok());
    QCOMPARE(result.skipped, QStringList());
    QVERIFY(isPageAfter(f.cloud.requestsTo(u"/v1/usage"_s).at(0), QString()));
    QCOMPARE(store::AccountRepository(f.reader()).profile().value()->id, f.cloud.userId);
    QCOMPARE(f.usageIds(), f.cloudIds(2));
}

void TestSyncEngineHostile::failedWritesAreSurvivable()
{
    // style.md 18: the N-th mirror write of a fresh sync fails; every N leaves
    // a consistent mirror (exactly the rows its cursor covers) from which the
    // next run completes; N grows until the first run succeeds.
    for (int n = 1;; ++n) {
        QVERIFY2(n < 500, "the sync never succeeded");
        SyncFixture f;
        f.cloud.addRows(7);
        f.writer->run<void>(
            [n](store::MirrorDatabase &db) -> Result<void> {
                db.failNthWrite(n);
                return {};
            },
            nullptr, [](Result<void>) {});
        const sync::SyncResult result = f.sync();
        const QString cursor = f.usageCursor();
        const int covered = cursor.isEmpty() ? 0 : cursor.mid(1).toInt();
        QCOMPARE(f.usageIds(), f.cloudIds(covered));
        if (result.ok()) {
            QVERIFY(n > 10); // the faults did hit earlier writes
            QCOMPARE(covered, 7);
            break;
        }
        QCOMPARE(result.error->code, QString(store::errc::mirrorIoError));
        QVERIFY(!f.streamState(u"state"_s));
        QVERIFY(f.sync().ok());
        QCOMPARE(f.usageIds(), f.cloudIds(7));
    }
}

QTEST_GUILESS_MAIN(TestSyncEngineHostile)
#include "test_sync_engine_hostile.moc"

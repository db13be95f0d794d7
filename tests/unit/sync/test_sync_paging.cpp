// The checks a usage page must pass before the sync engine applies it, the
// polling fallback's high-water mark, and how failures bear on a run.
#include "core/api/api_errors.h"
#include "core/store/mirror_errors.h"
#include "core/sync/sync_errors.h"
#include "core/sync/usage_paging.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::sync;

namespace {

api::LedgerRow row(std::int64_t createdAtMs, const QString &id)
{
    api::LedgerRow r;
    r.id = id;
    r.createdAtMs = createdAtMs;
    return r;
}

api::LedgerPage ledger(QList<api::LedgerRow> rows, const QString &next, bool more)
{
    api::LedgerPage page;
    page.rows = std::move(rows);
    page.nextCursor = next;
    page.hasMore = more;
    return page;
}

api::UsageItem item(std::int64_t createdAtMs, const QString &id)
{
    api::UsageItem i;
    i.id = id;
    i.createdAtMs = createdAtMs;
    return i;
}

api::UsagePage offsetPage(QList<api::UsageItem> items, bool more, std::int64_t total)
{
    api::UsagePage page;
    page.items = std::move(items);
    page.hasMore = more;
    page.total = total;
    return page;
}

void expectCode(const Result<void> &result, QLatin1StringView code)
{
    QVERIFY2(!result.has_value(), qPrintable(QString(code)));
    QCOMPARE(result.error().code, QString(code));
}

} // namespace

class TestSyncPaging : public QObject {
    Q_OBJECT

private slots:
    void ledgerPageInOrderPasses();
    void ledgerRowsMustAscend();
    void ledgerPageMustFollowThePreviousPage();
    void ledgerCursorLoops();
    void ledgerPageContradictions();
    void emptyLedgerPage();
    void offsetPages();
    void highWaterMark();
    void failureKinds();
    void inStreamKeepsAnEarlierStream();
};

void TestSyncPaging::ledgerPageInOrderPasses()
{
    const auto page = ledger({row(10, u"a"_s), row(10, u"b"_s), row(11, u"a0"_s)}, u"c2"_s, true);
    QVERIFY(checkLedgerPage(page, u"c1"_s, store::UsageKey{9, u"z"_s}, {u"c1"_s}).has_value());
    QVERIFY(checkLedgerPage(page, {}, std::nullopt, {QString()}).has_value());
}

void TestSyncPaging::ledgerRowsMustAscend()
{
    // Same time, ids not ascending; an earlier time after a later one; a repeated key.
    const QList<QList<api::LedgerRow>> cases{{row(10, u"b"_s), row(10, u"a"_s)},
                                             {row(11, u"a"_s), row(10, u"z"_s)},
                                             {row(10, u"a"_s), row(10, u"a"_s)}};
    for (const auto &rows : cases) {
        const auto result = checkLedgerPage(ledger(rows, u"c2"_s, false), u"c1"_s, std::nullopt, {u"c1"_s});
        expectCode(result, sync::errc::cursorRegressed);
        QCOMPARE(result.error().details.value(u"index"_s).toInteger(), 1);
    }
}

void TestSyncPaging::ledgerPageMustFollowThePreviousPage()
{
    const auto page = ledger({row(10, u"b"_s), row(12, u"a"_s)}, u"c2"_s, false);
    expectCode(checkLedgerPage(page, u"c1"_s, store::UsageKey{10, u"b"_s}, {u"c1"_s}),
               sync::errc::cursorRegressed);
    expectCode(checkLedgerPage(page, u"c1"_s, store::UsageKey{11, u"a"_s}, {u"c1"_s}),
               sync::errc::cursorRegressed);
    QVERIFY(checkLedgerPage(page, u"c1"_s, store::UsageKey{10, u"a"_s}, {u"c1"_s}).has_value());
}

void TestSyncPaging::ledgerCursorLoops()
{
    const QList<api::LedgerRow> rows{row(10, u"a"_s)};
    // The cursor asked for comes back.
    expectCode(checkLedgerPage(ledger(rows, u"c1"_s, true), u"c1"_s, std::nullopt, {u"c1"_s}),
               sync::errc::cursorLoop);
    // A cursor of an earlier page in this run comes back.
    expectCode(checkLedgerPage(ledger(rows, u"c0"_s, true), u"c1"_s, std::nullopt, {u"c0"_s, u"c1"_s}),
               sync::errc::cursorLoop);
    // "More" on an empty page.
    expectCode(checkLedgerPage(ledger({}, u"c1"_s, true), u"c1"_s, std::nullopt, {u"c1"_s}),
               sync::errc::cursorLoop);
}

void TestSyncPaging::ledgerPageContradictions()
{
    expectCode(checkLedgerPage(ledger({row(10, u"a"_s)}, {}, false), u"c1"_s, std::nullopt, {u"c1"_s}),
               sync::errc::invalidPage);
    // One id twice at different times.
    expectCode(checkLedgerPage(ledger({row(10, u"a"_s), row(11, u"a"_s)}, u"c2"_s, false), u"c1"_s,
                               std::nullopt, {u"c1"_s}),
               sync::errc::invalidPage);
    // The cursor moves on an empty page.
    expectCode(checkLedgerPage(ledger({}, u"c9"_s, false), u"c1"_s, std::nullopt, {u"c1"_s}),
               sync::errc::invalidPage);
}

void TestSyncPaging::emptyLedgerPage()
{
    QVERIFY(checkLedgerPage(ledger({}, u"c1"_s, false), u"c1"_s, store::UsageKey{5, u"a"_s}, {u"c1"_s})
                .has_value());
    QVERIFY(checkLedgerPage(ledger({}, {}, false), {}, std::nullopt, {QString()}).has_value());
}

void TestSyncPaging::offsetPages()
{
    QVERIFY(checkOffsetPage(offsetPage({item(30, u"a"_s), item(30, u"b"_s), item(10, u"c"_s)}, true, 10), 0)
                .has_value());
    QVERIFY(checkOffsetPage(offsetPage({}, false, 0), 0).has_value());
    expectCode(checkOffsetPage(offsetPage({item(10, u"a"_s), item(30, u"b"_s)}, false, 2), 0),
               sync::errc::cursorRegressed);
    expectCode(checkOffsetPage(offsetPage({item(30, u"a"_s), item(10, u"a"_s)}, false, 2), 0),
               sync::errc::invalidPage);
    expectCode(checkOffsetPage(offsetPage({}, true, 50), 0), sync::errc::cursorLoop);
    expectCode(checkOffsetPage(offsetPage({item(10, u"a"_s)}, true, 100), 100), sync::errc::cursorLoop);
}

void TestSyncPaging::highWaterMark()
{
    const QString mark = encodeHighWaterMark(1'764'221'820'000);
    QCOMPARE(decodeHighWaterMark(mark), std::optional<std::int64_t>(1'764'221'820'000));
    QVERIFY(!decodeHighWaterMark({}));
    QVERIFY(!decodeHighWaterMark(u"YzE6MTc2NDIyMTgyMDAwMDphYmM"_s)); // a server cursor
    QVERIFY(!decodeHighWaterMark(u"poll:"_s));
    QVERIFY(!decodeHighWaterMark(u"poll:-5"_s));
    QVERIFY(!decodeHighWaterMark(u"poll:12x"_s));
}

void TestSyncPaging::failureKinds()
{
    auto kind = [](QLatin1StringView code) {
        return classify(makeError(code, u"x"_s));
    };
    QCOMPARE(kind(api::errc::networkUnreachable), FailureKind::Offline);
    QCOMPARE(kind(api::errc::timeout), FailureKind::Offline);
    QCOMPARE(kind(api::errc::serverUnavailable), FailureKind::Offline);
    QCOMPARE(kind(api::errc::proxyError), FailureKind::Offline);
    QCOMPARE(kind(api::errc::signInRequired), FailureKind::SignedOut);
    QCOMPARE(kind(api::errc::cancelled), FailureKind::Cancelled);
    QCOMPARE(kind(api::errc::rateLimited), FailureKind::Throttled);
    QCOMPARE(kind(api::errc::idempotencyRequestInProgress), FailureKind::Throttled);
    QCOMPARE(kind(api::errc::serviceUnavailable), FailureKind::Throttled);
    QCOMPARE(kind(api::errc::internalServerError), FailureKind::ServerFault);
    QCOMPARE(kind(api::errc::tlsError), FailureKind::ServerFault);
    QCOMPARE(kind(store::errc::mirrorIoError), FailureKind::Local);
    QCOMPARE(kind(store::errc::mirrorBusy), FailureKind::Local);
    QCOMPARE(kind(store::errc::mirrorCorrupt), FailureKind::Local);
    QCOMPARE(kind(store::errc::mirrorConstraintViolation), FailureKind::Rejected);
    QCOMPARE(kind(api::errc::invalidResponse), FailureKind::Rejected);
    QCOMPARE(kind(api::errc::activationNotFound), FailureKind::Rejected);
    QCOMPARE(kind(sync::errc::cursorRegressed), FailureKind::Rejected);
    QCOMPARE(kind(sync::errc::profileMissing), FailureKind::Rejected);
}

void TestSyncPaging::inStreamKeepsAnEarlierStream()
{
    const Error e = inStream(makeError(sync::errc::cursorLoop, u"x"_s), "usage"_L1);
    QCOMPARE(e.details.value(u"stream"_s).toString(), u"usage"_s);
    QCOMPARE(inStream(e, "profile"_L1).details.value(u"stream"_s).toString(), u"usage"_s);
}

QTEST_GUILESS_MAIN(TestSyncPaging)
#include "test_sync_paging.moc"

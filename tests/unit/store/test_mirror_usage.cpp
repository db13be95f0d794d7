#include "core/store/mirror_database.h"
#include "core/store/mirror_errors.h"
#include "core/store/sync_state_repository.h"
#include "core/store/usage_repository.h"
#include "tests/unit/store/mirror_test_util.h"

#include <QHash>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace Qt::StringLiterals;
using namespace creditdesk::store;
using namespace creditdesk::store::test;

// The usage ledger: page application with its cursor (atomic, idempotent,
// survives a failure at any write), keyset paging and aggregates.
class TestMirrorUsage : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void applyPageStoresRowsAndCursor();
    void applyingSamePageTwiceIsIdempotent();
    void unsentColumnsAreStoredAsNull();
    void pageWithInvalidRowLeavesNothing_data();
    void pageWithInvalidRowLeavesNothing();
    void pageFailingAtAnyWriteRollsBack();
    void nestedInCallerTransaction();
    void keysetPagingVisitsEveryRowOnce_data();
    void keysetPagingVisitsEveryRowOnce();
    void pageArgumentsAreChecked();
    void filtersNarrowThePages_data();
    void filtersNarrowThePages();
    void unfilteredPageKeepsTheKeysetIndex();
    void dailyAggregatesEqualSums();
    void modelAggregatesEqualSums();
    void deductionsAreUpsertedByIdAndUniqueByRequest();

private:
    QString cursor();
    QList<UsageRow> randomRows(int count, qint64 nowMs);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MirrorDatabase> m_db;
};

void TestMirrorUsage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = openOrFail(m_dir->filePath(u"mirror.db"_s));
    QVERIFY(m_db);
}

void TestMirrorUsage::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

QString TestMirrorUsage::cursor()
{
    auto state = SyncStateRepository(*m_db).streamState(u"usage"_s);
    return state && *state ? (*state)->cursor : QString();
}

QList<UsageRow> TestMirrorUsage::randomRows(int count, qint64 nowMs)
{
    QRandomGenerator rng(20260115);
    const QString models[] = {u"claude-sonnet-4.5"_s, u"gpt-4o-mini"_s, u"gemini-2.5-pro"_s};
    QList<UsageRow> rows;
    for (int i = 0; i < count; ++i) {
        const qint64 at = nowMs - static_cast<qint64>(rng.bounded(40 * 24)) * 3'600'000 -
                          static_cast<qint64>(rng.bounded(3'600'000));
        UsageRow row = usageRow(u"r%1"_s.arg(i, 5, 10, QChar(u'0')), at,
                                static_cast<qint64>(rng.bounded(1, 5000)) * 100, models[rng.bounded(3)]);
        row.provider = row.modelId.startsWith("gemini"_L1) ? u"google"_s : row.provider;
        row.inputTokens = rng.bounded(1, 10'000);
        row.outputTokens = rng.bounded(0, 4'000);
        if (i % 7 == 0) {
            row.byok = true;
            row.creditsDeducted = cu(0);
        }
        if (i % 11 == 0 && i > 0) {
            // A correction of the previous row: negative credits, no tokens.
            const UsageRow &previous = rows.constLast();
            row.reversesId = previous.id;
            row.modelId = previous.modelId;
            row.provider = previous.provider;
            row.creditsDeducted = previous.creditsDeducted.negated();
            row.byok = false;
            row.inputTokens = 0;
            row.outputTokens = 0;
        }
        rows.append(row);
    }
    return rows;
}

void TestMirrorUsage::applyPageStoresRowsAndCursor()
{
    UsageRepository usage(*m_db);
    UsageRow row = usageRow(u"a"_s, kJan15, 32'000);
    row.cachedInputTokens = 40'000;
    QVERIFY(usage.applyUsagePage({row, usageRow(u"b"_s, kJan15 + 1)}, u"cursor-1"_s, kJan15 + 10));
    QCOMPARE(*usage.rowCount(), qint64{2});
    auto stored = usage.usageRow(u"a"_s);
    QVERIFY(stored && *stored);
    QCOMPARE(**stored, row);
    auto state = SyncStateRepository(*m_db).streamState(u"usage"_s);
    QVERIFY(state && *state);
    QCOMPARE((*state)->cursor, u"cursor-1"_s);
    QCOMPARE((*state)->syncedAtMs, kJan15 + 10);

    // An empty page still moves the bookkeeping (same cursor, new sync time).
    QVERIFY(usage.applyUsagePage({}, u"cursor-1"_s, kJan15 + 20));
    QCOMPARE((*SyncStateRepository(*m_db).streamState(u"usage"_s))->syncedAtMs, kJan15 + 20);
}

void TestMirrorUsage::applyingSamePageTwiceIsIdempotent()
{
    UsageRepository usage(*m_db);
    QList<UsageRow> page;
    for (int i = 0; i < 50; ++i)
        page.append(usageRow(u"id-%1"_s.arg(i), kJan15 + i * 1000));
    QVERIFY(usage.applyUsagePage(page, u"c-50"_s, kJan15));
    UsagePageRequest everything;
    everything.limit = 1000;
    const auto first = usage.usagePage(everything);
    QVERIFY(first);
    QVERIFY(usage.applyUsagePage(page, u"c-50"_s, kJan15));
    const auto second = usage.usagePage(everything);
    QVERIFY(second);
    QCOMPARE(second->rows, first->rows);
    QCOMPARE(*usage.rowCount(), qint64{50});

    // The server wins: a re-sent row with a new status replaces the old one.
    page[3].status = u"failed"_s;
    page[3].updatedAtMs = *page[3].updatedAtMs + 60'000;
    QVERIFY(usage.applyUsagePage({page[3]}, u"c-51"_s, kJan15));
    QCOMPARE(**usage.usageRow(page[3].id), page[3]);
    QCOMPARE(*usage.rowCount(), qint64{50});
}

void TestMirrorUsage::unsentColumnsAreStoredAsNull()
{
    // A row polled from the §7 list: no request id, provider, request type,
    // status, BYOK flag or update time.
    UsageRow polled;
    polled.id = u"polled-1"_s;
    polled.modelId = u"gpt-4o"_s;
    polled.inputTokens = 120;
    polled.outputTokens = 30;
    polled.creditsDeducted = cu(25'000);
    polled.occurredAtMs = kJan15;
    polled.createdAtMs = kJan15;
    UsageRepository usage(*m_db);
    QVERIFY(usage.applyUsagePage({polled, usageRow(u"full-1"_s, kJan15 + 10'000)}, u"c"_s, kJan15));
    QCOMPARE(**usage.usageRow(u"polled-1"_s), polled);
    QCOMPARE(**usage.usageRow(u"full-1"_s), usageRow(u"full-1"_s, kJan15 + 10'000));

    RawDb raw(m_dir->filePath(u"mirror.db"_s));
    QCOMPARE(
        raw.scalar(u"SELECT count(*) FROM token_usage_ledger WHERE id = 'polled-1' AND request_id IS NULL "
                   u"AND provider IS NULL AND request_type IS NULL AND status IS NULL AND is_byok IS NULL "
                   u"AND updated_at IS NULL"_s)
            .toInt(),
        1);
    // A full row keeps a false BYOK flag as 0, not NULL.
    QCOMPARE(raw.scalar(u"SELECT is_byok FROM token_usage_ledger WHERE id = 'full-1'"_s).toInt(), 0);
    QVERIFY(!raw.scalar(u"SELECT is_byok FROM token_usage_ledger WHERE id = 'full-1'"_s).isNull());

    // The daily totals count the polled row like any other.
    const auto daily = usage.dailyUsage(kJan15, 1);
    QVERIFY(daily);
    QCOMPARE(daily->at(0).requests, qint64{2});
    QCOMPARE(daily->at(0).credits.units(), qint64{25'000 + 10'000});
}

void TestMirrorUsage::pageWithInvalidRowLeavesNothing_data()
{
    QTest::addColumn<QString>("field");
    QTest::newRow("unknown request_type") << u"request_type"_s;
    QTest::newRow("unknown status") << u"status"_s;
    QTest::newRow("negative tokens") << u"tokens"_s;
    QTest::newRow("byok with credits") << u"byok"_s;
    QTest::newRow("empty id") << u"id"_s;
}

void TestMirrorUsage::pageWithInvalidRowLeavesNothing()
{
    QFETCH(QString, field);
    UsageRepository usage(*m_db);
    QVERIFY(usage.applyUsagePage({usageRow(u"early-1"_s, kJan15), usageRow(u"early-2"_s, kJan15 + 1)},
                                 u"cursor-early"_s, kJan15));

    QList<UsageRow> page;
    for (int i = 0; i < 20; ++i)
        page.append(usageRow(u"late-%1"_s.arg(i), kJan15 + 1000 + i));
    // The bad row is the last but one: the rows before it were already written.
    UsageRow &bad = page[18];
    if (field == "request_type"_L1)
        bad.requestType = u"chat"_s;
    else if (field == "status"_L1)
        bad.status = u"weird"_s;
    else if (field == "tokens"_L1)
        bad.outputTokens = -1;
    else if (field == "byok"_L1)
        bad.byok = true;
    else
        bad.id.clear();

    auto applied = usage.applyUsagePage(page, u"cursor-late"_s, kJan15 + 5000);
    QVERIFY(!applied);
    QCOMPARE(applied.error().code, QString(errc::mirrorConstraintViolation));
    QCOMPARE(*usage.rowCount(), qint64{2});
    QVERIFY(!*usage.usageRow(u"late-0"_s));
    QCOMPARE(cursor(), u"cursor-early"_s);
    QVERIFY(**usage.usageRow(u"early-1"_s) == usageRow(u"early-1"_s, kJan15));
}

void TestMirrorUsage::pageFailingAtAnyWriteRollsBack()
{
    UsageRepository usage(*m_db);
    QVERIFY(usage.applyUsagePage({usageRow(u"base"_s, kJan15)}, u"cursor-0"_s, kJan15));
    QList<UsageRow> page;
    for (int i = 0; i < 10; ++i)
        page.append(usageRow(u"p-%1"_s.arg(i), kJan15 + 1 + i));

    const auto dailyBefore = usage.dailyUsage(kJan15, 2);
    QVERIFY(dailyBefore);

    // Fail write N = 1, 2, ... until the page goes through: each failure must
    // leave the earlier data, the day totals and the old cursor exactly as they were.
    int n = 1;
    for (;; ++n) {
        QVERIFY(n < 100);
        m_db->failNthWrite(n);
        auto applied = usage.applyUsagePage(page, u"cursor-1"_s, kJan15 + 100);
        m_db->failNthWrite(0);
        if (applied)
            break;
        QCOMPARE(applied.error().code, QString(errc::mirrorIoError));
        QVERIFY(applied.error().details.value(u"injected"_s).toBool());
        QCOMPARE(*usage.rowCount(), qint64{1});
        QCOMPARE(cursor(), u"cursor-0"_s);
        QCOMPARE(*usage.dailyUsage(kJan15, 2), *dailyBefore);
    }
    // Ten rows, their day's totals and the cursor failed once each.
    QCOMPARE(n, static_cast<int>(page.size()) + 3);
    QCOMPARE(*usage.rowCount(), qint64{11});
    QCOMPARE(cursor(), u"cursor-1"_s);
}

void TestMirrorUsage::nestedInCallerTransaction()
{
    UsageRepository usage(*m_db);
    SyncStateRepository sync(*m_db);
    {
        auto outer = m_db->begin();
        QVERIFY(outer);
        QVERIFY(usage.applyUsagePage({usageRow(u"x"_s, kJan15)}, u"c-x"_s, kJan15));
        QVERIFY(sync.setStreamState({u"state"_s, {}, 7, kJan15, u"\"etag-7\""_s, kJan15}));
        // No commit: the caller's rollback takes the nested page with it.
    }
    QCOMPARE(*usage.rowCount(), qint64{0});
    QVERIFY(cursor().isEmpty());

    {
        auto outer = m_db->begin();
        QVERIFY(outer);
        QVERIFY(usage.applyUsagePage({usageRow(u"y"_s, kJan15)}, u"c-y"_s, kJan15));
        // A failed nested page rolls back to its savepoint only.
        UsageRow bad = usageRow(u"z"_s, kJan15);
        bad.requestType = u"chat"_s;
        QVERIFY(!usage.applyUsagePage({usageRow(u"w"_s, kJan15), bad}, u"c-z"_s, kJan15));
        QVERIFY(outer->commit());
    }
    QCOMPARE(*usage.rowCount(), qint64{1});
    QCOMPARE(cursor(), u"c-y"_s);
}

void TestMirrorUsage::keysetPagingVisitsEveryRowOnce_data()
{
    QTest::addColumn<int>("limit");
    QTest::newRow("first page of 200") << 200;
    QTest::newRow("odd page size") << 37;
    QTest::newRow("one row per page") << 1;
}

void TestMirrorUsage::keysetPagingVisitsEveryRowOnce()
{
    QFETCH(int, limit);
    UsageRepository usage(*m_db);
    const qint64 now = kJan15;
    // 1,000 rows in the window, seven sharing each created_at; ids shuffled.
    QList<UsageRow> rows;
    QRandomGenerator rng(7);
    for (int i = 0; i < 1000; ++i) {
        const qint64 createdAt = now - (i / 7) * 60'000;
        rows.append(usageRow(QString::number(rng.generate64(), 36), createdAt));
    }
    // And some older than 30 days, which the page must leave out.
    for (int i = 0; i < 25; ++i)
        rows.append(usageRow(u"old-%1"_s.arg(i), now - 31 * kDay - i));
    QVERIFY(usage.applyUsagePage(rows, u"c"_s, now));

    QSet<QString> seen;
    std::optional<UsageKey> previous;
    std::optional<UsageKey> after;
    int pages = 0;
    do {
        auto request = UsageRepository::recent(now, 30, limit);
        request.after = after;
        auto page = usage.usagePage(request);
        QVERIFY(page);
        QVERIFY(page->rows.size() <= limit);
        for (const UsageRow &row : page->rows) {
            QVERIFY2(!seen.contains(row.id), qPrintable(row.id));
            seen.insert(row.id);
            QVERIFY(row.createdAtMs >= now - 30 * kDay);
            const UsageKey key{row.createdAtMs, row.id};
            if (previous) // strictly descending on (created_at, id)
                QVERIFY(key.createdAtMs < previous->createdAtMs ||
                        (key.createdAtMs == previous->createdAtMs && key.id < previous->id));
            previous = key;
        }
        if (page->next)
            QCOMPARE(*page->next, (UsageKey{page->rows.constLast().createdAtMs, page->rows.constLast().id}));
        after = page->next;
        ++pages;
    } while (after);
    QCOMPARE(seen.size(), 1000);
    QCOMPARE(pages, (1000 + limit - 1) / limit);
}

void TestMirrorUsage::pageArgumentsAreChecked()
{
    UsageRepository usage(*m_db);
    for (int limit : {0, -1, UsageRepository::kMaxPageSize + 1}) {
        UsagePageRequest request;
        request.limit = limit;
        auto page = usage.usagePage(request);
        QVERIFY(!page);
        QCOMPARE(page.error().code, QString(creditdesk::errc::invalidArgument));
    }
    QCOMPARE(usage.dailyUsage(kJan15, 0).error().code, QString(creditdesk::errc::invalidArgument));
    QCOMPARE(usage.modelUsage(kJan15, kJan15 - 1).error().code, QString(creditdesk::errc::invalidArgument));
    auto empty = usage.usagePage(UsageRepository::recent(kJan15));
    QVERIFY(empty && empty->rows.isEmpty() && !empty->next);
}

void TestMirrorUsage::filtersNarrowThePages_data()
{
    QTest::addColumn<qint64>("sinceDays"); // before now; 0 = no start
    QTest::addColumn<qint64>("untilDays"); // before now; -1 = no end
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("provider");
    QTest::addColumn<int>("mode"); // 0 any, 1 BYOK, 2 cloud
    QTest::newRow("until") << qint64{0} << qint64{10} << QString() << QString() << 0;
    QTest::newRow("range") << qint64{30} << qint64{5} << QString() << QString() << 0;
    QTest::newRow("model") << qint64{0} << qint64{-1} << u"gpt-4o-mini"_s << QString() << 0;
    QTest::newRow("provider") << qint64{0} << qint64{-1} << QString() << u"google"_s << 0;
    QTest::newRow("byok") << qint64{0} << qint64{-1} << QString() << QString() << 1;
    QTest::newRow("cloud") << qint64{0} << qint64{-1} << QString() << QString() << 2;
    QTest::newRow("all") << qint64{20} << qint64{2} << u"claude-sonnet-4.5"_s << u"anthropic"_s << 2;
    QTest::newRow("no match") << qint64{0} << qint64{-1} << u"gpt-4o-mini"_s << u"google"_s << 0;
}

void TestMirrorUsage::filtersNarrowThePages()
{
    QFETCH(qint64, sinceDays);
    QFETCH(qint64, untilDays);
    QFETCH(QString, model);
    QFETCH(QString, provider);
    QFETCH(int, mode);
    UsageRepository usage(*m_db);
    const qint64 now = kJan15;
    QList<UsageRow> rows = randomRows(2500, now);
    for (qsizetype i = 0; i < rows.size(); i += 13)
        rows[i].byok.reset(); // not sent: counts as cloud
    QVERIFY(usage.applyUsagePage(rows, u"c"_s, now));

    UsagePageRequest request;
    request.sinceMs = sinceDays > 0 ? now - sinceDays * kDay : 0;
    if (untilDays >= 0)
        request.untilMs = now - untilDays * kDay;
    request.modelId = model;
    request.provider = provider;
    if (mode != 0)
        request.byok = mode == 1;
    request.limit = 97;

    QList<UsageRow> expected;
    for (const UsageRow &r : std::as_const(rows)) {
        if (r.createdAtMs < request.sinceMs || (request.untilMs && r.createdAtMs >= *request.untilMs))
            continue;
        if ((!model.isEmpty() && r.modelId != model) || (!provider.isEmpty() && r.provider != provider))
            continue;
        if (mode == 1 && !r.byok.value_or(false))
            continue;
        if (mode == 2 && r.byok.value_or(false))
            continue;
        expected.append(r);
    }
    std::sort(expected.begin(), expected.end(), [](const UsageRow &a, const UsageRow &b) {
        return a.createdAtMs != b.createdAtMs ? a.createdAtMs > b.createdAtMs : a.id > b.id;
    });
    QVERIFY(expected.size() < rows.size());

    QList<UsageRow> seen;
    int pages = 0;
    for (;;) {
        auto page = usage.usagePage(request);
        QVERIFY(page);
        QVERIFY(page->rows.size() <= request.limit);
        seen.append(page->rows);
        ++pages;
        if (!page->next)
            break;
        QCOMPARE(page->rows.size(), request.limit);
        request.after = page->next;
    }
    QCOMPARE(seen.size(), expected.size());
    for (qsizetype i = 0; i < seen.size(); ++i)
        QCOMPARE(seen.at(i).id, expected.at(i).id);
    QCOMPARE(pages, std::max(1, static_cast<int>((expected.size() + 96) / 97)));
}

void TestMirrorUsage::unfilteredPageKeepsTheKeysetIndex()
{
    // The same statement usagePage() runs without filters, after a first page.
    auto plan = m_db->run(u"EXPLAIN QUERY PLAN SELECT id FROM token_usage_ledger WHERE created_at >= ? "
                          u"AND (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT ?"_s,
                          {0, kJan15, u"x"_s, 201});
    QVERIFY(plan);
    QString detail;
    while (plan->next())
        detail += plan->value(3).toString() + u'\n';
    QVERIFY2(detail.contains("idx_token_usage_ledger_created"_L1), qPrintable(detail));
    QVERIFY2(!detail.contains("TEMP B-TREE"_L1), qPrintable(detail));
}

void TestMirrorUsage::dailyAggregatesEqualSums()
{
    UsageRepository usage(*m_db);
    const qint64 now = kJan15 + 13 * 3'600'000; // 13:00 UTC
    QList<UsageRow> rows = randomRows(3000, now);
    QVERIFY(usage.applyUsagePage(rows, u"c"_s, now));
    // The same rows again, a third of them changed: the daily totals must
    // follow updates, not only inserts.
    for (qsizetype i = 0; i < rows.size(); i += 3) {
        rows[i].occurredAtMs -= kDay;
        if (rows[i].reversesId.isEmpty() && !rows[i].byok.value_or(false))
            rows[i].creditsDeducted = *rows[i].creditsDeducted.plus(cu(100));
        rows[i].inputTokens += 7;
    }
    // ...and new rows among the re-sent ones: their totals are added once.
    for (int i = 0; i < 60; ++i) {
        UsageRow fresh = usageRow(u"new-%1"_s.arg(i), now - i * 3'600'000, 1'000 + i);
        rows.insert(i * 50, fresh);
    }
    QVERIFY(usage.applyUsagePage(rows, u"c2"_s, now));

    const int days = 30;
    const qint64 firstDay = kJan15 - (days - 1) * kDay;
    std::map<qint64, DailyUsage> expected;
    for (int d = 0; d < days; ++d)
        expected[firstDay + d * kDay].dayStartMs = firstDay + d * kDay;
    for (const UsageRow &row : rows) {
        const qint64 day = row.occurredAtMs - row.occurredAtMs % kDay;
        auto it = expected.find(day);
        if (it == expected.end())
            continue;
        it->second.credits = *it->second.credits.plus(row.creditsDeducted);
        if (row.reversesId.isEmpty()) {
            ++it->second.requests;
            it->second.inputTokens += row.inputTokens;
            it->second.outputTokens += row.outputTokens;
            it->second.totalTokens += row.inputTokens + row.outputTokens;
        }
    }
    auto daily = usage.dailyUsage(now, days);
    QVERIFY(daily);
    QCOMPARE(daily->size(), days);
    qint64 requests = 0;
    for (int i = 0; i < days; ++i) {
        const DailyUsage &got = daily->at(i);
        QCOMPARE(got, expected.at(got.dayStartMs));
        QCOMPARE(got.dayStartMs, firstDay + i * kDay);
        requests += got.requests;
    }
    QVERIFY(requests > 1000); // the window really holds data
}

void TestMirrorUsage::modelAggregatesEqualSums()
{
    UsageRepository usage(*m_db);
    const qint64 now = kJan15;
    const QList<UsageRow> rows = randomRows(2000, now);
    QVERIFY(usage.applyUsagePage(rows, u"c"_s, now));

    const qint64 from = now - 7 * kDay;
    QHash<QString, ModelUsage> expected;
    for (const UsageRow &row : rows) {
        if (row.occurredAtMs < from || row.occurredAtMs >= now)
            continue;
        ModelUsage &m = expected[row.modelId + u'/' + row.provider];
        m.modelId = row.modelId;
        m.provider = row.provider;
        m.credits = *m.credits.plus(row.creditsDeducted);
        if (row.reversesId.isEmpty()) {
            ++m.requests;
            m.totalTokens += row.inputTokens + row.outputTokens;
        }
    }
    auto models = usage.modelUsage(from, now);
    QVERIFY(models);
    QCOMPARE(models->size(), expected.size());
    for (qsizetype i = 0; i < models->size(); ++i) {
        const ModelUsage &got = models->at(i);
        QCOMPARE(got, expected.value(got.modelId + u'/' + got.provider));
        if (i > 0)
            QVERIFY(models->at(i - 1).credits >= got.credits);
    }
}

void TestMirrorUsage::deductionsAreUpsertedByIdAndUniqueByRequest()
{
    UsageRepository usage(*m_db);
    CreditDeduction d{u"d-1"_s, u"req-1"_s, u"u-1"_s, cu(32'000), cu(1'000'000), kJan15};
    QVERIFY(usage.upsertDeductions({d, d}));
    d.balanceAfter = cu(968'000);
    QVERIFY(usage.upsertDeductions({d}));
    auto all = usage.deductions();
    QVERIFY(all);
    QCOMPARE(all->size(), 1);
    QCOMPARE(all->constFirst(), d);

    CreditDeduction other{u"d-2"_s, u"req-1"_s, {}, cu(100), std::nullopt, kJan15 + 1};
    auto clash = usage.upsertDeductions({other});
    QVERIFY(!clash);
    QCOMPARE(clash.error().code, QString(errc::mirrorConstraintViolation));
    QCOMPARE(usage.deductions()->size(), 1);
}

QTEST_GUILESS_MAIN(TestMirrorUsage)
#include "test_mirror_usage.moc"

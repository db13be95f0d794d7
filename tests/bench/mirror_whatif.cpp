#include "tests/bench/mirror_whatif.h"

#include "core/store/mirror_database.h"
#include "core/store/usage_repository.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMap>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::bench {

namespace {

constexpr qint64 kDayMs = store::UsageRepository::kDayMs;

// The store's daily summary (schema 3) widened by model and provider, like
// the server's token_usage_daily_summary (user implied): what modelUsage()
// would read. Built once from the ledger; not maintained by the writes below.
const QString kModelSummary = uR"(
CREATE TABLE bench_usage_daily_model (
    day INTEGER NOT NULL, model_id TEXT NOT NULL, provider TEXT NOT NULL,
    credits INTEGER NOT NULL, requests INTEGER NOT NULL, input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL, PRIMARY KEY (day, model_id, provider)) STRICT, WITHOUT ROWID)"_s;

const QString kModelBackfill = uR"(
INSERT INTO bench_usage_daily_model
SELECT occurred_at / 86400000, model_id, provider, sum(credits_deducted), sum(reverses_id IS NULL),
       sum(CASE WHEN reverses_id IS NULL THEN input_tokens ELSE 0 END),
       sum(CASE WHEN reverses_id IS NULL THEN output_tokens ELSE 0 END)
FROM token_usage_ledger GROUP BY 1, 2, 3)"_s;

// dailyUsage()'s result computed from the per-model summary: 90 entries,
// oldest first, days without usage zero.
Result<QList<store::DailyUsage>> dailyFromModelSummary(store::MirrorDatabase &db, qint64 nowMs, int days)
{
    const qint64 endDay = nowMs / kDayMs + 1;
    const qint64 startDay = endDay - days;
    auto q = db.run(u"SELECT day, sum(credits), sum(requests), sum(input_tokens), sum(output_tokens) "
                    u"FROM bench_usage_daily_model WHERE day >= ? AND day < ? GROUP BY day ORDER BY day"_s,
                    {startDay, endDay});
    if (!q)
        return std::unexpected(q.error());
    QHash<qint64, store::DailyUsage> byDay;
    while (q->next()) {
        store::DailyUsage d;
        d.dayStartMs = q->value(0).toLongLong() * kDayMs;
        auto credits = Credits::fromUnits(q->value(1).toLongLong());
        if (!credits)
            return std::unexpected(credits.error());
        d.credits = *credits;
        d.requests = q->value(2).toLongLong();
        d.inputTokens = q->value(3).toLongLong();
        d.outputTokens = q->value(4).toLongLong();
        d.totalTokens = d.inputTokens + d.outputTokens;
        byDay.insert(d.dayStartMs, d);
    }
    QList<store::DailyUsage> result;
    result.reserve(days);
    for (qint64 day = startDay; day < endDay; ++day) {
        store::DailyUsage d = byDay.value(day * kDayMs);
        d.dayStartMs = day * kDayMs;
        result.append(d);
    }
    return result;
}

Result<qint64> modelsFromSummary(store::MirrorDatabase &db, qint64 nowMs, int days)
{
    const qint64 endDay = nowMs / kDayMs + 1;
    auto q = db.run(
        u"SELECT model_id, provider, sum(credits) AS c, sum(requests), "
        u"sum(input_tokens + output_tokens) FROM bench_usage_daily_model "
        u"WHERE day >= ? AND day < ? GROUP BY model_id, provider ORDER BY c DESC, model_id, provider"_s,
        {endDay - days, endDay});
    if (!q)
        return std::unexpected(q.error());
    qint64 n = 0;
    while (q->next()) {
        for (int c = 0; c < 5; ++c)
            (void)q->value(c);
        ++n;
    }
    return n;
}

QString compareDaily(const QList<store::DailyUsage> &store, const QList<store::DailyUsage> &summary)
{
    if (store.size() != summary.size())
        return u"**differs**: %1 vs %2 days"_s.arg(store.size()).arg(summary.size());
    for (qsizetype i = 0; i < store.size(); ++i) {
        if (!(store[i] == summary[i]))
            return u"**differs** on day %1"_s.arg(i);
    }
    return u"identical to dailyUsage() for all %1 days"_s.arg(store.size());
}

template <typename Call>
Result<WhatIfRead> timeRead(const QString &title, const WhatIfOptions &options, Call &&call)
{
    WhatIfRead read{title, {}, 0};
    QString error;
    const auto summary = measure(options.warmup, options.iterations, [&](Recorder &recorder) {
        recorder.start();
        auto n = call();
        if (!n) {
            error = n.error().message;
            return false;
        }
        read.rows = *n;
        return true;
    });
    if (!summary)
        return fail(errc::invalidArgument, u"%1: %2"_s.arg(title, error));
    read.summary = *summary;
    return read;
}

// The alternative to the store's per-row triggers: applyUsagePage and the
// page's per-day totals in one transaction (the page nests as a savepoint).
// Rows a page re-applies would also need their old values subtracted; the
// generated pages hold new rows only.
Result<void> applyWithDeltas(store::MirrorDatabase &db, const QList<store::UsageRow> &page,
                             const QString &cursor, qint64 syncedAtMs)
{
    QMap<qint64, store::DailyUsage> totals;
    for (const store::UsageRow &row : page) {
        store::DailyUsage &t = totals[row.occurredAtMs / kDayMs];
        auto credits = t.credits.plus(row.creditsDeducted);
        if (!credits)
            return std::unexpected(credits.error());
        t.credits = *credits;
        if (row.reversesId.isEmpty()) {
            ++t.requests;
            t.inputTokens += row.inputTokens;
            t.outputTokens += row.outputTokens;
        }
    }
    return db.transact([&]() -> Result<void> {
        if (auto r = store::UsageRepository(db).applyUsagePage(page, cursor, syncedAtMs); !r)
            return r;
        auto upsert =
            db.prepare(u"INSERT INTO usage_daily_summary (day, credits, requests, input_tokens, "
                       u"output_tokens) VALUES (?, ?, ?, ?, ?) ON CONFLICT (day) DO UPDATE SET "
                       u"credits = credits + excluded.credits, requests = requests + excluded.requests, "
                       u"input_tokens = input_tokens + excluded.input_tokens, "
                       u"output_tokens = output_tokens + excluded.output_tokens"_s);
        if (!upsert)
            return std::unexpected(upsert.error());
        for (auto it = totals.cbegin(); it != totals.cend(); ++it) {
            const QVariantList binds{it.key(), qint64{it->credits.units()}, it->requests, it->inputTokens,
                                     it->outputTokens};
            if (auto r = db.exec(*upsert, binds, store::MirrorDatabase::Access::Write); !r)
                return r;
        }
        return {};
    });
}

enum class Variant { AsIs, NoTriggers, PageDeltas, BigCache };

struct VariantRun {
    Variant variant;
    QString title;
    LatencySamples pages;
    ApplyReport report;
};

struct Trigger {
    QString name;
    QString sql;
};

Result<void> control(store::MirrorDatabase &db, const QString &sql)
{
    if (auto r = db.run(sql, {}, store::MirrorDatabase::Access::Write); !r)
        return std::unexpected(r.error());
    return {};
}

// The store's triggers on the ledger (schema 3: the daily summary), so a
// variant can run without them and put them back.
Result<QList<Trigger>> ledgerTriggers(store::MirrorDatabase &db)
{
    auto q =
        db.run(u"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name"_s,
               {u"token_usage_ledger"_s});
    if (!q)
        return std::unexpected(q.error());
    QList<Trigger> triggers;
    while (q->next())
        triggers.append({q->value(0).toString(), q->value(1).toString()});
    return triggers;
}

Result<void> setUp(store::MirrorDatabase &db, Variant v, bool on, const QList<Trigger> &triggers)
{
    switch (v) {
    case Variant::BigCache:
        return control(db, on ? u"PRAGMA cache_size = -65536"_s : u"PRAGMA cache_size = -2000"_s);
    case Variant::NoTriggers:
    case Variant::PageDeltas:
        for (const Trigger &t : triggers) {
            // Names and definitions read back from sqlite_master.
            if (auto r = control(db, on ? QString(u"DROP TRIGGER "_s + t.name) : t.sql); !r)
                return r;
        }
        return {};
    case Variant::AsIs:
        return {};
    }
    return {};
}

// The variants take turns, a few pages each, so the growing table weighs on
// all of them alike.
Result<void> compareWrites(MirrorWhatIf &out, store::MirrorDatabase &db, UsageRowGenerator &generator,
                           const WhatIfOptions &options)
{
    auto triggers = ledgerTriggers(db);
    if (!triggers)
        return std::unexpected(triggers.error());
    QList<VariantRun> runs;
    runs.append(
        {Variant::AsIs, u"applyUsagePage as is (%1 ledger triggers)"_s.arg(triggers->size()), {}, {}});
    if (!triggers->isEmpty()) {
        runs.append(
            {Variant::NoTriggers, u"without the store's ledger triggers (no daily summary)"_s, {}, {}});
        runs.append(
            {Variant::PageDeltas,
             u"daily summary updated once per page in the page's transaction instead of by triggers"_s,
             {},
             {}});
    }
    runs.append(
        {Variant::BigCache, u"as is, with PRAGMA cache_size = -65536 (64 MiB; default 2 MiB)"_s, {}, {}});
    constexpr int kPagesPerTurn = 5;
    const qint64 pagesPerVariant =
        std::max<qint64>(kPagesPerTurn, options.rowsPerWriteRun / options.pageSize);
    store::UsageRepository usage(db);
    QElapsedTimer timer;
    for (qint64 done = 0; done < pagesPerVariant; done += kPagesPerTurn) {
        for (VariantRun &run : runs) {
            if (auto r = setUp(db, run.variant, true, *triggers); !r)
                return r;
            for (int i = 0; i < kPagesPerTurn; ++i) {
                const QList<store::UsageRow> page = generator.nextPage(options.pageSize);
                const QString cursor =
                    QString::number(page.constLast().createdAtMs) + u':' + page.constLast().id;
                timer.start();
                auto r = run.variant == Variant::PageDeltas
                             ? applyWithDeltas(db, page, cursor, options.nowMs)
                             : usage.applyUsagePage(page, cursor, options.nowMs);
                if (!r)
                    return r;
                const qint64 ns = timer.nsecsElapsed();
                run.pages.add(ns);
                run.report.applyNs += ns;
                run.report.rows += page.size();
                ++run.report.pages;
            }
            if (auto r = setUp(db, run.variant, false, *triggers); !r)
                return r;
        }
        progress(
            u"  what-if writes: %1 of %2 pages per variant"_s.arg(done + kPagesPerTurn).arg(pagesPerVariant));
    }
    for (VariantRun &run : runs) {
        run.report.pageApply = run.pages.summarize();
        out.writes.append({run.title, run.report});
    }
    return {};
}

} // namespace

Result<MirrorWhatIf> runMirrorWhatIf(store::MirrorDatabase &db, UsageRowGenerator &generator,
                                     const WhatIfOptions &options)
{
    MirrorWhatIf out;
    // Balance with one prepared statement reused (the store prepares per call).
    auto balance =
        db.prepare(u"SELECT user_id, amount, period_id, total_credits, used_credits, remaining_credits, "
                   u"billing_period_start, billing_period_end, updated_at "
                   u"FROM user_credit_balance ORDER BY user_id LIMIT 1"_s);
    if (!balance)
        return std::unexpected(balance.error());
    auto read = timeRead(u"Balance, statement prepared once and reused"_s, options, [&]() -> Result<qint64> {
        if (auto r = db.exec(*balance, {}, store::MirrorDatabase::Access::Read); !r)
            return std::unexpected(r.error());
        qint64 n = 0;
        while (balance->next()) {
            for (int c = 0; c < 9; ++c)
                (void)balance->value(c);
            ++n;
        }
        return n;
    });
    if (!read)
        return std::unexpected(read.error());
    out.reads.append(*read);
    balance->finish();

    QElapsedTimer timer;
    timer.start();
    auto built = db.transact([&]() -> Result<void> {
        if (auto r = db.write(kModelSummary); !r)
            return r;
        return db.write(kModelBackfill);
    });
    if (!built)
        return std::unexpected(built.error());
    out.backfillNs = timer.nsecsElapsed();

    auto fromStore = store::UsageRepository(db).dailyUsage(options.nowMs, 90);
    auto fromSummary = dailyFromModelSummary(db, options.nowMs, 90);
    if (!fromStore || !fromSummary)
        return std::unexpected((!fromStore ? fromStore.error() : fromSummary.error()));
    out.summaryCheck = compareDaily(*fromStore, *fromSummary);

    auto models = timeRead(u"30-day per-model breakdown from a (day, model, provider) summary (whole days)"_s,
                           options, [&]() { return modelsFromSummary(db, options.nowMs, 30); });
    if (!models)
        return std::unexpected(models.error());
    out.reads.append(*models);

    if (auto r = compareWrites(out, db, generator, options); !r)
        return std::unexpected(r.error());
    return out;
}

} // namespace creditdesk::bench

// bench_mirror: fills a client mirror (core/store) in a temporary directory
// the way the sync engine does, then times the typed reads the UI calls.
// Markdown report on stdout, progress on stderr. Latencies are reported,
// never asserted.

#include "core/store/account_repository.h"
#include "core/store/mirror_database.h"
#include "core/store/usage_repository.h"
#include "tests/bench/bench_stats.h"
#include "tests/bench/mirror_fill.h"
#include "tests/bench/mirror_whatif.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

#include <functional>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::bench;

namespace {

constexpr qint64 kUs = 1'000;
constexpr qint64 kMs = 1'000'000;
constexpr qint64 kDayMs = store::UsageRepository::kDayMs;

struct Options {
    MirrorShape shape;
    int iterations = 1'000;
    int warmup = 50;
    bool whatIf = true;
};

struct Read {
    QString title;
    std::optional<Target> target;
    // One call; returns the number of rows it produced, or an error.
    std::function<Result<qint64>()> call;
};

std::optional<Options> parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Measures the CreditDesk client mirror (core/store)."_s);
    parser.addHelpOption();
    const QCommandLineOption rows(u"rows"_s, u"Usage ledger rows to write."_s, u"N"_s, u"1000000"_s);
    const QCommandLineOption page(u"page-size"_s, u"Rows per applied page."_s, u"N"_s, u"1000"_s);
    const QCommandLineOption iterations(u"iterations"_s, u"Measured calls per read (>= 1000)."_s, u"N"_s,
                                        u"1000"_s);
    const QCommandLineOption warmup(u"warmup"_s, u"Unmeasured calls before them."_s, u"N"_s, u"50"_s);
    const QCommandLineOption seed(u"seed"_s, u"Seed of the generated rows."_s, u"N"_s, u"42"_s);
    const QCommandLineOption noWhatIf(u"no-what-if"_s, u"Skip the experiments on the bench's own copy."_s);
    parser.addOptions({rows, page, iterations, warmup, seed, noWhatIf});
    parser.process(app);
    Options o;
    bool ok[5] = {};
    o.shape.usageRows = parser.value(rows).toLongLong(&ok[0]);
    o.shape.pageSize = parser.value(page).toInt(&ok[1]);
    o.iterations = parser.value(iterations).toInt(&ok[2]);
    o.warmup = parser.value(warmup).toInt(&ok[3]);
    o.shape.seed = parser.value(seed).toUInt(&ok[4]);
    o.whatIf = !parser.isSet(noWhatIf);
    if (!ok[0] || !ok[1] || !ok[2] || !ok[3] || !ok[4] || o.shape.usageRows < 1'000 || o.shape.pageSize < 1 ||
        o.shape.pageSize > store::UsageRepository::kMaxPageSize || o.iterations < 1'000 || o.warmup < 0) {
        progress(u"usage: bench_mirror [--rows N>=1000] [--page-size 1..1000] [--iterations N>=1000] "
                 u"[--warmup N] [--seed N] [--no-what-if]"_s);
        return std::nullopt;
    }
    return o;
}

QList<Read> reads(store::MirrorDatabase &db, qint64 nowMs, const std::optional<store::UsageKey> &secondPage)
{
    auto account = std::make_shared<store::AccountRepository>(db);
    auto usage = std::make_shared<store::UsageRepository>(db);
    QList<Read> list;
    list.append({u"Balance lookup: AccountRepository::balance()"_s, Target{50 * kUs, u"≤ 0.05 ms"_s},
                 [account]() -> Result<qint64> {
                     auto b = account->balance();
                     if (!b)
                         return std::unexpected(b.error());
                     return b->has_value() ? 1 : 0;
                 }});
    list.append({u"30-day history, first page of 200: usagePage(recent(now, 30, 200))"_s,
                 Target{2 * kMs, u"≤ 2 ms"_s}, [usage, nowMs]() -> Result<qint64> {
                     auto p = usage->usagePage(store::UsageRepository::recent(nowMs, 30, 200));
                     if (!p)
                         return std::unexpected(p.error());
                     return p->rows.size();
                 }});
    list.append({u"30-day history, second page (keyset after the first)"_s, std::nullopt,
                 [usage, nowMs, secondPage]() -> Result<qint64> {
                     store::UsagePageRequest request = store::UsageRepository::recent(nowMs, 30, 200);
                     request.after = secondPage;
                     auto p = usage->usagePage(request);
                     if (!p)
                         return std::unexpected(p.error());
                     return p->rows.size();
                 }});
    list.append({u"90-day daily aggregate: dailyUsage(now, 90)"_s, Target{5 * kMs, u"≤ 5 ms"_s},
                 [usage, nowMs]() -> Result<qint64> {
                     auto d = usage->dailyUsage(nowMs, 90);
                     if (!d)
                         return std::unexpected(d.error());
                     return d->size();
                 }});
    list.append({u"30-day per-model breakdown: modelUsage(now - 30 d, now)"_s, std::nullopt,
                 [usage, nowMs]() -> Result<qint64> {
                     auto m = usage->modelUsage(nowMs - 30 * kDayMs, nowMs);
                     if (!m)
                         return std::unexpected(m.error());
                     return m->size();
                 }});
    return list;
}

QString sqliteVersion(store::MirrorDatabase &db)
{
    auto q = db.run(u"SELECT sqlite_version()"_s);
    return q && q->next() ? q->value(0).toString() : u"?"_s;
}

qint64 fileBytes(const QString &path)
{
    qint64 total = 0;
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s})
        total += QFileInfo(path + suffix).size();
    return total;
}

QString whatIfSection(const MirrorWhatIf &w, const WhatIfOptions &options)
{
    MarkdownTable writes({u"applyUsagePage, %1 more rows"_s.arg(formatCount(options.rowsPerWriteRun)),
                          u"rows/s"_s, u"page p50 ms"_s, u"page p99 ms"_s});
    for (const WhatIfWrite &write : w.writes) {
        writes.addRow({write.title, formatRate(write.apply.rows, write.apply.applyNs),
                       formatMillis(write.apply.pageApply.p50Ns), formatMillis(write.apply.pageApply.p99Ns)});
    }
    MarkdownTable reads({u"read"_s, u"p50 µs"_s, u"p99 µs"_s, u"max µs"_s, u"rows/call"_s});
    for (const WhatIfRead &read : w.reads) {
        reads.addRow({read.title, formatMicros(read.summary.p50Ns), formatMicros(read.summary.p99Ns),
                      formatMicros(read.summary.maxNs), QString::number(read.rows)});
    }
    return u"## What-if (experiments on this throw-away file, not the store's code)\n\n"
           u"The store's daily summary widened to `(day, model_id, provider)` (like the server's "
           u"token_usage_daily_summary, user implied), built from the existing rows in %1 s; summed per day "
           u"it is "
           u"%2. The write variants take turns, five pages at a time, so the growing table weighs on each "
           u"alike.\n\n%3\n%4\n"_s.arg(formatSeconds(w.backfillNs), w.summaryCheck, reads.render(),
                                       writes.render());
}

int runBench(const Options &options)
{
    QTemporaryDir dir;
    if (!dir.isValid()) {
        progress(u"cannot create a temporary directory: %1"_s.arg(dir.errorString()));
        return 1;
    }
    const QString path = dir.filePath(u"mirror.sqlite"_s);
    auto opened = store::MirrorDatabase::open(path);
    if (!opened) {
        progress(u"cannot open the mirror: %1"_s.arg(opened.error().message));
        return 1;
    }
    store::MirrorDatabase &db = **opened;
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();

    progress(u"writing %1 usage rows in pages of %2 to %3"_s.arg(formatCount(options.shape.usageRows))
                 .arg(options.shape.pageSize)
                 .arg(path));
    UsageRowGenerator generator = generatorFor(options.shape, nowMs);
    auto fill = fillMirror(db, options.shape, generator, nowMs);
    if (!fill) {
        progress(u"fill failed: %1"_s.arg(fill.error().message));
        return 1;
    }
    auto first = store::UsageRepository(db).usagePage(store::UsageRepository::recent(nowMs, 30, 200));
    if (!first || !first->next) {
        progress(u"the first usage page is missing or has no next page"_s);
        return 1;
    }

    const QString loadBefore = loadAverage();
    MarkdownTable table(
        {u"read"_s, u"p50 µs"_s, u"p99 µs"_s, u"max µs"_s, u"rows/call"_s, u"target (p99)"_s});
    bool allMet = true;
    for (const Read &read : reads(db, nowMs, first->next)) {
        progress(u"measuring: %1"_s.arg(read.title));
        qint64 rows = 0;
        QString error;
        const auto summary = measure(options.warmup, options.iterations, [&](Recorder &recorder) {
            recorder.start();
            const auto n = read.call();
            if (!n) {
                error = n.error().message;
                return false;
            }
            rows = *n;
            return true;
        });
        if (!summary) {
            progress(u"%1 failed: %2"_s.arg(read.title, error));
            return 1;
        }
        allMet = allMet && targetMet(read.target, *summary);
        progress(u"  p50 %1 us  p99 %2 us  max %3 us"_s.arg(
            formatMicros(summary->p50Ns), formatMicros(summary->p99Ns), formatMicros(summary->maxNs)));
        table.addRow({read.title, formatMicros(summary->p50Ns), formatMicros(summary->p99Ns),
                      formatMicros(summary->maxNs), QString::number(rows),
                      targetCell(read.target, *summary)});
    }
    const QString loadAfter = loadAverage();

    const ApplyReport &f = fill->usage;
    report(u"# bench_mirror — %1\n\n"
           u"SQLite %2 through Qt %3 QSQLITE, mirror schema %4 (WAL, synchronous=NORMAL, as MirrorDatabase "
           u"opens it), file in %5.\n\n"
           u"## Fill (UsageRepository::applyUsagePage, as the sync engine)\n\n"
           u"%6 rows over %7 days in %8 pages of %9 (one transaction each, cursor included): "
           u"**%10 rows/s**; per page p50 %11 ms, p99 %12 ms, max %13 ms; %14 s in applyUsagePage. "
           u"File with WAL: %15 MB.\n\n"
           u"## Reads (the typed functions the UI calls)\n\n"
           u"%16 measured calls each after %17 warm-up calls, same connection, `now` = the fill time, "
           u"%21. Load average (1/5/15 min) before: %18; after: %19.\n\n%20\n"_s
               .arg(nowUtcText(), sqliteVersion(db), QString::fromLatin1(qVersion()),
                    QString::number(store::MirrorDatabase::kCurrentSchemaVersion), QDir::tempPath(),
                    formatCount(f.rows), QString::number(options.shape.days), formatCount(f.pages),
                    QString::number(options.shape.pageSize))
               .arg(formatRate(f.rows, f.applyNs), formatMillis(f.pageApply.p50Ns),
                    formatMillis(f.pageApply.p99Ns), formatMillis(f.pageApply.maxNs),
                    formatSeconds(f.applyNs), formatCount(fileBytes(path) / 1'000'000),
                    QString::number(options.iterations), QString::number(options.warmup), loadBefore,
                    loadAfter, table.render(), tzSetting()));
    report(allMet ? u"All targets met.\n\n"_s
                  : u"Some targets missed: see docs/benchmarks.md for the cause.\n\n"_s);
    if (!options.whatIf)
        return 0;
    const WhatIfOptions whatIfOptions{nowMs, options.shape.pageSize, 100'000, options.iterations,
                                      options.warmup};
    auto whatIf = runMirrorWhatIf(db, generator, whatIfOptions);
    if (!whatIf) {
        progress(u"what-if failed: %1"_s.arg(whatIf.error().message));
        return 1;
    }
    report(whatIfSection(*whatIf, whatIfOptions));
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"bench_mirror"_s);
    const auto options = parseOptions(app);
    if (!options)
        return 2;
    return runBench(*options);
}

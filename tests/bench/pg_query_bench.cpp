#include "tests/bench/pg_query_bench.h"

#include "tests/bench/pg_sql.h"

#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::bench {

namespace {

// `?` -> `$1`, `$2`, ... (the measured statements hold no other `?`).
QString dollarParams(const QString &sql)
{
    QString out;
    int n = 0;
    for (const QChar ch : sql)
        out += ch == u'?' ? u'$' + QString::number(++n) : QString(ch);
    return out;
}

// EXPLAIN (ANALYZE, BUFFERS) of one call with bound values: the statement is
// PREPAREd with its parameter types, the values reach EXECUTE through
// set_config/current_setting (bound, never spliced), and it runs five times
// first so the plan shown is the one the plan cache settles on.
Result<QStringList> explain(const QSqlDatabase &db, const PgQuery &query, const QVariantList &values)
{
    if (auto r = pg::run(db, u"PREPARE bench_explain ("_s + query.paramTypes.join(u", "_s) + u") AS "_s +
                                 dollarParams(query.sql));
        !r)
        return std::unexpected(r.error());
    QStringList args;
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QString name = u"creditdesk_bench.p%1"_s.arg(i + 1);
        if (auto r = pg::run(db, u"SELECT set_config(?, ?, false)"_s, {name, values[i].toString()}); !r)
            return std::unexpected(r.error());
        args.append(u"current_setting('%1')::%2"_s.arg(name, query.paramTypes.value(i)));
    }
    const QString execute = u"EXECUTE bench_explain("_s + args.join(u", "_s) + u')';
    for (int i = 0; i < 5; ++i) {
        if (auto r = pg::run(db, execute); !r)
            return std::unexpected(r.error());
    }
    auto plan = pg::column(db, u"EXPLAIN (ANALYZE, BUFFERS) "_s + execute);
    (void)pg::run(db, u"DEALLOCATE bench_explain"_s);
    return plan;
}

void analysePlan(PgQueryResult &result, const QSet<QString> &largeTables)
{
    static const QRegularExpression indexScan(u"(?:Index Only Scan|Index Scan)(?: Backward)? using (\\S+)"_s);
    static const QRegularExpression bitmapScan(u"Bitmap Index Scan on (\\S+)"_s);
    static const QRegularExpression seqScan(u"Seq Scan on (\\S+)"_s);
    static const QRegularExpression executionTime(u"^Execution Time: (\\S+) ms"_s);
    for (const QString &line : result.plan) {
        for (const auto *re : {&indexScan, &bitmapScan}) {
            const auto m = re->match(line);
            if (m.hasMatch() && !result.indexes.contains(m.captured(1)))
                result.indexes.append(m.captured(1));
        }
        if (const auto t = executionTime.match(line); t.hasMatch())
            result.executionMs = t.captured(1);
        const auto m = seqScan.match(line);
        if (m.hasMatch() && largeTables.contains(m.captured(1)) && !result.seqScans.contains(m.captured(1)))
            result.seqScans.append(m.captured(1));
    }
}

Result<QSet<QString>> largeTables(const QSqlDatabase &db, qint64 minRows)
{
    auto names = pg::column(db,
                            u"SELECT relname FROM pg_class WHERE relkind = 'r' "
                            u"AND relnamespace = 'public'::regnamespace AND reltuples >= ?"_s,
                            {minRows});
    if (!names)
        return std::unexpected(names.error());
    return QSet<QString>(names->cbegin(), names->cend());
}

Result<PgQueryResult> runOne(const QSqlDatabase &db, const PgQuery &query, const PgRunOptions &options,
                             QRandomGenerator &rng)
{
    PgQueryResult result{query, {}, 0, {}, {}, {}, {}, {}};
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(query.sql))
        return fail(pg::kBenchError, u"prepare %1: %2"_s.arg(query.title, q.lastError().text()));
    QString error;
    qint64 rows = 0;
    int call = 0;
    const auto summary = measure(options.warmup, options.iterations, [&](Recorder &recorder) {
        const QVariantList values = query.params(rng);
        for (qsizetype i = 0; i < values.size(); ++i)
            q.bindValue(static_cast<int>(i), values[i]);
        recorder.start();
        if (!q.exec()) {
            error = q.lastError().text();
            return false;
        }
        qint64 n = 0;
        const int columns = q.record().count();
        while (q.next()) {
            for (int c = 0; c < columns; ++c)
                (void)q.value(c);
            ++n;
        }
        if (++call > options.warmup)
            rows += n;
        return true;
    });
    if (!summary)
        return fail(pg::kBenchError, u"%1: %2"_s.arg(query.title, error));
    q.finish();
    result.summary = *summary;
    result.rows = rows;
    result.sampleParams = query.params(rng);
    auto plan = explain(db, query, result.sampleParams);
    if (!plan)
        return std::unexpected(plan.error());
    result.plan = *plan;
    return result;
}

} // namespace

Result<QList<PgQueryResult>> runPgQueries(const QSqlDatabase &db, const QList<PgQuery> &queries,
                                          const PgRunOptions &options)
{
    auto large = largeTables(db, options.largeTableRows);
    if (!large)
        return std::unexpected(large.error());
    QRandomGenerator rng(options.seed);
    QList<PgQueryResult> results;
    for (const PgQuery &query : queries) {
        progress(u"measuring: %1 (%2 warm-up + %3 calls)"_s.arg(query.title)
                     .arg(options.warmup)
                     .arg(options.iterations));
        auto result = runOne(db, query, options, rng);
        if (!result)
            return std::unexpected(result.error());
        analysePlan(*result, *large);
        progress(u"  p50 %1 us  p99 %2 us  max %3 us"_s.arg(formatMicros(result->summary.p50Ns),
                                                            formatMicros(result->summary.p99Ns),
                                                            formatMicros(result->summary.maxNs)));
        results.append(std::move(*result));
    }
    return results;
}

bool indexChecksPass(const QList<PgQueryResult> &results)
{
    return std::ranges::all_of(
        results, [](const PgQueryResult &r) { return r.seqScans.isEmpty() && !r.indexes.isEmpty(); });
}

namespace {

QString indexCell(const PgQueryResult &r)
{
    if (!r.seqScans.isEmpty())
        return u"**NO: Seq Scan on %1**"_s.arg(r.seqScans.join(u", "_s));
    if (r.indexes.isEmpty())
        return u"**NO index**"_s;
    return u"yes: "_s + r.indexes.join(u", "_s);
}

// "0.120" ms -> "120" µs, textually (no floating point).
QString serverMicros(const QString &ms)
{
    const qsizetype dot = ms.indexOf(u'.');
    if (ms.isEmpty() || dot < 0)
        return ms.isEmpty() ? u"?"_s : ms + u"000"_s;
    const QString whole = ms.left(dot);
    const QString fraction = ms.mid(dot + 1).leftJustified(3, u'0');
    QString us = (whole == u"0"_s ? QString() : whole) + fraction.left(3);
    while (us.size() > 1 && us.startsWith(u'0'))
        us.remove(0, 1);
    return fraction.size() > 3 ? us + u'.' + fraction.mid(3) : us;
}

QString meanRows(const PgQueryResult &r)
{
    if (r.summary.count == 0)
        return u"0"_s;
    // one decimal, integer arithmetic
    const qint64 tenths = (r.rows * 10 + r.summary.count / 2) / r.summary.count;
    return u"%1.%2"_s.arg(tenths / 10).arg(tenths % 10);
}

} // namespace

QString resultsTable(const QList<PgQueryResult> &results)
{
    MarkdownTable table({u"query"_s, u"p50 µs"_s, u"p99 µs"_s, u"max µs"_s, u"rows/call"_s, u"target (p99)"_s,
                         u"index used"_s, u"server µs (1 EXPLAIN)"_s});
    for (const PgQueryResult &r : results) {
        table.addRow({r.query.title, formatMicros(r.summary.p50Ns), formatMicros(r.summary.p99Ns),
                      formatMicros(r.summary.maxNs), meanRows(r), targetCell(r.query.target, r.summary),
                      indexCell(r), serverMicros(r.executionMs)});
    }
    return table.render();
}

QString planSections(const QList<PgQueryResult> &results)
{
    QString out;
    for (const PgQueryResult &r : results) {
        QStringList params;
        for (const QVariant &v : r.sampleParams)
            params.append(v.toString());
        out +=
            u"### %1\n\n%2.\n\n```sql\n%3\n```\n\nEXPLAIN (ANALYZE, BUFFERS), parameters (%4):\n\n```text\n%5\n```\n\n"_s
                .arg(r.query.title, r.query.note, r.query.sql, params.join(u", "_s), r.plan.join(u'\n'));
        out += r.seqScans.isEmpty() && !r.indexes.isEmpty()
                   ? u"Index check: **PASS** (%1; no Seq Scan on a large table)\n\n"_s.arg(
                         r.indexes.join(u", "_s))
                   : u"Index check: **FAIL** (%1)\n\n"_s.arg(indexCell(r));
    }
    return out;
}

} // namespace creditdesk::bench

// bench_postgres: generates a realistic data set in a fresh PostgreSQL
// database migrated by creditdesk-server's own migrator, then measures the
// seed report's §9.3 benchmarks and §3.1 cross-plan queries. Markdown report
// on stdout, progress on stderr. Exit 0; 3 when a plan check fails (a query
// without an index or with a Seq Scan on a large table); 1 on error.
// Latencies are reported, never asserted.

#include "tests/bench/bench_stats.h"
#include "tests/bench/pg_bench_database.h"
#include "tests/bench/pg_data_generator.h"
#include "tests/bench/pg_query_bench.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::bench;

namespace {

struct Options {
    QString adminUrl;
    bool keep = false;
    int scalePercent = 100;
    PgRunOptions run;
};

std::optional<Options> parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Measures the CreditDesk server schema on PostgreSQL."_s);
    parser.addHelpOption();
    const QCommandLineOption db(u"db"_s, u"Cluster to create the benchmark database on."_s,
                                u"postgresql://USER@HOST:PORT/DB"_s);
    const QCommandLineOption keep(u"keep"_s, u"Leave the benchmark database in place (default: drop it)."_s);
    const QCommandLineOption iterations(u"iterations"_s, u"Measured calls per query (>= 1000)."_s, u"N"_s,
                                        u"2000"_s);
    const QCommandLineOption warmup(u"warmup"_s, u"Unmeasured calls before them."_s, u"N"_s, u"200"_s);
    const QCommandLineOption scale(u"scale"_s, u"Data size in percent of the full set (smoke runs)."_s,
                                   u"PERCENT"_s, u"100"_s);
    const QCommandLineOption seed(u"seed"_s, u"Seed of the parameter choice and of the data."_s, u"N"_s,
                                  u"42"_s);
    parser.addOptions({db, keep, iterations, warmup, scale, seed});
    parser.process(app);

    Options o;
    o.adminUrl = parser.value(db);
    o.keep = parser.isSet(keep);
    bool ok[4] = {};
    o.run.iterations = parser.value(iterations).toInt(&ok[0]);
    o.run.warmup = parser.value(warmup).toInt(&ok[1]);
    o.scalePercent = parser.value(scale).toInt(&ok[2]);
    o.run.seed = parser.value(seed).toUInt(&ok[3]);
    if (o.adminUrl.isEmpty() || !ok[0] || !ok[1] || !ok[2] || !ok[3] || o.run.iterations < 1000 ||
        o.run.warmup < 0 || o.scalePercent < 1 || o.scalePercent > 100) {
        progress(u"usage: bench_postgres --db postgresql://USER@HOST:PORT/DB [--keep] [--iterations N>=1000] "
                 u"[--warmup N] [--scale 1..100] [--seed N]"_s);
        return std::nullopt;
    }
    return o;
}

QString generationSection(const PgDataShape &shape, const PgDataReport &data, int scalePercent)
{
    MarkdownTable counts({u"table"_s, u"rows"_s});
    for (const TableCount &t : data.tables)
        counts.addRow({t.table, formatCount(t.rows)});
    const auto seconds = [](qint64 ms) {
        return formatSeconds(ms * 1'000'000);
    };
    return u"## Data\n\nScale %1 %, seed %2. Generated (INSERT … SELECT) in %3 s, keys, indexes and foreign "
           u"keys "
           u"re-created (validating every row) in %4 s, VACUUM (ANALYZE) in %5 s: **%6 s** in all.\n\n%7\n%8\n"_s
               .arg(QString::number(scalePercent), QString::number(shape.seed), seconds(data.generateMs),
                    seconds(data.restoreMs), seconds(data.analyzeMs),
                    seconds(data.generateMs + data.restoreMs + data.analyzeMs), counts.render(),
                    data.distribution);
}

// Everything that runs on the benchmark database; its QSqlDatabase handle is
// gone when this returns, so the connection can be closed.
int benchOn(const PgBenchDatabase &database, const Options &options)
{
    const QSqlDatabase db = database.connection().database();
    auto facts = database.serverFacts();
    if (!facts) {
        progress(facts.error().message);
        return 1;
    }

    PgDataShape shape = PgDataShape{}.scaled(options.scalePercent);
    shape.seed = static_cast<int>(options.run.seed % 1'000'000);
    QElapsedTimer timer;
    timer.start();
    auto data = generatePgData(db, shape);
    if (!data) {
        progress(u"data generation failed: %1"_s.arg(data.error().message));
        return 1;
    }
    progress(u"data ready in %1 s"_s.arg(timer.elapsed() / 1000));

    auto inputs = loadPgInputs(db);
    if (!inputs) {
        progress(inputs.error().message);
        return 1;
    }
    const QString loadBefore = loadAverage();
    auto results = runPgQueries(db, pgQueries(*inputs), options.run);
    const QString loadAfter = loadAverage();
    if (!results) {
        progress(u"measurement failed: %1"_s.arg(results.error().message));
        return 1;
    }

    report(
        u"# bench_postgres — %1\n\n- Server: %2\n- Settings: %3\n- Database: `%4` (%5 after the run)\n\n%6\n"_s
            .arg(nowUtcText(), facts->section(u'\n', 0, 0), facts->section(u'\n', 1), database.name(),
                 options.keep ? u"kept"_s : u"dropped"_s,
                 generationSection(shape, *data, options.scalePercent)));
    report(
        u"## Results\n\n%1 measured calls per query after %2 warm-up calls; prepared once, parameters bound "
        u"per "
        u"call (random users/codes, seed %3), every row and column read. Microseconds, client side "
        u"(QPSQL over loopback TCP), %4. Load average (1/5/15 min) before measuring: %5; after: %6.\n\n%7\n"_s
            .arg(QString::number(options.run.iterations), QString::number(options.run.warmup),
                 QString::number(options.run.seed), tzSetting(), loadBefore, loadAfter,
                 resultsTable(*results)));
    const bool indexesOk = indexChecksPass(*results);
    report(u"Index checks: %1\n\n## Plans\n\n%2"_s.arg(
        indexesOk ? u"**all PASS**"_s : u"**FAIL** (see below)"_s, planSections(*results)));
    return indexesOk ? 0 : 3;
}

int runBench(const Options &options)
{
    auto database = PgBenchDatabase::create(options.adminUrl);
    if (!database) {
        progress(u"cannot set up the benchmark database: %1 (%2)"_s.arg(database.error().message,
                                                                        database.error().code));
        return 1;
    }
    progress(
        u"database %1 at schema version %2"_s.arg(database->redactedUrl()).arg(database->schemaVersion()));
    int code = benchOn(*database, options);
    if (options.keep) {
        progress(u"kept: %1"_s.arg(database->redactedUrl()));
        database->keep();
    } else if (auto dropped = database->drop(); !dropped) {
        progress(u"could not drop %1: %2"_s.arg(database->name(), dropped.error().message));
        code = code == 0 ? 1 : code;
    }
    return code;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"bench_postgres"_s);
    const auto options = parseOptions(app);
    if (!options)
        return 2;
    return runBench(*options);
}

#pragma once

#include "core/domain/error.h"
#include "tests/bench/bench_stats.h"

#include <QList>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <functional>
#include <optional>

namespace creditdesk::bench {

// What the measured queries pick their parameters from.
struct PgInputs {
    QStringList userIds;
    QStringList licensedUserIds; // users holding an active perpetual license
    QStringList couponCodes;
};
[[nodiscard]] Result<PgInputs> loadPgInputs(const QSqlDatabase &db);

struct PgQuery {
    QString title;
    QString sql;            // `?` placeholders, every value bound
    QStringList paramTypes; // SQL type of each `?`, for EXPLAIN's PREPARE
    std::function<QVariantList(QRandomGenerator &)> params;
    std::optional<Target> target;
    QString note; // how it was adapted from the seed report
};

// The seed's §9.3 benchmarks and §3.1 cross-plan queries on the real schema.
[[nodiscard]] QList<PgQuery> pgQueries(const PgInputs &inputs);

struct PgQueryResult {
    PgQuery query;
    LatencySummary summary;
    qint64 rows = 0; // rows returned over all measured calls
    QVariantList sampleParams;
    QStringList plan;
    QStringList indexes;  // index names the plan uses
    QStringList seqScans; // large tables it reads sequentially
    QString executionMs;  // "Execution Time" of the EXPLAIN ANALYZE call (server side)
};

struct PgRunOptions {
    int warmup = 200;
    int iterations = 2'000;
    quint32 seed = 42;
    qint64 largeTableRows = 10'000; // a Seq Scan on a table this big is flagged
};

// Times each query (prepared once, parameters bound per call, every row and
// column read), then EXPLAIN (ANALYZE, BUFFERS) of one call as the plan cache
// runs it after five executions.
[[nodiscard]] Result<QList<PgQueryResult>> runPgQueries(const QSqlDatabase &db, const QList<PgQuery> &queries,
                                                        const PgRunOptions &options);

[[nodiscard]] QString resultsTable(const QList<PgQueryResult> &results);
[[nodiscard]] QString planSections(const QList<PgQueryResult> &results);
[[nodiscard]] bool indexChecksPass(const QList<PgQueryResult> &results);

} // namespace creditdesk::bench

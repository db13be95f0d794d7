#pragma once

#include "core/domain/error.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace creditdesk::bench {

// How much data bench_postgres generates (scaled by --scale).
struct PgDataShape {
    int users = 10'000;
    qint64 usageRows = 2'000'000;
    int coupons = 50'000;
    qint64 redemptions = 500'000;
    int usageDays = 120;
    int redemptionDays = 365;
    int seed = 42;

    [[nodiscard]] PgDataShape scaled(int percent) const;
};

struct TableCount {
    QString table;
    qint64 rows = 0;
};

struct PgDataReport {
    QList<TableCount> tables;
    qint64 generateMs = 0; // INSERT ... SELECT of every table
    qint64 restoreMs = 0;  // keys, indexes and foreign keys re-created (validated)
    qint64 analyzeMs = 0;  // VACUUM (ANALYZE)
    QString distribution;  // a few facts about the generated data, Markdown
};

// Fills a freshly migrated database with set-based INSERT ... SELECT FROM
// generate_series statements (sizes bound as values), then VACUUM (ANALYZE).
// Distributions: per-user activity skewed (power law), tiers weighted, heavy
// users leaning to the high tiers, BYOK share by tier (perpetual 80 %, pro_max
// and enterprise 25 %), the models and vendor prices the migrations seed (else
// a built-in list of twelve models of six providers; cheapest most used), usage spread evenly over
// `usageDays` and written in time order (as an append-only ledger is), coupons with skewed popularity.
[[nodiscard]] Result<PgDataReport> generatePgData(const QSqlDatabase &db, const PgDataShape &shape);

} // namespace creditdesk::bench

#pragma once

#include "core/domain/error.h"
#include "tests/bench/bench_stats.h"
#include "tests/bench/mirror_fill.h"

#include <QList>
#include <QString>

namespace creditdesk::store {
class MirrorDatabase;
}

namespace creditdesk::bench {

// Experiments on the benchmark's own throw-away mirror file that show what a
// missed target needs from core/store. Nothing here is the store's code: the
// summary table, its triggers and the pragmas exist only in this file.
struct WhatIfWrite {
    QString title;
    ApplyReport apply;
};

struct WhatIfRead {
    QString title;
    LatencySummary summary;
    qint64 rows = 0;
};

struct MirrorWhatIf {
    QList<WhatIfWrite> writes;
    QList<WhatIfRead> reads;
    qint64 backfillNs = 0; // building the summary from the existing rows
    QString summaryCheck;  // "identical to dailyUsage()" or the first difference
};

struct WhatIfOptions {
    qint64 nowMs = 0;
    int pageSize = 1'000;
    qint64 rowsPerWriteRun = 100'000;
    int iterations = 1'000;
    int warmup = 50;
};

// The balance read through a statement prepared once (the store prepares on
// every call); the store's daily summary widened to (day, model, provider),
// built from the ledger, checked against dailyUsage() and read for a 30-day
// per-model breakdown; then applyUsagePage as is, without the store's ledger
// triggers, with the daily summary updated once per page instead, and with
// PRAGMA cache_size = -65536, taking turns so the growing table weighs on
// each alike.
[[nodiscard]] Result<MirrorWhatIf> runMirrorWhatIf(store::MirrorDatabase &db, UsageRowGenerator &generator,
                                                   const WhatIfOptions &options);

} // namespace creditdesk::bench

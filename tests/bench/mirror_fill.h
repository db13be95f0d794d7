#pragma once

#include "core/domain/error.h"
#include "core/store/mirror_types.h"
#include "tests/bench/bench_stats.h"

#include <QList>
#include <QRandomGenerator>
#include <QString>

namespace creditdesk::store {
class MirrorDatabase;
}

namespace creditdesk::bench {

// Ledger rows as the server would send them, oldest first, `stepMs` apart
// from `firstCreatedAtMs`. Models skewed to small cheap ones, 20 % BYOK, 2 %
// failed, 1 % cancelled, one correction row per thousand. Seeded: repeatable.
class UsageRowGenerator {
public:
    UsageRowGenerator(quint32 seed, qint64 firstCreatedAtMs, qint64 stepMs);
    [[nodiscard]] QList<store::UsageRow> nextPage(int size);

private:
    [[nodiscard]] store::UsageRow makeRow();

    QRandomGenerator m_rng;
    qint64 m_nextCreatedAtMs;
    qint64 m_stepMs;
    store::UsageRow m_previous;
    bool m_hasPrevious = false;
};

struct ApplyReport {
    qint64 rows = 0;
    qint64 pages = 0;
    qint64 applyNs = 0;       // inside applyUsagePage only (row generation excluded)
    LatencySummary pageApply; // per page
};

// `rows` rows from `generator` through UsageRepository::applyUsagePage in
// pages of `pageSize`, a cursor with each, as the sync engine applies them.
[[nodiscard]] Result<ApplyReport> applyPages(store::MirrorDatabase &db, UsageRowGenerator &generator,
                                             qint64 rows, int pageSize, qint64 syncedAtMs, bool logProgress);

// The signed-in user's slice of a mirror as the sync engine would write it.
struct MirrorShape {
    qint64 usageRows = 1'000'000;
    int days = 365;
    int pageSize = 1'000; // rows per applyUsagePage call (one transaction each)
    quint32 seed = 42;
};

struct MirrorFillReport {
    ApplyReport usage;
    QString userId;
};

// Writes profile, subscription, balance and five credit sources through
// AccountRepository, then `usageRows` ledger rows spread evenly over the
// `days` days before nowMs with applyPages(). `generator` continues after them.
[[nodiscard]] Result<MirrorFillReport> fillMirror(store::MirrorDatabase &db, const MirrorShape &shape,
                                                  UsageRowGenerator &generator, qint64 nowMs);

// The generator fillMirror() expects for `shape` and `nowMs`.
[[nodiscard]] UsageRowGenerator generatorFor(const MirrorShape &shape, qint64 nowMs);

} // namespace creditdesk::bench

#include "tests/bench/pg_deferred_ddl.h"

#include "tests/bench/bench_stats.h"
#include "tests/bench/pg_sql.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace creditdesk::bench {

namespace {

// Everything that defines the deferred objects, one line each, sorted.
const QString kFingerprint = uR"(
SELECT string_agg(def, E'\n' ORDER BY def) FROM (
    SELECT c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) AS def
    FROM pg_constraint c
    WHERE c.conrelid IN (SELECT rel FROM bench_deferred) OR c.confrelid IN (SELECT rel FROM bench_deferred)
    UNION ALL
    SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid IN (SELECT rel FROM bench_deferred)
) s)"_s;

// ord 1: primary keys and unique constraints; 2: other indexes; 3: foreign
// keys on or into the tables. Created in that order, dropped in reverse.
const QString kRecord = uR"(
CREATE TEMP TABLE bench_deferred_ddl AS
SELECT 1 AS ord, format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
                        pg_get_constraintdef(c.oid)) AS create_ddl,
       format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS drop_ddl
FROM pg_constraint c WHERE c.contype IN ('p', 'u') AND c.conrelid IN (SELECT rel FROM bench_deferred)
UNION ALL
SELECT 2, pg_get_indexdef(i.indexrelid), format('DROP INDEX %s', i.indexrelid::regclass)
FROM pg_index i
WHERE i.indrelid IN (SELECT rel FROM bench_deferred)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
UNION ALL
SELECT 3, format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
                 pg_get_constraintdef(c.oid)),
       format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname)
FROM pg_constraint c
WHERE c.contype = 'f'
  AND (c.conrelid IN (SELECT rel FROM bench_deferred) OR c.confrelid IN (SELECT rel FROM bench_deferred)))"_s;

} // namespace

Result<DeferredDdl> DeferredDdl::dropFor(const QSqlDatabase &db, const QStringList &tables)
{
    if (auto r = pg::run(db, u"CREATE TEMP TABLE bench_deferred (rel regclass PRIMARY KEY)"_s); !r)
        return std::unexpected(r.error());
    for (const QString &table : tables) {
        if (auto r = pg::run(db, u"INSERT INTO bench_deferred (rel) VALUES (?::regclass)"_s, {table}); !r)
            return std::unexpected(r.error());
    }
    DeferredDdl ddl;
    auto fingerprint = pg::scalar(db, kFingerprint);
    if (!fingerprint)
        return std::unexpected(fingerprint.error());
    ddl.m_fingerprint = fingerprint->toString();
    if (auto r = pg::run(db, kRecord); !r)
        return std::unexpected(r.error());
    auto creates = pg::column(db, u"SELECT create_ddl FROM bench_deferred_ddl ORDER BY ord, create_ddl"_s);
    auto drops =
        pg::column(db, u"SELECT drop_ddl FROM bench_deferred_ddl ORDER BY ord DESC, create_ddl DESC"_s);
    if (!creates)
        return std::unexpected(creates.error());
    if (!drops)
        return std::unexpected(drops.error());
    // The statements come from the catalog (identifiers quoted by format %I).
    for (const QString &drop : *drops) {
        if (auto r = pg::run(db, drop); !r)
            return std::unexpected(r.error());
    }
    ddl.m_create = *creates;
    progress(u"deferred %1 keys, indexes and foreign keys of %2"_s.arg(ddl.m_create.size())
                 .arg(tables.join(u", "_s)));
    return ddl;
}

Result<void> DeferredDdl::restore(const QSqlDatabase &db) const
{
    for (const QString &create : m_create) {
        QElapsedTimer timer;
        timer.start();
        if (auto r = pg::run(db, create); !r)
            return std::unexpected(r.error());
        progress(u"  %1 ms  %2"_s.arg(timer.elapsed(), 6).arg(create.left(140)));
    }
    auto fingerprint = pg::scalar(db, kFingerprint);
    if (!fingerprint)
        return std::unexpected(fingerprint.error());
    if (fingerprint->toString() != m_fingerprint) {
        return fail(
            pg::kBenchError,
            u"the re-created keys and indexes differ from the migrated schema:\n%1\n--- vs ---\n%2"_s.arg(
                m_fingerprint, fingerprint->toString()));
    }
    if (auto r = pg::run(db, u"DROP TABLE bench_deferred_ddl, bench_deferred"_s); !r)
        return std::unexpected(r.error());
    return {};
}

} // namespace creditdesk::bench

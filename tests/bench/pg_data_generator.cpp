#include "tests/bench/pg_data_generator.h"

#include "tests/bench/bench_stats.h"
#include "tests/bench/pg_data_sql.h"
#include "tests/bench/pg_deferred_ddl.h"
#include "tests/bench/pg_sql.h"

#include <QElapsedTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::bench {

namespace {

constexpr qint64 kDayMs = 86'400'000;

// The tables loaded without their keys and indexes (then rebuilt).
const QStringList kDeferredTables{u"token_usage_ledger"_s, u"credit_deduction_ledger"_s,
                                  u"coupon_redemption"_s};

// Tables whose row counts the report lists.
const QStringList kCountedTables{u"users"_s,
                                 u"subscription_monetization"_s,
                                 u"user_credit_balance"_s,
                                 u"credit_allocation"_s,
                                 u"user_credit_source"_s,
                                 u"perpetual_license"_s,
                                 u"token_usage_ledger"_s,
                                 u"credit_deduction_ledger"_s,
                                 u"coupon"_s,
                                 u"coupon_usage_limit"_s,
                                 u"coupon_redemption"_s};

class StepRunner {
public:
    explicit StepRunner(const QSqlDatabase &db)
        : m_db(db)
    {}

    [[nodiscard]] Result<qint64> step(const QString &label, const QString &sql,
                                      const QVariantList &binds = {})
    {
        QElapsedTimer timer;
        timer.start();
        auto rows = pg::run(m_db, sql, binds);
        if (!rows)
            return rows;
        progress(u"%1 ms  %2%3"_s.arg(timer.elapsed(), 7)
                     .arg(label, *rows >= 0 ? u" (%1 rows)"_s.arg(formatCount(*rows)) : QString()));
        return rows;
    }

private:
    QSqlDatabase m_db;
};

// ms between consecutive rows so `rows` rows span `days` days.
qint64 stepMs(int days, qint64 rows)
{
    return std::max<qint64>(1, qint64{days} * kDayMs / std::max<qint64>(1, rows));
}

Result<void> generateAccounts(StepRunner &run, const PgDataShape &shape)
{
    const QList<std::pair<QString, const QString *>> plain{
        {u"bench_model"_s, &pgsql::createModels()},
        {u"models"_s, &pgsql::fillModels()},
        {u"providers"_s, &pgsql::insertProviders()},
        {u"link models"_s, &pgsql::linkModels()},
        {u"model_provider_pricing"_s, &pgsql::insertPricing()},
        {u"seeded pricing"_s, &pgsql::adoptPricing()},
        {u"bench_user"_s, &pgsql::createUsers()}};
    for (const auto &[label, sql] : plain) {
        if (auto r = run.step(label, *sql); !r)
            return std::unexpected(r.error());
    }
    if (auto r = run.step(u"user plan"_s, pgsql::fillUsers(), {std::max(1, shape.users / 20), shape.users});
        !r)
        return std::unexpected(r.error());
    const QList<std::pair<QString, const QString *>> accounts{
        {u"users"_s, &pgsql::insertUsers()},
        {u"subscription_monetization"_s, &pgsql::insertSubscriptions()},
        {u"user_credit_balance"_s, &pgsql::insertBalances()},
        {u"credit_allocation"_s, &pgsql::insertAllocations()},
        {u"user_credit_source"_s, &pgsql::insertSources()},
        {u"balance amounts"_s, &pgsql::updateBalanceAmounts()},
        {u"perpetual_license"_s, &pgsql::insertLicenses()}};
    for (const auto &[label, sql] : accounts) {
        if (auto r = run.step(label, *sql); !r)
            return std::unexpected(r.error());
    }
    return {};
}

Result<void> generateLedgers(const QSqlDatabase &db, StepRunner &run, const PgDataShape &shape)
{
    auto models = pg::scalar(db, u"SELECT count(*) FROM bench_model"_s);
    if (!models)
        return std::unexpected(models.error());
    if (models->toInt() < 1)
        return fail(pg::kBenchError, u"no models to spread usage over"_s);
    progress(u"usage spread over %1 models"_s.arg(models->toInt()));
    if (auto r = run.step(u"token_usage_ledger"_s, pgsql::insertUsage(),
                          {shape.users, models->toInt(), shape.usageDays,
                           stepMs(shape.usageDays, shape.usageRows), shape.usageRows});
        !r)
        return std::unexpected(r.error());
    if (auto r = run.step(u"credit_deduction_ledger"_s, pgsql::insertDeductions()); !r)
        return std::unexpected(r.error());
    if (auto r = run.step(u"bench_coupon"_s, pgsql::createCoupons()); !r)
        return std::unexpected(r.error());
    if (auto r = run.step(u"coupon plan"_s, pgsql::fillCoupons(), {shape.coupons}); !r)
        return std::unexpected(r.error());
    if (auto r = run.step(u"coupon"_s, pgsql::insertCoupons()); !r)
        return std::unexpected(r.error());
    if (auto r = run.step(u"coupon_redemption"_s, pgsql::insertRedemptions(),
                          {shape.coupons, shape.users, shape.redemptionDays,
                           stepMs(shape.redemptionDays, shape.redemptions), shape.redemptions});
        !r)
        return std::unexpected(r.error());
    if (auto r = run.step(u"coupon_usage_limit"_s, pgsql::insertUsageLimits()); !r)
        return std::unexpected(r.error());
    return {};
}

// Facts about the generated data, for the report.
Result<QString> describe(const QSqlDatabase &db, int usageDays)
{
    auto perUser = pg::column(db, uR"(
SELECT concat_ws(' / ', percentile_disc(0.5) WITHIN GROUP (ORDER BY n), percentile_disc(0.99) WITHIN GROUP (ORDER BY n),
                 max(n), percentile_disc(0.5) WITHIN GROUP (ORDER BY n30), percentile_disc(0.99) WITHIN GROUP (ORDER BY n30),
                 max(n30))
FROM (SELECT count(*) AS n, count(*) FILTER (WHERE created_at >= now() - interval '30 days') AS n30
      FROM token_usage_ledger GROUP BY user_id) s)"_s);
    auto byok = pg::scalar(db, u"SELECT round(100.0 * count(*) FILTER (WHERE is_byok) / count(*), 1) "
                               u"FROM token_usage_ledger"_s);
    auto correlation = pg::scalar(db,
                                  u"SELECT round(correlation::numeric, 3) FROM pg_stats "
                                  u"WHERE tablename = ? AND attname = ?"_s,
                                  {u"token_usage_ledger"_s, u"created_at"_s});
    auto licensed = pg::scalar(
        db, u"SELECT count(*) FROM perpetual_license WHERE status = ?::license_status"_s, {u"active"_s});
    if (!perUser || perUser->isEmpty())
        return std::unexpected(perUser ? makeError(pg::kBenchError, u"no usage"_s) : perUser.error());
    if (!byok || !correlation || !licensed)
        return std::unexpected((!byok ? byok : !correlation ? correlation : licensed).error());
    return u"- usage rows per user p50 / p99 / max: all %1 days %2; last 30 days %3\n"
           u"- BYOK share of usage rows: %4 %; users with an active perpetual license: %5\n"
           u"- physical order of token_usage_ledger vs created_at (pg_stats correlation): %6\n"_s
               .arg(usageDays)
               .arg(perUser->constFirst().section(u" / "_s, 0, 2),
                    perUser->constFirst().section(u" / "_s, 3, 5), byok->toString(), licensed->toString(),
                    correlation->toString());
}

} // namespace

PgDataShape PgDataShape::scaled(int percent) const
{
    PgDataShape s = *this;
    const auto scale = [percent](qint64 n) {
        return std::max<qint64>(10, n * percent / 100);
    };
    s.users = static_cast<int>(scale(users));
    s.usageRows = scale(usageRows);
    s.coupons = static_cast<int>(scale(coupons));
    s.redemptions = scale(redemptions);
    return s;
}

Result<PgDataReport> generatePgData(const QSqlDatabase &db, const PgDataShape &shape)
{
    PgDataReport report;
    StepRunner run(db);
    // Session settings for the bulk load only; the measured queries run on
    // the cluster's defaults (the same connection, reset below).
    for (const QString &setting : {u"SET work_mem = '256MB'"_s, u"SET maintenance_work_mem = '512MB'"_s}) {
        if (auto r = pg::run(db, setting); !r)
            return std::unexpected(r.error());
    }
    if (auto r = pg::run(db, u"SELECT setseed(?::int / 1000000.0)"_s, {shape.seed % 1'000'000}); !r)
        return std::unexpected(r.error());

    QElapsedTimer timer;
    timer.start();
    auto deferred = DeferredDdl::dropFor(db, kDeferredTables);
    if (!deferred)
        return std::unexpected(deferred.error());
    if (auto r = generateAccounts(run, shape); !r)
        return std::unexpected(r.error());
    if (auto r = generateLedgers(db, run, shape); !r)
        return std::unexpected(r.error());
    report.generateMs = timer.restart();

    progress(u"re-creating %1 keys, indexes and foreign keys (validating every row)"_s.arg(
        deferred->statementCount()));
    if (auto r = deferred->restore(db); !r)
        return std::unexpected(r.error());
    report.restoreMs = timer.restart();

    for (const QString &setting : {u"RESET work_mem"_s, u"RESET maintenance_work_mem"_s,
                                   u"DROP TABLE bench_model, bench_user, bench_coupon"_s}) {
        if (auto r = pg::run(db, setting); !r)
            return std::unexpected(r.error());
    }
    if (auto r = run.step(u"VACUUM (ANALYZE)"_s, u"VACUUM (ANALYZE)"_s); !r)
        return std::unexpected(r.error());
    report.analyzeMs = timer.restart();

    for (const QString &table : kCountedTables) {
        // Identifiers cannot be bound; these are the constants above.
        auto n = pg::scalar(db, u"SELECT count(*) FROM "_s + table);
        if (!n)
            return std::unexpected(n.error());
        report.tables.append({table, n->toLongLong()});
    }
    auto facts = describe(db, shape.usageDays);
    if (!facts)
        return std::unexpected(facts.error());
    report.distribution = *facts;
    return report;
}

} // namespace creditdesk::bench

#pragma once

#include <QString>

// The set-based statements of the PostgreSQL data generator. Sizes are bound
// (`?`, in the order listed for each); the distribution constants are part of
// the statements. Every subquery that calls random() ends in OFFSET 0 so the
// planner evaluates each random value once per row.
namespace creditdesk::bench::pgsql {

// Temp tables that drive generation (dropped with the session).
// bench_model: the models usage is spread over. The vendor prices the
// migrations seed if there are any (adoptPricing), else a built-in list of 12
// models of 6 providers (fillModels, then its providers and prices).
[[nodiscard]] const QString &createModels();
[[nodiscard]] const QString &fillModels();
[[nodiscard]] const QString &insertProviders();
[[nodiscard]] const QString &linkModels();
[[nodiscard]] const QString &insertPricing();
[[nodiscard]] const QString &adoptPricing();
[[nodiscard]] const QString &createUsers(); // bench_user
[[nodiscard]] const QString &fillUsers();   // binds: heavy user count, user count

[[nodiscard]] const QString &insertUsers();
[[nodiscard]] const QString &insertSubscriptions();
[[nodiscard]] const QString &insertBalances();
[[nodiscard]] const QString &insertAllocations();
[[nodiscard]] const QString &insertSources();
[[nodiscard]] const QString &updateBalanceAmounts();
[[nodiscard]] const QString &insertLicenses();

// binds: user count, model count (rows of bench_model), days of history, ms
// between rows, rows
[[nodiscard]] const QString &insertUsage();
[[nodiscard]] const QString &insertDeductions();

[[nodiscard]] const QString &createCoupons(); // bench_coupon
[[nodiscard]] const QString &fillCoupons();   // binds: coupon count
[[nodiscard]] const QString &insertCoupons();
// binds: coupon count, user count, days of history, ms between rows, rows
[[nodiscard]] const QString &insertRedemptions();
[[nodiscard]] const QString &insertUsageLimits();

} // namespace creditdesk::bench::pgsql

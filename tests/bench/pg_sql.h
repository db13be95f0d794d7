#pragma once

#include "core/domain/error.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

// Small Qt SQL helpers for the PostgreSQL benchmark.
namespace creditdesk::bench::pg {

inline constexpr QLatin1StringView kBenchError{"bench_error"};

// Runs one statement; with `binds` it is prepared (server-side PREPARE/EXECUTE)
// and every value bound. Returns the affected row count (-1 when none applies).
[[nodiscard]] Result<qint64> run(const QSqlDatabase &db, const QString &sql, const QVariantList &binds = {});

// First column of every row.
[[nodiscard]] Result<QStringList> column(const QSqlDatabase &db, const QString &sql,
                                         const QVariantList &binds = {});

// First column of the first row.
[[nodiscard]] Result<QVariant> scalar(const QSqlDatabase &db, const QString &sql,
                                      const QVariantList &binds = {});

} // namespace creditdesk::bench::pg

#pragma once

#include "core/domain/enums.h"
#include "core/domain/error.h"
#include "server/db/prepared_query.h"

#include <QList>
#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <QVariantList>

namespace creditdesk::server {

class Connection;

// Small SQL helpers of the coupon repositories.
namespace cpnsql {

// Connection::run: a cached prepared statement with `values` bound in order; `database_error`
// (with the driver's native code) naming `context` on failure.
[[nodiscard]] Result<PreparedQuery> run(const Connection &db, const QString &sql, const QVariantList &values,
                                        const QString &context);
// run() + the first column of the first row as an integer (0 without a row).
[[nodiscard]] Result<qint64> scalar(const Connection &db, const QString &sql, const QVariantList &values,
                                    const QString &context);

// Enum arrays (tier_eligibility, billing_cycles): `subscription_tier[]` /
// `billing_interval[]` on PostgreSQL, a JSON array in TEXT on SQLite.
[[nodiscard]] QString tierArrayParam(const Connection &db);
[[nodiscard]] QString cycleArrayParam(const Connection &db);
[[nodiscard]] QVariant tierArray(const Connection &db, const QList<SubscriptionTier> &tiers);
[[nodiscard]] QVariant cycleArray(const Connection &db, const QList<BillingInterval> &cycles);
// The select expression reading such a column as JSON text on both dialects.
[[nodiscard]] QString arrayAsJson(const Connection &db, const QString &column);
[[nodiscard]] Result<QList<SubscriptionTier>> readTierArray(const QVariant &jsonText);
[[nodiscard]] Result<QList<BillingInterval>> readCycleArray(const QVariant &jsonText);

// The select expression of an `inet` column as plain text ("10.0.0.1").
[[nodiscard]] QString ipText(const Connection &db, const QString &column);
// A textual IP address in canonical form, or "" when it is not one (never bound then).
[[nodiscard]] QString normalizeIp(const QString &address);
[[nodiscard]] QVariant ipValue(const Connection &db, const QString &address);
// Bound text or SQL NULL for "".
[[nodiscard]] QVariant textOrNull(const QString &text);
[[nodiscard]] QVariant int64(qint64 value);
[[nodiscard]] QVariant optionalInt64(const std::optional<qint64> &value);

} // namespace cpnsql

} // namespace creditdesk::server

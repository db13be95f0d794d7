#pragma once

#include "core/domain/credits.h"
#include "core/domain/error.h"
#include "core/domain/money.h"

#include <QJsonValue>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <cstdint>
#include <optional>

namespace creditdesk::server {

class Connection;

// Values whose column representation differs between the dialects (see the
// header of server/migrations/*/0001_base.sql): repositories bind and read
// them only through these functions, so one repository serves both.
//
//   timestamps  timestamptz            | INTEGER epoch ms
//   credits     NUMERIC(12,2)          | INTEGER hundredths of a credit
//   *_usd       NUMERIC(10,2)          | TEXT canonical decimal "12.50"
//   *_cents     BIGINT                 | INTEGER
//   booleans    boolean                | INTEGER 0/1
//   uuids       uuid                   | TEXT lower-case
//   json        jsonb                  | TEXT
//   multiplier  NUMERIC(4,2)           | INTEGER hundredths
//   vendor cost NUMERIC(10,8)/(14,8)   | INTEGER 1e-8 USD
//
// Read functions fail with `database_error` on a value the column cannot hold
// (never a silent default); optional variants map SQL NULL to std::nullopt.
namespace sqlv {

[[nodiscard]] QVariant timestamp(const Connection &db, std::int64_t epochMs);
[[nodiscard]] QVariant timestamp(const Connection &db, std::optional<std::int64_t> epochMs);
[[nodiscard]] Result<std::int64_t> readTimestamp(const Connection &db, const QVariant &value);
[[nodiscard]] Result<std::optional<std::int64_t>> readOptionalTimestamp(const Connection &db, const QVariant &value);

[[nodiscard]] QVariant credits(const Connection &db, Credits value); // value must be whole hundredths
[[nodiscard]] Result<Credits> readCredits(const Connection &db, const QVariant &value);

[[nodiscard]] QVariant usd(const Connection &db, Money value);
[[nodiscard]] Result<Money> readUsd(const Connection &db, const QVariant &value);

[[nodiscard]] QVariant boolean(const Connection &db, bool value);
[[nodiscard]] Result<bool> readBoolean(const Connection &db, const QVariant &value);

[[nodiscard]] QVariant uuid(const Connection &db, const QString &uuid); // "" binds SQL NULL
[[nodiscard]] QString readUuid(const QVariant &value); // lower-case, no braces; "" for NULL
[[nodiscard]] QString newUuid();                       // v4, lower-case, no braces

// Null/Undefined bind as SQL NULL; SQL NULL reads as QJsonValue::Null.
[[nodiscard]] QVariant json(const Connection &db, const QJsonValue &value);
[[nodiscard]] Result<QJsonValue> readJson(const QVariant &value);

[[nodiscard]] QVariant multiplier(const Connection &db, int hundredths);
[[nodiscard]] Result<int> readMultiplier(const Connection &db, const QVariant &value);

[[nodiscard]] QVariant vendorCost(const Connection &db, std::int64_t e8Usd);
[[nodiscard]] Result<std::int64_t> readVendorCost(const Connection &db, const QVariant &value);

// SQL fragment casting a bound parameter for enum columns: "?::subscription_tier"
// on PostgreSQL, "?" on SQLite.
[[nodiscard]] QString enumParam(const Connection &db, const QString &typeName);

} // namespace sqlv

// `database_error` for a failed QSqlQuery: "<context>: <driver text>", with
// details.native_code (PostgreSQL SQLSTATE, SQLite extended result code) so
// isUniqueViolation()/isRetryableConflict() can classify it.
[[nodiscard]] Error queryError(const QSqlQuery &query, const QString &context);

// True when a failed statement broke a UNIQUE constraint (both drivers).
[[nodiscard]] bool isUniqueViolation(const Error &error);
// True when PostgreSQL aborted a transaction for serialization/deadlock (40001/40P01):
// the caller may retry the whole transaction.
[[nodiscard]] bool isRetryableConflict(const Error &error);

} // namespace creditdesk::server

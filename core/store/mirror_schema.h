#pragma once

#include <QLatin1StringView>
#include <QList>
#include <QString>
#include <QtGlobal>

namespace creditdesk::store::schema {

// One rung of the ladder: the statements that take the schema from
// toVersion - 1 to toVersion. A new file runs every rung from 1, so a fresh
// mirror and a migrated one have the same schema by construction.
struct Migration {
    int toVersion = 0;
    QLatin1StringView summary;
    QList<QString> statements;
};

[[nodiscard]] const QList<Migration> &migrations();

// PRAGMA application_id of a mirror (schema 4 on): "CDmr". A SQLite file with
// another non-zero id belongs to another program.
inline constexpr qint32 kApplicationId = 0x43446D72;

// Tables that hold the signed-in user's data (children before parents).
[[nodiscard]] const QList<QLatin1StringView> &userTables();

// Rungs and pieces shared by the files that define them (mirror_schema*.cpp).
namespace detail {
// Schema 3's triggers that keep usage_daily_summary in step with every
// insert, update and delete of token_usage_ledger.
[[nodiscard]] QList<QString> usageDailyTriggers();
// Its update and delete triggers only (schema 4: UsageRepository adds the
// totals of the rows it inserts, once per page).
[[nodiscard]] QList<QString> usageDailyChangeTriggers();
[[nodiscard]] QList<QString> version4();
} // namespace detail

} // namespace creditdesk::store::schema

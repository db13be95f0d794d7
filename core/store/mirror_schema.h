#pragma once

#include <QLatin1StringView>
#include <QList>
#include <QString>

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

// Tables that hold the signed-in user's data (children before parents).
[[nodiscard]] const QList<QLatin1StringView> &userTables();

} // namespace creditdesk::store::schema

#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

// What the seed report (and api-contract.md) require of the schema, the same
// for both dialects.
namespace creditdesk::server::test {

struct ExpectedEnum {
    QString type;
    QStringList values;
    QList<QPair<QString, QString>> columns; // (table, column)
};

struct ExpectedForeignKey {
    QString table;
    QString column;
    QString referencedTable;
    QString onDelete;
};

struct ExpectedKey {
    QString table;
    QStringList columns;
};

[[nodiscard]] QStringList expectedTables();
[[nodiscard]] QList<ExpectedKey> expectedColumns();
[[nodiscard]] QList<ExpectedEnum> expectedEnums();
[[nodiscard]] QList<ExpectedForeignKey> expectedForeignKeys();
[[nodiscard]] QList<ExpectedKey> expectedUniqueKeys();
[[nodiscard]] QList<ExpectedKey> expectedIndexes();

} // namespace creditdesk::server::test

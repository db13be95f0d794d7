#pragma once

#include "core/domain/error.h"
#include "server/db/connection.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace creditdesk::server::test {

struct ColumnInfo {
    QString name;
    QString type; // PostgreSQL: data_type (udt_name for enums/arrays); SQLite: declared type
    bool notNull = false;
};

struct ForeignKeyInfo {
    QString table;
    QStringList columns;
    QString referencedTable;
    QStringList referencedColumns;
    QString onDelete; // "CASCADE", "SET NULL", "NO ACTION", "RESTRICT", "SET DEFAULT"
};

struct IndexInfo {
    QString table;
    QString name;
    QStringList columns; // "(expr)" for an expression
    bool unique = false;
    bool partial = false;
};

// The live schema, read from pg_catalog / information_schema on PostgreSQL
// and sqlite_master + PRAGMA table_info / foreign_key_list / index_list /
// index_info on SQLite.
struct Catalog {
    QStringList tables;
    QHash<QString, QList<ColumnInfo>> columns;
    QList<ForeignKeyInfo> foreignKeys;
    QList<IndexInfo> indexes;
    QHash<QString, QStringList> enumLabels; // PostgreSQL: type -> labels in order

    [[nodiscard]] const ColumnInfo *column(const QString &table, const QString &name) const;
    [[nodiscard]] QList<ForeignKeyInfo> foreignKeysOf(const QString &table) const;
    [[nodiscard]] QList<IndexInfo> indexesOf(const QString &table) const;
};

[[nodiscard]] Result<Catalog> readCatalog(const Connection &connection);

} // namespace creditdesk::server::test

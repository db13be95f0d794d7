#include "tests/integration/server/catalog_reader.h"

#include "server/db/db_errors.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

using namespace Qt::StringLiterals;

namespace creditdesk::server::test {

namespace {

Result<QList<QVariantList>> select(const Connection &connection, const QString &sql,
                                   const QVariantList &values = {})
{
    QSqlQuery query(connection.database());
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return fail(dberr::databaseError, query.lastError().text() + u" | "_s + sql);
    QList<QVariantList> rows;
    const int width = query.record().count();
    while (query.next()) {
        QVariantList row;
        for (int i = 0; i < width; ++i)
            row << query.value(i);
        rows << row;
    }
    return rows;
}

QString onDeleteName(const QString &pgCode)
{
    static const QHash<QString, QString> names{{u"a"_s, u"NO ACTION"_s},
                                               {u"r"_s, u"RESTRICT"_s},
                                               {u"c"_s, u"CASCADE"_s},
                                               {u"n"_s, u"SET NULL"_s},
                                               {u"d"_s, u"SET DEFAULT"_s}};
    return names.value(pgCode, pgCode);
}

Result<Catalog> readPostgres(const Connection &c)
{
    Catalog catalog;
    const auto tables =
        select(c, u"SELECT table_name FROM information_schema.tables "
                  "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"_s);
    if (!tables)
        return std::unexpected(tables.error());
    for (const auto &row : *tables)
        catalog.tables << row[0].toString();

    const auto columns =
        select(c, u"SELECT table_name, column_name, "
                  "CASE WHEN data_type IN ('USER-DEFINED', 'ARRAY') THEN udt_name ELSE data_type END, "
                  "is_nullable = 'NO' FROM information_schema.columns "
                  "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"_s);
    if (!columns)
        return std::unexpected(columns.error());
    for (const auto &row : *columns)
        catalog.columns[row[0].toString()]
            << ColumnInfo{row[1].toString(), row[2].toString(), row[3].toBool()};

    const auto labels = select(c, u"SELECT t.typname, e.enumlabel FROM pg_enum e "
                                  "JOIN pg_type t ON t.oid = e.enumtypid "
                                  "JOIN pg_namespace n ON n.oid = t.typnamespace "
                                  "WHERE n.nspname = current_schema() ORDER BY t.typname, e.enumsortorder"_s);
    if (!labels)
        return std::unexpected(labels.error());
    for (const auto &row : *labels)
        catalog.enumLabels[row[0].toString()] << row[1].toString();

    const auto fks = select(c, uR"(
        SELECT src.relname, dst.relname, c.confdeltype::text,
               (SELECT string_agg(a.attname, ',' ORDER BY k.ord)
                  FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum),
               (SELECT string_agg(a.attname, ',' ORDER BY k.ord)
                  FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum)
          FROM pg_constraint c
          JOIN pg_class src ON src.oid = c.conrelid
          JOIN pg_class dst ON dst.oid = c.confrelid
          JOIN pg_namespace n ON n.oid = src.relnamespace
         WHERE c.contype = 'f' AND n.nspname = current_schema())"_s);
    if (!fks)
        return std::unexpected(fks.error());
    for (const auto &row : *fks) {
        catalog.foreignKeys << ForeignKeyInfo{row[0].toString(), row[3].toString().split(u','),
                                              row[1].toString(), row[4].toString().split(u','),
                                              onDeleteName(row[2].toString())};
    }

    const auto indexes = select(c, uR"(
        SELECT t.relname, i.relname, ix.indisunique, ix.indpred IS NOT NULL,
               (SELECT string_agg(COALESCE(a.attname, '(expr)'), ',' ORDER BY k.ord)
                  FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                  LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum)
          FROM pg_index ix
          JOIN pg_class i ON i.oid = ix.indexrelid
          JOIN pg_class t ON t.oid = ix.indrelid
          JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = current_schema())"_s);
    if (!indexes)
        return std::unexpected(indexes.error());
    for (const auto &row : *indexes) {
        catalog.indexes << IndexInfo{row[0].toString(), row[1].toString(), row[4].toString().split(u','),
                                     row[2].toBool(), row[3].toBool()};
    }
    return catalog;
}

Result<Catalog> readSqlite(const Connection &c)
{
    Catalog catalog;
    const auto tables = select(c, u"SELECT name FROM sqlite_master WHERE type = 'table' "
                                  "AND name NOT LIKE 'sqlite_%' ORDER BY 1"_s);
    if (!tables)
        return std::unexpected(tables.error());
    for (const auto &tableRow : *tables) {
        const QString table = tableRow[0].toString();
        catalog.tables << table;
        // The table-valued forms of the PRAGMAs take the table name as a bound value.
        const auto columns =
            select(c, u"SELECT name, type, \"notnull\" FROM pragma_table_info(?) ORDER BY cid"_s, {table});
        if (!columns)
            return std::unexpected(columns.error());
        for (const auto &row : *columns)
            catalog.columns[table] << ColumnInfo{row[0].toString(), row[1].toString(), row[2].toInt() != 0};

        const auto fks = select(c,
                                u"SELECT id, \"table\", \"from\", \"to\", on_delete "
                                "FROM pragma_foreign_key_list(?) ORDER BY id, seq"_s,
                                {table});
        if (!fks)
            return std::unexpected(fks.error());
        int currentId = -1;
        for (const auto &row : *fks) {
            if (row[0].toInt() != currentId) {
                currentId = row[0].toInt();
                catalog.foreignKeys << ForeignKeyInfo{table, {}, row[1].toString(), {}, row[4].toString()};
            }
            catalog.foreignKeys.last().columns << row[2].toString();
            catalog.foreignKeys.last().referencedColumns << row[3].toString();
        }

        const auto indexes =
            select(c, u"SELECT name, \"unique\", partial FROM pragma_index_list(?)"_s, {table});
        if (!indexes)
            return std::unexpected(indexes.error());
        for (const auto &row : *indexes) {
            const auto keys = select(
                c, u"SELECT COALESCE(name, '(expr)') FROM pragma_index_info(?) ORDER BY seqno"_s, {row[0]});
            if (!keys)
                return std::unexpected(keys.error());
            IndexInfo index{table, row[0].toString(), {}, row[1].toInt() != 0, row[2].toInt() != 0};
            for (const auto &key : *keys)
                index.columns << key[0].toString();
            catalog.indexes << index;
        }
    }
    return catalog;
}

} // namespace

const ColumnInfo *Catalog::column(const QString &table, const QString &name) const
{
    const auto it = columns.constFind(table);
    if (it == columns.constEnd())
        return nullptr;
    for (const ColumnInfo &info : *it) {
        if (info.name == name)
            return &info;
    }
    return nullptr;
}

QList<ForeignKeyInfo> Catalog::foreignKeysOf(const QString &table) const
{
    QList<ForeignKeyInfo> out;
    for (const ForeignKeyInfo &fk : foreignKeys) {
        if (fk.table == table)
            out << fk;
    }
    return out;
}

QList<IndexInfo> Catalog::indexesOf(const QString &table) const
{
    QList<IndexInfo> out;
    for (const IndexInfo &index : indexes) {
        if (index.table == table)
            out << index;
    }
    return out;
}

Result<Catalog> readCatalog(const Connection &connection)
{
    return connection.dialect() == Dialect::PostgreSql ? readPostgres(connection) : readSqlite(connection);
}

} // namespace creditdesk::server::test

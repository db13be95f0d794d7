#pragma once

#include "core/domain/error.h"
#include "server/db/database_url.h"

#include <QList>
#include <QString>
#include <QStringView>

namespace creditdesk::server {

struct SqlStatement {
    QString text; // without the terminating ';'
    int line = 0; // 1-based line of its first character in the script
    friend bool operator==(const SqlStatement &, const SqlStatement &) = default;
};

// Splits a migration script into single statements (QSQLITE runs only the
// first statement of a string). A ';' ends a statement except inside
// '...' and "..." (doubled quotes), E'...' (backslash escapes), -- and /* */
// comments (nested on PostgreSQL), PostgreSQL $tag$...$tag$ bodies, SQLite
// [..] and `..` identifiers, and the BEGIN ... END body of a CREATE TRIGGER /
// FUNCTION / PROCEDURE (where CASE ... END nests). Comment-only pieces are
// dropped. `migration_invalid` for an unterminated quote, comment or body.
[[nodiscard]] Result<QList<SqlStatement>> splitSqlScript(QStringView script, Dialect dialect);

} // namespace creditdesk::server

#pragma once

#include "core/domain/error.h"
#include "server/db/prepared_query.h"

#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <initializer_list>

namespace creditdesk::server {

class Connection;

// Statement helpers shared by the licenses repository files.
namespace licsql {

// SQL NULL for "", else the text.
[[nodiscard]] QVariant nullableText(const QString &text);
// Connection::run: one cached prepared statement with every value bound.
[[nodiscard]] Result<PreparedQuery> run(const Connection &db, const QString &sql,
                                        std::initializer_list<QVariant> values, const QString &context);
[[nodiscard]] Result<void> runWrite(const Connection &db, const QString &sql,
                                    std::initializer_list<QVariant> values, const QString &context);

} // namespace licsql

} // namespace creditdesk::server

#pragma once

#include "core/domain/error.h"
#include "server/db/connection.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace creditdesk::server::test {

// Values encoded the way each dialect stores them (see the migrations' header).
class DialectValues {
public:
    explicit DialectValues(Dialect dialect)
        : m_dialect(dialect)
    {}

    [[nodiscard]] static QString newId();
    [[nodiscard]] QVariant at(const QDateTime &utc) const;
    [[nodiscard]] QVariant nullAt() const;
    [[nodiscard]] QVariant flag(bool value) const;
    // credits and multipliers: hundredths (PostgreSQL NUMERIC(p,2) text, SQLite INTEGER)
    [[nodiscard]] QVariant hundredths(qint64 value) const;
    // vendor prices and costs: 1e-8 USD
    [[nodiscard]] QVariant e8(qint64 value) const;
    // *_usd columns: decimal dollars on both dialects
    [[nodiscard]] QVariant usd(qint64 cents) const;
    [[nodiscard]] QVariant date(QDate day) const;
    // PostgreSQL array literal / SQLite JSON array
    [[nodiscard]] QVariant array(const QStringList &values) const;

private:
    Dialect m_dialect;
};

using Row = QList<QPair<QString, QVariant>>;

// INSERT INTO table (columns) VALUES (?, ...) with every value bound.
[[nodiscard]] Result<void> insertRow(const Connection &connection, const QString &table, const Row &row);
// UPDATE table SET columns = ? WHERE id = ?
[[nodiscard]] Result<void> updateRow(const Connection &connection, const QString &table, const QString &id,
                                     const Row &values);
[[nodiscard]] Result<void> deleteRow(const Connection &connection, const QString &table, const QString &id);

} // namespace creditdesk::server::test

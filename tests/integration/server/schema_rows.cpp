#include "tests/integration/server/schema_rows.h"

#include "server/db/db_errors.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace creditdesk::server::test {

namespace {

QString fixedPoint(qint64 value, int scale)
{
    const bool negative = value < 0;
    const quint64 magnitude = negative ? 0 - static_cast<quint64>(value) : static_cast<quint64>(value);
    quint64 divisor = 1;
    for (int i = 0; i < scale; ++i)
        divisor *= 10;
    return u"%1%2.%3"_s.arg(negative ? u"-"_s : QString())
        .arg(magnitude / divisor)
        .arg(magnitude % divisor, scale, 10, QChar(u'0'));
}

Result<void> run(const Connection &connection, const QString &sql, const QVariantList &values)
{
    QSqlQuery query(connection.database());
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return fail(dberr::databaseError, query.lastError().text() + u" | "_s + sql);
    return {};
}

} // namespace

QString DialectValues::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QVariant DialectValues::at(const QDateTime &utc) const
{
    return m_dialect == Dialect::PostgreSql ? QVariant(utc.toUTC()) : QVariant(utc.toMSecsSinceEpoch());
}

QVariant DialectValues::nullAt() const
{
    return m_dialect == Dialect::PostgreSql ? QVariant(QMetaType::fromType<QDateTime>())
                                            : QVariant(QMetaType::fromType<qint64>());
}

QVariant DialectValues::flag(bool value) const
{
    return m_dialect == Dialect::PostgreSql ? QVariant(value) : QVariant(value ? 1 : 0);
}

QVariant DialectValues::hundredths(qint64 value) const
{
    return m_dialect == Dialect::PostgreSql ? QVariant(fixedPoint(value, 2)) : QVariant(value);
}

QVariant DialectValues::e8(qint64 value) const
{
    return m_dialect == Dialect::PostgreSql ? QVariant(fixedPoint(value, 8)) : QVariant(value);
}

QVariant DialectValues::usd(qint64 cents) const
{
    return fixedPoint(cents, 2);
}

QVariant DialectValues::date(QDate day) const
{
    return m_dialect == Dialect::PostgreSql ? QVariant(day) : QVariant(day.toString(Qt::ISODate));
}

QVariant DialectValues::array(const QStringList &values) const
{
    if (m_dialect == Dialect::PostgreSql)
        return QString(u'{' + values.join(u',') + u'}');
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(values)).toJson(QJsonDocument::Compact));
}

Result<void> insertRow(const Connection &connection, const QString &table, const Row &row)
{
    QStringList columns;
    QStringList marks;
    QVariantList values;
    for (const auto &[column, value] : row) {
        columns << column;
        marks << u"?"_s;
        values << value;
    }
    return run(connection,
               u"INSERT INTO %1 (%2) VALUES (%3)"_s.arg(table, columns.join(u", "_s), marks.join(u", "_s)),
               values);
}

Result<void> updateRow(const Connection &connection, const QString &table, const QString &id, const Row &row)
{
    QStringList sets;
    QVariantList values;
    for (const auto &[column, value] : row) {
        sets << column + u" = ?"_s;
        values << value;
    }
    values << id;
    return run(connection, u"UPDATE %1 SET %2 WHERE id = ?"_s.arg(table, sets.join(u", "_s)), values);
}

Result<void> deleteRow(const Connection &connection, const QString &table, const QString &id)
{
    return run(connection, u"DELETE FROM %1 WHERE id = ?"_s.arg(table), {id});
}

} // namespace creditdesk::server::test

#include "core/store/sql_support.h"

#include "core/store/mirror_errors.h"
#include "core/store/store_log.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QStringList>

namespace creditdesk::store::sql {

namespace {

// SQLite primary result codes (the driver reports extended codes).
constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteCorrupt = 11;
constexpr int kSqliteConstraint = 19;
constexpr int kSqliteNotADb = 26;

QLatin1StringView codeFor(int primary)
{
    switch (primary) {
    case kSqliteBusy:
    case kSqliteLocked:
        return errc::mirrorBusy;
    case kSqliteCorrupt:
    case kSqliteNotADb:
        return errc::mirrorCorrupt;
    case kSqliteConstraint:
        return errc::mirrorConstraintViolation;
    default:
        return errc::mirrorIoError;
    }
}

} // namespace

Error toError(const QSqlError &error, QLatin1StringView context)
{
    bool ok = false;
    const int native = error.nativeErrorCode().toInt(&ok);
    const int primary = ok ? (native & 0xff) : -1;
    const QString driverText = error.databaseText().isEmpty() ? error.driverText() : error.databaseText();
    QJsonObject details{{QStringLiteral("context"), QString(context)},
                        {QStringLiteral("sqlite_code"), ok ? native : -1},
                        {QStringLiteral("sqlite_message"), driverText}};
    const QLatin1StringView code = codeFor(primary);
    qCWarning(lcStore).noquote() << context << "failed:" << code << native << driverText;
    return makeError(code, QString(context) + QStringLiteral(": ") + driverText, details);
}

Result<void> iterationStatus(const QSqlQuery &query, QLatin1StringView context)
{
    if (query.lastError().type() != QSqlError::NoError)
        return std::unexpected(toError(query.lastError(), context));
    return {};
}

QString upsertStatement(QLatin1StringView table, const QList<QLatin1StringView> &columns, QLatin1StringView key)
{
    QStringList names;
    QStringList marks;
    QStringList updates;
    for (const QLatin1StringView column : columns) {
        names.append(QString(column));
        marks.append(QStringLiteral("?"));
        if (column != key)
            updates.append(QString(column) + QStringLiteral(" = excluded.") + QString(column));
    }
    return QStringLiteral("INSERT INTO ") + QString(table) + QStringLiteral(" (") + names.join(QStringLiteral(", "))
        + QStringLiteral(") VALUES (") + marks.join(QStringLiteral(", ")) + QStringLiteral(") ON CONFLICT (")
        + QString(key) + QStringLiteral(") DO UPDATE SET ") + updates.join(QStringLiteral(", "));
}

QVariant text(const QString &value)
{
    return value.isEmpty() ? QVariant() : QVariant(value);
}

QVariant integer(qint64 value)
{
    return QVariant(static_cast<qlonglong>(value));
}

QVariant integer(std::optional<qint64> value)
{
    return value ? integer(*value) : QVariant();
}

QVariant boolean(bool value)
{
    return QVariant(value ? 1 : 0);
}

QVariant boolean(std::optional<bool> value)
{
    return value ? boolean(*value) : QVariant();
}

QVariant cents(Money value)
{
    return integer(value.cents());
}

QVariant cents(std::optional<Money> value)
{
    return value ? cents(*value) : QVariant();
}

QVariant units(Credits value)
{
    return integer(value.units());
}

QVariant units(std::optional<Credits> value)
{
    return value ? units(*value) : QVariant();
}

QVariant json(const QJsonObject &value)
{
    return QVariant(QString::fromUtf8(QJsonDocument(value).toJson(QJsonDocument::Compact)));
}

QVariant json(const std::optional<QJsonObject> &value)
{
    return value ? json(*value) : QVariant();
}

QString RowReader::text(int column) const
{
    const QVariant v = m_query.value(column);
    return v.isNull() ? QString() : v.toString();
}

qint64 RowReader::integer(int column) const
{
    return m_query.value(column).toLongLong();
}

std::optional<qint64> RowReader::optInteger(int column) const
{
    const QVariant v = m_query.value(column);
    if (v.isNull())
        return std::nullopt;
    return v.toLongLong();
}

bool RowReader::boolean(int column) const
{
    return integer(column) != 0;
}

std::optional<bool> RowReader::optBoolean(int column) const
{
    const auto v = optInteger(column);
    if (!v)
        return std::nullopt;
    return *v != 0;
}

Money RowReader::money(int column)
{
    auto m = Money::fromCents(integer(column));
    if (!m) {
        keep(m.error());
        return {};
    }
    return *m;
}

std::optional<Money> RowReader::optMoney(int column)
{
    if (m_query.value(column).isNull())
        return std::nullopt;
    return money(column);
}

Credits RowReader::credits(int column)
{
    auto c = Credits::fromUnits(integer(column));
    if (!c) {
        keep(c.error());
        return {};
    }
    return *c;
}

std::optional<Credits> RowReader::optCredits(int column)
{
    if (m_query.value(column).isNull())
        return std::nullopt;
    return credits(column);
}

QJsonObject RowReader::json(int column)
{
    return optJson(column).value_or(QJsonObject());
}

std::optional<QJsonObject> RowReader::optJson(int column)
{
    const QVariant v = m_query.value(column);
    if (v.isNull())
        return std::nullopt;
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(v.toString().toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        keep(makeError(errc::mirrorCorrupt, QStringLiteral("stored JSON is not an object")));
        return std::nullopt;
    }
    return doc.object();
}

Result<void> RowReader::status() const
{
    if (m_error)
        return std::unexpected(*m_error);
    return {};
}

void RowReader::keep(const Error &error)
{
    if (!m_error)
        m_error = error;
}

} // namespace creditdesk::store::sql

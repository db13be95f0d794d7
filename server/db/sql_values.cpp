#include "server/db/sql_values.h"

#include "server/db/connection.h"
#include "server/db/db_errors.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QUuid>

#include <limits>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

bool isPostgres(const Connection &db)
{
    return db.dialect() == Dialect::PostgreSql;
}

std::unexpected<Error> badValue(QLatin1StringView kind, const QVariant &value)
{
    // Values of these columns are never secrets (amounts, flags, times).
    return fail(dberr::databaseError,
                u"the database returned a value that is not a valid %1: '%2'"_s.arg(kind, value.toString()));
}

// Exact decimal "-12.345" -> integer scaled by 10^scale; digits beyond `scale`
// must be zeros (PostgreSQL may pad), anything else is an error, never a round.
std::optional<std::int64_t> parseFixed(QStringView text, int scale)
{
    text = text.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool negative = false;
    if (text.front() == u'-' || text.front() == u'+') {
        negative = text.front() == u'-';
        text = text.sliced(1);
    }
    const qsizetype dot = text.indexOf(u'.');
    const QStringView whole = dot < 0 ? text : text.first(dot);
    QStringView fraction = dot < 0 ? QStringView() : text.sliced(dot + 1);
    if (whole.isEmpty() && fraction.isEmpty())
        return std::nullopt;
    while (fraction.size() > scale && fraction.back() == u'0')
        fraction.chop(1);
    if (fraction.size() > scale)
        return std::nullopt;
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max() / 10;
    std::int64_t result = 0;
    auto push = [&result](QChar c) {
        if (c < u'0' || c > u'9' || result > kMax - 9)
            return false;
        result = result * 10 + (c.unicode() - u'0');
        return true;
    };
    for (QChar c : whole)
        if (!push(c))
            return std::nullopt;
    for (int i = 0; i < scale; ++i)
        if (!push(i < fraction.size() ? fraction[i] : u'0'))
            return std::nullopt;
    return negative ? -result : result;
}

QString formatFixed(std::int64_t scaled, int scale)
{
    const bool negative = scaled < 0;
    // |INT64_MIN| does not fit; the columns hold far less.
    const auto magnitude = static_cast<std::uint64_t>(negative ? -(scaled + 1) : scaled) + (negative ? 1U : 0U);
    std::uint64_t divisor = 1;
    for (int i = 0; i < scale; ++i)
        divisor *= 10;
    QString text = QString::number(magnitude / divisor);
    if (scale > 0)
        text += u'.' + u"%1"_s.arg(magnitude % divisor, scale, 10, QChar(u'0'));
    return negative ? u'-' + text : text;
}

// An integer column read from SQLite (or a bigint from PostgreSQL).
std::optional<std::int64_t> readInteger(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    const int type = value.metaType().id();
    if (type == QMetaType::Double || type == QMetaType::Float)
        return std::nullopt; // a REAL never belongs in these columns
    bool ok = false;
    const qlonglong result = value.toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return result;
}

std::optional<std::int64_t> parseTimestampText(const QString &text)
{
    // QPSQL may hand back "2024-05-01 12:00:00.123+00" as text.
    QString iso = text.trimmed();
    iso.replace(u' ', u'T');
    if (iso.endsWith(u"+00"_s))
        iso = iso.chopped(3) + u'Z';
    else if (iso.endsWith(u"+00:00"_s))
        iso = iso.chopped(6) + u'Z';
    QDateTime parsed = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (!parsed.isValid())
        parsed = QDateTime::fromString(iso, Qt::ISODate);
    if (!parsed.isValid())
        return std::nullopt;
    return parsed.toMSecsSinceEpoch();
}

} // namespace

namespace sqlv {

QVariant timestamp(const Connection &db, std::int64_t epochMs)
{
    if (isPostgres(db))
        return QDateTime::fromMSecsSinceEpoch(epochMs, QTimeZone::utc());
    return QVariant::fromValue(static_cast<qlonglong>(epochMs));
}

QVariant timestamp(const Connection &db, std::optional<std::int64_t> epochMs)
{
    if (epochMs)
        return timestamp(db, *epochMs);
    return isPostgres(db) ? QVariant(QMetaType::fromType<QDateTime>()) : QVariant(QMetaType::fromType<qlonglong>());
}

Result<std::optional<std::int64_t>> readOptionalTimestamp(const Connection &db, const QVariant &value)
{
    if (value.isNull())
        return std::optional<std::int64_t>();
    if (isPostgres(db)) {
        if (value.metaType().id() == QMetaType::QDateTime) {
            const QDateTime dt = value.toDateTime();
            if (!dt.isValid())
                return badValue("timestamp"_L1, value);
            return std::optional<std::int64_t>(dt.toMSecsSinceEpoch());
        }
        if (const auto parsed = parseTimestampText(value.toString()))
            return std::optional<std::int64_t>(*parsed);
        return badValue("timestamp"_L1, value);
    }
    if (const auto ms = readInteger(value))
        return std::optional<std::int64_t>(*ms);
    return badValue("timestamp"_L1, value);
}

Result<std::int64_t> readTimestamp(const Connection &db, const QVariant &value)
{
    auto read = readOptionalTimestamp(db, value);
    if (!read)
        return std::unexpected(read.error());
    if (!*read)
        return fail(dberr::databaseError, u"a required timestamp is NULL"_s);
    return **read;
}

QVariant credits(const Connection &db, Credits value)
{
    Q_ASSERT(value.units() % 100 == 0);
    const std::int64_t hundredths = value.units() / 100;
    if (isPostgres(db))
        return formatFixed(hundredths, 2);
    return QVariant::fromValue(static_cast<qlonglong>(hundredths));
}

Result<Credits> readCredits(const Connection &db, const QVariant &value)
{
    std::optional<std::int64_t> hundredths;
    if (!value.isNull())
        hundredths = isPostgres(db) ? parseFixed(value.toString(), 2) : readInteger(value);
    if (!hundredths || *hundredths > Credits::kMaxUnits / 100 || *hundredths < -Credits::kMaxUnits / 100)
        return badValue("credit amount"_L1, value);
    return Credits::fromUnits(*hundredths * 100);
}

QVariant usd(const Connection &db, Money value)
{
    Q_UNUSED(db);
    return value.toDecimalString(); // numeric(10,2) literal / canonical TEXT
}

Result<Money> readUsd(const Connection &db, const QVariant &value)
{
    Q_UNUSED(db);
    if (value.isNull())
        return badValue("USD amount"_L1, value);
    const auto cents = parseFixed(value.toString(), 2);
    if (!cents)
        return badValue("USD amount"_L1, value);
    auto money = Money::fromCents(*cents);
    if (!money)
        return badValue("USD amount"_L1, value);
    return *money;
}

QVariant boolean(const Connection &db, bool value)
{
    if (isPostgres(db))
        return value;
    return value ? 1 : 0;
}

Result<bool> readBoolean(const Connection &db, const QVariant &value)
{
    if (value.isNull())
        return badValue("boolean"_L1, value);
    if (isPostgres(db) && value.metaType().id() == QMetaType::Bool)
        return value.toBool();
    if (isPostgres(db)) {
        const QString text = value.toString();
        if (text == "t"_L1 || text == "true"_L1)
            return true;
        if (text == "f"_L1 || text == "false"_L1)
            return false;
        return badValue("boolean"_L1, value);
    }
    const auto number = readInteger(value);
    if (!number || (*number != 0 && *number != 1))
        return badValue("boolean"_L1, value);
    return *number == 1;
}

QVariant uuid(const Connection &db, const QString &uuid)
{
    Q_UNUSED(db);
    if (uuid.isEmpty())
        return QVariant(QMetaType::fromType<QString>());
    return readUuid(uuid);
}

QString readUuid(const QVariant &value)
{
    if (value.isNull())
        return {};
    QString text = value.toString().toLower();
    if (text.startsWith(u'{') && text.endsWith(u'}'))
        text = text.sliced(1, text.size() - 2);
    return text;
}

QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toLower();
}

QVariant json(const Connection &db, const QJsonValue &value)
{
    Q_UNUSED(db);
    if (value.isNull() || value.isUndefined())
        return QVariant(QMetaType::fromType<QString>());
    // A one-element array serialises any JSON value; strip the brackets.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.sliced(1, wrapped.size() - 2));
}

Result<QJsonValue> readJson(const QVariant &value)
{
    if (value.isNull())
        return QJsonValue(QJsonValue::Null);
    const QByteArray text = value.toString().toUtf8();
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson('[' + text + ']', &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray() || doc.array().size() != 1)
        return fail(dberr::databaseError, u"the database returned invalid JSON: %1"_s.arg(error.errorString()));
    return doc.array().at(0);
}

QVariant multiplier(const Connection &db, int hundredths)
{
    if (isPostgres(db))
        return formatFixed(hundredths, 2);
    return hundredths;
}

Result<int> readMultiplier(const Connection &db, const QVariant &value)
{
    std::optional<std::int64_t> hundredths;
    if (!value.isNull())
        hundredths = isPostgres(db) ? parseFixed(value.toString(), 2) : readInteger(value);
    if (!hundredths || *hundredths > std::numeric_limits<int>::max() || *hundredths < std::numeric_limits<int>::min())
        return badValue("multiplier"_L1, value);
    return static_cast<int>(*hundredths);
}

QVariant vendorCost(const Connection &db, std::int64_t e8Usd)
{
    if (isPostgres(db))
        return formatFixed(e8Usd, 8);
    return QVariant::fromValue(static_cast<qlonglong>(e8Usd));
}

Result<std::int64_t> readVendorCost(const Connection &db, const QVariant &value)
{
    std::optional<std::int64_t> e8;
    if (!value.isNull())
        e8 = isPostgres(db) ? parseFixed(value.toString(), 8) : readInteger(value);
    if (!e8)
        return badValue("vendor cost"_L1, value);
    return *e8;
}

QString enumParam(const Connection &db, const QString &typeName)
{
    Q_ASSERT(!typeName.isEmpty());
    if (isPostgres(db))
        return u"?::"_s + typeName;
    return u"?"_s;
}

} // namespace sqlv

Error queryError(const QSqlQuery &query, const QString &context)
{
    const QSqlError error = query.lastError();
    QJsonObject details;
    details.insert(u"native_code"_s, error.nativeErrorCode());
    return makeError(dberr::databaseError, u"%1: %2"_s.arg(context, error.text()), details);
}

bool isUniqueViolation(const Error &error)
{
    const QString native = error.details.value(u"native_code"_s).toString();
    if (native == "23505"_L1 || native == "2067"_L1 || native == "1555"_L1)
        return true;
    return error.message.contains("duplicate key value violates unique constraint"_L1)
        || error.message.contains("UNIQUE constraint failed"_L1);
}

bool isRetryableConflict(const Error &error)
{
    const QString native = error.details.value(u"native_code"_s).toString();
    if (native == "40001"_L1 || native == "40P01"_L1)
        return true;
    return error.message.contains("could not serialize access"_L1) || error.message.contains("deadlock detected"_L1);
}

} // namespace creditdesk::server

#include "server/coupons/coupon_sql.h"

#include "server/db/connection.h"
#include "server/db/db_errors.h"
#include "server/db/sql_values.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace creditdesk::server::cpnsql {

namespace {

bool isPostgres(const Connection &db)
{
    return db.dialect() == Dialect::PostgreSql;
}

template <typename E>
QVariant enumArray(const Connection &db, const QList<E> &values)
{
    QStringList labels;
    for (E value : values)
        labels.append(toString(value));
    if (isPostgres(db))
        return QString(u'{' + labels.join(u',') + u'}');
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(labels)).toJson(QJsonDocument::Compact));
}

template <typename E, typename Parse>
Result<QList<E>> readEnumArray(const QVariant &jsonText, Parse parse)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(jsonText.toString().toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray())
        return fail(dberr::databaseError, u"an enum array column holds no JSON array"_s);
    QList<E> values;
    for (const QJsonValue &item : doc.array()) {
        auto value = parse(item.toString());
        if (!value)
            return fail(dberr::databaseError, u"an enum array column holds an unknown label"_s);
        values.append(*value);
    }
    return values;
}

} // namespace

Result<PreparedQuery> run(const Connection &db, const QString &sql, const QVariantList &values,
                          const QString &context)
{
    return db.run(sql, values, context);
}

Result<qint64> scalar(const Connection &db, const QString &sql, const QVariantList &values,
                      const QString &context)
{
    auto query = run(db, sql, values, context);
    if (!query)
        return std::unexpected(query.error());
    if (!query->next() || query->value(0).isNull())
        return 0;
    bool ok = false;
    const qint64 value = query->value(0).toLongLong(&ok);
    if (!ok)
        return fail(dberr::databaseError, context + u": not an integer"_s);
    return value;
}

QString tierArrayParam(const Connection &db)
{
    return sqlv::enumParam(db, u"subscription_tier[]"_s);
}

QString cycleArrayParam(const Connection &db)
{
    return sqlv::enumParam(db, u"billing_interval[]"_s);
}

QVariant tierArray(const Connection &db, const QList<SubscriptionTier> &tiers)
{
    return enumArray(db, tiers);
}

QVariant cycleArray(const Connection &db, const QList<BillingInterval> &cycles)
{
    return enumArray(db, cycles);
}

QString arrayAsJson(const Connection &db, const QString &column)
{
    if (isPostgres(db))
        return u"array_to_json("_s + column + u")::text"_s;
    return column;
}

Result<QList<SubscriptionTier>> readTierArray(const QVariant &jsonText)
{
    return readEnumArray<SubscriptionTier>(jsonText,
                                           [](const QString &s) { return parseSubscriptionTier(s); });
}

Result<QList<BillingInterval>> readCycleArray(const QVariant &jsonText)
{
    return readEnumArray<BillingInterval>(jsonText, [](const QString &s) { return parseBillingInterval(s); });
}

QString ipText(const Connection &db, const QString &column)
{
    if (isPostgres(db))
        return u"host("_s + column + u")"_s;
    return column;
}

QString normalizeIp(const QString &address)
{
    QHostAddress parsed;
    if (address.isEmpty() || address.size() > 64 || !parsed.setAddress(address))
        return {};
    // ::ffff:10.0.0.1 and 10.0.0.1 are one client.
    bool isV4 = false;
    const quint32 v4 = parsed.toIPv4Address(&isV4);
    if (isV4)
        return QHostAddress(v4).toString();
    parsed.setScopeId(QString());
    return parsed.toString();
}

QVariant ipValue(const Connection &db, const QString &address)
{
    Q_UNUSED(db);
    return textOrNull(normalizeIp(address));
}

QVariant textOrNull(const QString &text)
{
    if (text.isEmpty())
        return QVariant(QMetaType::fromType<QString>());
    return text;
}

QVariant int64(qint64 value)
{
    return QVariant::fromValue(value);
}

QVariant optionalInt64(const std::optional<qint64> &value)
{
    if (!value)
        return QVariant(QMetaType::fromType<qlonglong>());
    return QVariant::fromValue(*value);
}

} // namespace creditdesk::server::cpnsql

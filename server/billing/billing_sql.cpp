#include "server/billing/billing_sql.h"

#include "core/domain/utc_time.h"
#include "server/db/sql_values.h"

#include <QDate>
#include <QRandomGenerator>
#include <QThread>

using namespace Qt::StringLiterals;

namespace creditdesk::server::billing {

Result<PreparedQuery> runSql(const Connection &db, const QString &sql, const QVariantList &values)
{
    return db.run(sql, values, sql.left(120));
}

Result<PreparedQuery> runSqlFirst(const Connection &db, const QString &sql, const QVariantList &values,
                                  bool *found)
{
    auto query = runSql(db, sql, values);
    if (!query)
        return query;
    *found = query->next();
    return query;
}

bool isSqliteBusy(const Error &error)
{
    const QString native = error.details.value(u"native_code"_s).toString();
    // SQLITE_BUSY (5) and its extended codes (261, 517, 773), SQLITE_LOCKED (6, 262)
    if (native == "5"_L1 || native == "261"_L1 || native == "517"_L1 || native == "773"_L1 ||
        native == "6"_L1 || native == "262"_L1)
        return true;
    return error.message.contains("database is locked"_L1) ||
           error.message.contains("database table is locked"_L1);
}

bool isTransient(const Error &error)
{
    return isRetryableConflict(error) || isSqliteBusy(error);
}

void backoff(int attempt)
{
    const int ceiling = std::min(5 * (1 << std::min(attempt, 6)), 200);
    QThread::msleep(static_cast<unsigned long>(1 + QRandomGenerator::global()->bounded(ceiling)));
}

QString dayText(std::int64_t epochMs)
{
    const UtcFields f = utcFields(epochMs);
    return u"%1-%2-%3"_s.arg(f.year, 4, 10, QChar(u'0'))
        .arg(f.month, 2, 10, QChar(u'0'))
        .arg(f.day, 2, 10, QChar(u'0'));
}

QString readDayText(const QVariant &value)
{
    if (value.metaType().id() == QMetaType::QDate)
        return value.toDate().toString(Qt::ISODate);
    return value.toString().left(10);
}

} // namespace creditdesk::server::billing

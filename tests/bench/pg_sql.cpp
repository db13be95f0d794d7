#include "tests/bench/pg_sql.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace creditdesk::bench::pg {

namespace {

Result<void> execute(QSqlQuery &q, const QString &sql, const QVariantList &binds)
{
    q.setForwardOnly(true);
    bool ok = false;
    if (binds.isEmpty()) {
        ok = q.exec(sql);
    } else if (q.prepare(sql)) {
        for (const QVariant &value : binds)
            q.addBindValue(value);
        ok = q.exec();
    }
    if (!ok)
        return fail(kBenchError, u"%1\n-- in: %2"_s.arg(q.lastError().text(), sql.left(400)));
    return {};
}

} // namespace

Result<qint64> run(const QSqlDatabase &db, const QString &sql, const QVariantList &binds)
{
    QSqlQuery q(db);
    if (auto r = execute(q, sql, binds); !r)
        return std::unexpected(r.error());
    return q.numRowsAffected();
}

Result<QStringList> column(const QSqlDatabase &db, const QString &sql, const QVariantList &binds)
{
    QSqlQuery q(db);
    if (auto r = execute(q, sql, binds); !r)
        return std::unexpected(r.error());
    QStringList values;
    while (q.next())
        values.append(q.value(0).toString());
    return values;
}

Result<QVariant> scalar(const QSqlDatabase &db, const QString &sql, const QVariantList &binds)
{
    QSqlQuery q(db);
    if (auto r = execute(q, sql, binds); !r)
        return std::unexpected(r.error());
    if (!q.next())
        return fail(kBenchError, u"no row from: %1"_s.arg(sql.left(200)));
    return q.value(0);
}

} // namespace creditdesk::bench::pg

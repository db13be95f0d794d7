#include "tests/integration/sync/sync_http_support.h"

#include "core/domain/credits.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>

#include <algorithm>
#include <atomic>
#include <limits>

using namespace Qt::StringLiterals;

namespace creditdesk::test {

namespace {

qint64 creditUnits(const QJsonValue &v)
{
    const QString text = v.isString() ? v.toString() : QString::number(v.toDouble(), 'f', 2);
    const auto credits = Credits::parse(text);
    return credits ? credits->units() : std::numeric_limits<qint64>::min();
}

QByteArray checksumOf(QList<QPair<QString, qint64>> rows)
{
    std::ranges::sort(rows, {}, &QPair<QString, qint64>::first);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const auto &[id, units] : rows)
        hash.addData(QString(id + u':' + QString::number(units) + u'\n').toUtf8());
    return hash.result().toHex();
}

// A connection of its own for one inspection; removed on destruction.
class RawConnection {
public:
    explicit RawConnection(const QString &path)
    {
        static std::atomic<int> counter{0};
        m_name = u"sync-test-inspect-%1"_s.arg(++counter);
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        m_open = db.open();
    }
    ~RawConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    RawConnection(const RawConnection &) = delete;
    RawConnection &operator=(const RawConnection &) = delete;

    [[nodiscard]] bool isOpen() const { return m_open; }
    [[nodiscard]] QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
    bool m_open = false;
};

// The server's rows for the token's user, in the source's (created_at, id) order.
QList<QJsonObject> serverRows(const ServerHarness &server, const QString &token, bool extensions)
{
    if (extensions)
        return usageRowsByCursor(server, token);
    QList<QJsonObject> rows;
    for (qint64 offset = 0;;) {
        const HttpReply reply = server.get(u"/v1/usage?limit=100&offset=%1"_s.arg(offset), token);
        if (reply.status != 200)
            qFatal("usage list failed: %d %s", reply.status, reply.body.constData());
        const QJsonObject page = reply.object();
        const QJsonArray usage = page.value(u"usage"_s).toArray();
        for (const QJsonValue &v : usage)
            rows.append(v.toObject());
        offset += usage.size();
        if (!page.value(u"pagination"_s).toObject().value(u"hasMore"_s).toBool() || usage.isEmpty())
            break;
    }
    std::ranges::reverse(rows);
    return rows;
}

qint64 msOf(const QJsonValue &ts)
{
    return QDateTime::fromString(ts.toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

QString cell(const QVariant &v)
{
    return v.isNull() ? u"NULL"_s : v.toString();
}

} // namespace

Ledger serverLedger(const ServerHarness &server, const QString &token, bool extensions)
{
    Ledger ledger;
    QList<QPair<QString, qint64>> rows;
    const QString credits = extensions ? u"credits_deducted"_s : u"creditsUsed"_s;
    for (const QJsonObject &row : serverRows(server, token, extensions)) {
        ledger.ids.append(row.value(u"id"_s).toString());
        rows.append({row.value(u"id"_s).toString(), creditUnits(row.value(credits))});
    }
    ledger.checksum = checksumOf(rows);
    return ledger;
}

QStringList serverRowLines(const ServerHarness &server, const QString &token, bool extensions)
{
    QStringList lines;
    for (const QJsonObject &r : serverRows(server, token, extensions)) {
        QStringList values;
        if (extensions) {
            const QString reverses =
                r.value(u"reverses_id"_s).isNull() ? u"NULL"_s : r.value(u"reverses_id"_s).toString();
            values = {r.value(u"id"_s).toString(),
                      r.value(u"request_id"_s).toString(),
                      r.value(u"model_id"_s).toString(),
                      r.value(u"provider"_s).toString(),
                      r.value(u"request_type"_s).toString(),
                      QString::number(r.value(u"input_tokens"_s).toInteger()),
                      QString::number(r.value(u"output_tokens"_s).toInteger()),
                      QString::number(r.value(u"cached_input_tokens"_s).toInteger()),
                      QString::number(creditUnits(r.value(u"credits_deducted"_s))),
                      r.value(u"is_byok"_s).toBool() ? u"1"_s : u"0"_s,
                      r.value(u"status"_s).toString(),
                      reverses,
                      QString::number(msOf(r.value(u"occurred_at"_s))),
                      QString::number(msOf(r.value(u"created_at"_s))),
                      QString::number(msOf(r.value(u"updated_at"_s)))};
        } else {
            const qint64 at = msOf(r.value(u"createdAt"_s));
            values = {r.value(u"id"_s).toString(),
                      r.value(u"modelId"_s).toString(),
                      r.value(u"operation"_s).toString(),
                      QString::number(r.value(u"inputTokens"_s).toInteger()),
                      QString::number(r.value(u"outputTokens"_s).toInteger()),
                      QString::number(r.value(u"totalTokens"_s).toInteger()),
                      QString::number(creditUnits(r.value(u"creditsUsed"_s))),
                      QString::number(at),
                      QString::number(at),
                      u"unsent columns NULL: 1"_s};
        }
        lines.append(values.join(u'|'));
    }
    lines.sort();
    return lines;
}

QStringList mirrorRowLines(const QString &mirrorPath, bool extensions)
{
    QStringList lines;
    RawConnection c(mirrorPath);
    if (!c.isOpen())
        return lines;
    QSqlQuery q(c.db());
    const QString sql =
        extensions
            ? u"SELECT id, request_id, model_id, provider, request_type, input_tokens, output_tokens, "
              u"cached_input_tokens, credits_deducted, is_byok, status, reverses_id, occurred_at, "
              u"created_at, "
              u"updated_at FROM token_usage_ledger"_s
            : u"SELECT id, model_id, request_type, input_tokens, output_tokens, "
              u"input_tokens + output_tokens + cached_input_tokens, credits_deducted, occurred_at, "
              u"created_at, "
              u"'unsent columns NULL: ' || (request_id IS NULL AND provider IS NULL AND status IS NULL "
              u"AND is_byok IS NULL AND updated_at IS NULL) FROM token_usage_ledger"_s;
    if (!q.exec(sql))
        return lines;
    const int columns = extensions ? 15 : 10;
    while (q.next()) {
        QStringList values;
        for (int i = 0; i < columns; ++i)
            values.append(cell(q.value(i)));
        lines.append(values.join(u'|'));
    }
    lines.sort();
    return lines;
}

Ledger mirrorLedger(const QString &mirrorPath)
{
    Ledger ledger;
    RawConnection c(mirrorPath);
    if (!c.isOpen())
        return ledger;
    QSqlQuery q(c.db());
    QList<QPair<QString, qint64>> rows;
    if (q.exec(u"SELECT id, credits_deducted FROM token_usage_ledger ORDER BY created_at, id"_s)) {
        while (q.next()) {
            ledger.ids.append(q.value(0).toString());
            rows.append({q.value(0).toString(), q.value(1).toLongLong()});
        }
    }
    ledger.checksum = checksumOf(rows);
    return ledger;
}

MirrorSnapshot inspectMirror(const QString &mirrorPath)
{
    MirrorSnapshot s;
    if (!QFile::exists(mirrorPath))
        return s;
    s.exists = true;
    RawConnection c(mirrorPath);
    if (!c.isOpen()) {
        s.error = c.db().lastError().text();
        return s;
    }
    QSqlQuery q(c.db());
    if (!q.exec(u"PRAGMA integrity_check"_s) || !q.next()) {
        s.error = q.lastError().text();
        return s;
    }
    s.integrity = q.value(0).toString();
    // Killed before the schema was committed: an empty database.
    if (!q.exec(u"SELECT count(*) FROM sqlite_master WHERE name = 'token_usage_ledger'"_s) || !q.next()) {
        s.error = q.lastError().text();
        return s;
    }
    if (q.value(0).toInt() == 0)
        return s;
    if (!q.exec(u"SELECT id FROM token_usage_ledger ORDER BY created_at, id"_s)) {
        s.error = q.lastError().text();
        return s;
    }
    while (q.next())
        s.ids.append(q.value(0).toString());
    if (!q.exec(u"SELECT cursor FROM sync_state WHERE stream = 'usage'"_s)) {
        s.error = q.lastError().text();
        return s;
    }
    if (q.next())
        s.usageCursor = q.value(0).toString();
    if (!q.exec(u"SELECT (SELECT coalesce(sum(credits), 0) FROM usage_daily_summary), "
                u"(SELECT coalesce(sum(credits_deducted), 0) FROM token_usage_ledger), "
                u"(SELECT coalesce(sum(requests), 0) FROM usage_daily_summary), "
                u"(SELECT count(*) FROM token_usage_ledger WHERE reverses_id IS NULL)"_s) ||
        !q.next()) {
        s.error = q.lastError().text();
        return s;
    }
    s.dailyTotalsAgree = q.value(0).toLongLong() == q.value(1).toLongLong() &&
                         q.value(2).toLongLong() == q.value(3).toLongLong();
    return s;
}

void removeMirror(const QString &mirrorPath)
{
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s, u"-journal"_s})
        QFile::remove(mirrorPath + suffix);
}

void waitForVisibility()
{
    QTest::qWait(5'500);
}

} // namespace creditdesk::test

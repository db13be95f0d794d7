#pragma once

// Helpers shared by the store tests (header-only; each test is its own executable).

#include "core/store/mirror_database.h"
#include "core/store/mirror_types.h"
#include "tests/support/test_support.h"
#include "tests/unit/store/store_test_strings.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QTest>
#include <QUuid>

#include <memory>

namespace creditdesk::store::test {

using namespace Qt::StringLiterals;

inline constexpr qint64 kDay = 86'400'000;
// 2026-01-15T00:00:00Z
inline constexpr qint64 kJan15 = 1'768'435'200'000;

inline QByteArray fileSha256(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

inline QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Copies tests/data/mirror/<name> to `target` (fixtures are never opened in place).
inline bool copyFixture(const QString &name, const QString &target)
{
    QFile::remove(target);
    return QFile::copy(creditdesk::test::dataPath(u"mirror/"_s + name), target) &&
           QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner);
}

// A plain QSQLITE connection for inspecting or hand-building files, outside
// MirrorDatabase (no WAL, no checks).
class RawDb {
public:
    explicit RawDb(const QString &path)
        : m_name(u"raw-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        m_ok = db.open();
    }
    ~RawDb()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    RawDb(const RawDb &) = delete;
    RawDb &operator=(const RawDb &) = delete;

    [[nodiscard]] bool isOpen() const { return m_ok; }
    [[nodiscard]] QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

    bool exec(const QString &sql, const QVariantList &binds = {})
    {
        QSqlQuery q(db());
        if (!q.prepare(sql)) {
            m_lastError = q.lastError().text();
            return false;
        }
        for (qsizetype i = 0; i < binds.size(); ++i)
            q.bindValue(static_cast<int>(i), binds.at(i));
        if (!q.exec()) {
            m_lastError = q.lastError().text();
            return false;
        }
        return true;
    }

    QVariant scalar(const QString &sql, const QVariantList &binds = {})
    {
        QSqlQuery q(db());
        q.prepare(sql);
        for (qsizetype i = 0; i < binds.size(); ++i)
            q.bindValue(static_cast<int>(i), binds.at(i));
        if (!q.exec() || !q.next()) {
            m_lastError = q.lastError().text();
            return {};
        }
        return q.value(0);
    }

    QStringList column(const QString &sql, int index = 0)
    {
        QStringList out;
        QSqlQuery q(db());
        if (!q.exec(sql)) {
            m_lastError = q.lastError().text();
            return out;
        }
        while (q.next())
            out.append(q.value(index).toString());
        return out;
    }

    // Runs a script whose statements end with ';' at the end of a line.
    bool execScript(const QString &script)
    {
        QString statement;
        const QStringList lines = script.split(u'\n');
        for (const QString &line : lines) {
            if (line.trimmed().startsWith("--"_L1))
                continue;
            statement += line + u'\n';
            if (line.trimmed().endsWith(u';')) {
                statement = statement.trimmed();
                statement.chop(1);
                if (!exec(statement))
                    return false;
                statement.clear();
            }
        }
        return true;
    }

    [[nodiscard]] const QString &lastError() const { return m_lastError; }

private:
    QString m_name;
    QString m_lastError;
    bool m_ok = false;
};

// Columns and indexes of every table: two files with equal signatures have
// the same schema.
inline QStringList schemaSignature(const QString &path)
{
    RawDb raw(path);
    QStringList out;
    const QStringList tables = raw.column(
        u"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"_s);
    for (const QString &table : tables) {
        QSqlQuery q(raw.db());
        q.exec(u"SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('"_s + table +
               u"')"_s);
        while (q.next()) {
            out.append(table + u'.' + q.value(0).toString() + u' ' + q.value(1).toString() + u' ' +
                       q.value(2).toString() + u' ' + q.value(3).toString() + u' ' + q.value(4).toString());
        }
    }
    out += raw.column(u"SELECT 'index ' || name || ' ON ' || tbl_name FROM sqlite_master "
                      u"WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name"_s);
    return out;
}

inline std::unique_ptr<MirrorDatabase> openOrFail(const QString &path, const OpenOptions &options = {})
{
    auto db = MirrorDatabase::open(path, options);
    if (!db) {
        qWarning().noquote() << "open failed:" << db.error().code << db.error().message;
        return nullptr;
    }
    return std::move(*db);
}

inline Credits cu(qint64 units)
{
    return *Credits::fromUnits(units);
}

inline Money cents(qint64 value)
{
    return *Money::fromCents(value);
}

inline UsageRow usageRow(const QString &id, qint64 createdAtMs, qint64 creditsCu = 10'000,
                         const QString &model = u"claude-sonnet-4.5"_s)
{
    UsageRow row;
    row.id = id;
    row.requestId = u"req-"_s + id;
    row.modelId = model;
    row.provider = model.startsWith("gpt"_L1) ? u"openai"_s : u"anthropic"_s;
    row.requestType = u"completion"_s;
    row.inputTokens = 500;
    row.outputTokens = 1500;
    row.cachedInputTokens = 100;
    row.creditsDeducted = cu(creditsCu);
    row.byok = false;
    row.status = u"success"_s;
    row.occurredAtMs = createdAtMs - 5'000;
    row.createdAtMs = createdAtMs;
    row.updatedAtMs = createdAtMs;
    return row;
}

} // namespace creditdesk::store::test

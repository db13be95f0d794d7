#include "core/store/mirror_file.h"

#include "core/store/mirror_database.h"
#include "core/store/mirror_errors.h"
#include "core/store/mirror_schema.h"
#include "core/store/sql_support.h"
#include "core/store/store_log.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

using namespace Qt::StringLiterals;

namespace creditdesk::store::file {

namespace {

constexpr qint64 kHeaderSize = 100;
constexpr int kSqliteReadOnly = 8;
const QString kSidecars[] = {u"-wal"_s, u"-shm"_s, u"-journal"_s};

quint32 bigEndian32(const QByteArray &bytes, int offset)
{
    quint32 v = 0;
    for (int i = 0; i < 4; ++i)
        v = (v << 8) | static_cast<quint8>(bytes.at(offset + i));
    return v;
}

std::unexpected<Error> corrupt(const QString &path, const QString &why)
{
    qCWarning(lcStore).noquote() << "mirror is damaged:" << why;
    return fail(errc::mirrorCorrupt, u"the mirror file is damaged: "_s + why,
                {{u"path"_s, path}, {u"reason"_s, why}});
}

std::unexpected<Error> foreign(const QString &path, const QString &why)
{
    qCWarning(lcStore).noquote() << "not a CreditDesk mirror:" << why;
    return fail(errc::mirrorForeign, u"the file is another program's database ("_s + why + u')',
                {{u"path"_s, path}, {u"reason"_s, why}});
}

bool hasNonEmptySidecar(const QString &path)
{
    return QFileInfo(path + u"-wal"_s).size() > 0 || QFileInfo(path + u"-journal"_s).size() > 0;
}

Result<void> probeWith(QSqlDatabase &db, const QString &path, int currentVersion, bool quickCheck)
{
    if (!db.open())
        return std::unexpected(sql::toError(db.lastError(), "probe mirror"_L1));
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (quickCheck) {
        if (!q.exec(u"PRAGMA quick_check(1)"_s))
            return std::unexpected(sql::toError(q.lastError(), "quick_check"_L1));
        const QString verdict = q.next() ? q.value(0).toString() : QString();
        if (verdict != "ok"_L1)
            return corrupt(path, u"quick_check: "_s + verdict);
    }
    if (!q.exec(u"PRAGMA application_id"_s))
        return std::unexpected(sql::toError(q.lastError(), "read application_id"_L1));
    const qint64 applicationId = q.next() ? q.value(0).toLongLong() : 0;
    if (applicationId != 0 && applicationId != schema::kApplicationId)
        return foreign(path, u"application_id %1"_s.arg(applicationId));
    if (!q.exec(u"SELECT count(*), sum(name = 'meta') FROM sqlite_master WHERE type = 'table'"_s))
        return std::unexpected(sql::toError(q.lastError(), "read schema"_L1));
    if (!q.next() || q.value(0).toLongLong() == 0)
        return {}; // empty database: a new mirror
    if (q.value(1).toLongLong() == 0)
        return foreign(path, u"tables without a mirror's meta table"_s);
    if (!q.prepare(u"SELECT value FROM meta WHERE key = ?"_s))
        return std::unexpected(sql::toError(q.lastError(), "read schema_version"_L1));
    q.addBindValue(u"schema_version"_s);
    if (!q.exec())
        return std::unexpected(sql::toError(q.lastError(), "read schema_version"_L1));
    bool ok = false;
    const int version = q.next() ? q.value(0).toString().toInt(&ok) : 0;
    if (!ok || version < 1)
        return corrupt(path, u"no valid schema_version"_s);
    if (version > currentVersion)
        return std::unexpected(tooNewError(path, version, currentVersion));
    return {};
}

} // namespace

Result<void> checkHeader(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail(errc::mirrorIoError, u"cannot read the mirror file: "_s + f.errorString(),
                    {{u"path"_s, path}});
    const qint64 size = f.size();
    if (size == 0)
        return {};
    const QByteArray header = f.read(kHeaderSize);
    if (header.size() < kHeaderSize || !header.startsWith(QByteArrayView("SQLite format 3\0", 16)))
        return corrupt(path, u"not a SQLite database"_s);
    quint32 pageSize =
        (quint32{static_cast<quint8>(header.at(16))} << 8) | static_cast<quint8>(header.at(17));
    if (pageSize == 1)
        pageSize = 65536;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0)
        return corrupt(path, u"invalid page size %1"_s.arg(pageSize));
    if (size % pageSize != 0)
        return corrupt(
            path, u"truncated (%1 bytes is not a whole number of %2-byte pages)"_s.arg(size).arg(pageSize));
    // The in-header page count is valid when the change counter matches
    // version-valid-for. A crash mid-checkpoint may leave it ahead of the file
    // while the -wal still holds the pages, so only trust it without sidecars.
    const quint32 headerPages = bigEndian32(header, 28);
    const bool countValid = bigEndian32(header, 24) == bigEndian32(header, 92);
    const qint64 filePages = size / pageSize;
    if (countValid && headerPages > filePages && !hasNonEmptySidecar(path))
        return corrupt(path, u"truncated (%1 of %2 pages)"_s.arg(filePages).arg(headerPages));
    return {};
}

Result<void> probe(const QString &path, int currentVersion, const OpenOptions &options)
{
    if (auto header = checkHeader(path); !header)
        return header;
    const auto thread = reinterpret_cast<quintptr>(QThread::currentThreadId());
    const QString name = u"creditdesk.mirror.probe:"_s + QString::number(thread, 16) + u':' + path;
    Result<void> result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT="_s +
                             QString::number(qMax(0, options.busyTimeoutMs)));
        result = probeWith(db, path, currentVersion, options.quickCheck);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    if (!result && result.error().is(errc::mirrorIoError) &&
        (result.error().details.value(u"sqlite_code"_s).toInt() & 0xff) == kSqliteReadOnly) {
        // A hot journal needs a writer to roll it back: leave the checks to
        // the read-write connection, which re-reads schema_version under lock.
        qCInfo(lcStore) << "read-only probe skipped: the mirror needs recovery";
        return {};
    }
    return result;
}

Error tooNewError(const QString &path, int found, int supported)
{
    qCWarning(lcStore) << "mirror schema" << found << "is newer than supported" << supported;
    return makeError(
        errc::mirrorTooNew,
        u"the mirror was written by a newer CreditDesk (schema version %1; this build reads up to %2)"_s
            .arg(found)
            .arg(supported),
        {{u"path"_s, path}, {u"found_version"_s, found}, {u"supported_version"_s, supported}});
}

Result<QString> quarantine(const QString &path, const QDateTime &nowUtc)
{
    if (!QFileInfo::exists(path))
        return fail(errc::mirrorNotFound, u"no mirror file to quarantine"_s, {{u"path"_s, path}});
    const QString suffix = u':' + path;
    for (const QString &connection : QSqlDatabase::connectionNames()) {
        if (connection.startsWith("creditdesk.mirror"_L1) && connection.endsWith(suffix))
            return fail(errc::mirrorAlreadyOpen, u"the mirror is open and cannot be quarantined"_s,
                        {{u"path"_s, path}});
    }

    const QString base = path + u".corrupt-"_s + nowUtc.toUTC().toString(u"yyyyMMdd'T'HHmmss'Z'"_s);
    auto taken = [](const QString &candidate) {
        if (QFileInfo::exists(candidate))
            return true;
        for (const QString &sidecar : kSidecars) {
            if (QFileInfo::exists(candidate + sidecar))
                return true;
        }
        return false;
    };
    QString target = base;
    for (int n = 1; taken(target); ++n)
        target = base + u'-' + QString::number(n);

    QList<std::pair<QString, QString>> moved;
    auto undo = [&moved] {
        for (auto it = moved.crbegin(); it != moved.crend(); ++it)
            QFile::rename(it->second, it->first);
    };
    if (!QFile::rename(path, target))
        return fail(errc::mirrorIoError, u"cannot move the mirror aside"_s, {{u"path"_s, path}});
    moved.append({path, target});
    for (const QString &sidecar : kSidecars) {
        if (!QFileInfo::exists(path + sidecar))
            continue;
        if (!QFile::rename(path + sidecar, target + sidecar)) {
            undo();
            return fail(errc::mirrorIoError, u"cannot move the mirror's %1 file aside"_s.arg(sidecar),
                        {{u"path"_s, path}});
        }
        moved.append({path + sidecar, target + sidecar});
    }
    qCWarning(lcStore) << "mirror quarantined; a fresh one will be created";
    return target;
}

} // namespace creditdesk::store::file

#include "core/licensing/profile_json_file.h"

#include "core/domain/utc_time.h"
#include "core/licensing/licensing_errors.h"
#include "core/licensing/licensing_log.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace creditdesk::licensing::detail {

namespace {

constexpr qint64 kMaxFileSize = 256 * 1024;
constexpr int kVersion = 1;

QString compactUtc(std::int64_t ms)
{
    const UtcFields f = utcFields(ms);
    return u"%1%2%3T%4%5%6Z"_s.arg(f.year, 4, 10, QChar(u'0'))
        .arg(f.month, 2, 10, QChar(u'0'))
        .arg(f.day, 2, 10, QChar(u'0'))
        .arg(f.hour, 2, 10, QChar(u'0'))
        .arg(f.minute, 2, 10, QChar(u'0'))
        .arg(f.second, 2, 10, QChar(u'0'));
}

std::unexpected<Error> ioError(const QString &what, const QString &path, const QString &why)
{
    return fail(errc::profileFileIo, what + u": "_s + why, {{u"path"_s, path}});
}

} // namespace

ProfileJsonFile::ProfileJsonFile(QString path, QLatin1StringView kind, QLatin1StringView corruptCode)
    : m_path(std::move(path))
    , m_kind(kind)
    , m_corruptCode(corruptCode)
{}

QString ProfileJsonFile::format() const
{
    return m_kind + u".v"_s + QString::number(kVersion);
}

Result<std::optional<QJsonObject>> ProfileJsonFile::read(std::int64_t nowMs) const
{
    QFile file(m_path);
    if (!file.exists())
        return std::optional<QJsonObject>{};
    if (!file.open(QIODevice::ReadOnly))
        return ioError(u"cannot open a licensing file"_s, m_path, file.errorString());
    const QByteArray bytes = file.read(kMaxFileSize + 1);
    if (file.error() != QFileDevice::NoError)
        return ioError(u"cannot read a licensing file"_s, m_path, file.errorString());
    file.close();
    if (bytes.size() > kMaxFileSize)
        return std::unexpected(setAside(u"file too large"_s, nowMs));

    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return std::unexpected(setAside(u"not a JSON object"_s, nowMs));
    QJsonObject body = document.object();
    const QJsonValue tag = body.take("format"_L1);
    if (tag.toString() == format())
        return std::optional<QJsonObject>{std::move(body)};

    const QString prefix = m_kind + u".v"_s;
    bool isNumber = false;
    const int version = tag.isString() && tag.toString().startsWith(prefix)
                            ? tag.toString().mid(prefix.size()).toInt(&isNumber)
                            : 0;
    if (isNumber && version > kVersion) {
        qCWarning(lcLicensing).noquote() << "licensing file" << QFileInfo(m_path).fileName()
                                         << "was written by a newer CreditDesk; left untouched";
        return fail(errc::profileFileTooNew,
                    u"the file was written by a newer CreditDesk (format %1)"_s.arg(tag.toString().left(64)),
                    {{u"path"_s, m_path}, {u"format"_s, tag.toString().left(64)}});
    }
    return std::unexpected(setAside(u"unknown or missing format"_s, nowMs));
}

Error ProfileJsonFile::setAside(const QString &reason, std::int64_t nowMs) const
{
    const QString base = m_path + u".corrupt-"_s + compactUtc(nowMs);
    QString target = base;
    for (int n = 1; QFileInfo::exists(target); ++n)
        target = base + u'-' + QString::number(n);
    if (!QFile::rename(m_path, target)) {
        qCWarning(lcLicensing).noquote()
            << "damaged licensing file" << QFileInfo(m_path).fileName() << "could not be moved aside";
        return makeError(errc::profileFileIo,
                         u"cannot move a damaged licensing file aside ("_s + reason + u')',
                         {{u"path"_s, m_path}, {u"reason"_s, reason}});
    }
    qCWarning(lcLicensing).noquote() << "damaged licensing file" << QFileInfo(m_path).fileName() << "("
                                     << reason << ") moved to" << QFileInfo(target).fileName();
    return makeError(m_corruptCode, u"a licensing file was damaged and has been set aside: "_s + reason,
                     {{u"path"_s, m_path}, {u"moved_to"_s, target}, {u"reason"_s, reason}});
}

Result<void> ProfileJsonFile::write(const QJsonObject &body) const
{
    const QString directory = QFileInfo(m_path).absolutePath();
    if (!QDir().mkpath(directory))
        return ioError(u"cannot create the profile directory"_s, directory, u"mkpath failed"_s);
    QJsonObject json = body;
    json.insert(u"format"_s, format());
    const QByteArray bytes = QJsonDocument(json).toJson(QJsonDocument::Indented);

    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return ioError(u"cannot create a licensing file"_s, m_path, file.errorString());
    if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        file.cancelWriting();
        return ioError(u"cannot restrict a licensing file's permissions"_s, m_path, file.errorString());
    }
    if (file.write(bytes) != bytes.size() || !file.commit())
        return ioError(u"cannot write a licensing file"_s, m_path, file.errorString());
    return {};
}

} // namespace creditdesk::licensing::detail

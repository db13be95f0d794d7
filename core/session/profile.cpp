#include "core/session/profile.h"

#include "core/session/session_errors.h"
#include "core/session/session_log.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QSysInfo>

#include <optional>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace creditdesk::session {

namespace {

constexpr int kSettingsVersion = 1;

namespace key {
const QString version = u"profile/version"_s;
const QString server = u"server/url"_s;
const QString issuer = u"server/issuer"_s;
const QString account = u"account/id"_s;
const QString credential = u"account/credential"_s;
const QString mirrorServer = u"mirror/server"_s;
const QString mirrorAccount = u"mirror/account"_s;
} // namespace key

QString credentialName(Credential credential)
{
    switch (credential) {
    case Credential::RefreshToken:
        return u"refresh_token"_s;
    case Credential::AccessToken:
        return u"access_token"_s;
    case Credential::None:
        break;
    }
    return {};
}

std::unexpected<Error> settingsError(const QString &path, const QString &message, const QString &keyName = {})
{
    QJsonObject details{{u"path"_s, path}};
    if (!keyName.isEmpty())
        details.insert(u"key"_s, keyName);
    return fail(errc::profileSettingsInvalid, message, details);
}

// An optional URL value: empty stays empty.
Result<QUrl> urlValue(const QSettings &settings, const QString &keyName)
{
    const QString text = settings.value(keyName).toString();
    if (text.isEmpty())
        return QUrl();
    auto url = parseServerUrl(text);
    if (!url)
        return settingsError(settings.fileName(), u"%1 is not a server URL"_s.arg(keyName), keyName);
    return *url;
}

} // namespace

Result<QUrl> parseServerUrl(QStringView text)
{
    const QString trimmed = text.trimmed().toString();
    const QUrl url(trimmed, QUrl::StrictMode);
    const QJsonObject details{{u"url"_s, trimmed.left(200)}};
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != "http"_L1 && scheme != "https"_L1) || url.host().isEmpty())
        return fail(errc::invalidServerUrl, u"a server URL is http:// or https:// followed by a host"_s,
                    details);
    if (!url.userInfo().isEmpty())
        return fail(errc::invalidServerUrl, u"a server URL must not hold a user name or password"_s,
                    QJsonObject{{u"url"_s, url.toString(QUrl::RemoveUserInfo).left(200)}});
    if (url.hasQuery() || url.hasFragment())
        return fail(errc::invalidServerUrl, u"a server URL has no query or fragment"_s, details);
    QUrl clean = url.adjusted(QUrl::StripTrailingSlash | QUrl::NormalizePathSegments);
    if (clean.path() == u"/"_s) // StripTrailingSlash keeps a lone root
        clean.setPath(QString());
    return clean;
}

QString Profile::resolveDirectory(const QString &explicitDir)
{
    QString dir = explicitDir;
    if (dir.isEmpty())
        dir = qEnvironmentVariable(kEnvironmentVariable.data());
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
}

Result<Profile> Profile::open(const QString &explicitDir)
{
    const QString dir = resolveDirectory(explicitDir);
    const QJsonObject details{{u"path"_s, dir}};
    const QFileInfo info(dir);
    if (info.exists() && !info.isDir())
        return fail(errc::profileUnavailable, u"the profile path is not a directory"_s, details);
    if (!info.exists()) {
        if (!QDir().mkpath(dir))
            return fail(errc::profileUnavailable, u"cannot create the profile directory"_s, details);
        // Only a directory made here is narrowed: a user's own --profile DIR keeps its mode.
        if (!QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner))
            qCWarning(lcSession) << "cannot restrict the permissions of the new profile directory";
        qCInfo(lcSession).noquote() << "created the profile directory" << dir;
    }
    if (!QFileInfo(dir).isWritable())
        return fail(errc::profileUnavailable, u"the profile directory is not writable"_s, details);
    return Profile(dir);
}

QString Profile::filePath(const QString &name) const
{
    return m_directory + u'/' + name;
}

Result<ProfileSettings> Profile::loadSettings() const
{
    const QString path = settingsPath();
    ProfileSettings result;
    if (!QFile::exists(path))
        return result;
    QSettings settings(path, QSettings::IniFormat);
    if (settings.status() != QSettings::NoError)
        return settingsError(path, u"the profile settings cannot be read"_s);
    bool versionOk = false;
    const int version = settings.value(key::version, kSettingsVersion).toInt(&versionOk);
    if (!versionOk || version > kSettingsVersion)
        return settingsError(path, u"the profile settings were written by a newer CreditDesk"_s,
                             key::version);

    auto server = urlValue(settings, key::server);
    if (!server)
        return std::unexpected(server.error());
    auto issuer = urlValue(settings, key::issuer);
    if (!issuer)
        return std::unexpected(issuer.error());
    result.server = *server;
    result.issuer = *issuer;
    result.account = settings.value(key::account).toString();
    const QString credential = settings.value(key::credential).toString();
    if (credential == credentialName(Credential::RefreshToken))
        result.credential = Credential::RefreshToken;
    else if (credential == credentialName(Credential::AccessToken))
        result.credential = Credential::AccessToken;
    else if (!credential.isEmpty())
        return settingsError(path, u"unknown credential kind in the profile settings"_s, key::credential);
    if (result.account.isEmpty() != (result.credential == Credential::None))
        return settingsError(path, u"the profile settings name an account without a credential"_s,
                             key::account);
    result.mirrorServer = settings.value(key::mirrorServer).toString();
    result.mirrorAccount = settings.value(key::mirrorAccount).toString();
    return result;
}

Result<void> Profile::saveSettings(const ProfileSettings &values) const
{
    const QString path = settingsPath();
    QSettings settings(path, QSettings::IniFormat);
    settings.clear();
    settings.setValue(key::version, kSettingsVersion);
    const auto setOptional = [&settings](const QString &name, const QString &value) {
        if (!value.isEmpty())
            settings.setValue(name, value);
    };
    setOptional(key::server, values.server.toString());
    setOptional(key::issuer, values.issuer.toString());
    setOptional(key::account, values.account);
    setOptional(key::credential, credentialName(values.credential));
    setOptional(key::mirrorServer, values.mirrorServer);
    setOptional(key::mirrorAccount, values.mirrorAccount);
    settings.sync();
    if (settings.status() != QSettings::NoError)
        return settingsError(path, u"the profile settings cannot be written"_s);
    return {};
}

#ifdef Q_OS_UNIX

namespace {

struct LockHolder {
    qint64 pid = 0;
    QString hostname;
    QString application;
};

// The "pid\nhost\nprogram\n" a holder writes into the lock file.
std::optional<LockHolder> readHolder(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QList<QByteArray> lines = file.read(4096).split('\n');
    bool ok = false;
    LockHolder holder;
    holder.pid = lines.value(0).toLongLong(&ok);
    if (!ok || holder.pid <= 0)
        return std::nullopt;
    holder.hostname = QString::fromUtf8(lines.value(1));
    holder.application = QString::fromUtf8(lines.value(2));
    return holder;
}

} // namespace

ProfileLock::ProfileLock(QString path)
    : m_path(std::move(path))
{}

ProfileLock::~ProfileLock()
{
    if (m_fd < 0)
        return;
    // Emptied, not removed: removing would let a newcomer lock a new file
    // while a waiter still holds the old one open.
    if (::ftruncate(m_fd, 0) != 0)
        qCDebug(lcSession) << "cannot empty the profile lock file:" << errno;
    ::close(m_fd); // releases the flock
}

Result<std::unique_ptr<ProfileLock>> Profile::lock() const
{
    std::unique_ptr<ProfileLock> held(new ProfileLock(filePath(QString(kLockFileName))));
    QJsonObject details{{u"path"_s, m_directory}};
    const QByteArray native = QFile::encodeName(held->m_path);
    const int fd = ::open(native.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail(errc::profileUnavailable, u"cannot create the profile's lock file"_s, details);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(fd);
        if (error != EWOULDBLOCK)
            return fail(errc::profileUnavailable, u"cannot lock the profile"_s, details);
        const std::optional<LockHolder> holder = readHolder(held->m_path);
        if (holder) {
            details.insert(u"pid"_s, holder->pid);
            details.insert(u"hostname"_s, holder->hostname);
            details.insert(u"application"_s, holder->application);
        }
        return fail(errc::profileLocked,
                    u"the profile %1 is in use by another CreditDesk process (pid %2 on %3)"_s.arg(
                        m_directory, holder ? QString::number(holder->pid) : u"unknown"_s,
                        holder && !holder->hostname.isEmpty() ? holder->hostname : u"this machine"_s),
                    details);
    }
    held->m_fd = fd;
    const QByteArray text = QByteArray::number(QCoreApplication::applicationPid()) + '\n' +
                            QSysInfo::machineHostName().toUtf8() + '\n' +
                            QCoreApplication::applicationName().toUtf8() + '\n';
    if (::ftruncate(fd, 0) != 0 ||
        ::write(fd, text.constData(), static_cast<size_t>(text.size())) != text.size())
        qCDebug(lcSession) << "cannot write the profile lock's holder:" << errno; // the lock itself holds
    return held;
}

#else

ProfileLock::ProfileLock(QString path)
    : m_path(std::move(path))
    , m_file(m_path)
{
    // Only a holder that no longer runs loses the lock, however long it has held it.
    m_file.setStaleLockTime(0);
}

ProfileLock::~ProfileLock()
{
    m_file.unlock();
}

Result<std::unique_ptr<ProfileLock>> Profile::lock() const
{
    std::unique_ptr<ProfileLock> held(new ProfileLock(filePath(QString(kLockFileName))));
    if (held->m_file.tryLock(0))
        return held;
    QJsonObject details{{u"path"_s, m_directory}};
    if (held->m_file.error() != QLockFile::LockFailedError)
        return fail(errc::profileUnavailable, u"cannot create the profile's lock file"_s, details);
    qint64 pid = 0;
    QString hostname;
    QString application;
    if (held->m_file.getLockInfo(&pid, &hostname, &application)) {
        details.insert(u"pid"_s, pid);
        details.insert(u"hostname"_s, hostname);
        details.insert(u"application"_s, application);
    }
    return fail(errc::profileLocked,
                u"the profile %1 is in use by another CreditDesk process (pid %2 on %3)"_s.arg(
                    m_directory, QString::number(pid), hostname.isEmpty() ? u"this machine"_s : hostname),
                details);
}

#endif

} // namespace creditdesk::session

#pragma once

#include "core/domain/error.h"

#include <QLatin1StringView>
#include <QLockFile>
#include <QString>
#include <QStringView>
#include <QUrl>

#include <memory>

namespace creditdesk::session {

// How the signed-in account can get access tokens in a later run.
enum class Credential {
    None,         // signed out
    RefreshToken, // a refresh token in the SecretStore (browser sign-in, issue-token JSON)
    AccessToken,  // only an access token (`login --with-token` with a raw token), until it expires
};

// What a profile remembers between runs, in `settings.ini` of its directory.
// Never a secret: tokens live in the SecretStore only.
struct ProfileSettings {
    QUrl server;     // the API origin; empty = not configured
    QUrl issuer;     // the OIDC issuer; empty = the server itself (our server shares one origin)
    QString account; // the signed-in account (`sub` of its access token); empty when signed out
    Credential credential = Credential::None;
    // Whose data the mirror holds (server authority and account). Kept after
    // sign-out, so the mirror is cleared when another account signs in.
    QString mirrorServer;
    QString mirrorAccount;
    friend bool operator==(const ProfileSettings &, const ProfileSettings &) = default;
};

// Held while a process uses a profile for work that must not run twice at
// once (sync, sign-in: refresh tokens rotate, and a rotated token used twice
// ends the grant). Released on destruction. On Unix it is an flock() on a
// file that stays in place, so the kernel releases it the moment its holder
// dies, even by SIGKILL half-way through taking it (QLockFile could leave
// an unreadable lock file that blocked the profile); the file's text (pid,
// host, program) only names the holder.
class ProfileLock {
public:
    ProfileLock(const ProfileLock &) = delete;
    ProfileLock &operator=(const ProfileLock &) = delete;
    ~ProfileLock();

    [[nodiscard]] QString path() const { return m_path; }

private:
    friend class Profile;
    explicit ProfileLock(QString path);

    QString m_path;
#ifdef Q_OS_UNIX
    int m_fd = -1;
#else
    QLockFile m_file;
#endif
};

// One user's data directory: the mirror, the settings file, the licensing
// files of core/licensing and the lock.
class Profile {
public:
    static constexpr QLatin1StringView kEnvironmentVariable{"CREDITDESK_PROFILE"};
    static constexpr QLatin1StringView kSettingsFileName{"settings.ini"};
    static constexpr QLatin1StringView kMirrorFileName{"mirror.db"};
    static constexpr QLatin1StringView kLockFileName{"profile.lock"};

    // The directory: `explicitDir` (--profile DIR) if given, else
    // $CREDITDESK_PROFILE if set and not empty, else the AppDataLocation of
    // QStandardPaths. Absolute and clean; nothing is created.
    [[nodiscard]] static QString resolveDirectory(const QString &explicitDir = {});
    // Resolves and creates the directory (mode 0700 when created here).
    // profile_unavailable when it cannot be created, is not a directory or
    // is not writable.
    [[nodiscard]] static Result<Profile> open(const QString &explicitDir = {});

    [[nodiscard]] const QString &directory() const { return m_directory; }
    [[nodiscard]] QString filePath(const QString &name) const;
    [[nodiscard]] QString mirrorPath() const { return filePath(QString(kMirrorFileName)); }
    [[nodiscard]] QString settingsPath() const { return filePath(QString(kSettingsFileName)); }

    // No file yet → default settings. profile_settings_invalid when the file
    // cannot be read or a value has the wrong shape.
    [[nodiscard]] Result<ProfileSettings> loadSettings() const;
    // Atomic replace; profile_settings_invalid when it cannot be written.
    [[nodiscard]] Result<void> saveSettings(const ProfileSettings &settings) const;

    // profile_locked (with the holder's pid and host) when another process
    // holds it; profile_unavailable when the lock file cannot be written.
    [[nodiscard]] Result<std::unique_ptr<ProfileLock>> lock() const;

private:
    explicit Profile(QString directory)
        : m_directory(std::move(directory))
    {}

    QString m_directory;
};

// A server or issuer URL as the user types it: http or https, a host, no
// user name or password (they would end up in the settings file), no query
// or fragment; a trailing '/' is dropped. invalid_server_url otherwise.
[[nodiscard]] Result<QUrl> parseServerUrl(QStringView text);

} // namespace creditdesk::session

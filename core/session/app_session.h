#pragma once

#include "core/api/cloud_client.h"
#include "core/api/signin/auth_session.h"
#include "core/domain/error.h"
#include "core/session/profile.h"
#include "core/sync/sync_types.h"

#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace creditdesk::secrets {
class SecretStore;
}

namespace creditdesk::store {
class MirrorDatabase;
}

namespace creditdesk::sync {
class MirrorWriter;
class SyncEngine;
} // namespace creditdesk::sync

namespace creditdesk::session {

enum class SecretBackend {
    Keychain, // the OS keychain (KeychainSecretStore): the normal case
    Memory,   // this process's memory only (demo mode); never a fallback for a missing keychain
};

struct SessionOptions {
    SecretBackend secrets = SecretBackend::Keychain;
    // For this session only (e.g. --server); saved to the profile by a
    // successful sign-in. Empty: the profile's.
    QUrl server;
    QUrl issuer;
    // baseUrl is set from the server; the rest is used as given.
    api::TransportOptions transport;
    sync::SyncOptions sync;
    // Sign-in timeouts, scopes, client id; the issuer is set from the session.
    api::signin::SignInConfig signIn;
};

// The object graph of a running CreditDesk, shared by the command line and
// the GUI so neither wires core by hand: the profile and its settings, the
// mirror (a read connection on this thread and the MirrorWriter worker),
// the SecretStore, the sign-in session (AuthSession, the CloudClient's
// AccessTokenSource), the CloudClient and the SyncEngine. Lives on one
// thread; every object it hands out lives as long as the session.
//
// Sign-in state persists in the profile settings (account and credential
// kind) and the SecretStore (the refresh token, or — for a raw access token
// given to `login --with-token` — that access token until it expires).
// Signing in as another account than the one whose data the mirror holds
// clears the mirror's user data first.
class AppSession : public QObject {
    Q_OBJECT

public:
    using Done = std::function<void(Result<void>)>;

    // Opens the mirror (creating or migrating it; a damaged one is moved aside
    // with MirrorDatabase::quarantine and started afresh, see
    // quarantinedMirrorPath()) and wires core. Errors: profile_settings_invalid,
    // invalid_server_url, mirror_too_new, mirror_io_error, …
    [[nodiscard]] static Result<std::unique_ptr<AppSession>>
    open(Profile profile, SessionOptions options = {}, QObject *parent = nullptr);
    ~AppSession() override;

    [[nodiscard]] const Profile &profile() const { return m_profile; }
    [[nodiscard]] const ProfileSettings &settings() const { return m_settings; }
    // The effective server and issuer of this session (empty: not configured).
    [[nodiscard]] const QUrl &serverUrl() const { return m_server; }
    [[nodiscard]] const QUrl &issuerUrl() const { return m_issuer; }
    // server_not_configured when there is no server.
    [[nodiscard]] Result<void> requireServer() const;
    // Where a damaged mirror was moved at open(), if it was.
    [[nodiscard]] const std::optional<QString> &quarantinedMirrorPath() const { return m_quarantined; }

    // Takes the profile lock for the rest of the session (see ProfileLock);
    // profile_locked when another process holds it. Holding it already is fine.
    [[nodiscard]] Result<void> lockProfile();
    [[nodiscard]] bool holdsProfileLock() const { return m_lock != nullptr; }

    [[nodiscard]] store::MirrorDatabase &mirror() const { return *m_mirror; }
    [[nodiscard]] sync::MirrorWriter &mirrorWriter() const { return *m_writer; }
    [[nodiscard]] secrets::SecretStore &secretStore() const { return *m_secrets; }
    [[nodiscard]] api::signin::AuthSession &auth() const { return *m_auth; }
    [[nodiscard]] api::CloudClient &cloud() const { return *m_cloud; }
    [[nodiscard]] sync::SyncEngine &syncEngine() const { return *m_engine; }

    // The profile names a signed-in account for this session's server.
    [[nodiscard]] bool hasStoredSignIn() const;
    // Brings back the stored sign-in (refreshing the access token);
    // sign_in_required when there is none or the server refused it.
    void restoreSignIn(Done done);
    // Browser sign-in (SignInFlow); the opener shows the authorize URL.
    void signIn(api::signin::UrlOpener openUrl, Done done);
    // `login --with-token`: a raw access token or issue-token JSON (see parseTokenInput).
    void signInWithToken(const QString &input, Done done);
    // Revokes the grant (best effort), removes the stored tokens and forgets
    // the account; the mirror is kept.
    void signOut(Done done);

private:
    AppSession(Profile profile, ProfileSettings settings, SessionOptions options, QObject *parent);
    [[nodiscard]] Result<void> openMirror();
    void wire();
    [[nodiscard]] Result<secrets::SecretKey> accessTokenKey(const QString &account) const;
    void restoreAccessToken(Done done);
    void afterSignIn(Result<void> signedIn, Done done);
    void clearMirrorIfForeign(std::function<void(Result<void>)> next);
    void forgetAccount(Done done);
    void later(Done done, Result<void> result);

    Profile m_profile;
    ProfileSettings m_settings;
    SessionOptions m_options;
    QUrl m_server;
    QUrl m_issuer;
    std::optional<QString> m_quarantined;

    // Destroyed bottom-up: the engine before the client, the client before
    // its token source, everything before the mirror and the lock.
    std::unique_ptr<ProfileLock> m_lock;
    std::unique_ptr<store::MirrorDatabase> m_mirror;
    std::unique_ptr<sync::MirrorWriter> m_writer;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<secrets::SecretStore> m_secrets;
    std::unique_ptr<api::signin::AuthSession> m_auth;
    std::unique_ptr<api::CloudClient> m_cloud;
    std::unique_ptr<sync::SyncEngine> m_engine;
};

} // namespace creditdesk::session

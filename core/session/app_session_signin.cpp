// The sign-in side of AppSession: restoring, signing in and out, and keeping
// the profile settings and the mirror in step with the signed-in account.
#include "core/api/signin/signin_errors.h"
#include "core/secrets/secret_errors.h"
#include "core/secrets/secret_key.h"
#include "core/secrets/secret_store.h"
#include "core/session/app_session.h"
#include "core/session/session_log.h"
#include "core/store/mirror_database.h"
#include "core/sync/mirror_writer.h"

using namespace Qt::StringLiterals;

namespace creditdesk::session {

namespace {

// Secret name of an access token given without a refresh token: the only
// way a later run can use it. Kept in the SecretStore, like the refresh token.
constexpr QLatin1StringView kAccessTokenName{"access_token"};

} // namespace

Result<secrets::SecretKey> AppSession::accessTokenKey(const QString &account) const
{
    return secrets::SecretKey::forServer(m_issuer, account, QString(kAccessTokenName));
}

void AppSession::restoreSignIn(Done done)
{
    if (auto server = requireServer(); !server) {
        later(std::move(done), server);
        return;
    }
    if (!hasStoredSignIn()) {
        later(std::move(done), fail(api::signin::errc::signInRequired,
                                    u"not signed in to %1"_s.arg(m_server.toDisplayString())));
        return;
    }
    if (m_auth->isSignedIn() && !m_auth->accessToken().isEmpty()) {
        later(std::move(done), {});
        return;
    }
    auto restored = [this, done = std::move(done)](Result<void> result) {
        if (!result && result.error().is(api::signin::errc::signInRequired)) {
            // The stored sign-in is gone or was refused: forget it, so the
            // profile no longer claims an account.
            forgetAccount([done, result](const Result<void> &) { done(result); });
            return;
        }
        done(std::move(result));
    };
    if (m_settings.credential == Credential::AccessToken)
        restoreAccessToken(std::move(restored));
    else
        m_auth->restore(m_settings.account, std::move(restored));
}

void AppSession::restoreAccessToken(Done done)
{
    auto key = accessTokenKey(m_settings.account);
    if (!key) {
        later(std::move(done), std::unexpected(key.error()));
        return;
    }
    m_secrets->read(*key, [this, key = *key, done = std::move(done)](Result<QString> token) {
        if (!token) {
            if (token.error().is(secrets::errc::secretNotFound))
                done(fail(api::signin::errc::signInRequired, u"no sign-in is stored for this account"_s));
            else
                done(std::unexpected(token.error()));
            return;
        }
        m_auth->signInWithToken(*token, [this, key, done](Result<void> signedIn) {
            if (signedIn || !signedIn.error().is(api::signin::errc::tokenInputInvalid)) {
                done(std::move(signedIn));
                return;
            }
            m_secrets->remove(key, [done](const Result<void> &) {
                done(fail(api::signin::errc::signInRequired,
                          u"the access token given to `login --with-token` has expired"_s));
            });
        });
    });
}

void AppSession::signIn(api::signin::UrlOpener openUrl, Done done)
{
    if (auto server = requireServer(); !server) {
        later(std::move(done), server);
        return;
    }
    m_auth->signIn(std::move(openUrl), [this, done = std::move(done)](Result<void> result) {
        afterSignIn(std::move(result), done);
    });
}

void AppSession::signInWithToken(const QString &input, Done done)
{
    if (auto server = requireServer(); !server) {
        later(std::move(done), server);
        return;
    }
    m_auth->signInWithToken(
        input, [this, done = std::move(done)](Result<void> result) { afterSignIn(std::move(result), done); });
}

// Clears a foreign mirror, keeps the access token of a session without a
// refresh token (or removes a stale one), then records the account.
void AppSession::afterSignIn(Result<void> signedIn, Done done)
{
    if (!signedIn) {
        done(std::move(signedIn));
        return;
    }
    const QString account = m_auth->account();
    const Credential credential = m_auth->canRefresh() ? Credential::RefreshToken : Credential::AccessToken;
    auto key = accessTokenKey(account);
    if (!key) {
        done(std::unexpected(key.error()));
        return;
    }
    auto record = [this, account, credential, done](Result<void> stored) {
        if (!stored) {
            done(std::move(stored));
            return;
        }
        ProfileSettings next = m_settings;
        next.server = m_server;
        next.issuer = m_issuer == m_server ? QUrl() : m_issuer;
        next.account = account;
        next.credential = credential;
        next.mirrorServer = secrets::SecretKey::serverAuthority(m_server);
        next.mirrorAccount = account;
        if (auto saved = m_profile.saveSettings(next); !saved) {
            done(saved);
            return;
        }
        m_settings = next;
        qCInfo(lcSession) << "signed in; the profile remembers the account";
        done({});
    };
    clearMirrorIfForeign([this, key = *key, credential, record = std::move(record)](Result<void> cleared) {
        if (!cleared) {
            record(std::move(cleared));
            return;
        }
        if (credential == Credential::AccessToken)
            m_secrets->write(key, m_auth->accessToken(), record);
        else
            m_secrets->remove(key, record);
    });
}

void AppSession::clearMirrorIfForeign(std::function<void(Result<void>)> next)
{
    const QString server = secrets::SecretKey::serverAuthority(m_server);
    if (m_settings.mirrorServer == server && m_settings.mirrorAccount == m_auth->account()) {
        next({});
        return;
    }
    qCInfo(lcSession) << "the mirror holds no data of this account yet: clearing it";
    m_writer->run<void>([](store::MirrorDatabase &db) { return db.clearUserData(); }, this, std::move(next));
}

void AppSession::signOut(Done done)
{
    // A sign-in stored for another server is not this session's to end.
    if (!hasStoredSignIn() && !m_auth->isSignedIn()) {
        later(std::move(done), {});
        return;
    }
    const bool storedHere = hasStoredSignIn();
    const QString account = storedHere ? m_settings.account : m_auth->account();
    auto signOutNow = [this, storedHere, account, done = std::move(done)]() {
        m_auth->signOut([this, storedHere, account, done](Result<void> removed) {
            if (!removed) {
                // The refresh token is still stored: keep the account so a retry can remove it.
                done(std::move(removed));
                return;
            }
            auto key = accessTokenKey(account);
            if (!key) {
                done(std::unexpected(key.error()));
                return;
            }
            m_secrets->remove(*key, [this, storedHere, done](Result<void> gone) {
                if (!gone || !storedHere) {
                    done(std::move(gone));
                    return;
                }
                forgetAccount(done);
            });
        });
    };
    // The tokens must be loaded to be revoked; a failed restore (offline)
    // still leaves the stored refresh token to remove.
    if (!m_auth->isSignedIn() && hasStoredSignIn())
        restoreSignIn([signOutNow = std::move(signOutNow)](const Result<void> &) { signOutNow(); });
    else
        signOutNow();
}

void AppSession::forgetAccount(Done done)
{
    if (m_settings.account.isEmpty() && m_settings.credential == Credential::None) {
        later(std::move(done), {});
        return;
    }
    ProfileSettings next = m_settings;
    next.account.clear();
    next.credential = Credential::None;
    auto saved = m_profile.saveSettings(next);
    if (saved)
        m_settings = next;
    later(std::move(done), saved);
}

} // namespace creditdesk::session

#include "core/api/signin/auth_session.h"

#include "core/api/signin/signin_errors.h"
#include "core/api/signin/signin_log.h"
#include "core/secrets/secret_errors.h"
#include "core/secrets/secret_store.h"

#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace creditdesk::api::signin {

AuthSession::AuthSession(QNetworkAccessManager &network, secrets::SecretStore &secrets, SignInConfig config,
                         QObject *parent)
    : QObject(parent)
    , m_network(&network)
    , m_secrets(&secrets)
    , m_config(std::move(config))
    , m_http(network, m_config.requestTimeout)
{}

AuthSession::~AuthSession()
{
    SignInHttp::abandon(m_refreshReply);
}

void AuthSession::later(Done done, Result<void> result)
{
    QMetaObject::invokeMethod(
        this, [done = std::move(done), result = std::move(result)]() { done(result); }, Qt::QueuedConnection);
}

Result<secrets::SecretKey> AuthSession::refreshTokenKey(const QString &account) const
{
    return secrets::SecretKey::forServer(m_config.issuer, account, QString(secrets::names::refreshToken));
}

void AuthSession::withEndpoints(std::function<void(Result<OidcConfiguration>)> next)
{
    if (m_endpoints) {
        next(*m_endpoints);
        return;
    }
    discoverOidc(m_http, m_config.issuer, this,
                 [this, next = std::move(next)](Result<OidcConfiguration> found) {
                     if (found)
                         m_endpoints = *found;
                     next(std::move(found));
                 });
}

void AuthSession::signIn(UrlOpener openUrl, Done done)
{
    if (isSignInRunning()) {
        later(std::move(done),
              fail(errc::signInInProgress, u"a sign-in is already waiting for the browser"_s));
        return;
    }
    auto *flow = new SignInFlow(*m_network, m_config, std::move(openUrl), this);
    m_flow = flow;
    auto finished = [this, flow, done = std::move(done)](Result<TokenResponse> tokens) {
        flow->deleteLater();
        if (!tokens) {
            done(std::unexpected(tokens.error()));
            return;
        }
        m_endpoints = flow->endpoints();
        auto account = accountOfAccessToken(tokens->accessToken);
        if (!account) {
            done(std::unexpected(account.error()));
            return;
        }
        establish(Tokens{*account, tokens->accessToken, tokens->refreshToken, tokens->scope,
                         m_clock->nowMs() + tokens->expiresInSeconds * 1000},
                  done);
    };
    if (m_endpoints)
        flow->start(*m_endpoints, std::move(finished));
    else
        flow->start(std::move(finished));
}

void AuthSession::cancelSignIn()
{
    if (m_flow)
        m_flow->cancel();
}

void AuthSession::signInWithToken(const QString &input, Done done)
{
    auto parsed = parseTokenInput(input, m_clock->nowMs());
    if (!parsed) {
        later(std::move(done), std::unexpected(parsed.error()));
        return;
    }
    establish(Tokens{parsed->account, parsed->accessToken, parsed->refreshToken, parsed->scope,
                     parsed->expiresAtMs},
              std::move(done));
}

// Saves (or, without a refresh token, clears) the stored refresh token, then
// switches the session to `tokens`.
void AuthSession::establish(Tokens tokens, Done done)
{
    auto key = refreshTokenKey(tokens.account);
    if (!key) {
        later(std::move(done), std::unexpected(key.error()));
        return;
    }
    const std::uint64_t generation = ++m_generation;
    const QString previousAccount = m_account;
    auto stored = [self = QPointer(this), generation, previousAccount, tokens,
                   done = std::move(done)](Result<void> saved) {
        if (!self)
            return;
        if (!saved) {
            qCWarning(lcSignIn).noquote() << "cannot store the refresh token:" << saved.error().code;
            if (!tokens.refreshToken.isEmpty())
                self->revokeBestEffort(tokens.refreshToken, true, [] {});
            done(std::unexpected(saved.error()));
            return;
        }
        if (generation != self->m_generation) {
            done(fail(errc::signInCancelled, u"the session changed while signing in"_s));
            return;
        }
        if (!previousAccount.isEmpty() && previousAccount != tokens.account) {
            if (auto old = self->refreshTokenKey(previousAccount))
                self->m_secrets->remove(*old, [](const Result<void> &) {});
        }
        self->apply(tokens);
        qCInfo(lcSignIn).noquote() << (tokens.refreshToken.isEmpty() ? "signed in without a refresh token"
                                                                     : "signed in");
        done({});
    };
    if (tokens.refreshToken.isEmpty())
        m_secrets->remove(*key, std::move(stored));
    else
        m_secrets->write(*key, tokens.refreshToken, std::move(stored));
}

void AuthSession::apply(const Tokens &tokens)
{
    const bool wasSignedIn = isSignedIn();
    m_account = tokens.account;
    m_accessToken = tokens.accessToken;
    m_refreshToken = tokens.refreshToken;
    m_scope = tokens.scope;
    m_expiresAtMs = tokens.expiresAtMs;
    if (!wasSignedIn)
        Q_EMIT signedInChanged(true);
}

void AuthSession::clearLocal()
{
    const bool wasSignedIn = isSignedIn();
    ++m_generation;
    m_account.clear();
    m_accessToken.clear();
    m_refreshToken.clear();
    m_scope.clear();
    m_expiresAtMs = 0;
    if (wasSignedIn)
        Q_EMIT signedInChanged(false);
}

void AuthSession::restore(const QString &account, Done done)
{
    auto key = refreshTokenKey(account);
    if (!key) {
        later(std::move(done), std::unexpected(key.error()));
        return;
    }
    const std::uint64_t generation = m_generation;
    m_secrets->read(
        *key, [self = QPointer(this), generation, account, done = std::move(done)](Result<QString> read) {
            if (!self)
                return;
            if (!read) {
                if (read.error().is(secrets::errc::secretNotFound))
                    done(fail(errc::signInRequired, u"no sign-in is stored for this account"_s));
                else
                    done(std::unexpected(read.error()));
                return;
            }
            if (generation != self->m_generation) {
                done(fail(errc::signInCancelled, u"the session changed while restoring it"_s));
                return;
            }
            ++self->m_generation;
            self->apply(Tokens{account, QString(), *read, QString(), 0});
            self->refresh(done);
        });
}

void AuthSession::signOut(Done done)
{
    cancelSignIn();
    const QString account = m_account;
    const QString token = m_refreshToken.isEmpty() ? m_accessToken : m_refreshToken;
    const bool isRefreshToken = !m_refreshToken.isEmpty();
    clearLocal();
    if (m_refreshing) {
        SignInHttp::abandon(m_refreshReply);
        finishRefresh(m_refreshId, fail(errc::signInRequired, u"signed out"_s));
    }
    auto removeSecret = [self = QPointer(this), account, done = std::move(done)]() mutable {
        if (!self)
            return;
        if (account.isEmpty()) {
            self->later(std::move(done), {});
            return;
        }
        auto key = self->refreshTokenKey(account);
        if (!key) {
            self->later(std::move(done), std::unexpected(key.error()));
            return;
        }
        self->m_secrets->remove(*key, std::move(done));
    };
    if (token.isEmpty()) {
        removeSecret();
        return;
    }
    revokeBestEffort(token, isRefreshToken, std::move(removeSecret));
}

void AuthSession::revokeBestEffort(const QString &token, bool isRefreshToken, std::function<void()> next)
{
    withEndpoints([this, token, isRefreshToken, next = std::move(next)](Result<OidcConfiguration> endpoints) {
        if (!endpoints) {
            qCWarning(lcSignIn).noquote() << "cannot revoke the sign-in:" << endpoints.error().code;
            next();
            return;
        }
        const SignInHttp::Form form{
            {u"token"_s, token},
            {u"token_type_hint"_s, isRefreshToken ? u"refresh_token"_s : u"access_token"_s},
            {u"client_id"_s, m_config.clientId}};
        m_http.postForm(endpoints->revocationEndpoint, form, this, [next](Result<HttpResponse> response) {
            if (!response)
                qCWarning(lcSignIn).noquote() << "revocation failed:" << response.error().code;
            else if (response->status != 200)
                qCWarning(lcSignIn) << "revocation answered HTTP" << response->status;
            next();
        });
    });
}

} // namespace creditdesk::api::signin

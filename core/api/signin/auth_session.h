#pragma once

#include "core/api/access_token_source.h"
#include "core/api/signin/oidc_discovery.h"
#include "core/api/signin/signin_config.h"
#include "core/api/signin/signin_flow.h"
#include "core/api/signin/signin_http.h"
#include "core/api/signin/token_input.h"
#include "core/domain/clock.h"
#include "core/secrets/secret_key.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;

namespace creditdesk::secrets {
class SecretStore;
}

namespace creditdesk::api::signin {

// The signed-in user of one issuer. The access token lives in memory only;
// the refresh token in the SecretStore under
// creditdesk:<issuer host:port>:<account>:refresh_token, never in SQLite,
// QSettings or logs.
//
// The account of that namespace is the `sub` claim of the access token
// (decoded without verification — it only names the namespace; the server
// checks every token). The access token is used rather than the id_token
// because every grant has one: the code exchange, each refresh, and
// `login --with-token` input (issue-token prints no id_token).
// The app persists account() (not a secret) to call restore() at start-up.
//
// Every operation reports through its callback exactly once, asynchronously,
// on this object's thread; callbacks are dropped if the session is destroyed
// first. Requests go through the app's QNetworkAccessManager (SignInHttp).
class AuthSession : public QObject, public api::AccessTokenSource {
    Q_OBJECT
public:
    using Done = std::function<void(Result<void>)>;

    AuthSession(QNetworkAccessManager &network, secrets::SecretStore &secrets, SignInConfig config,
                QObject *parent = nullptr);
    ~AuthSession() override;

    void setClock(const Clock &clock) { m_clock = &clock; }
    // Skips discovery (tests, or endpoints cached by the app).
    void setEndpoints(const OidcConfiguration &endpoints) { m_endpoints = endpoints; }

    // AccessTokenSource
    [[nodiscard]] QString accessToken() const override { return m_accessToken; }
    // refresh_token grant; concurrent calls share one request. The rotated
    // refresh token is saved before the new access token is used. On
    // invalid_grant the stored token is deleted and callers get sign_in_required;
    // other failures (network_error, …) keep the session for a later retry.
    void refresh(Done done) override;

    // Interactive sign-in in the system browser (SignInFlow).
    void signIn(UrlOpener openUrl, Done done);
    void cancelSignIn();
    // Start-up: reads the stored refresh token of `account` and refreshes.
    // sign_in_required when nothing is stored; secret store errors as they are.
    // When only the refresh fails (offline: network_error), the session keeps
    // its refresh token (isSignedIn(), canRefresh()) for a later refresh().
    void restore(const QString &account, Done done);
    // `creditdesk login --with-token`: see parseTokenInput(). A raw access
    // token gives a session that cannot refresh (and removes any refresh token
    // stored for that account).
    void signInWithToken(const QString &input, Done done);
    // Revokes the grant at the revocation endpoint (best effort: failures are
    // logged), then removes the stored refresh token (its failure is reported).
    void signOut(Done done);

    [[nodiscard]] bool isSignedIn() const { return !m_accessToken.isEmpty() || !m_refreshToken.isEmpty(); }
    [[nodiscard]] bool canRefresh() const { return !m_refreshToken.isEmpty(); }
    [[nodiscard]] const QString &account() const { return m_account; }
    [[nodiscard]] const QString &grantedScope() const { return m_scope; }
    [[nodiscard]] std::int64_t accessTokenExpiresAtMs() const { return m_expiresAtMs; }
    [[nodiscard]] bool isSignInRunning() const { return m_flow && m_flow->isRunning(); }

Q_SIGNALS:
    void signedInChanged(bool signedIn);
    // A rotated refresh token could not be saved: this session goes on, the
    // next start-up will have to sign in again.
    void refreshTokenNotSaved(const creditdesk::Error &error);

private:
    struct Tokens {
        QString account;
        QString accessToken;
        QString refreshToken;
        QString scope;
        std::int64_t expiresAtMs = 0;
    };

    [[nodiscard]] Result<secrets::SecretKey> refreshTokenKey(const QString &account) const;
    void withEndpoints(std::function<void(Result<OidcConfiguration>)> next);
    void establish(Tokens tokens, Done done);
    void apply(const Tokens &tokens);
    void clearLocal();
    void onRefreshResponse(std::uint64_t refreshId, std::uint64_t generation, Result<TokenResponse> response);
    void saveRotated(std::uint64_t refreshId, std::uint64_t generation, Tokens tokens);
    void endAfterInvalidGrant(std::uint64_t refreshId, const Error &cause);
    void finishSupersededRefresh(std::uint64_t refreshId);
    // Answers the waiters of refresh `refreshId`; ignored when that refresh already ended.
    void finishRefresh(std::uint64_t refreshId, const Result<void> &result);
    void revokeBestEffort(const QString &token, bool isRefreshToken, std::function<void()> next);
    void later(Done done, Result<void> result);

    QNetworkAccessManager *m_network;
    secrets::SecretStore *m_secrets;
    SignInConfig m_config;
    SignInHttp m_http;
    SystemClock m_systemClock;
    const Clock *m_clock = &m_systemClock;
    std::optional<OidcConfiguration> m_endpoints;

    QString m_account;
    QString m_accessToken;
    QString m_refreshToken;
    QString m_scope;
    std::int64_t m_expiresAtMs = 0;
    // Bumped whenever the session is replaced or ended: late answers for an
    // older session are dropped.
    std::uint64_t m_generation = 0;

    std::vector<Done> m_refreshWaiters;
    bool m_refreshing = false;
    std::uint64_t m_refreshId = 0;
    QPointer<QNetworkReply> m_refreshReply;
    QPointer<SignInFlow> m_flow;
};

} // namespace creditdesk::api::signin

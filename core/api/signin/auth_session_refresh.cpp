// AuthSession::refresh(): the single-flight refresh_token grant with rotation.
#include "core/api/signin/auth_session.h"
#include "core/api/signin/signin_errors.h"
#include "core/api/signin/signin_log.h"
#include "core/secrets/secret_store.h"

#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace creditdesk::api::signin {

void AuthSession::refresh(Done done)
{
    m_refreshWaiters.push_back(std::move(done));
    if (m_refreshing)
        return;
    m_refreshing = true;
    const std::uint64_t refreshId = ++m_refreshId;
    if (m_refreshToken.isEmpty()) {
        QMetaObject::invokeMethod(
            this,
            [this, refreshId]() {
                finishRefresh(refreshId, fail(errc::signInRequired, u"there is no refresh token; sign in"_s));
            },
            Qt::QueuedConnection);
        return;
    }
    const std::uint64_t generation = m_generation;
    const QString refreshToken = m_refreshToken;
    withEndpoints([this, refreshId, generation, refreshToken](Result<OidcConfiguration> endpoints) {
        if (generation != m_generation) {
            finishSupersededRefresh(refreshId);
            return;
        }
        if (!endpoints) {
            finishRefresh(refreshId, std::unexpected(endpoints.error()));
            return;
        }
        SignInHttp::Form form{{u"grant_type"_s, u"refresh_token"_s},
                              {u"refresh_token"_s, refreshToken},
                              {u"client_id"_s, m_config.clientId}};
        if (!m_config.resource.isEmpty())
            form.append({u"resource"_s, m_config.resource});
        m_refreshReply = m_http.postForm(endpoints->tokenEndpoint, form, this,
                                         [this, refreshId, generation](Result<HttpResponse> response) {
                                             m_refreshReply.clear();
                                             onRefreshResponse(refreshId, generation, tokenResult(response));
                                         });
    });
}

void AuthSession::onRefreshResponse(std::uint64_t refreshId, std::uint64_t generation,
                                    Result<TokenResponse> response)
{
    if (generation != m_generation) {
        finishSupersededRefresh(refreshId);
        return;
    }
    if (!response) {
        if (response.error().is(errc::invalidGrant)) {
            endAfterInvalidGrant(refreshId, response.error());
            return;
        }
        qCWarning(lcSignIn).noquote() << "refresh failed:" << response.error().code;
        finishRefresh(refreshId, std::unexpected(response.error()));
        return;
    }
    auto account = accountOfAccessToken(response->accessToken);
    if (!account || *account != m_account) {
        finishRefresh(refreshId,
                      fail(errc::tokenResponseInvalid,
                           u"the refreshed access token does not belong to the signed-in account"_s));
        return;
    }
    saveRotated(refreshId, generation,
                Tokens{m_account, response->accessToken, response->refreshToken, response->scope,
                       m_clock->nowMs() + response->expiresInSeconds * 1000});
}

// The server has consumed the old refresh token: save the new one first, then use it.
void AuthSession::saveRotated(std::uint64_t refreshId, std::uint64_t generation, Tokens tokens)
{
    auto key = refreshTokenKey(tokens.account);
    if (!key) {
        finishRefresh(refreshId, std::unexpected(key.error()));
        return;
    }
    m_secrets->write(*key, tokens.refreshToken,
                     [self = QPointer(this), refreshId, generation, tokens, key = *key](Result<void> saved) {
                         if (!self)
                             return;
                         if (generation != self->m_generation) {
                             // The session ended or changed meanwhile: leave no token of it behind.
                             if (self->m_account == tokens.account && !self->m_refreshToken.isEmpty())
                                 self->m_secrets->write(key, self->m_refreshToken,
                                                        [](const Result<void> &) {});
                             else
                                 self->m_secrets->remove(key, [](const Result<void> &) {});
                             self->finishSupersededRefresh(refreshId);
                             return;
                         }
                         if (!saved) {
                             qCWarning(lcSignIn).noquote()
                                 << "cannot save the rotated refresh token:" << saved.error().code;
                             Q_EMIT self->refreshTokenNotSaved(saved.error());
                         }
                         self->apply(tokens);
                         self->finishRefresh(refreshId, {});
                     });
}

void AuthSession::endAfterInvalidGrant(std::uint64_t refreshId, const Error &cause)
{
    qCInfo(lcSignIn).noquote() << "the server refused the refresh token; signing out:" << cause.message;
    const QString account = m_account;
    clearLocal();
    const Error required =
        makeError(errc::signInRequired, u"the sign-in has expired or was revoked; sign in again"_s,
                  QJsonObject{{u"cause"_s, cause.code}});
    auto key = refreshTokenKey(account);
    if (!key) {
        finishRefresh(refreshId, std::unexpected(required));
        return;
    }
    m_secrets->remove(*key, [self = QPointer(this), refreshId, required](const Result<void> &removed) {
        if (!self)
            return;
        if (!removed)
            qCWarning(lcSignIn).noquote()
                << "cannot delete the refused refresh token:" << removed.error().code;
        self->finishRefresh(refreshId, std::unexpected(required));
    });
}

// A refresh that outlived its session: the waiters get the current session's state.
void AuthSession::finishSupersededRefresh(std::uint64_t refreshId)
{
    if (m_accessToken.isEmpty())
        finishRefresh(refreshId, fail(errc::signInRequired, u"the session ended during the refresh"_s));
    else
        finishRefresh(refreshId, {});
}

void AuthSession::finishRefresh(std::uint64_t refreshId, const Result<void> &result)
{
    if (!m_refreshing || refreshId != m_refreshId)
        return;
    m_refreshing = false;
    std::vector<Done> waiters = std::exchange(m_refreshWaiters, {});
    for (const Done &waiter : waiters)
        waiter(result);
}

} // namespace creditdesk::api::signin

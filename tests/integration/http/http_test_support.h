#pragma once

#include "tests/integration/http/server_harness.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

// Helpers of the HTTP layer's own tests (sign-in driven like a browser).
namespace creditdesk::test {

inline const QString kPassword = QStringLiteral("correct-horse-battery"); // createUserWithToken's
inline const QString kClientId = QStringLiteral("desktop-app-test");
inline const QString kApiAudience = QStringLiteral("https://api.textassistant.local");
inline const QString kScopes = QStringLiteral("openid email profile offline_access user.info credits.read");

struct Pkce {
    QString verifier;
    QString challenge;
    [[nodiscard]] static Pkce generate();
};

// "sqlite" or "postgresql" for the current row (unique test data per row).
[[nodiscard]] QString rowName();

// Options for the current data row, with the test routes on.
[[nodiscard]] ServerHarness::Options httpOptions(bool rateLimits = false, bool extensions = true);

// application/x-www-form-urlencoded POST.
HttpReply postForm(const ServerHarness &server, const QString &path, const QList<QPair<QString, QString>> &fields,
                   const QHash<QByteArray, QByteArray> &headers = {});

// The name → value of the <input> elements of an HTML page (HTML entities decoded).
[[nodiscard]] QHash<QString, QString> formInputs(const QByteArray &html);

struct BrowserSignIn {
    HttpReply page;       // GET /oauth/authorize
    HttpReply submitted;  // POST /oauth/authorize (a 302 on success)
    QUrl location;        // the redirect target
    QUrlQuery query;      // its query (code, state, iss or error)
};

// GET /oauth/authorize with the given parameters (defaults: the desktop client,
// S256, kScopes, the API resource), read the form, POST the credentials with
// the page's cookie, and stop at the redirect (nothing listens there).
BrowserSignIn signInLikeBrowser(const ServerHarness &server, const QString &email, const QString &password,
                                const QString &redirectUri, const Pkce &pkce, const QString &state,
                                const QList<QPair<QString, QString>> &overrides = {});

// POST /oauth/token grant_type=authorization_code.
HttpReply exchangeCode(const ServerHarness &server, const QString &code, const QString &redirectUri,
                       const QString &verifier);
// POST /oauth/token grant_type=refresh_token.
HttpReply refresh(const ServerHarness &server, const QString &refreshToken);

// create-user with kPassword; the user's id.
[[nodiscard]] QString createUser(const ServerHarness &server, const QString &email);

} // namespace creditdesk::test

// One server per dialect row for a whole test class: `cache` is a
// std::map<int, std::unique_ptr<ServerHarness>> member; `var` a ServerHarness &.
#define CREDITDESK_SHARED_SERVER(var, cache, options)                                                       \
    const ::creditdesk::test::ServerHarness::Options var##Options_ = (options);                             \
    if (!cache.count(static_cast<int>(var##Options_.dialect))) {                                            \
        CREDITDESK_START_SERVER(var##Started_, var##Options_);                                              \
        cache[static_cast<int>(var##Options_.dialect)] = std::move(var##Started_);                          \
    }                                                                                                       \
    ::creditdesk::test::ServerHarness &var = *cache[static_cast<int>(var##Options_.dialect)]

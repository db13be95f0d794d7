#pragma once

#include "core/domain/error.h"

#include <QLatin1StringView>
#include <QString>
#include <QUrl>

namespace creditdesk::secrets {

// Well-known secret names (the last part of a key).
namespace names {
inline constexpr QLatin1StringView refreshToken{"refresh_token"};
inline constexpr QLatin1StringView proxyPassword{"proxy_password"};
// BYOK provider keys are "byok:<provider>", e.g. "byok:openai".
inline constexpr QLatin1StringView byokPrefix{"byok:"};
} // namespace names

// Where a secret lives: service "creditdesk", key
// "creditdesk:<server host:port>:<account>:<name>", so two servers or two
// accounts never share a secret. Built only through create()/forServer(),
// which validate every part; a default-constructed key is invalid.
class SecretKey {
public:
    static constexpr QLatin1StringView kService{"creditdesk"};

    SecretKey() = default;

    // `server` is "host:port" (lower-case host, IPv6 in brackets); `account`
    // an opaque id without ':' or whitespace; `name` lower-case [a-z0-9_.:-].
    // invalid_argument otherwise.
    [[nodiscard]] static Result<SecretKey> create(const QString &server, const QString &account,
                                                  const QString &name);
    // As create() with the server's authority taken from a URL (default port
    // of the scheme when it has none).
    [[nodiscard]] static Result<SecretKey> forServer(const QUrl &server, const QString &account,
                                                     const QString &name);
    // "host:port" of an http(s) URL; empty when it has no host or an unknown scheme without a port.
    [[nodiscard]] static QString serverAuthority(const QUrl &url);

    [[nodiscard]] static Result<SecretKey> byok(const QUrl &server, const QString &account,
                                                const QString &provider);

    [[nodiscard]] bool isValid() const { return !m_name.isEmpty(); }
    [[nodiscard]] QString service() const { return QString(kService); }
    [[nodiscard]] const QString &server() const { return m_server; }
    [[nodiscard]] const QString &account() const { return m_account; }
    [[nodiscard]] const QString &name() const { return m_name; }
    // The keychain key: creditdesk:<server>:<account>:<name>.
    [[nodiscard]] QString toString() const;

    friend bool operator==(const SecretKey &, const SecretKey &) = default;

private:
    QString m_server;
    QString m_account;
    QString m_name;
};

} // namespace creditdesk::secrets

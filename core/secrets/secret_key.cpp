#include "core/secrets/secret_key.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace creditdesk::secrets {

namespace {

constexpr qsizetype kMaxPartLength = 256;

Result<void> checkPart(const QString &value, const QRegularExpression &pattern, QLatin1StringView what)
{
    if (value.isEmpty() || value.size() > kMaxPartLength || !pattern.match(value).hasMatch())
        return fail(creditdesk::errc::invalidArgument, u"invalid secret %1"_s.arg(what));
    return {};
}

} // namespace

Result<SecretKey> SecretKey::create(const QString &server, const QString &account, const QString &name)
{
    // host:port with a registered-name, IPv4 or bracketed IPv6 host.
    static const QRegularExpression serverPattern(uR"(^(\[[0-9a-f:.]+\]|[a-z0-9.-]+):[0-9]{1,5}$)"_s);
    static const QRegularExpression accountPattern(uR"(^[\x21-\x39\x3b-\x7e]+$)"_s); // printable, no ':'
    static const QRegularExpression namePattern(uR"(^[a-z0-9_.-]+(:[a-z0-9_.-]+)*$)"_s);
    if (auto ok = checkPart(server, serverPattern, "server"_L1); !ok)
        return std::unexpected(ok.error());
    if (auto ok = checkPart(account, accountPattern, "account"_L1); !ok)
        return std::unexpected(ok.error());
    if (auto ok = checkPart(name, namePattern, "name"_L1); !ok)
        return std::unexpected(ok.error());
    SecretKey key;
    key.m_server = server;
    key.m_account = account;
    key.m_name = name;
    return key;
}

QString SecretKey::serverAuthority(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return {};
    int defaultPort = -1;
    if (url.scheme() == "https"_L1)
        defaultPort = 443;
    else if (url.scheme() == "http"_L1)
        defaultPort = 80;
    const int port = url.port(defaultPort);
    if (port <= 0)
        return {};
    const QString host = url.host(QUrl::FullyEncoded).toLower();
    const QString bracketed = host.contains(u':') ? u'[' + host + u']' : host;
    return bracketed + u':' + QString::number(port);
}

Result<SecretKey> SecretKey::forServer(const QUrl &server, const QString &account, const QString &name)
{
    return create(serverAuthority(server), account, name);
}

Result<SecretKey> SecretKey::byok(const QUrl &server, const QString &account, const QString &provider)
{
    return forServer(server, account, names::byokPrefix + provider);
}

QString SecretKey::toString() const
{
    if (!isValid())
        return {};
    return kService + u':' + m_server + u':' + m_account + u':' + m_name;
}

} // namespace creditdesk::secrets

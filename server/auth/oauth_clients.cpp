#include "server/auth/oauth_clients.h"

#include "core/crypto/primitives.h"
#include "server/auth/auth_errors.h"
#include "server/auth/auth_log.h"
#include "server/db/connection.h"
#include "server/db/sql_values.h"
#include "server/server_environment.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace creditdesk::server::auth {

namespace {

constexpr auto kServiceGrantType = "service_token";

// text[] on PostgreSQL (bound as an array literal, cast in SQL), JSON array on SQLite.
QVariant textArray(const Connection &db, const QStringList &values)
{
    if (db.dialect() == Dialect::Sqlite)
        return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(values)).toJson(QJsonDocument::Compact));
    QStringList quoted;
    for (QString value : values) {
        value.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s);
        quoted.append(u'"' + value + u'"');
    }
    return QString(u'{' + quoted.join(u',') + u'}');
}

QString textArrayParam(const Connection &db)
{
    return db.dialect() == Dialect::PostgreSql ? u"?::text[]"_s : u"?"_s;
}

QStringList readTextArray(const Connection &db, const QVariant &value)
{
    if (value.metaType().id() == QMetaType::QStringList)
        return value.toStringList();
    const QString text = value.toString();
    if (db.dialect() == Dialect::Sqlite) {
        QStringList list;
        for (const QJsonValue &item : QJsonDocument::fromJson(text.toUtf8()).array())
            list.append(item.toString());
        return list;
    }
    // PostgreSQL array literal: {a,"b c","d\"e"}
    QStringList list;
    if (text.size() < 2)
        return list;
    QString current;
    bool quoted = false;
    bool wasQuoted = false;
    for (qsizetype i = 1; i < text.size() - 1; ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'\\' && i + 1 < text.size() - 1)
                current += text.at(++i);
            else if (c == u'"')
                quoted = false;
            else
                current += c;
        } else if (c == u'"') {
            quoted = true;
            wasQuoted = true;
        } else if (c == u',') {
            list.append(current);
            current.clear();
            wasQuoted = false;
        } else {
            current += c;
        }
    }
    if (!current.isEmpty() || wasQuoted)
        list.append(current);
    return list;
}

const QString kClientColumns = u"id, client_id, name, redirect_uris, grant_types, scopes, "
                               "token_endpoint_auth_method, client_secret_hash, is_active"_s;

Result<OAuthClient> readClient(const Connection &db, const QSqlQuery &query)
{
    OAuthClient client;
    client.rowId = sqlv::readUuid(query.value(0));
    client.clientId = query.value(1).toString();
    client.name = query.value(2).toString();
    client.redirectUris = readTextArray(db, query.value(3));
    client.grantTypes = readTextArray(db, query.value(4));
    client.scopes = readTextArray(db, query.value(5));
    client.authMethod = query.value(6).toString();
    client.secretHash = query.value(7).toString().trimmed();
    auto active = sqlv::readBoolean(db, query.value(8));
    if (!active)
        return std::unexpected(active.error());
    client.active = *active;
    return client;
}

bool isLoopbackHost(const QString &host)
{
    return host == "127.0.0.1"_L1 || host == "::1"_L1 || host == "localhost"_L1;
}

} // namespace

QStringList desktopClientScopes()
{
    return {u"openid"_s,      u"email"_s,       u"profile"_s,       u"offline_access"_s,
            u"user.info"_s,   u"credits.read"_s, u"llm.inference"_s, u"models.read"_s};
}

QStringList desktopClientRedirectUris()
{
    return {u"http://127.0.0.1:8327/callback"_s, u"http://127.0.0.1:8329/callback"_s,
            u"http://localhost:8327/callback"_s, u"http://localhost:8329/callback"_s,
            u"ai.rephlo.desktop:/callback"_s};
}

Result<void> ensureDesktopClient(const Connection &db, const ServerEnvironment &env)
{
    const QString sql = u"INSERT INTO oauth_clients (id, client_id, name, redirect_uris, grant_types, scopes, "
                        "token_endpoint_auth_method, require_pkce, skip_consent, is_active) VALUES (?, ?, ?, "_s
                      + textArrayParam(db) + u", "_s + textArrayParam(db) + u", "_s + textArrayParam(db)
                      + u", 'none', ?, ?, ?) ON CONFLICT (client_id) DO NOTHING"_s;
    return execStatement(db.database(), sql,
                         {sqlv::uuid(db, sqlv::newUuid()), env.oauthClientId, u"CreditDesk desktop app"_s,
                          textArray(db, desktopClientRedirectUris()),
                          textArray(db, {u"authorization_code"_s, u"refresh_token"_s}),
                          textArray(db, desktopClientScopes()), sqlv::boolean(db, true), sqlv::boolean(db, true),
                          sqlv::boolean(db, true)});
}

Result<std::optional<OAuthClient>> findClient(const Connection &db, const QString &clientId)
{
    if (clientId.isEmpty() || clientId.size() > 100)
        return std::optional<OAuthClient>();
    QSqlQuery query(db.database());
    query.prepare(u"SELECT "_s + kClientColumns + u" FROM oauth_clients WHERE client_id = ?"_s);
    query.addBindValue(clientId);
    if (!query.exec())
        return std::unexpected(queryError(query, u"find OAuth client"_s));
    if (!query.next())
        return std::optional<OAuthClient>();
    auto client = readClient(db, query);
    if (!client)
        return std::unexpected(client.error());
    return std::optional<OAuthClient>(std::move(*client));
}

bool isRedirectUriAllowed(const OAuthClient &client, const QString &redirectUri)
{
    if (redirectUri.isEmpty() || redirectUri.size() > 2000)
        return false;
    if (client.redirectUris.contains(redirectUri))
        return true;
    const QUrl url(redirectUri, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != "http"_L1 || !isLoopbackHost(url.host()) || !url.userInfo().isEmpty()
        || url.hasFragment() || url.port() <= 0)
        return false;
    for (const QString &registered : client.redirectUris) {
        const QUrl candidate(registered, QUrl::StrictMode);
        if (candidate.scheme() == url.scheme() && candidate.host() == url.host() && candidate.path() == url.path()
            && candidate.query() == url.query())
            return true;
    }
    return false;
}

Result<IssuedServiceToken> issueServiceToken(const Connection &db, const QString &name)
{
    auto secret = crypto::randomBytes(32);
    auto suffix = crypto::randomBytes(4);
    if (!secret || !suffix)
        return std::unexpected(!secret ? secret.error() : suffix.error());
    IssuedServiceToken issued;
    issued.token = crypto::base64UrlEncode(*secret);
    issued.clientId = u"service-%1-%2"_s.arg(name, crypto::toHex(*suffix));
    const QString sql = u"INSERT INTO oauth_clients (id, client_id, name, client_secret_hash, redirect_uris, "
                        "grant_types, scopes, token_endpoint_auth_method, require_pkce, skip_consent, is_active) "
                        "VALUES (?, ?, ?, ?, "_s
                      + textArrayParam(db) + u", "_s + textArrayParam(db) + u", "_s + textArrayParam(db)
                      + u", 'client_secret_basic', ?, ?, ?)"_s;
    auto inserted = execStatement(db.database(), sql,
                                  {sqlv::uuid(db, sqlv::newUuid()), issued.clientId, name,
                                   crypto::sha256Hex(issued.token.toLatin1()), textArray(db, {}),
                                   textArray(db, {QString::fromLatin1(kServiceGrantType)}), textArray(db, {}),
                                   sqlv::boolean(db, false), sqlv::boolean(db, true), sqlv::boolean(db, true)});
    if (!inserted)
        return std::unexpected(inserted.error());
    qCInfo(lcServerAuth) << "issued a service token for" << name;
    return issued;
}

Result<std::optional<QString>> verifyServiceToken(const Connection &db, const QByteArray &token)
{
    if (token.isEmpty() || token.size() > 200)
        return std::optional<QString>();
    const QString presented = crypto::sha256Hex(token);
    QSqlQuery query(db.database());
    query.prepare(u"SELECT "_s + kClientColumns + u" FROM oauth_clients WHERE client_secret_hash IS NOT NULL"_s);
    if (!query.exec())
        return std::unexpected(queryError(query, u"find service tokens"_s));
    std::optional<QString> match;
    while (query.next()) {
        auto client = readClient(db, query);
        if (!client)
            return std::unexpected(client.error());
        if (!client->grantTypes.contains(QString::fromLatin1(kServiceGrantType)) || !client->active)
            continue;
        // Every candidate is compared, so the time does not depend on which one matches.
        if (crypto::constantTimeEquals(presented.toLatin1(), client->secretHash.toLatin1()) && !match)
            match = client->name;
    }
    return match;
}

} // namespace creditdesk::server::auth

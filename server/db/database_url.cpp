#include "server/db/database_url.h"

#include "server/db/db_errors.h"

#include <QRegularExpression>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

std::unexpected<Error> invalid(const QString &message)
{
    return fail(dberr::invalidDatabaseUrl, message);
}

// libpq conninfo values are passed without quoting, so only plain tokens.
bool isPlainToken(const QString &value)
{
    static const QRegularExpression token(u"^[A-Za-z0-9._-]{1,63}$"_s);
    return token.match(value).hasMatch();
}

Result<int> parseBoundedInt(const QString &key, const QString &value, int min, int max)
{
    bool ok = false;
    const int parsed = value.toInt(&ok);
    if (!ok || parsed < min || parsed > max)
        return invalid(
            u"parameter %1 must be an integer in %2..%3, got '%4'"_s.arg(key).arg(min).arg(max).arg(value));
    return parsed;
}

Result<DatabaseConfig> applyPostgresQuery(DatabaseConfig config, const QUrl &url)
{
    const QUrlQuery query(url);
    QStringList seen;
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (seen.contains(key))
            return invalid(u"parameter %1 is given twice"_s.arg(key));
        seen.append(key);
        if (key == "sslmode"_L1) {
            static const QStringList modes{u"disable"_s, u"allow"_s,     u"prefer"_s,
                                           u"require"_s, u"verify-ca"_s, u"verify-full"_s};
            if (!modes.contains(value))
                return invalid(u"sslmode must be one of %1, got '%2'"_s.arg(modes.join(u", "_s), value));
            config.sslMode = value;
        } else if (key == "connect_timeout"_L1) {
            const auto seconds = parseBoundedInt(key, value, 1, 3600);
            if (!seconds)
                return std::unexpected(seconds.error());
            config.connectTimeoutSeconds = *seconds;
        } else if (key == "application_name"_L1) {
            if (!isPlainToken(value))
                return invalid(u"application_name must be 1-63 characters of [A-Za-z0-9._-]"_s);
            config.applicationName = value;
        } else if (key == "connection_limit"_L1) {
            const auto limit = parseBoundedInt(key, value, 1, 1000);
            if (!limit)
                return std::unexpected(limit.error());
            config.connectionLimit = *limit;
        } else {
            return invalid(u"unsupported parameter '%1' (supported: sslmode, connect_timeout, "
                           "application_name, connection_limit)"_s.arg(key));
        }
    }
    return config;
}

Result<DatabaseConfig> parsePostgres(const QUrl &url)
{
    DatabaseConfig config;
    config.dialect = Dialect::PostgreSql;
    config.host = url.host(QUrl::FullyDecoded);
    if (config.host.isEmpty())
        return invalid(u"PostgreSQL URL has no host: use postgresql://USER@HOST:PORT/DB"_s);
    config.user = url.userName(QUrl::FullyDecoded);
    if (config.user.isEmpty())
        return invalid(u"PostgreSQL URL has no user: use postgresql://USER@HOST:PORT/DB"_s);
    config.password = url.password(QUrl::FullyDecoded);
    const int port = url.port(5432);
    if (port < 1 || port > 65535)
        return invalid(u"port must be in 1..65535"_s);
    config.port = port;
    const QString path = url.path(QUrl::FullyDecoded);
    config.databaseName = path.startsWith(u'/') ? path.mid(1) : path;
    if (config.databaseName.isEmpty())
        return invalid(u"PostgreSQL URL has no database name: use postgresql://USER@HOST:PORT/DB"_s);
    if (config.databaseName.contains(u'/'))
        return invalid(u"database name '%1' must not contain '/'"_s.arg(config.databaseName));
    return applyPostgresQuery(std::move(config), url);
}

Result<DatabaseConfig> parseSqlite(const QUrl &url)
{
    if (!url.host().isEmpty() || !url.userInfo().isEmpty() || url.port() != -1)
        return invalid(u"SQLite URL must be sqlite:///absolute/path/file.db (three slashes, no host)"_s);
    if (url.hasQuery())
        return invalid(u"SQLite URL takes no parameters"_s);
    DatabaseConfig config;
    config.dialect = Dialect::Sqlite;
    config.filePath = url.path(QUrl::FullyDecoded);
    if (!config.filePath.startsWith(u'/'))
        return invalid(u"SQLite URL needs an absolute path: sqlite:///absolute/path/file.db"_s);
    if (config.filePath.endsWith(u'/'))
        return invalid(u"SQLite path '%1' names a directory, not a file"_s.arg(config.filePath));
    return config;
}

} // namespace

QLatin1StringView dialectName(Dialect dialect)
{
    return dialect == Dialect::PostgreSql ? "postgresql"_L1 : "sqlite"_L1;
}

QString DatabaseConfig::redactedUrl() const
{
    if (dialect == Dialect::Sqlite)
        return u"sqlite://"_s + filePath;
    QUrl url;
    url.setScheme(u"postgresql"_s);
    url.setUserName(user);
    if (!password.isEmpty())
        url.setPassword(u"***"_s);
    url.setHost(host);
    url.setPort(port);
    url.setPath(u"/"_s + databaseName);
    return url.toString();
}

QString DatabaseConfig::postgresConnectOptions() const
{
    QStringList options;
    options << u"connect_timeout=%1"_s.arg(connectTimeoutSeconds);
    options << u"application_name="_s +
                   (applicationName.isEmpty() ? u"creditdesk-server"_s : applicationName);
    if (!sslMode.isEmpty())
        options << u"sslmode="_s + sslMode;
    return options.join(u';');
}

Result<DatabaseConfig> parseDatabaseUrl(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return invalid(u"database URL is empty"_s);
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid()) {
        // QUrl's message may quote the input, which may hold a password.
        return invalid(u"database URL is malformed (expected postgresql://USER@HOST:PORT/DB "
                       "or sqlite:///absolute/path/file.db)"_s);
    }
    if (url.hasFragment())
        return invalid(u"database URL must not have a #fragment"_s);
    const QString scheme = url.scheme().toLower();
    if (scheme == "postgresql"_L1 || scheme == "postgres"_L1)
        return parsePostgres(url);
    if (scheme == "sqlite"_L1)
        return parseSqlite(url);
    if (scheme.isEmpty())
        return invalid(u"database URL has no scheme (expected postgresql:// or sqlite:///)"_s);
    return invalid(u"unsupported scheme '%1' (expected postgresql:// or sqlite:///)"_s.arg(scheme));
}

} // namespace creditdesk::server

#include "server/embedded/embedded_server.h"

#include "server/billing/billing_admin.h"
#include "server/billing/usage_query_service.h"
#include "server/cli/admin_commands.h"
#include "server/db/connection.h"
#include "server/db/db_errors.h"
#include "server/embedded/server_runtime.h"

#include <QCoreApplication>
#include <QDir>
#include <QHostAddress>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

QString EmbeddedServer::DemoAccount::tokenJson() const
{
    const QJsonObject json{{u"access_token"_s, accessToken},
                           {u"refresh_token"_s, refreshToken},
                           {u"token_type"_s, u"Bearer"_s},
                           {u"expires_in"_s, expiresInSeconds}};
    return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}

EmbeddedServer::~EmbeddedServer() = default;

Result<std::unique_ptr<EmbeddedServer>> EmbeddedServer::start(const Options &options)
{
    if (options.dataDir.isEmpty() || !QDir().mkpath(options.dataDir))
        return fail(dberr::invalidArguments, u"the embedded server needs a writable data directory"_s);
    ServerRuntime::Config config;
    config.dataDir = options.dataDir;
    config.databaseUrl =
        options.databaseUrl.isEmpty()
            ? u"sqlite://"_s + QDir(options.dataDir).absoluteFilePath(u"creditdesk-server.db"_s)
            : options.databaseUrl;
    config.rateLimits = options.rateLimits;
    config.workerThreads = 4;
    config.version = QCoreApplication::applicationVersion();
    auto runtime = ServerRuntime::prepare(config);
    if (!runtime)
        return std::unexpected(runtime.error());
    auto port = (*runtime)->listen(QHostAddress(QHostAddress::LocalHost), 0);
    if (!port)
        return std::unexpected(port.error());
    std::unique_ptr<EmbeddedServer> server(new EmbeddedServer);
    server->m_url = QUrl(u"http://127.0.0.1:%1"_s.arg(*port));
    (*runtime)->publish(server->m_url);
    server->m_runtime = std::move(*runtime);
    return server;
}

bool EmbeddedServer::isRunning() const
{
    return m_runtime && m_runtime->isListening();
}

Result<EmbeddedServer::DemoAccount> EmbeddedServer::seedDemo(const QString &email, int usageRows)
{
    const ServerEnvironment &env = m_runtime->environment();
    auto connection = Connection::open(env.database, u"creditdesk-embedded-admin"_s);
    if (!connection)
        return std::unexpected(connection.error());
    AdminContext context{
        *connection,
        env,
        QHash<QString, QString>{{u"email"_s, email}, {u"rows"_s, QString::number(usageRows)}},
        {},
        {}};
    auto seeded = billing_admin::seedDemo(context);
    if (!seeded)
        return std::unexpected(seeded.error());
    DemoAccount account;
    account.email = seeded->value(u"email"_s).toString();
    account.accessToken = seeded->value(u"access_token"_s).toString();
    account.refreshToken = seeded->value(u"refresh_token"_s).toString();
    account.expiresInSeconds = seeded->value(u"expires_in"_s).toInteger();
    account.seed = *seeded;
    account.seed.remove(u"access_token"_s);
    account.seed.remove(u"refresh_token"_s);
    account.seed.remove(u"token_type"_s);
    account.seed.remove(u"expires_in"_s);
    account.seed.remove(u"password"_s);
    return account;
}

std::int64_t EmbeddedServer::usageVisibilityDelayMs()
{
    return UsageQueryService::kVisibilityDelayMs;
}

void EmbeddedServer::stop()
{
    if (m_runtime)
        m_runtime->stop();
}

} // namespace creditdesk::server

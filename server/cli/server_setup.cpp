#include "server/cli/server_setup.h"

#include "server/db/connection.h"
#include "server/db/db_errors.h"
#include "server/db/migrator.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

QString defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

Result<DatabaseConfig> resolveDatabase(const QString &url, const QString &dataDir)
{
    QString effective = url;
    if (effective.isEmpty())
        effective = qEnvironmentVariable("CREDITDESK_DATABASE_URL");
    if (effective.isEmpty()) {
        if (dataDir.isEmpty() || !QDir().mkpath(dataDir))
            return fail(dberr::invalidArguments, u"cannot create the data directory '%1'"_s.arg(dataDir));
        effective = u"sqlite://"_s + QDir(dataDir).absoluteFilePath(u"creditdesk-server.db"_s);
    }
    return parseDatabaseUrl(effective);
}

Result<int> migrateDatabase(const DatabaseConfig &config, const QString &connectionName)
{
    auto connection = Connection::open(config, connectionName);
    if (!connection)
        return std::unexpected(connection.error());
    const auto report = Migrator(*connection).migrate();
    if (!report)
        return std::unexpected(report.error());
    return report->version;
}

void recordPublicUrl(const QString &dataDir, const QString &publicUrl)
{
    QSaveFile file(QDir(dataDir).filePath(u"server-info.json"_s));
    if (!file.open(QIODevice::WriteOnly))
        return;
    file.write(QJsonDocument(QJsonObject{{u"public_url"_s, publicUrl}}).toJson(QJsonDocument::Compact));
    (void)file.commit();
}

QString recordedPublicUrl(const QString &dataDir)
{
    QFile file(QDir(dataDir).filePath(u"server-info.json"_s));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.read(4096)).object().value(u"public_url"_s).toString();
}

} // namespace creditdesk::server

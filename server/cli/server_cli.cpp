#include "server/cli/server_cli.h"

#include "core/domain/error.h"
#include "server/db/connection.h"
#include "server/db/database_url.h"
#include "server/db/db_errors.h"
#include "server/db/migrator.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

const QString kUsage = uR"(Usage: creditdesk-server <command> [options]

The CreditDesk reference cloud.

Commands:
  migrate --db URL   Create or upgrade the database schema, then print one JSON
                     line: {"applied":[{"name":..,"version":N},..],"version":N}.
                     On failure print {"error":{"code":..,"message":..}} and
                     exit with status 2. URL defaults to $CREDITDESK_DATABASE_URL.

Database URLs:
  postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=..&connect_timeout=..]
  sqlite:///absolute/path/to/file.db

Options:
  -h, --help         Show this help.
  -v, --version      Show the version and the schema version.
)"_s;

void printJson(QTextStream &out, const QJsonObject &object)
{
    out << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)) << u'\n';
    out.flush();
}

int printError(QTextStream &out, const Error &error)
{
    QJsonObject body{{u"code"_s, error.code}, {u"message"_s, error.message}};
    if (!error.details.isEmpty())
        body.insert(u"details"_s, error.details);
    printJson(out, QJsonObject{{u"error"_s, body}});
    return kExitError;
}

int runMigrate(const QString &url, QTextStream &out)
{
    if (url.isEmpty()) {
        return printError(out, makeError(dberr::invalidArguments,
                                         u"migrate needs --db URL (or CREDITDESK_DATABASE_URL)"_s));
    }
    const auto config = parseDatabaseUrl(url);
    if (!config)
        return printError(out, config.error());
    auto connection = Connection::open(*config, u"creditdesk-migrate"_s);
    if (!connection)
        return printError(out, connection.error());
    const auto report = Migrator(*connection).migrate();
    if (!report)
        return printError(out, report.error());
    QJsonArray applied;
    for (const AppliedMigration &m : report->applied)
        applied.append(QJsonObject{{u"version"_s, m.version}, {u"name"_s, m.name}});
    printJson(out, QJsonObject{{u"applied"_s, applied}, {u"version"_s, report->version}});
    return kExitOk;
}

} // namespace

int runServerCli(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    const QCommandLineOption help(QStringList{u"h"_s, u"help"_s});
    const QCommandLineOption version(QStringList{u"v"_s, u"version"_s});
    const QCommandLineOption db(u"db"_s, u"database URL"_s, u"URL"_s);
    parser.addOptions({help, version, db});
    parser.addPositionalArgument(u"command"_s, u"migrate"_s);

    if (!parser.parse(arguments)) {
        err << parser.errorText() << u"\n\n"_s << kUsage;
        err.flush();
        return printError(out, makeError(dberr::invalidArguments, parser.errorText()));
    }
    if (parser.isSet(help)) {
        out << kUsage;
        out.flush();
        return kExitOk;
    }
    if (parser.isSet(version)) {
        const auto pg = loadMigrations(bundledMigrationsPath(Dialect::PostgreSql));
        const auto schema = pg ? QString::number(pg->size()) : u"unknown"_s;
        out << u"creditdesk-server " CREDITDESK_VERSION " (schema "_s << schema << u")\n"_s;
        out.flush();
        return kExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() == 1 && positional.first() == "migrate"_L1) {
        const QString url =
            parser.isSet(db) ? parser.value(db) : qEnvironmentVariable("CREDITDESK_DATABASE_URL");
        return runMigrate(url, out);
    }
    const QString message =
        positional.isEmpty() ? u"no command given"_s : u"unknown command '%1'"_s.arg(positional.join(u' '));
    err << message << u"\n\n"_s << kUsage;
    err.flush();
    return printError(out, makeError(dberr::invalidArguments, message));
}

} // namespace creditdesk::server

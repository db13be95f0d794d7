#include "server/cli/server_cli.h"

#include "core/domain/error.h"
#include "server/cli/admin_cli.h"
#include "server/cli/cli_output.h"
#include "server/cli/serve_command.h"
#include "server/db/connection.h"
#include "server/db/database_url.h"
#include "server/db/db_errors.h"
#include "server/db/migrator.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

const QString kUsage = uR"(Usage: creditdesk-server [serve] [options]
       creditdesk-server admin [--db URL] [--data-dir DIR] <command> [--option value...]
       creditdesk-server migrate --db URL

The CreditDesk reference cloud.

Serve (the default):
  --db URL             Database (default: $CREDITDESK_DATABASE_URL, else SQLite
                       creditdesk-server.db in the data dir). Migrated on start.
  --listen HOST:PORT   Default 127.0.0.1:7150; port 0 picks a free port.
  --data-dir DIR       Signing keys and the default database
                       (default: the user's app data dir).
  --extensions on|off  CreditDesk extensions (api-contract section 10); default on.
  --rate-limits on|off Default on.
  --tls-cert PEM --tls-key PEM   Serve HTTPS.
  --public-url URL     Issuer and public origin (default: the listening URL).
  --threads N          Request worker threads (one database connection each).
  When ready it prints "creditdesk-server listening on <url>"; SIGINT or
  SIGTERM stop it.

Commands:
  admin ...          Administration (creditdesk-server admin --help lists them).
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
    const QString first = arguments.value(1);
    if (first == "admin"_L1) {
        return runAdmin(arguments.mid(2), out, err, [] {
            QFile input;
            if (!input.open(stdin, QIODevice::ReadOnly))
                return QByteArray();
            return input.readAll();
        });
    }
    if (first.isEmpty() || first == "serve"_L1 ||
        (first.startsWith("--"_L1) && first != "--help"_L1 && first != "--version"_L1)) {
        auto options = parseServeOptions(arguments.mid(first == "serve"_L1 ? 2 : 1));
        if (!options) {
            err << options.error().message << u"\n\n"_s << kUsage;
            err.flush();
            return printError(out, options.error());
        }
        return runServe(*options, out, err);
    }

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

#include "server/cli/admin_cli.h"

#include "core/domain/clock.h"
#include "server/auth/oauth_clients.h"
#include "server/cli/admin_commands.h"
#include "server/cli/cli_output.h"
#include "server/cli/server_cli.h"
#include "server/cli/server_setup.h"
#include "server/db/connection.h"
#include "server/db/db_errors.h"
#include "server/module.h"
#include "server/server_environment.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

AdminCommands allCommands()
{
    AdminCommands commands;
    registerAuthAdminCommands(commands);
    registerLicenseAdminCommands(commands);
    registerCouponAdminCommands(commands);
    registerBillingAdminCommands(commands);
    return commands;
}

QString usage(const AdminCommands &commands)
{
    QString text = u"Usage: creditdesk-server admin [--db URL] [--data-dir DIR] [--public-url URL] <command> "
                   u"[--option value...]\n\n"
                   "Prints one JSON object; exit status 0, or 2 with {\"error\":{\"code\",\"message\"}}.\n\n"
                   "Commands:\n"_s;
    for (const AdminCommands::Command &command : commands.all()) {
        QStringList options;
        for (const QString &option : command.options)
            options.append(u"--"_s + option);
        text += u"  "_s + command.name + (options.isEmpty() ? QString() : u' ' + options.join(u' ')) +
                u"\n      "_s + command.summary + u'\n';
    }
    return text;
}

struct Invocation {
    QString databaseUrl;
    QString dataDir;
    QString publicUrl;
    QString command;
    QHash<QString, QString> options;
    QStringList positional;
    bool help = false;
};

Result<Invocation> parse(const QStringList &arguments)
{
    Invocation invocation;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == "--help"_L1 || argument == "-h"_L1) {
            invocation.help = true;
            continue;
        }
        if (!argument.startsWith("--"_L1)) {
            if (invocation.command.isEmpty())
                invocation.command = argument;
            else
                invocation.positional.append(argument);
            continue;
        }
        QString name = argument.sliced(2);
        QString value;
        if (const qsizetype eq = name.indexOf(u'='); eq >= 0) {
            value = name.sliced(eq + 1);
            name.truncate(eq);
        } else if (i + 1 < arguments.size() && !arguments.at(i + 1).startsWith("--"_L1)) {
            value = arguments.at(++i);
        } else {
            return fail(dberr::invalidArguments, u"--%1 needs a value"_s.arg(name));
        }
        if (invocation.command.isEmpty() && name == "db"_L1)
            invocation.databaseUrl = value;
        else if (invocation.command.isEmpty() && name == "data-dir"_L1)
            invocation.dataDir = value;
        else if (invocation.command.isEmpty() && name == "public-url"_L1)
            invocation.publicUrl = value;
        else if (invocation.command.isEmpty())
            return fail(dberr::invalidArguments, u"unknown option --%1 before the command"_s.arg(name));
        else
            invocation.options.insert(name, value);
    }
    return invocation;
}

} // namespace

int runAdmin(const QStringList &arguments, QTextStream &out, QTextStream &err,
             const std::function<QByteArray()> &readStandardInput)
{
    static SystemClock clock;
    const AdminCommands commands = allCommands();
    auto invocation = parse(arguments);
    if (!invocation)
        return printError(out, invocation.error());
    if (invocation->help || invocation->command.isEmpty()) {
        (invocation->help ? out : err) << usage(commands);
        (invocation->help ? out : err).flush();
        if (invocation->help)
            return kExitOk;
        return printError(out, makeError(dberr::invalidArguments, u"no admin command given"_s));
    }
    const AdminCommands::Command *command = commands.find(invocation->command);
    if (!command)
        return printError(out, makeError(dberr::invalidArguments,
                                         u"unknown admin command '%1'"_s.arg(invocation->command)));
    for (auto it = invocation->options.cbegin(); it != invocation->options.cend(); ++it) {
        if (!command->options.contains(it.key()))
            return printError(out, makeError(dberr::invalidArguments,
                                             u"%1 does not take --%2"_s.arg(command->name, it.key())));
    }

    const QString dataDir = invocation->dataDir.isEmpty() ? defaultDataDir() : invocation->dataDir;
    auto database = resolveDatabase(invocation->databaseUrl, dataDir);
    if (!database)
        return printError(out, database.error());
    if (auto migrated = migrateDatabase(*database, u"creditdesk-admin-migrate"_s); !migrated)
        return printError(out, migrated.error());
    auto keys = auth::loadOrCreateSigningKeys(dataDir);
    if (!keys)
        return printError(out, keys.error());

    ServerEnvironment env;
    env.database = *database;
    env.dataDir = dataDir;
    env.clock = &clock;
    env.certificateKey = &keys->certificateKey;
    env.tokenKey = &keys->tokenKey;
    env.startedAtMs = clock.nowMs();
    env.version = QCoreApplication::applicationVersion();
    // Tokens must carry the running server's issuer: --public-url, else
    // $CREDITDESK_PUBLIC_URL, else what the server recorded in the data dir.
    QString publicUrl = invocation->publicUrl;
    if (publicUrl.isEmpty())
        publicUrl = qEnvironmentVariable("CREDITDESK_PUBLIC_URL");
    if (publicUrl.isEmpty())
        publicUrl = recordedPublicUrl(dataDir);
    env.publicBaseUrl = QUrl(publicUrl.isEmpty() ? u"http://127.0.0.1:7150"_s : publicUrl);

    auto connection = Connection::open(env.database, u"creditdesk-admin"_s);
    if (!connection)
        return printError(out, connection.error());
    if (auto seeded = auth::ensureDesktopClient(*connection, env); !seeded)
        return printError(out, seeded.error());
    AdminContext context{*connection, env, invocation->options, invocation->positional,
                         command->readsStandardInput ? readStandardInput() : QByteArray()};
    auto result = command->handler(context);
    if (!result) {
        err << command->name << u": "_s << result.error().message << u'\n';
        err.flush();
        return printError(out, result.error());
    }
    printJson(out, *result);
    return kExitOk;
}

} // namespace creditdesk::server

#include "app/cli/cli.h"

#include "app/cli/cli_errors.h"
#include "app/cli/command.h"
#include "app/cli/command_context.h"
#include "app/cli/help.h"
#include "app/cli/output.h"
#include "core/session/profile.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

// Global options that take a value, as they may precede the command word.
bool takesValue(const QString &argument)
{
    return argument == "--server"_L1 || argument == "--profile"_L1 || argument == "-server"_L1 ||
           argument == "-profile"_L1;
}

// Options of QGuiApplication that take a value (so `creditdesk -platform
// offscreen` starts the app instead of running a command "offscreen").
bool isGuiOptionWithValue(const QString &argument)
{
    static const QStringList options{
        u"-platform"_s, u"-platformpluginpath"_s, u"-platformtheme"_s, u"-plugin"_s,      u"-qmljsdebugger"_s,
        u"-style"_s,    u"-stylesheet"_s,         u"-session"_s,       u"-display"_s,     u"-geometry"_s,
        u"-title"_s,    u"-qwindowgeometry"_s,    u"-qwindowtitle"_s,  u"-qwindowicon"_s, u"--platform"_s,
        u"--style"_s};
    return options.contains(argument);
}

// The first two words that are not options or option values: the command
// name (one or two words).
QStringList commandWords(const QStringList &arguments)
{
    QStringList words;
    for (qsizetype i = 1; i < arguments.size() && words.size() < 2; ++i) {
        const QString &argument = arguments.at(i);
        if (argument == "--"_L1) {
            for (qsizetype j = i + 1; j < arguments.size() && words.size() < 2; ++j)
                words.append(arguments.at(j));
            break;
        }
        if (argument.startsWith(u'-')) {
            if (takesValue(argument) || isGuiOptionWithValue(argument))
                ++i;
            continue;
        }
        words.append(argument);
    }
    return words;
}

void configureLogging(bool verbose)
{
    // The command reports its own errors; core's log lines are for --verbose
    // (or the user's own QT_LOGGING_RULES).
    if (qEnvironmentVariableIsSet("QT_LOGGING_RULES"))
        return;
    if (verbose)
        QLoggingCategory::setFilterRules(u"creditdesk.*.debug=false"_s);
    else
        QLoggingCategory::setFilterRules(
            u"creditdesk.*.debug=false\ncreditdesk.*.info=false\ncreditdesk.*.warning=false"_s);
}

struct GlobalOptionSet {
    QCommandLineOption server{u"server"_s, u"The server's URL (remembered for the profile by 'login')."_s,
                              u"URL"_s};
    QCommandLineOption profile{u"profile"_s,
                               u"The profile directory (default: $CREDITDESK_PROFILE, else the app data "
                               u"location)."_s,
                               u"DIR"_s};
    QCommandLineOption json{u"json"_s, u"Print one JSON document on stdout, errors included."_s};
    QCommandLineOption verbose{u"verbose"_s, u"Show log messages on stderr."_s};
    QCommandLineOption help{{u"h"_s, u"help"_s}, u"Show help."_s};
    QCommandLineOption version{u"version"_s, u"Show the version."_s};

    [[nodiscard]] QList<QCommandLineOption> all() const
    {
        return {server, profile, json, verbose, help, version};
    }
};

Error usage(QLatin1StringView code, const QString &message)
{
    return makeError(code, message);
}

} // namespace

bool isCommandLine(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    if (!commandWords(arguments).isEmpty())
        return true;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == "--"_L1)
            break;
        if (argument == "-h"_L1 || argument == "--help"_L1 || argument == "-help"_L1 ||
            argument == "--version"_L1 || argument == "-version"_L1 || argument == "--json"_L1 ||
            argument == "-json"_L1)
            return true;
    }
    return false;
}

int run(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"CreditDesk"_s);
    QCoreApplication::setApplicationName(u"creditdesk"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(CREDITDESK_VERSION));

    const QStringList arguments = QCoreApplication::arguments();
    const qsizetype optionsEnd = arguments.indexOf(u"--"_s);
    const QStringList optionPart = optionsEnd < 0 ? arguments : arguments.first(optionsEnd);
    Output out(optionPart.contains(u"--json"_s) || optionPart.contains(u"-json"_s));
    configureLogging(optionPart.contains(u"--verbose"_s) || optionPart.contains(u"-verbose"_s));

    const GlobalOptionSet global;
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions(global.all());

    const QStringList words = commandWords(arguments);
    qsizetype consumed = 0;
    const CommandInfo *info = CommandRegistry::instance().find(words, &consumed);
    const auto usageFailure = [&out](const Error &error, const QString &hint) {
        out.error(error, error.message, hint);
        return 1;
    };
    const QString listHint = u"Run 'creditdesk --help' for the list of commands."_s;

    if (!info) {
        if (!parser.parse(arguments))
            return usageFailure(usage(errc::usageError, parser.errorText()), listHint);
        if (parser.isSet(global.version)) {
            out.line(u"creditdesk "_s + QCoreApplication::applicationVersion());
            out.document({{u"version"_s, QCoreApplication::applicationVersion()}});
            return 0;
        }
        if (!words.isEmpty())
            return usageFailure(usage(errc::unknownCommand, u"unknown command '%1'"_s.arg(words.join(u' '))),
                                listHint);
        if (parser.isSet(global.help)) {
            printOverview(out, global.all());
            return 0;
        }
        return usageFailure(usage(errc::usageError, u"no command given"_s), listHint);
    }

    std::unique_ptr<Command> command = info->create();
    parser.addOptions(command->options());
    const QString commandHint = u"Run 'creditdesk %1 --help' for its usage."_s.arg(info->name);
    if (!parser.parse(arguments))
        return usageFailure(usage(errc::usageError, parser.errorText()), commandHint);
    if (parser.isSet(global.help)) {
        printCommandHelp(out, *info, command->options(), global.all());
        return 0;
    }
    GlobalOptions globals;
    globals.json = parser.isSet(global.json);
    globals.verbose = parser.isSet(global.verbose);
    globals.profileDir = parser.value(global.profile);
    if (parser.isSet(global.server)) {
        auto server = session::parseServerUrl(parser.value(global.server));
        if (!server)
            return usageFailure(usage(errc::invalidArgument, u"--server: "_s + server.error().message),
                                commandHint);
        globals.server = *server;
    }
    if (parser.isSet(global.profile) && globals.profileDir.isEmpty())
        return usageFailure(usage(errc::invalidArgument, u"--profile needs a directory"_s), commandHint);

    int exitCode = 0;
    CommandContext context(*info, parser, parser.positionalArguments().sliced(consumed), globals, out,
                           [&exitCode, &app](int code) {
                               exitCode = code;
                               QTimer::singleShot(0, &app, [code] { QCoreApplication::exit(code); });
                           });
    if (auto prepared = command->prepare(context); !prepared) {
        context.usageError(prepared.error());
        return exitCode;
    }
    QTimer::singleShot(0, &context, [&command, &context] { command->run(context); });
    QCoreApplication::exec();
    return exitCode;
}

} // namespace creditdesk::cli

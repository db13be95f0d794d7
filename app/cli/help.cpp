#include "app/cli/help.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

const QString kSynopsis = u"creditdesk [--server URL] [--profile DIR] <command> [options] [--json]"_s;
const QString kExitStatus = u"Exit status: 0 on success, 1 on a usage error, 2 when the operation failed."_s;

QString optionNames(const QCommandLineOption &option)
{
    QStringList names;
    for (const QString &name : option.names())
        names.append((name.size() == 1 ? u"-"_s : u"--"_s) + name);
    QString text = names.join(u", "_s);
    if (!option.valueName().isEmpty())
        text += u' ' + option.valueName();
    return text;
}

QStringList optionLines(const QList<QCommandLineOption> &options)
{
    qsizetype width = 0;
    for (const QCommandLineOption &option : options)
        width = std::max(width, optionNames(option).size());
    QStringList lines;
    for (const QCommandLineOption &option : options)
        lines.append(u"  "_s + optionNames(option).leftJustified(width + 2) + option.description());
    return lines;
}

QJsonArray optionsJson(const QList<QCommandLineOption> &options)
{
    QJsonArray list;
    for (const QCommandLineOption &option : options) {
        QJsonObject entry{{u"names"_s, QJsonArray::fromStringList(option.names())},
                          {u"description"_s, option.description()}};
        if (!option.valueName().isEmpty())
            entry.insert(u"value"_s, option.valueName());
        list.append(entry);
    }
    return list;
}

QString commandSynopsis(const CommandInfo &info)
{
    return info.arguments.isEmpty() ? info.name : info.name + u' ' + info.arguments;
}

} // namespace

void printOverview(Output &out, const QList<QCommandLineOption> &globalOptions)
{
    const QList<const CommandInfo *> commands = CommandRegistry::instance().commands();
    if (out.json()) {
        QJsonArray list;
        for (const CommandInfo *info : commands)
            list.append(QJsonObject{
                {u"name"_s, info->name}, {u"arguments"_s, info->arguments}, {u"summary"_s, info->summary}});
        out.document(
            {{u"usage"_s, kSynopsis}, {u"commands"_s, list}, {u"options"_s, optionsJson(globalOptions)}});
        return;
    }
    out.line(u"Usage: "_s + kSynopsis);
    out.line();
    out.line(u"CreditDesk on the command line: your plan, credits, usage, license, devices,"_s);
    out.line(u"BYOK mode and provider keys, and coupons."_s);
#ifdef CREDITDESK_HAS_GUI
    out.line(u"Without a command, creditdesk starts the desktop app."_s);
#endif
    out.line();
    out.line(u"Commands:"_s);
    qsizetype width = 0;
    for (const CommandInfo *info : commands)
        width = std::max(width, info->name.size());
    for (const CommandInfo *info : commands)
        out.line(u"  "_s + info->name.leftJustified(width + 2) + info->summary);
    out.line();
    out.line(u"Options:"_s);
    for (const QString &line : optionLines(globalOptions))
        out.line(line);
    out.line();
    out.line(u"Run 'creditdesk <command> --help' for a command's options."_s);
    out.line(kExitStatus);
}

void printCommandHelp(Output &out, const CommandInfo &info, const QList<QCommandLineOption> &options,
                      const QList<QCommandLineOption> &globalOptions)
{
    const QString usage = u"creditdesk [global options] "_s + commandSynopsis(info);
    if (out.json()) {
        out.document({{u"name"_s, info.name},
                      {u"usage"_s, usage},
                      {u"summary"_s, info.summary},
                      {u"details"_s, info.details},
                      {u"options"_s, optionsJson(options)},
                      {u"global_options"_s, optionsJson(globalOptions)}});
        return;
    }
    out.line(u"Usage: "_s + usage);
    out.line();
    out.line(info.summary);
    if (!info.details.isEmpty()) {
        out.line();
        for (const QString &line : info.details.split(u'\n'))
            out.line(line);
    }
    if (!options.isEmpty()) {
        out.line();
        out.line(u"Options:"_s);
        for (const QString &line : optionLines(options))
            out.line(line);
    }
    out.line();
    out.line(u"Global options:"_s);
    for (const QString &line : optionLines(globalOptions))
        out.line(line);
    out.line();
    out.line(kExitStatus);
}

} // namespace creditdesk::cli

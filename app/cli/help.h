#pragma once

#include "app/cli/command.h"
#include "app/cli/output.h"

#include <QCommandLineOption>
#include <QList>

namespace creditdesk::cli {

// `creditdesk --help`: the synopsis, every registered command and the global options.
void printOverview(Output &out, const QList<QCommandLineOption> &globalOptions);
// `creditdesk <command> --help`.
void printCommandHelp(Output &out, const CommandInfo &info, const QList<QCommandLineOption> &options,
                      const QList<QCommandLineOption> &globalOptions);

} // namespace creditdesk::cli

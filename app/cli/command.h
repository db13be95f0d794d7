#pragma once

#include "core/domain/error.h"

#include <QCommandLineOption>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <map>
#include <memory>

namespace creditdesk::cli {

class CommandContext;

// One command of `creditdesk [global options] <command> [options] [arguments]`.
// The runner makes a fresh instance per invocation, parses the global options
// and options() together, calls prepare() and then run(). run() works
// asynchronously and ends exactly once through the context: succeed() (exit
// 0), fail() (exit 2) or usageError() (exit 1).
class Command {
public:
    Command() = default;
    virtual ~Command() = default;
    Command(const Command &) = delete;
    Command &operator=(const Command &) = delete;

    // The command's own options (the global ones are added by the runner).
    [[nodiscard]] virtual QList<QCommandLineOption> options() const { return {}; }
    // Checks positional arguments and option values before anything runs; an
    // error here is a usage error (exit 1, with a hint to the command's help).
    [[nodiscard]] virtual Result<void> prepare(const CommandContext &context) = 0;
    virtual void run(CommandContext &context) = 0;
};

struct CommandInfo {
    QString name;      // "status", or two words for a sub-command: "coupon validate"
    QString arguments; // what follows the name in the synopsis: "CODE", "[--limit N]"
    QString summary;   // one line for `creditdesk --help`
    QString details;   // more text for `creditdesk <command> --help` (may be empty)
    std::function<std::unique_ptr<Command>()> create;
};

// Every command the binary knows. A command is one .cpp file in
// app/cli/commands/ that registers itself with a file-scope
//     const RegisterCommand<MyCommand> registered{{name, arguments, summary, details}};
// (app/cli/CMakeLists.txt picks up every file there).
class CommandRegistry {
public:
    static CommandRegistry &instance();

    // False (and a warning) when the name is taken or empty.
    bool add(CommandInfo info);
    // The command named by the leading words of `words` (two-word names win
    // over one-word ones); `consumed` gets the number of words it took.
    [[nodiscard]] const CommandInfo *find(const QStringList &words, qsizetype *consumed) const;
    // Sorted by name.
    [[nodiscard]] QList<const CommandInfo *> commands() const;

private:
    std::map<QString, CommandInfo> m_commands;
};

template <typename T>
class RegisterCommand {
public:
    explicit RegisterCommand(CommandInfo info)
    {
        info.create = [] {
            return std::make_unique<T>();
        };
        CommandRegistry::instance().add(std::move(info));
    }
};

} // namespace creditdesk::cli

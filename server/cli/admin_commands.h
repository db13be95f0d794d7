#pragma once

#include "core/domain/error.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace creditdesk::server {

class Connection;
struct ServerEnvironment;

// What one `creditdesk-server admin --db URL <command> [--option value…]`
// invocation sees. Options are `--name value` pairs (flags without a value
// are not used); unknown options are an error reported by the dispatcher.
struct AdminContext {
    Connection &db;
    const ServerEnvironment &env;
    QHash<QString, QString> options; // "email" → "a@b.c" (without the dashes)
    QStringList positional;          // e.g. IN OUT of answer-offline-request
    QByteArray standardInput;        // read only when the command asks for it (create-user)

    // `invalid_arguments` naming the option when it is missing or empty.
    [[nodiscard]] Result<QString> required(const QString &name) const;
    [[nodiscard]] QString optional(const QString &name, const QString &fallback = {}) const;
};

// Prints the JSON object on stdout and exits 0, or prints
// {"error":{"code","message"}} and exits 2.
using AdminHandler = std::function<Result<QJsonObject>(AdminContext &context)>;

class AdminCommands {
public:
    struct Command {
        QString name;
        QStringList options; // accepted option names, e.g. {"email", "tier", "status", "interval"}
        QString summary;     // one line for --help
        bool readsStandardInput = false;
        AdminHandler handler;
    };

    void add(Command command);
    [[nodiscard]] const Command *find(const QString &name) const;
    [[nodiscard]] const QList<Command> &all() const { return m_commands; }

private:
    QList<Command> m_commands;
};

} // namespace creditdesk::server

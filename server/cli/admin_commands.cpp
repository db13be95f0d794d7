#include "server/cli/admin_commands.h"

#include "server/db/db_errors.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server {

Result<QString> AdminContext::required(const QString &name) const
{
    const QString value = options.value(name).trimmed();
    if (value.isEmpty())
        return fail(dberr::invalidArguments, u"--%1 is required"_s.arg(name));
    return value;
}

QString AdminContext::optional(const QString &name, const QString &fallback) const
{
    const auto it = options.constFind(name);
    return it == options.constEnd() ? fallback : *it;
}

void AdminCommands::add(Command command)
{
    for (qsizetype i = 0; i < m_commands.size(); ++i) {
        if (m_commands.at(i).name == command.name) {
            m_commands[i] = std::move(command); // the last registration wins
            return;
        }
    }
    m_commands.append(std::move(command));
}

const AdminCommands::Command *AdminCommands::find(const QString &name) const
{
    for (const Command &command : m_commands) {
        if (command.name == name)
            return &command;
    }
    return nullptr;
}

} // namespace creditdesk::server

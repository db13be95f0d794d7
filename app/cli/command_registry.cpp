#include "app/cli/command.h"

#include <QDebug>

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

CommandRegistry &CommandRegistry::instance()
{
    static CommandRegistry registry;
    return registry;
}

bool CommandRegistry::add(CommandInfo info)
{
    const QString name = info.name;
    if (name.isEmpty() || m_commands.contains(name) || !info.create) {
        qWarning().noquote() << "creditdesk: command" << name << "is registered twice or incomplete";
        return false;
    }
    m_commands.emplace(name, std::move(info));
    return true;
}

const CommandInfo *CommandRegistry::find(const QStringList &words, qsizetype *consumed) const
{
    if (words.size() >= 2) {
        if (auto it = m_commands.find(words.at(0) + u' ' + words.at(1)); it != m_commands.end()) {
            *consumed = 2;
            return &it->second;
        }
    }
    if (!words.isEmpty()) {
        if (auto it = m_commands.find(words.at(0)); it != m_commands.end()) {
            *consumed = 1;
            return &it->second;
        }
    }
    *consumed = 0;
    return nullptr;
}

QList<const CommandInfo *> CommandRegistry::commands() const
{
    QList<const CommandInfo *> all;
    for (const auto &[name, info] : m_commands)
        all.append(&info);
    return all;
}

} // namespace creditdesk::cli

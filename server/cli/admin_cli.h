#pragma once

#include <QByteArray>
#include <QStringList>
#include <QTextStream>

#include <functional>

namespace creditdesk::server {

// `creditdesk-server admin [--db URL] [--data-dir DIR] <command> [--name value…] [positional…]`:
// migrates, loads the signing keys of the data dir, runs one command of any
// module and prints its JSON object (exit 0) or {"error":{"code","message"}} (exit 2).
// `readStandardInput` is called only for commands that read it (create-user).
[[nodiscard]] int runAdmin(const QStringList &arguments, QTextStream &out, QTextStream &err,
                           const std::function<QByteArray()> &readStandardInput);

} // namespace creditdesk::server

#pragma once

#include <QStringList>
#include <QTextStream>

namespace creditdesk::server {

// Exit codes of creditdesk-server.
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 2;

// The command line of creditdesk-server (arguments include the program name):
//   [serve] [--db URL --listen HOST:PORT …]   run the HTTP server (serve_command.h)
//   admin [--db URL] [--data-dir DIR] <command> …   admin_cli.h
//   migrate --db URL   apply pending migrations; prints one JSON line on stdout,
//                      {"applied":[{"name","version"}...],"version":N} (exit 0)
//                      or {"error":{"code","message"[,"details"]}} (exit 2).
//                      URL defaults to $CREDITDESK_DATABASE_URL.
//   --help, --version
// Logs go to stderr through the Qt logging categories.
[[nodiscard]] int runServerCli(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace creditdesk::server

#pragma once

namespace creditdesk::cli {

// Whether `argv` asks for the command line rather than the desktop app: it
// names a command, or asks for --help, --version or --json. Reads argv only:
// it runs before any Q*Application exists, so a command never needs a display.
[[nodiscard]] bool isCommandLine(int argc, char **argv);

// `creditdesk [--server URL] [--profile DIR] <command> [options] [--json]` on a
// QCoreApplication. Returns the exit status: 0 success, 1 usage error, 2 the
// operation failed.
int run(int argc, char **argv);

} // namespace creditdesk::cli

#pragma once

namespace creditdesk::server {

// SIGINT and SIGTERM quit the application's event loop (a self-pipe keeps the
// signal handler async-signal-safe). Call once after QCoreApplication exists.
void quitOnTerminationSignals();

} // namespace creditdesk::server

#pragma once

#include "core/domain/error.h"

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace creditdesk::server {

// `creditdesk-server [serve] [options]` (see the usage text in server_cli.cpp).
struct ServeOptions {
    QString databaseUrl;           // empty = $CREDITDESK_DATABASE_URL or SQLite in the data dir
    QString listenHost = QStringLiteral("127.0.0.1");
    int listenPort = 7150;         // 0 = a free port
    QString dataDir;               // empty = QStandardPaths::AppDataLocation
    bool extensions = true;
    bool rateLimits = true;
    QString tlsCertificate;
    QString tlsKey;
    QString publicUrl;             // empty = derived from the listening address
    int workerThreads = 0;         // 0 = automatic
    bool testRoutes = false;       // /__test/* for the HTTP layer's own tests
};

// `invalid_arguments` naming the bad option.
[[nodiscard]] Result<ServeOptions> parseServeOptions(const QStringList &arguments);

// Migrates, loads (or creates) the keys, listens, prints
// "creditdesk-server listening on <url>" on `out` and runs until SIGINT/SIGTERM.
// Exit 0 after a clean stop, 2 (with a JSON error line on `out`) when it cannot start.
[[nodiscard]] int runServe(const ServeOptions &options, QTextStream &out, QTextStream &err);

} // namespace creditdesk::server

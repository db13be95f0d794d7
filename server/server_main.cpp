#include "server/cli/server_cli.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    // The server keeps every time in UTC. With TZ unset, glibc re-reads
    // /etc/localtime for each local-time conversion, which QPSQL does for
    // every timestamptz it returns (docs/benchmarks.md).
    qputenv("TZ", "UTC");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("creditdesk-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CREDITDESK_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return creditdesk::server::runServerCli(QCoreApplication::arguments(), out, err);
}

#include "server/cli/server_cli.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("creditdesk-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CREDITDESK_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return creditdesk::server::runServerCli(QCoreApplication::arguments(), out, err);
}

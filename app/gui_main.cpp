#include "app/gui_main.h"

#include <QApplication>
#include <QCommandLineParser>

using namespace Qt::StringLiterals;

namespace creditdesk::app {

int runGui(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"CreditDesk"_s);
    QApplication::setApplicationName(u"creditdesk"_s);
    QApplication::setApplicationVersion(QStringLiteral(CREDITDESK_VERSION));
    // Matches the window to packaging/linux/dev.creditdesk.CreditDesk.desktop (Wayland).
    QApplication::setDesktopFileName(u"dev.creditdesk.CreditDesk"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"CreditDesk: licenses, credits and usage of your AI subscription"_s);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({u"server"_s, u"The server's URL."_s, u"URL"_s});
    parser.addOption({u"profile"_s, u"The profile directory."_s, u"DIR"_s});
    parser.process(app);
    return 0;
}

} // namespace creditdesk::app

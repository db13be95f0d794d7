#include "app/gui_main.h"

#ifdef CREDITDESK_HAS_DEMO
#include "app/demo/demo_mode.h"
#endif

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
#ifdef CREDITDESK_HAS_DEMO
    parser.addOption(
        {u"demo"_s, u"Try CreditDesk with a demo account on a built-in server (nothing is saved)."_s});
    parser.addOption(
        {u"screenshot"_s,
         u"With --demo: save the window as PNG after the first sync and quit (--screenshot=FILE)."_s,
         u"FILE"_s});
#endif
    parser.process(app);
#ifdef CREDITDESK_HAS_DEMO
    if (parser.isSet(u"demo"_s))
        return runDemo(DemoOptions{parser.value(u"screenshot"_s)});
#endif
    return 0;
}

} // namespace creditdesk::app

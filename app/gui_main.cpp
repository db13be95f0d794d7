#include "app/gui_main.h"

#ifdef CREDITDESK_HAS_DEMO
#include "app/demo/demo_mode.h"
#endif

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace creditdesk::app {

namespace {

// Qt's own strings and ours (compiled into creditdesk_ui under :/i18n) in the
// system's language; English when there is no translation for it.
void installTranslations(QApplication &app)
{
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(), u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    auto *ours = new QTranslator(&app);
    if (ours->load(QLocale(), u"creditdesk"_s, u"_"_s, u":/i18n"_s))
        QApplication::installTranslator(ours);
}

} // namespace

int runGui(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"CreditDesk"_s);
    QApplication::setApplicationName(u"creditdesk"_s);
    QApplication::setApplicationVersion(QStringLiteral(CREDITDESK_VERSION));
    // Matches the window to packaging/linux/dev.creditdesk.CreditDesk.desktop (Wayland).
    QApplication::setDesktopFileName(u"dev.creditdesk.CreditDesk"_s);
    installTranslations(app);

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

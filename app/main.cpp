#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("CreditDesk"));
    QApplication::setApplicationName(QStringLiteral("creditdesk"));
    QApplication::setApplicationVersion(QStringLiteral(CREDITDESK_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("CreditDesk: licenses, credits and usage of your AI subscription"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);
    return 0;
}

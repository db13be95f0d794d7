#include "tests/support/test_support.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

namespace {

// Tests never touch the user's profile: QStandardPaths points at ~/.qttest.
void enableStandardPathsTestMode()
{
    QStandardPaths::setTestModeEnabled(true);
}

} // namespace

Q_COREAPP_STARTUP_FUNCTION(enableStandardPathsTestMode)

namespace creditdesk::test {

QString dataPath(const QString &relative)
{
    return QDir(qEnvironmentVariable("CREDITDESK_TEST_DATA")).filePath(relative);
}

QString postgresUrl()
{
    return qEnvironmentVariable("CREDITDESK_TEST_PG_URL");
}

bool postgresRequired()
{
    return qEnvironmentVariable("CI") == QLatin1StringView("true");
}

} // namespace creditdesk::test

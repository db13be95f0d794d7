#include "tests/unit/secrets/keychain_test_support.h"

#include <QtGlobal>

using namespace Qt::StringLiterals;

namespace creditdesk::test {

QString secretServiceUnavailableReason()
{
    if (qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").isEmpty())
        return u"no D-Bus session: run under dbus-run-session with gnome-keyring unlocked, as scripts/test.sh does"_s;
    return {};
}

} // namespace creditdesk::test

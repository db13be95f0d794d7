#pragma once

#include <QString>

namespace creditdesk::test {

// Why the real Secret Service cannot be used here ("" when it can): keychain
// tests run under dbus-run-session with an unlocked gnome-keyring
// (scripts/test.sh). Skip with it, except under CI=true where it is a failure.
[[nodiscard]] QString secretServiceUnavailableReason();

} // namespace creditdesk::test

#define CREDITDESK_REQUIRE_SECRET_SERVICE()                                                                  \
    do {                                                                                                     \
        const QString reason_ = ::creditdesk::test::secretServiceUnavailableReason();                        \
        if (!reason_.isEmpty()) {                                                                            \
            if (qEnvironmentVariable("CI") == QStringLiteral("true"))                                        \
                QFAIL(qPrintable(reason_));                                                                  \
            QSKIP(qPrintable(reason_));                                                                      \
        }                                                                                                    \
    } while (false)

#include "core/secrets/keychain_errors_p.h"
#include "core/secrets/secret_errors.h"

#include <qt6keychain/keychain.h>

#include <array>

using namespace Qt::StringLiterals;

namespace creditdesk::secrets::keychain {

namespace {

// Observed with QtKeychain 0.13 over libsecret 0.20 (Debian 12):
//  DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent → "Could not connect: No such file or directory"
//  no DBUS_SESSION_BUS_ADDRESS and no $DISPLAY      → "Cannot autolaunch D-Bus without X11 $DISPLAY"
//  a bus without any Secret Service provider        → "The name org.freedesktop.secrets was not
//                                                      provided by any .service files"
// and the KWallet / gnome-keyring backends' own wording.
constexpr std::array kUnavailableMarkers{
    "Could not connect"_L1,
    "Cannot autolaunch D-Bus"_L1,
    "D-Bus is not running"_L1,
    "org.freedesktop.secrets"_L1,
    "org.freedesktop.DBus.Error.ServiceUnknown"_L1,
    "org.freedesktop.DBus.Error.NoServer"_L1,
    "org.freedesktop.DBus.Error.Spawn"_L1,
    "not provided by any .service files"_L1,
    "No keychain service available"_L1,
    "No keyring daemon"_L1,
    "Error spawning command line"_L1,
    "Connection refused"_L1,
};

QString operationName(Operation operation)
{
    switch (operation) {
    case Operation::Read:
        return u"read"_s;
    case Operation::Write:
        return u"store"_s;
    case Operation::Remove:
        return u"remove"_s;
    }
    return u"use"_s;
}

} // namespace

bool isServiceUnavailable(const Failure &failure)
{
    switch (failure.backendError) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return true;
    case QKeychain::OtherError:
        for (const QLatin1StringView marker : kUnavailableMarkers) {
            if (failure.backendMessage.contains(marker, Qt::CaseInsensitive))
                return true;
        }
        return false;
    default:
        return false;
    }
}

Error toError(Operation operation, const Failure &failure, int attempts)
{
    const QJsonObject details{{u"backend_error"_s, failure.backendError},
                              {u"backend_message"_s, failure.backendMessage},
                              {u"attempts"_s, attempts}};
    if (isServiceUnavailable(failure)) {
        return makeError(
            errc::secretServiceUnavailable,
            u"No Secret Service (keyring) is running in this desktop session, so CreditDesk "
            "cannot %1 secrets safely. Start or unlock your keyring (GNOME Keyring, KWallet "
            "with its Secret Service, or KeePassXC's Secret Service integration) and try "
            "again; secrets are never written to disk in plain text."_s.arg(operationName(operation)),
            details);
    }
    switch (failure.backendError) {
    case QKeychain::EntryNotFound:
        return makeError(errc::secretNotFound, u"no secret is stored under this key"_s, details);
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return makeError(errc::secretAccessDenied,
                         u"The keyring refused access: it is locked or access was denied. Unlock it and "
                         "try again."_s,
                         details);
    default:
        return makeError(errc::secretStoreFailed,
                         u"The keyring could not %1 the secret: %2"_s.arg(operationName(operation),
                                                                          failure.backendMessage),
                         details);
    }
}

} // namespace creditdesk::secrets::keychain

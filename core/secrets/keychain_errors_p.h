#pragma once

#include "core/domain/error.h"

#include <QString>

// How QtKeychain failures become core/secrets error codes. Private to
// core/secrets and its tests; keeps <qt6keychain/keychain.h> out of headers.
namespace creditdesk::secrets::keychain {

enum class Operation { Read, Write, Remove };

// `backendError` is a QKeychain::Error value, `backendMessage` its errorString().
struct Failure {
    int backendError = 0;
    QString backendMessage;
};

// True when nothing answers for the Secret Service: QtKeychain reports
// NoBackendAvailable, or (libsecret backend) OtherError carrying the GIO/D-Bus
// error text of a missing session bus or an unactivatable org.freedesktop.secrets.
// These are the failures worth one retry while the desktop session starts.
[[nodiscard]] bool isServiceUnavailable(const Failure &failure);

// secret_not_found, secret_service_unavailable, secret_access_denied or
// secret_store_failed, with details {backend_error, backend_message, attempts}.
[[nodiscard]] Error toError(Operation operation, const Failure &failure, int attempts);

} // namespace creditdesk::secrets::keychain

#pragma once

#include "core/domain/error.h"

#include <QString>
#include <QtGlobal>

class QNetworkAccessManager;

namespace creditdesk::api {

// How CloudClient reaches the network. The proxy password is not part of the
// settings: it lives in the keychain and is passed to applyProxy() by the caller.
struct ProxySettings {
    enum class Mode {
        System, // the platform's configuration (environment, PAC/WPAD where Qt supports it)
        None,   // direct connections
        Http,   // manual HTTP proxy (CONNECT for https)
        Socks5, // manual SOCKS5 proxy
    };
    Mode mode = Mode::System;
    QString host;
    quint16 port = 0;
    QString user; // empty: no authentication

    friend bool operator==(const ProxySettings &, const ProxySettings &) = default;
};

// Configures `manager` (System: a per-manager factory asking the system for
// every request; None/Http/Socks5: a fixed QNetworkProxy). A manual mode
// without a host or port is `invalid_argument` and leaves `manager` unchanged.
[[nodiscard]] Result<void> applyProxy(QNetworkAccessManager &manager, const ProxySettings &settings,
                                      const QString &password = {});

} // namespace creditdesk::api

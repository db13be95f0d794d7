#pragma once

#include "core/byok/byok_entitlement.h"

#include <memory>

namespace creditdesk::licensing {
class LicenseManager;
}

namespace creditdesk::byok {
class ModeController;
}

namespace creditdesk::sync {
class OutboxReplayer;
}

namespace creditdesk::session {

class AppSession;

// The licensing and BYOK objects of core that AppSession does not wire: the
// outbox (offline deactivations and mode changes queue there), this device's
// LicenseManager and the ModeController. Made on first use over a
// session (the command line's or the window's); they live as long as this object.
class ClientServices {
public:
    explicit ClientServices(AppSession &session);
    ~ClientServices();
    ClientServices(const ClientServices &) = delete;
    ClientServices &operator=(const ClientServices &) = delete;

    [[nodiscard]] sync::OutboxReplayer &outbox();
    [[nodiscard]] licensing::LicenseManager &licenses();
    [[nodiscard]] byok::ModeController &mode();
    // What the licensing layer knows for the BYOK decision, from licenses().
    [[nodiscard]] byok::LicensingSnapshot licensingSnapshot();

private:
    AppSession &m_session;
    std::unique_ptr<sync::OutboxReplayer> m_outbox;
    std::unique_ptr<licensing::LicenseManager> m_licenses;
    std::unique_ptr<byok::ModeController> m_mode;
};

} // namespace creditdesk::session

#pragma once

#include "app/cli/command_context.h"
#include "core/byok/byok_entitlement.h"
#include "core/licensing/seat_list.h"

#include <QJsonArray>
#include <QStringList>

#include <functional>
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

namespace creditdesk::cli {

// The licensing and BYOK objects of core that AppSession does not wire: the
// outbox (offline deactivations and mode changes queue there), this device's
// LicenseManager and the ModeController. Made on first use over the
// command's session; they live as long as the command.
class ClientServices {
public:
    explicit ClientServices(session::AppSession &session);
    ~ClientServices();
    ClientServices(const ClientServices &) = delete;
    ClientServices &operator=(const ClientServices &) = delete;

    [[nodiscard]] sync::OutboxReplayer &outbox();
    [[nodiscard]] licensing::LicenseManager &licenses();
    [[nodiscard]] byok::ModeController &mode();
    // What the licensing layer knows for the BYOK decision, from licenses().
    [[nodiscard]] byok::LicensingSnapshot licensingSnapshot();

private:
    session::AppSession &m_session;
    std::unique_ptr<sync::OutboxReplayer> m_outbox;
    std::unique_ptr<licensing::LicenseManager> m_licenses;
    std::unique_ptr<byok::ModeController> m_mode;
};

// Takes the profile lock, checks the server and restores the stored sign-in,
// then runs `next`. Unlike CommandContext::whenSignedIn, a server that cannot
// be reached is no failure: `next` runs with offline = true, and the
// command's calls then queue in the outbox or fail with the network error.
// Without a stored sign-in, `requireSignIn` false runs `next` unsigned.
void whenReachableOrOffline(CommandContext &context, bool requireSignIn,
                            std::function<void(session::AppSession &, bool offline)> next);

// A seat list for the text (a table, "this device" marked) and JSON outputs.
[[nodiscard]] QJsonArray seatsJson(const licensing::SeatList &seats);
[[nodiscard]] QStringList seatsText(const licensing::SeatList &seats);

} // namespace creditdesk::cli

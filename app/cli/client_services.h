#pragma once

#include "app/cli/command_context.h"
#include "core/licensing/seat_list.h"
#include "core/session/client_services.h"

#include <QJsonArray>
#include <QStringList>

#include <functional>

namespace creditdesk::cli {

using session::ClientServices;

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

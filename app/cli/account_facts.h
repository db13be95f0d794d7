#pragma once

#include "core/domain/error.h"

#include <QString>

#include <functional>

namespace creditdesk::session {
class AppSession;
}

namespace creditdesk::cli {

class CommandContext;

// Who the signed-in user is, as the coupon endpoints want it (api-contract
// §9: the app sends its user id and tier from the mirror).
struct AccountFacts {
    QString userId;
    QString tier;           // "free" without a subscription
    QString subscriptionId; // empty without one
};

// Reads the facts from the mirror, syncing first when it holds no profile
// yet; failures end the command.
void withAccountFacts(CommandContext &context, session::AppSession &session,
                      std::function<void(const AccountFacts &)> next);

} // namespace creditdesk::cli

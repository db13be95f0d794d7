#pragma once

#include "core/domain/error.h"
#include "core/store/account_repository.h"

#include <QString>

#include <functional>

namespace creditdesk::session {
class AppSession;
}

namespace creditdesk::cli {

class CommandContext;

using store::AccountFacts;

// Reads the facts from the mirror, syncing first when it holds no profile
// yet; failures end the command.
void withAccountFacts(CommandContext &context, session::AppSession &session,
                      std::function<void(const AccountFacts &)> next);

} // namespace creditdesk::cli

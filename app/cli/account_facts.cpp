#include "app/cli/account_facts.h"

#include "app/cli/command_context.h"
#include "core/session/app_session.h"
#include "core/store/account_repository.h"
#include "core/sync/sync_errors.h"

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

void withAccountFacts(CommandContext &context, session::AppSession &s,
                      std::function<void(const AccountFacts &)> next)
{
    auto facts = store::AccountRepository(s.mirror()).facts();
    if (!facts)
        return context.fail(facts.error());
    if (*facts) {
        next(**facts);
        return;
    }
    context.sync(s, [&context, &s, next = std::move(next)](const sync::SyncResult &result) {
        auto again = store::AccountRepository(s.mirror()).facts();
        if (!again)
            return context.fail(again.error());
        if (!*again)
            return context.fail(result.error ? *result.error
                                             : makeError(sync::errc::profileMissing,
                                                         u"the server sent no profile for this account"_s));
        next(**again);
    });
}

} // namespace creditdesk::cli

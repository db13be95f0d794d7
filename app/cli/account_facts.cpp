#include "app/cli/account_facts.h"

#include "app/cli/command_context.h"
#include "core/session/app_session.h"
#include "core/store/account_repository.h"
#include "core/sync/sync_errors.h"

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

// nullopt: the mirror holds no profile yet.
Result<std::optional<AccountFacts>> readFacts(session::AppSession &s)
{
    store::AccountRepository account(s.mirror());
    auto profile = account.profile();
    if (!profile)
        return std::unexpected(profile.error());
    if (!*profile)
        return std::optional<AccountFacts>();
    auto subscription = account.subscription();
    if (!subscription)
        return std::unexpected(subscription.error());
    AccountFacts facts;
    facts.userId = (*profile)->id;
    facts.tier = *subscription ? (*subscription)->tier : u"free"_s;
    facts.subscriptionId = *subscription ? (*subscription)->id : QString();
    return std::optional<AccountFacts>(facts);
}

} // namespace

void withAccountFacts(CommandContext &context, session::AppSession &s,
                      std::function<void(const AccountFacts &)> next)
{
    auto facts = readFacts(s);
    if (!facts)
        return context.fail(facts.error());
    if (*facts) {
        next(**facts);
        return;
    }
    context.sync(s, [&context, &s, next = std::move(next)](const sync::SyncResult &result) {
        auto again = readFacts(s);
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

// `creditdesk logout`
#include "app/cli/cli_errors.h"
#include "app/cli/command.h"
#include "app/cli/command_context.h"
#include "core/session/app_session.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

class LogoutCommand final : public Command {
public:
    Result<void> prepare(const CommandContext &context) override
    {
        if (!context.arguments().isEmpty())
            return fail(errc::usageError, u"logout takes no arguments"_s);
        return {};
    }

    void run(CommandContext &context) override
    {
        session::AppSession *s = context.session();
        if (!s)
            return;
        if (auto locked = s->lockProfile(); !locked)
            return context.fail(locked.error());
        const bool wasSignedIn = s->hasStoredSignIn();
        const QString server = s->serverUrl().toDisplayString();
        s->signOut([&context, s, wasSignedIn, server](Result<void> result) {
            if (!result)
                return context.fail(result.error());
            const QString kept = u"The synced data stays in %1."_s.arg(s->profile().directory());
            context.succeed({{u"logged_out"_s, wasSignedIn},
                             {u"server"_s, server},
                             {u"profile"_s, s->profile().directory()}},
                            {wasSignedIn ? u"Logged out of %1. %2"_s.arg(server, kept)
                                         : u"Not signed in. %1"_s.arg(kept)});
        });
    }
};

const RegisterCommand<LogoutCommand> registered{
    {u"logout"_s,
     QString(),
     u"Sign out: revoke the sign-in and remove its tokens"_s,
     u"Revokes the grant at the server when it can be reached and removes the stored tokens from\n"
     u"the keychain. The synced data (the mirror) is kept for 'status', 'usage' and the others."_s,
     {}}};

} // namespace

} // namespace creditdesk::cli

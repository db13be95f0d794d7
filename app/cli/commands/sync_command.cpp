// `creditdesk sync`
#include "app/cli/cli_errors.h"
#include "app/cli/client_services.h"
#include "app/cli/command.h"
#include "app/cli/command_context.h"
#include "app/cli/sync_report.h"
#include "core/session/app_session.h"
#include "core/sync/outbox_replayer.h"

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

class SyncCommand final : public Command {
public:
    Result<void> prepare(const CommandContext &context) override
    {
        if (!context.arguments().isEmpty())
            return fail(errc::usageError, u"sync takes no arguments"_s);
        return {};
    }

    void run(CommandContext &context) override
    {
        // Hidden, for tests: CREDITDESK_SYNC_PAGE_SIZE (1..1000) sets the usage page size, so the
        // crash test (tests/integration/sync/test_sync_crash.cpp) gets many pages, and so many
        // moments to kill the process between them, from a modest ledger. Anything else is ignored.
        bool numeric = false;
        const int pageSize = qEnvironmentVariableIntValue("CREDITDESK_SYNC_PAGE_SIZE", &numeric);
        if (numeric && pageSize >= 1 && pageSize <= 1000)
            context.sessionOptions().sync.usagePageSize = pageSize;
        context.whenSignedIn([this, &context](session::AppSession &s) {
            // What was done offline (deactivations, mode changes) goes out first, in order; a
            // replay that stops (still offline, …) leaves the rest queued and the sync goes on.
            m_services = std::make_unique<ClientServices>(s);
            sync::OutboxReplayer &outbox = m_services->outbox();
            QObject::connect(
                &outbox, &sync::OutboxReplayer::finished, &context,
                [this, &context, &s](const sync::ReplayResult &replayed) { syncAfter(context, s, replayed); },
                Qt::SingleShotConnection);
            if (!outbox.replay())
                syncAfter(context, s, {});
        });
    }

private:
    static void syncAfter(CommandContext &context, session::AppSession &s, const sync::ReplayResult &replayed)
    {
        if (replayed.replayed > 0)
            context.out().note(u"Sent %1 action(s) queued while offline."_s.arg(replayed.replayed));
        if (replayed.failed > 0)
            context.out().note(u"The server refused %1 queued action(s)."_s.arg(replayed.failed));
        const QJsonObject outbox{{u"replayed"_s, replayed.replayed}, {u"failed"_s, replayed.failed}};
        context.sync(s, [&context, outbox](const sync::SyncResult &result) {
            if (!result.ok()) {
                if (!context.json())
                    for (const QString &line : syncResultText(result))
                        context.out().note(line);
                Error error = *result.error;
                QJsonObject details = syncResultJson(result);
                details.insert(u"outbox"_s, outbox);
                error.details.insert(u"sync"_s, details);
                return context.fail(error);
            }
            QJsonObject json = syncResultJson(result);
            json.insert(u"outbox"_s, outbox);
            context.succeed(json, syncResultText(result));
        });
    }

    std::unique_ptr<ClientServices> m_services;
};

const RegisterCommand<SyncCommand> registered{
    {u"sync"_s,
     QString(),
     u"Bring the local data up to date with the server"_s,
     u"Fetches what changed since the last sync (profile, plan, balance, license, coupons,\n"
     u"invoices) and the new usage rows. Each page lands whole or not at all, so an interrupted\n"
     u"sync resumes where it stopped. Actions queued while offline (deactivate, mode) are sent\n"
     u"first. Shows progress on a terminal."_s,
     {}}};

} // namespace

} // namespace creditdesk::cli

// `creditdesk mode [byok|cloud]`
#include "app/cli/cli_errors.h"
#include "app/cli/client_services.h"
#include "app/cli/command.h"
#include "app/cli/command_context.h"
#include "app/cli/error_text.h"
#include "core/byok/mode.h"
#include "core/byok/mode_controller.h"
#include "core/session/app_session.h"

#include <QJsonObject>

#include <optional>

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

QString sourceName(ByokSource source)
{
    return source == ByokSource::License ? u"license"_s : u"subscription"_s;
}

class ModeCommand final : public Command {
public:
    Result<void> prepare(const CommandContext &context) override
    {
        if (context.arguments().size() > 1)
            return fail(errc::usageError, u"mode takes at most one argument: byok or cloud"_s);
        if (context.arguments().size() == 1) {
            auto mode = byok::parseMode(context.arguments().constFirst());
            if (!mode)
                return fail(errc::invalidArgument, u"the mode is 'byok' or 'cloud'"_s);
            m_target = *mode;
        }
        return {};
    }

    void run(CommandContext &context) override
    {
        whenReachableOrOffline(context, true, [this, &context](session::AppSession &s, bool offline) {
            m_services = std::make_unique<ClientServices>(s);
            if (offline) {
                context.out().note(u"The server cannot be reached; working from the local data."_s);
                return act(context, true);
            }
            // The BYOK check reads the subscription and license from the mirror: bring it up to date.
            context.sync(s, [this, &context](const sync::SyncResult &result) {
                if (!result.ok())
                    context.out().note(u"The sync failed (%1); using the local data as it is."_s.arg(
                        describeError(*result.error)));
                act(context, false);
            });
        });
    }

private:
    void act(CommandContext &context, bool offline)
    {
        byok::ModeController &controller = m_services->mode();
        if (m_target)
            return controller.setMode(*m_target, &context, [&context](Result<byok::ModeChange> change) {
                if (!change)
                    return context.fail(change.error());
                const QString name = byok::toString(change->mode);
                QStringList text{
                    change->queued
                        ? u"The server cannot be reached: the switch to %1 is queued in the outbox "
                          u"and shown here already."_s.arg(name)
                        : u"Mode: %1."_s.arg(name)};
                if (change->source)
                    text.append(u"BYOK is allowed by your %1."_s.arg(sourceName(*change->source)));
                context.succeed(
                    {{u"mode"_s, name},
                     {u"status"_s, change->queued ? u"queued"_s : u"done"_s},
                     {u"byok_source"_s,
                      change->source ? QJsonValue(sourceName(*change->source)) : QJsonValue()},
                     {u"outbox_id"_s, change->outboxId ? QJsonValue(*change->outboxId) : QJsonValue()}},
                    text);
            });
        auto shown = [this, &context](Result<byok::Mode> mode) {
            if (!mode)
                return context.fail(mode.error());
            m_services->mode().checkByok(&context,
                                         [this, &context, current = *mode](Result<ByokSource> allowed) {
                                             show(context, current, allowed);
                                         });
        };
        if (offline)
            controller.load(&context, shown);
        else
            controller.refresh(&context, shown);
    }

    void show(CommandContext &context, byok::Mode mode, const Result<ByokSource> &allowed)
    {
        QJsonObject json{{u"mode"_s, byok::toString(mode)}, {u"byok_allowed"_s, allowed.has_value()}};
        QStringList text{u"Mode: %1."_s.arg(byok::toString(mode))};
        if (allowed) {
            json.insert(u"byok_source"_s, sourceName(*allowed));
            text.append(u"BYOK is allowed (by your %1)."_s.arg(sourceName(*allowed)));
        } else {
            const Error &why = allowed.error();
            if (!why.is(creditdesk::errc::byokNotEntitled) && !why.is(creditdesk::errc::byokLocked))
                return context.fail(why);
            json.insert(u"byok_source"_s, QJsonValue());
            json.insert(u"byok_refusal"_s, context.errorObject(why));
            text.append(u"BYOK is not allowed: %1"_s.arg(describeError(why)));
        }
        context.succeed(json, text);
    }

    std::optional<byok::Mode> m_target;
    std::unique_ptr<ClientServices> m_services;
};

const RegisterCommand<ModeCommand> registered{
    {u"mode"_s,
     u"[byok|cloud]"_s,
     u"Show or switch between your own provider keys (BYOK) and cloud credits"_s,
     u"Without an argument: the current mode, and whether BYOK is allowed and if not, why\n"
     u"(byok_allowed, byok_refusal in --json). With 'byok' or 'cloud': switches, after the same\n"
     u"check (refused with byok_not_entitled or byok_locked, exit 2). BYOK needs a subscription\n"
     u"tier or a license that includes it, and this device activated ('creditdesk activate').\n"
     u"When the server cannot be reached the switch is queued (status \"queued\")."_s,
     {}}};

} // namespace

} // namespace creditdesk::cli

// `creditdesk deactivate [--device ACTIVATION]`
#include "app/cli/cli_errors.h"
#include "app/cli/client_services.h"
#include "app/cli/command.h"
#include "app/cli/command_context.h"
#include "core/licensing/license_manager.h"
#include "core/session/app_session.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

class DeactivateCommand final : public Command {
public:
    [[nodiscard]] QList<QCommandLineOption> options() const override { return {m_device}; }

    Result<void> prepare(const CommandContext &context) override
    {
        if (!context.arguments().isEmpty())
            return fail(errc::usageError, u"deactivate takes no arguments (use --device ACTIVATION)"_s);
        if (context.isSet(m_device) && context.value(m_device).trimmed().isEmpty())
            return fail(errc::invalidArgument, u"--device needs an activation id"_s);
        m_id = context.value(m_device).trimmed();
        return {};
    }

    void run(CommandContext &context) override
    {
        whenReachableOrOffline(context, true, [this, &context](session::AppSession &s, bool) {
            m_services = std::make_unique<ClientServices>(s);
            m_services->licenses().deactivate(
                m_id, &context, [&context](Result<licensing::DeactivationResult> result) {
                    if (!result)
                        return context.fail(result.error());
                    const bool queued = result->outcome == licensing::DeactivationResult::Outcome::Queued;
                    const QString who =
                        result->thisDevice ? u"this device"_s : u"activation %1"_s.arg(result->activationId);
                    QStringList text;
                    if (queued)
                        text.append(u"The server cannot be reached: the deactivation of %1 is queued in the "
                                    u"outbox, to be sent when the server can be reached."_s.arg(who));
                    else
                        text.append(u"Deactivated %1; its seat is free."_s.arg(who));
                    if (result->thisDevice)
                        text.append(u"This device's certificate was removed."_s);
                    context.succeed(
                        {{u"activation_id"_s, result->activationId},
                         {u"status"_s, queued ? u"queued"_s : u"done"_s},
                         {u"this_device"_s, result->thisDevice},
                         {u"outbox_id"_s, result->outboxId ? QJsonValue(*result->outboxId) : QJsonValue()}},
                        text);
                });
        });
    }

private:
    const QCommandLineOption m_device{
        u"device"_s, u"The activation to free (an id from 'creditdesk devices'); default: this device."_s,
        u"ACTIVATION"_s};
    QString m_id;
    std::unique_ptr<ClientServices> m_services;
};

const RegisterCommand<DeactivateCommand> registered{
    {u"deactivate"_s,
     u"[--device ACTIVATION]"_s,
     u"Free a device seat of the license (this device by default)"_s,
     u"Deactivates this device (its certificate is removed) or, with --device, another seat of\n"
     u"the license. Needs 'creditdesk login'. When the server cannot be reached the deactivation\n"
     u"is queued (status \"queued\") and sent when the network returns; otherwise \"done\"."_s,
     {}}};

} // namespace

} // namespace creditdesk::cli

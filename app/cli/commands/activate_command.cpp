// `creditdesk activate KEY [--free ACTIVATION] [--device-name NAME]`
#include "app/cli/cli_errors.h"
#include "app/cli/client_services.h"
#include "app/cli/command.h"
#include "app/cli/command_context.h"
#include "app/cli/format.h"
#include "core/api/api_errors.h"
#include "core/licensing/license_manager.h"
#include "core/session/app_session.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

QJsonObject stateJson(const licensing::LicenseStatusSnapshot &state)
{
    return {{u"status"_s, toString(state.status)},
            {u"license_key_hint"_s, format::jsonText(state.maskedLicenseKey)},
            {u"license_id"_s, format::jsonText(state.licenseId)},
            {u"tier"_s, format::jsonText(state.tier)},
            {u"byok_enabled"_s, state.byokEnabled},
            {u"seats_used"_s, state.seatsUsed ? QJsonValue(*state.seatsUsed) : QJsonValue()},
            {u"seats_total"_s, state.seatsTotal ? QJsonValue(*state.seatsTotal) : QJsonValue()},
            {u"valid_until"_s, format::jsonTime(state.validUntilMs)}};
}

class ActivateCommand final : public Command {
public:
    [[nodiscard]] QList<QCommandLineOption> options() const override { return {m_free, m_deviceName}; }

    Result<void> prepare(const CommandContext &context) override
    {
        if (context.arguments().size() != 1)
            return fail(errc::usageError, u"activate takes one argument: the license key"_s);
        if (context.isSet(m_free) && context.value(m_free).trimmed().isEmpty())
            return fail(errc::invalidArgument, u"--free needs the activation id of a device"_s);
        // The key's format is LicenseManager's to judge (license_key_malformed, exit 2).
        m_key = context.arguments().constFirst().trimmed();
        m_freeId = context.value(m_free).trimmed();
        m_name = context.value(m_deviceName).trimmed();
        return {};
    }

    void run(CommandContext &context) override
    {
        // Activation needs no sign-in; freeing a seat does.
        whenReachableOrOffline(context, !m_freeId.isEmpty(), [this, &context](session::AppSession &s, bool) {
            m_services = std::make_unique<ClientServices>(s);
            licensing::LicenseManager &manager = m_services->licenses();
            auto done = [this, &context](Result<licensing::ActivationResult> result) {
                finish(context, result);
            };
            if (m_freeId.isEmpty())
                manager.activate(m_key, m_name, &context, done);
            else
                manager.activateFreeing(m_key, m_freeId, m_name, &context, done);
        });
    }

private:
    void finish(CommandContext &context, const Result<licensing::ActivationResult> &result)
    {
        if (!result)
            return context.fail(result.error());
        const licensing::ActivationResult &r = *result;
        if (r.outcome == licensing::ActivationResult::Outcome::SeatLimitReached) {
            Error error =
                makeError(api::errc::activationLimitReached,
                          u"Every seat of this license is taken (%1 of %2)."_s.arg(
                              QString::number(r.seats.used()), QString::number(r.seats.maxActivations)));
            error.details.insert(u"max_activations"_s, r.seats.maxActivations);
            error.details.insert(u"devices"_s, seatsJson(r.seats));
            error.details.insert(u"hint"_s, u"creditdesk activate KEY --free ACTIVATION"_s);
            if (!context.json()) {
                for (const QString &line : seatsText(r.seats))
                    context.out().line(line);
                context.out().note(u"Free a seat and activate in one step: creditdesk activate KEY --free "
                                   u"ACTIVATION (an id from the list above)."_s);
            }
            return context.fail(error);
        }
        QStringList text{
            r.newActivation
                ? u"This device is activated (activation %1)."_s.arg(r.activationId)
                : u"This device was already activated (activation %1); refreshed."_s.arg(r.activationId)};
        if (!m_freeId.isEmpty())
            text.append(u"Freed seat %1 first."_s.arg(m_freeId));
        if (r.state.seatsUsed && r.state.seatsTotal)
            text.append(u"Seats: %1 of %2 in use."_s.arg(QString::number(*r.state.seatsUsed),
                                                         QString::number(*r.state.seatsTotal)));
        if (r.onlineOnly)
            text.append(u"The server issues no certificates: licensing is checked online only."_s);
        else if (r.state.validUntilMs)
            text.append(u"Certificate valid until %1."_s.arg(format::time(*r.state.validUntilMs)));
        context.succeed({{u"activation_id"_s, r.activationId},
                         {u"new_activation"_s, r.newActivation},
                         {u"freed"_s, format::jsonText(m_freeId)},
                         {u"online_only"_s, r.onlineOnly},
                         {u"license"_s, stateJson(r.state)}},
                        text);
    }

    const QCommandLineOption m_free{u"free"_s,
                                    u"When every seat is taken: deactivate this activation first (an id from "
                                    u"the list 'activate' or 'devices' shows), then activate."_s,
                                    u"ACTIVATION"_s};
    const QCommandLineOption m_deviceName{
        u"device-name"_s, u"The name this device gets in the seat list (default: the host name)."_s,
        u"NAME"_s};
    QString m_key;
    QString m_freeId;
    QString m_name;
    std::unique_ptr<ClientServices> m_services;
};

const RegisterCommand<ActivateCommand> registered{
    {u"activate"_s,
     u"KEY [--free ACTIVATION] [--device-name NAME]"_s,
     u"Activate this device with a perpetual license key"_s,
     u"Activates this device on the license KEY and stores the signed certificate in the profile.\n"
     u"When every seat is taken, lists the devices holding them and fails (exit 2,\n"
     u"activation_limit_reached); '--free ACTIVATION' then deactivates that device and activates\n"
     u"this one in one step (needs 'creditdesk login'). The key is never stored or shown whole."_s,
     {}}};

} // namespace

} // namespace creditdesk::cli

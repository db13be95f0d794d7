// `creditdesk offline-activate FILE`
#include "app/cli/cli_errors.h"
#include "app/cli/client_services.h"
#include "app/cli/command.h"
#include "app/cli/command_context.h"
#include "app/cli/format.h"
#include "core/licensing/license_manager.h"
#include "core/session/app_session.h"

#include <QFileInfo>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

class OfflineActivateCommand final : public Command {
public:
    Result<void> prepare(const CommandContext &context) override
    {
        if (context.arguments().size() != 1)
            return fail(errc::usageError, u"offline-activate takes one argument: the response file"_s);
        m_path = QFileInfo(context.arguments().constFirst()).absoluteFilePath();
        return {};
    }

    void run(CommandContext &context) override
    {
        session::AppSession *s = context.session();
        if (!s)
            return;
        if (auto locked = s->lockProfile(); !locked)
            return context.fail(locked.error());
        ClientServices services(*s);
        auto imported = services.licenses().importResponse(m_path);
        if (!imported)
            return context.fail(imported.error());
        const licensing::LicenseStatusSnapshot &state = *imported;
        QStringList text{
            u"This device is activated offline (activation %1)."_s.arg(state.activationId),
            u"License: %1"_s.arg(state.maskedLicenseKey.isEmpty() ? u"-"_s : state.maskedLicenseKey)};
        if (state.validUntilMs)
            text.append(u"Certificate valid until %1."_s.arg(format::time(*state.validUntilMs)));
        context.succeed({{u"activation_id"_s, state.activationId},
                         {u"status"_s, toString(state.status)},
                         {u"license_key_hint"_s, format::jsonText(state.maskedLicenseKey)},
                         {u"license_id"_s, format::jsonText(state.licenseId)},
                         {u"byok_enabled"_s, state.byokEnabled},
                         {u"valid_until"_s, format::jsonTime(state.validUntilMs)}},
                        text);
    }

private:
    QString m_path;
};

const RegisterCommand<OfflineActivateCommand> registered{
    {u"offline-activate"_s,
     u"FILE"_s,
     u"Import the answer to an offline activation request"_s,
     u"Imports FILE, the server's answer to 'creditdesk offline-request' from this profile: checks\n"
     u"that it answers that request (its nonce), was made for this device and is signed by the\n"
     u"server's pinned key, then stores the certificate. A file that is damaged, answers another\n"
     u"request or device, or was altered is refused (exit 2) and nothing changes. The server's\n"
     u"key must be known here (built in, or pinned by an earlier online contact)."_s,
     {}}};

} // namespace

} // namespace creditdesk::cli

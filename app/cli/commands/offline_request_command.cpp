// `creditdesk offline-request --key KEY FILE`
#include "app/cli/cli_errors.h"
#include "app/cli/client_services.h"
#include "app/cli/command.h"
#include "app/cli/command_context.h"
#include "core/domain/license_rules.h"
#include "core/licensing/license_manager.h"
#include "core/session/app_session.h"

#include <QFileInfo>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

class OfflineRequestCommand final : public Command {
public:
    [[nodiscard]] QList<QCommandLineOption> options() const override { return {m_key, m_deviceName}; }

    Result<void> prepare(const CommandContext &context) override
    {
        if (context.arguments().size() != 1)
            return fail(errc::usageError, u"offline-request takes one argument: the request file to write"_s);
        if (!context.isSet(m_key) || context.value(m_key).trimmed().isEmpty())
            return fail(errc::usageError, u"offline-request needs --key KEY (the license key)"_s);
        m_path = QFileInfo(context.arguments().constFirst()).absoluteFilePath();
        m_licenseKey = context.value(m_key).trimmed();
        m_name = context.value(m_deviceName).trimmed();
        return {};
    }

    void run(CommandContext &context) override
    {
        // No network: this is for a device that cannot reach the server.
        session::AppSession *s = context.session();
        if (!s)
            return;
        if (auto locked = s->lockProfile(); !locked)
            return context.fail(locked.error());
        ClientServices services(*s);
        if (auto written = services.licenses().writeRequest(m_licenseKey, m_path, m_name); !written)
            return context.fail(written.error());
        context.succeed({{u"request_file"_s, m_path}, {u"license_key_hint"_s, maskLicenseKey(m_licenseKey)}},
                        {u"Wrote the offline activation request to %1."_s.arg(m_path),
                         u"Take it to a device with network access; the answer goes to 'creditdesk "
                         u"offline-activate FILE' on this device, in this profile."_s,
                         u"The file holds the license key: keep it like the key itself."_s});
    }

private:
    const QCommandLineOption m_key{u"key"_s, u"The license key to activate."_s, u"KEY"_s};
    const QCommandLineOption m_deviceName{
        u"device-name"_s, u"The name this device gets in the seat list (default: the host name)."_s,
        u"NAME"_s};
    QString m_path;
    QString m_licenseKey;
    QString m_name;
};

const RegisterCommand<OfflineRequestCommand> registered{
    {u"offline-request"_s,
     u"--key KEY FILE"_s,
     u"Write an offline activation request for this device"_s,
     u"For a device without network access: writes FILE, a request to activate this device on\n"
     u"the license KEY. The server's operator answers it (POST /api/licenses/offline-activate,\n"
     u"or 'creditdesk-server admin answer-offline-request IN OUT'); 'creditdesk offline-activate'\n"
     u"then imports the answer. Needs no server and no sign-in."_s,
     {}}};

} // namespace

} // namespace creditdesk::cli

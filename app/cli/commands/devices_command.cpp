// `creditdesk devices`
#include "app/cli/cli_errors.h"
#include "app/cli/command.h"
#include "app/cli/command_context.h"
#include "app/cli/format.h"
#include "app/cli/mirror_json.h"
#include "core/session/app_session.h"
#include "core/store/license_repository.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

class DevicesCommand final : public Command {
public:
    Result<void> prepare(const CommandContext &context) override
    {
        if (!context.arguments().isEmpty())
            return fail(errc::usageError, u"devices takes no arguments"_s);
        return {};
    }

    void run(CommandContext &context) override
    {
        session::AppSession *s = context.session();
        if (!s)
            return;
        store::LicenseRepository licenses(s->mirror());
        auto license = licenses.license();
        if (!license)
            return context.fail(license.error());
        auto synced = lastSyncMs(s->mirror());
        if (!synced)
            return context.fail(synced.error());
        QJsonArray list;
        QStringList text;
        QJsonValue maxActivations = QJsonValue::Null;
        if (!*license) {
            text.append(u"No perpetual license, so no devices."_s);
        } else {
            auto devices = licenses.devices((*license)->id);
            if (!devices)
                return context.fail(devices.error());
            maxActivations = (*license)->maxActivations;
            format::Table table(
                {u"ACTIVATION"_s, u"DEVICE"_s, u"OS"_s, u"STATUS"_s, u"ACTIVATED"_s, u"LAST SEEN"_s});
            for (const store::Device &d : std::as_const(*devices)) {
                list.append(json::device(d));
                table.add({d.id, d.deviceName.isEmpty() ? u"-"_s : d.deviceName,
                           QStringList{d.osType, d.osVersion}.join(u' ').trimmed(), d.status,
                           format::date(d.activatedAtMs),
                           d.lastSeenAtMs ? format::time(*d.lastSeenAtMs) : u"-"_s});
            }
            if (table.isEmpty())
                text.append(u"No device is activated."_s);
            else
                text = table.render();
        }
        text.append(format::dataAsOf(*synced));
        context.succeed({{u"devices"_s, list},
                         {u"max_activations"_s, maxActivations},
                         {u"last_sync_at"_s, format::jsonTime(*synced)}},
                        text);
    }
};

const RegisterCommand<DevicesCommand> registered{
    {u"devices"_s, QString(), u"The license's device seats from the synced data"_s, QString(), {}}};

} // namespace

} // namespace creditdesk::cli

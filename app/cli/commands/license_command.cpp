// `creditdesk license`
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

class LicenseCommand final : public Command {
public:
    Result<void> prepare(const CommandContext &context) override
    {
        if (!context.arguments().isEmpty())
            return fail(errc::usageError, u"license takes no arguments"_s);
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
        const QString asOf = format::dataAsOf(*synced);
        if (!*license) {
            context.succeed(
                {{u"license"_s, QJsonValue::Null}, {u"last_sync_at"_s, format::jsonTime(*synced)}},
                {u"No perpetual license."_s, asOf});
            return;
        }
        const store::License &l = **license;
        auto devices = licenses.devices(l.id);
        auto upgrades = licenses.upgrades(l.id);
        if (!devices || !upgrades)
            return context.fail(!devices ? devices.error() : upgrades.error());
        qsizetype active = 0;
        for (const store::Device &d : std::as_const(*devices))
            active += d.status == "active"_L1 ? 1 : 0;

        QJsonObject licenseJson = json::license(l);
        licenseJson.insert(u"active_devices"_s, static_cast<qint64>(active));
        QJsonArray upgradeList;
        for (const store::VersionUpgrade &u : std::as_const(*upgrades))
            upgradeList.append(json::upgrade(u));

        QStringList text{
            u"License:    %1"_s.arg(l.licenseKeyHint),
            u"Status:     %1"_s.arg(l.status),
            u"Version:    bought %1, updates until %2"_s.arg(l.purchasedVersion, l.eligibleUntilVersion),
            u"Devices:    %1 of %2 active ('creditdesk devices' lists them)"_s.arg(
                QString::number(active), QString::number(l.maxActivations)),
            u"BYOK:       %1"_s.arg(l.byokEnabled ? u"enabled"_s : u"disabled"_s),
            u"Purchased:  %1%2"_s.arg(format::date(l.purchasedAtMs),
                                      l.purchasePrice ? u" for "_s + format::money(*l.purchasePrice)
                                                      : QString())};
        for (const store::VersionUpgrade &u : std::as_const(*upgrades))
            text.append(u"Upgrade:    %1 → %2, %3 (%4)"_s.arg(u.fromVersion, u.toVersion, u.status,
                                                              format::date(u.purchasedAtMs)));
        text.append(asOf);
        context.succeed({{u"license"_s, licenseJson},
                         {u"upgrades"_s, upgradeList},
                         {u"last_sync_at"_s, format::jsonTime(*synced)}},
                        text);
    }
};

const RegisterCommand<LicenseCommand> registered{
    {u"license"_s,
     QString(),
     u"The perpetual license from the synced data"_s,
     u"Shows the license's status, versions and seats as last synced. The key itself is never\n"
     u"stored or shown: only a hint of it."_s,
     {}}};

} // namespace

} // namespace creditdesk::cli

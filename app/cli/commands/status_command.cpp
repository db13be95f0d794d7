// `creditdesk status [--offline]`
#include "app/cli/cli_errors.h"
#include "app/cli/command.h"
#include "app/cli/command_context.h"
#include "app/cli/error_text.h"
#include "app/cli/format.h"
#include "app/cli/mirror_json.h"
#include "core/domain/client_rules.h"
#include "core/session/app_session.h"
#include "core/store/account_repository.h"
#include "core/store/license_repository.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

// What the mirror holds for the status view.
struct Snapshot {
    std::optional<store::UserProfile> profile;
    std::optional<store::Subscription> subscription;
    std::optional<store::CreditBalance> balance;
    QList<store::CreditSource> sources;
    std::optional<store::UserPreferences> preferences;
    std::optional<store::License> license;
    qsizetype activeDevices = 0;
    std::optional<std::int64_t> lastSyncMs;
};

template <typename T>
bool take(Result<T> result, T &into, Error &error)
{
    if (!result) {
        error = result.error();
        return false;
    }
    into = std::move(*result);
    return true;
}

Result<Snapshot> readSnapshot(store::MirrorDatabase &db)
{
    Snapshot s;
    Error error;
    store::AccountRepository account(db);
    store::LicenseRepository licenses(db);
    if (!take(account.profile(), s.profile, error) || !take(account.subscription(), s.subscription, error) ||
        !take(account.balance(), s.balance, error) || !take(account.sources(), s.sources, error) ||
        !take(account.preferences(), s.preferences, error) || !take(licenses.license(), s.license, error) ||
        !take(lastSyncMs(db), s.lastSyncMs, error))
        return std::unexpected(error);
    if (s.license) {
        auto devices = licenses.devices(s.license->id);
        if (!devices)
            return std::unexpected(devices.error());
        for (const store::Device &d : std::as_const(*devices))
            s.activeDevices += d.status == "active"_L1 ? 1 : 0;
    }
    return s;
}

// The BYOK / cloud switch lives in preferencesMetadata under "creditdesk"
// (api-contract §4); cloud mode until the user switches.
QString modeOf(const std::optional<store::UserPreferences> &preferences)
{
    if (preferences && preferences->preferencesMetadata) {
        const QString mode =
            preferences->preferencesMetadata->value(u"creditdesk"_s).toObject().value(u"mode"_s).toString();
        if (!mode.isEmpty())
            return mode;
    }
    return u"cloud"_s;
}

QString levelName(BalanceLevel level)
{
    switch (level) {
    case BalanceLevel::Normal:
        return u"normal"_s;
    case BalanceLevel::Low:
        return u"low"_s;
    case BalanceLevel::Depleted:
        return u"depleted"_s;
    case BalanceLevel::None:
        break;
    }
    return {};
}

class StatusCommand final : public Command {
public:
    [[nodiscard]] QList<QCommandLineOption> options() const override { return {m_offline}; }

    Result<void> prepare(const CommandContext &context) override
    {
        if (!context.arguments().isEmpty())
            return fail(errc::usageError, u"status takes no arguments"_s);
        return {};
    }

    void run(CommandContext &context) override
    {
        session::AppSession *s = context.session();
        if (!s)
            return;
        if (context.isSet(m_offline))
            return report(context, *s,
                          makeError(errc::offlineRequested, u"--offline: the server was not asked"_s));
        if (!s->hasStoredSignIn())
            return report(context, *s, makeError(errc::notSignedIn, u"not signed in"_s));
        if (auto locked = s->lockProfile(); !locked)
            return report(context, *s, locked.error());
        s->restoreSignIn([this, &context, s](Result<void> restored) {
            if (!restored)
                return report(context, *s, restored.error());
            context.sync(*s, [this, &context, s](const sync::SyncResult &result) {
                report(context, *s, result.error);
            });
        });
    }

private:
    // `notRefreshed`: why the data was not refreshed from the server in this run.
    void report(CommandContext &context, session::AppSession &s, const std::optional<Error> &notRefreshed)
    {
        auto snapshot = readSnapshot(s.mirror());
        if (!snapshot)
            return context.fail(snapshot.error());
        const Snapshot &m = *snapshot;
        const bool signedIn = s.hasStoredSignIn();
        const QString server = s.serverUrl().toDisplayString();
        QJsonObject json{{u"server"_s, format::jsonText(server)},
                         {u"profile"_s, s.profile().directory()},
                         {u"signed_in"_s, signedIn},
                         {u"mode"_s, modeOf(m.preferences)}};
        QStringList text;
        const auto row = [&text](const QString &label, const QString &value) {
            text.append(QString(label + u':').leftJustified(12) + value);
        };

        json.insert(u"account"_s, m.profile ? QJsonValue(json::profile(*m.profile)) : QJsonValue::Null);
        if (m.profile) {
            const QString name = json::profile(*m.profile).value(u"name"_s).toString();
            row(u"Account"_s, name.isEmpty() ? m.profile->email : u"%1 (%2)"_s.arg(m.profile->email, name));
        }
        row(u"Server"_s, server.isEmpty() ? u"not configured"_s : server);
        if (!signedIn)
            row(u"Sign-in"_s, u"not signed in (run 'creditdesk login')"_s);

        const QString tier = m.subscription ? m.subscription->tier : u"free"_s;
        json.insert(u"tier"_s, tier);
        json.insert(u"subscription"_s,
                    m.subscription ? QJsonValue(json::subscription(*m.subscription)) : QJsonValue::Null);
        if (m.subscription) {
            const store::Subscription &sub = *m.subscription;
            row(u"Plan"_s, u"%1, %2 (%3 %4; period ends %5%6)"_s.arg(
                               sub.tier, sub.status, format::money(sub.price), sub.billingInterval,
                               format::date(sub.currentPeriodEndMs),
                               sub.cancelAtPeriodEnd ? u", then cancelled"_s : QString()));
        } else if (m.profile) {
            row(u"Plan"_s, u"free (no subscription)"_s);
        }

        if (m.balance) {
            const Credits allocation = m.subscription ? m.subscription->creditsPerMonth : Credits();
            const QString level = levelName(balanceLevel(m.balance->amount, allocation));
            QJsonObject balance = json::balance(*m.balance);
            balance.insert(u"level"_s, format::jsonText(level));
            QJsonArray sources;
            for (const store::CreditSource &source : m.sources)
                sources.append(json::source(source));
            balance.insert(u"sources"_s, sources);
            json.insert(u"balance"_s, balance);
            row(u"Balance"_s, format::credits(m.balance->amount) + u" credits"_s +
                                  (level.isEmpty() ? QString() : u" (%1)"_s.arg(level)));
            for (const store::CreditSource &source : m.sources)
                text.append(u"    %1 of %2  %3%4"_s.arg(
                    format::credits(source.remaining), format::credits(source.amount), source.sourceType,
                    source.expiresAtMs ? u", expires "_s + format::date(*source.expiresAtMs) : QString()));
        } else {
            json.insert(u"balance"_s, QJsonValue::Null);
        }
        row(u"Mode"_s, modeOf(m.preferences));

        if (m.license) {
            QJsonObject license = json::license(*m.license);
            license.insert(u"active_devices"_s, static_cast<qint64>(m.activeDevices));
            json.insert(u"license"_s, license);
            row(u"License"_s,
                u"%1 %2, %3 of %4 devices, BYOK %5, updates until %6"_s.arg(
                    m.license->status, m.license->licenseKeyHint, QString::number(m.activeDevices),
                    QString::number(m.license->maxActivations),
                    m.license->byokEnabled ? u"enabled"_s : u"disabled"_s, m.license->eligibleUntilVersion));
        } else {
            json.insert(u"license"_s, QJsonValue::Null);
            if (m.profile)
                row(u"License"_s, u"none"_s);
        }

        QJsonObject syncJson{{u"last_sync_at"_s, format::jsonTime(m.lastSyncMs)},
                             {u"refreshed"_s, !notRefreshed.has_value()},
                             {u"stale"_s, notRefreshed.has_value()}};
        row(u"Last sync"_s, m.lastSyncMs ? format::time(*m.lastSyncMs) : u"never"_s);
        if (notRefreshed) {
            syncJson.insert(u"reason"_s, QJsonObject{{u"code"_s, notRefreshed->code},
                                                     {u"message"_s, describeError(*notRefreshed, server)}});
            if (!m.lastSyncMs)
                text.append(u"No data has been synced yet (%1)."_s.arg(reasonText(*notRefreshed, server)));
            else
                text.append(
                    u"The data is stale: it is from the last sync and was not refreshed now (%1)."_s.arg(
                        reasonText(*notRefreshed, server)));
        } else {
            syncJson.insert(u"reason"_s, QJsonValue::Null);
        }
        json.insert(u"sync"_s, syncJson);
        context.succeed(json, text);
    }

    static QString reasonText(const Error &reason, const QString &server)
    {
        if (reason.is(errc::offlineRequested))
            return u"--offline"_s;
        if (reason.is(errc::notSignedIn))
            return u"not signed in"_s;
        QString words = describeError(reason, server);
        if (words.endsWith(u'.'))
            words.chop(1);
        return words;
    }

    const QCommandLineOption m_offline{u"offline"_s,
                                       u"Show the synced data without asking the server first."_s};
};

const RegisterCommand<StatusCommand> registered{
    {u"status"_s,
     u"[--offline]"_s,
     u"Plan, balance with its sources, mode, license and last sync"_s,
     u"Syncs first when signed in and the server can be reached, then shows what the local data\n"
     u"holds. Offline it shows the last synced data and says that it is stale."_s,
     {}}};

} // namespace

} // namespace creditdesk::cli

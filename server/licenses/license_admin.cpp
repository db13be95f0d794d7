// `creditdesk-server admin` commands of the licenses area.
#include "core/crypto/offline_activation.h"
#include "server/cli/admin_commands.h"
#include "server/db/db_errors.h"
#include "server/licenses/license_admin_p.h"
#include "server/licenses/license_json.h"
#include "server/licenses/license_offline.h"
#include "server/licenses/license_service.h"

#include <QFile>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace creditdesk::server::licadmin {

namespace {

std::unexpected<Error> badArgument(const QString &message)
{
    return fail(dberr::invalidArguments, message);
}

Result<bool> parseBool(const QString &text, const QString &option)
{
    if (text == "true"_L1)
        return true;
    if (text == "false"_L1)
        return false;
    return badArgument(u"--%1 takes true or false"_s.arg(option));
}

// create-license --email E [--max-activations N] [--byok-enabled true|false] [--purchased-version V]
Result<QJsonObject> createLicense(AdminContext &context)
{
    auto email = context.required(u"email"_s);
    if (!email)
        return std::unexpected(email.error());
    LicenseService::PurchaseOptions options;
    options.purchasedVersion = context.optional(u"purchased-version"_s, options.purchasedVersion);
    if (const QString max = context.optional(u"max-activations"_s); !max.isEmpty()) {
        bool ok = false;
        options.maxActivations = max.toInt(&ok);
        if (!ok || options.maxActivations < 1 || options.maxActivations > 1000)
            return badArgument(u"--max-activations takes a whole number from 1 to 1000"_s);
    }
    if (const QString byok = context.optional(u"byok-enabled"_s); !byok.isEmpty()) {
        auto value = parseBool(byok, u"byok-enabled"_s);
        if (!value)
            return std::unexpected(value.error());
        options.byokEnabled = *value;
    }
    LicenseService service(context.env, context.db);
    auto userId = service.repository().findUserIdByEmail(*email);
    if (!userId)
        return std::unexpected(userId.error());
    if (!*userId)
        return fail(licerr::userNotFound, u"no user with that email"_s);
    auto license = service.purchase(**userId, options);
    if (!license)
        return std::unexpected(license.error());
    // The command's product is the key itself, so it is printed in full here
    // (and only here); logs carry the masked form.
    QJsonObject out = licjson::purchase(*license);
    out.insert(u"user_id"_s, license->userId);
    out.insert(u"byok_enabled"_s, license->byokEnabled);
    return out;
}

// set-license-status --key K --status active|suspended|revoked|expired
Result<QJsonObject> setLicenseStatus(AdminContext &context)
{
    auto key = context.required(u"key"_s);
    if (!key)
        return std::unexpected(key.error());
    auto statusText = context.required(u"status"_s);
    if (!statusText)
        return std::unexpected(statusText.error());
    auto status = parseLicenseStatus(*statusText);
    if (!status)
        return std::unexpected(status.error());
    LicenseService service(context.env, context.db);
    auto license = service.setStatus(*key, *status);
    if (!license)
        return std::unexpected(license.error());
    return QJsonObject{{u"id"_s, license->id},
                       {u"status"_s, toString(license->status)},
                       {u"current_activations"_s, license->currentActivations}};
}

// answer-offline-request IN OUT
Result<QJsonObject> answerOfflineRequest(AdminContext &context)
{
    if (context.positional.size() != 2)
        return badArgument(u"answer-offline-request takes two files: IN OUT"_s);
    const QString inPath = context.positional.at(0);
    const QString outPath = context.positional.at(1);
    QFile in(inPath);
    if (!in.open(QIODevice::ReadOnly))
        return badArgument(u"cannot read %1: %2"_s.arg(inPath, in.errorString()));
    auto request = crypto::OfflineActivationRequest::fromFileBytes(in.read(64 * 1024 + 1));
    if (!request)
        return std::unexpected(request.error());
    OfflineActivationService service(context.env, context.db);
    auto outcome = service.answer(*request, Principal{}); // the operator answers for any license
    if (!outcome)
        return std::unexpected(outcome.error());
    QSaveFile out(outPath);
    if (!out.open(QIODevice::WriteOnly) || out.write(outcome->response.toFileBytes()) < 0 || !out.commit())
        return badArgument(u"cannot write %1: %2"_s.arg(outPath, out.errorString()));
    return QJsonObject{{u"activation_id"_s, outcome->response.activationId},
                       {u"license_id"_s, outcome->response.licenseId},
                       {u"out"_s, outPath},
                       {u"is_new_activation"_s, outcome->isNew},
                       {u"replayed"_s, outcome->replayed}};
}

} // namespace

void addCommands(AdminCommands &commands)
{
    commands.add({u"create-license"_s,
                  {u"email"_s, u"max-activations"_s, u"byok-enabled"_s, u"purchased-version"_s},
                  u"create a pending perpetual license for a user; prints its key"_s,
                  false,
                  createLicense});
    commands.add({u"set-license-status"_s,
                  {u"key"_s, u"status"_s},
                  u"move a license to active, suspended, revoked or expired"_s,
                  false,
                  setLicenseStatus});
    commands.add({u"answer-offline-request"_s,
                  {},
                  u"answer an offline activation request file (IN) with a response file (OUT)"_s,
                  false,
                  answerOfflineRequest});
}

} // namespace creditdesk::server::licadmin

#include "core/sync/outbox_dispatch.h"

#include "core/api/idempotency_key.h"
#include "core/store/account_repository.h"
#include "core/store/license_repository.h"
#include "core/store/mirror_database.h"
#include "core/sync/outbox_entries.h"
#include "core/sync/sync_errors.h"
#include "core/sync/sync_mapping.h"

using namespace Qt::StringLiterals;

namespace creditdesk::sync::outbox {

namespace {

Result<void> applyPreferences(store::MirrorDatabase &db, const api::Preferences &preferences)
{
    store::AccountRepository accounts(db);
    auto profile = accounts.profile();
    if (!profile)
        return std::unexpected(profile.error());
    if (!*profile)
        return {}; // nothing to attach them to yet: the next sync brings both
    auto existing = accounts.preferences();
    if (!existing)
        return std::unexpected(existing.error());
    store::UserPreferences row = mirrorPreferences((*profile)->id, preferences, std::nullopt);
    if (*existing) {
        row.emailNotifications = (*existing)->emailNotifications;
        row.usageAlerts = (*existing)->usageAlerts;
    }
    return accounts.upsertPreferences(row);
}

Result<void> applyProfile(store::MirrorDatabase &db, const api::UserProfile &user)
{
    store::AccountRepository accounts(db);
    auto existing = accounts.profile();
    if (!existing)
        return std::unexpected(existing.error());
    api::AccountProfile account;
    if (*existing && (*existing)->id != user.id)
        return {}; // another account's answer: the next sync sorts the mirror out
    if (*existing)
        account.displayName = (*existing)->displayName;
    return accounts.upsertProfile(mirrorProfile(user, account));
}

Result<void> applyDefaultModel(store::MirrorDatabase &db, const api::ModelSelection &selection)
{
    store::AccountRepository accounts(db);
    auto existing = accounts.preferences();
    if (!existing)
        return std::unexpected(existing.error());
    if (!*existing)
        return {};
    store::UserPreferences row = **existing;
    row.defaultModelId = selection.defaultModelId;
    return accounts.upsertPreferences(row);
}

Result<void> applyDeactivation(store::MirrorDatabase &db, const QString &activationId, std::int64_t nowMs)
{
    store::LicenseRepository licenses(db);
    auto license = licenses.license();
    if (!license)
        return std::unexpected(license.error());
    if (!*license)
        return {};
    auto devices = licenses.devices((*license)->id);
    if (!devices)
        return std::unexpected(devices.error());
    for (store::Device device : std::as_const(*devices)) {
        if (device.id != activationId)
            continue;
        device.status = u"deactivated"_s;
        device.deactivatedAtMs = nowMs;
        return licenses.upsertDevice(device);
    }
    return {};
}

// Turns a typed answer into the mirror update made of it.
template <typename T, typename Apply>
api::Callback<T> answer(std::function<void(Result<MirrorUpdate>)> done, Apply apply)
{
    return [done = std::move(done), apply = std::move(apply)](Result<T> r) {
        if (!r)
            return done(std::unexpected(r.error()));
        done(MirrorUpdate([apply, value = *r](store::MirrorDatabase &db) { return apply(db, value); }));
    };
}

} // namespace

api::CallHandle send(api::CloudClient &client, const store::OutboxItem &item, std::int64_t nowMs,
                     QObject *context, std::function<void(Result<MirrorUpdate>)> done)
{
    auto key = api::IdempotencyKey::fromString(item.idempotencyKey);
    if (!key) {
        done(fail(errc::invalidOutboxPayload, u"the entry's Idempotency-Key is not a UUID"_s));
        return {};
    }
    if (item.kind == kind::preferences) {
        auto patch = preferencesPatch(item.payload);
        if (!patch) {
            done(std::unexpected(patch.error()));
            return {};
        }
        return client.updatePreferences(*patch, *key, context,
                                        answer<api::Preferences>(std::move(done), applyPreferences));
    }
    if (item.kind == kind::profile) {
        auto patch = userPatch(item.payload);
        if (!patch) {
            done(std::unexpected(patch.error()));
            return {};
        }
        return client.updateUser(*patch, *key, context,
                                 answer<api::UserProfile>(std::move(done), applyProfile));
    }
    if (item.kind == kind::defaultModel) {
        auto model = modelId(item.payload);
        if (!model) {
            done(std::unexpected(model.error()));
            return {};
        }
        return client.setDefaultModel(*model, *key, context,
                                      answer<api::ModelSelection>(std::move(done), applyDefaultModel));
    }
    if (item.kind == kind::deactivateDevice) {
        auto activation = activationId(item.payload);
        if (!activation) {
            done(std::unexpected(activation.error()));
            return {};
        }
        return client.deactivateDevice(*activation, *key, context,
                                       [done = std::move(done), id = *activation, nowMs](Result<void> r) {
                                           if (!r)
                                               return done(std::unexpected(r.error()));
                                           done(MirrorUpdate([id, nowMs](store::MirrorDatabase &db) {
                                               return applyDeactivation(db, id, nowMs);
                                           }));
                                       });
    }
    done(fail(errc::unknownOutboxKind, u"no replay for outbox entries of kind %1"_s.arg(item.kind),
              {{u"kind"_s, item.kind}}));
    return {};
}

} // namespace creditdesk::sync::outbox

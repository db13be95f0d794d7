#include "core/byok/mode_controller.h"

#include "core/api/account_types.h"
#include "core/api/cloud_client.h"
#include "core/api/idempotency_key.h"
#include "core/byok/byok_errors.h"
#include "core/byok/byok_log.h"
#include "core/domain/clock.h"
#include "core/store/account_repository.h"
#include "core/store/license_repository.h"
#include "core/store/mirror_database.h"
#include "core/store/outbox_repository.h"
#include "core/store/sync_state_repository.h"
#include "core/sync/mirror_writer.h"
#include "core/sync/outbox_entries.h"
#include "core/sync/sync_errors.h"
#include "core/sync/sync_mapping.h"

#include <QDateTime>
#include <QMetaObject>
#include <QPointer>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace creditdesk::byok {

struct ModeController::Facts {
    std::optional<store::UserProfile> profile;
    std::optional<store::UserPreferences> preferences;
    EntitlementFacts entitlement;
};

struct ModeController::Change {
    Mode target = Mode::Cloud;
    Callback<ModeChange> done;
    api::IdempotencyKey key = api::IdempotencyKey::generate(); // one user action
    std::optional<ByokSource> source;
    Facts facts;
    std::optional<api::PreferencesPatch> patch; // as sent to the server, once built
};

namespace {

// The server's answer as the mirror's row (server wins); the e-mail settings,
// which come from another endpoint, are kept. Without a signed-in profile in
// the mirror there is no row to write.
Result<void> writePreferences(store::MirrorDatabase &db, const api::Preferences &answer)
{
    store::AccountRepository accounts(db);
    auto profile = accounts.profile();
    if (!profile)
        return std::unexpected(profile.error());
    if (!*profile)
        return {};
    auto existing = accounts.preferences();
    if (!existing)
        return std::unexpected(existing.error());
    store::UserPreferences row = sync::mirrorPreferences((*profile)->id, answer, std::nullopt);
    if (*existing) {
        row.emailNotifications = (*existing)->emailNotifications;
        row.usageAlerts = (*existing)->usageAlerts;
    }
    return accounts.upsertPreferences(row);
}

bool isOffline(const Error &error)
{
    return sync::classify(error) == sync::FailureKind::Offline;
}

} // namespace

ModeController::ModeController(api::CloudClient &client, sync::MirrorWriter &writer,
                               LicensingSource licensing, const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_writer(writer)
    , m_licensing(std::move(licensing))
    , m_clock(clock)
{}

ModeController::~ModeController() = default;

std::int64_t ModeController::nowMs() const
{
    return m_clock ? m_clock->nowMs() : QDateTime::currentMSecsSinceEpoch();
}

template <typename T>
ModeController::Callback<T> ModeController::guarded(QObject *context, Callback<T> done)
{
    return [self = QPointer<ModeController>(this), guardedContext = context != nullptr,
            target = QPointer<QObject>(context), done = std::move(done)](Result<T> result) {
        if (self && (!guardedContext || target))
            done(std::move(result));
    };
}

void ModeController::readFacts(std::function<void(Result<Facts>)> done)
{
    m_writer.run<Facts>(
        [](store::MirrorDatabase &db) -> Result<Facts> {
            store::AccountRepository accounts(db);
            store::LicenseRepository licenses(db);
            Facts facts;
            auto profile = accounts.profile();
            if (!profile)
                return std::unexpected(profile.error());
            auto preferences = accounts.preferences();
            if (!preferences)
                return std::unexpected(preferences.error());
            auto subscription = accounts.subscription();
            if (!subscription)
                return std::unexpected(subscription.error());
            auto license = licenses.license();
            if (!license)
                return std::unexpected(license.error());
            // The subscription stream's own fetch, or a later complete sync
            // (the "state" stream) that found it unchanged.
            store::SyncStateRepository syncState(db);
            for (const QString &stream : {u"subscription"_s, u"state"_s}) {
                auto confirmed = syncState.streamState(stream);
                if (!confirmed)
                    return std::unexpected(confirmed.error());
                if (*confirmed && *subscription)
                    facts.entitlement.subscriptionConfirmedAtMs = std::max<std::int64_t>(
                        facts.entitlement.subscriptionConfirmedAtMs.value_or(0), (*confirmed)->syncedAtMs);
            }
            facts.profile = *profile;
            facts.preferences = *preferences;
            facts.entitlement.subscription = *subscription;
            facts.entitlement.license = *license;
            return facts;
        },
        this, std::move(done));
}

Result<ByokSource> ModeController::evaluate(const Facts &facts) const
{
    LicensingSnapshot snapshot;
    if (m_licensing) {
        snapshot = m_licensing();
    } else {
        snapshot.nowMs = nowMs();
        snapshot.highWaterMs = snapshot.nowMs;
    }
    return evaluateByok(facts.entitlement, snapshot);
}

void ModeController::setCurrent(Mode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    qCInfo(lcByok).noquote() << "mode is now" << toString(mode);
    emit modeChanged(mode);
}

void ModeController::load(QObject *context, Callback<Mode> done)
{
    readFacts([this, deliver = guarded(context, std::move(done))](Result<Facts> facts) {
        if (!facts) {
            deliver(std::unexpected(facts.error()));
            return;
        }
        const auto metadata = facts->preferences ? facts->preferences->preferencesMetadata : std::nullopt;
        const std::optional<Mode> stored = modeFromMetadata(metadata);
        if (!stored)
            qCWarning(lcByok) << "the stored mode is unreadable; using cloud";
        setCurrent(stored.value_or(Mode::Cloud));
        deliver(m_mode);
    });
}

void ModeController::refresh(QObject *context, Callback<Mode> done)
{
    m_client.fetchPreferences(
        this, [this, deliver = guarded(context, std::move(done))](Result<api::Preferences> answer) {
            if (!answer) {
                deliver(std::unexpected(answer.error()));
                return;
            }
            const Mode mode = modeFromMetadata(answer->metadata).value_or(Mode::Cloud);
            m_writer.run<void>(
                [answer = *answer](store::MirrorDatabase &db) { return writePreferences(db, answer); }, this,
                [this, deliver, mode](Result<void> written) {
                    if (!written) {
                        deliver(std::unexpected(written.error()));
                        return;
                    }
                    setCurrent(mode);
                    deliver(mode);
                });
        });
}

void ModeController::checkByok(QObject *context, Callback<ByokSource> done)
{
    readFacts([this, deliver = guarded(context, std::move(done))](Result<Facts> facts) {
        deliver(facts ? evaluate(*facts) : Result<ByokSource>(std::unexpected(facts.error())));
    });
}

void ModeController::setMode(Mode mode, QObject *context, Callback<ModeChange> done)
{
    Callback<ModeChange> deliver = guarded(context, std::move(done));
    if (m_changing) {
        QMetaObject::invokeMethod(
            this,
            [deliver] {
                deliver(fail(errc::modeChangeInProgress, u"another mode change is still running"_s));
            },
            Qt::QueuedConnection);
        return;
    }
    m_changing = true;
    auto change = std::make_shared<Change>();
    change->target = mode;
    change->done = std::move(deliver);
    readFacts([this, change](Result<Facts> facts) {
        if (!facts) {
            finishChange(change, std::unexpected(facts.error()));
            return;
        }
        change->facts = *facts;
        if (change->target == Mode::Byok) {
            Result<ByokSource> allowed = evaluate(*facts);
            if (!allowed) {
                qCInfo(lcByok).noquote() << "BYOK refused:" << allowed.error().code
                                         << allowed.error().details.value(u"reason"_s).toString();
                finishChange(change, std::unexpected(allowed.error()));
                return;
            }
            change->source = *allowed;
        }
        sendChange(change);
    });
}

void ModeController::sendChange(std::shared_ptr<Change> change)
{
    // Read-modify-write on the server's current metadata: the object is replaced whole.
    m_client.fetchPreferences(this, [this, change](Result<api::Preferences> current) {
        if (!current) {
            if (isOffline(current.error()))
                queueChange(change, current.error());
            else
                finishChange(change, std::unexpected(current.error()));
            return;
        }
        api::PreferencesPatch patch;
        patch.metadata = withMode(current->metadata, change->target);
        change->patch = patch;
        m_client.updatePreferences(patch, change->key, this, [this, change](Result<api::Preferences> answer) {
            if (!answer) {
                if (isOffline(answer.error()))
                    queueChange(change, answer.error());
                else
                    finishChange(change, std::unexpected(answer.error()));
                return;
            }
            applyAnswer(change, *answer);
        });
    });
}

void ModeController::applyAnswer(std::shared_ptr<Change> change, const api::Preferences &answer)
{
    const Mode mode = modeFromMetadata(answer.metadata).value_or(Mode::Cloud);
    m_writer.run<void>([answer](store::MirrorDatabase &db) { return writePreferences(db, answer); }, this,
                       [this, change, mode](Result<void> written) {
                           // The server has the change; the next sync repairs a mirror that missed it.
                           if (!written)
                               qCWarning(lcByok) << "the mode changed but the mirror was not updated:"
                                                 << written.error().code;
                           setCurrent(mode);
                           finishChange(change, ModeChange{mode, false, std::nullopt, change->source});
                       });
}

void ModeController::queueChange(std::shared_ptr<Change> change, const Error &offline)
{
    if (!change->patch) {
        // Never reached the server's copy: build on the mirror's.
        if (!change->facts.preferences) {
            finishChange(change, std::unexpected(offline));
            return;
        }
        api::PreferencesPatch patch;
        patch.metadata = withMode(change->facts.preferences->preferencesMetadata, change->target);
        change->patch = patch;
    }
    const store::OutboxEntry entry = sync::outbox::preferencesChange(*change->patch, change->key, nowMs());
    const QJsonObject metadata = *change->patch->metadata;
    m_writer.run<qint64>(
        [entry, metadata](store::MirrorDatabase &db) -> Result<qint64> {
            qint64 id = 0;
            auto done = db.transact([&]() -> Result<void> {
                auto queued = store::OutboxRepository(db).enqueue(entry);
                if (!queued)
                    return std::unexpected(queued.error());
                id = *queued;
                store::AccountRepository accounts(db);
                auto row = accounts.preferences();
                if (!row)
                    return std::unexpected(row.error());
                if (!*row)
                    return {};
                store::UserPreferences shown = **row;
                shown.preferencesMetadata = metadata;
                return accounts.upsertPreferences(shown);
            });
            if (!done)
                return std::unexpected(done.error());
            return id;
        },
        this,
        [this, change](Result<qint64> id) {
            if (!id) {
                finishChange(change, std::unexpected(id.error()));
                return;
            }
            qCInfo(lcByok) << "offline: the mode change waits in the outbox as entry" << *id;
            setCurrent(change->target);
            finishChange(change, ModeChange{change->target, true, *id, change->source});
        });
}

void ModeController::finishChange(std::shared_ptr<Change> change, Result<ModeChange> result)
{
    m_changing = false;
    Callback<ModeChange> done = std::move(change->done);
    change->done = nullptr;
    if (done)
        done(std::move(result));
}

} // namespace creditdesk::byok

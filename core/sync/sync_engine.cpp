#include "core/sync/sync_engine.h"

#include "core/store/sync_state_repository.h"
#include "core/sync/mirror_writer.h"
#include "core/sync/sync_log.h"
#include "core/sync/sync_run.h"

using namespace Qt::StringLiterals;

namespace creditdesk::sync {

QString toString(SyncStatus status)
{
    switch (status) {
    case SyncStatus::Idle:
        return u"idle"_s;
    case SyncStatus::Syncing:
        return u"syncing"_s;
    case SyncStatus::Offline:
        return u"offline"_s;
    case SyncStatus::SignedOut:
        return u"signed_out"_s;
    case SyncStatus::Error:
        return u"error"_s;
    }
    return u"error"_s;
}

SyncEngine::SyncEngine(api::CloudClient &client, MirrorWriter &writer, SyncOptions options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_writer(writer)
    , m_options(options)
{
    qRegisterMetaType<SyncResult>();
    qRegisterMetaType<SyncStatus>();
    reloadLastSuccessfulSync();
}

SyncEngine::~SyncEngine()
{
    if (m_run) {
        m_run->disconnect(this);
        m_run->cancel();
        delete m_run;
    }
}

void SyncEngine::reloadLastSuccessfulSync()
{
    m_writer.run<std::optional<std::int64_t>>(
        [](store::MirrorDatabase &db) -> Result<std::optional<std::int64_t>> {
            auto state = store::SyncStateRepository(db).streamState(QString(stream::state));
            if (!state)
                return std::unexpected(state.error());
            if (!*state)
                return std::optional<std::int64_t>();
            return std::optional<std::int64_t>((*state)->syncedAtMs);
        },
        this,
        [this, generation = m_successGeneration](Result<std::optional<std::int64_t>> at) {
            if (!at) {
                qCWarning(lcSync) << "cannot read the last sync time:" << at.error().code
                                  << at.error().message;
                return;
            }
            // A run that succeeded since the read was posted knows better.
            if (generation != m_successGeneration)
                return;
            if (*at)
                setLastSuccess(**at);
            else
                m_lastSuccessMs.reset();
        });
}

bool SyncEngine::start()
{
    if (m_run)
        return false;
    auto *run = new SyncRun(m_client, m_writer, m_options, this);
    m_run = run;
    connect(run, &SyncRun::progress, this, &SyncEngine::progress);
    connect(run, &SyncRun::finished, this, &SyncEngine::onFinished);
    setStatus(SyncStatus::Syncing);
    run->start();
    return true;
}

void SyncEngine::cancel()
{
    if (m_run)
        m_run->cancel();
}

void SyncEngine::onFinished(const SyncResult &result)
{
    if (m_run) {
        m_run->deleteLater();
        m_run = nullptr;
    }
    if (result.completedAtMs) {
        ++m_successGeneration;
        setLastSuccess(*result.completedAtMs);
    }
    setStatus(result.status);
    emit finished(result);
}

void SyncEngine::setStatus(SyncStatus status)
{
    if (status == m_status)
        return;
    m_status = status;
    emit statusChanged(status);
}

void SyncEngine::setLastSuccess(std::int64_t atMs)
{
    if (m_lastSuccessMs == atMs)
        return;
    m_lastSuccessMs = atMs;
    emit lastSuccessfulSyncChanged(atMs);
}

} // namespace creditdesk::sync

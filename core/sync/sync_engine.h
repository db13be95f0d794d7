#pragma once

#include "core/sync/sync_types.h"

#include <QObject>

#include <cstdint>
#include <optional>

namespace creditdesk::api {
class CloudClient;
}

namespace creditdesk::sync {

class MirrorWriter;
class SyncRun;

// Keeps the local mirror in step with the cloud (ARCHITECTURE "Data flow" 2,
// api-contract §10.5). A run pulls the profile and preferences, the
// subscription and its proration history, the balance and credit sources,
// the license with its seats and upgrades, coupon redemptions, invoices and
// the usage ledger (keyset pages: each page is applied in one transaction
// together with its cursor, so a kill at any moment leaves the mirror
// consistent and the next run resumes from the stored cursor). Upserts are
// idempotent and the server wins.
//
// With the extensions it first asks /v1/sync/state (If-None-Match: the ETag of
// the last fully applied state) and fetches only the streams whose version
// changed; without them (extension_unavailable) it polls every stream and
// pages the usage list by offset, newest first, re-reading a window before
// the last pass's high-water mark.
//
// Lives on the thread of its CloudClient; every mirror write goes through
// `writer` (its own connection on a worker thread), so the UI thread only
// reads. `client` and `writer` must outlive the engine.
class SyncEngine : public QObject {
    Q_OBJECT

public:
    SyncEngine(api::CloudClient &client, MirrorWriter &writer, SyncOptions options = {},
               QObject *parent = nullptr);
    ~SyncEngine() override;

    [[nodiscard]] SyncStatus status() const { return m_status; }
    [[nodiscard]] bool isRunning() const { return m_run != nullptr; }
    // From the mirror's sync_state ("state" row), read at construction and
    // updated by every successful run; nullopt until known or if none yet.
    [[nodiscard]] std::optional<std::int64_t> lastSuccessfulSyncMs() const { return m_lastSuccessMs; }

    // Starts a run; false (and nothing happens) while one is running.
    bool start();
    // Stops the running sync: the call in flight is aborted, a page being
    // written lands whole or not at all, finished() reports `cancelled` at once
    // and the status returns to Idle. Nothing happens when idle.
    void cancel();
    // Re-reads the last successful sync time from the mirror.
    void reloadLastSuccessfulSync();

signals:
    void statusChanged(creditdesk::sync::SyncStatus status);
    // `total` is -1 when unknown (cursor paging).
    void progress(const QString &stream, qint64 done, qint64 total);
    void finished(const creditdesk::sync::SyncResult &result);
    void lastSuccessfulSyncChanged(qint64 atMs);

private:
    void onFinished(const SyncResult &result);
    void setStatus(SyncStatus status);
    void setLastSuccess(std::int64_t atMs);

    api::CloudClient &m_client;
    MirrorWriter &m_writer;
    SyncOptions m_options;
    SyncStatus m_status = SyncStatus::Idle;
    SyncRun *m_run = nullptr; // a child; deleted once it has finished
    std::optional<std::int64_t> m_lastSuccessMs;
    int m_successGeneration = 0;
};

} // namespace creditdesk::sync

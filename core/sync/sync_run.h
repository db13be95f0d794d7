#pragma once

#include "core/api/cloud_client.h"
#include "core/store/mirror_types.h"
#include "core/sync/mirror_writer.h"
#include "core/sync/sync_types.h"

#include <QHash>
#include <QLatin1StringView>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace creditdesk::sync {

// One sync run of SyncEngine (internal): reads the mirror's sync state, asks
// /v1/sync/state what changed (or polls everything without the extensions),
// then fetches each changed stream and writes it, with its stream state, in
// one mirror transaction on the writer thread; usage page by page, each page
// with its cursor. Finishes exactly once.
class SyncRun : public QObject {
    Q_OBJECT

public:
    // `client` and `writer` must outlive the run.
    SyncRun(api::CloudClient &client, MirrorWriter &writer, const SyncOptions &options,
            QObject *parent = nullptr);

    void start();
    // Aborts the call in flight and finishes with `cancelled` at once; a page
    // being written still lands whole (or not at all).
    void cancel();

signals:
    void progress(const QString &stream, qint64 done, qint64 total);
    void finished(const creditdesk::sync::SyncResult &result);

private:
    using Done = std::function<void(Result<void>)>;

    struct Local {
        QString userId;
        QHash<QString, store::StreamState> streams;
    };
    // Control (sync_run.cpp).
    void onLocal(Local local);
    void onSyncState(Result<api::SyncStateResult> result);
    void plan(const std::optional<api::SyncState> &state);
    void runNextStream();
    void streamDone(QLatin1StringView stream, Result<void> result);
    void complete();
    void finish(std::optional<Error> fatal);
    [[nodiscard]] store::StreamState streamState(QLatin1StringView stream) const;
    [[nodiscard]] std::int64_t nowMs() const;
    void run(QLatin1StringView stream, const Done &done);

    // Account streams (sync_run_streams.cpp).
    void syncProfile(const Done &done);
    void syncSubscription(const Done &done);
    void syncBalance(const Done &done);
    void syncLicense(const Done &done);
    void syncLicenseDetails(const api::MyLicense &mine, const Done &done);
    void syncCoupons(const Done &done);
    void syncInvoices(const Done &done);
    void fetchInvoicePage(const QString &startingAfter, const Done &done);

    // Usage (sync_run_usage.cpp).
    void syncUsage(const Done &done);
    void startLedger(const QString &cursor, const std::optional<store::UsageKey> &newest);
    void startPolling(const QString &cursor);
    void usageFinished(Result<void> result);
    void stopUsage();

    template <typename T>
    void request(const std::function<api::CallHandle(QObject *, api::Callback<T>)> &start,
                 std::function<void(Result<T>)> next);
    template <typename T>
    void write(std::function<Result<T>(store::MirrorDatabase &)> job, std::function<void(Result<T>)> next);
    // Writes `body` and the stream's state in one transaction, then calls done.
    void writeStream(QLatin1StringView stream, std::function<Result<void>(store::MirrorDatabase &)> body,
                     const Done &done);

    api::CloudClient &m_client;
    MirrorWriter &m_writer;
    SyncOptions m_options;
    SyncResult m_result;
    api::CallHandle m_call;
    bool m_finished = false;

    Local m_local;
    QString m_userId;
    QString m_etag;
    std::optional<api::SyncState> m_state;
    QList<QLatin1StringView> m_queue;

    // Usage: a LedgerSync or PolledUsageSync child while the stream runs.
    Done m_usageDone;
    QObject *m_usage = nullptr;

    // Invoices.
    QList<api::Invoice> m_invoices;
};

template <typename T>
void SyncRun::request(const std::function<api::CallHandle(QObject *, api::Callback<T>)> &start,
                      std::function<void(Result<T>)> next)
{
    m_call = start(this, [this, next = std::move(next)](Result<T> result) {
        m_call = {};
        if (!m_finished)
            next(std::move(result));
    });
}

template <typename T>
void SyncRun::write(std::function<Result<T>(store::MirrorDatabase &)> job,
                    std::function<void(Result<T>)> next)
{
    m_writer.run<T>(std::move(job), this, [this, next = std::move(next)](Result<T> result) {
        if (!m_finished)
            next(std::move(result));
    });
}

} // namespace creditdesk::sync

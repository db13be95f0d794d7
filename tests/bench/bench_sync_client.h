#pragma once

#include "core/api/access_token_source.h"
#include "core/api/cloud_client.h"
#include "core/sync/mirror_writer.h"
#include "core/sync/sync_engine.h"

#include <QObject>
#include <QString>
#include <QUrl>

#include <cstdint>
#include <memory>

// The syncing side of bench_sync: the app's own CloudClient, MirrorWriter and
// SyncEngine on one mirror file, as the app wires them.
namespace creditdesk::bench {

// Resident memory of this process from /proc/self/status, in KiB (-1 when
// unknown). VmHWM is the peak since the process started: measured in a
// child process it covers exactly one sync.
struct MemoryUse {
    qint64 peakKb = -1;    // VmHWM
    qint64 currentKb = -1; // VmRSS
};
[[nodiscard]] MemoryUse memoryUse();

// CPU time (user + system) this process has used, in nanoseconds.
[[nodiscard]] qint64 ownCpuNs();
// CPU time (user + system) of process `pid` from /proc/<pid>/stat, in
// nanoseconds; -1 when unknown.
[[nodiscard]] qint64 processCpuNs(qint64 pid);
// The first child of this process whose command name starts with `name`; 0 if none.
[[nodiscard]] qint64 childPid(const QByteArray &name);

struct SyncTiming {
    bool ok = false;
    QString error;          // code: message, when !ok
    qint64 elapsedNs = 0;   // start() to finished()
    qint64 firstRowNs = -1; // start() to the first applied usage page
    std::int64_t rows = 0;  // ledger rows applied
    std::int64_t pages = 0; // ledger pages applied
    QStringList fetched;    // streams fetched
};

class SyncClient {
public:
    SyncClient(const QUrl &baseUrl, const QString &token, const QString &mirrorPath, int pageSize);
    ~SyncClient();
    SyncClient(const SyncClient &) = delete;
    SyncClient &operator=(const SyncClient &) = delete;

    // One sync, waited for in a local event loop.
    [[nodiscard]] SyncTiming sync();

private:
    class FixedToken;
    std::unique_ptr<FixedToken> m_tokens;
    std::unique_ptr<api::CloudClient> m_client;
    std::unique_ptr<sync::MirrorWriter> m_writer;
    std::unique_ptr<sync::SyncEngine> m_engine;
};

// The child process of the full-sync measurement: one sync of `mirrorPath`,
// then one JSON line on stdout (SyncTiming plus MemoryUse). Exit code 0
// after a successful sync, 2 otherwise.
int runSyncChild(const QUrl &baseUrl, const QString &token, const QString &mirrorPath, int pageSize);

} // namespace creditdesk::bench

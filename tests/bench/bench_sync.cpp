// SyncEngine against a real creditdesk-server (SQLite, rate limits off) on
// loopback: a full sync of a large ledger into an empty mirror (time and peak
// RSS of the syncing process, which is a child so its VmHWM covers that sync
// only), then incremental syncs of 100 new rows each (median of N runs).
// Figures go to docs/benchmarks.md.
//
//   bench_sync [--rows 1000000] [--days 365] [--runs 20] [--incremental-rows 100]
//              [--page-size 1000] [--server path/to/creditdesk-server] [--server-log FILE]
#include "core/store/mirror_recovery.h"
#include "tests/bench/bench_stats.h"
#include "tests/bench/bench_sync_client.h"
#include "tests/bench/load_server.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;
using namespace creditdesk::bench;

namespace {

constexpr qint64 kFullTargetNs = 20'000'000'000;
constexpr qint64 kFullTargetKb = 150 * 1024;
constexpr qint64 kIncrementalTargetNs = 50'000'000;
// §10.5: rows appear to cursor paging once they are 5 s old.
constexpr unsigned long kVisibilityWaitMs = 5'500;

struct Account {
    QString email;
    QString token;
};

std::optional<Account> createAccount(const LoadServer &server)
{
    Account a{u"bench-sync@example.com"_s, {}};
    QString error;
    if (server.admin({u"create-user"_s, u"--email"_s, a.email}, &error, "bench-sync-password\n").isEmpty() ||
        server
            .admin({u"set-subscription"_s, u"--email"_s, a.email, u"--tier"_s, u"pro"_s, u"--status"_s,
                    u"active"_s},
                   &error)
            .isEmpty()) {
        progress(u"account setup failed: "_s + error);
        return std::nullopt;
    }
    a.token =
        server.admin({u"issue-token"_s, u"--email"_s, a.email}, &error).value(u"access_token"_s).toString();
    if (a.token.isEmpty()) {
        progress(u"issue-token failed: "_s + error);
        return std::nullopt;
    }
    return a;
}

bool generate(const LoadServer &server, const Account &a, qint64 rows, int days, int seed)
{
    QString error;
    const QJsonObject out =
        server.admin({u"generate-usage"_s, u"--email"_s, a.email, u"--rows"_s, QString::number(rows),
                      u"--days"_s, QString::number(days), u"--seed"_s, QString::number(seed)},
                     &error);
    if (out.isEmpty())
        progress(u"generate-usage failed: "_s + error);
    return !out.isEmpty();
}

// The full sync in a child process (this program with --child-sync).
std::optional<QJsonObject> fullSyncInChild(const QUrl &url, const QString &token, const QString &mirror,
                                           int pageSize, qint64 *wallNs)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::SeparateChannels);
    child.setProcessEnvironment(QProcessEnvironment::systemEnvironment());
    QElapsedTimer wall;
    wall.start();
    child.start(QCoreApplication::applicationFilePath(),
                {u"--child-sync"_s, u"--url"_s, url.toString(), u"--token"_s, token, u"--mirror"_s, mirror,
                 u"--page-size"_s, QString::number(pageSize)});
    if (!child.waitForStarted(10'000) || !child.waitForFinished(60 * 60'000)) {
        progress(u"the sync child did not run: "_s + child.errorString());
        return std::nullopt;
    }
    *wallNs = wall.nsecsElapsed();
    const QByteArray out = child.readAllStandardOutput().trimmed();
    const QJsonObject line = QJsonDocument::fromJson(out.split('\n').constLast()).object();
    if (line.isEmpty()) {
        progress(u"the sync child printed no result: "_s + QString::fromUtf8(child.readAllStandardError()));
        return std::nullopt;
    }
    return line;
}

qint64 mirrorRowCount(const QString &mirror)
{
    qint64 count = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"bench-sync-count"_s);
        db.setDatabaseName(mirror);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(u"SELECT count(*) FROM token_usage_ledger"_s) && q.next())
                count = q.value(0).toLongLong();
        }
    }
    QSqlDatabase::removeDatabase(u"bench-sync-count"_s);
    return count;
}

QString megabytes(qint64 kb)
{
    return kb < 0 ? u"unknown"_s : QString::number(kb / 1024) + u" MB"_s;
}

QString verdict(bool met)
{
    return met ? u"met"_s : u"**missed**"_s;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Full and incremental SyncEngine runs against creditdesk-server."_s);
    parser.addHelpOption();
    parser.addOptions(
        {{u"rows"_s, u"Ledger rows for the full sync."_s, u"n"_s, u"1000000"_s},
         {u"days"_s, u"Days the rows are spread over."_s, u"n"_s, u"365"_s},
         {u"runs"_s, u"Incremental syncs measured (≥ 20)."_s, u"n"_s, u"20"_s},
         {u"incremental-rows"_s, u"New rows before each incremental sync."_s, u"n"_s, u"100"_s},
         {u"page-size"_s, u"Usage page size (1..1000)."_s, u"n"_s, u"1000"_s},
         {u"server"_s, u"creditdesk-server executable."_s, u"path"_s, QStringLiteral(CREDITDESK_SERVER_EXE)},
         {u"server-log"_s, u"Write the server's log here."_s, u"file"_s},
         {u"child-sync"_s, u"(internal) run one sync and print its figures."_s},
         {u"url"_s, u"(internal) API base URL."_s, u"url"_s},
         {u"token"_s, u"(internal) access token."_s, u"token"_s},
         {u"mirror"_s, u"(internal) mirror file."_s, u"path"_s}});
    parser.process(app);
    const int pageSize = parser.value(u"page-size"_s).toInt();
    if (parser.isSet(u"child-sync"_s))
        return runSyncChild(QUrl(parser.value(u"url"_s)), parser.value(u"token"_s), parser.value(u"mirror"_s),
                            pageSize);

    const qint64 rows = parser.value(u"rows"_s).toLongLong();
    const int runs = std::max(1, parser.value(u"runs"_s).toInt());
    const qint64 newRows = parser.value(u"incremental-rows"_s).toLongLong();
    const QString loadBefore = loadAverage();
    QTemporaryDir work;
    if (!work.isValid())
        return 2;
    const QString mirror = work.filePath(u"mirror.db"_s);
    LoadServer server(parser.value(u"server"_s), u"sqlite://"_s + work.filePath(u"server.db"_s));
    QString error;
    if (!server.start(0, parser.value(u"server-log"_s), &error)) {
        progress(error);
        return 2;
    }
    const auto account = createAccount(server);
    if (!account)
        return 2;
    progress(u"generating %1 ledger rows over %2 days"_s.arg(formatCount(rows), parser.value(u"days"_s)));
    QElapsedTimer timer;
    timer.start();
    if (!generate(server, *account, rows, parser.value(u"days"_s).toInt(), 42))
        return 2;
    const qint64 generateNs = timer.nsecsElapsed();
    QThread::msleep(kVisibilityWaitMs);

    progress(u"full sync (child process)"_s);
    const qint64 serverPid = childPid("creditdesk-serv");
    const qint64 serverCpuBefore = processCpuNs(serverPid);
    qint64 childWallNs = 0;
    const auto full = fullSyncInChild(server.baseUrl(), account->token, mirror, pageSize, &childWallNs);
    if (!full || !full->value(u"ok"_s).toBool()) {
        progress(u"full sync failed: "_s + (full ? full->value(u"error"_s).toString() : u"no result"_s));
        return 2;
    }
    const qint64 serverCpuNs = serverPid > 0 ? processCpuNs(serverPid) - serverCpuBefore : -1;
    const qint64 fullNs = full->value(u"elapsed_ns"_s).toInteger();
    const qint64 peakKb = full->value(u"vm_hwm_kb"_s).toInteger();
    const qint64 fullRows = full->value(u"rows"_s).toInteger();

    // What opening the synced mirror costs (the writer opens it once per process).
    qint64 openCheckedNs = -1;
    qint64 openUncheckedNs = -1;
    for (const bool check : {true, false}) {
        creditdesk::store::OpenOptions options;
        options.quickCheck = check;
        QElapsedTimer open;
        open.start();
        if (!creditdesk::store::openOrRecover(mirror, options)) {
            progress(u"cannot open the synced mirror"_s);
            return 2;
        }
        (check ? openCheckedNs : openUncheckedNs) = open.nsecsElapsed();
    }

    progress(u"incremental syncs: %1 × %2 new rows"_s.arg(runs).arg(newRows));
    LatencySamples incremental;
    QStringList fetchedStreams;
    {
        SyncClient client(server.baseUrl(), account->token, mirror, pageSize);
        const SyncTiming warmup = client.sync(); // opens the mirror; nothing new
        if (!warmup.ok) {
            progress(u"warm-up sync failed: "_s + warmup.error);
            return 2;
        }
        for (int i = 0; i < runs; ++i) {
            if (!generate(server, *account, newRows, 1, 1000 + i))
                return 2;
            QThread::msleep(kVisibilityWaitMs);
            const SyncTiming t = client.sync();
            if (!t.ok || t.rows != newRows) {
                progress(u"incremental sync %1 failed (%2 rows): %3"_s.arg(i).arg(t.rows).arg(t.error));
                return 2;
            }
            incremental.add(t.elapsedNs);
            fetchedStreams = t.fetched;
        }
    }
    const LatencySummary inc = incremental.summarize();
    const qint64 mirrored = mirrorRowCount(mirror);
    const bool complete = mirrored == rows + qint64{runs} * newRows && fullRows == rows;
    const QString loadAfter = loadAverage();

    MarkdownTable table({u"measure"_s, u"value"_s, u"target"_s});
    table.addRow({u"full sync of %1 rows (%2 pages), start() → finished()"_s.arg(
                      formatCount(fullRows), formatCount(full->value(u"pages"_s).toInteger())),
                  formatSeconds(fullNs) + u" s ("_s + formatRate(fullRows, fullNs) + u" rows/s)"_s,
                  u"≤ 20 s — "_s + verdict(fullNs <= kFullTargetNs)});
    table.addRow({u"peak RSS of the syncing process (VmHWM)"_s, megabytes(peakKb),
                  u"≤ 150 MB — "_s + verdict(peakKb >= 0 && peakKb <= kFullTargetKb)});
    table.addRow({u"CPU time during the full sync: syncing process / server"_s,
                  formatSeconds(full->value(u"cpu_ns"_s).toInteger()) + u" s / "_s +
                      (serverCpuNs < 0 ? u"unknown"_s : formatSeconds(serverCpuNs) + u" s"_s),
                  u"—"_s});
    table.addRow({u"first usage page applied after"_s,
                  formatMillis(full->value(u"first_row_ns"_s).toInteger()) + u" ms"_s, u"—"_s});
    table.addRow({u"child process wall time (start, open, sync, exit)"_s,
                  formatSeconds(childWallNs) + u" s"_s, u"—"_s});
    table.addRow({u"opening the synced mirror (PRAGMA quick_check, then without it)"_s,
                  formatMillis(openCheckedNs) + u" ms / "_s + formatMillis(openUncheckedNs) + u" ms"_s,
                  u"—"_s});
    table.addRow({u"incremental sync, %1 new rows: median of %2"_s.arg(newRows).arg(inc.count),
                  formatMillis(inc.p50Ns) + u" ms"_s,
                  u"≤ 50 ms — "_s + verdict(inc.p50Ns <= kIncrementalTargetNs)});
    table.addRow({u"incremental sync: max"_s, formatMillis(inc.maxNs) + u" ms"_s, u"—"_s});
    report(u"## bench_sync — %1\n\nLoad average before %2, after %3. Server: creditdesk-server, SQLite, "
           u"--rate-limits off, loopback; %4 rows generated in %5 s. Page size %6. Incremental syncs "
           u"fetched: %7.\n\n%8\nMirror rows at the end: %9 (%10).\n"_s.arg(
               nowUtcText(), loadBefore, loadAfter, formatCount(rows), formatSeconds(generateNs),
               QString::number(pageSize), fetchedStreams.join(u", "_s), table.render(), formatCount(mirrored),
               complete ? u"every server row"_s : u"**rows missing**"_s));
    const bool met = fullNs <= kFullTargetNs && peakKb <= kFullTargetKb && inc.p50Ns <= kIncrementalTargetNs;
    return !complete ? 2 : met ? 0 : 3;
}

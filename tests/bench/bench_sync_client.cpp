#include "tests/bench/bench_sync_client.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>
#include <sys/resource.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace creditdesk::bench {

class SyncClient::FixedToken final : public api::AccessTokenSource {
public:
    explicit FixedToken(QString token)
        : m_token(std::move(token))
    {}
    [[nodiscard]] QString accessToken() const override { return m_token; }
    void refresh(std::function<void(Result<void>)> done) override
    {
        QTimer::singleShot(0, &m_context, [done = std::move(done)] {
            done(fail("invalid_grant"_L1, u"bench_sync has no refresh token"_s));
        });
    }

private:
    QObject m_context;
    QString m_token;
};

MemoryUse memoryUse()
{
    MemoryUse use;
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly | QIODevice::Text))
        return use;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        const auto valueOf = [&line] {
            return line.mid(line.indexOf(':') + 1).trimmed().split(' ').value(0).toLongLong();
        };
        if (line.startsWith("VmHWM:"))
            use.peakKb = valueOf();
        else if (line.startsWith("VmRSS:"))
            use.currentKb = valueOf();
    }
    return use;
}

qint64 ownCpuNs()
{
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0)
        return -1;
    const auto ns = [](const timeval &t) {
        return qint64{t.tv_sec} * 1'000'000'000 + qint64{t.tv_usec} * 1'000;
    };
    return ns(usage.ru_utime) + ns(usage.ru_stime);
}

qint64 processCpuNs(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    // Fields after the command name (which may hold spaces): state is field 3,
    // utime field 14, stime field 15.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    const long ticks = sysconf(_SC_CLK_TCK);
    return (fields.at(11).toLongLong() + fields.at(12).toLongLong()) * (1'000'000'000 / ticks);
}

qint64 childPid(const QByteArray &name)
{
    const qint64 self = getpid();
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric)
            continue;
        QFile stat(u"/proc/%1/stat"_s.arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        const QByteArray comm =
            line.mid(line.indexOf('(') + 1, line.lastIndexOf(')') - line.indexOf('(') - 1);
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 1 && fields.at(1).toLongLong() == self && comm.startsWith(name))
            return pid;
    }
    return 0;
}

SyncClient::SyncClient(const QUrl &baseUrl, const QString &token, const QString &mirrorPath, int pageSize)
    : m_tokens(std::make_unique<FixedToken>(token))
{
    api::TransportOptions options;
    options.baseUrl = baseUrl;
    options.transferTimeoutMs = 120'000;
    m_client = std::make_unique<api::CloudClient>(options, m_tokens.get());
    m_writer = std::make_unique<sync::MirrorWriter>(mirrorPath);
    sync::SyncOptions syncOptions;
    syncOptions.usagePageSize = pageSize;
    m_engine = std::make_unique<sync::SyncEngine>(*m_client, *m_writer, syncOptions);
}

SyncClient::~SyncClient() = default;

SyncTiming SyncClient::sync()
{
    SyncTiming timing;
    QEventLoop loop;
    QElapsedTimer timer;
    const QMetaObject::Connection progress =
        QObject::connect(m_engine.get(), &sync::SyncEngine::progress, &loop,
                         [&timing, &timer](const QString &stream, qint64, qint64) {
                             if (timing.firstRowNs < 0 && stream == "usage"_L1)
                                 timing.firstRowNs = timer.nsecsElapsed();
                         });
    const QMetaObject::Connection finished = QObject::connect(
        m_engine.get(), &sync::SyncEngine::finished, &loop, [&](const sync::SyncResult &result) {
            timing.elapsedNs = timer.nsecsElapsed();
            timing.ok = result.ok();
            if (result.error)
                timing.error = result.error->code + u": "_s + result.error->message;
            timing.rows = result.usageRows;
            timing.pages = result.usagePages;
            timing.fetched = result.fetched;
            loop.quit();
        });
    timer.start();
    if (!m_engine->start()) {
        timing.error = u"a sync was already running"_s;
        return timing;
    }
    loop.exec();
    QObject::disconnect(progress);
    QObject::disconnect(finished);
    return timing;
}

int runSyncChild(const QUrl &baseUrl, const QString &token, const QString &mirrorPath, int pageSize)
{
    SyncTiming timing;
    {
        SyncClient client(baseUrl, token, mirrorPath, pageSize);
        timing = client.sync();
    }
    const MemoryUse memory = memoryUse();
    const QJsonObject line{{u"ok"_s, timing.ok},
                           {u"error"_s, timing.error},
                           {u"elapsed_ns"_s, timing.elapsedNs},
                           {u"first_row_ns"_s, timing.firstRowNs},
                           {u"rows"_s, static_cast<qint64>(timing.rows)},
                           {u"pages"_s, static_cast<qint64>(timing.pages)},
                           {u"fetched"_s, QJsonArray::fromStringList(timing.fetched)},
                           {u"cpu_ns"_s, ownCpuNs()},
                           {u"vm_hwm_kb"_s, memory.peakKb},
                           {u"vm_rss_kb"_s, memory.currentKb}};
    std::fputs(QJsonDocument(line).toJson(QJsonDocument::Compact).append('\n').constData(), stdout);
    std::fflush(stdout);
    return timing.ok ? 0 : 2;
}

} // namespace creditdesk::bench

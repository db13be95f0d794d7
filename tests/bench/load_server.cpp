#include "tests/bench/load_server.h"

#include <QElapsedTimer>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace creditdesk::bench {

namespace {
const QByteArray kReadyPrefix = "creditdesk-server listening on ";
constexpr int kStartTimeoutMs = 60'000;
constexpr int kAdminTimeoutMs = 600'000;
} // namespace

LoadServer::LoadServer(QString executable, QString databaseUrl)
    : m_executable(std::move(executable))
    , m_databaseUrl(std::move(databaseUrl))
{}

LoadServer::~LoadServer()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(15'000)) {
            m_process.kill();
            m_process.waitForFinished(5'000);
        }
    }
}

bool LoadServer::start(int workerThreads, const QString &logFile, QString *error)
{
    QStringList arguments{u"--db"_s,       m_databaseUrl,    u"--listen"_s,      u"127.0.0.1:0"_s,
                          u"--data-dir"_s, m_dataDir.path(), u"--rate-limits"_s, u"off"_s};
    if (workerThreads > 0)
        arguments << u"--threads"_s << QString::number(workerThreads);
    m_process.setStandardErrorFile(logFile.isEmpty() ? QProcess::nullDevice() : logFile);
    m_process.start(m_executable, arguments);
    if (!m_process.waitForStarted(10'000)) {
        *error = u"cannot start "_s + m_executable + u": "_s + m_process.errorString();
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < kStartTimeoutMs && m_process.state() == QProcess::Running) {
        if (!m_process.canReadLine() && !m_process.waitForReadyRead(200))
            continue;
        while (m_process.canReadLine()) {
            const QByteArray line = m_process.readLine().trimmed();
            if (line.startsWith(kReadyPrefix)) {
                m_baseUrl = QUrl(QString::fromUtf8(line.sliced(kReadyPrefix.size())));
                return true;
            }
        }
    }
    *error = u"the server did not start: "_s + QString::fromUtf8(m_process.readAllStandardOutput());
    return false;
}

QJsonObject LoadServer::admin(const QStringList &args, QString *error, const QByteArray &input) const
{
    QProcess process;
    process.start(m_executable,
                  QStringList{u"admin"_s, u"--db"_s, m_databaseUrl, u"--data-dir"_s, m_dataDir.path()} +
                      args);
    if (!process.waitForStarted(10'000)) {
        *error = process.errorString();
        return {};
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(kAdminTimeoutMs) || process.exitCode() != 0) {
        *error = args.join(u' ') + u": "_s + QString::fromUtf8(process.readAllStandardOutput().trimmed());
        return {};
    }
    const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
    return QJsonDocument::fromJson(lines.last()).object();
}

} // namespace creditdesk::bench

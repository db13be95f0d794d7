#include "tests/integration/client_licensing/client_licensing_support.h"

#include "core/licensing/certificate_store.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>

using namespace Qt::StringLiterals;

namespace creditdesk::test {

namespace {

constexpr int kWaitMs = 120'000;
const QByteArray kReadyPrefix = "creditdesk-server listening on ";

} // namespace

ClientDevice::ClientDevice(const QUrl &baseUrl, const QString &token, int machine, const QString &userId)
    : clock(QDateTime::currentMSecsSinceEpoch())
    , tokens(token)
    , machineId(u"client-licensing-machine-%1"_s.arg(machine).toUtf8())
    , m_userId(userId)
    , m_machine(machine)
{
    api::TransportOptions options = testTransportOptions(baseUrl, delays, 30'000);
    options.retry.maxAttempts = 2;
    client = std::make_unique<api::CloudClient>(options, &tokens);
    writer = std::make_unique<sync::MirrorWriter>(profile.filePath(u"mirror.db"_s));
    outbox = std::make_unique<sync::OutboxReplayer>(*client, *writer, &clock);
    reopen();
}

ClientDevice::~ClientDevice()
{
    manager.reset();
    outbox.reset();
    writer.reset();
}

void ClientDevice::reopen()
{
    manager.reset();
    licensing::LicenseManager::Options options;
    options.profileDir = profile.path();
    options.clock = &clock;
    const QByteArray id = machineId;
    options.machineId = [id] {
        return id;
    };
    options.appVersion = u"1.2.0"_s;
    options.device = licensing::DeviceDescription{u"Machine %1"_s.arg(m_machine), u"debian"_s};
    manager = std::make_unique<licensing::LicenseManager>(*client, options, outbox.get());
    if (!m_userId.isEmpty())
        manager->setUserId(m_userId);
}

licensing::LicenseStatusSnapshot ClientDevice::start()
{
    QSignalSpy finished(manager.get(), &licensing::LicenseManager::checkFinished);
    manager->start();
    if (!finished.wait(kWaitMs))
        qFatal("the start-up check did not finish");
    return manager->snapshot();
}

licensing::LicenseStatusSnapshot ClientDevice::check()
{
    QSignalSpy finished(manager.get(), &licensing::LicenseManager::checkFinished);
    manager->checkNow();
    if (!finished.wait(kWaitMs))
        qFatal("the check did not finish");
    return manager->snapshot();
}

Result<licensing::ActivationResult> ClientDevice::activate(const QString &key, const QString &deviceName)
{
    return await<licensing::ActivationResult>(
        [&](auto done) { manager->activate(key, deviceName, nullptr, done); }, kWaitMs);
}

Result<licensing::ActivationResult> ClientDevice::activateFreeing(const QString &key,
                                                                  const QString &activationIdToFree)
{
    return await<licensing::ActivationResult>(
        [&](auto done) { manager->activateFreeing(key, activationIdToFree, {}, nullptr, done); }, kWaitMs);
}

Result<licensing::DeactivationResult> ClientDevice::deactivate(const QString &activationId)
{
    return await<licensing::DeactivationResult>(
        [&](auto done) { manager->deactivate(activationId, nullptr, done); }, kWaitMs);
}

Result<licensing::SeatList> ClientDevice::devices(const QString &key)
{
    return await<licensing::SeatList>([&](auto done) { manager->devices(key, nullptr, done); }, kWaitMs);
}

sync::ReplayResult ClientDevice::replayOutbox()
{
    QSignalSpy finished(outbox.get(), &sync::OutboxReplayer::finished);
    if (!outbox->replay() || !finished.wait(kWaitMs))
        qFatal("the outbox replay did not finish");
    return finished.takeFirst().at(0).value<sync::ReplayResult>();
}

QString ClientDevice::certificatePath() const
{
    return QDir(profile.path()).filePath(licensing::CertificateStore::kFileName);
}

StoppableServer::StoppableServer(const ServerHarness &harness)
    : m_databaseUrl(harness.databaseUrl())
    , m_dataDir(harness.dataDir())
    , m_publicUrl(harness.baseUrl().toString())
{}

StoppableServer::~StoppableServer()
{
    stop();
}

QString StoppableServer::start()
{
    if (m_port == 0) {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost))
            return u"no free port"_s;
        m_port = probe.serverPort();
    }
    m_process.setProgram(QStringLiteral(CREDITDESK_SERVER_EXE));
    m_process.setArguments({u"--db"_s, m_databaseUrl, u"--listen"_s, u"127.0.0.1:%1"_s.arg(m_port),
                            u"--data-dir"_s, m_dataDir, u"--rate-limits"_s, u"off"_s,
                            // the harness's issuer: its tokens stay valid here
                            u"--public-url"_s, m_publicUrl});
    m_process.setStandardErrorFile(m_logDir.filePath(u"server.log"_s), QIODevice::Append);
    m_process.start();
    if (!m_process.waitForStarted(10'000))
        return m_process.errorString();
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < kWaitMs) {
        if (m_process.canReadLine() || m_process.waitForReadyRead(200)) {
            while (m_process.canReadLine()) {
                if (m_process.readLine().trimmed().startsWith(kReadyPrefix))
                    return {};
            }
        }
        if (m_process.state() == QProcess::NotRunning)
            return u"the server exited with %1"_s.arg(m_process.exitCode());
    }
    return u"the server did not start"_s;
}

void StoppableServer::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(15'000)) {
        m_process.kill();
        m_process.waitForFinished(5'000);
    }
}

QUrl StoppableServer::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(m_port));
}

} // namespace creditdesk::test

#pragma once

#include "core/api/cloud_client.h"
#include "core/domain/clock.h"
#include "core/licensing/license_manager.h"
#include "core/sync/mirror_writer.h"
#include "core/sync/outbox_replayer.h"
#include "tests/integration/api/api_test_support.h"
#include "tests/integration/http/server_harness.h"

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace creditdesk::test {

// One installation of the app on its own "machine": a profile directory, a
// manual clock (starting at the real time), a CloudClient with a fixed
// bearer token, an outbox over its own mirror, and the LicenseManager.
struct ClientDevice {
    QTemporaryDir profile;
    ManualClock clock;
    RecordedDelays delays;
    ScriptedTokens tokens;
    QByteArray machineId;
    std::unique_ptr<api::CloudClient> client;
    std::unique_ptr<sync::MirrorWriter> writer;
    std::unique_ptr<sync::OutboxReplayer> outbox;
    std::unique_ptr<licensing::LicenseManager> manager;

    ClientDevice(const QUrl &baseUrl, const QString &token, int machine, const QString &userId = {});
    ~ClientDevice();

    // A restart of the app over the same profile (the manager is not started).
    void reopen();
    // start() and wait for the online check.
    licensing::LicenseStatusSnapshot start();
    // checkNow() and wait for it.
    licensing::LicenseStatusSnapshot check();

    Result<licensing::ActivationResult> activate(const QString &key, const QString &deviceName = {});
    Result<licensing::ActivationResult> activateFreeing(const QString &key,
                                                        const QString &activationIdToFree);
    Result<licensing::DeactivationResult> deactivate(const QString &activationId = {});
    Result<licensing::SeatList> devices(const QString &key = {});
    // Replays the outbox and returns how it ended.
    sync::ReplayResult replayOutbox();

    [[nodiscard]] QString certificatePath() const;

private:
    QString m_userId;
    int m_machine = 0;
};

// A second creditdesk-server process on a harness's database and data dir
// (same keys, users and tokens) that a test can stop and start again on the
// same port: the client sees the server go away and come back.
class StoppableServer {
public:
    explicit StoppableServer(const ServerHarness &harness);
    ~StoppableServer();

    // "" on success, else why it did not start.
    [[nodiscard]] QString start();
    void stop();
    [[nodiscard]] QUrl baseUrl() const;

private:
    QString m_databaseUrl;
    QString m_dataDir;
    QString m_publicUrl;
    QTemporaryDir m_logDir;
    quint16 m_port = 0;
    QProcess m_process;
};

} // namespace creditdesk::test

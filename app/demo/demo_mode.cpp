#include "app/demo/demo_mode.h"

#include "core/session/app_session.h"
#include "core/session/client_services.h"
#include "core/sync/sync_engine.h"
#include "server/embedded/embedded_server.h"
#include "ui/shell/main_window.h"

#include <QApplication>
#include <QDir>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QPixmap>
#include <QTemporaryDir>
#include <QTimer>

#include <chrono>
#include <memory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcDemo, "creditdesk.demo")

namespace creditdesk::app {

namespace {

int failed(const QString &what, const Error &error)
{
    qCCritical(lcDemo).noquote() << what << error.code << error.message;
    QMessageBox::critical(nullptr, QApplication::translate("creditdesk::app", "CreditDesk demo"),
                          QApplication::translate("creditdesk::app", "The demo could not start: %1 (%2)")
                              .arg(what, error.message));
    return 1;
}

} // namespace

int runDemo(const DemoOptions &options)
{
    QTemporaryDir serverDir(QDir::tempPath() + u"/creditdesk-demo-server-XXXXXX"_s);
    QTemporaryDir profileDir(QDir::tempPath() + u"/creditdesk-demo-profile-XXXXXX"_s);
    if (!serverDir.isValid() || !profileDir.isValid())
        return failed(u"temporary directory"_s,
                      makeError("demo_unavailable"_L1, u"cannot create a temporary directory"_s));

    auto server = server::EmbeddedServer::start({serverDir.path(), {}, false});
    if (!server)
        return failed(u"embedded server"_s, server.error());
    qCInfo(lcDemo).noquote() << "demo server on" << (*server)->url().toString();
    auto account = (*server)->seedDemo();
    if (!account)
        return failed(u"seed-demo"_s, account.error());

    auto profile = session::Profile::open(profileDir.path());
    if (!profile)
        return failed(u"profile"_s, profile.error());
    session::SessionOptions sessionOptions;
    sessionOptions.secrets = session::SecretBackend::Memory;
    sessionOptions.server = (*server)->url();
    auto appSession = session::AppSession::open(std::move(*profile), sessionOptions);
    if (!appSession)
        return failed(u"session"_s, appSession.error());
    if (auto locked = (*appSession)->lockProfile(); !locked)
        return failed(u"profile lock"_s, locked.error());
    session::AppSession &sessionRef = **appSession;
    session::ClientServices services(sessionRef);

    std::unique_ptr<ui::MainWindow> window;
    int exitCode = 0;
    sessionRef.signInWithToken(account->tokenJson(), [&](Result<void> signedIn) {
        if (!signedIn) {
            exitCode = failed(u"sign-in"_s, signedIn.error());
            QApplication::exit(exitCode);
            return;
        }
        window = std::make_unique<ui::MainWindow>(sessionRef, services);
        window->setWindowTitle(
            QApplication::translate("creditdesk::app", "CreditDesk — demo (%1)").arg(account->email));
        if (!options.screenshotPath.isEmpty()) {
            // After the second sync, the one that brings the seeded usage.
            auto syncs = std::make_shared<int>(0);
            QObject::connect(&sessionRef.syncEngine(), &sync::SyncEngine::finished, window.get(),
                             [&window, &options, syncs](const sync::SyncResult &result) {
                                 if (!result.ok())
                                     qCWarning(lcDemo) << "sync failed:" << result.error->code;
                                 if (++*syncs != 2)
                                     return;
                                 // Let the pages repaint with the synced data first.
                                 QTimer::singleShot(200, window.get(), [&window, &options]() {
                                     const bool saved = window->grab().save(options.screenshotPath, "PNG");
                                     qCInfo(lcDemo).noquote() << "screenshot" << options.screenshotPath
                                                              << (saved ? "saved" : "NOT saved");
                                     QApplication::exit(saved ? 0 : 1);
                                 });
                             });
        }
        window->show();
        // The account at once; the seeded usage once the server lists it.
        window->syncNow();
        QTimer::singleShot(std::chrono::milliseconds(server::EmbeddedServer::usageVisibilityDelayMs() + 500),
                           window.get(), &ui::MainWindow::syncNow);
    });
    exitCode = QApplication::exec();
    window.reset();
    (*server)->stop();
    return exitCode;
}

} // namespace creditdesk::app

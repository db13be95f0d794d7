// The demo flow end to end, offscreen: the real server embedded in the test
// (EmbeddedServer) seeded with `seed-demo`, a session on a temporary profile
// with in-memory secrets signed in with the issued tokens, and the main
// window after its first sync; then the server goes away.
#include "core/session/app_session.h"
#include "core/session/client_services.h"
#include "core/sync/sync_engine.h"
#include "server/embedded/embedded_server.h"
#include "ui/overview/overview_page.h"
#include "ui/overview/usage_sparkline.h"
#include "ui/shell/main_window.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using namespace creditdesk;

namespace {

constexpr int kSyncTimeoutMs = 120'000;

// A page as the lead plugs them in: counts its reloads.
class CountingPage : public QWidget {
    Q_OBJECT

public:
    int reloads = 0;

public slots:
    void reload() { ++reloads; }
};

QString labelText(const QWidget &root, const QString &name)
{
    const auto *label = root.findChild<QLabel *>(name);
    return label ? label->text() : u"<no label %1>"_s.arg(name);
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void signInWithIssuedToken();
    void overviewShowsSeededAccount();
    void offlineBannerKeepsData();

private:
    // Server, session and window, destroyed in reverse order.
    bool startDemo();
    bool signIn();
    bool openWindowAndSync();

    std::unique_ptr<QTemporaryDir> m_serverDir;
    std::unique_ptr<QTemporaryDir> m_profileDir;
    std::unique_ptr<server::EmbeddedServer> m_server;
    server::EmbeddedServer::DemoAccount m_account;
    std::unique_ptr<session::AppSession> m_session;
    std::unique_ptr<session::ClientServices> m_services;
    std::unique_ptr<ui::MainWindow> m_window;
    CountingPage *m_page = nullptr;
};

void TestMainWindow::init()
{
    QVERIFY(startDemo());
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    m_services.reset();
    m_session.reset();
    m_server.reset();
    m_profileDir.reset();
    m_serverDir.reset();
}

bool TestMainWindow::startDemo()
{
    m_serverDir = std::make_unique<QTemporaryDir>();
    m_profileDir = std::make_unique<QTemporaryDir>();
    auto server = server::EmbeddedServer::start({m_serverDir->path(), {}, false});
    if (!server) {
        qWarning().noquote() << "embedded server:" << server.error().message;
        return false;
    }
    m_server = std::move(*server);
    auto account = m_server->seedDemo(u"demo-window@creditdesk.local"_s, 600);
    if (!account) {
        qWarning().noquote() << "seed-demo:" << account.error().message;
        return false;
    }
    m_account = *account;
    auto profile = session::Profile::open(m_profileDir->path());
    if (!profile)
        return false;
    session::SessionOptions options;
    options.secrets = session::SecretBackend::Memory;
    options.server = m_server->url();
    auto opened = session::AppSession::open(std::move(*profile), options);
    if (!opened) {
        qWarning().noquote() << "session:" << opened.error().message;
        return false;
    }
    m_session = std::move(*opened);
    m_services = std::make_unique<session::ClientServices>(*m_session);
    return true;
}

bool TestMainWindow::signIn()
{
    std::optional<Result<void>> outcome;
    m_session->signInWithToken(m_account.tokenJson(), [&outcome](Result<void> r) { outcome = std::move(r); });
    if (!QTest::qWaitFor([&outcome]() { return outcome.has_value(); }, kSyncTimeoutMs))
        return false;
    if (!*outcome)
        qWarning().noquote() << "sign-in:" << outcome->error().code << outcome->error().message;
    return outcome->has_value();
}

bool TestMainWindow::openWindowAndSync()
{
    m_window = std::make_unique<ui::MainWindow>(*m_session, *m_services);
    m_page = new CountingPage;
    m_window->addPage(u"Counting"_s, m_page);
    m_window->show();
    QSignalSpy finished(&m_session->syncEngine(), &sync::SyncEngine::finished);
    m_window->syncNow();
    if (!finished.wait(kSyncTimeoutMs) && finished.isEmpty())
        return false;
    const auto result = finished.first().first().value<sync::SyncResult>();
    if (!result.ok())
        qWarning().noquote() << "sync:" << result.error->code << result.error->message;
    return result.ok();
}

void TestMainWindow::signInWithIssuedToken()
{
    QVERIFY(!m_account.accessToken.isEmpty());
    QVERIFY(!m_account.refreshToken.isEmpty());
    QVERIFY(!m_session->hasStoredSignIn());

    std::optional<Result<void>> refused;
    m_session->signInWithToken(u"not a token"_s, [&refused](Result<void> r) { refused = std::move(r); });
    QTRY_VERIFY_WITH_TIMEOUT(refused.has_value(), kSyncTimeoutMs);
    QVERIFY(!refused->has_value());
    QVERIFY(!m_session->hasStoredSignIn());

    QVERIFY(signIn());
    QVERIFY(m_session->hasStoredSignIn());
    QCOMPARE(m_session->settings().account, m_account.seed.value(u"user_id"_s).toString());
    QCOMPARE(m_session->settings().server, m_server->url());
}

void TestMainWindow::overviewShowsSeededAccount()
{
    QVERIFY(signIn());
    QVERIFY(openWindowAndSync());
    const ui::OverviewPage &overview = *m_window->overviewPage();

    QCOMPARE(labelText(overview, u"overviewTier"_s), u"Pro"_s);
    QCOMPARE(labelText(overview, u"overviewStatus"_s), u"Active"_s);
    QVERIFY2(labelText(overview, u"overviewBalance"_s).contains(u"credits"_s),
             qPrintable(labelText(overview, u"overviewBalance"_s)));
    QVERIFY2(labelText(overview, u"overviewDevices"_s).contains(u"2 of 3 devices"_s),
             qPrintable(labelText(overview, u"overviewDevices"_s)));
    // The soonest grant: 150 bonus credits in 3 days.
    const QString expiring = labelText(overview, u"overviewExpiring"_s);
    QVERIFY2(expiring.contains(u"150"_s) && expiring.contains(u"3 day"_s), qPrintable(expiring));
    const QString sources = labelText(overview, u"overviewSources"_s);
    QVERIFY2(sources.contains(u"Refund: 100"_s) && sources.contains(u"Coupon: 2,000"_s) &&
                 !sources.contains(u"Other"_s),
             qPrintable(sources));
    QVERIFY2(labelText(overview, u"overviewSynced"_s).startsWith(u"Synced just now"_s),
             qPrintable(labelText(overview, u"overviewSynced"_s)));
    QVERIFY2(labelText(*m_window, u"syncAge"_s).startsWith(u"Synced"_s),
             qPrintable(labelText(*m_window, u"syncAge"_s)));
    QVERIFY(!m_window->offlineBannerVisible());
    QVERIFY2(m_window->trayToolTip().contains(labelText(overview, u"overviewBalance"_s)),
             qPrintable(m_window->trayToolTip()));
    QCOMPARE(m_page->reloads, 1);

    // Once the server lists the seeded usage, the next sync draws it.
    QTest::qWait(static_cast<int>(server::EmbeddedServer::usageVisibilityDelayMs()) + 500);
    QSignalSpy finished(&m_session->syncEngine(), &sync::SyncEngine::finished);
    m_window->syncNow();
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), kSyncTimeoutMs);
    QVERIFY(finished.first().first().value<sync::SyncResult>().usageRows > 0);
    const auto *sparkline = overview.findChild<ui::UsageSparkline *>(u"overviewSparkline"_s);
    QVERIFY(sparkline);
    QCOMPARE(sparkline->dailyUnits().size(), 30);
    QVERIFY(std::any_of(sparkline->dailyUnits().cbegin(), sparkline->dailyUnits().cend(),
                        [](qint64 units) { return units > 0; }));
    QVERIFY2(labelText(overview, u"overviewForecast"_s).startsWith(u"At this rate"_s),
             qPrintable(labelText(overview, u"overviewForecast"_s)));
    QCOMPARE(m_page->reloads, 2);
}

void TestMainWindow::offlineBannerKeepsData()
{
    QVERIFY(signIn());
    QVERIFY(openWindowAndSync());
    const QString balance = labelText(*m_window->overviewPage(), u"overviewBalance"_s);

    m_server->stop();
    QVERIFY(!m_server->isRunning());
    auto *syncNow = m_window->findChild<QAction *>(u"actionSyncNow"_s);
    QVERIFY(syncNow);
    QSignalSpy finished(&m_session->syncEngine(), &sync::SyncEngine::finished);
    syncNow->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), kSyncTimeoutMs);
    const auto result = finished.first().first().value<sync::SyncResult>();
    QCOMPARE(sync::toString(result.status), sync::toString(sync::SyncStatus::Offline));

    QVERIFY(m_window->offlineBannerVisible());
    QVERIFY(!m_window->offlineReason().isEmpty());
    QVERIFY2(labelText(*m_window, u"offlineReason"_s).contains(m_window->offlineReason()),
             qPrintable(labelText(*m_window, u"offlineReason"_s)));
    QCOMPARE(labelText(*m_window, u"syncState"_s), u"Offline"_s);
    // The mirror's data stays on screen.
    QCOMPARE(labelText(*m_window->overviewPage(), u"overviewTier"_s), u"Pro"_s);
    QCOMPARE(labelText(*m_window->overviewPage(), u"overviewBalance"_s), balance);
    QCOMPARE(m_page->reloads, 2);
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"

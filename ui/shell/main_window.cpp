#include "ui/shell/main_window.h"

#include "core/byok/mode.h"
#include "core/byok/mode_controller.h"
#include "core/domain/client_rules.h"
#include "core/session/app_session.h"
#include "core/session/client_services.h"
#include "core/store/account_repository.h"
#include "core/sync/sync_engine.h"
#include "ui/coupons/coupons_page.h"
#include "ui/format/amount_format.h"
#include "ui/overview/overview_page.h"
#include "ui/overview/sync_age_text.h"
#include "ui/usage/usage_page.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QFrame>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QLoggingCategory>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMetaObject>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <chrono>
#include <limits>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcUiShell, "creditdesk.ui.shell")

namespace creditdesk::ui {

namespace {

QString statusText(sync::SyncStatus status)
{
    switch (status) {
    case sync::SyncStatus::Idle:
        return MainWindow::tr("Up to date");
    case sync::SyncStatus::Syncing:
        return MainWindow::tr("Syncing…");
    case sync::SyncStatus::Offline:
        return MainWindow::tr("Offline");
    case sync::SyncStatus::SignedOut:
        return MainWindow::tr("Signed out: sign in again");
    case sync::SyncStatus::Error:
        return MainWindow::tr("Sync failed");
    }
    return {};
}

QIcon appIcon()
{
    QIcon icon = QIcon::fromTheme(u"dev.creditdesk.CreditDesk"_s);
    if (icon.isNull()) {
        for (int size : {48, 64, 128})
            icon.addFile(u":/icons/hicolor/%1x%1/apps/dev.creditdesk.CreditDesk.png"_s.arg(size));
    }
    return icon;
}

} // namespace

MainWindow::MainWindow(session::AppSession &session, session::ClientServices &services, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_services(services)
{
    setWindowTitle(tr("CreditDesk"));
    setWindowIcon(appIcon());
    setAccessibleName(tr("CreditDesk main window"));

    auto *central = new QWidget(this);
    auto *outer = new QVBoxLayout(central);
    outer->setContentsMargins(0, 0, 0, 0);

    m_banner = new QFrame(central);
    m_banner->setObjectName(u"offlineBanner"_s);
    m_banner->setAccessibleName(tr("Offline notice"));
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_banner->setAutoFillBackground(true);
    m_banner->setBackgroundRole(QPalette::ToolTipBase);
    m_banner->setForegroundRole(QPalette::ToolTipText);
    auto *bannerLayout = new QHBoxLayout(m_banner);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setObjectName(u"offlineReason"_s);
    m_bannerText->setAccessibleName(tr("Why CreditDesk is offline"));
    m_bannerText->setWordWrap(true);
    m_bannerText->setForegroundRole(QPalette::ToolTipText);
    m_retry = new QPushButton(tr("Retry"), m_banner);
    m_retry->setObjectName(u"offlineRetry"_s);
    m_retry->setAccessibleName(tr("Retry the sync"));
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(m_retry);
    m_banner->hide();
    outer->addWidget(m_banner);
    connect(m_retry, &QPushButton::clicked, this, &MainWindow::syncNow);

    auto *body = new QHBoxLayout;
    m_nav = new QListWidget(central);
    m_nav->setObjectName(u"navigation"_s);
    m_nav->setAccessibleName(tr("Pages"));
    m_nav->setMaximumWidth(180);
    m_nav->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Expanding);
    m_stack = new QStackedWidget(central);
    m_stack->setAccessibleName(tr("Page"));
    body->addWidget(m_nav);
    body->addWidget(m_stack, 1);
    outer->addLayout(body, 1);
    setCentralWidget(central);
    connect(m_nav, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);

    m_overview = new OverviewPage(session, services, m_stack);
    addPage(tr("Overview"), m_overview);
    addPage(tr("Usage"), new UsagePage(session, m_stack));
    addPage(tr("Coupons"), new CouponsPage(session, services, m_stack));

    buildMenus();
    buildStatusBar();
    buildTray();

    sync::SyncEngine &engine = m_session.syncEngine();
    connect(&engine, &sync::SyncEngine::statusChanged, this, &MainWindow::onStatusChanged);
    connect(&engine, &sync::SyncEngine::progress, this, &MainWindow::onProgress);
    connect(&engine, &sync::SyncEngine::finished, this, &MainWindow::onFinished);
    connect(&engine, &sync::SyncEngine::lastSuccessfulSyncChanged, this, &MainWindow::refreshSyncAge);
    connect(&m_services.mode(), &byok::ModeController::modeChanged, this, &MainWindow::refreshTrayAndBalance);

    m_ageTimer = new QTimer(this);
    m_ageTimer->setInterval(60 * 1000);
    connect(m_ageTimer, &QTimer::timeout, this, [this]() {
        refreshSyncAge();
        m_overview->refreshSyncAge();
    });
    m_ageTimer->start();
    m_autoSync = new QTimer(this);
    m_autoSync->setInterval(std::chrono::milliseconds(kAutoSyncIntervalMs));
    connect(m_autoSync, &QTimer::timeout, this, &MainWindow::syncNow);
    m_autoSync->start();

    onStatusChanged(engine.status());
    refreshSyncAge();
    refreshTrayAndBalance();
    resize(980, 640);
}

MainWindow::~MainWindow() = default;

void MainWindow::addPage(const QString &title, QWidget *page)
{
    page->setParent(m_stack);
    if (page->accessibleName().isEmpty())
        page->setAccessibleName(title);
    m_stack->addWidget(page);
    m_pages.append(page);
    auto *item = new QListWidgetItem(title, m_nav);
    item->setData(Qt::AccessibleTextRole, title);
    if (m_nav->currentRow() < 0)
        m_nav->setCurrentRow(0);
}

void MainWindow::showPage(int index)
{
    m_nav->setCurrentRow(index);
}

bool MainWindow::offlineBannerVisible() const
{
    return !m_banner->isHidden();
}

QString MainWindow::offlineReason() const
{
    return m_offlineReason;
}

void MainWindow::syncNow()
{
    if (!m_session.syncEngine().start())
        qCDebug(lcUiShell) << "a sync is already running";
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *sync = file->addAction(tr("&Sync now"));
    sync->setShortcuts({QKeySequence(Qt::Key_F5), QKeySequence(Qt::CTRL | Qt::Key_R)});
    sync->setObjectName(u"actionSyncNow"_s);
    connect(sync, &QAction::triggered, this, &MainWindow::syncNow);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, qApp, &QApplication::quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    connect(view, &QMenu::aboutToShow, this, [this, view]() {
        view->clear();
        for (int i = 0; i < m_nav->count(); ++i) {
            QAction *page = view->addAction(m_nav->item(i)->text());
            page->setCheckable(true);
            page->setChecked(i == m_nav->currentRow());
            if (i < 9)
                page->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
            connect(page, &QAction::triggered, this, [this, i]() { showPage(i); });
        }
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About CreditDesk"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::buildStatusBar()
{
    m_syncState = new QLabel(this);
    m_syncState->setObjectName(u"syncState"_s);
    m_syncState->setAccessibleName(tr("Sync state"));
    m_progress = new QProgressBar(this);
    m_progress->setAccessibleName(tr("Sync progress"));
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_syncAge = new QLabel(this);
    m_syncAge->setObjectName(u"syncAge"_s);
    m_syncAge->setAccessibleName(tr("Last successful sync"));
    statusBar()->addWidget(m_syncState);
    statusBar()->addWidget(m_progress);
    statusBar()->addPermanentWidget(m_syncAge);
}

void MainWindow::buildTray()
{
    m_tray = new QSystemTrayIcon(windowIcon(), this);
    auto *menu = new QMenu(this);
    QAction *show = menu->addAction(tr("Show CreditDesk"));
    connect(show, &QAction::triggered, this, [this]() {
        showNormal();
        raise();
        activateWindow();
    });
    QAction *sync = menu->addAction(tr("Sync now"));
    connect(sync, &QAction::triggered, this, &MainWindow::syncNow);
    menu->addSeparator();
    QAction *quit = menu->addAction(tr("Quit"));
    connect(quit, &QAction::triggered, qApp, &QApplication::quit);
    m_tray->setContextMenu(menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger)
            setVisible(!isVisible());
    });
    if (QSystemTrayIcon::isSystemTrayAvailable())
        m_tray->show();
}

QString MainWindow::trayToolTip() const
{
    return m_tray->toolTip();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_tray->isVisible()) {
        hide(); // keeps syncing in the tray; Quit ends it
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::onStatusChanged(sync::SyncStatus status)
{
    m_syncState->setText(statusText(status));
    m_progress->setVisible(status == sync::SyncStatus::Syncing);
    if (status == sync::SyncStatus::Syncing)
        m_progress->setRange(0, 0);
}

void MainWindow::onProgress(const QString &stream, qint64 done, qint64 total)
{
    m_syncState->setText(tr("Syncing %1…").arg(stream));
    if (total <= 0 || total > std::numeric_limits<int>::max()) {
        m_progress->setRange(0, 0);
        return;
    }
    m_progress->setRange(0, static_cast<int>(total));
    m_progress->setValue(static_cast<int>(std::min(done, total)));
}

void MainWindow::onFinished(const sync::SyncResult &result)
{
    m_progress->hide();
    if (result.status == sync::SyncStatus::Offline) {
        m_offlineReason = result.error ? result.error->message : QString();
        m_bannerText->setText(tr("Cannot reach the server (%1). Showing the data of the last sync.")
                                  .arg(m_offlineReason.isEmpty() ? tr("network error") : m_offlineReason));
        m_banner->show();
    } else if (result.ok()) {
        m_offlineReason.clear();
        m_banner->hide();
    }
    if (result.error && result.status != sync::SyncStatus::Offline)
        statusBar()->showMessage(tr("Sync failed: %1").arg(result.error->message), 10 * 1000);
    for (const QPointer<QWidget> &page : std::as_const(m_pages)) {
        if (page && page->metaObject()->indexOfMethod("reload()") >= 0)
            QMetaObject::invokeMethod(page, "reload");
    }
    refreshSyncAge();
    refreshTrayAndBalance();
}

void MainWindow::refreshSyncAge()
{
    const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
    const std::optional<std::int64_t> last = m_session.syncEngine().lastSuccessfulSyncMs();
    m_syncAge->setText(syncAgeText(last, now));
    m_syncAge->setForegroundRole(mirrorIsStale(last, now) ? QPalette::LinkVisited : QPalette::WindowText);
}

void MainWindow::refreshTrayAndBalance()
{
    store::AccountRepository accounts(m_session.mirror());
    auto balance = accounts.balance();
    auto subscription = accounts.subscription();
    const QString mode =
        m_services.mode().mode() == byok::Mode::Byok ? tr("your own API key (BYOK)") : tr("cloud credits");
    if (!balance || !*balance) {
        m_tray->setToolTip(tr("CreditDesk — mode: %1").arg(mode));
        return;
    }
    const Credits amount = (*balance)->amount;
    m_tray->setToolTip(tr("CreditDesk — %1 — mode: %2").arg(formatCredits(amount), mode));

    const Credits allocation = subscription && *subscription ? (*subscription)->creditsPerMonth : Credits();
    const BalanceLevel level = balanceLevel(amount, allocation);
    if (level == BalanceLevel::Low || level == BalanceLevel::Depleted) {
        if (m_lowNotified)
            return;
        m_lowNotified = true;
        const QString message = level == BalanceLevel::Depleted
                                    ? tr("Your credits are used up.")
                                    : tr("Your credit balance is low: %1 left.").arg(formatCredits(amount));
        if (m_tray->isVisible())
            m_tray->showMessage(tr("CreditDesk"), message, QSystemTrayIcon::Warning);
        else
            statusBar()->showMessage(message, 30 * 1000);
        emit lowBalanceNotified(message);
    } else if (level == BalanceLevel::Normal) {
        m_lowNotified = false;
    }
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About CreditDesk"),
                       tr("<h3>CreditDesk %1</h3><p>Licenses, credits and usage of your AI subscription.</p>")
                           .arg(QApplication::applicationVersion()));
}

} // namespace creditdesk::ui

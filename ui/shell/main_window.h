#pragma once

#include "core/sync/sync_types.h"

#include <QList>
#include <QMainWindow>
#include <QPointer>

#include <cstdint>
#include <optional>

class QFrame;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QSystemTrayIcon;
class QTimer;

namespace creditdesk::session {
class AppSession;
class ClientServices;
} // namespace creditdesk::session

namespace creditdesk::ui {

class OverviewPage;

// The window: pages chosen from a list on the left (Overview first; others
// plugged in with addPage()), a banner while the server cannot be reached,
// the sync state, progress and data age in the status bar, File/View/Help
// menus, a tray icon with the balance and mode, a low-balance notice once
// per episode, and a sync every kAutoSyncIntervalMs while open.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    MainWindow(session::AppSession &session, session::ClientServices &services, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Adds a page to the list. A page with a `reload()` slot gets it called
    // after each finished sync.
    void addPage(const QString &title, QWidget *page);
    void showPage(int index);

    [[nodiscard]] OverviewPage *overviewPage() const { return m_overview; }
    [[nodiscard]] bool offlineBannerVisible() const;
    [[nodiscard]] QString offlineReason() const;
    [[nodiscard]] QString trayToolTip() const;

public slots:
    void syncNow();

signals:
    // The balance fell to the low (or depleted) level: shown once until it recovers.
    void lowBalanceNotified(const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void buildStatusBar();
    void buildTray();
    void onStatusChanged(sync::SyncStatus status);
    void onProgress(const QString &stream, qint64 done, qint64 total);
    void onFinished(const sync::SyncResult &result);
    void refreshSyncAge();
    void refreshTrayAndBalance();
    void showAbout();

    session::AppSession &m_session;
    session::ClientServices &m_services;
    QListWidget *m_nav = nullptr;
    QStackedWidget *m_stack = nullptr;
    OverviewPage *m_overview = nullptr;
    QList<QPointer<QWidget>> m_pages;
    QFrame *m_banner = nullptr;
    QLabel *m_bannerText = nullptr;
    QPushButton *m_retry = nullptr;
    QLabel *m_syncState = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_syncAge = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QTimer *m_ageTimer = nullptr;
    QTimer *m_autoSync = nullptr;
    QString m_offlineReason;
    bool m_lowNotified = false;
};

} // namespace creditdesk::ui

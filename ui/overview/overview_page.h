#pragma once

#include <QWidget>

#include <cstdint>

class QLabel;

namespace creditdesk::session {
class AppSession;
class ClientServices;
} // namespace creditdesk::session

namespace creditdesk::ui {

class UsageSparkline;

// The first page of the window: plan and status (with what to do when the
// status needs action), renewal, credit balance by source with the grants
// that expire, the forecast, 30 days of use, the license seats, the mode and
// the age of the data. Reads the mirror only; reload() after every sync.
class OverviewPage : public QWidget {
    Q_OBJECT

public:
    OverviewPage(session::AppSession &session, session::ClientServices &services, QWidget *parent = nullptr);

public slots:
    void reload();
    // Only the "Synced N min ago" line, for the window's minute tick.
    void refreshSyncAge();

private:
    void loadPlan(std::int64_t nowMs);
    void loadCredits(std::int64_t nowMs);
    void loadUsage(std::int64_t nowMs);
    void loadLicenseAndMode();

    session::AppSession &m_session;
    session::ClientServices &m_services;
    QLabel *m_tier = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_renewal = nullptr;
    QLabel *m_balance = nullptr;
    QLabel *m_sources = nullptr;
    QLabel *m_expiring = nullptr;
    QLabel *m_forecast = nullptr;
    UsageSparkline *m_sparkline = nullptr;
    QLabel *m_usageTotal = nullptr;
    QLabel *m_devices = nullptr;
    QLabel *m_mode = nullptr;
    QLabel *m_synced = nullptr;
};

} // namespace creditdesk::ui

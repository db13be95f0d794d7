#include "ui/overview/overview_page.h"

#include "core/byok/mode.h"
#include "core/byok/mode_controller.h"
#include "core/domain/client_rules.h"
#include "core/domain/enums.h"
#include "core/domain/utc_time.h"
#include "core/insights/balance_forecaster.h"
#include "core/session/app_session.h"
#include "core/session/client_services.h"
#include "core/store/account_repository.h"
#include "core/store/license_repository.h"
#include "core/store/usage_repository.h"
#include "core/sync/sync_engine.h"
#include "ui/format/amount_format.h"
#include "ui/overview/sync_age_text.h"
#include "ui/overview/usage_sparkline.h"

#include <QDateTime>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QLoggingCategory>
#include <QPointer>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcUiOverview, "creditdesk.ui.overview")

namespace creditdesk::ui {

namespace {

constexpr int kSparklineDays = 30;

QLabel *makeLabel(QWidget *parent, const QString &objectName, const QString &accessibleName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setAccessibleName(accessibleName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString dateText(std::int64_t ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms).date(), QLocale::LongFormat);
}

QString tierText(const QString &tier)
{
    if (tier == "free"_L1)
        return OverviewPage::tr("Free");
    if (tier == "pro"_L1)
        return OverviewPage::tr("Pro");
    if (tier == "pro_plus"_L1)
        return OverviewPage::tr("Pro Plus");
    if (tier == "pro_max"_L1)
        return OverviewPage::tr("Pro Max");
    if (tier == "enterprise_pro"_L1)
        return OverviewPage::tr("Enterprise Pro");
    if (tier == "enterprise_pro_plus"_L1)
        return OverviewPage::tr("Enterprise Pro Plus");
    if (tier == "enterprise_max"_L1)
        return OverviewPage::tr("Enterprise Max");
    if (tier == "perpetual"_L1)
        return OverviewPage::tr("Perpetual");
    return tier;
}

QString statusText(SubscriptionStatus status)
{
    switch (status) {
    case SubscriptionStatus::Trial:
        return OverviewPage::tr("Trial");
    case SubscriptionStatus::Active:
        return OverviewPage::tr("Active");
    case SubscriptionStatus::PastDue:
        return OverviewPage::tr("Payment past due: update your payment method to keep your plan.");
    case SubscriptionStatus::Cancelled:
        return OverviewPage::tr("Cancelled: your plan runs until the end of the period.");
    case SubscriptionStatus::Expired:
        return OverviewPage::tr("Expired: renew your plan to use cloud credits again.");
    case SubscriptionStatus::Suspended:
        return OverviewPage::tr("Suspended: contact support to restore your plan.");
    }
    return {};
}

QString sourceText(const store::CreditSource &source)
{
    const QString &kind = source.sourceType.isEmpty() ? source.creditType : source.sourceType;
    if (kind == "monthly_allocation"_L1 || kind == "subscription"_L1)
        return OverviewPage::tr("Plan allocation");
    if (kind == "bonus"_L1)
        return OverviewPage::tr("Bonus");
    if (kind == "referral_reward"_L1 || kind == "referral"_L1)
        return OverviewPage::tr("Referral");
    if (kind == "coupon_promotion"_L1 || kind == "coupon"_L1)
        return OverviewPage::tr("Coupon");
    if (kind == "refund"_L1)
        return OverviewPage::tr("Refund");
    if (kind == "admin_grant"_L1)
        return OverviewPage::tr("Granted by support");
    return OverviewPage::tr("Other");
}

// Whole days until `atMs`, rounded up (an hour left is "1 day").
std::int64_t daysUntil(std::int64_t atMs, std::int64_t nowMs)
{
    const std::int64_t left = std::max<std::int64_t>(0, atMs - nowMs);
    return (left + kMsPerDay - 1) / kMsPerDay;
}

} // namespace

OverviewPage::OverviewPage(session::AppSession &session, session::ClientServices &services, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_services(services)
{
    setAccessibleName(tr("Overview"));
    auto *grid = new QGridLayout(this);

    auto *plan = new QGroupBox(tr("Plan"), this);
    plan->setAccessibleName(tr("Plan"));
    auto *planLayout = new QVBoxLayout(plan);
    m_tier = makeLabel(plan, u"overviewTier"_s, tr("Tier"));
    QFont big = m_tier->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_tier->setFont(big);
    m_status = makeLabel(plan, u"overviewStatus"_s, tr("Subscription status"));
    m_renewal = makeLabel(plan, u"overviewRenewal"_s, tr("Renewal date"));
    planLayout->addWidget(m_tier);
    planLayout->addWidget(m_status);
    planLayout->addWidget(m_renewal);
    planLayout->addStretch();

    auto *credits = new QGroupBox(tr("Credits"), this);
    credits->setAccessibleName(tr("Credits"));
    auto *creditLayout = new QVBoxLayout(credits);
    m_balance = makeLabel(credits, u"overviewBalance"_s, tr("Credit balance"));
    m_balance->setFont(big);
    m_forecast = makeLabel(credits, u"overviewForecast"_s, tr("Balance forecast"));
    m_expiring = makeLabel(credits, u"overviewExpiring"_s, tr("Credits that expire soon"));
    m_sources = makeLabel(credits, u"overviewSources"_s, tr("Balance by source"));
    m_sources->setTextFormat(Qt::PlainText);
    creditLayout->addWidget(m_balance);
    creditLayout->addWidget(m_forecast);
    creditLayout->addWidget(m_expiring);
    creditLayout->addWidget(m_sources);
    creditLayout->addStretch();

    auto *usage = new QGroupBox(tr("Usage, last 30 days"), this);
    usage->setAccessibleName(tr("Usage, last 30 days"));
    auto *usageLayout = new QVBoxLayout(usage);
    m_sparkline = new UsageSparkline(usage);
    m_sparkline->setObjectName(u"overviewSparkline"_s);
    m_sparkline->setAccessibleName(tr("Daily credit use, last 30 days"));
    m_usageTotal = makeLabel(usage, u"overviewUsageTotal"_s, tr("Credits used in the last 30 days"));
    usageLayout->addWidget(m_sparkline);
    usageLayout->addWidget(m_usageTotal);
    usageLayout->addStretch();

    auto *device = new QGroupBox(tr("This computer"), this);
    device->setAccessibleName(tr("This computer"));
    auto *deviceLayout = new QVBoxLayout(device);
    m_mode = makeLabel(device, u"overviewMode"_s, tr("Current mode"));
    m_devices = makeLabel(device, u"overviewDevices"_s, tr("License devices"));
    m_synced = makeLabel(device, u"overviewSynced"_s, tr("Last sync"));
    deviceLayout->addWidget(m_mode);
    deviceLayout->addWidget(m_devices);
    deviceLayout->addWidget(m_synced);
    deviceLayout->addStretch();

    grid->addWidget(plan, 0, 0);
    grid->addWidget(credits, 0, 1);
    grid->addWidget(usage, 1, 0);
    grid->addWidget(device, 1, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(2, 1);
    reload();
}

void OverviewPage::reload()
{
    const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
    loadPlan(now);
    loadCredits(now);
    loadUsage(now);
    loadLicenseAndMode();
    refreshSyncAge();
}

void OverviewPage::refreshSyncAge()
{
    m_synced->setText(
        syncAgeText(m_session.syncEngine().lastSuccessfulSyncMs(), QDateTime::currentMSecsSinceEpoch()));
}

void OverviewPage::loadPlan(std::int64_t nowMs)
{
    auto subscription = store::AccountRepository(m_session.mirror()).subscription();
    if (!subscription) {
        qCWarning(lcUiOverview) << "cannot read the subscription:" << subscription.error().code;
        m_tier->setText(tr("Plan unavailable"));
        return;
    }
    if (!*subscription) {
        m_tier->setText(tr("No subscription"));
        m_status->setText(tr("Choose a plan on the Plan page."));
        m_renewal->clear();
        return;
    }
    const store::Subscription &s = **subscription;
    m_tier->setText(tierText(s.tier));
    auto status = parseSubscriptionStatus(s.status);
    const bool action = status && subscriptionNeedsAction(*status);
    m_status->setText(status ? statusText(*status) : s.status);
    m_status->setForegroundRole(action ? QPalette::LinkVisited : QPalette::WindowText);
    QFont font = m_status->font();
    font.setBold(action);
    m_status->setFont(font);
    if (s.status == "trial"_L1 && s.trialEndMs)
        m_renewal->setText(
            tr("Trial ends on %1 (in %n day(s))", nullptr, int(daysUntil(*s.trialEndMs, nowMs)))
                .arg(dateText(*s.trialEndMs)));
    else if (s.cancelAtPeriodEnd || s.status == "cancelled"_L1)
        m_renewal->setText(tr("Ends on %1").arg(dateText(s.currentPeriodEndMs)));
    else
        m_renewal->setText(tr("Renews on %1 · %2 a month")
                               .arg(dateText(s.currentPeriodEndMs), formatCredits(s.creditsPerMonth)));
}

void OverviewPage::loadCredits(std::int64_t nowMs)
{
    store::AccountRepository accounts(m_session.mirror());
    auto balance = accounts.balance();
    if (balance && *balance)
        m_balance->setText(formatCredits((*balance)->amount));
    else
        m_balance->setText(tr("Balance not synced yet"));

    auto sources = accounts.sources();
    QStringList lines;
    std::optional<store::CreditSource> next;
    if (sources) {
        for (const store::CreditSource &source : std::as_const(*sources)) {
            if (source.remaining.units() <= 0)
                continue;
            QString line = tr("%1: %2").arg(sourceText(source), formatCredits(source.remaining));
            if (source.expiresAtMs) {
                line += tr(" (expires %1)").arg(dateText(*source.expiresAtMs));
                if (!next && *source.expiresAtMs > nowMs)
                    next = source; // consumption order: the soonest expiry first
            }
            lines.append(line);
        }
    }
    m_sources->setText(lines.isEmpty() ? tr("No credit grants") : lines.join(u'\n'));
    if (next) {
        m_expiring->setText(
            tr("%1 expire in %n day(s), on %2", nullptr, int(daysUntil(*next->expiresAtMs, nowMs)))
                .arg(formatCredits(next->remaining), dateText(*next->expiresAtMs)));
    } else {
        m_expiring->setText(tr("No credits expire"));
    }

    auto forecast = insights::BalanceForecaster(m_session.mirror()).forecast(nowMs);
    if (!forecast)
        m_forecast->setText(tr("No forecast yet"));
    else if (!forecast->lastsUntilMs)
        m_forecast->setText(tr("No cloud credits used lately"));
    else
        m_forecast->setText(tr("At this rate (%1 a day) it lasts until %2")
                                .arg(formatCredits(forecast->burnPerDay), dateText(*forecast->lastsUntilMs)));
}

void OverviewPage::loadUsage(std::int64_t nowMs)
{
    auto days = store::UsageRepository(m_session.mirror()).dailyUsage(nowMs, kSparklineDays);
    QList<qint64> units;
    Credits total;
    if (days) {
        for (const store::DailyUsage &day : std::as_const(*days)) {
            units.append(day.credits.units());
            if (auto sum = total.plus(day.credits))
                total = *sum;
        }
    }
    m_sparkline->setDailyUnits(units);
    m_usageTotal->setText(tr("%1 used in the last 30 days").arg(formatCredits(total)));
}

void OverviewPage::loadLicenseAndMode()
{
    store::LicenseRepository licenses(m_session.mirror());
    auto license = licenses.license();
    if (license && *license) {
        auto devices = licenses.devices((*license)->id);
        qsizetype active = 0;
        if (devices) {
            active = std::count_if(devices->cbegin(), devices->cend(),
                                   [](const store::Device &d) { return d.status == "active"_L1; });
        }
        m_devices->setText(
            tr("Perpetual license: %1 of %2 devices in use").arg(active).arg((*license)->maxActivations));
    } else {
        m_devices->setText(tr("No perpetual license"));
    }
    const QPointer<QLabel> mode = m_mode;
    m_services.mode().load(this, [mode](Result<byok::Mode> loaded) {
        if (!mode)
            return;
        if (!loaded)
            mode->setText(tr("Mode unknown"));
        else
            mode->setText(*loaded == byok::Mode::Byok ? tr("Mode: your own API key (BYOK)")
                                                      : tr("Mode: cloud credits"));
    });
}

} // namespace creditdesk::ui

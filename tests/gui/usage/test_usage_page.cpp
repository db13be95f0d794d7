// ui/usage over a real mirror: the ledger model (QAbstractItemModelTester,
// keyset paging page by page as the view scrolls), the filters, the charts'
// totals and the CSV/JSON export of a range; the coupon history model.
#include "core/session/app_session.h"
#include "core/session/profile.h"
#include "core/store/usage_export.h"
#include "core/store/usage_repository.h"
#include "ui/coupons/coupon_history_model.h"
#include "ui/usage/usage_charts.h"
#include "ui/usage/usage_export_job.h"
#include "ui/usage/usage_page.h"
#include "ui/usage/usage_table_model.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QFile>
#include <QHorizontalBarSeries>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;

namespace {

constexpr qint64 kHour = 3'600'000;
constexpr int kRows = 1500;
const QString kModels[] = {u"claude-sonnet-4.5"_s, u"gpt-4o-mini"_s, u"gemini-2.5-pro"_s};
const QString kProviders[] = {u"anthropic"_s, u"openai"_s, u"google"_s};

// Row i: one every 30 minutes back from `now`, models in turn, every 5th BYOK.
store::UsageRow ledgerRow(int i, qint64 now)
{
    store::UsageRow row;
    row.id = u"u%1"_s.arg(i, 6, 10, QChar(u'0'));
    row.requestId = u"req-%1"_s.arg(i);
    row.modelId = kModels[i % 3];
    row.provider = kProviders[i % 3];
    row.requestType = u"completion"_s;
    row.inputTokens = 100 + i;
    row.outputTokens = 50 + i;
    row.byok = i % 5 == 0;
    row.creditsDeducted = *Credits::fromUnits(row.byok.value() ? 0 : 1'250 * (1 + i % 7));
    row.status = u"success"_s;
    row.createdAtMs = now - qint64{i} * kHour / 2;
    row.occurredAtMs = row.createdAtMs - 1'000;
    row.updatedAtMs = row.createdAtMs;
    return row;
}

template <typename T>
T *child(QWidget *root, const QString &accessibleName)
{
    const QList<T *> all = root->findChildren<T *>();
    for (T *w : all) {
        if (w->accessibleName() == accessibleName)
            return w;
    }
    return nullptr;
}

} // namespace

class TestUsagePage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void modelPassesTheTesterAndPages();
    void viewFetchesPageByPageOnScroll();
    void filtersNarrowTheRows();
    void chartsShowTheRangeTotals();
    void exportWritesTheRange_data();
    void exportWritesTheRange();
    void exportCanBeCancelled();
    void couponHistoryModelPassesTheTester();
    void screenshot();

private:
    QList<store::UsageRow> expectedRows(const std::function<bool(const store::UsageRow &)> &keep) const;

    QTemporaryDir m_dir;
    std::unique_ptr<session::AppSession> m_session;
    QList<store::UsageRow> m_rows;
    qint64 m_now = 0;
};

void TestUsagePage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    auto profile = session::Profile::open(m_dir.filePath(u"profile"_s));
    QVERIFY(profile);
    session::SessionOptions options;
    options.secrets = session::SecretBackend::Memory;
    auto opened = session::AppSession::open(std::move(*profile), options);
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
    m_session = std::move(*opened);
    // Noon today (local), so "today" in the page's date filter holds the newest rows.
    m_now = QDateTime(QDate::currentDate(), QTime(12, 0)).toMSecsSinceEpoch();
    for (int i = 0; i < kRows; ++i)
        m_rows.append(ledgerRow(i, m_now));
    QVERIFY(store::UsageRepository(m_session->mirror()).applyUsagePage(m_rows, u"c1"_s, m_now));
}

QList<store::UsageRow>
TestUsagePage::expectedRows(const std::function<bool(const store::UsageRow &)> &keep) const
{
    QList<store::UsageRow> out;
    for (const store::UsageRow &r : m_rows) {
        if (keep(r))
            out.append(r);
    }
    return out; // already newest first, ids descending by time
}

void TestUsagePage::modelPassesTheTesterAndPages()
{
    {
        // The tester fetches more itself while it checks: rows come whole pages at a time.
        ui::UsageTableModel model(m_session->mirror());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(100);
        model.setFilter({});
        QVERIFY(model.rowCount() >= 100);
        QCOMPARE(model.rowCount(), 100 * model.pagesLoaded());
        model.fetchMore(QModelIndex());
        QCOMPARE(model.rowCount(), 100 * model.pagesLoaded());
        store::UsagePageRequest byok;
        byok.byok = true;
        model.setFilter(byok);
        while (model.canFetchMore(QModelIndex()))
            model.fetchMore(QModelIndex());
        QCOMPARE(model.rowCount(), kRows / 5);
        model.reload();
        QVERIFY(model.rowCount() > 0);
    }

    ui::UsageTableModel model(m_session->mirror());
    model.setPageSize(100);
    model.setFilter({}); // every row
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.pagesLoaded(), 1);
    QVERIFY(model.canFetchMore(QModelIndex()));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.fetchMore(QModelIndex());
    QCOMPARE(model.rowCount(), 200);
    QCOMPARE(model.pagesLoaded(), 2);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 100);
    QCOMPARE(inserted.at(0).at(2).toInt(), 199);
    QCOMPARE(model.data(model.index(0, ui::UsageTableModel::Model)).toString(), m_rows.at(0).modelId);
    QCOMPARE(model.data(model.index(150, 0), ui::UsageTableModel::IdRole).toString(), m_rows.at(150).id);
    QCOMPARE(model.data(model.index(0, ui::UsageTableModel::Mode)).toString(), u"BYOK"_s);
    QCOMPARE(model.data(model.index(1, ui::UsageTableModel::Mode)).toString(), u"Cloud"_s);
    QCOMPARE(model.data(model.index(1, ui::UsageTableModel::RequestId)).toString(), u"req-1"_s);
    QVERIFY(model.data(model.index(1, ui::UsageTableModel::CreditsColumn)).toString().contains(u"0.25"_s));
    while (model.canFetchMore(QModelIndex()))
        model.fetchMore(QModelIndex());
    QCOMPARE(model.rowCount(), kRows);
    QCOMPARE(model.pagesLoaded(), kRows / 100);
    for (int i = 0; i < kRows; i += 97)
        QCOMPARE(model.data(model.index(i, 0), ui::UsageTableModel::IdRole).toString(), m_rows.at(i).id);
}

void TestUsagePage::viewFetchesPageByPageOnScroll()
{
    ui::UsagePage page(*m_session);
    page.resize(1000, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    // From far enough back that every row matches.
    child<QDateEdit>(&page, u"From date"_s)->setDate(QDate::currentDate().addDays(-60));
    ui::UsageTableModel *model = page.tableModel();
    QCOMPARE(model->rowCount(), store::UsageRepository::kPageSize);
    QCOMPARE(model->pagesLoaded(), 1);
    QTableView *view = page.tableView();
    int pages = 1;
    while (model->canFetchMore(QModelIndex())) {
        const int before = model->rowCount();
        view->scrollToBottom();
        QTRY_VERIFY(model->rowCount() > before);
        ++pages;
        // One page per scroll to the end, never everything at once.
        QCOMPARE(model->rowCount(), std::min(kRows, before + store::UsageRepository::kPageSize));
        QCOMPARE(model->pagesLoaded(), pages);
    }
    QCOMPARE(model->rowCount(), kRows);
    QVERIFY(pages >= 5);
}

void TestUsagePage::filtersNarrowTheRows()
{
    ui::UsagePage page(*m_session);
    page.show();
    auto *from = child<QDateEdit>(&page, u"From date"_s);
    auto *to = child<QDateEdit>(&page, u"To date"_s);
    auto *modelBox = child<QComboBox>(&page, u"Model filter"_s);
    auto *providerBox = child<QComboBox>(&page, u"Provider filter"_s);
    auto *modeBox = child<QComboBox>(&page, u"Mode filter"_s);
    QVERIFY(from && to && modelBox && providerBox && modeBox);
    ui::UsageTableModel *model = page.tableModel();
    const auto loadAll = [model] {
        while (model->canFetchMore(QModelIndex()))
            model->fetchMore(QModelIndex());
    };

    // The last 3 days (today and the two before), typed into the date edit.
    const QDate start = QDate::currentDate().addDays(-2);
    from->setFocus();
    from->setSelectedSection(QDateTimeEdit::NoSection);
    from->setDate(start);
    const qint64 since = start.startOfDay().toMSecsSinceEpoch();
    loadAll();
    const auto inRange = expectedRows([since](const store::UsageRow &r) { return r.createdAtMs >= since; });
    QVERIFY(inRange.size() < kRows);
    QCOMPARE(model->rowCount(), static_cast<int>(inRange.size()));

    // A model, chosen with the keyboard.
    const int gpt = modelBox->findData(u"gpt-4o-mini"_s);
    QVERIFY(gpt > 0);
    modelBox->setFocus();
    modelBox->setCurrentIndex(0);
    for (int i = 0; i < gpt; ++i)
        QTest::keyClick(modelBox, Qt::Key_Down);
    QCOMPARE(modelBox->currentData().toString(), u"gpt-4o-mini"_s);
    loadAll();
    const auto gptRows = expectedRows([since](const store::UsageRow &r) {
        return r.createdAtMs >= since && r.modelId == "gpt-4o-mini"_L1;
    });
    QCOMPARE(model->rowCount(), static_cast<int>(gptRows.size()));
    for (int i = 0; i < model->rowCount(); ++i)
        QCOMPARE(model->usageRow(i).id, gptRows.at(i).id);

    // Mode BYOK on top.
    modeBox->setCurrentIndex(modeBox->findData(1));
    loadAll();
    const auto byok = expectedRows([since](const store::UsageRow &r) {
        return r.createdAtMs >= since && r.modelId == "gpt-4o-mini"_L1 && r.byok.value_or(false);
    });
    QVERIFY(!byok.isEmpty() && byok.size() < gptRows.size());
    QCOMPARE(model->rowCount(), static_cast<int>(byok.size()));

    // Provider google and model gpt: nothing.
    providerBox->setCurrentIndex(providerBox->findData(u"google"_s));
    loadAll();
    QCOMPARE(model->rowCount(), 0);

    // Back to every model, provider google, cloud only.
    modelBox->setCurrentIndex(0);
    modeBox->setCurrentIndex(modeBox->findData(2));
    loadAll();
    const auto google = expectedRows([since](const store::UsageRow &r) {
        return r.createdAtMs >= since && r.provider == "google"_L1 && !r.byok.value_or(false);
    });
    QCOMPARE(model->rowCount(), static_cast<int>(google.size()));

    // An end date before any row of the range.
    to->setDate(start.addDays(-1));
    from->setDate(start.addDays(-1));
    loadAll();
    const qint64 dayBefore = start.addDays(-1).startOfDay().toMSecsSinceEpoch();
    const auto dayRows = expectedRows([dayBefore, since](const store::UsageRow &r) {
        return r.createdAtMs >= dayBefore && r.createdAtMs < since && r.provider == "google"_L1 &&
               !r.byok.value_or(false);
    });
    QCOMPARE(model->rowCount(), static_cast<int>(dayRows.size()));
}

void TestUsagePage::chartsShowTheRangeTotals()
{
    ui::UsagePage page(*m_session);
    auto *from = child<QDateEdit>(&page, u"From date"_s);
    from->setDate(QDate::currentDate().addDays(-6));
    QChart *daily = page.charts()->dailyChart();
    QCOMPARE(daily->series().size(), 1);
    auto *days = qobject_cast<QAbstractBarSeries *>(daily->series().constFirst());
    QVERIFY(days);
    QCOMPARE(days->barSets().constFirst()->count(), 7);
    auto *models = qobject_cast<QAbstractBarSeries *>(page.charts()->modelChart()->series().constFirst());
    QVERIFY(models);
    QCOMPARE(models->barSets().constFirst()->count(), 3);
    // The model chart's total equals the credits of the rows in the range (by occurred_at).
    const qint64 since = QDate::currentDate().addDays(-6).startOfDay().toMSecsSinceEpoch();
    qint64 units = 0;
    for (const store::UsageRow &r : std::as_const(m_rows)) {
        if (r.occurredAtMs >= since)
            units += r.creditsDeducted.units();
    }
    qreal shown = 0;
    for (int i = 0; i < models->barSets().constFirst()->count(); ++i)
        shown += models->barSets().constFirst()->at(i);
    QCOMPARE(qRound64(shown * 100), units / 100);
}

void TestUsagePage::exportWritesTheRange_data()
{
    QTest::addColumn<bool>("csv");
    QTest::newRow("csv") << true;
    QTest::newRow("json") << false;
}

void TestUsagePage::exportWritesTheRange()
{
    QFETCH(bool, csv);
    ui::UsagePage page(*m_session);
    page.show();
    auto *from = child<QDateEdit>(&page, u"From date"_s);
    auto *to = child<QDateEdit>(&page, u"To date"_s);
    const QDate first = QDate::currentDate().addDays(-20);
    const QDate last = QDate::currentDate().addDays(-4);
    from->setDate(first);
    to->setDate(last);
    const qint64 since = first.startOfDay().toMSecsSinceEpoch();
    const qint64 until = last.addDays(1).startOfDay().toMSecsSinceEpoch();
    const auto expected = expectedRows(
        [since, until](const store::UsageRow &r) { return r.createdAtMs >= since && r.createdAtMs < until; });
    QVERIFY(expected.size() > 2 * store::UsageRepository::kMaxPageSize / 3);

    const QString path = m_dir.filePath(csv ? u"usage.csv"_s : u"usage.json"_s);
    QSignalSpy finished(&page, &ui::UsagePage::exportFinished);
    page.exportTo(path, csv ? store::ExportFormat::Csv : store::ExportFormat::Json);
    QVERIFY(finished.wait(60'000));
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QCOMPARE(finished.at(0).at(1).toLongLong(), static_cast<qlonglong>(expected.size()));

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    if (csv) {
        QList<QByteArray> lines = bytes.split('\n');
        QCOMPARE(lines.takeLast(), QByteArray()); // ends with CRLF
        QCOMPARE(lines.size(), expected.size() + 1);
        QVERIFY(lines.constFirst().startsWith("id,request_id,created_at,occurred_at,model_id"));
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const QList<QByteArray> fields = lines.at(i + 1).trimmed().split(',');
            QCOMPARE(fields.at(0), expected.at(i).id.toUtf8());
            QCOMPARE(fields.at(4), expected.at(i).modelId.toUtf8());
            QCOMPARE(fields.at(10), expected.at(i).creditsDeducted.toDecimalString().toUtf8());
        }
    } else {
        QJsonParseError error;
        const QJsonArray rows = QJsonDocument::fromJson(bytes, &error).array();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(rows.size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            QCOMPARE(rows.at(i).toObject(), store::usageRowJson(expected.at(i)));
        }
    }
}

void TestUsagePage::exportCanBeCancelled()
{
    ui::UsagePage page(*m_session);
    child<QDateEdit>(&page, u"From date"_s)->setDate(QDate::currentDate().addDays(-60));
    const QString path = m_dir.filePath(u"cancelled.csv"_s);
    QSignalSpy finished(&page, &ui::UsagePage::exportFinished);
    page.exportTo(path, store::ExportFormat::Csv);
    auto *job = page.findChild<ui::UsageExportJob *>();
    QVERIFY(job);
    // The job works from the event loop: nothing is written when control comes back.
    QCOMPARE(finished.size(), 0);
    job->cancel();
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QCOMPARE(finished.at(0).at(2).toString(), QString());
    QTRY_VERIFY(page.findChild<ui::UsageExportJob *>() == nullptr);
    QVERIFY(!QFile::exists(path));
}

void TestUsagePage::couponHistoryModelPassesTheTester()
{
    ui::CouponHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<store::CouponRedemption> rows;
    for (int i = 0; i < 3; ++i) {
        store::CouponRedemption r;
        r.id = u"red-%1"_s.arg(i);
        r.couponCode = u"SAVE%1"_s.arg(10 * (i + 1));
        r.discountApplied = *Money::fromCents(500 * (i + 1));
        if (i > 0) {
            r.originalAmount = *Money::fromCents(4900);
            r.finalAmount = *Money::fromCents(4900 - 500 * (i + 1));
        }
        r.status = i == 2 ? u"reversed"_s : u"success"_s;
        r.redeemedAtMs = m_now - i * 86'400'000;
        rows.append(r);
    }
    std::reverse(rows.begin(), rows.end());
    model.setRedemptions(rows);
    QCOMPARE(model.rowCount(), 3);
    // Newest first.
    QCOMPARE(model.data(model.index(0, ui::CouponHistoryModel::Code)).toString(), u"SAVE10"_s);
    QCOMPARE(model.data(model.index(2, ui::CouponHistoryModel::Status)).toString(), u"Reversed"_s);
    QCOMPARE(model.data(model.index(1, ui::CouponHistoryModel::Discount)).toString(), u"$10.00"_s);
    QCOMPARE(model.data(model.index(1, ui::CouponHistoryModel::Final)).toString(), u"$39.00"_s);
    QCOMPARE(model.data(model.index(0, ui::CouponHistoryModel::Final)).toString(), u"—"_s);
    model.setRedemptions({});
    QCOMPARE(model.rowCount(), 0);
}

void TestUsagePage::screenshot()
{
    const QString dir = qEnvironmentVariable("CREDITDESK_SCREENSHOT_DIR");
    ui::UsagePage page(*m_session);
    page.resize(1100, 720);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTest::qWait(200);
    const QPixmap shot = page.grab();
    QVERIFY(!shot.isNull());
    if (!dir.isEmpty())
        QVERIFY(shot.save(QDir(dir).filePath(u"usage.png"_s)));
}

QTEST_MAIN(TestUsagePage)
#include "test_usage_page.moc"

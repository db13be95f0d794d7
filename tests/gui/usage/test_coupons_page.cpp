// ui/coupons against a real server (SQLite and PostgreSQL): sign in with an
// issue-token JSON, coupons made with the admin CLI, then the page driven
// through its widgets: every reason of an invalid code, the discount of a
// valid one, the redemption and its row in the history.
#include "core/domain/utc_time.h"
#include "core/session/app_session.h"
#include "core/session/client_services.h"
#include "core/session/profile.h"
#include "core/sync/sync_engine.h"
#include "tests/integration/http/server_harness.h"
#include "ui/coupons/coupon_history_model.h"
#include "ui/coupons/coupons_page.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::test;

namespace {

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

bool adminOk(const ServerHarness &server, const QStringList &args)
{
    const auto result = server.admin(args);
    if (result.exitCode != 0)
        qWarning().noquote() << args.join(u' ') << "failed:" << result.output << result.standardError;
    return result.exitCode == 0;
}

} // namespace

class TestCouponsPage : public QObject {
    Q_OBJECT

private slots:
    void validateAndRedeem_data() { addDialectRows(); }
    void validateAndRedeem();
};

void TestCouponsPage::validateAndRedeem()
{
    ServerHarness::Options options;
    options.dialect = currentDialect();
    CREDITDESK_START_SERVER(server, options);
    const QString email = u"coupons-page@example.com"_s;
    QString userId;
    QVERIFY(!server->createUserWithToken(email, &userId).isEmpty());
    QVERIFY(adminOk(*server, {u"set-subscription"_s, u"--email"_s, email, u"--tier"_s, u"pro"_s,
                              u"--status"_s, u"active"_s}));
    const auto token = server->admin({u"issue-token"_s, u"--email"_s, email});
    QCOMPARE(token.exitCode, 0);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QVERIFY(
        adminOk(*server, {u"create-coupon"_s, u"--code"_s, u"SAVE25PAGE"_s, u"--coupon-type"_s,
                          u"percentage"_s, u"--discount-type"_s, u"percentage"_s, u"--value"_s, u"2500"_s}));
    QVERIFY(adminOk(*server, {u"create-coupon"_s, u"--code"_s, u"OLDDEALPAGE"_s, u"--coupon-type"_s,
                              u"percentage"_s, u"--discount-type"_s, u"percentage"_s, u"--value"_s, u"1000"_s,
                              u"--valid-from"_s, toIsoUtc(now - 20 * kMsPerDay), u"--valid-until"_s,
                              toIsoUtc(now - 10 * kMsPerDay), u"--tiers"_s, u"pro_max"_s}));
    QVERIFY(
        adminOk(*server, {u"create-coupon"_s, u"--code"_s, u"BONUSPAGE"_s, u"--coupon-type"_s,
                          u"duration_bonus"_s, u"--discount-type"_s, u"credits"_s, u"--value"_s, u"500"_s}));

    QTemporaryDir dir;
    auto profile = session::Profile::open(dir.path());
    QVERIFY(profile);
    session::SessionOptions sessionOptions;
    sessionOptions.secrets = session::SecretBackend::Memory;
    sessionOptions.server = server->baseUrl();
    auto opened = session::AppSession::open(std::move(*profile), sessionOptions);
    QVERIFY(opened);
    std::unique_ptr<session::AppSession> s = std::move(*opened);
    std::optional<Result<void>> signedIn;
    s->signInWithToken(QString::fromUtf8(QJsonDocument(token.output).toJson(QJsonDocument::Compact)),
                       [&signedIn](Result<void> r) { signedIn = std::move(r); });
    QTRY_VERIFY_WITH_TIMEOUT(signedIn.has_value(), 60'000);
    QVERIFY2(*signedIn, qPrintable(*signedIn ? QString() : signedIn->error().message));
    QSignalSpy synced(&s->syncEngine(), &sync::SyncEngine::finished);
    QVERIFY(s->syncEngine().start());
    QVERIFY(synced.wait(120'000));

    session::ClientServices services(*s);
    ui::CouponsPage page(*s, services);
    QAbstractItemModelTester tester(page.historyModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    page.resize(900, 600);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *code = child<QLineEdit>(&page, u"Coupon code"_s);
    auto *validate = child<QPushButton>(&page, u"Validate the coupon code"_s);
    auto *redeem = child<QPushButton>(&page, u"Redeem the coupon"_s);
    auto *result = child<QLabel>(&page, u"Coupon result"_s);
    QVERIFY(code && validate && redeem && result);
    QSignalSpy validated(&page, &ui::CouponsPage::validated);
    QSignalSpy redeemed(&page, &ui::CouponsPage::redeemed);
    QTRY_COMPARE(page.historyModel()->rowCount(), 0);

    // An unknown code.
    code->setFocus();
    QTest::keyClicks(code, u"nosuchcode"_s);
    QTest::mouseClick(validate, Qt::LeftButton);
    QVERIFY(validated.wait(60'000));
    QCOMPARE(validated.takeFirst().at(0).toBool(), false);
    QVERIFY2(result->text().contains(u"No coupon has this code"_s), qPrintable(result->text()));
    QVERIFY(!redeem->isEnabled());

    // Expired and for another tier: both reasons, in clear text.
    code->clear();
    QTest::keyClicks(code, u"olddealpage"_s);
    QTest::keyClick(code, Qt::Key_Return);
    QVERIFY(validated.wait(60'000));
    QCOMPARE(validated.takeFirst().at(0).toBool(), false);
    QVERIFY2(result->text().contains(u"expired"_s), qPrintable(result->text()));
    QVERIFY2(result->text().contains(u"Your plan is not eligible"_s), qPrintable(result->text()));
    QVERIFY(!redeem->isEnabled());

    // Valid: the discount, then redeem.
    code->clear();
    QTest::keyClicks(code, u"SAVE25PAGE"_s);
    QTest::mouseClick(validate, Qt::LeftButton);
    QVERIFY(validated.wait(60'000));
    QCOMPARE(validated.takeFirst().at(0).toBool(), true);
    QVERIFY2(result->text().contains(u"SAVE25PAGE is valid"_s), qPrintable(result->text()));
    QVERIFY2(result->text().contains(u"25 % off"_s), qPrintable(result->text()));
    QVERIFY(redeem->isEnabled());

    // A credit coupon: validate, then redeem.
    code->clear();
    QTest::keyClicks(code, u"bonuspage"_s);
    QTest::mouseClick(validate, Qt::LeftButton);
    QVERIFY(validated.wait(60'000));
    QCOMPARE(validated.takeFirst().at(0).toBool(), true);
    QVERIFY2(result->text().contains(u"Adds 500 credits"_s), qPrintable(result->text()));
    QVERIFY(redeem->isEnabled());
    const QString validText = result->text();

    QTest::mouseClick(redeem, Qt::LeftButton);
    QVERIFY(redeemed.wait(60'000));
    QCOMPARE(redeemed.takeFirst().at(0).toBool(), true);
    QVERIFY2(result->text().contains(u"BONUSPAGE redeemed"_s), qPrintable(result->text()));
    QVERIFY(!redeem->isEnabled());
    // The sync after the redemption brings it into the history.
    QTRY_COMPARE_WITH_TIMEOUT(page.historyModel()->rowCount(), 1, 120'000);
    const QAbstractItemModel *history = page.historyModel();
    QCOMPARE(history->data(history->index(0, ui::CouponHistoryModel::Code)).toString(), u"BONUSPAGE"_s);
    QCOMPARE(history->data(history->index(0, ui::CouponHistoryModel::Status)).toString(), u"Redeemed"_s);
    QVERIFY(validText != result->text());

    // The same coupon again: the user has used it.
    QTest::mouseClick(validate, Qt::LeftButton);
    QVERIFY(validated.wait(60'000));
    QCOMPARE(validated.takeFirst().at(0).toBool(), false);
    QVERIFY2(result->text().contains(u"already used"_s), qPrintable(result->text()));

    if (const QString shots = qEnvironmentVariable("CREDITDESK_SCREENSHOT_DIR"); !shots.isEmpty()) {
        code->clear();
        QTest::keyClicks(code, u"OLDDEALPAGE"_s);
        QTest::mouseClick(validate, Qt::LeftButton);
        QVERIFY(validated.wait(60'000));
        QVERIFY(page.grab().save(QDir(shots).filePath(u"coupons.png"_s)));
    }
}

QTEST_MAIN(TestCouponsPage)
#include "test_coupons_page.moc"

// The creditdesk binary's exit codes and error shapes, a raw access token
// given to `login --with-token`, coupons (validate with every reason, redeem
// then sync), the profile lock, and `status` once the server has gone.
#include "core/domain/credits.h"
#include "core/domain/utc_time.h"
#include "core/session/profile.h"
#include "tests/integration/cli/cli_runner.h"
#include "tests/integration/http/http_test_support.h"
#include "tests/integration/signin/signin_browser.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QtTest>

#include <map>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::test;

namespace {

bool adminOk(const ServerHarness &server, const QStringList &args)
{
    const auto result = server.admin(args);
    if (result.exitCode != 0)
        qWarning().noquote() << args.first() << "failed:" << result.output << result.standardError;
    return result.exitCode == 0;
}

QString balanceOf(const CliResult &status)
{
    return status.json().value(u"balance"_s).toObject().value(u"credits"_s).toString();
}

} // namespace

class TestCliOperations : public QObject {
    Q_OBJECT

private slots:
    void initTestCase_data() { addDialectRows(); }
    void browserLogin();
    void usageErrorsExitOne();
    void operationErrorsExitTwo();
    void rawAccessTokenCouponsAndLogout();
    void profileLockKeepsASecondSyncOut();
    void statusOfflineAfterTheServerStops();

private:
    std::map<int, std::unique_ptr<ServerHarness>> m_servers;
};

void TestCliOperations::browserLogin()
{
    CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
    const QString email = u"cli-browser-%1@example.com"_s.arg(rowName());
    QVERIFY(!createUser(server, email).isEmpty());
    CliRunner cli(server.baseUrl());
    const auto process = cli.start({u"login"_s, u"--no-browser"_s, u"--json"_s});

    // The address is printed on stderr; play the browser with it.
    QByteArray err;
    QUrl authorize;
    QVERIFY(QTest::qWaitFor(
        [&] {
            err += process->readAllStandardError();
            for (const QByteArray &line : err.split('\n'))
                if (line.trimmed().startsWith("http"))
                    authorize = QUrl::fromEncoded(line.trimmed());
            return authorize.isValid() || process->state() == QProcess::NotRunning;
        },
        120'000));
    QVERIFY2(authorize.isValid(), err.constData());
    QCOMPARE(authorize.path(), u"/oauth/authorize"_s);
    SignInBrowser browser(server, email, kPassword);
    QVERIFY(browser.opener()(authorize));

    const CliResult login = cli.finish(*process);
    QVERIFY2(login.exitCode == 0, qPrintable(login.describe() + QString::fromUtf8(err)));
    QCOMPARE(browser.loginStatus, 302);
    QCOMPARE(login.json().value(u"email"_s).toString(), email);
    QCOMPARE(login.json().value(u"credential"_s).toString(), u"refresh_token"_s);
    const CliResult status = cli.run({u"status"_s, u"--json"_s});
    QVERIFY2(status.exitCode == 0, qPrintable(status.describe()));
    QCOMPARE(status.json().value(u"signed_in"_s).toBool(), true);
    QCOMPARE(status.json().value(u"account"_s).toObject().value(u"email"_s).toString(), email);
}

void TestCliOperations::usageErrorsExitOne()
{
    CliRunner cli;
    const QList<std::pair<QStringList, QString>> cases{
        {{u"frobnicate"_s}, u"unknown_command"_s},
        {{u"status"_s, u"--bogus"_s}, u"usage_error"_s},
        {{u"status"_s, u"extra"_s}, u"usage_error"_s},
        {{u"usage"_s, u"--limit"_s}, u"usage_error"_s},
        {{u"usage"_s, u"--limit"_s, u"0"_s}, u"invalid_argument"_s},
        {{u"usage"_s, u"--from"_s, u"2025-13-40"_s}, u"invalid_argument"_s},
        {{u"usage"_s, u"--from"_s, u"2025-11-02"_s, u"--to"_s, u"2025-11-01"_s}, u"invalid_argument"_s},
        {{u"export-usage"_s, u"--format"_s, u"xml"_s, u"--out"_s, u"x.xml"_s}, u"invalid_argument"_s},
        {{u"export-usage"_s, u"--format"_s, u"csv"_s}, u"usage_error"_s},
        {{u"upgrade-preview"_s, u"platinum"_s}, u"invalid_argument"_s},
        {{u"upgrade-preview"_s}, u"usage_error"_s},
        {{u"coupon"_s, u"validate"_s, u"X!"_s}, u"invalid_argument"_s},
        {{u"coupon"_s, u"validate"_s, u"SAVE20"_s, u"--amount"_s, u"12.345"_s}, u"invalid_argument"_s},
        {{u"coupon"_s, u"frobnicate"_s}, u"unknown_command"_s},
        {{u"--server"_s, u"ftp://example.com"_s, u"status"_s}, u"invalid_argument"_s},
        {{u"--server"_s, u"https://user:pw@example.com"_s, u"status"_s}, u"invalid_argument"_s},
    };
    for (const auto &[args, code] : cases) {
        const CliResult text = cli.run(args);
        QVERIFY2(text.exitCode == 1, qPrintable(args.join(u' ') + u'\n' + text.describe()));
        QVERIFY2(text.out.isEmpty(), qPrintable(text.describe()));
        QVERIFY2(text.err.startsWith("creditdesk: ") && text.err.contains("--help"),
                 qPrintable(text.describe()));
        // --json: the error document on stdout, nothing else there
        // (--json first: after "--limit" it would be taken as its value)
        const CliResult json = cli.run(QStringList{u"--json"_s} + args);
        QVERIFY2(json.exitCode == 1, qPrintable(json.describe()));
        QCOMPARE(json.json().keys(), QStringList{u"error"_s});
        QCOMPARE(json.errorCode(), code);
        QVERIFY(!json.json().value(u"error"_s).toObject().value(u"message"_s).toString().isEmpty());
        QVERIFY(!json.json().value(u"error"_s).toObject().value(u"hint"_s).toString().isEmpty());
    }

    // help lists every command of the issue
    const CliResult help = cli.runBare({u"--help"_s});
    QCOMPARE(help.exitCode, 0);
    for (const char *command : {"login",           "logout",           "status",     "sync",
                                "usage",           "export-usage",     "license",    "devices",
                                "coupon validate", "coupon redeem",    "coupons",    "plans",
                                "upgrade-preview", "invoices",         "activate",   "deactivate",
                                "offline-request", "offline-activate", "mode",       "keys list",
                                "keys set",        "keys verify",      "keys remove"})
        QVERIFY2(help.out.contains(QByteArray(QByteArray("\n  ") + command + ' ')), command);
    const CliResult helpJson = cli.runBare({u"--help"_s, u"--json"_s});
    QCOMPARE(helpJson.exitCode, 0);
    QCOMPARE(helpJson.json().value(u"commands"_s).toArray().size(), 23);
    const CliResult statusHelp = cli.runBare({u"status"_s, u"--help"_s});
    QVERIFY2(statusHelp.exitCode == 0 && statusHelp.out.contains("--offline"),
             qPrintable(statusHelp.describe()));
    const CliResult version = cli.runBare({u"--version"_s, u"--json"_s});
    QCOMPARE(version.exitCode, 0);
    QCOMPARE(version.json().value(u"version"_s).toString(), QStringLiteral(CREDITDESK_VERSION));
#ifndef CREDITDESK_CLI_HAS_GUI
    // Built without the GUI: no command is a usage error.
    QCOMPARE(cli.runBare({}).exitCode, 1);
#endif
}

void TestCliOperations::operationErrorsExitTwo()
{
    CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
    CliRunner cli(server.baseUrl());

    // signed out
    for (const QString &command : {u"sync"_s, u"upgrade-preview"_s}) {
        QStringList args{command};
        if (command == "upgrade-preview"_L1)
            args << u"pro"_s;
        // (--json first: after "--limit" it would be taken as its value)
        const CliResult json = cli.run(QStringList{u"--json"_s} + args);
        QVERIFY2(json.exitCode == 2, qPrintable(json.describe()));
        QCOMPARE(json.errorCode(), u"sign_in_required"_s);
        QVERIFY(json.err.isEmpty());
        const CliResult text = cli.run(args);
        QCOMPARE(text.exitCode, 2);
        QVERIFY2(text.err.contains("creditdesk login"), qPrintable(text.describe()));
    }

    // no server configured for the profile
    CliRunner noServer;
    const CliResult plans = noServer.run({u"plans"_s, u"--json"_s});
    QCOMPARE(plans.exitCode, 2);
    QCOMPARE(plans.errorCode(), u"server_not_configured"_s);

    // a token that is not one: refused, never echoed, nothing kept
    const QByteArray garbage = "garbage-token-input-0123456789";
    const CliResult refused = cli.run({u"login"_s, u"--with-token"_s, u"--json"_s}, garbage);
    QVERIFY2(refused.exitCode == 2, qPrintable(refused.describe()));
    QCOMPARE(refused.errorCode(), u"token_input_invalid"_s);
    QVERIFY(!refused.out.contains(garbage) && !refused.err.contains(garbage));
    QCOMPARE(cli.run({u"status"_s, u"--json"_s}).json().value(u"signed_in"_s).toBool(), false);
    const CliResult empty = cli.run({u"login"_s, u"--with-token"_s, u"--json"_s}, "\n");
    QCOMPARE(empty.exitCode, 1);
    QCOMPARE(empty.errorCode(), u"usage_error"_s);

    // a server that is not there
    CliRunner nowhere(QUrl(u"http://127.0.0.1:9"_s));
    const CliResult unreachable = nowhere.run({u"plans"_s, u"--json"_s});
    QCOMPARE(unreachable.exitCode, 2);
    QCOMPARE(unreachable.errorCode(), u"network_unreachable"_s);
}

void TestCliOperations::rawAccessTokenCouponsAndLogout()
{
    CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
    const QString email = u"cli-coupons-%1@example.com"_s.arg(rowName());
    QString userId;
    const QString token = server.createUserWithToken(email, &userId);
    QVERIFY(!token.isEmpty());
    QVERIFY(adminOk(server, {u"set-subscription"_s, u"--email"_s, email, u"--tier"_s, u"pro"_s, u"--status"_s,
                             u"active"_s}));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString tag = rowName().left(2).toUpper();
    const QString save = u"SAVE25"_s + tag, old = u"OLDDEAL"_s + tag, bonus = u"BONUS500"_s + tag;
    QVERIFY(adminOk(server, {u"create-coupon"_s, u"--code"_s, save, u"--coupon-type"_s, u"percentage"_s,
                             u"--discount-type"_s, u"percentage"_s, u"--value"_s, u"2500"_s}));
    QVERIFY(adminOk(server, {u"create-coupon"_s, u"--code"_s, old, u"--coupon-type"_s, u"percentage"_s,
                             u"--discount-type"_s, u"percentage"_s, u"--value"_s, u"1000"_s,
                             u"--valid-from"_s, toIsoUtc(now - 20 * kMsPerDay), u"--valid-until"_s,
                             toIsoUtc(now - 10 * kMsPerDay), u"--tiers"_s, u"pro_max"_s}));
    QVERIFY(adminOk(server, {u"create-coupon"_s, u"--code"_s, bonus, u"--coupon-type"_s, u"duration_bonus"_s,
                             u"--discount-type"_s, u"credits"_s, u"--value"_s, u"500"_s}));

    // a raw access token (with the newline a pipe adds): kept for later runs
    CliResult run;
    CliRunner cli(server.baseUrl());
    run = cli.run({u"login"_s, u"--with-token"_s, u"--json"_s}, token.toUtf8() + '\n');
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QCOMPARE(run.json().value(u"credential"_s).toString(), u"access_token"_s);
    run = cli.run({u"sync"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    const CliResult before = cli.run({u"status"_s, u"--json"_s});
    QCOMPARE(before.json().value(u"tier"_s).toString(), u"pro"_s);

    // an upgrade's price, previewed
    run = cli.run({u"upgrade-preview"_s, u"pro_max"_s, u"--json"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QCOMPARE(run.json().value(u"from_tier"_s).toString(), u"pro"_s);
    QVERIFY(run.json().value(u"net_charge_cents"_s).toInteger() > 0);

    // validate: the discount preview
    run = cli.run({u"coupon"_s, u"validate"_s, save.toLower(), u"--amount"_s, u"49.00"_s, u"--json"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QCOMPARE(run.json().value(u"valid"_s).toBool(), true);
    QCOMPARE(run.json().value(u"code"_s).toString(), save);
    QCOMPARE(run.json().value(u"percentage_hundredths"_s).toInteger(), 2500);
    QCOMPARE(run.json().value(u"original_amount_cents"_s).toInteger(), 4900);
    QCOMPARE(run.json().value(u"discount_cents"_s).toInteger(), 1225);
    QCOMPARE(run.json().value(u"final_amount_cents"_s).toInteger(), 3675);
    run = cli.run({u"coupon"_s, u"validate"_s, save, u"--amount"_s, u"49.00"_s});
    QVERIFY2(run.exitCode == 0 && run.out.contains("$36.75"), qPrintable(run.describe()));

    // validate: every reason
    run = cli.run({u"coupon"_s, u"validate"_s, old, u"--json"_s});
    QVERIFY2(run.exitCode == 2, qPrintable(run.describe()));
    QCOMPARE(run.errorCode(), u"coupon_expired"_s);
    const QJsonArray reasons =
        run.json().value(u"error"_s).toObject().value(u"details"_s).toObject().value(u"errors"_s).toArray();
    QCOMPARE(reasons, (QJsonArray{u"COUPON_EXPIRED"_s, u"TIER_NOT_ELIGIBLE"_s}));
    run = cli.run({u"coupon"_s, u"validate"_s, old});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("expired") && run.err.contains("plan is not eligible"),
             qPrintable(run.describe()));
    run = cli.run({u"coupon"_s, u"validate"_s, u"NOSUCHCODE"_s, u"--json"_s});
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.errorCode(), u"coupon_not_found"_s);

    // redeem, then the sync shows it
    run = cli.run({u"coupon"_s, u"redeem"_s, bonus, u"--json"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QCOMPARE(run.json().value(u"status"_s).toString(), u"success"_s);
    QCOMPARE(run.json().value(u"synced"_s).toBool(), true);
    run = cli.run({u"coupons"_s, u"--json"_s});
    const QJsonArray redeemed = run.json().value(u"redemptions"_s).toArray();
    QCOMPARE(redeemed.size(), 1);
    QCOMPARE(redeemed.first().toObject().value(u"coupon_code"_s).toString(), bonus);
    const CliResult after = cli.run({u"status"_s, u"--offline"_s, u"--json"_s});
    const auto creditsBefore = Credits::parse(balanceOf(before));
    const auto creditsAfter = Credits::parse(balanceOf(after));
    QVERIFY(creditsBefore && creditsAfter);
    QCOMPARE(creditsAfter->minus(*creditsBefore).value(), Credits::fromWhole(500).value());
    run = cli.run({u"coupon"_s, u"redeem"_s, bonus, u"--json"_s});
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.errorCode(), u"redemption_failed"_s);

    // logout keeps the data, ends the sign-in
    run = cli.run({u"logout"_s, u"--json"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QCOMPARE(run.json().value(u"logged_out"_s).toBool(), true);
    run = cli.run({u"sync"_s, u"--json"_s});
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.errorCode(), u"sign_in_required"_s);
    run = cli.run({u"status"_s, u"--json"_s});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.json().value(u"signed_in"_s).toBool(), false);
    QCOMPARE(run.json().value(u"tier"_s).toString(), u"pro"_s);
    QCOMPARE(run.json().value(u"sync"_s).toObject().value(u"reason"_s).toObject().value(u"code"_s).toString(),
             u"not_signed_in"_s);
}

void TestCliOperations::profileLockKeepsASecondSyncOut()
{
    CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
    const DemoAccount demo = seedDemo(server, u"cli-lock-%1@example.com"_s.arg(rowName()), 0);
    QVERIFY(!demo.tokenJson.isEmpty());
    CliRunner cli(server.baseUrl());
    CliResult run = cli.run({u"login"_s, u"--with-token"_s}, demo.tokenJson);
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));

    auto profile = session::Profile::open(cli.profileDir());
    QVERIFY(profile.has_value());
    auto held = profile->lock();
    QVERIFY(held.has_value());
    run = cli.run({u"sync"_s, u"--json"_s});
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.errorCode(), u"profile_locked"_s);
    QCOMPARE(
        run.json().value(u"error"_s).toObject().value(u"details"_s).toObject().value(u"pid"_s).toInteger(),
        QCoreApplication::applicationPid());
    // status still answers, from the mirror
    run = cli.run({u"status"_s, u"--json"_s});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.json().value(u"sync"_s).toObject().value(u"reason"_s).toObject().value(u"code"_s).toString(),
             u"profile_locked"_s);
    held->reset();
    run = cli.run({u"sync"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
}

void TestCliOperations::statusOfflineAfterTheServerStops()
{
    ServerHarness::Options options = httpOptions();
    CREDITDESK_START_SERVER(server, options);
    const DemoAccount demo = seedDemo(*server, u"cli-offline@example.com"_s, 40);
    QVERIFY(!demo.tokenJson.isEmpty());
    waitForLedgerVisibility();
    CliRunner cli(server->baseUrl());
    CliResult run = cli.run({u"login"_s, u"--with-token"_s}, demo.tokenJson);
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    run = cli.run({u"sync"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    const CliResult online = cli.run({u"status"_s, u"--json"_s});
    QCOMPARE(online.json().value(u"sync"_s).toObject().value(u"stale"_s).toBool(), false);

    server.reset();
    const CliResult offline = cli.run({u"status"_s, u"--json"_s});
    QVERIFY2(offline.exitCode == 0, qPrintable(offline.describe()));
    const QJsonObject sync = offline.json().value(u"sync"_s).toObject();
    QCOMPARE(sync.value(u"stale"_s).toBool(), true);
    QCOMPARE(sync.value(u"refreshed"_s).toBool(), false);
    const QString reason = sync.value(u"reason"_s).toObject().value(u"code"_s).toString();
    // Offline, the sign-in's refresh fails first: at discovery or at the token endpoint.
    QVERIFY2(reason == "network_unreachable"_L1 || reason == "network_error"_L1 ||
                 reason == "oidc_discovery_failed"_L1,
             qPrintable(reason));
    QCOMPARE(sync.value(u"last_sync_at"_s),
             online.json().value(u"sync"_s).toObject().value(u"last_sync_at"_s));
    QCOMPARE(offline.json().value(u"tier"_s).toString(), u"pro"_s);
    QCOMPARE(offline.json().value(u"balance"_s), online.json().value(u"balance"_s));
    const CliResult text = cli.run({u"status"_s});
    QVERIFY2(text.exitCode == 0 && text.out.contains("stale"), qPrintable(text.describe()));
    const CliResult usage = cli.run({u"usage"_s, u"--limit"_s, u"1000"_s, u"--json"_s});
    QCOMPARE(usage.exitCode, 0);
    QCOMPARE(usage.json().value(u"count"_s).toInt(), 40);
}

QTEST_GUILESS_MAIN(TestCliOperations)
#include "test_cli_operations.moc"

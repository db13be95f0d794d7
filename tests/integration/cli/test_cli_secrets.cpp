// After a whole command-line session (login --with-token, sync, exports,
// status --json, a verbose sync), neither the access token nor the refresh
// token is in any file of the profile, in the child's QSettings / XDG
// directories, or in anything the binary printed; the refresh token is in the
// keychain (gnome-keyring over the Secret Service), and logout removes it.
#include "core/secrets/secret_key.h"
#include "tests/integration/cli/cli_runner.h"
#include "tests/integration/http/http_test_support.h"
#include "tests/unit/secrets/keychain_test_support.h"

#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

#include <optional>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::test;

namespace {

std::optional<QString> keychainLookup(const QUrl &server, const QString &account, const QString &name)
{
    const auto key = secrets::SecretKey::forServer(server, account, name);
    if (!key)
        return std::nullopt;
    QProcess tool;
    tool.start(u"secret-tool"_s, {u"lookup"_s, u"server"_s, key->service(), u"user"_s, key->toString()});
    if (!tool.waitForFinished(30'000) || tool.exitCode() != 0)
        return std::nullopt;
    return QString::fromUtf8(tool.readAllStandardOutput()).trimmed();
}

} // namespace

class TestCliSecrets : public QObject {
    Q_OBJECT

private slots:
    void initTestCase_data() { addDialectRows(); }
    void initTestCase()
    {
        CREDITDESK_REQUIRE_SECRET_SERVICE();
        QVERIFY2(!QStandardPaths::findExecutable(u"secret-tool"_s).isEmpty(), "install libsecret-tools");
    }
    void noTokenOutsideTheKeychain();
    void rawAccessTokenLivesInTheKeychainOnly();
};

void TestCliSecrets::noTokenOutsideTheKeychain()
{
    CREDITDESK_START_SERVER(server, httpOptions());
    const DemoAccount demo = seedDemo(*server, u"cli-secrets-%1@example.com"_s.arg(rowName()), 120);
    QVERIFY(!demo.accessToken.isEmpty() && !demo.refreshToken.isEmpty());
    waitForLedgerVisibility();
    CliRunner cli(server->baseUrl());

    const QList<std::pair<QStringList, QByteArray>> session{
        {{u"login"_s, u"--with-token"_s}, demo.tokenJson},
        {{u"sync"_s}, {}},
        {{u"export-usage"_s, u"--format"_s, u"csv"_s, u"--out"_s, cli.profileDir() + u"/usage.csv"_s}, {}},
        {{u"export-usage"_s, u"--format"_s, u"json"_s, u"--out"_s, cli.profileDir() + u"/usage.json"_s}, {}},
        {{u"status"_s, u"--json"_s}, {}},
        {{u"usage"_s, u"--json"_s}, {}},
        {{u"license"_s, u"--json"_s}, {}},
        {{u"sync"_s, u"--json"_s, u"--verbose"_s}, {}},
        {{u"status"_s, u"--verbose"_s}, {}},
    };
    for (const auto &[args, input] : session) {
        const CliResult run = cli.run(args, input);
        QVERIFY2(run.exitCode == 0, qPrintable(args.join(u' ') + u'\n' + run.describe()));
    }
    QVERIFY(QFile::exists(cli.profileDir() + u"/settings.ini"_s));
    QVERIFY(QFile::exists(cli.profileDir() + u"/mirror.db"_s));
    // The scan sees into the mirror's binary files: the account's e-mail is there.
    QVERIFY(!filesContaining(cli.profileDir(), demo.email.toUtf8()).isEmpty());

    // The refresh token (rotated by every run since) lives in the keychain.
    const auto stored = keychainLookup(server->baseUrl(), demo.userId, u"refresh_token"_s);
    QVERIFY(stored.has_value());
    QVERIFY(!stored->isEmpty());
    for (const QString &secret : {demo.accessToken, demo.refreshToken, *stored}) {
        const QStringList found = secretLeaks(cli, secret);
        QVERIFY2(found.isEmpty(), qPrintable(found.join(u", "_s)));
    }

    // logout takes it out of the keychain; the mirror stays
    const CliResult out = cli.run({u"logout"_s});
    QVERIFY2(out.exitCode == 0, qPrintable(out.describe()));
    QCOMPARE(keychainLookup(server->baseUrl(), demo.userId, u"refresh_token"_s), std::nullopt);
    QVERIFY(QFile::exists(cli.profileDir() + u"/mirror.db"_s));
    QCOMPARE(refresh(*server, *stored).errorCode(), u"invalid_grant"_s); // revoked by the logout
}

void TestCliSecrets::rawAccessTokenLivesInTheKeychainOnly()
{
    CREDITDESK_START_SERVER(server, httpOptions());
    const QString email = u"cli-raw-secret-%1@example.com"_s.arg(rowName());
    QString userId;
    const QString token = server->createUserWithToken(email, &userId);
    QVERIFY(!token.isEmpty());
    CliRunner cli(server->baseUrl());
    for (const QStringList &args : {QStringList{u"login"_s, u"--with-token"_s}, QStringList{u"sync"_s},
                                    QStringList{u"status"_s, u"--json"_s, u"--verbose"_s}}) {
        const CliResult run = cli.run(args, args.first() == "login"_L1 ? token.toUtf8() : QByteArray());
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    }
    QCOMPARE(keychainLookup(server->baseUrl(), userId, u"access_token"_s), std::optional<QString>(token));
    const QStringList found = secretLeaks(cli, token);
    QVERIFY2(found.isEmpty(), qPrintable(found.join(u", "_s)));

    QCOMPARE(cli.run({u"logout"_s}).exitCode, 0);
    QCOMPARE(keychainLookup(server->baseUrl(), userId, u"access_token"_s), std::nullopt);
}

QTEST_GUILESS_MAIN(TestCliSecrets)
#include "test_cli_secrets.moc"

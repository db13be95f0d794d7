// `creditdesk keys` against the real Secret Service (gnome-keyring under
// dbus-run-session, as scripts/test.sh runs it) and a local fake provider:
// set (key on stdin only), list (never more than the last 4 characters),
// verify (valid, invalid, no quota, rate limited, no verdict: each its own
// code) and remove; no key in any output, the profile or the child's home.
#include "tests/integration/api/hostile_server.h"
#include "tests/integration/cli/cli_runner.h"
#include "tests/integration/http/http_test_support.h"
#include "tests/unit/secrets/keychain_test_support.h"

#include <QJsonArray>
#include <QTcpServer>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::test;
using Reply = HostileServer::Reply;

namespace {

// The fake provider answers by key: each of these gets its own status.
const QString kValid = u"sk-cli-VALIDsecretVALID-7001"_s;
const QString kRefused = u"sk-cli-REFUSEDsecretX-7002"_s;
const QString kBroke = u"sk-cli-NOQUOTAsecretX-7003"_s;
const QString kThrottled = u"sk-cli-THROTTLEDsecret-7004"_s;
const QString kBroken = u"sk-cli-SERVERFAULTsec-7005"_s;
const QString kOpenAi = u"sk-proj-OPENAIsecretKEY-9009"_s;

QUrl closedPortUrl()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost))
        qFatal("no free port");
    const quint16 port = probe.serverPort();
    probe.close();
    return QUrl(u"http://127.0.0.1:%1/v1"_s.arg(port));
}

} // namespace

class TestCliKeys : public QObject {
    Q_OBJECT

private slots:
    void initTestCase_data() { addDialectRows(); }
    void initTestCase() { CREDITDESK_REQUIRE_SECRET_SERVICE(); }
    void setListVerifyRemove();
};

void TestCliKeys::setListVerifyRemove()
{
    CREDITDESK_START_SERVER(server, httpOptions());
    HostileServer provider;
    QVERIFY(provider.listen());
    provider.setHandler([](const HostileServer::Request &request) {
        if (request.path() != "/v1/models"_L1)
            return Reply::json(404, R"({"error":{"message":"not found"}})");
        const QString auth = QString::fromUtf8(request.header("authorization"));
        if (auth == u"Bearer "_s + kValid)
            return Reply::json(200, R"({"object":"list","data":[{"id":"local-model","object":"model"}]})");
        if (auth == u"Bearer "_s + kBroke)
            return Reply::json(402, R"({"error":{"message":"insufficient funds"}})");
        if (auth == u"Bearer "_s + kThrottled)
            return Reply::json(429, R"({"error":{"message":"slow down"}})").withHeader("Retry-After", "30");
        if (auth == u"Bearer "_s + kBroken)
            return Reply::json(503, R"({"error":{"message":"down"}})");
        return Reply::json(401, R"({"error":{"message":"bad key"}})");
    });
    const QUrl base(provider.baseUrl().toString() + u"/v1"_s);

    CliRunner cli(server->baseUrl());
    const QString token = server->createUserWithToken(u"cli-keys-%1@example.com"_s.arg(rowName()));
    QVERIFY(!token.isEmpty());
    // Before a sign-in there is no account to keep keys for.
    QCOMPARE(cli.run({u"keys"_s, u"list"_s, u"--json"_s}).errorCode(), u"sign_in_required"_s);
    QCOMPARE(cli.run({u"login"_s, u"--with-token"_s}, token.toUtf8()).exitCode, 0);

    // Usage errors: a key on the command line, an unknown provider, no key on stdin.
    QCOMPARE(cli.run({u"keys"_s, u"set"_s, u"openai"_s, kOpenAi}).exitCode, 1);
    QCOMPARE(cli.run({u"keys"_s, u"set"_s, u"mistral"_s}, kOpenAi.toUtf8()).exitCode, 1);
    QCOMPARE(cli.run({u"keys"_s, u"set"_s, u"openai"_s}).exitCode, 1);
    QCOMPARE(cli.run({u"keys"_s, u"set"_s, u"openai"_s, u"--base-url"_s, base.toString()}, kOpenAi.toUtf8())
                 .exitCode,
             1);
    // An invalid key is refused before anything is stored.
    const CliResult shortKey = cli.run({u"keys"_s, u"set"_s, u"openai"_s, u"--json"_s}, "abc");
    QCOMPARE(shortKey.exitCode, 2);
    QCOMPARE(shortKey.errorCode(), u"provider_key_invalid"_s);

    const CliResult setCompatible =
        cli.run({u"keys"_s, u"set"_s, u"openai-compatible"_s, u"--base-url"_s, base.toString(), u"--json"_s},
                kValid.toUtf8() + '\n');
    QVERIFY2(setCompatible.exitCode == 0, qPrintable(setCompatible.describe()));
    QCOMPARE(setCompatible.json().value(u"key"_s).toString(), u"…"_s + kValid.right(4));
    const CliResult setOpenAi = cli.run({u"keys"_s, u"set"_s, u"openai"_s}, kOpenAi.toUtf8());
    QVERIFY2(setOpenAi.exitCode == 0, qPrintable(setOpenAi.describe()));

    const CliResult listed = cli.run({u"keys"_s, u"list"_s, u"--json"_s});
    QVERIFY2(listed.exitCode == 0, qPrintable(listed.describe()));
    const QJsonArray keys = listed.json().value(u"keys"_s).toArray();
    QCOMPARE(keys.size(), 2);
    QCOMPARE(keys.at(0).toObject().value(u"provider"_s).toString(), u"openai"_s);
    QCOMPARE(keys.at(0).toObject().value(u"key"_s).toString(), u"…9009"_s);
    QCOMPARE(keys.at(1).toObject().value(u"provider"_s).toString(), u"openai-compatible"_s);
    QCOMPARE(keys.at(1).toObject().value(u"key"_s).toString(), u"…"_s + kValid.right(4));
    QCOMPARE(keys.at(1).toObject().value(u"base_url"_s).toString(), base.toString());
    const CliResult listedText = cli.run({u"keys"_s, u"list"_s});
    QVERIFY2(listedText.exitCode == 0 && listedText.out.contains("openai-compatible"),
             qPrintable(listedText.describe()));

    // verify: each verdict its own outcome. The provider runs on this event loop, so
    // the child is started and waited for while the loop spins.
    const auto verify = [&cli](const QString &keyToSet) {
        if (!keyToSet.isEmpty()) {
            const CliResult set = cli.run({u"keys"_s, u"set"_s, u"openai-compatible"_s}, keyToSet.toUtf8());
            if (set.exitCode != 0)
                qWarning().noquote() << set.describe();
        }
        auto process = cli.start({u"keys"_s, u"verify"_s, u"openai-compatible"_s, u"--json"_s});
        return cli.finish(*process);
    };
    const CliResult valid = verify({});
    QVERIFY2(valid.exitCode == 0, qPrintable(valid.describe()));
    QCOMPARE(valid.json().value(u"status"_s).toString(), u"valid"_s);
    QCOMPARE(provider.requests().constLast().header("authorization"), "Bearer " + kValid.toUtf8());

    const CliResult refused = verify(kRefused);
    QCOMPARE(refused.exitCode, 2);
    QCOMPARE(refused.errorCode(), u"key_rejected"_s);
    const CliResult broke = verify(kBroke);
    QCOMPARE(broke.exitCode, 2);
    QCOMPARE(broke.errorCode(), u"key_no_quota"_s);
    const CliResult throttled = verify(kThrottled);
    QCOMPARE(throttled.exitCode, 2);
    QCOMPARE(throttled.errorCode(), u"key_rate_limited"_s);
    QCOMPARE(throttled.json()
                 .value(u"error"_s)
                 .toObject()
                 .value(u"details"_s)
                 .toObject()
                 .value(u"retry_after_seconds"_s)
                 .toInt(),
             30);
    const CliResult broken = verify(kBroken);
    QCOMPARE(broken.exitCode, 2);
    QCOMPARE(broken.errorCode(), u"key_unverified"_s);
    // Nobody listening at the base URL: no verdict either.
    QCOMPARE(
        cli.run({u"keys"_s, u"set"_s, u"openai-compatible"_s, u"--base-url"_s, closedPortUrl().toString()},
                kValid.toUtf8())
            .exitCode,
        0);
    const CliResult unreachable = verify({});
    QCOMPARE(unreachable.exitCode, 2);
    QCOMPARE(unreachable.errorCode(), u"key_unverified"_s);

    // remove
    const CliResult removed = cli.run({u"keys"_s, u"remove"_s, u"openai"_s, u"--json"_s});
    QVERIFY2(removed.exitCode == 0, qPrintable(removed.describe()));
    const QJsonArray left = cli.run({u"keys"_s, u"list"_s, u"--json"_s}).json().value(u"keys"_s).toArray();
    QCOMPARE(left.size(), 1);
    QCOMPARE(left.at(0).toObject().value(u"provider"_s).toString(), u"openai-compatible"_s);
    const CliResult verifyRemoved = cli.run({u"keys"_s, u"verify"_s, u"openai"_s, u"--json"_s});
    QCOMPARE(verifyRemoved.exitCode, 2);
    QCOMPARE(verifyRemoved.errorCode(), u"provider_key_missing"_s);

    // No key anywhere but the keychain.
    for (const QString &secret : {kValid, kRefused, kBroke, kThrottled, kBroken, kOpenAi}) {
        const QStringList found = secretLeaks(cli, secret);
        QVERIFY2(found.isEmpty(), qPrintable(secret.right(4) + u": "_s + found.join(u", "_s)));
    }
}

QTEST_GUILESS_MAIN(TestCliKeys)
#include "test_cli_keys.moc"

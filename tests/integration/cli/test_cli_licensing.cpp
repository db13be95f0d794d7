// The licensing and mode commands of the creditdesk binary against a real
// server (SQLite and PostgreSQL): activate (a malformed key, a full license
// listing its seats, --free), deactivate, the offline request/response round
// trip with `admin answer-offline-request` (a damaged and an altered response
// refused), `mode` shown and switched, refused and allowed, and a
// deactivation and a mode change made while the server is down: queued, then
// sent by the next `sync`.
#include "tests/integration/cli/cli_runner.h"
#include "tests/integration/http/http_test_support.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUuid>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::test;

namespace {

struct Account {
    QString email;
    QString token;
};

// A user signed in on `cli` with a raw access token.
Account signedIn(const ServerHarness &server, CliRunner &cli, const QString &name)
{
    Account account{u"cli-lic-%1-%2@example.com"_s.arg(name, rowName()), {}};
    account.token = server.createUserWithToken(account.email);
    const CliResult login = cli.run({u"login"_s, u"--with-token"_s}, account.token.toUtf8());
    if (login.exitCode != 0)
        qWarning().noquote() << login.describe();
    return account;
}

QString createLicense(const ServerHarness &server, const QString &email, int seats, bool byok)
{
    const auto created =
        server.admin({u"create-license"_s, u"--email"_s, email, u"--max-activations"_s,
                      QString::number(seats), u"--byok-enabled"_s, byok ? u"true"_s : u"false"_s});
    return created.output.value(u"license_key"_s).toString();
}

// A seat taken by another machine, straight through the API; its activation id.
QString activateElsewhere(const ServerHarness &server, const QString &key, const QString &name)
{
    const QString fingerprint = QString::fromLatin1(
        QCryptographicHash::hash(QUuid::createUuid().toByteArray(), QCryptographicHash::Sha256).toHex());
    const HttpReply reply =
        server.post(u"/api/licenses/activate"_s,
                    QJsonObject{{u"licenseKey"_s, key},
                                {u"deviceInfo"_s, QJsonObject{{u"fingerprint"_s, fingerprint},
                                                              {u"deviceName"_s, name},
                                                              {u"osType"_s, u"linux"_s}}}});
    QJsonObject body = reply.object();
    if (body.contains(u"data"_s))
        body = body.value(u"data"_s).toObject();
    return body.value(u"activation_id"_s).toString();
}

// The active activation ids of a license, from the server.
QStringList serverSeats(const ServerHarness &server, const QString &key)
{
    QJsonObject body = server.get(u"/api/licenses/%1/devices"_s.arg(key)).object();
    if (body.contains(u"data"_s))
        body = body.value(u"data"_s).toObject();
    QStringList ids;
    for (const QJsonValue &device : body.value(u"devices"_s).toArray())
        ids << device.toObject().value(u"id"_s).toString();
    ids.sort();
    return ids;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// A second creditdesk-server process on the harness's database and data dir
// (same keys, users and tokens) on a fixed port, stopped and started again.
class StoppableServer {
public:
    explicit StoppableServer(const ServerHarness &harness)
        : m_harness(harness)
    {
        QTcpServer probe;
        if (probe.listen(QHostAddress::LocalHost))
            m_port = probe.serverPort();
    }
    ~StoppableServer() { stop(); }

    [[nodiscard]] QUrl baseUrl() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(m_port)); }

    [[nodiscard]] bool start()
    {
        m_process.setProgram(QStringLiteral(CREDITDESK_SERVER_EXE));
        m_process.setArguments({u"--db"_s, m_harness.databaseUrl(), u"--listen"_s,
                                u"127.0.0.1:%1"_s.arg(m_port), u"--data-dir"_s, m_harness.dataDir(),
                                u"--rate-limits"_s, u"off"_s, u"--public-url"_s,
                                m_harness.baseUrl().toString()});
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start();
        if (!m_process.waitForStarted(30'000))
            return false;
        return QTest::qWaitFor(
            [this] {
                QTcpSocket socket;
                socket.connectToHost(QHostAddress::LocalHost, m_port);
                return socket.waitForConnected(200);
            },
            30'000);
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(15'000)) {
            m_process.kill();
            m_process.waitForFinished(5'000);
        }
    }

private:
    const ServerHarness &m_harness;
    quint16 m_port = 0;
    QProcess m_process;
};

} // namespace

class TestCliLicensing : public QObject {
    Q_OBJECT

private slots:
    void initTestCase_data() { addDialectRows(); }
    void activateSeatsAndDeactivate();
    void offlineRoundTrip();
    void modeShowAndSwitch();
    void offlineActionsQueueUntilSync();

private:
    std::map<int, std::unique_ptr<ServerHarness>> m_servers;
};

void TestCliLicensing::activateSeatsAndDeactivate()
{
    CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
    CliRunner cli(server.baseUrl());
    const Account account = signedIn(server, cli, u"seats"_s);
    QVERIFY(!account.token.isEmpty());

    // A malformed key: an operation error with its own code, nothing sent.
    const CliResult malformed = cli.run({u"activate"_s, u"NOT-A-LICENSE-KEY"_s, u"--json"_s});
    QCOMPARE(malformed.exitCode, 2);
    QCOMPARE(malformed.errorCode(), u"license_key_malformed"_s);
    QCOMPARE(cli.run({u"activate"_s}).exitCode, 1); // no key: a usage error

    const QString key = createLicense(server, account.email, 2, true);
    QVERIFY(!key.isEmpty());
    QStringList others{activateElsewhere(server, key, u"desk-one"_s),
                       activateElsewhere(server, key, u"desk-two"_s)};
    QVERIFY(!others.at(0).isEmpty() && !others.at(1).isEmpty());
    others.sort();

    // Every seat taken: the error lists them (JSON details, text table on stdout).
    const CliResult full = cli.run({u"activate"_s, key, u"--json"_s});
    QCOMPARE(full.exitCode, 2);
    QCOMPARE(full.errorCode(), u"activation_limit_reached"_s);
    const QJsonObject details = full.json().value(u"error"_s).toObject().value(u"details"_s).toObject();
    QCOMPARE(details.value(u"max_activations"_s).toInt(), 2);
    QStringList listed;
    for (const QJsonValue &seat : details.value(u"devices"_s).toArray())
        listed << seat.toObject().value(u"activation_id"_s).toString();
    listed.sort();
    QCOMPARE(listed, others);
    const CliResult fullText = cli.run({u"activate"_s, key});
    QCOMPARE(fullText.exitCode, 2);
    QVERIFY2(fullText.out.contains(others.at(0).toUtf8()) && fullText.out.contains(others.at(1).toUtf8()),
             qPrintable(fullText.describe()));
    QVERIFY2(fullText.out.contains("desk-one"), qPrintable(fullText.describe()));
    QVERIFY(!QFile::exists(cli.profileDir() + u"/activation.json"_s));

    // --free: that seat is released and this device activated in one step.
    const CliResult freed = cli.run({u"activate"_s, key, u"--free"_s, others.at(0), u"--json"_s});
    QVERIFY2(freed.exitCode == 0, qPrintable(freed.describe()));
    const QString mine = freed.json().value(u"activation_id"_s).toString();
    QVERIFY(!mine.isEmpty());
    QCOMPARE(freed.json().value(u"new_activation"_s).toBool(), true);
    QCOMPARE(freed.json().value(u"freed"_s).toString(), others.at(0));
    QStringList expected{others.at(1), mine};
    expected.sort();
    QCOMPARE(serverSeats(server, key), expected);
    QVERIFY(QFile::exists(cli.profileDir() + u"/activation.json"_s));
    // The full key is never printed.
    for (const CliResult &run : cli.history())
        QVERIFY2(!run.out.contains(key.toUtf8()) && !run.err.contains(key.toUtf8()),
                 qPrintable(run.describe()));

    // deactivate: this device by default, done at once while online.
    const CliResult off = cli.run({u"deactivate"_s, u"--json"_s});
    QVERIFY2(off.exitCode == 0, qPrintable(off.describe()));
    QCOMPARE(off.json().value(u"status"_s).toString(), u"done"_s);
    QCOMPARE(off.json().value(u"this_device"_s).toBool(), true);
    QCOMPARE(off.json().value(u"activation_id"_s).toString(), mine);
    QCOMPARE(serverSeats(server, key), QStringList{others.at(1)});
    const CliResult again = cli.run({u"deactivate"_s, u"--json"_s});
    QCOMPARE(again.exitCode, 2);
    QCOMPARE(again.errorCode(), u"license_not_activated"_s);

    // --device: another seat of the license.
    const CliResult other = cli.run({u"deactivate"_s, u"--device"_s, others.at(1), u"--json"_s});
    QVERIFY2(other.exitCode == 0, qPrintable(other.describe()));
    QCOMPARE(other.json().value(u"this_device"_s).toBool(), false);
    QCOMPARE(serverSeats(server, key), QStringList());
}

void TestCliLicensing::offlineRoundTrip()
{
    CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
    CliRunner cli(server.baseUrl());
    const Account account = signedIn(server, cli, u"offline"_s);
    // One online activation pins the server's signing key on this profile.
    const QString online = createLicense(server, account.email, 3, false);
    const CliResult first = cli.run({u"activate"_s, online});
    QVERIFY2(first.exitCode == 0, qPrintable(first.describe()));

    const QString key = createLicense(server, account.email, 3, true);
    const QString request = cli.filePath(u"request.json"_s);
    QCOMPARE(cli.run({u"offline-request"_s, request}).exitCode, 1); // no --key
    const CliResult written = cli.run({u"offline-request"_s, u"--key"_s, key, request, u"--json"_s});
    QVERIFY2(written.exitCode == 0, qPrintable(written.describe()));
    QVERIFY(QFile::exists(request));

    const QString response = cli.filePath(u"response.json"_s);
    const auto answered = server.admin({u"answer-offline-request"_s, request, response});
    QVERIFY2(answered.exitCode == 0, qPrintable(QString::fromUtf8(QJsonDocument(answered.output).toJson())));
    const QString activationId = answered.output.value(u"activation_id"_s).toString();
    const QByteArray genuine = readAll(response);
    QVERIFY(!genuine.isEmpty());

    // Not a response file at all.
    const QString broken = cli.filePath(u"broken.json"_s);
    QVERIFY(writeAll(broken, "{\"format\": 42"));
    const CliResult bad = cli.run({u"offline-activate"_s, broken, u"--json"_s});
    QCOMPARE(bad.exitCode, 2);
    QCOMPARE(bad.errorCode(), u"offline_file_malformed"_s);

    // One character of the signature changed: refused, nothing stored.
    QJsonObject altered = QJsonDocument::fromJson(genuine).object();
    QJsonObject certificate = altered.value(u"certificate"_s).toObject();
    QString signature = certificate.value(u"signature"_s).toString();
    QVERIFY(signature.size() > 10);
    const qsizetype middle = signature.size() / 2;
    signature[middle] = signature.at(middle) == u'A' ? u'B' : u'A';
    certificate.insert(u"signature"_s, signature);
    altered.insert(u"certificate"_s, certificate);
    const QString tampered = cli.filePath(u"tampered.json"_s);
    QVERIFY(writeAll(tampered, QJsonDocument(altered).toJson()));
    const QByteArray before = readAll(cli.profileDir() + u"/activation.json"_s);
    const CliResult refused = cli.run({u"offline-activate"_s, tampered, u"--json"_s});
    QCOMPARE(refused.exitCode, 2);
    QCOMPARE(refused.errorCode(), u"certificate_bad_signature"_s);
    QCOMPARE(readAll(cli.profileDir() + u"/activation.json"_s), before);
    const CliResult refusedText = cli.run({u"offline-activate"_s, tampered});
    QCOMPARE(refusedText.exitCode, 2);
    QVERIFY2(refusedText.err.contains("altered"), qPrintable(refusedText.describe()));

    // The genuine answer.
    const CliResult imported = cli.run({u"offline-activate"_s, response, u"--json"_s});
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.describe()));
    QCOMPARE(imported.json().value(u"activation_id"_s).toString(), activationId);
    QCOMPARE(imported.json().value(u"byok_enabled"_s).toBool(), true);
    QVERIFY(readAll(cli.profileDir() + u"/activation.json"_s) != before);
    // The request is answered: importing it again has nothing pending.
    const CliResult twice = cli.run({u"offline-activate"_s, response, u"--json"_s});
    QCOMPARE(twice.exitCode, 2);
    QCOMPARE(twice.errorCode(), u"offline_no_pending_request"_s);
}

void TestCliLicensing::modeShowAndSwitch()
{
    CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
    CliRunner cli(server.baseUrl());
    const Account account = signedIn(server, cli, u"mode"_s);
    QCOMPARE(cli.run({u"mode"_s, u"sideways"_s}).exitCode, 1);

    // A free account without a license: cloud, BYOK refused with the reason.
    const CliResult shown = cli.run({u"mode"_s, u"--json"_s});
    QVERIFY2(shown.exitCode == 0, qPrintable(shown.describe()));
    QCOMPARE(shown.json().value(u"mode"_s).toString(), u"cloud"_s);
    QCOMPARE(shown.json().value(u"byok_allowed"_s).toBool(), false);
    const QJsonObject refusal = shown.json().value(u"byok_refusal"_s).toObject();
    QCOMPARE(refusal.value(u"code"_s).toString(), u"byok_not_entitled"_s);
    QVERIFY(!refusal.value(u"details"_s).toObject().value(u"reasons"_s).toArray().isEmpty());
    const CliResult denied = cli.run({u"mode"_s, u"byok"_s, u"--json"_s});
    QCOMPARE(denied.exitCode, 2);
    QCOMPARE(denied.errorCode(), u"byok_not_entitled"_s);
    const CliResult deniedText = cli.run({u"mode"_s, u"byok"_s});
    QCOMPARE(deniedText.exitCode, 2);
    QVERIFY2(deniedText.err.contains("BYOK is not available"), qPrintable(deniedText.describe()));

    // pro_max: the server's confirmation of the subscription entitles, with no
    // certificate on this device (domain-rules §9 Decision).
    auto subscribed = server.admin({u"set-subscription"_s, u"--email"_s, account.email, u"--tier"_s,
                                    u"pro_max"_s, u"--status"_s, u"active"_s});
    QCOMPARE(subscribed.exitCode, 0);
    const CliResult byTier = cli.run({u"mode"_s, u"--json"_s});
    QVERIFY2(byTier.exitCode == 0, qPrintable(byTier.describe()));
    QCOMPARE(byTier.json().value(u"byok_allowed"_s).toBool(), true);
    QCOMPARE(byTier.json().value(u"byok_source"_s).toString(), u"subscription"_s);

    // Back on pro, BYOK needs a license on this device.
    subscribed = server.admin({u"set-subscription"_s, u"--email"_s, account.email, u"--tier"_s, u"pro"_s,
                               u"--status"_s, u"active"_s});
    QCOMPARE(subscribed.exitCode, 0);
    const CliResult pro = cli.run({u"mode"_s, u"--json"_s});
    QVERIFY2(pro.exitCode == 0, qPrintable(pro.describe()));
    QCOMPARE(pro.json().value(u"byok_allowed"_s).toBool(), false);

    // A license with BYOK, activated here: allowed, and the switch goes through.
    const QString key = createLicense(server, account.email, 3, true);
    const CliResult activated = cli.run({u"activate"_s, key});
    QVERIFY2(activated.exitCode == 0, qPrintable(activated.describe()));
    const CliResult allowed = cli.run({u"mode"_s, u"--json"_s});
    QVERIFY2(allowed.exitCode == 0, qPrintable(allowed.describe()));
    QCOMPARE(allowed.json().value(u"byok_allowed"_s).toBool(), true);
    QCOMPARE(allowed.json().value(u"byok_source"_s).toString(), u"license"_s);
    const CliResult switched = cli.run({u"mode"_s, u"byok"_s, u"--json"_s});
    QVERIFY2(switched.exitCode == 0, qPrintable(switched.describe()));
    QCOMPARE(switched.json().value(u"mode"_s).toString(), u"byok"_s);
    QCOMPARE(switched.json().value(u"status"_s).toString(), u"done"_s);
    // The server keeps it: a fresh profile reads it back.
    CliRunner second(server.baseUrl());
    QCOMPARE(second.run({u"login"_s, u"--with-token"_s}, account.token.toUtf8()).exitCode, 0);
    const CliResult elsewhere = second.run({u"mode"_s, u"--json"_s});
    QVERIFY2(elsewhere.exitCode == 0, qPrintable(elsewhere.describe()));
    QCOMPARE(elsewhere.json().value(u"mode"_s).toString(), u"byok"_s);

    const CliResult back = cli.run({u"mode"_s, u"cloud"_s, u"--json"_s});
    QVERIFY2(back.exitCode == 0, qPrintable(back.describe()));
    QCOMPARE(back.json().value(u"mode"_s).toString(), u"cloud"_s);
}

void TestCliLicensing::offlineActionsQueueUntilSync()
{
    CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
    StoppableServer stoppable(server);
    QVERIFY(stoppable.start());
    CliRunner cli(stoppable.baseUrl());
    const Account account = signedIn(server, cli, u"queue"_s);
    const QString key = createLicense(server, account.email, 3, true);
    const CliResult activated = cli.run({u"activate"_s, key, u"--json"_s});
    QVERIFY2(activated.exitCode == 0, qPrintable(activated.describe()));
    const QString mine = activated.json().value(u"activation_id"_s).toString();
    const CliResult byok = cli.run({u"mode"_s, u"byok"_s, u"--json"_s});
    QVERIFY2(byok.exitCode == 0, qPrintable(byok.describe()));
    const QString other = activateElsewhere(server, key, u"desk-queued"_s);
    QStringList both{mine, other};
    both.sort();
    QCOMPARE(serverSeats(server, key), both);

    stoppable.stop();
    const CliResult cloud = cli.run({u"mode"_s, u"cloud"_s, u"--json"_s});
    QVERIFY2(cloud.exitCode == 0, qPrintable(cloud.describe()));
    QCOMPARE(cloud.json().value(u"status"_s).toString(), u"queued"_s);
    QCOMPARE(cloud.json().value(u"mode"_s).toString(), u"cloud"_s);
    const CliResult off = cli.run({u"deactivate"_s, u"--json"_s});
    QVERIFY2(off.exitCode == 0, qPrintable(off.describe()));
    QCOMPARE(off.json().value(u"status"_s).toString(), u"queued"_s);
    QVERIFY(off.json().value(u"outbox_id"_s).isDouble());
    const CliResult offText = cli.run({u"deactivate"_s, u"--device"_s, other});
    QCOMPARE(offText.exitCode, 0);
    QVERIFY2(offText.out.contains("queued"), qPrintable(offText.describe()));
    QCOMPARE(serverSeats(server, key), both); // nothing reached the server

    // The server is back: the next sync sends the queued actions first.
    QVERIFY(stoppable.start());
    const CliResult synced = cli.run({u"sync"_s, u"--json"_s});
    QVERIFY2(synced.exitCode == 0, qPrintable(synced.describe()));
    QVERIFY2(synced.json().value(u"outbox"_s).toObject().value(u"replayed"_s).toInt() == 3,
             qPrintable(synced.describe()));
    QCOMPARE(serverSeats(server, key), QStringList());
    CliRunner fresh(stoppable.baseUrl());
    QCOMPARE(fresh.run({u"login"_s, u"--with-token"_s}, account.token.toUtf8()).exitCode, 0);
    const CliResult mode = fresh.run({u"mode"_s, u"--json"_s});
    QVERIFY2(mode.exitCode == 0, qPrintable(mode.describe()));
    QCOMPARE(mode.json().value(u"mode"_s).toString(), u"cloud"_s);
}

QTEST_GUILESS_MAIN(TestCliLicensing)
#include "test_cli_licensing.moc"

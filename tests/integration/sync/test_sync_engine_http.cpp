// SyncEngine and OutboxReplayer against a real creditdesk-server (SQLite and
// PostgreSQL): a full sync mirrors exactly the server's rows, an incremental
// one fetches only what is new, the polling fallback converges without the
// extensions, and a deactivation queued while the server was unreachable is
// replayed once it is back.
#include "core/api/api_errors.h"
#include "core/api/cloud_client.h"
#include "core/store/account_repository.h"
#include "core/store/billing_repository.h"
#include "core/store/license_repository.h"
#include "core/store/mirror_database.h"
#include "core/store/outbox_repository.h"
#include "core/sync/mirror_writer.h"
#include "core/sync/outbox_entries.h"
#include "core/sync/outbox_replayer.h"
#include "core/sync/sync_engine.h"
#include "tests/integration/api/api_test_support.h"
#include "tests/integration/sync/sync_http_support.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::test;

namespace {

// A client, a mirror writer and an engine against one server.
struct Client {
    QTemporaryDir dir;
    RecordedDelays delays;
    ScriptedTokens tokens;
    std::unique_ptr<api::CloudClient> client;
    std::unique_ptr<sync::MirrorWriter> writer;
    std::unique_ptr<sync::SyncEngine> engine;

    Client(const QUrl &baseUrl, const QString &token)
        : tokens(token)
    {
        api::TransportOptions options = testTransportOptions(baseUrl, delays, 30'000);
        options.retry.maxAttempts = 2;
        client = std::make_unique<api::CloudClient>(options, &tokens);
        writer = std::make_unique<sync::MirrorWriter>(mirrorPath());
        engine = std::make_unique<sync::SyncEngine>(*client, *writer);
    }

    [[nodiscard]] QString mirrorPath() const { return dir.filePath(u"mirror.db"_s); }

    sync::SyncResult sync()
    {
        QSignalSpy spy(engine.get(), &sync::SyncEngine::finished);
        if (!engine->start() || !spy.wait(240'000))
            qFatal("the sync did not finish");
        return spy.takeFirst().at(0).value<sync::SyncResult>();
    }

    // The UI's view: a connection of this thread, opened after the writer's.
    std::unique_ptr<store::MirrorDatabase> reader()
    {
        writer->drain();
        auto db = store::MirrorDatabase::open(mirrorPath());
        if (!db)
            qFatal("cannot open the mirror: %s", qPrintable(db.error().message));
        return std::move(*db);
    }
};

QString describe(const sync::SyncResult &r)
{
    return r.error ? r.error->code + u": "_s + r.error->message : u"ok"_s;
}

QUrl closedPortUrl()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost))
        qFatal("no free port");
    const quint16 port = probe.serverPort();
    probe.close();
    return QUrl(u"http://127.0.0.1:%1"_s.arg(port));
}

} // namespace

class TestSyncEngineHttp : public QObject {
    Q_OBJECT

private slots:
    void initTestCase_data() { addDialectRows(); }
    void fullAndIncrementalSync();
    void fallbackWithoutExtensionsConverges();
    void outboxReplaysDeactivationWhenServerReturns();
};

void TestSyncEngineHttp::fullAndIncrementalSync()
{
    ServerHarness::Options options;
    options.dialect = currentDialect();
    CREDITDESK_START_SERVER(server, options);
    const QString email = u"sync-full@example.com"_s;
    const auto seeded = server->admin({u"seed-demo"_s, u"--email"_s, email, u"--rows"_s, u"5000"_s});
    QCOMPARE(seeded.exitCode, 0);
    const QString token = seeded.output.value(u"access_token"_s).toString();
    waitForVisibility();

    Client c(server->baseUrl(), token);
    sync::SyncResult result = c.sync();
    QVERIFY2(result.ok(), qPrintable(describe(result)));
    QVERIFY(!result.fallback);
    QCOMPARE(result.usageRows, 5000);

    Ledger onServer = serverLedger(*server, token, true);
    QCOMPARE(onServer.count(), 5000);
    Ledger mirrored = mirrorLedger(c.mirrorPath());
    QCOMPARE(mirrored.ids, onServer.ids);
    QCOMPARE(mirrored.checksum, onServer.checksum);
    QCOMPARE(mirrorRowLines(c.mirrorPath(), true), serverRowLines(*server, token, true));

    // Every other stream of the demo account is there.
    {
        auto db = c.reader();
        store::AccountRepository accounts(*db);
        QCOMPARE(accounts.profile().value()->id, seeded.output.value(u"user_id"_s).toString());
        QVERIFY(accounts.preferences().value().has_value());
        QCOMPARE(accounts.subscription().value()->tier, u"pro"_s);
        QVERIFY(accounts.balance().value().has_value());
        QVERIFY(accounts.sources().value().size() >= 4);
        store::BillingRepository billing(*db);
        QCOMPARE(billing.redemptions().value().size(), 1);
        QVERIFY(!billing.prorationEvents().value().isEmpty());
        QVERIFY(billing.invoices().value().size() >= 3);
        store::LicenseRepository licenses(*db);
        const auto license = licenses.license().value();
        QVERIFY(license.has_value());
        QCOMPARE(license->licenseKeySha256,
                 store::licenseKeySha256(seeded.output.value(u"license_key"_s).toString()));
        const auto devices = licenses.devices(license->id).value();
        QCOMPARE(devices.size(), 2); // 2 of the license's 3 seats
        QCOMPARE(license->maxActivations, 3);
        QStringList ids;
        for (const store::Device &device : devices) {
            ids << device.id;
            QCOMPARE(device.status, u"active"_s);
        }
        ids.sort();
        QStringList seededIds;
        for (const QJsonValue &id : seeded.output.value(u"activation_ids"_s).toArray())
            seededIds << id.toString();
        seededIds.sort();
        QCOMPARE(ids, seededIds);
        QVERIFY(ids.contains(seeded.output.value(u"activation_id"_s).toString()));
    }

    // Nothing new: 304, nothing fetched.
    result = c.sync();
    QVERIFY2(result.ok(), qPrintable(describe(result)));
    QVERIFY(result.fetched.isEmpty());
    QCOMPARE(result.usageRows, 0);

    // A grant and 100 more rows: only those rows come.
    QCOMPARE(server
                 ->admin({u"grant-credits"_s, u"--email"_s, email, u"--amount"_s, u"5000"_s, u"--type"_s,
                          u"admin_grant"_s})
                 .exitCode,
             0);
    QCOMPARE(server
                 ->admin({u"generate-usage"_s, u"--email"_s, email, u"--rows"_s, u"100"_s, u"--days"_s,
                          u"1"_s, u"--seed"_s, u"7"_s})
                 .exitCode,
             0);
    waitForVisibility();
    result = c.sync();
    QVERIFY2(result.ok(), qPrintable(describe(result)));
    QCOMPARE(result.usageRows, 100);
    QCOMPARE(result.usagePages, 1);
    QVERIFY(result.fetched.contains(u"balance"_s));
    QVERIFY(result.skipped.contains(u"license"_s));
    QVERIFY(result.skipped.contains(u"coupons"_s));
    onServer = serverLedger(*server, token, true);
    QCOMPARE(onServer.count(), 5100);
    mirrored = mirrorLedger(c.mirrorPath());
    QCOMPARE(mirrored.ids, onServer.ids);
    QCOMPARE(mirrored.checksum, onServer.checksum);
}

void TestSyncEngineHttp::fallbackWithoutExtensionsConverges()
{
    ServerHarness::Options options;
    options.dialect = currentDialect();
    options.extensions = false;
    CREDITDESK_START_SERVER(server, options);
    const QString email = u"sync-fallback@example.com"_s;
    const QString token = server->createUserWithToken(email);
    QVERIFY(!token.isEmpty());
    QCOMPARE(
        server
            ->admin({u"generate-usage"_s, u"--email"_s, email, u"--rows"_s, u"1500"_s, u"--days"_s, u"30"_s})
            .exitCode,
        0);

    // The mirror ends with exactly the server's rows: every value the §7 list
    // sends, and NULL (no placeholder) in every column it does not.
    Client c(server->baseUrl(), token);
    sync::SyncResult result = c.sync();
    QVERIFY2(result.ok(), qPrintable(describe(result)));
    QVERIFY(result.fallback);
    QCOMPARE(result.usageRows, 1500);
    QStringList onServer = serverRowLines(*server, token, false);
    QCOMPARE(onServer.size(), 1500);
    QCOMPARE(mirrorRowLines(c.mirrorPath(), false), onServer);

    // 100 more rows, spread over the last day (mostly before the re-read
    // window): the pass goes on until the mirror has every row.
    QCOMPARE(server
                 ->admin({u"generate-usage"_s, u"--email"_s, email, u"--rows"_s, u"100"_s, u"--days"_s,
                          u"1"_s, u"--seed"_s, u"9"_s})
                 .exitCode,
             0);
    result = c.sync();
    QVERIFY2(result.ok(), qPrintable(describe(result)));
    QVERIFY(result.fallback);
    onServer = serverRowLines(*server, token, false);
    QCOMPARE(onServer.size(), 1600);
    QCOMPARE(mirrorRowLines(c.mirrorPath(), false), onServer);

    // Nothing new: only the re-read window is paged again.
    result = c.sync();
    QVERIFY2(result.ok(), qPrintable(describe(result)));
    QVERIFY(result.usageRows < 1600);
    QCOMPARE(mirrorRowLines(c.mirrorPath(), false), onServer);
}

void TestSyncEngineHttp::outboxReplaysDeactivationWhenServerReturns()
{
    ServerHarness::Options options;
    options.dialect = currentDialect();
    CREDITDESK_START_SERVER(server, options);
    const auto seeded =
        server->admin({u"seed-demo"_s, u"--email"_s, u"sync-outbox@example.com"_s, u"--rows"_s, u"0"_s});
    QCOMPARE(seeded.exitCode, 0);
    const QString token = seeded.output.value(u"access_token"_s).toString();
    const QString licenseKey = seeded.output.value(u"license_key"_s).toString();
    const QString activation = seeded.output.value(u"activation_id"_s).toString();

    Client c(server->baseUrl(), token);
    QVERIFY(c.sync().ok());
    sync::OutboxReplayer replayer(*c.client, *c.writer);

    // Offline: the deactivation is queued and stays pending.
    c.client->transport().setBaseUrl(closedPortUrl());
    const store::OutboxEntry entry = sync::outbox::deviceDeactivation(activation, {}, 1);
    QVERIFY(await<qint64>([&](auto cb) { replayer.enqueue(entry, nullptr, cb); }).has_value());
    QSignalSpy finished(&replayer, &sync::OutboxReplayer::finished);
    QVERIFY(replayer.replay());
    QVERIFY(finished.wait(60'000));
    auto result = finished.takeFirst().at(0).value<sync::ReplayResult>();
    QCOMPARE(result.stoppedBy->code, QString(api::errc::networkUnreachable));
    auto items = await<QList<store::OutboxItem>>([&](auto cb) { replayer.list(nullptr, cb); });
    QCOMPARE(items->size(), 1);
    QCOMPARE(items->at(0).state, store::OutboxState::Pending);
    QCOMPARE(server->get(u"/api/licenses/%1/devices"_s.arg(licenseKey))
                 .object()
                 .value(u"devices"_s)
                 .toArray()
                 .size(),
             2);

    // The attempt did reach the server after all, only its answer was lost
    // (sent here with the entry's key), and the server is reachable again: the
    // replay gets the first result instead of a refusal of a seat that is no
    // longer active.
    const HttpReply lost = server->request("DELETE", u"/api/licenses/activations/%1"_s.arg(activation), token,
                                           QJsonValue(QJsonValue::Undefined),
                                           {{"Idempotency-Key", entry.idempotencyKey.toLatin1()}});
    QCOMPARE(lost.status, 200);
    c.client->transport().setBaseUrl(server->baseUrl());
    QVERIFY(replayer.replay());
    QVERIFY(finished.wait(60'000));
    result = finished.takeFirst().at(0).value<sync::ReplayResult>();
    QVERIFY(result.ok());
    QCOMPARE(result.replayed, 1);
    QCOMPARE(result.failed, 0);
    QVERIFY(await<QList<store::OutboxItem>>([&](auto cb) { replayer.list(nullptr, cb); })->isEmpty());
    // The demo's other seat stays.
    QCOMPARE(server->get(u"/api/licenses/%1/devices"_s.arg(licenseKey))
                 .object()
                 .value(u"devices"_s)
                 .toArray()
                 .size(),
             1);
    {
        auto db = c.reader();
        store::LicenseRepository licenses(*db);
        const auto devices = licenses.devices(licenses.license().value()->id).value();
        const auto gone = std::find_if(devices.cbegin(), devices.cend(),
                                       [&](const store::Device &d) { return d.id == activation; });
        QVERIFY(gone != devices.cend());
        QCOMPARE(gone->status, u"deactivated"_s);
        const auto done = store::OutboxRepository(*db).list({store::OutboxState::Done}).value();
        QCOMPARE(done.size(), 1);
        QCOMPARE(done.at(0).idempotencyKey, entry.idempotencyKey);
    }

    // The same user action queued again is recognised as done: nothing is sent.
    QVERIFY(await<qint64>([&](auto cb) { replayer.enqueue(entry, nullptr, cb); }).has_value());
    QVERIFY(replayer.replay());
    QVERIFY(finished.wait(60'000));
    result = finished.takeFirst().at(0).value<sync::ReplayResult>();
    QVERIFY(result.ok());
    QCOMPARE(result.replayed + result.failed, 0);

    // A new action (a new key) on the inactive seat is refused for good, kept
    // as failed with the server's error, and can be dismissed.
    QVERIFY(await<qint64>([&](auto cb) {
                replayer.enqueue(sync::outbox::deviceDeactivation(activation, {}, 2), nullptr, cb);
            }).has_value());
    QVERIFY(replayer.replay());
    QVERIFY(finished.wait(60'000));
    result = finished.takeFirst().at(0).value<sync::ReplayResult>();
    QCOMPARE(result.failed, 1);
    items = await<QList<store::OutboxItem>>([&](auto cb) { replayer.list(nullptr, cb); });
    QCOMPARE(items->size(), 1);
    QCOMPARE(items->at(0).state, store::OutboxState::Failed);
    QCOMPARE(items->at(0).refusal->code, QString(api::errc::validationError));
    QVERIFY(await<void>([&](auto cb) { replayer.cancel(items->at(0).id, nullptr, cb); }).has_value());
    QVERIFY(await<QList<store::OutboxItem>>([&](auto cb) { replayer.list(nullptr, cb); })->isEmpty());
}

QTEST_GUILESS_MAIN(TestSyncEngineHttp)
#include "test_sync_engine_http.moc"

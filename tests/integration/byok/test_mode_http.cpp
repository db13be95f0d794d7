// The BYOK / cloud mode against a real creditdesk-server (SQLite and
// PostgreSQL): the mirror comes from a real sync, the certificate from a real
// activation verified with the server's pinned key (LicenseVerifier,
// CertificateStore, ClockGuard). A pro user is refused with
// byok_not_entitled; a pro_max user switches and the preference round-trips
// while every other preferencesMetadata key survives; a change made offline
// is replayed from the outbox.
#include "core/api/cloud_client.h"
#include "core/byok/mode_controller.h"
#include "core/domain/clock.h"
#include "core/licensing/certificate_store.h"
#include "core/licensing/clock_guard.h"
#include "core/licensing/license_verifier.h"
#include "core/licensing/pinned_keys.h"
#include "core/store/account_repository.h"
#include "core/store/license_repository.h"
#include "core/store/mirror_database.h"
#include "core/store/outbox_repository.h"
#include "core/sync/mirror_writer.h"
#include "core/sync/outbox_replayer.h"
#include "core/sync/sync_engine.h"
#include "tests/integration/api/api_test_support.h"
#include "tests/integration/http/server_harness.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::byok;
using namespace creditdesk::test;

namespace {

const QString kFingerprint = QString(64, u'c');

const QJsonObject kOtherKeys{{u"theme"_s, u"dark"_s},
                             {u"shortcuts"_s, QJsonObject{{u"send"_s, u"ctrl+enter"_s}}},
                             {u"creditdesk"_s, QJsonObject{{u"mode"_s, u"cloud"_s}, {u"tray"_s, true}}}};

QUrl closedPortUrl()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost))
        qFatal("no free port");
    const quint16 port = probe.serverPort();
    probe.close();
    return QUrl(u"http://127.0.0.1:%1"_s.arg(port));
}

QString describe(const Error &e)
{
    return e.code + u": "_s + e.message + u" "_s +
           QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact));
}

// A signed-in desktop client on a fresh profile: mirror, sync, licensing.
struct Desktop {
    QTemporaryDir profile;
    RecordedDelays delays;
    ScriptedTokens tokens;
    SystemClock clock;
    std::unique_ptr<api::CloudClient> client;
    std::unique_ptr<sync::MirrorWriter> writer;
    licensing::PinnedKeys keys;
    licensing::ClockGuard clockGuard{clock, profile.path()};
    licensing::CertificateStore certificates{profile.path(), clock};
    std::unique_ptr<licensing::LicenseVerifier> verifier;
    licensing::VerificationContext context;

    Desktop(const QUrl &baseUrl, const QString &token, const QString &userId, licensing::PinnedKeys pinned)
        : tokens(token)
        , keys(std::move(pinned))
    {
        api::TransportOptions options = testTransportOptions(baseUrl, delays, 30'000);
        options.retry.maxAttempts = 2;
        client = std::make_unique<api::CloudClient>(options, &tokens);
        writer = std::make_unique<sync::MirrorWriter>(profile.filePath(u"mirror.db"_s));
        verifier = std::make_unique<licensing::LicenseVerifier>(keys, clockGuard);
        context.machineFingerprint = kFingerprint;
        context.userId = userId;
    }

    // What a LicenseManager will hand the controller: the stored certificate, verified now.
    LicensingSource licensing()
    {
        return [this] {
            return snapshotOf(verifier->evaluateStored(certificates, context));
        };
    }

    Result<void> activate(const QString &licenseKey)
    {
        api::DeviceInfo device;
        device.fingerprint = kFingerprint;
        device.deviceName = u"byok-test"_s;
        auto activation = await<api::Activation>([&](auto cb) {
            client->activateLicense(licenseKey, device, api::IdempotencyKey(), nullptr, cb);
        });
        if (!activation)
            return std::unexpected(activation.error());
        if (!activation->certificate)
            return fail("test_no_certificate"_L1, u"the server sent no certificate"_s);
        auto state =
            verifier->install(certificates, *activation->certificate, activation->activationId, context);
        if (!state)
            return std::unexpected(state.error());
        return {};
    }

    sync::SyncResult syncOnce()
    {
        sync::SyncEngine engine(*client, *writer);
        QSignalSpy spy(&engine, &sync::SyncEngine::finished);
        if (!engine.start() || !spy.wait(120'000))
            qFatal("the sync did not finish");
        return spy.takeFirst().at(0).value<sync::SyncResult>();
    }

    std::unique_ptr<store::MirrorDatabase> reader()
    {
        writer->drain();
        auto db = store::MirrorDatabase::open(profile.filePath(u"mirror.db"_s));
        if (!db)
            qFatal("cannot open the mirror");
        return std::move(*db);
    }
};

struct Account {
    QString email;
    QString userId;
    QString token;
    QString licenseKey;
};

} // namespace

class TestModeHttp : public QObject {
    Q_OBJECT

private:
    // A user of `tier` with a perpetual license that does NOT enable BYOK, so
    // only the tier can: the activation still gives this device a certificate.
    Account makeAccount(ServerHarness &server, const QString &tier)
    {
        Account a;
        a.email = u"byok-%1-%2@example.com"_s.arg(tier, QUuid::createUuid().toString(QUuid::Id128).left(8));
        a.token = server.createUserWithToken(a.email, &a.userId);
        if (a.token.isEmpty())
            qFatal("cannot create a user");
        const auto sub = server.admin({u"set-subscription"_s, u"--email"_s, a.email, u"--tier"_s, tier,
                                       u"--status"_s, u"active"_s, u"--interval"_s, u"monthly"_s});
        if (sub.exitCode != 0)
            qFatal("set-subscription failed: %s", sub.standardError.constData());
        const auto license =
            server.admin({u"create-license"_s, u"--email"_s, a.email, u"--byok-enabled"_s, u"false"_s});
        if (license.exitCode != 0)
            qFatal("create-license failed: %s", license.standardError.constData());
        a.licenseKey = license.output.value(u"license_key"_s).toString();
        // Other settings the user keeps in preferencesMetadata.
        const HttpReply patched =
            server.request("PATCH", u"/v1/users/me/preferences"_s, a.token,
                           QJsonObject{{u"preferencesMetadata"_s, kOtherKeys}},
                           {{"Idempotency-Key", QUuid::createUuid().toByteArray(QUuid::WithoutBraces)}});
        if (patched.status != 200)
            qFatal("cannot set preferences: %d %s", patched.status, patched.body.constData());
        return a;
    }

    static licensing::PinnedKeys pinnedKeys(ServerHarness &server)
    {
        const auto exported = server.admin({u"export-public-key"_s});
        auto keys = licensing::PinnedKeys::fromJson(QJsonObject{{u"keys"_s, QJsonArray{exported.output}}});
        if (!keys)
            qFatal("cannot pin the server key");
        return *keys;
    }

    static QJsonObject serverMetadata(ServerHarness &server, const QString &token)
    {
        const HttpReply reply = server.get(u"/v1/users/me/preferences"_s, token);
        if (reply.status != 200)
            qFatal("cannot read preferences");
        return reply.object().value(u"preferencesMetadata"_s).toObject();
    }

private slots:
    void initTestCase_data() { addDialectRows(); }

    void proUserIsRefused()
    {
        ServerHarness::Options options;
        options.dialect = currentDialect();
        CREDITDESK_START_SERVER(server, options);
        const Account a = makeAccount(*server, u"pro"_s);
        Desktop d(server->baseUrl(), a.token, a.userId, pinnedKeys(*server));
        QVERIFY(d.activate(a.licenseKey));
        const sync::SyncResult synced = d.syncOnce();
        QVERIFY2(synced.ok(), qPrintable(synced.ok() ? QString() : describe(*synced.error)));

        ModeController controller(*d.client, *d.writer, d.licensing());
        QCOMPARE(await<Mode>([&](auto cb) { controller.load(nullptr, cb); }).value(), Mode::Cloud);
        QSignalSpy changed(&controller, &ModeController::modeChanged);
        auto refused = await<ModeChange>([&](auto cb) { controller.setMode(Mode::Byok, nullptr, cb); });
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, u"byok_not_entitled"_s);
        QCOMPARE(refused.error().details.value(u"reason"_s).toString(), u"tier_without_byok"_s);
        QCOMPARE(refused.error().details.value(u"reasons"_s).toArray(),
                 (QJsonArray{u"tier_without_byok"_s, u"license_byok_disabled"_s}));
        QCOMPARE(refused.error().details.value(u"tier"_s).toString(), u"pro"_s);
        QCOMPARE(refused.error().details.value(u"has_certificate"_s).toBool(), true);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(controller.mode(), Mode::Cloud);
        // Nothing was written anywhere.
        QCOMPARE(serverMetadata(*server, a.token), kOtherKeys);
        QCOMPARE(store::OutboxRepository(*d.reader()).count(store::OutboxState::Pending).value(), 0);
    }

    void proMaxUserSwitchesAndKeepsOtherKeys()
    {
        ServerHarness::Options options;
        options.dialect = currentDialect();
        CREDITDESK_START_SERVER(server, options);
        const Account a = makeAccount(*server, u"pro_max"_s);
        Desktop d(server->baseUrl(), a.token, a.userId, pinnedKeys(*server));

        // Before a sync the mirror knows no subscription: nothing entitles.
        {
            ModeController early(*d.client, *d.writer, d.licensing());
            auto refused = await<ByokSource>([&](auto cb) { early.checkByok(nullptr, cb); });
            QCOMPARE(refused.error().code, u"byok_not_entitled"_s);
            QCOMPARE(refused.error().details.value(u"reason"_s).toString(), u"tier_without_byok"_s);
        }
        // The server's confirmation of pro_max entitles, without a license
        // certificate on this device (domain-rules §9 Decision).
        QVERIFY(d.syncOnce().ok());
        {
            ModeController confirmed(*d.client, *d.writer, d.licensing());
            auto allowed = await<ByokSource>([&](auto cb) { confirmed.checkByok(nullptr, cb); });
            QVERIFY2(allowed, qPrintable(allowed ? QString() : describe(allowed.error())));
            QCOMPARE(*allowed, ByokSource::Subscription);
        }
        QVERIFY(d.activate(a.licenseKey));
        QVERIFY(d.syncOnce().ok());

        ModeController controller(*d.client, *d.writer, d.licensing());
        QSignalSpy changed(&controller, &ModeController::modeChanged);
        auto switched = await<ModeChange>([&](auto cb) { controller.setMode(Mode::Byok, nullptr, cb); });
        QVERIFY2(switched, qPrintable(switched ? QString() : describe(switched.error())));
        QCOMPARE(switched->mode, Mode::Byok);
        QVERIFY(!switched->queued);
        QCOMPARE(switched->source, std::optional<ByokSource>(ByokSource::Subscription));
        QCOMPARE(changed.count(), 1);

        // On the server: the mode changed, everything else is as it was.
        QJsonObject expected = kOtherKeys;
        expected.insert(u"creditdesk"_s, QJsonObject{{u"mode"_s, u"byok"_s}, {u"tray"_s, true}});
        QCOMPARE(serverMetadata(*server, a.token), expected);
        // In the mirror at once, and still after the next sync.
        QCOMPARE(store::AccountRepository(*d.reader()).preferences().value()->preferencesMetadata,
                 std::optional<QJsonObject>(expected));
        QVERIFY(d.syncOnce().ok());
        {
            ModeController restarted(*d.client, *d.writer);
            QCOMPARE(await<Mode>([&](auto cb) { restarted.load(nullptr, cb); }).value(), Mode::Byok);
            QCOMPARE(await<Mode>([&](auto cb) { restarted.refresh(nullptr, cb); }).value(), Mode::Byok);
        }

        // And back to cloud.
        auto back = await<ModeChange>([&](auto cb) { controller.setMode(Mode::Cloud, nullptr, cb); });
        QVERIFY(back);
        QCOMPARE(back->mode, Mode::Cloud);
        QCOMPARE(changed.count(), 2);
        expected.insert(u"creditdesk"_s, QJsonObject{{u"mode"_s, u"cloud"_s}, {u"tray"_s, true}});
        QCOMPARE(serverMetadata(*server, a.token), expected);
    }

    void offlineChangeIsReplayed()
    {
        ServerHarness::Options options;
        options.dialect = currentDialect();
        CREDITDESK_START_SERVER(server, options);
        const Account a = makeAccount(*server, u"pro_max"_s);
        Desktop d(server->baseUrl(), a.token, a.userId, pinnedKeys(*server));
        QVERIFY(d.activate(a.licenseKey));
        QVERIFY(d.syncOnce().ok());

        // The same profile, while the server cannot be reached.
        RecordedDelays delays;
        api::TransportOptions offlineOptions = testTransportOptions(closedPortUrl(), delays);
        offlineOptions.retry.maxAttempts = 1;
        ScriptedTokens tokens(a.token);
        api::CloudClient offline(offlineOptions, &tokens);
        ModeController controller(offline, *d.writer, d.licensing());
        auto queued = await<ModeChange>([&](auto cb) { controller.setMode(Mode::Byok, nullptr, cb); });
        QVERIFY2(queued, qPrintable(queued ? QString() : describe(queued.error())));
        QVERIFY(queued->queued);
        QCOMPARE(controller.mode(), Mode::Byok);
        QCOMPARE(serverMetadata(*server, a.token), kOtherKeys); // not there yet

        // Back online: the outbox replays the change with its Idempotency-Key.
        sync::OutboxReplayer replayer(*d.client, *d.writer);
        QSignalSpy finished(&replayer, &sync::OutboxReplayer::finished);
        QVERIFY(replayer.replay());
        QVERIFY(finished.wait(60'000));
        const auto result = finished.takeFirst().at(0).value<sync::ReplayResult>();
        QVERIFY(result.ok());
        QCOMPARE(result.replayed, 1);
        QJsonObject expected = kOtherKeys;
        expected.insert(u"creditdesk"_s, QJsonObject{{u"mode"_s, u"byok"_s}, {u"tray"_s, true}});
        QCOMPARE(serverMetadata(*server, a.token), expected);
        QCOMPARE(store::OutboxRepository(*d.reader()).count(store::OutboxState::Pending).value(), 0);
    }
};

QTEST_GUILESS_MAIN(TestModeHttp)
#include "test_mode_http.moc"

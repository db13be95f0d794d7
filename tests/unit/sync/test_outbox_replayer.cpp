// OutboxReplayer against a scripted cloud: order, stored Idempotency-Keys,
// permanent refusals kept as failed, network errors kept pending.
#include "core/api/api_errors.h"
#include "core/store/account_repository.h"
#include "core/store/license_repository.h"
#include "core/store/mirror_errors.h"
#include "core/store/outbox_repository.h"
#include "core/sync/outbox_entries.h"
#include "core/sync/outbox_replayer.h"
#include "core/sync/sync_errors.h"
#include "tests/unit/sync/sync_test_support.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::test;
using Reply = HostileServer::Reply;

namespace {

struct Fixture : SyncFixture {
    sync::OutboxReplayer replayer{*client, *writer};

    qint64 enqueue(const store::OutboxEntry &entry)
    {
        auto id = await<qint64>([&](auto cb) { replayer.enqueue(entry, nullptr, cb); });
        if (!id)
            qFatal("enqueue failed: %s", qPrintable(id.error().message));
        return *id;
    }

    QList<store::OutboxItem> items()
    {
        auto list = await<QList<store::OutboxItem>>([&](auto cb) { replayer.list(nullptr, cb); });
        if (!list)
            qFatal("list failed");
        return *list;
    }

    sync::ReplayResult replay()
    {
        QSignalSpy spy(&replayer, &sync::OutboxReplayer::finished);
        if (!replayer.replay() || !spy.wait(30'000))
            qFatal("the replay did not finish");
        return spy.takeFirst().at(0).value<sync::ReplayResult>();
    }

    // Mutating requests the cloud received, as "METHOD path".
    QStringList actions() const
    {
        QStringList out;
        for (const auto &r : cloud.server.requests()) {
            if (r.method != "GET")
                out.append(QString::fromLatin1(r.method) + u' ' + r.path());
        }
        return out;
    }

    QList<QByteArray> keysSent() const
    {
        QList<QByteArray> out;
        for (const auto &r : cloud.server.requests()) {
            if (r.method != "GET")
                out.append(r.header("idempotency-key"));
        }
        return out;
    }
};

api::PreferencesPatch modeSwitch(const QString &mode)
{
    api::PreferencesPatch patch;
    patch.metadata = QJsonObject{{u"creditdesk"_s, QJsonObject{{u"mode"_s, mode}}}};
    return patch;
}

} // namespace

class TestOutboxReplayer : public QObject {
    Q_OBJECT

private slots:
    void replaysInOrderWithStoredKeys();
    void acceptedResultsReachTheMirror();
    void permanentRefusalIsKeptAsFailed();
    void networkErrorKeepsTheEntryPending();
    void cancelledEntriesAreNotSent();
    void unknownKindFails();
};

void TestOutboxReplayer::replaysInOrderWithStoredKeys()
{
    Fixture f;
    const store::OutboxEntry a = sync::outbox::preferencesChange(modeSwitch(u"byok"_s), {}, 1);
    const store::OutboxEntry b = sync::outbox::defaultModelChange(u"claude-sonnet-4.5"_s, {}, 2);
    const store::OutboxEntry c =
        sync::outbox::deviceDeactivation(u"9d1e0a2b-0000-4000-8000-000000000001"_s, {}, 3);
    f.enqueue(a);
    f.enqueue(b);
    f.enqueue(c);
    QCOMPARE(f.enqueue(a), f.items().at(0).id); // the same action twice is queued once
    QCOMPARE(f.items().size(), 3);

    QSignalSpy replayed(&f.replayer, &sync::OutboxReplayer::replayed);
    const sync::ReplayResult result = f.replay();
    QVERIFY(result.ok());
    QCOMPARE(result.replayed, 3);
    QCOMPARE(result.failed, 0);
    QCOMPARE(replayed.size(), 3);
    QCOMPARE(f.actions(),
             (QStringList{u"PATCH /v1/users/me/preferences"_s, u"POST /v1/users/me/preferences/model"_s,
                          u"DELETE /api/licenses/activations/9d1e0a2b-0000-4000-8000-000000000001"_s}));
    QCOMPARE(f.keysSent(), (QList<QByteArray>{a.idempotencyKey.toLatin1(), b.idempotencyKey.toLatin1(),
                                              c.idempotencyKey.toLatin1()}));
    const QJsonObject body = QJsonDocument::fromJson(f.cloud.server.requests().at(0).body).object();
    QCOMPARE(body.value(u"preferencesMetadata"_s).toObject(), *modeSwitch(u"byok"_s).metadata);
    QVERIFY(f.items().isEmpty());

    // Done entries keep their key: the same action again is recognised and not sent.
    f.cloud.server.clearRequests();
    const qint64 again = f.enqueue(a);
    QVERIFY(f.items().isEmpty());
    const sync::ReplayResult second = f.replay();
    QVERIFY(second.ok());
    QCOMPARE(second.replayed, 0);
    QVERIFY(f.actions().isEmpty());
    const auto cancelDone = await<void>([&](auto cb) { f.replayer.cancel(again, nullptr, cb); });
    QCOMPARE(cancelDone.error().code, QString(store::errc::mirrorNotFound));
}

void TestOutboxReplayer::acceptedResultsReachTheMirror()
{
    Fixture f;
    QVERIFY(f.sync().ok()); // a profile to attach preferences to
    f.enqueue(sync::outbox::preferencesChange(modeSwitch(u"cloud"_s), {}, 1));
    QVERIFY(f.replay().ok());
    const auto prefs = store::AccountRepository(f.reader()).preferences().value();
    QVERIFY(prefs);
    QCOMPARE(prefs->preferencesMetadata, modeSwitch(u"cloud"_s).metadata);
    QCOMPARE(prefs->emailNotifications, std::optional<bool>(true)); // kept from the profile sync
}

void TestOutboxReplayer::permanentRefusalIsKeptAsFailed()
{
    Fixture f;
    const store::OutboxEntry seat =
        sync::outbox::deviceDeactivation(u"00000000-0000-4000-8000-0000000000ff"_s, {}, 1);
    f.enqueue(seat);
    f.enqueue(sync::outbox::defaultModelChange(u"gpt-4o"_s, {}, 2));
    f.cloud.intercept = [](const HostileServer::Request &r) -> std::optional<Reply> {
        if (r.method == "DELETE")
            return Reply::json(404, R"({"error":{"code":"activation_not_found","message":"no such seat"}})");
        return std::nullopt;
    };
    QSignalSpy failed(&f.replayer, &sync::OutboxReplayer::failed);
    sync::ReplayResult result = f.replay();
    QVERIFY(result.ok());
    QCOMPARE(result.failed, 1);
    QCOMPARE(result.replayed, 1);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(2).value<Error>().code, QString(api::errc::activationNotFound));

    const auto items = f.items();
    QCOMPARE(items.size(), 1);
    QCOMPARE(items.at(0).idempotencyKey, seat.idempotencyKey);
    QCOMPARE(items.at(0).state, store::OutboxState::Failed);
    QCOMPARE(items.at(0).refusal->code, QString(api::errc::activationNotFound));
    QVERIFY(items.at(0).refusal->message.contains(u"no such seat"_s));
    QCOMPARE(items.at(0).attempts, 1);

    // A failed entry is not sent again; the user may remove it.
    f.cloud.server.clearRequests();
    result = f.replay();
    QVERIFY(result.ok());
    QCOMPARE(result.replayed + result.failed, 0);
    QCOMPARE(f.cloud.server.requestCount(), 0);
    QVERIFY(await<void>([&](auto cb) { f.replayer.cancel(items.at(0).id, nullptr, cb); }).has_value());
    QVERIFY(f.items().isEmpty());
}

void TestOutboxReplayer::networkErrorKeepsTheEntryPending()
{
    Fixture f;
    const store::OutboxEntry seat =
        sync::outbox::deviceDeactivation(u"00000000-0000-4000-8000-000000000001"_s, {}, 1);
    f.enqueue(seat);
    f.client->transport().setBaseUrl(closedPortUrl());
    sync::ReplayResult result = f.replay();
    QVERIFY(!result.ok());
    QCOMPARE(result.stoppedBy->code, QString(api::errc::networkUnreachable));
    auto items = f.items();
    QCOMPARE(items.size(), 1);
    QCOMPARE(items.at(0).state, store::OutboxState::Pending);
    QCOMPARE(items.at(0).attempts, 1);
    QCOMPARE(items.at(0).lastAttemptError, QString(api::errc::networkUnreachable));
    QVERIFY(items.at(0).lastAttemptAtMs.has_value());

    // The network returns: the same action, with the same key.
    f.client->transport().setBaseUrl(f.cloud.server.baseUrl());
    result = f.replay();
    QVERIFY(result.ok());
    QCOMPARE(result.replayed, 1);
    QCOMPARE(f.keysSent(), QList<QByteArray>{seat.idempotencyKey.toLatin1()});
    QVERIFY(f.items().isEmpty());
}

void TestOutboxReplayer::cancelledEntriesAreNotSent()
{
    Fixture f;
    const qint64 first =
        f.enqueue(sync::outbox::deviceDeactivation(u"00000000-0000-4000-8000-000000000001"_s, {}, 1));
    f.enqueue(sync::outbox::deviceDeactivation(u"00000000-0000-4000-8000-000000000002"_s, {}, 2));
    QVERIFY(await<void>([&](auto cb) { f.replayer.cancel(first, nullptr, cb); }).has_value());
    QCOMPARE(f.replay().replayed, 1);
    QCOMPARE(f.actions(),
             QStringList{u"DELETE /api/licenses/activations/00000000-0000-4000-8000-000000000002"_s});

    // Cancelling the entry being replayed aborts its call; the replay goes on.
    const qint64 hung =
        f.enqueue(sync::outbox::deviceDeactivation(u"00000000-0000-4000-8000-000000000003"_s, {}, 3));
    f.enqueue(sync::outbox::deviceDeactivation(u"00000000-0000-4000-8000-000000000004"_s, {}, 4));
    f.cloud.intercept = [](const HostileServer::Request &r) -> std::optional<Reply> {
        if (r.path().endsWith("-000000000003"_L1))
            return Reply::of(HostileServer::Behaviour::Hang);
        return std::nullopt;
    };
    QSignalSpy finished(&f.replayer, &sync::OutboxReplayer::finished);
    QVERIFY(f.replayer.replay());
    QVERIFY(QTest::qWaitFor([&] { return f.actions().size() == 2; }));
    f.replayer.cancel(hung, nullptr, [](Result<void>) {});
    QVERIFY(finished.wait(30'000));
    QCOMPARE(finished.at(0).at(0).value<sync::ReplayResult>().replayed, 1);
    QCOMPARE(f.actions().constLast(),
             u"DELETE /api/licenses/activations/00000000-0000-4000-8000-000000000004"_s);
    QVERIFY(f.items().isEmpty());
}

void TestOutboxReplayer::unknownKindFails()
{
    Fixture f;
    store::OutboxEntry rename;
    rename.kind = u"device.rename"_s;
    rename.payload = QJsonObject{{u"name"_s, u"Laptop"_s}};
    rename.idempotencyKey = api::IdempotencyKey::generate().toString();
    f.enqueue(rename);
    const sync::ReplayResult result = f.replay();
    QVERIFY(result.ok());
    QCOMPARE(result.failed, 1);
    QCOMPARE(f.items().at(0).state, store::OutboxState::Failed);
    QCOMPARE(f.items().at(0).refusal->code, QString(sync::errc::unknownOutboxKind));
    QCOMPARE(f.cloud.server.requestCount(), 0);
}

QTEST_GUILESS_MAIN(TestOutboxReplayer)
#include "test_outbox_replayer.moc"

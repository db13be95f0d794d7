#include "core/store/mirror_database.h"
#include "core/store/mirror_errors.h"
#include "core/store/outbox_repository.h"
#include "tests/unit/store/mirror_test_util.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using creditdesk::Error;
using creditdesk::makeError;
using namespace creditdesk::store;
using namespace creditdesk::store::test;

// The outbox: ordered, idempotent by key, with a state per entry (pending,
// failed with the server's refusal, done), cancellable, and persistent.
class TestMirrorOutbox : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void entriesComeBackInOrder();
    void sameIdempotencyKeyIsQueuedOnce();
    void attemptsWithoutVerdictKeepTheEntryPending();
    void refusedEntriesAreFailedWithTheirError();
    void doneEntriesLeaveTheQueueButKeepTheirKey();
    void pendingAndFailedEntriesCanBeCancelled();
    void doneEntriesArePrunedByAge();
    void unknownIdsAreNotFound();
    void survivesRestart();
    void failedWritesLeaveNothing();

private:
    static OutboxEntry entry(int n);
    QString path() const { return m_dir->filePath(u"mirror.db"_s); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MirrorDatabase> m_db;
};

void TestMirrorOutbox::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = openOrFail(path());
    QVERIFY(m_db);
}

void TestMirrorOutbox::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

OutboxEntry TestMirrorOutbox::entry(int n)
{
    return {u"update_preferences"_s, QJsonObject{{u"maxTokens"_s, 1000 + n}},
            u"00000000-0000-4000-8000-%1"_s.arg(n, 12, 10, QChar(u'0')), kJan15 + n};
}

void TestMirrorOutbox::entriesComeBackInOrder()
{
    OutboxRepository outbox(*m_db);
    QVERIFY(!*outbox.nextPending());
    QList<qint64> ids;
    for (int n = 0; n < 5; ++n) {
        auto id = outbox.enqueue(entry(n));
        QVERIFY(id);
        ids.append(*id);
    }
    auto listed = outbox.list();
    QVERIFY(listed);
    QCOMPARE(listed->size(), 5);
    for (int n = 0; n < 5; ++n) {
        const OutboxItem &item = listed->at(n);
        QCOMPARE(item.id, ids.at(n));
        QCOMPARE(item.kind, u"update_preferences"_s);
        QCOMPARE(item.payload, entry(n).payload);
        QCOMPARE(item.idempotencyKey, entry(n).idempotencyKey);
        QCOMPARE(item.createdAtMs, kJan15 + n);
        QCOMPARE(item.state, OutboxState::Pending);
        QCOMPARE(item.attempts, 0);
        QVERIFY(!item.lastAttemptAtMs && !item.refusal && !item.doneAtMs);
    }
    QCOMPARE((*outbox.nextPending())->id, ids.first());
    QCOMPARE(outbox.list({OutboxState::Pending}, 2)->size(), 2);
    QCOMPARE(*outbox.item(ids.at(2)), std::optional<OutboxItem>(listed->at(2)));
    QVERIFY(!*outbox.item(9999));
    QCOMPARE(outbox.list({OutboxState::Pending}, 0).error().code, QString(creditdesk::errc::invalidArgument));
    QCOMPARE(outbox.list({OutboxState::Pending}, 10'001).error().code,
             QString(creditdesk::errc::invalidArgument));
    QVERIFY(outbox.list({})->isEmpty());
}

void TestMirrorOutbox::sameIdempotencyKeyIsQueuedOnce()
{
    OutboxRepository outbox(*m_db);
    const auto first = outbox.enqueue(entry(1));
    QVERIFY(first);
    OutboxEntry again = entry(1);
    again.createdAtMs += 1000;
    const auto second = outbox.enqueue(again);
    QVERIFY(second);
    QCOMPARE(*second, *first);
    QCOMPARE(*outbox.count(OutboxState::Pending), qint64{1});
    QCOMPARE((*outbox.nextPending())->createdAtMs, entry(1).createdAtMs);
}

void TestMirrorOutbox::attemptsWithoutVerdictKeepTheEntryPending()
{
    OutboxRepository outbox(*m_db);
    const qint64 a = *outbox.enqueue(entry(1));
    const qint64 b = *outbox.enqueue(entry(2));
    QVERIFY(outbox.recordAttempt(a, u"service_unavailable"_s, kJan15 + 100));
    QVERIFY(outbox.recordAttempt(a, u"network_unreachable"_s, kJan15 + 200));
    const auto head = *outbox.nextPending();
    QVERIFY(head);
    QCOMPARE(head->id, a); // still first: replay order never changes
    QCOMPARE(head->state, OutboxState::Pending);
    QCOMPARE(head->attempts, 2);
    QCOMPARE(head->lastAttemptError, u"network_unreachable"_s);
    QCOMPARE(head->lastAttemptAtMs, std::optional<qint64>(kJan15 + 200));
    QVERIFY(!head->refusal);
    QCOMPARE(outbox.list()->at(1).id, b);
}

void TestMirrorOutbox::refusedEntriesAreFailedWithTheirError()
{
    OutboxRepository outbox(*m_db);
    const qint64 a = *outbox.enqueue(entry(1));
    const qint64 b = *outbox.enqueue(entry(2));
    QVERIFY(outbox.recordAttempt(a, u"timeout"_s, kJan15 + 50));
    const Error refusal = makeError("activation_not_found"_L1, u"no such seat"_s, {{u"id"_s, u"seat-9"_s}});
    QVERIFY(outbox.markRefused(a, refusal, kJan15 + 100));

    const auto failed = **outbox.item(a);
    QCOMPARE(failed.state, OutboxState::Failed);
    QCOMPARE(failed.refusal, std::optional<Error>(refusal));
    QCOMPARE(failed.attempts, 2);
    QCOMPARE(failed.lastAttemptAtMs, std::optional<qint64>(kJan15 + 100));
    // The next pending entry is the one after it; both are listed for the user.
    QCOMPARE((*outbox.nextPending())->id, b);
    QCOMPARE(outbox.list()->size(), 2);
    QCOMPARE(outbox.list({OutboxState::Failed})->constFirst().id, a);

    // Only a pending entry can be refused or attempted.
    QCOMPARE(outbox.markRefused(a, refusal, kJan15).error().code, QString(errc::mirrorNotFound));
    QCOMPARE(outbox.recordAttempt(a, u"timeout"_s, kJan15).error().code, QString(errc::mirrorNotFound));

    // The mirror refuses a failed state without its error (and the reverse).
    QVERIFY(!m_db->write(u"UPDATE outbox SET state = 'failed' WHERE id = ?"_s, {b}));
    QVERIFY(!m_db->write(u"UPDATE outbox SET refusal = '{}' WHERE id = ?"_s, {b}));
    QVERIFY(!m_db->write(u"UPDATE outbox SET state = 'lost' WHERE id = ?"_s, {b}));
}

void TestMirrorOutbox::doneEntriesLeaveTheQueueButKeepTheirKey()
{
    OutboxRepository outbox(*m_db);
    const qint64 a = *outbox.enqueue(entry(1));
    const qint64 b = *outbox.enqueue(entry(2));
    QVERIFY(outbox.markDone(a, kJan15 + 500));
    QVERIFY(outbox.markDone(a, kJan15 + 900)); // a repeated acknowledgement changes nothing
    const auto done = **outbox.item(a);
    QCOMPARE(done.state, OutboxState::Done);
    QCOMPARE(done.doneAtMs, std::optional<qint64>(kJan15 + 500));
    QCOMPARE((*outbox.nextPending())->id, b);
    QCOMPARE(outbox.list()->size(), 1);
    QCOMPARE(outbox.list({OutboxState::Done})->constFirst().id, a);

    // The same user action again is recognised, not queued a second time.
    QCOMPARE(*outbox.enqueue(entry(1)), a);
    QCOMPARE(*outbox.count(OutboxState::Pending), qint64{1});

    // An entry cancelled while it was sent: its late acknowledgement is harmless.
    QVERIFY(outbox.cancel(b));
    QVERIFY(outbox.markDone(b, kJan15 + 600));
    QVERIFY(!*outbox.item(b));
    // Ids are never reused, so a late acknowledgement cannot hit a new entry.
    QVERIFY(*outbox.enqueue(entry(3)) > b);
}

void TestMirrorOutbox::pendingAndFailedEntriesCanBeCancelled()
{
    OutboxRepository outbox(*m_db);
    const qint64 pending = *outbox.enqueue(entry(1));
    const qint64 failed = *outbox.enqueue(entry(2));
    const qint64 done = *outbox.enqueue(entry(3));
    QVERIFY(outbox.markRefused(failed, makeError("validation_error"_L1, u"bad"_s), kJan15));
    QVERIFY(outbox.markDone(done, kJan15));

    QVERIFY(outbox.cancel(pending));
    QVERIFY(outbox.cancel(failed));
    auto notCancellable = outbox.cancel(done);
    QVERIFY(!notCancellable);
    QCOMPARE(notCancellable.error().code, QString(errc::mirrorNotFound));
    QCOMPARE(outbox.cancel(pending).error().code, QString(errc::mirrorNotFound));
    QVERIFY(outbox.list()->isEmpty());
    QCOMPARE((**outbox.item(done)).state, OutboxState::Done);
}

void TestMirrorOutbox::doneEntriesArePrunedByAge()
{
    OutboxRepository outbox(*m_db);
    const qint64 old = *outbox.enqueue(entry(1));
    const qint64 recent = *outbox.enqueue(entry(2));
    const qint64 pending = *outbox.enqueue(entry(3));
    QVERIFY(outbox.markDone(old, kJan15));
    QVERIFY(outbox.markDone(recent, kJan15 + kDay));
    QCOMPARE(*outbox.pruneDone(kJan15 + 1), qint64{1});
    QVERIFY(!*outbox.item(old));
    QVERIFY(*outbox.item(recent));
    QVERIFY(*outbox.item(pending));
    QCOMPARE(*outbox.pruneDone(kJan15 + 1), qint64{0});
}

void TestMirrorOutbox::unknownIdsAreNotFound()
{
    OutboxRepository outbox(*m_db);
    QCOMPARE(outbox.recordAttempt(12345, u"x"_s, kJan15).error().code, QString(errc::mirrorNotFound));
    QCOMPARE(outbox.markRefused(12345, makeError("x"_L1, u"x"_s), kJan15).error().code,
             QString(errc::mirrorNotFound));
    QCOMPARE(outbox.cancel(12345).error().code, QString(errc::mirrorNotFound));
    QVERIFY(outbox.markDone(12345, kJan15));
}

void TestMirrorOutbox::survivesRestart()
{
    const Error refusal = makeError("conflict"_L1, u"taken"_s, {{u"field"_s, u"username"_s}});
    {
        OutboxRepository outbox(*m_db);
        QVERIFY(outbox.enqueue(entry(1)));
        QVERIFY(outbox.enqueue(entry(2)));
        QVERIFY(outbox.recordAttempt(*outbox.enqueue(entry(1)), u"timeout"_s, kJan15));
        QVERIFY(outbox.markRefused(*outbox.enqueue(entry(2)), refusal, kJan15));
    }
    m_db.reset();
    m_db = openOrFail(path());
    QVERIFY(m_db);
    OutboxRepository outbox(*m_db);
    auto listed = outbox.list();
    QVERIFY(listed);
    QCOMPARE(listed->size(), 2);
    QCOMPARE(listed->at(0).idempotencyKey, entry(1).idempotencyKey);
    QCOMPARE(listed->at(0).state, OutboxState::Pending);
    QCOMPARE(listed->at(0).attempts, 1);
    QCOMPARE(listed->at(1).payload, entry(2).payload);
    QCOMPARE(listed->at(1).state, OutboxState::Failed);
    QCOMPARE(listed->at(1).refusal, std::optional<Error>(refusal));
}

void TestMirrorOutbox::failedWritesLeaveNothing()
{
    OutboxRepository outbox(*m_db);
    OutboxEntry noKey = entry(1);
    noKey.idempotencyKey.clear();
    auto refused = outbox.enqueue(noKey);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, QString(errc::mirrorConstraintViolation));
    m_db->failNthWrite(1);
    auto failed = outbox.enqueue(entry(2));
    QVERIFY(!failed);
    QCOMPARE(failed.error().code, QString(errc::mirrorIoError));
    QCOMPARE(*outbox.count(OutboxState::Pending), qint64{0});

    const qint64 id = *outbox.enqueue(entry(3));
    m_db->failNthWrite(1);
    QCOMPARE(outbox.markRefused(id, makeError("x"_L1, u"x"_s), kJan15).error().code,
             QString(errc::mirrorIoError));
    QCOMPARE((**outbox.item(id)).state, OutboxState::Pending);
    m_db->failNthWrite(1);
    QCOMPARE(outbox.cancel(id).error().code, QString(errc::mirrorIoError));
    QVERIFY(*outbox.item(id));
}

QTEST_GUILESS_MAIN(TestMirrorOutbox)
#include "test_mirror_outbox.moc"

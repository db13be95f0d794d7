#include "core/store/mirror_database.h"
#include "core/store/mirror_errors.h"
#include "core/store/outbox_repository.h"
#include "tests/unit/store/mirror_test_util.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk::store;
using namespace creditdesk::store::test;

// The outbox: ordered, idempotent by key, failures counted in place, and
// persistent across restarts.
class TestMirrorOutbox : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void entriesComeBackInOrder();
    void sameIdempotencyKeyIsQueuedOnce();
    void failedAttemptsAreCountedInPlace();
    void doneEntriesLeave();
    void unknownIdIsNotFound();
    void survivesRestart();
    void failedEnqueueLeavesNothing();

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
    QVERIFY(!*outbox.peek());
    QList<qint64> ids;
    for (int n = 0; n < 5; ++n) {
        auto id = outbox.enqueue(entry(n));
        QVERIFY(id);
        ids.append(*id);
    }
    auto pending = outbox.pending();
    QVERIFY(pending);
    QCOMPARE(pending->size(), 5);
    for (int n = 0; n < 5; ++n) {
        const OutboxItem &item = pending->at(n);
        QCOMPARE(item.id, ids.at(n));
        QCOMPARE(item.kind, u"update_preferences"_s);
        QCOMPARE(item.payload, entry(n).payload);
        QCOMPARE(item.idempotencyKey, entry(n).idempotencyKey);
        QCOMPARE(item.createdAtMs, kJan15 + n);
        QCOMPARE(item.attempts, 0);
        QVERIFY(!item.lastAttemptAtMs);
    }
    QCOMPARE((*outbox.peek())->id, ids.first());
    QCOMPARE(outbox.pending(2)->size(), 2);
    QCOMPARE(outbox.pending(0).error().code, QString(creditdesk::errc::invalidArgument));
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
    QCOMPARE(*outbox.count(), qint64{1});
    QCOMPARE((*outbox.peek())->createdAtMs, entry(1).createdAtMs);
}

void TestMirrorOutbox::failedAttemptsAreCountedInPlace()
{
    OutboxRepository outbox(*m_db);
    const qint64 a = *outbox.enqueue(entry(1));
    const qint64 b = *outbox.enqueue(entry(2));
    QVERIFY(outbox.markFailed(a, u"service_unavailable"_s, kJan15 + 100));
    QVERIFY(outbox.markFailed(a, u"rate_limit_exceeded"_s, kJan15 + 200));
    const auto head = *outbox.peek();
    QVERIFY(head);
    QCOMPARE(head->id, a); // still first: replay order never changes
    QCOMPARE(head->attempts, 2);
    QCOMPARE(head->lastError, u"rate_limit_exceeded"_s);
    QCOMPARE(head->lastAttemptAtMs, std::optional<qint64>(kJan15 + 200));
    QCOMPARE(outbox.pending()->at(1).id, b);
}

void TestMirrorOutbox::doneEntriesLeave()
{
    OutboxRepository outbox(*m_db);
    const qint64 a = *outbox.enqueue(entry(1));
    const qint64 b = *outbox.enqueue(entry(2));
    QVERIFY(outbox.markDone(a));
    QVERIFY(outbox.markDone(a)); // a replayed acknowledgement is harmless
    QCOMPARE((*outbox.peek())->id, b);
    QVERIFY(outbox.markDone(b));
    QVERIFY(!*outbox.peek());
    // Ids are never reused, so a late acknowledgement cannot hit a new entry.
    QVERIFY(*outbox.enqueue(entry(3)) > b);
}

void TestMirrorOutbox::unknownIdIsNotFound()
{
    OutboxRepository outbox(*m_db);
    auto missing = outbox.markFailed(12345, u"x"_s, kJan15);
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, QString(errc::mirrorNotFound));
}

void TestMirrorOutbox::survivesRestart()
{
    {
        OutboxRepository outbox(*m_db);
        QVERIFY(outbox.enqueue(entry(1)));
        QVERIFY(outbox.enqueue(entry(2)));
        QVERIFY(outbox.markFailed(*outbox.enqueue(entry(1)), u"offline"_s, kJan15));
    }
    m_db.reset();
    m_db = openOrFail(path());
    QVERIFY(m_db);
    OutboxRepository outbox(*m_db);
    auto pending = outbox.pending();
    QVERIFY(pending);
    QCOMPARE(pending->size(), 2);
    QCOMPARE(pending->at(0).idempotencyKey, entry(1).idempotencyKey);
    QCOMPARE(pending->at(0).attempts, 1);
    QCOMPARE(pending->at(1).payload, entry(2).payload);
}

void TestMirrorOutbox::failedEnqueueLeavesNothing()
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
    QCOMPARE(*outbox.count(), qint64{0});
}

QTEST_GUILESS_MAIN(TestMirrorOutbox)
#include "test_mirror_outbox.moc"

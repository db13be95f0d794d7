#include "core/domain/clock.h"
#include "core/domain/utc_time.h"
#include "core/licensing/clock_guard.h"
#include "core/licensing/licensing_errors.h"
#include "tests/unit/licensing/licensing_fixtures.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::licensing;
using namespace creditdesk::licensing::test;
namespace lerr = creditdesk::licensing::errc;

class TestClockGuard : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    ManualClock m_clock;

    [[nodiscard]] QString clockFile() const { return QDir(m_dir.path()).filePath(u"clock.json"_s); }

private slots:
    void init()
    {
        QDir(m_dir.path()).removeRecursively();
        QVERIFY(QDir().mkpath(m_dir.path()));
        m_clock.setNowMs(at(u"2026-03-10T12:00:00Z"));
    }

    void firstCheckSetsTheMark()
    {
        ClockGuard guard(m_clock, m_dir.path());
        const ClockReading r = guard.check();
        QVERIFY(!r.rollback);
        QCOMPARE(r.nowMs, at(u"2026-03-10T12:00:00Z"));
        QCOMPARE(r.effectiveNowMs, r.nowMs);
        QCOMPARE(r.highWaterMs, r.nowMs);
        QCOMPARE(r.behindMs, 0);
        QCOMPARE(r.highWaterSource, TimeSource::LocalClock);
        QVERIFY(QFileInfo::exists(clockFile()));
        QCOMPARE(mode(clockFile()), 0600);
    }

    void rollbackBeyondTolerance()
    {
        ClockGuard guard(m_clock, m_dir.path());
        (void)guard.check();
        m_clock.advanceMs(-5 * kMsPerMinute); // exactly the tolerance: not a rollback
        ClockReading r = guard.check();
        QVERIFY(!r.rollback);
        QCOMPARE(r.effectiveNowMs, at(u"2026-03-10T12:00:00Z"));
        QCOMPARE(r.behindMs, 5 * kMsPerMinute);

        m_clock.advanceMs(-1);
        r = guard.check();
        QVERIFY(r.rollback);
        QCOMPARE(r.highWaterMs, at(u"2026-03-10T12:00:00Z")); // a rollback never moves the mark
        QCOMPARE(r.behindMs, 5 * kMsPerMinute + 1);

        m_clock.setNowMs(at(u"2026-03-10T12:10:00Z")); // clock fixed: fine again
        r = guard.check();
        QVERIFY(!r.rollback);
        QCOMPARE(r.highWaterMs, at(u"2026-03-10T12:10:00Z"));
    }

    void serverTime()
    {
        ClockGuard guard(m_clock, m_dir.path());
        QVERIFY(guard.observeServerTime(at(u"2026-03-10T11:00:00Z"))); // behind: ignored
        QCOMPARE(guard.highWaterMs(), at(u"2026-03-10T12:00:00Z"));
        QVERIFY(guard.observeServerTime(at(u"2026-03-10T12:03:00Z")));
        ClockReading r = guard.check();
        QVERIFY(!r.rollback); // 3 min behind the server: within tolerance
        QCOMPARE(r.highWaterMs, at(u"2026-03-10T12:03:00Z"));
        QCOMPARE(r.highWaterSource, TimeSource::ServerTime);
        QCOMPARE(r.effectiveNowMs, at(u"2026-03-10T12:03:00Z"));

        QVERIFY(guard.observeServerTime(at(u"2026-03-10T12:30:00Z")));
        r = guard.check();
        QVERIFY(r.rollback);
        QCOMPARE(r.behindMs, 30 * kMsPerMinute);
        QCOMPARE(toString(r.highWaterSource), u"server_time"_s);
    }

    void persistedAcrossInstances()
    {
        {
            ClockGuard guard(m_clock, m_dir.path());
            QVERIFY(guard.observeServerTime(at(u"2026-03-10T13:00:00Z")));
        }
        ClockGuard again(m_clock, m_dir.path());
        QVERIFY(again.load());
        QCOMPARE(again.highWaterMs(), at(u"2026-03-10T13:00:00Z"));
        const ClockReading r = again.check();
        QVERIFY(r.rollback);
        QCOMPARE(r.highWaterSource, TimeSource::ServerTime);
    }

    void smallStepsAreWrittenOnFlush()
    {
        ClockGuard guard(m_clock, m_dir.path());
        (void)guard.check();
        m_clock.advanceMs(30'000);
        (void)guard.check();
        QCOMPARE(ClockGuard(m_clock, m_dir.path()).highWaterMs(), at(u"2026-03-10T12:00:00Z"));
        QVERIFY(guard.flush());
        QCOMPARE(ClockGuard(m_clock, m_dir.path()).highWaterMs(), at(u"2026-03-10T12:00:30Z"));
        m_clock.advanceMs(ClockGuard::kPersistStepMs);
        (void)guard.check();
        QCOMPARE(ClockGuard(m_clock, m_dir.path()).highWaterMs(), at(u"2026-03-10T12:01:30Z"));
    }

    void rebaseLowersTheMark()
    {
        ClockGuard guard(m_clock, m_dir.path());
        QVERIFY(guard.observeServerTime(at(u"2026-03-12T00:00:00Z"))); // a bogus future time
        QVERIFY(guard.check().rollback);
        QVERIFY(guard.rebase(at(u"2026-03-10T11:59:30Z")));
        const ClockReading r = guard.check();
        QVERIFY(!r.rollback);
        QCOMPARE(r.highWaterMs, at(u"2026-03-10T12:00:00Z"));
        ClockGuard again(m_clock, m_dir.path());
        QCOMPARE(again.highWaterMs(), at(u"2026-03-10T11:59:30Z")); // rebase is written at once
        QCOMPARE(again.check().highWaterSource, TimeSource::LocalClock);
    }

    void corruptFileIsSetAside_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::newRow("not json") << QByteArray("{\"format\": \"creditdesk.clock-gu");
        QTest::newRow("wrong type") << QByteArray(
            R"({"format":"creditdesk.clock-guard.v1","high_water_at":1773144000000,"source":"local_clock"})");
        QTest::newRow("unknown source") << QByteArray(
            R"({"format":"creditdesk.clock-guard.v1","high_water_at":"2026-03-10T12:00:00.000Z","source":"x"})");
        QTest::newRow("no format") << QByteArray(R"({"high_water_at":"2026-03-10T12:00:00.000Z"})");
    }

    void corruptFileIsSetAside()
    {
        QFETCH(QByteArray, contents);
        writeFile(clockFile(), contents);
        ClockGuard guard(m_clock, m_dir.path());
        const auto loaded = guard.load();
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().code, QString(lerr::clockStateCorrupt));
        const QString movedTo = loaded.error().details.value("moved_to"_L1).toString();
        QCOMPARE(readFile(movedTo), contents);
        QCOMPARE(guard.highWaterMs(), 0);
        QVERIFY(!guard.check().rollback);
        QCOMPARE(ClockGuard(m_clock, m_dir.path()).highWaterMs(), at(u"2026-03-10T12:00:00Z"));
    }

    void newerFormatIsLeftAlone()
    {
        const QByteArray newer = R"({"format":"creditdesk.clock-guard.v2","marks":[]})";
        writeFile(clockFile(), newer);
        ClockGuard guard(m_clock, m_dir.path());
        const auto loaded = guard.load();
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().code, QString(lerr::profileFileTooNew));
        const auto observed = guard.observeServerTime(at(u"2026-03-10T13:00:00Z"));
        QVERIFY(!observed);
        QCOMPARE(observed.error().code, QString(lerr::profileFileTooNew));
        QCOMPARE(guard.highWaterMs(), at(u"2026-03-10T13:00:00Z")); // kept in memory
        QCOMPARE(readFile(clockFile()), newer);
    }

    void unreadableFileIsNeverOverwritten()
    {
        QVERIFY(QDir(m_dir.path()).mkdir(u"clock.json"_s));
        ClockGuard guard(m_clock, m_dir.path());
        const auto loaded = guard.load();
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().code, QString(lerr::profileFileIo));
        QCOMPARE(guard.rebase(at(u"2026-03-10T12:00:00Z")).error().code, QString(lerr::profileFileIo));
        QVERIFY(QFileInfo(clockFile()).isDir());
    }
};

QTEST_GUILESS_MAIN(TestClockGuard)
#include "test_clock_guard.moc"

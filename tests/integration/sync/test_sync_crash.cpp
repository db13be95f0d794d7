// Crash consistency (ARCHITECTURE "Data flow" 2): the real command line,
// `creditdesk --server URL --profile DIR sync` (signed in once with
// `login --with-token`), syncing ~20,000 ledger rows is killed with SIGKILL
// at random moments, at least 50 times;
// after every kill the mirror passes integrity_check, holds exactly a prefix
// of the server's ledger in (created_at, id) order, and its stored cursor
// points right after that prefix. A final sync then mirrors exactly the
// server's rows. The sign-in lives in the keychain, so this runs under a
// Secret Service (dbus-run-session + gnome-keyring, as scripts/test.sh does).
#include "tests/integration/sync/sync_http_support.h"
#include "tests/unit/secrets/keychain_test_support.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk::test;

namespace {

constexpr int kRows = 20'000;
constexpr int kKills = 50;
constexpr int kPageSize = 500;
constexpr qint64 kStartMs = 300; // process start, mirror open, account streams

struct Run {
    bool killed = false; // the process was still running when the kill came
    int exitCode = -1;
    QByteArray output;
};

// Runs `creditdesk` on one profile with its own HOME and XDG directories.
class Runner {
public:
    Runner(QString profile, QUrl url)
        : m_profile(std::move(profile))
        , m_url(std::move(url))
    {}

    [[nodiscard]] QString mirror() const { return m_profile + u"/mirror.db"_s; }

    // `creditdesk login --with-token` with the token on stdin.
    Run login(const QString &token)
    {
        QProcess p;
        prepare(p, {u"login"_s, u"--with-token"_s});
        p.start();
        Run r;
        if (!p.waitForStarted(30'000))
            return r;
        p.write(token.toUtf8());
        p.closeWriteChannel();
        p.waitForFinished(240'000);
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.output = p.readAllStandardOutput();
        return r;
    }

    // Runs `creditdesk sync`; kills it after `killAfterMs` unless it ended
    // first (negative: never).
    Run sync(int killAfterMs)
    {
        QProcess p;
        prepare(p, {u"sync"_s, u"--json"_s});
        p.start();
        Run r;
        if (!p.waitForStarted(30'000))
            return r;
        p.closeWriteChannel();
        if (killAfterMs >= 0 && !p.waitForFinished(killAfterMs) && p.state() == QProcess::Running) {
            p.kill(); // SIGKILL
            r.killed = true;
        }
        p.waitForFinished(240'000);
        r.exitCode = r.killed || p.exitStatus() != QProcess::NormalExit ? -1 : p.exitCode();
        r.output = p.readAllStandardOutput();
        return r;
    }

private:
    void prepare(QProcess &p, const QStringList &arguments) const
    {
        p.setProgram(QStringLiteral(CREDITDESK_EXE));
        p.setArguments(QStringList{u"--server"_s, m_url.toString(), u"--profile"_s, m_profile} + arguments);
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"HOME"_s, m_home.path());
        env.insert(u"XDG_CONFIG_HOME"_s, m_home.filePath(u"config"_s));
        env.insert(u"XDG_CACHE_HOME"_s, m_home.filePath(u"cache"_s));
        env.remove(u"CREDITDESK_PROFILE"_s);
        env.insert(u"QT_LOGGING_RULES"_s, u"creditdesk.*.info=false"_s);
        // The sync command's hidden page-size knob: many pages, many moments between them.
        env.insert(u"CREDITDESK_SYNC_PAGE_SIZE"_s, QString::number(kPageSize));
        p.setProcessEnvironment(env);
    }

    QString m_profile;
    QUrl m_url;
    QTemporaryDir m_home;
};

// The id of the first server row after `cursor` ("" at the end).
QString rowAfter(const ServerHarness &server, const QString &token, const QString &cursor)
{
    const HttpReply reply = server.get(
        u"/v1/usage?after=%1&limit=1"_s.arg(QString::fromLatin1(QUrl::toPercentEncoding(cursor))), token);
    if (reply.status != 200)
        return u"<status %1>"_s.arg(reply.status);
    const QJsonArray data = reply.object().value(u"data"_s).toArray();
    return data.isEmpty() ? QString() : data.at(0).toObject().value(u"id"_s).toString();
}

} // namespace

class TestSyncCrash : public QObject {
    Q_OBJECT

private slots:
    void initTestCase_data() { addDialectRows(); }
    void initTestCase() { CREDITDESK_REQUIRE_SECRET_SERVICE(); }
    void killedSyncsLeaveAConsistentMirror();
};

void TestSyncCrash::killedSyncsLeaveAConsistentMirror()
{
    ServerHarness::Options options;
    options.dialect = currentDialect();
    CREDITDESK_START_SERVER(server, options);
    const QString email = u"sync-crash@example.com"_s;
    const QString token = server->createUserWithToken(email);
    QVERIFY(!token.isEmpty());
    QElapsedTimer setup;
    setup.start();
    const auto generated = server->admin({u"generate-usage"_s, u"--email"_s, email, u"--rows"_s,
                                          QString::number(kRows), u"--days"_s, u"60"_s});
    QCOMPARE(generated.exitCode, 0);
    waitForVisibility();
    const Ledger onServer = serverLedger(*server, token, true);
    QCOMPARE(onServer.count(), kRows);
    qInfo() << "server ready with" << kRows << "rows in" << setup.elapsed() << "ms";

    QTemporaryDir dir;
    Runner runner(dir.path(), server->baseUrl());
    const QString mirror = runner.mirror();
    const Run login = runner.login(token);
    QVERIFY2(login.exitCode == 0, login.output.constData());
    removeMirror(mirror); // the sign-in's empty mirror: the timing run starts from nothing

    // One undisturbed run tells how long a full sync takes here.
    QElapsedTimer timer;
    timer.start();
    const Run full = runner.sync(-1);
    const int fullMs = static_cast<int>(timer.elapsed());
    QVERIFY2(full.exitCode == 0, full.output.constData());
    QCOMPARE(mirrorLedger(mirror).ids, onServer.ids);
    removeMirror(mirror);
    qInfo() << "a full sync of" << kRows << "rows took" << fullMs << "ms";

    QRandomGenerator random(20'251'127);
    int kills = 0;
    int completed = 0;
    qsizetype inMirror = 0;
    timer.restart();
    for (int trial = 0; kills < kKills; ++trial) {
        QVERIFY2(trial < 4 * kKills, "the runs kept finishing before the kill");
        // A random moment of what is left of the sync (start-up included).
        const qint64 left = kStartMs + fullMs * (kRows - inMirror) / kRows;
        const int delay = static_cast<int>(random.bounded(static_cast<quint32>(left + 1)));
        const Run r = runner.sync(delay);
        if (r.killed)
            ++kills;
        else
            QVERIFY2(r.exitCode == 0, r.output.constData());

        const MirrorSnapshot s = inspectMirror(mirror);
        const QString where = u"trial %1 (kill after %2 ms)"_s.arg(trial).arg(delay);
        QVERIFY2(s.error.isEmpty(), qPrintable(where + u": "_s + s.error));
        if (!s.exists)
            continue;
        QVERIFY2(s.integrity == "ok"_L1, qPrintable(where + u": "_s + s.integrity));
        QVERIFY2(s.dailyTotalsAgree, qPrintable(where));
        const qsizetype k = s.ids.size();
        inMirror = k;
        QVERIFY2(k <= kRows, qPrintable(where));
        QVERIFY2(s.ids == onServer.ids.mid(0, k),
                 qPrintable(where + u": not a prefix of the server's ledger"_s));
        if (k == 0) {
            QVERIFY2(s.usageCursor.isEmpty(), qPrintable(where));
        } else {
            // The row after the stored cursor is the first one the mirror lacks.
            QCOMPARE(rowAfter(*server, token, s.usageCursor), k < kRows ? onServer.ids.at(k) : QString());
        }
        if (k == kRows) {
            // Complete: start the next trial from nothing again.
            ++completed;
            inMirror = 0;
            removeMirror(mirror);
        }
    }
    qInfo() << kills << "kills," << completed << "mirrors completed between them, in" << timer.elapsed()
            << "ms";

    const Run last = runner.sync(-1);
    QVERIFY2(last.exitCode == 0, last.output.constData());
    const Ledger mirrored = mirrorLedger(mirror);
    QCOMPARE(mirrored.ids, onServer.ids);
    QCOMPARE(mirrored.checksum, onServer.checksum);
}

QTEST_GUILESS_MAIN(TestSyncCrash)
#include "test_sync_crash.moc"

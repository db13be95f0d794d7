// core/session in-process: Profile (directory, settings, lock, server URLs)
// and AppSession (no server, a damaged mirror, sign-in with the memory secret
// store against a real server, an account switch clearing the mirror).
#include "core/api/signin/signin_errors.h"
#include "core/session/app_session.h"
#include "core/session/session_errors.h"
#include "core/store/account_repository.h"
#include "core/store/usage_repository.h"
#include "core/sync/sync_engine.h"
#include "tests/integration/cli/cli_runner.h"
#include "tests/integration/http/http_test_support.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <optional>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::test;
using session::AppSession;
using session::Profile;

namespace {

// Runs an AppSession operation and waits for its callback.
Result<void> wait(const std::function<void(AppSession::Done)> &start)
{
    std::optional<Result<void>> result;
    start([&result](Result<void> r) { result = std::move(r); });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 120'000))
        return fail("test_timeout"_L1, u"no answer"_s);
    return *result;
}

sync::SyncResult syncNow(AppSession &s)
{
    QSignalSpy finished(&s.syncEngine(), &sync::SyncEngine::finished);
    if (!s.syncEngine().start() || !finished.wait(240'000))
        qFatal("the sync did not finish");
    return finished.takeFirst().at(0).value<sync::SyncResult>();
}

std::unique_ptr<AppSession> openSession(const QString &dir, const QUrl &server = {})
{
    auto profile = Profile::open(dir);
    if (!profile)
        qFatal("cannot open the profile: %s", qPrintable(profile.error().message));
    session::SessionOptions options;
    options.secrets = session::SecretBackend::Memory;
    options.server = server;
    auto opened = AppSession::open(std::move(*profile), options);
    if (!opened)
        qFatal("cannot open the session: %s", qPrintable(opened.error().message));
    return std::move(*opened);
}

} // namespace

class TestAppSession : public QObject {
    Q_OBJECT

private slots:
    void profileDirectory();
    void settingsRoundTripAndDamage();
    void lockIsExclusive();
    void lockOfADeadHolderIsTakenOver();
    void serverUrls();
    void sessionWithoutServer();
    void damagedMirrorIsSetAside();
    void signInSyncAndAccountSwitch_data() { addDialectRows(); }
    void signInSyncAndAccountSwitch();

private:
    std::map<int, std::unique_ptr<ServerHarness>> m_servers;
};

void TestAppSession::profileDirectory()
{
    QTemporaryDir dir;
    const QString explicitDir = dir.filePath(u"explicit/../chosen"_s);
    qputenv("CREDITDESK_PROFILE", dir.filePath(u"from-env"_s).toUtf8());
    QCOMPARE(Profile::resolveDirectory(explicitDir), dir.filePath(u"chosen"_s));
    QCOMPARE(Profile::resolveDirectory(), dir.filePath(u"from-env"_s));
    qputenv("CREDITDESK_PROFILE", "");
    QCOMPARE(Profile::resolveDirectory(), QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
    qunsetenv("CREDITDESK_PROFILE");

    auto created = Profile::open(dir.filePath(u"new/profile"_s));
    QVERIFY(created.has_value());
    const QFile::Permissions notUser = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                       QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup |
                                       QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;
    QCOMPARE(QFile::permissions(created->directory()) & notUser,
             QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner); // 0700
    QCOMPARE(created->mirrorPath(), dir.filePath(u"new/profile/mirror.db"_s));

    QFile file(dir.filePath(u"a-file"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const auto notADirectory = Profile::open(file.fileName());
    QVERIFY(!notADirectory.has_value());
    QCOMPARE(notADirectory.error().code, session::errc::profileUnavailable);
}

void TestAppSession::settingsRoundTripAndDamage()
{
    QTemporaryDir dir;
    auto profile = Profile::open(dir.path());
    QVERIFY(profile.has_value());
    QCOMPARE(profile->loadSettings().value(), session::ProfileSettings{});
    session::ProfileSettings settings;
    settings.server = QUrl(u"https://api.example.com"_s);
    settings.issuer = QUrl(u"https://id.example.com"_s);
    settings.account = u"0b6d9c4e-account"_s;
    settings.credential = session::Credential::AccessToken;
    settings.mirrorServer = u"api.example.com:443"_s;
    settings.mirrorAccount = settings.account;
    QVERIFY(profile->saveSettings(settings).has_value());
    QCOMPARE(profile->loadSettings().value(), settings);

    const auto damage = [&](const QString &key, const QVariant &value) {
        QSettings raw(profile->settingsPath(), QSettings::IniFormat);
        raw.setValue(key, value);
        raw.sync();
    };
    damage(u"server/url"_s, u"not a url"_s);
    QCOMPARE(profile->loadSettings().error().code, session::errc::profileSettingsInvalid);
    QVERIFY(profile->saveSettings(settings).has_value());
    damage(u"account/credential"_s, u"password"_s);
    QCOMPARE(profile->loadSettings().error().code, session::errc::profileSettingsInvalid);
    QVERIFY(profile->saveSettings(settings).has_value());
    damage(u"profile/version"_s, 99);
    QCOMPARE(profile->loadSettings().error().code, session::errc::profileSettingsInvalid);
}

void TestAppSession::lockIsExclusive()
{
    QTemporaryDir dir;
    auto profile = Profile::open(dir.path());
    QVERIFY(profile.has_value());
    auto first = profile->lock();
    QVERIFY(first.has_value());
    const auto second = profile->lock();
    QVERIFY(!second.has_value());
    QCOMPARE(second.error().code, session::errc::profileLocked);
    QCOMPARE(second.error().details.value(u"pid"_s).toInteger(), QCoreApplication::applicationPid());
    QVERIFY(second.error().message.contains(dir.path()));
    first->reset();
    QVERIFY(profile->lock().has_value());
}

// A holder killed at any moment, even before it wrote its pid, leaves the
// profile usable at once.
void TestAppSession::lockOfADeadHolderIsTakenOver()
{
    QTemporaryDir dir;
    auto profile = Profile::open(dir.path());
    QVERIFY(profile.has_value());
    const QString lockPath = dir.filePath(QString(Profile::kLockFileName));

    // What a kill between creating the file and writing the holder leaves.
    QFile garbage(lockPath);
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write("\x01\x02 not a pid");
    garbage.close();
    QVERIFY(profile->lock().has_value());

    // Another process holds it (util-linux flock(1), the same flock(2) lock),
    // then dies by SIGKILL.
    QProcess holder;
    // --close: the lock stays with flock itself, not with its sleep child.
    holder.start(u"flock"_s, {u"--nonblock"_s, u"--close"_s, lockPath, u"sleep"_s, u"60"_s});
    QVERIFY(holder.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(!profile->lock().has_value(), 10'000);
    const auto refused = profile->lock();
    QCOMPARE(refused.error().code, session::errc::profileLocked);
    holder.kill();
    QVERIFY(holder.waitForFinished());
    QVERIFY(profile->lock().has_value());
}

void TestAppSession::serverUrls()
{
    QCOMPARE(session::parseServerUrl(u" https://api.example.com/ "_s).value(),
             QUrl(u"https://api.example.com"_s));
    QCOMPARE(session::parseServerUrl(u"http://127.0.0.1:7150"_s).value(), QUrl(u"http://127.0.0.1:7150"_s));
    for (const QString &bad :
         {u"ftp://example.com"_s, u"example.com"_s, u"https://"_s, u"https://user:secret@example.com"_s,
          u"https://example.com/?x=1"_s, u"https://example.com/#top"_s}) {
        const auto parsed = session::parseServerUrl(bad);
        QVERIFY2(!parsed.has_value(), qPrintable(bad));
        QCOMPARE(parsed.error().code, session::errc::invalidServerUrl);
        QVERIFY(!parsed.error().message.contains(u"secret"_s) &&
                !parsed.error().details.value(u"url"_s).toString().contains(u"secret"_s));
    }
    QTemporaryDir dir;
    session::SessionOptions options;
    options.server = QUrl(u"ftp://example.com"_s);
    const auto opened = AppSession::open(Profile::open(dir.path()).value(), options);
    QVERIFY(!opened.has_value());
    QCOMPARE(opened.error().code, session::errc::invalidServerUrl);
}

void TestAppSession::sessionWithoutServer()
{
    QTemporaryDir dir;
    auto s = openSession(dir.path());
    QCOMPARE(s->requireServer().error().code, session::errc::serverNotConfigured);
    QVERIFY(!s->hasStoredSignIn());
    QCOMPARE(wait([&](AppSession::Done d) { s->signInWithToken(u"x"_s, d); }).error().code,
             session::errc::serverNotConfigured);
    QCOMPARE(wait([&](AppSession::Done d) { s->restoreSignIn(d); }).error().code,
             session::errc::serverNotConfigured);
    QVERIFY(wait([&](AppSession::Done d) { s->signOut(d); }).has_value()); // nothing to sign out of
    QVERIFY(s->lockProfile().has_value());
    QVERIFY(s->lockProfile().has_value()); // held already
    QCOMPARE(Profile::open(dir.path())->lock().error().code, session::errc::profileLocked);
}

void TestAppSession::damagedMirrorIsSetAside()
{
    QTemporaryDir dir;
    QFile damaged(dir.filePath(u"mirror.db"_s));
    QVERIFY(damaged.open(QIODevice::WriteOnly));
    damaged.write(QByteArray(8192, 'x'));
    damaged.close();
    auto s = openSession(dir.path());
    QVERIFY(s->quarantinedMirrorPath().has_value());
    QVERIFY(QFile::exists(*s->quarantinedMirrorPath()));
    QVERIFY(store::UsageRepository(s->mirror()).rowCount().has_value());
}

void TestAppSession::signInSyncAndAccountSwitch()
{
    CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
    const DemoAccount ann = seedDemo(server, u"session-ann-%1@example.com"_s.arg(rowName()), 30);
    const DemoAccount bob = seedDemo(server, u"session-bob-%1@example.com"_s.arg(rowName()), 0);
    QVERIFY(!ann.tokenJson.isEmpty() && !bob.tokenJson.isEmpty());
    waitForLedgerVisibility();
    QTemporaryDir dir;
    auto s = openSession(dir.path(), server.baseUrl());

    QVERIFY(wait([&](AppSession::Done d) { s->signInWithToken(QString::fromUtf8(ann.tokenJson), d); }));
    QVERIFY(s->hasStoredSignIn());
    QCOMPARE(s->settings().account, ann.userId);
    QCOMPARE(s->settings().credential, session::Credential::RefreshToken);
    QCOMPARE(Profile::open(dir.path())->loadSettings()->server, server.baseUrl());
    QVERIFY(syncNow(*s).ok());
    store::AccountRepository account(s->mirror());
    QCOMPARE(account.profile().value()->email, ann.email);
    QCOMPARE(store::UsageRepository(s->mirror()).rowCount().value(), 30);

    // Another account: the mirror is cleared before its data comes in.
    QVERIFY(wait([&](AppSession::Done d) { s->signInWithToken(QString::fromUtf8(bob.tokenJson), d); }));
    QCOMPARE(s->settings().account, bob.userId);
    QCOMPARE(account.profile().value(), std::nullopt);
    QCOMPARE(store::UsageRepository(s->mirror()).rowCount().value(), 0);
    QVERIFY(syncNow(*s).ok());
    QCOMPARE(account.profile().value()->email, bob.email);
    s.reset();

    // The memory store forgets with the process: the next session must sign in again.
    auto next = openSession(dir.path());
    QVERIFY(next->hasStoredSignIn());
    QCOMPARE(wait([&](AppSession::Done d) { next->restoreSignIn(d); }).error().code,
             api::signin::errc::signInRequired);
    QVERIFY(!next->hasStoredSignIn());
    QVERIFY(next->settings().account.isEmpty());
    QCOMPARE(next->settings().mirrorAccount, bob.userId); // the mirror still holds bob's data
}

QTEST_GUILESS_MAIN(TestAppSession)
#include "test_app_session.moc"

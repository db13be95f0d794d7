// The refresh token of a real sign-in lands in the real keychain (gnome-keyring
// over the Secret Service) and nowhere in the profile directories; sign-out
// takes it out again.
#include "core/api/signin/auth_session.h"
#include "core/secrets/keychain_secret_store.h"
#include "tests/integration/http/http_test_support.h"
#include "tests/integration/signin/signin_browser.h"
#include "tests/unit/secrets/keychain_test_support.h"
#include "tests/unit/signin/capture.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QtTest>

using namespace Qt::StringLiterals;
using creditdesk::Error;
using creditdesk::fail;
using creditdesk::Result;
namespace secrets = creditdesk::secrets;
using namespace creditdesk::api::signin;
using namespace creditdesk::test;

namespace {

constexpr int kWaitMs = 120'000;

std::optional<QString> secretTool(const secrets::SecretKey &key)
{
    QProcess tool;
    tool.start(u"secret-tool"_s, {u"lookup"_s, u"server"_s, key.service(), u"user"_s, key.toString()});
    if (!tool.waitForFinished(30'000) || tool.exitCode() != 0)
        return std::nullopt;
    return QString::fromUtf8(tool.readAllStandardOutput());
}

// Files under the user's profile locations (QStandardPaths test mode) holding `needle`.
QStringList filesContaining(const QByteArray &needle)
{
    QStringList roots;
    for (const auto location : {QStandardPaths::AppDataLocation, QStandardPaths::AppConfigLocation,
                                QStandardPaths::AppLocalDataLocation, QStandardPaths::CacheLocation,
                                QStandardPaths::GenericConfigLocation, QStandardPaths::GenericDataLocation,
                                QStandardPaths::GenericCacheLocation}) {
        roots += QStandardPaths::writableLocation(location);
    }
    QStringList hits;
    roots.removeDuplicates();
    for (const QString &root : std::as_const(roots)) {
        for (QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories); it.hasNext();) {
            QFile file(it.next());
            if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
                hits << file.fileName();
        }
    }
    return hits;
}

} // namespace

class TestSignInKeychain : public QObject {
    Q_OBJECT

private slots:
    void initTestCase_data() { addDialectRows(); }
    void initTestCase()
    {
        CREDITDESK_REQUIRE_SECRET_SERVICE();
        QVERIFY2(!QStandardPaths::findExecutable(u"secret-tool"_s).isEmpty(), "install libsecret-tools");
        QVERIFY(QStandardPaths::isTestModeEnabled());
    }

    void refreshTokenLivesInTheKeychainOnly()
    {
        CREDITDESK_START_SERVER(server, httpOptions());
        const QString email =
            u"keychain-%1-%2@example.com"_s.arg(rowName()).arg(QDateTime::currentMSecsSinceEpoch());
        const QString userId = createUser(*server, email);
        QVERIFY(!userId.isEmpty());

        QNetworkAccessManager network;
        secrets::KeychainSecretStore keychain;
        SignInConfig config;
        config.issuer = server->baseUrl();
        config.redirectPorts = {0};
        config.requestTimeout = std::chrono::seconds(60);
        AuthSession session(network, keychain, config);
        SignInBrowser browser(*server, email, kPassword);
        Capture<Result<void>> signedIn;
        session.signIn(browser.opener(), signedIn.callback());
        QVERIFY(QTest::qWaitFor([&]() { return signedIn.done(); }, kWaitMs));
        QVERIFY2(signedIn.value().has_value(),
                 qPrintable(signedIn.value() ? QString() : signedIn.value().error().message));

        const auto key = secrets::SecretKey::forServer(server->baseUrl(), userId, u"refresh_token"_s);
        QVERIFY(key.has_value());
        const auto stored = secretTool(*key);
        QVERIFY2(stored.has_value(), qPrintable(key->toString()));

        // the session refreshes with exactly that token and saves the rotated one there
        Capture<Result<void>> refreshed;
        session.refresh(refreshed.callback());
        QVERIFY(QTest::qWaitFor([&]() { return refreshed.done(); }, kWaitMs));
        QVERIFY2(refreshed.value().has_value(),
                 qPrintable(refreshed.value() ? QString() : refreshed.value().error().message));
        const auto rotated = secretTool(*key);
        QVERIFY(rotated.has_value());
        QVERIFY(*rotated != *stored);

        // nothing of it in the profile directories or settings
        for (const QString &secret : {*stored, *rotated, session.accessToken()})
            QVERIFY2(filesContaining(secret.toUtf8()).isEmpty(),
                     qPrintable(filesContaining(secret.toUtf8()).join(u", "_s)));
        QVERIFY(QSettings().allKeys().isEmpty());

        Capture<Result<void>> signedOut;
        session.signOut(signedOut.callback());
        QVERIFY(QTest::qWaitFor([&]() { return signedOut.done(); }, kWaitMs));
        QVERIFY(signedOut.value().has_value());
        QCOMPARE(secretTool(*key), std::nullopt);
        QVERIFY(!session.isSignedIn());
        QCOMPARE(refresh(*server, *rotated).errorCode(), u"invalid_grant"_s); // revoked by the sign-out
    }
};

QTEST_GUILESS_MAIN(TestSignInKeychain)
#include "test_signin_keychain.moc"

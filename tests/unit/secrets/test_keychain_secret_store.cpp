// KeychainSecretStore against the real Secret Service (gnome-keyring on a
// private session bus, as scripts/test.sh runs it). Every entry is checked
// with libsecret's own `secret-tool` too, so the test does not only trust
// our reading of QtKeychain.
#include "core/secrets/keychain_secret_store.h"
#include "core/secrets/secret_errors.h"
#include "tests/unit/secrets/keychain_test_support.h"
#include "tests/unit/signin/capture.h"

#include <QProcess>
#include <QStandardPaths>
#include <QUuid>
#include <QtTest>

using namespace Qt::StringLiterals;
using creditdesk::Error;
using creditdesk::fail;
using creditdesk::Result;
using namespace creditdesk::secrets;
using creditdesk::test::Capture;

namespace {

constexpr int kWaitMs = 30'000;

// What libsecret itself finds under QtKeychain's attributes; nullopt when nothing.
std::optional<QString> secretTool(const SecretKey &key)
{
    QProcess tool;
    tool.start(u"secret-tool"_s, {u"lookup"_s, u"server"_s, key.service(), u"user"_s, key.toString()});
    if (!tool.waitForFinished(kWaitMs) || tool.exitCode() != 0)
        return std::nullopt;
    return QString::fromUtf8(tool.readAllStandardOutput());
}

} // namespace

class TestKeychainSecretStore : public QObject {
    Q_OBJECT

private:
    KeychainSecretStore m_store;
    QString m_account; // fresh per run: the keyring outlives the test
    QList<SecretKey> m_written;

    SecretKey key(const QString &name, const QString &server = u"creditdesk-test.invalid:443"_s)
    {
        const SecretKey made = *SecretKey::create(server, m_account, name);
        m_written.append(made);
        return made;
    }

    Result<void> write(const SecretKey &k, const QString &value)
    {
        Capture<Result<void>> done;
        m_store.write(k, value, done.callback());
        if (!QTest::qWaitFor([&]() { return done.done(); }, kWaitMs))
            return fail("test_timeout"_L1, u"no answer"_s);
        return done.value();
    }
    Result<QString> read(const SecretKey &k)
    {
        Capture<Result<QString>> done;
        m_store.read(k, done.callback());
        if (!QTest::qWaitFor([&]() { return done.done(); }, kWaitMs))
            return fail("test_timeout"_L1, u"no answer"_s);
        return done.value();
    }
    Result<void> remove(const SecretKey &k)
    {
        Capture<Result<void>> done;
        m_store.remove(k, done.callback());
        if (!QTest::qWaitFor([&]() { return done.done(); }, kWaitMs))
            return fail("test_timeout"_L1, u"no answer"_s);
        return done.value();
    }

private slots:
    void initTestCase()
    {
        CREDITDESK_REQUIRE_SECRET_SERVICE();
        QVERIFY2(!QStandardPaths::findExecutable(u"secret-tool"_s).isEmpty(), "install libsecret-tools");
        m_account = QUuid::createUuid().toString(QUuid::WithoutBraces);
    }

    void cleanupTestCase()
    {
        for (const SecretKey &k : std::as_const(m_written))
            (void)remove(k);
    }

    void writeReadOverwriteRemove()
    {
        const SecretKey k = key(u"refresh_token"_s);
        const auto missing = read(k);
        QVERIFY(!missing.has_value());
        QCOMPARE(missing.error().code, QString(errc::secretNotFound));

        const auto written = write(k, u"first-value"_s);
        QVERIFY2(written.has_value(), qPrintable(written ? QString() : written.error().message));
        QCOMPARE(read(k).value_or(QString()), u"first-value"_s);
        QCOMPARE(secretTool(k), std::optional<QString>(u"first-value"_s));

        QVERIFY(write(k, u"second-value"_s).has_value());
        QCOMPARE(read(k).value_or(QString()), u"second-value"_s);
        QCOMPARE(secretTool(k), std::optional<QString>(u"second-value"_s));

        QVERIFY(remove(k).has_value());
        QCOMPARE(read(k).error().code, QString(errc::secretNotFound));
        QCOMPARE(secretTool(k), std::nullopt);
        QVERIFY(remove(k).has_value()); // removing nothing succeeds
    }

    void namespacedByServer()
    {
        const SecretKey one = key(u"refresh_token"_s, u"one.creditdesk-test.invalid:443"_s);
        const SecretKey two = key(u"refresh_token"_s, u"two.creditdesk-test.invalid:443"_s);
        QVERIFY(write(one, u"token-of-one"_s).has_value());
        QVERIFY(write(two, u"token-of-two"_s).has_value());
        QCOMPARE(read(one).value_or(QString()), u"token-of-one"_s);
        QCOMPARE(read(two).value_or(QString()), u"token-of-two"_s);
        QVERIFY(remove(one).has_value());
        QCOMPARE(read(one).error().code, QString(errc::secretNotFound));
        QCOMPARE(read(two).value_or(QString()), u"token-of-two"_s);
        QVERIFY(remove(two).has_value());
    }

    void namespacedByName()
    {
        const SecretKey openai = key(u"byok:openai"_s);
        const SecretKey anthropic = key(u"byok:anthropic"_s);
        QVERIFY(write(openai, u"sk-openai"_s).has_value());
        QVERIFY(write(anthropic, u"sk-anthropic"_s).has_value());
        QCOMPARE(read(openai).value_or(QString()), u"sk-openai"_s);
        QCOMPARE(read(anthropic).value_or(QString()), u"sk-anthropic"_s);
        QVERIFY(remove(openai).has_value());
        QVERIFY(remove(anthropic).has_value());
    }

    void valuesRoundTrip_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("unicode") << u"pässwörd 🔑 密码 ✓"_s;
        QTest::newRow("10 KB") << QString::fromLatin1(QByteArray(10 * 1024, 'k').toBase64().left(10 * 1024));
        QTest::newRow("10 KB unicode") << QString(5 * 1024, u'ü');
        QTest::newRow("newlines and quotes") << u"a\nb\r\n'\"\\"_s;
    }
    void valuesRoundTrip()
    {
        QFETCH(QString, value);
        const SecretKey k = key(u"proxy_password"_s);
        QVERIFY(write(k, value).has_value());
        const auto back = read(k);
        QVERIFY2(back.has_value(), qPrintable(back ? QString() : back.error().message));
        QCOMPARE(*back, value);
        QCOMPARE(secretTool(k), std::optional<QString>(value));
        QVERIFY(remove(k).has_value());
    }

    void invalidInputNeverReachesTheKeyring()
    {
        const SecretKey k = key(u"refresh_token"_s);
        QCOMPARE(write(k, QString()).error().code, QString(creditdesk::errc::invalidArgument));
        QCOMPARE(write(k, u"a\u0000b"_s).error().code, QString(creditdesk::errc::invalidArgument));
        QCOMPARE(read(SecretKey()).error().code, QString(creditdesk::errc::invalidArgument));
        QCOMPARE(secretTool(k), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestKeychainSecretStore)
#include "test_keychain_secret_store.moc"

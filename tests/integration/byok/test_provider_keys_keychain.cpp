// ProviderKeyStore against a real Secret Service (gnome-keyring on a private
// session bus, as scripts/test.sh runs it), checked with libsecret's own
// secret-tool; keys survive a restart and never reach a file or QSettings.
#include "core/byok/byok_errors.h"
#include "core/byok/provider_key_store.h"
#include "core/secrets/keychain_secret_store.h"
#include "tests/unit/secrets/keychain_test_support.h"
#include "tests/unit/signin/capture.h"

#include <QDirIterator>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::byok;
using creditdesk::test::Capture;

namespace {

constexpr int kWaitMs = 30'000;
const QUrl kServer(u"https://creditdesk-byok-test.invalid"_s);
const QString kOpenAiKey = u"sk-proj-KeychainTestKey0000000000abcd"_s;
const QString kGoogleKey = u"AIzaSyKeychainTestKey-0000000000wxyz"_s;
const QString kLocalKey = u"local-runtime-token-0000000000qrst"_s;

std::optional<QString> secretTool(const secrets::SecretKey &key)
{
    QProcess tool;
    tool.start(u"secret-tool"_s, {u"lookup"_s, u"server"_s, key.service(), u"user"_s, key.toString()});
    if (!tool.waitForFinished(kWaitMs) || tool.exitCode() != 0)
        return std::nullopt;
    return QString::fromUtf8(tool.readAllStandardOutput());
}

template <typename T>
T wait(const Capture<T> &capture)
{
    if (!QTest::qWaitFor([&] { return capture.done(); }, kWaitMs))
        qFatal("no answer from the keychain");
    return capture.value();
}

QStringList filesContaining(const QString &dir, const QByteArray &needle)
{
    QStringList hits;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
            hits.append(f.fileName());
    }
    return hits;
}

} // namespace

class TestProviderKeysKeychain : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_profile;
    QString m_account = QUuid::createUuid().toString(QUuid::WithoutBraces); // the keyring outlives the test

    Result<StoredProviderKey> set(ProviderKeyStore &store, ProviderKind p, const QString &key)
    {
        Capture<Result<StoredProviderKey>> c;
        store.setKey(p, key, nullptr, c.callback());
        return wait(c);
    }
    Result<QList<StoredProviderKey>> list(ProviderKeyStore &store)
    {
        Capture<Result<QList<StoredProviderKey>>> c;
        store.list(nullptr, c.callback());
        return wait(c);
    }
    Result<QString> key(ProviderKeyStore &store, ProviderKind p)
    {
        Capture<Result<QString>> c;
        store.key(p, nullptr, c.callback());
        return wait(c);
    }
    Result<void> remove(ProviderKeyStore &store, ProviderKind p)
    {
        Capture<Result<void>> c;
        store.removeKey(p, nullptr, c.callback());
        return wait(c);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        CREDITDESK_REQUIRE_SECRET_SERVICE();
    }

    void keysLiveInTheKeychainOnly()
    {
        secrets::KeychainSecretStore keychain;
        {
            ProviderKeyStore store(keychain, kServer, m_account, m_profile.path());
            auto empty = list(store);
            QVERIFY2(empty,
                     qPrintable(empty ? QString() : empty.error().code + u' ' + empty.error().message));
            QVERIFY(empty->isEmpty());

            QVERIFY(set(store, ProviderKind::OpenAi, kOpenAiKey));
            QVERIFY(set(store, ProviderKind::Google, u"  "_s + kGoogleKey + u"\n"_s));
            QVERIFY(store.settings().setCompatibleBaseUrl(QUrl(u"http://127.0.0.1:11434/v1"_s)));
            QVERIFY(set(store, ProviderKind::OpenAiCompatible, kLocalKey));

            // libsecret sees each key under its namespaced name.
            QCOMPARE(secretTool(*store.secretKey(ProviderKind::OpenAi)), std::optional<QString>(kOpenAiKey));
            QCOMPARE(secretTool(*store.secretKey(ProviderKind::Google)), std::optional<QString>(kGoogleKey));
            QCOMPARE(secretTool(*store.secretKey(ProviderKind::OpenAiCompatible)),
                     std::optional<QString>(kLocalKey));
            QCOMPARE(store.secretKey(ProviderKind::OpenAi)->toString(),
                     u"creditdesk:creditdesk-byok-test.invalid:443:%1:byok:openai"_s.arg(m_account));
            QCOMPARE(secretTool(*store.secretKey(ProviderKind::Anthropic)), std::nullopt);
        }

        // A restart: a new store on the same keychain and profile.
        ProviderKeyStore store(keychain, kServer, m_account, m_profile.path());
        auto found = list(store);
        QVERIFY(found);
        QCOMPARE(found->size(), 3);
        QCOMPARE(found->at(0), (StoredProviderKey{ProviderKind::OpenAi, u"sk-proj-…abcd"_s, std::nullopt}));
        QCOMPARE(found->at(1), (StoredProviderKey{ProviderKind::Google, u"AIza…wxyz"_s, std::nullopt}));
        QCOMPARE(found->at(2), (StoredProviderKey{ProviderKind::OpenAiCompatible, u"…qrst"_s,
                                                  QUrl(u"http://127.0.0.1:11434/v1"_s)}));
        QCOMPARE(key(store, ProviderKind::Google).value(), kGoogleKey);

        // Nothing of a key anywhere on disk in the profile, nor in QSettings.
        for (const QString &secret : {kOpenAiKey, kGoogleKey, kLocalKey}) {
            const QStringList hits = filesContaining(m_profile.path(), secret.toUtf8());
            QVERIFY2(hits.isEmpty(), qPrintable(hits.join(u", "_s)));
        }
        QVERIFY(QSettings().allKeys().isEmpty());

        // Another account on the same keyring sees nothing.
        ProviderKeyStore other(keychain, kServer, m_account + u"-other"_s, m_profile.path());
        QVERIFY(list(other)->isEmpty());

        for (ProviderKind p : allProviderKinds())
            QVERIFY(remove(store, p));
        QVERIFY(list(store)->isEmpty());
        QCOMPARE(secretTool(*store.secretKey(ProviderKind::OpenAi)), std::nullopt);
        QCOMPARE(key(store, ProviderKind::OpenAi).error().code, QString(byok::errc::providerKeyMissing));
    }
};

QTEST_GUILESS_MAIN(TestProviderKeysKeychain)
#include "test_provider_keys_keychain.moc"

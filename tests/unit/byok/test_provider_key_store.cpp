// ProviderKeyStore over MemorySecretStore: namespaced keys, hints, the
// compatible provider's base URL, errors passed through, and keys never
// reaching a file.
#include "core/byok/byok_errors.h"
#include "core/byok/provider_key_store.h"
#include "core/secrets/memory_secret_store.h"
#include "core/secrets/secret_errors.h"
#include "tests/unit/signin/capture.h"

#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::byok;
using creditdesk::test::Capture;

namespace {

const QUrl kServer(u"https://cloud.example.com"_s);
const QString kAccount = u"3f1c2d4e-0000-4000-8000-000000000001"_s;
const QString kOpenAiKey = u"sk-proj-AAAAbbbbCCCCddddEEEE1234"_s;
const QString kAnthropicKey = u"sk-ant-api03-ZZZZyyyyXXXXwwww9876"_s;
const QString kLocalKey = u"local-key-abcdefgh5555"_s;

template <typename T>
T wait(const Capture<T> &capture)
{
    if (!QTest::qWaitFor([&] { return capture.done(); }, 5'000))
        qFatal("no callback");
    return capture.value();
}

} // namespace

class TestProviderKeyStore : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    secrets::MemorySecretStore m_secrets;
    std::unique_ptr<ProviderKeyStore> m_store;

    Result<StoredProviderKey> set(ProviderKind p, const QString &key)
    {
        Capture<Result<StoredProviderKey>> c;
        m_store->setKey(p, key, nullptr, c.callback());
        if (c.done())
            qFatal("completed inside the call");
        return wait(c);
    }
    Result<QList<StoredProviderKey>> list()
    {
        Capture<Result<QList<StoredProviderKey>>> c;
        m_store->list(nullptr, c.callback());
        return wait(c);
    }
    Result<QString> key(ProviderKind p)
    {
        Capture<Result<QString>> c;
        m_store->key(p, nullptr, c.callback());
        return wait(c);
    }
    Result<void> remove(ProviderKind p)
    {
        Capture<Result<void>> c;
        m_store->removeKey(p, nullptr, c.callback());
        return wait(c);
    }

private slots:
    void init()
    {
        m_secrets.clear();
        m_secrets.setFailure(std::nullopt);
        m_store = std::make_unique<ProviderKeyStore>(m_secrets, kServer, kAccount, m_dir.path());
        QVERIFY(m_store->settings().clearCompatibleBaseUrl());
    }

    void emptyAtFirst()
    {
        auto found = list();
        QVERIFY(found);
        QVERIFY(found->isEmpty());
        auto missing = key(ProviderKind::OpenAi);
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, QString(byok::errc::providerKeyMissing));
        QCOMPARE(missing.error().details.value(u"provider"_s).toString(), u"openai"_s);
    }

    void setListReadRemove()
    {
        auto stored = set(ProviderKind::OpenAi, u"  "_s + kOpenAiKey + u"\n"_s);
        QVERIFY(stored);
        QCOMPARE(stored->provider, ProviderKind::OpenAi);
        QCOMPARE(stored->hint, u"sk-proj-…1234"_s);
        QVERIFY(set(ProviderKind::Anthropic, kAnthropicKey));

        // Namespaced per server and account, one entry per provider.
        QCOMPARE(m_secrets.keys(),
                 (QStringList{u"creditdesk:cloud.example.com:443:%1:byok:anthropic"_s.arg(kAccount),
                              u"creditdesk:cloud.example.com:443:%1:byok:openai"_s.arg(kAccount)}));
        QCOMPARE(m_secrets.peek(*m_store->secretKey(ProviderKind::OpenAi)),
                 std::optional<QString>(kOpenAiKey));

        auto found = list();
        QVERIFY(found);
        QCOMPARE(found->size(), 2);
        QCOMPARE(found->at(0), (StoredProviderKey{ProviderKind::OpenAi, u"sk-proj-…1234"_s, std::nullopt}));
        QCOMPARE(found->at(1), (StoredProviderKey{ProviderKind::Anthropic, u"sk-ant-…9876"_s, std::nullopt}));
        QCOMPARE(key(ProviderKind::Anthropic).value(), kAnthropicKey);

        // Overwrite.
        QVERIFY(set(ProviderKind::OpenAi, u"sk-AAAAAAAAAAAAAAAAAAAA0000"_s));
        QCOMPARE(list()->at(0).hint, u"sk-…0000"_s);

        QVERIFY(remove(ProviderKind::OpenAi));
        QVERIFY(remove(ProviderKind::OpenAi)); // already gone: fine
        found = list();
        QCOMPARE(found->size(), 1);
        QCOMPARE(found->at(0).provider, ProviderKind::Anthropic);
        QCOMPARE(key(ProviderKind::OpenAi).error().code, QString(byok::errc::providerKeyMissing));
    }

    void otherAccountsAndServersAreSeparate()
    {
        QVERIFY(set(ProviderKind::Google, u"AIzaSyD-abcdefghijklmnopqrstu_vw"_s));
        ProviderKeyStore otherAccount(m_secrets, kServer, u"someone-else"_s, m_dir.path());
        ProviderKeyStore otherServer(m_secrets, QUrl(u"https://staging.example.com"_s), kAccount,
                                     m_dir.path());
        for (ProviderKeyStore *store : {&otherAccount, &otherServer}) {
            Capture<Result<QList<StoredProviderKey>>> c;
            store->list(nullptr, c.callback());
            QVERIFY(wait(c)->isEmpty());
        }
    }

    void invalidKeyIsNotStored()
    {
        auto stored = set(ProviderKind::OpenAi, u"sk-abc def ghi jkl"_s);
        QVERIFY(!stored);
        QCOMPARE(stored.error().code, QString(byok::errc::providerKeyInvalid));
        QVERIFY(m_secrets.keys().isEmpty());
    }

    void compatibleNeedsItsBaseUrl()
    {
        auto refused = set(ProviderKind::OpenAiCompatible, kLocalKey);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QString(byok::errc::providerBaseUrlMissing));
        QVERIFY(m_secrets.keys().isEmpty());

        QVERIFY(m_store->settings().setCompatibleBaseUrl(QUrl(u"http://127.0.0.1:11434/v1"_s)));
        auto stored = set(ProviderKind::OpenAiCompatible, kLocalKey);
        QVERIFY(stored);
        QCOMPARE(stored->baseUrl, std::optional<QUrl>(QUrl(u"http://127.0.0.1:11434/v1"_s)));
        QCOMPARE(stored->hint, u"…5555"_s);
        auto found = list();
        QCOMPARE(found->size(), 1);
        QCOMPARE(found->at(0).provider, ProviderKind::OpenAiCompatible);
        QCOMPARE(found->at(0).baseUrl->toString(), u"http://127.0.0.1:11434/v1"_s);
        QVERIFY(m_secrets.keys().constFirst().endsWith(u":byok:openai-compatible"_s));

        // Removing the key keeps the (non-secret) base URL.
        QVERIFY(remove(ProviderKind::OpenAiCompatible));
        QVERIFY(m_store->settings().compatibleBaseUrl().value().has_value());
    }

    void keysNeverReachAFile()
    {
        QVERIFY(m_store->settings().setCompatibleBaseUrl(QUrl(u"https://llm.example.com"_s)));
        QVERIFY(set(ProviderKind::OpenAiCompatible, kLocalKey));
        QVERIFY(set(ProviderKind::OpenAi, kOpenAiKey));
        QDirIterator it(m_dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            QVERIFY(!bytes.contains(kLocalKey.toUtf8()));
            QVERIFY(!bytes.contains(kOpenAiKey.toUtf8()));
            QVERIFY(!bytes.contains("5555"));
            ++files;
        }
        QCOMPARE(files, 1); // byok-providers.json only
    }

    void secretStoreErrorsPassThrough()
    {
        QVERIFY(set(ProviderKind::OpenAi, kOpenAiKey));
        const Error unavailable{QString(secrets::errc::secretServiceUnavailable), u"no keyring"_s, {}};
        m_secrets.setFailure(unavailable);
        QCOMPARE(list().error().code, QString(secrets::errc::secretServiceUnavailable));
        QCOMPARE(key(ProviderKind::OpenAi).error().code, QString(secrets::errc::secretServiceUnavailable));
        QCOMPARE(set(ProviderKind::Google, u"AIzaSyD-abcdefghijklmnopqrstu_vw"_s).error().code,
                 QString(secrets::errc::secretServiceUnavailable));
        QCOMPARE(remove(ProviderKind::OpenAi).error().code, QString(secrets::errc::secretServiceUnavailable));
        const Error denied{QString(secrets::errc::secretAccessDenied), u"locked"_s, {}};
        m_secrets.setFailure(denied);
        QCOMPARE(list().error().code, QString(secrets::errc::secretAccessDenied));
        m_secrets.setFailure(std::nullopt);
        QCOMPARE(key(ProviderKind::OpenAi).value(), kOpenAiKey); // nothing was lost
    }

    void invalidAccountIsAnError()
    {
        ProviderKeyStore bad(m_secrets, kServer, u"has:colon"_s, m_dir.path());
        Capture<Result<StoredProviderKey>> c;
        bad.setKey(ProviderKind::OpenAi, kOpenAiKey, nullptr, c.callback());
        QCOMPARE(wait(c).error().code, QString(creditdesk::errc::invalidArgument));
        QVERIFY(m_secrets.keys().isEmpty());
    }

    void destroyedContextDropsTheCallback()
    {
        Capture<Result<StoredProviderKey>> c;
        {
            QObject context;
            m_store->setKey(ProviderKind::OpenAi, kOpenAiKey, &context, c.callback());
        }
        Capture<Result<QString>> after;
        m_store->key(ProviderKind::OpenAi, nullptr, after.callback());
        QCOMPARE(wait(after).value(), kOpenAiKey); // the write itself ran
        QCOMPARE(c.calls(), 0);

        Capture<Result<QList<StoredProviderKey>>> listed;
        m_store->list(nullptr, listed.callback());
        m_store.reset(); // the store goes first: nothing is delivered
        QTest::qWait(50);
        QCOMPARE(listed.calls(), 0);
    }
};

QTEST_GUILESS_MAIN(TestProviderKeyStore)
#include "test_provider_key_store.moc"

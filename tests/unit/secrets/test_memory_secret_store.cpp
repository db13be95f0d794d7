// MemorySecretStore and the SecretStore completion contract.
#include "core/secrets/memory_secret_store.h"
#include "core/secrets/secret_errors.h"
#include "tests/unit/signin/capture.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using creditdesk::Error;
using creditdesk::fail;
using creditdesk::Result;
using namespace creditdesk::secrets;
using creditdesk::test::Capture;

namespace {

SecretKey key(const QString &server, const QString &name = u"refresh_token"_s,
              const QString &account = u"acc"_s)
{
    return *SecretKey::create(server, account, name);
}

} // namespace

class TestMemorySecretStore : public QObject {
    Q_OBJECT

private slots:
    void writeReadOverwriteRemove()
    {
        MemorySecretStore store;
        const SecretKey k = key(u"a.example:443"_s);
        Capture<Result<QString>> missing;
        store.read(k, missing.callback());
        QTRY_VERIFY(missing.done());
        QCOMPARE(missing.value().error().code, QString(errc::secretNotFound));

        Capture<Result<void>> written;
        store.write(k, u"first"_s, written.callback());
        QVERIFY(!written.done()); // never inside the call
        QTRY_VERIFY(written.done());
        QVERIFY(written.value().has_value());
        QCOMPARE(store.peek(k), std::optional<QString>(u"first"_s));

        Capture<Result<void>> overwritten;
        store.write(k, u"second"_s, overwritten.callback());
        Capture<Result<QString>> read;
        store.read(k, read.callback());
        QTRY_VERIFY(read.done());
        QCOMPARE(read.value().value(), u"second"_s);
        QCOMPARE(store.keys(), QStringList{k.toString()});

        Capture<Result<void>> removed;
        store.remove(k, removed.callback());
        QTRY_VERIFY(removed.done());
        QVERIFY(removed.value().has_value());
        QVERIFY(!store.peek(k).has_value());
        Capture<Result<void>> removedAgain;
        store.remove(k, removedAgain.callback());
        QTRY_VERIFY(removedAgain.done());
        QVERIFY(removedAgain.value().has_value()); // removing nothing succeeds
    }

    void completesInCallOrderExactlyOnce()
    {
        MemorySecretStore store;
        const SecretKey k = key(u"a.example:443"_s);
        QStringList order;
        store.write(k, u"v1"_s, [&](const Result<void> &) { order << u"write v1"_s; });
        store.read(k, [&](const Result<QString> &r) { order << u"read "_s + r.value_or(u"-"_s); });
        store.remove(k, [&](const Result<void> &) { order << u"remove"_s; });
        store.read(k, [&](const Result<QString> &r) { order << u"read "_s + r.value_or(u"-"_s); });
        QVERIFY(order.isEmpty());
        QTRY_COMPARE(order.size(), 4);
        QCOMPARE(order, (QStringList{u"write v1"_s, u"read v1"_s, u"remove"_s, u"read -"_s}));
        QTest::qWait(20);
        QCOMPARE(order.size(), 4);
    }

    void namespaced()
    {
        MemorySecretStore store;
        const SecretKey one = key(u"one.example:443"_s);
        const SecretKey two = key(u"two.example:443"_s);
        store.write(one, u"token-one"_s, [](const Result<void> &) {});
        store.write(two, u"token-two"_s, [](const Result<void> &) {});
        Capture<Result<QString>> readOne;
        store.read(one, readOne.callback());
        QTRY_VERIFY(readOne.done());
        QCOMPARE(readOne.value().value(), u"token-one"_s);
        QCOMPARE(store.peek(two), std::optional<QString>(u"token-two"_s));
    }

    void valuesRoundTrip_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("unicode") << u"pässwörd 🔑 密码 \u202e"_s;
        QTest::newRow("10 KB") << QString(10 * 1024, u'x');
        QTest::newRow("max size") << QString(SecretStore::kMaxValueBytes, u'y');
        QTest::newRow("newlines") << u"line1\nline2\r\n"_s;
    }
    void valuesRoundTrip()
    {
        QFETCH(QString, value);
        MemorySecretStore store;
        const SecretKey k = key(u"a.example:443"_s, u"byok:openai"_s);
        store.write(k, value, [](const Result<void> &) {});
        Capture<Result<QString>> read;
        store.read(k, read.callback());
        QTRY_VERIFY(read.done());
        QCOMPARE(read.value().value(), value);
    }

    void invalidInput_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("validKey");
        QTest::newRow("empty value") << QString() << true;
        QTest::newRow("U+0000") << u"a\u0000b"_s << true;
        QTest::newRow("too large") << QString(SecretStore::kMaxValueBytes + 1, u'z') << true;
        QTest::newRow("too large in utf-8")
            << QString(SecretStore::kMaxValueBytes / 2, u'é') + u"x"_s << true;
        QTest::newRow("invalid key") << u"v"_s << false;
    }
    void invalidInput()
    {
        QFETCH(QString, value);
        QFETCH(bool, validKey);
        MemorySecretStore store;
        const SecretKey k = validKey ? key(u"a.example:443"_s) : SecretKey();
        Capture<Result<void>> written;
        store.write(k, value, written.callback());
        QTRY_VERIFY(written.done());
        QCOMPARE(written.value().error().code, QString(creditdesk::errc::invalidArgument));
        QVERIFY(store.keys().isEmpty());
        if (!validKey) {
            Capture<Result<QString>> read;
            store.read(k, read.callback());
            Capture<Result<void>> removed;
            store.remove(k, removed.callback());
            QTRY_VERIFY(removed.done());
            QCOMPARE(read.value().error().code, QString(creditdesk::errc::invalidArgument));
            QCOMPARE(removed.value().error().code, QString(creditdesk::errc::invalidArgument));
        }
    }

    void injectedFailures_data()
    {
        QTest::addColumn<QString>("code");
        QTest::newRow("unavailable") << QString(errc::secretServiceUnavailable);
        QTest::newRow("denied") << QString(errc::secretAccessDenied);
        QTest::newRow("failed") << QString(errc::secretStoreFailed);
    }
    void injectedFailures()
    {
        QFETCH(QString, code);
        MemorySecretStore store;
        const SecretKey k = key(u"a.example:443"_s);
        store.write(k, u"kept"_s, [](const Result<void> &) {});
        QTRY_VERIFY(store.peek(k).has_value());
        store.setFailure(Error{code, u"injected"_s, {}});
        Capture<Result<void>> written;
        Capture<Result<QString>> read;
        Capture<Result<void>> removed;
        store.write(k, u"changed"_s, written.callback());
        store.read(k, read.callback());
        store.remove(k, removed.callback());
        QTRY_VERIFY(removed.done());
        QCOMPARE(written.value().error().code, code);
        QCOMPARE(read.value().error().code, code);
        QCOMPARE(removed.value().error().code, code);
        QCOMPARE(store.peek(k), std::optional<QString>(u"kept"_s));
        store.setFailure(std::nullopt);
        Capture<Result<QString>> again;
        store.read(k, again.callback());
        QTRY_VERIFY(again.done());
        QCOMPARE(again.value().value(), u"kept"_s);
    }

    void destroyedStoreDropsCallbacks()
    {
        Capture<Result<void>> written;
        {
            MemorySecretStore store;
            store.write(key(u"a.example:443"_s), u"v"_s, written.callback());
        }
        QTest::qWait(20);
        QVERIFY(!written.done());
    }
};

QTEST_GUILESS_MAIN(TestMemorySecretStore)
#include "test_memory_secret_store.moc"

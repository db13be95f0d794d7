#include "core/licensing/licensing_errors.h"
#include "core/licensing/pinned_keys.h"
#include "tests/unit/licensing/licensing_fixtures.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::licensing;
using namespace creditdesk::licensing::test;
namespace lerr = creditdesk::licensing::errc;

namespace {

QJsonObject keyEntry(const crypto::Ed25519PublicKey &key)
{
    return QJsonObject{
        {u"key_id"_s, key.keyId()}, {u"algorithm"_s, u"Ed25519"_s}, {u"public_key"_s, key.toBase64Url()}};
}

constexpr std::int64_t kNow = 1'773'144'000'000; // 2026-03-10T12:00:00Z

} // namespace

class TestPinnedKeys : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    [[nodiscard]] QString keysPath() const { return QDir(m_dir.path()).filePath(u"pinned-keys.json"_s); }

private slots:
    void init()
    {
        QDir(m_dir.path()).removeRecursively();
        QVERIFY(QDir().mkpath(m_dir.path()));
    }

    void fromBase64Url()
    {
        const auto keys = PinnedKeys::fromBase64Url({serverKey().publicKey().toBase64Url(),
                                                     otherKey().publicKey().toBase64Url(),
                                                     serverKey().publicKey().toBase64Url()});
        QVERIFY(keys);
        QCOMPARE(keys->size(), 2); // duplicates collapse
        QVERIFY(keys->contains(serverKey().publicKey().keyId()));
        QCOMPARE(keys->find(otherKey().publicKey().keyId()), std::optional(otherKey().publicKey()));
        QVERIFY(!keys->find(u"0000000000000000"));

        const auto bad = PinnedKeys::fromBase64Url({serverKey().publicKey().toBase64Url(), u"AAAA"_s});
        QVERIFY(!bad);
        QCOMPARE(bad.error().code, QString(lerr::pinnedKeyInvalid));
        QCOMPARE(bad.error().details.value("index"_L1).toInteger(), 1);
    }

    void fromPublicKeysResponse()
    {
        const QJsonObject data{{u"keys"_s, QJsonArray{keyEntry(serverKey().publicKey())}}};
        const auto keys = PinnedKeys::fromJson(data);
        QVERIFY(keys);
        QCOMPARE(keys->keys(), QList{serverKey().publicKey()});
        QCOMPARE(keys->toJson(), data);
    }

    void rejectsBadEntries_data()
    {
        QTest::addColumn<QJsonObject>("json");
        QJsonObject wrongId = keyEntry(serverKey().publicKey());
        wrongId[u"key_id"_s] = otherKey().publicKey().keyId();
        QJsonObject wrongAlgorithm = keyEntry(serverKey().publicKey());
        wrongAlgorithm[u"algorithm"_s] = u"RS256"_s;
        QJsonObject badKey = keyEntry(serverKey().publicKey());
        badKey[u"public_key"_s] = u"not base64url!"_s;
        QTest::newRow("key_id of another key") << QJsonObject{{u"keys"_s, QJsonArray{wrongId}}};
        QTest::newRow("other algorithm") << QJsonObject{{u"keys"_s, QJsonArray{wrongAlgorithm}}};
        QTest::newRow("bad key") << QJsonObject{{u"keys"_s, QJsonArray{badKey}}};
        QTest::newRow("not an object") << QJsonObject{{u"keys"_s, QJsonArray{5}}};
        QTest::newRow("no keys") << QJsonObject{{u"key"_s, QJsonArray{}}};
    }

    void rejectsBadEntries()
    {
        QFETCH(QJsonObject, json);
        const auto keys = PinnedKeys::fromJson(json);
        QVERIFY(!keys);
        QCOMPARE(keys.error().code, QString(lerr::pinnedKeyInvalid));
    }

    void addAndMerge()
    {
        PinnedKeys keys;
        QVERIFY(keys.isEmpty());
        QVERIFY(keys.add(serverKey().publicKey()));
        QVERIFY(!keys.add(serverKey().publicKey()));
        QVERIFY(!keys.add(crypto::Ed25519PublicKey{}));
        PinnedKeys other;
        other.add(otherKey().publicKey());
        other.add(serverKey().publicKey());
        keys.merge(other);
        QCOMPARE(keys.keys(), (QList{serverKey().publicKey(), otherKey().publicKey()}));
    }

    void saveAndLoad()
    {
        QCOMPARE(PinnedKeys::load(keysPath(), kNow)->size(), 0); // no file: nothing pinned
        PinnedKeys keys;
        keys.add(serverKey().publicKey());
        keys.add(otherKey().publicKey());
        QVERIFY(keys.save(keysPath()));
        QCOMPARE(mode(keysPath()), 0600);
        const auto loaded = PinnedKeys::load(keysPath(), kNow);
        QVERIFY(loaded);
        QCOMPARE(loaded->keys(), keys.keys());
    }

    void damagedFileIsSetAside_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::newRow("truncated") << QByteArray(
            "{\"format\":\"creditdesk.pinned-keys.v1\",\"keys\":[{\"key_");
        QJsonObject entry = keyEntry(serverKey().publicKey());
        entry[u"key_id"_s] = u"0000000000000000"_s;
        QTest::newRow("mismatched key_id")
            << QJsonDocument(
                   QJsonObject{{u"format"_s, u"creditdesk.pinned-keys.v1"_s}, {u"keys"_s, QJsonArray{entry}}})
                   .toJson();
    }

    void damagedFileIsSetAside()
    {
        QFETCH(QByteArray, contents);
        writeFile(keysPath(), contents);
        const auto loaded = PinnedKeys::load(keysPath(), kNow);
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().code, QString(lerr::pinnedKeysCorrupt));
        QCOMPARE(readFile(loaded.error().details.value("moved_to"_L1).toString()), contents);
        QVERIFY(!QFileInfo::exists(keysPath()));
    }

    void saveFailure()
    {
        QVERIFY(QDir(m_dir.path()).mkdir(u"pinned-keys.json"_s));
        QCOMPARE(pinnedServerKey().save(keysPath()).error().code, QString(lerr::profileFileIo));
        QCOMPARE(PinnedKeys::load(keysPath(), kNow).error().code, QString(lerr::profileFileIo));
    }
};

QTEST_GUILESS_MAIN(TestPinnedKeys)
#include "test_pinned_keys.moc"

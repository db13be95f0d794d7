#include "core/crypto/crypto_errors.h"
#include "core/crypto/ed25519.h"
#include "core/crypto/primitives.h"
#include "core/crypto/rsa_key.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/err.h>

using namespace Qt::StringLiterals;
using namespace creditdesk::crypto;

namespace {

constexpr QFileDevice::Permissions kGroupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                                   QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                                   QFileDevice::WriteOther | QFileDevice::ExeOther;

} // namespace

class TestEd25519 : public QObject {
    Q_OBJECT

private slots:
    void rfc8032Vectors_data()
    {
        QTest::addColumn<QByteArray>("seed");
        QTest::addColumn<QByteArray>("publicKey");
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QByteArray>("signature");
        QTest::newRow("TEST 1")
            << QByteArray::fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
            << QByteArray::fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
            << QByteArray()
            << QByteArray::fromHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                                   "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        QTest::newRow("TEST 2")
            << QByteArray::fromHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")
            << QByteArray::fromHex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
            << QByteArray::fromHex("72")
            << QByteArray::fromHex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                                   "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
    }

    void rfc8032Vectors()
    {
        QFETCH(QByteArray, seed);
        QFETCH(QByteArray, publicKey);
        QFETCH(QByteArray, message);
        QFETCH(QByteArray, signature);
        const auto key = Ed25519PrivateKey::fromRawSeed(seed);
        QVERIFY(key);
        QCOMPARE(key->publicKey().raw(), publicKey);
        QCOMPARE(key->sign(message).value(), signature);
        const auto pub = Ed25519PublicKey::fromRaw(publicKey);
        QVERIFY(pub);
        QVERIFY(pub->verify(message, signature));
        QVERIFY(!pub->verify(QByteArray(message).append('x'), signature));
    }

    void keyIdIsFirst16HexOfSha256OfRawKey()
    {
        const auto pub = Ed25519PublicKey::fromRaw(
            QByteArray::fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        QVERIFY(pub);
        QCOMPARE(pub->keyId(), u"21fe31dfa154a261"_s);
        QCOMPARE(keyId(*pub), u"21fe31dfa154a261"_s);
    }

    void generatedKeySignsAndVerifies()
    {
        const auto key = Ed25519PrivateKey::generate();
        QVERIFY(key);
        const QByteArray message = "activation payload";
        const auto signature = key->sign(message);
        QVERIFY(signature);
        QCOMPARE(signature->size(), 64);
        QVERIFY(key->publicKey().verify(message, *signature));

        QByteArray flipped = *signature;
        flipped[10] = static_cast<char>(flipped[10] ^ 0x01);
        QVERIFY(!key->publicKey().verify(message, flipped));
        QVERIFY(!key->publicKey().verify(message, signature->left(63)));
        QVERIFY(!Ed25519PrivateKey::generate()->publicKey().verify(message, *signature));
        QVERIFY(!Ed25519PublicKey().verify(message, *signature));
    }

    void publicKeyBase64UrlRoundTrip()
    {
        const auto key = Ed25519PrivateKey::generate();
        QVERIFY(key);
        const QString text = key->publicKey().toBase64Url();
        QCOMPARE(text.size(), 43);
        QCOMPARE(Ed25519PublicKey::fromBase64Url(text).value(), key->publicKey());
    }

    void rejectsBadRawKeys()
    {
        QCOMPARE(Ed25519PublicKey::fromRaw(QByteArray(31, 'a')).error().code, QString(errc::keyInvalid));
        QCOMPARE(Ed25519PublicKey::fromBase64Url(u"not base64url!"_s).error().code,
                 QString(errc::keyInvalid));
        QCOMPARE(Ed25519PrivateKey::fromRawSeed(QByteArray(33, 'a')).error().code, QString(errc::keyInvalid));
    }

    void pemRoundTrip()
    {
        const auto key = Ed25519PrivateKey::generate();
        QVERIFY(key);
        const auto pem = key->toPem();
        QVERIFY(pem);
        QVERIFY(pem->startsWith("-----BEGIN PRIVATE KEY-----"));
        const auto loaded = Ed25519PrivateKey::fromPem(*pem);
        QVERIFY(loaded);
        QCOMPARE(loaded->publicKey(), key->publicKey());
        QCOMPARE(loaded->sign("m").value(), key->sign("m").value());
    }

    void pemErrors()
    {
        QCOMPARE(Ed25519PrivateKey::fromPem("garbage").error().code, QString(errc::keyInvalid));
        const auto rsa = RsaPrivateKey::generate();
        QVERIFY(rsa);
        QCOMPARE(Ed25519PrivateKey::fromPem(rsa->toPem().value()).error().code, QString(errc::keyWrongType));
    }

    void fileSaveLoadWithOwnerOnlyPermissions()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"signing.pem"_s);
        const auto key = Ed25519PrivateKey::generate();
        QVERIFY(key);
        QVERIFY(key->saveToFile(path));
        const auto permissions = QFile::permissions(path);
        QVERIFY(permissions.testFlag(QFileDevice::ReadOwner));
        QVERIFY(permissions.testFlag(QFileDevice::WriteOwner));
        QVERIFY(!permissions.testFlag(QFileDevice::ExeOwner));
        QCOMPARE(permissions & kGroupOrOther, QFileDevice::Permissions());
        QCOMPARE(Ed25519PrivateKey::loadFromFile(path)->publicKey(), key->publicKey());
    }

    void saveTightensAnExistingFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"signing.pem"_s);
        QFile existing(path);
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("old");
        existing.close();
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                QFileDevice::ReadGroup | QFileDevice::ReadOther));
        QVERIFY(Ed25519PrivateKey::generate()->saveToFile(path));
        QCOMPARE(QFile::permissions(path) & kGroupOrOther, QFileDevice::Permissions());
        QVERIFY(Ed25519PrivateKey::loadFromFile(path));
    }

    void fileErrors()
    {
        QTemporaryDir dir;
        const auto key = Ed25519PrivateKey::generate();
        QVERIFY(key);
        QCOMPARE(key->saveToFile(dir.filePath(u"missing/dir/key.pem"_s)).error().code,
                 QString(errc::keyFileIo));
        QCOMPARE(Ed25519PrivateKey::loadFromFile(dir.filePath(u"absent.pem"_s)).error().code,
                 QString(errc::keyFileIo));
        QFile big(dir.filePath(u"big.pem"_s));
        QVERIFY(big.open(QIODevice::WriteOnly));
        big.write(QByteArray(100 * 1024, 'A'));
        big.close();
        QCOMPARE(Ed25519PrivateKey::loadFromFile(big.fileName()).error().code, QString(errc::keyFileIo));
    }

    void failuresLeaveNoOpenSslErrors()
    {
        // A stale error queue would be misreported by the next OpenSSL user (Qt's TLS backend too).
        ERR_clear_error();
        QVERIFY(
            !Ed25519PrivateKey::fromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));
        QVERIFY(!Ed25519PrivateKey::fromPem("garbage"));
        const auto key = Ed25519PrivateKey::generate();
        QVERIFY(!key->publicKey().verify("m", QByteArray(64, '\0')));
        QVERIFY(Ed25519PrivateKey::fromPem(key->toPem().value()));
        QCOMPARE(ERR_peek_error(), 0UL);
    }

    void errorMessagesCarryTheOpenSslReason()
    {
        const auto result =
            Ed25519PrivateKey::fromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        QVERIFY(!result);
        QVERIFY2(result.error().message.contains(u"error:"_s), qPrintable(result.error().message));
    }

    void nullKeyCannotSign()
    {
        QVERIFY(Ed25519PrivateKey().isNull());
        QCOMPARE(Ed25519PrivateKey().sign("m").error().code, u"invalid_argument"_s);
        QCOMPARE(Ed25519PrivateKey().saveToFile(u"/tmp/never-written.pem"_s).error().code,
                 u"invalid_argument"_s);
    }
};

QTEST_GUILESS_MAIN(TestEd25519)
#include "test_ed25519.moc"

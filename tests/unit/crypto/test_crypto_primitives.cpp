#include "core/crypto/crypto_errors.h"
#include "core/crypto/primitives.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk::crypto;

class TestCryptoPrimitives : public QObject {
    Q_OBJECT

private slots:
    void sha256KnownVectors()
    {
        QCOMPARE(sha256Hex("abc"), u"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"_s);
        QCOMPARE(sha256Hex(""), u"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"_s);
        QCOMPARE(sha256("abc").size(), 32);
        QCOMPARE(toHex(sha256("abc")), sha256Hex("abc"));
    }

    void hexIsLowercase() { QCOMPARE(toHex(QByteArray::fromHex("00ABff10")), u"00abff10"_s); }

    void randomBytesHasRequestedSizeAndVaries()
    {
        const auto a = randomBytes(16);
        const auto b = randomBytes(16);
        QVERIFY(a && b);
        QCOMPARE(a->size(), 16);
        QVERIFY(*a != *b);
        QCOMPARE(randomBytes(0).value(), QByteArray());
    }

    void randomBytesRejectsBadSizes()
    {
        QCOMPARE(randomBytes(-1).error().code, u"invalid_argument"_s);
        QCOMPARE(randomBytes(2 * 1024 * 1024).error().code, u"invalid_argument"_s);
    }

    void constantTimeEqualsComparesContentAndLength()
    {
        QVERIFY(constantTimeEquals("secret", "secret"));
        QVERIFY(!constantTimeEquals("secret", "secreT"));
        QVERIFY(!constantTimeEquals("secret", "secret1"));
        QVERIFY(!constantTimeEquals("", "x"));
        QVERIFY(constantTimeEquals("", QByteArrayView()));
    }

    void base64UrlEncodeVectors_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QString>("encoded");
        // RFC 4648 §10, without padding.
        QTest::newRow("empty") << QByteArray() << QString();
        QTest::newRow("f") << "f"_ba << u"Zg"_s;
        QTest::newRow("fo") << "fo"_ba << u"Zm8"_s;
        QTest::newRow("foo") << "foo"_ba << u"Zm9v"_s;
        QTest::newRow("foob") << "foob"_ba << u"Zm9vYg"_s;
        QTest::newRow("fooba") << "fooba"_ba << u"Zm9vYmE"_s;
        QTest::newRow("foobar") << "foobar"_ba << u"Zm9vYmFy"_s;
        QTest::newRow("url alphabet") << QByteArray::fromHex("fbff") << u"-_8"_s;
    }

    void base64UrlEncodeVectors()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QString, encoded);
        QCOMPARE(base64UrlEncode(raw), encoded);
        QCOMPARE(base64UrlDecode(encoded).value(), raw);
        QCOMPARE(base64UrlDecode(encoded.toLatin1()).value(), raw);
    }

    void base64UrlDecodeRejects_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("padding") << u"Zg=="_s;
        QTest::newRow("single padding") << u"Zm8="_s;
        QTest::newRow("standard alphabet plus") << u"+_8"_s;
        QTest::newRow("standard alphabet slash") << u"-/8"_s;
        QTest::newRow("whitespace") << u"Zm9v Yg"_s;
        QTest::newRow("newline") << u"Zm9v\n"_s;
        QTest::newRow("impossible length") << u"Zm9vY"_s;
        QTest::newRow("non-zero trailing bits") << u"Zh"_s;
        QTest::newRow("non-ascii") << u"Zm9v\u00e9"_s;
        QTest::newRow("dot") << u"Zm9v.Yg"_s;
    }

    void base64UrlDecodeRejects()
    {
        QFETCH(QString, text);
        const auto decoded = base64UrlDecode(text);
        QVERIFY(!decoded);
        QCOMPARE(decoded.error().code, QString(errc::invalidBase64Url));
    }
};

QTEST_GUILESS_MAIN(TestCryptoPrimitives)
#include "test_crypto_primitives.moc"

#include "core/crypto/crypto_errors.h"
#include "core/crypto/password_hash.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk::crypto;

class TestPasswordHash : public QObject {
    Q_OBJECT

private:
    QString m_hash; // of "correct horse battery staple"

private slots:
    void initTestCase()
    {
        const auto hash = hashPassword(u"correct horse battery staple");
        QVERIFY(hash);
        m_hash = *hash;
    }

    void hashIsSelfDescribing()
    {
        QVERIFY(m_hash.startsWith(u"scrypt$32768$8$1$"));
        const auto params = parsePasswordHash(m_hash);
        QVERIFY(params);
        QCOMPARE(params->n, quint64(32768));
        QCOMPARE(params->r, quint32(8));
        QCOMPARE(params->p, quint32(1));
        QCOMPARE(params->salt.size(), 16);
        QCOMPARE(params->hash.size(), 32);
        QVERIFY(!passwordHashNeedsRehash(m_hash));
    }

    void verifiesRightAndRejectsWrongPassword()
    {
        QVERIFY(verifyPassword(u"correct horse battery staple", m_hash));
        QVERIFY(!verifyPassword(u"correct horse battery stapl", m_hash));
        QVERIFY(!verifyPassword(u"", m_hash));
    }

    void saltMakesEveryHashDifferent()
    {
        const auto again = hashPassword(u"correct horse battery staple");
        QVERIFY(again);
        QVERIFY(*again != m_hash);
        QVERIFY(verifyPassword(u"correct horse battery staple", *again));
    }

    void unicodeIsNormalized()
    {
        const auto hash = hashPassword(u"caf\u00e9");
        QVERIFY(hash);
        QVERIFY(verifyPassword(u"cafe\u0301", *hash));
        QVERIFY(!verifyPassword(u"cafe", *hash));
    }

    void rfc7914Vector()
    {
        // scrypt("password", "NaCl", N=1024, r=8, p=16, dkLen=64), RFC 7914 §12.
        const QString encoded =
            u"scrypt$1024$8$16$TmFDbA$_bq-HJ00cgB4VucZDQHp_nxq18vII3gw53N2Y0s3MWIurzDZLiKjiG_"
            u"xCSedmDDaxyevuUqD7m2DYMvfoswGQA"_s;
        QVERIFY(verifyPassword(u"password", encoded));
        QVERIFY(!verifyPassword(u"Password", encoded));
        QVERIFY(passwordHashNeedsRehash(encoded));
    }

    void tamperedEncodingsFail_data()
    {
        QTest::addColumn<QString>("encoded");
        QTest::addColumn<bool>("parses");
        const QStringList parts = m_hash.split(u'$');
        auto with = [&](int index, const QString &value) {
            QStringList copy = parts;
            copy[index] = value;
            return copy.join(u'$');
        };
        QString flippedHash = parts[5];
        flippedHash[0] = flippedHash[0] == u'A' ? u'B' : u'A';
        QTest::newRow("hash changed") << with(5, flippedHash) << true;
        QTest::newRow("salt changed") << with(4, u"AAAAAAAAAAAAAAAAAAAAAA"_s) << true;
        QTest::newRow("smaller N") << with(1, u"16384"_s) << true;
        QTest::newRow("other r") << with(2, u"4"_s) << true;
        QTest::newRow("other algorithm") << with(0, u"bcrypt"_s) << false;
        QTest::newRow("N not a power of two") << with(1, u"30000"_s) << false;
        QTest::newRow("absurd N") << with(1, u"1073741824"_s) << false;
        QTest::newRow("N too long") << with(1, u"99999999999999999999"_s) << false;
        QTest::newRow("N with sign") << with(1, u"+32768"_s) << false;
        QTest::newRow("N with leading zero") << with(1, u"032768"_s) << false;
        QTest::newRow("r zero") << with(2, u"0"_s) << false;
        QTest::newRow("r too big") << with(2, u"64"_s) << false;
        QTest::newRow("p zero") << with(3, u"0"_s) << false;
        QTest::newRow("memory too big") << with(1, u"1048576"_s) << false;
        QTest::newRow("salt padded") << with(4, parts[4] + u"=="_s) << false;
        QTest::newRow("salt too short") << with(4, u"AAA"_s) << false;
        QTest::newRow("hash not base64url") << with(5, u"!!!!"_s) << false;
        QTest::newRow("hash too short") << with(5, u"AAAA"_s) << false;
        QTest::newRow("truncated") << m_hash.left(m_hash.lastIndexOf(u'$')) << false;
        QTest::newRow("extra field") << m_hash + u"$x"_s << false;
        QTest::newRow("empty") << QString() << false;
    }

    void tamperedEncodingsFail()
    {
        QFETCH(QString, encoded);
        QFETCH(bool, parses);
        QVERIFY(!verifyPassword(u"correct horse battery staple", encoded));
        const auto params = parsePasswordHash(encoded);
        QCOMPARE(params.has_value(), parses);
        if (!parses) {
            QCOMPARE(params.error().code, QString(errc::passwordHashMalformed));
            QVERIFY(passwordHashNeedsRehash(encoded));
        }
    }
};

QTEST_GUILESS_MAIN(TestPasswordHash)
#include "test_password_hash.moc"

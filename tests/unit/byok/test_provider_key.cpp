// Key normalisation and the masked hint: a hint never shows more than a
// public vendor prefix and the last four characters.
#include "core/byok/byok_errors.h"
#include "core/byok/provider_key.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::byok;

class TestProviderKey : public QObject {
    Q_OBJECT

private slots:
    void normalizesPastedKeys()
    {
        QCOMPARE(*normalizeProviderKey(u"  sk-abcdefghijklmnop\n"), u"sk-abcdefghijklmnop"_s);
        QCOMPARE(*normalizeProviderKey(u"\tAIzaSyA-1234567890_abcdefghij\r\n"),
                 u"AIzaSyA-1234567890_abcdefghij"_s);
        QCOMPARE(normalizeProviderKey(u"12345678")->size(), 8);
    }

    void refusesBadKeys_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << u""_s << u"empty"_s;
        QTest::newRow("blank") << u" \n\t"_s << u"empty"_s;
        QTest::newRow("short") << u"sk-1234"_s << u"too_short"_s;
        QTest::newRow("long") << QString(1025, u'a') << u"too_long"_s;
        QTest::newRow("inner space") << u"sk-abc defghijkl"_s << u"bad_character"_s;
        QTest::newRow("newline inside") << u"sk-abcdefgh\nX-Evil: 1"_s << u"bad_character"_s;
        QTest::newRow("non-ascii") << u"sk-abcdéfghijkl"_s << u"bad_character"_s;
        QTest::newRow("nul") << u"sk-abcdefgh"_s + QChar(u'\0') + u"ijkl"_s << u"bad_character"_s;
    }
    void refusesBadKeys()
    {
        QFETCH(QString, key);
        QFETCH(QString, reason);
        auto result = normalizeProviderKey(key);
        QVERIFY(!result);
        QCOMPARE(result.error().code, QString(byok::errc::providerKeyInvalid));
        QCOMPARE(result.error().details.value(u"reason"_s).toString(), reason);
        if (key.trimmed().size() >= 4)
            QVERIFY(!result.error().message.contains(key.trimmed().right(4)));
    }

    void hints_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("hint");
        QTest::newRow("openai") << u"sk-abcdefghijklmnopqrstuvwxyz1234"_s << u"sk-…1234"_s;
        QTest::newRow("openai project") << u"sk-proj-abcdefghijklmnopqrstWXYZ"_s << u"sk-proj-…WXYZ"_s;
        QTest::newRow("anthropic") << u"sk-ant-api03-abcdefghijklmnop-9876"_s << u"sk-ant-…9876"_s;
        QTest::newRow("google") << u"AIzaSyD-abcdefghijklmnopqrstu_vw"_s << u"AIza…u_vw"_s;
        QTest::newRow("no prefix") << u"0123456789abcdef"_s << u"…cdef"_s;
        QTest::newRow("12 chars") << u"abcdefghijkl"_s << u"…ijkl"_s;
        QTest::newRow("11 chars") << u"abcdefghijk"_s << u"…"_s;
        // The prefix only shows in front of a long enough rest.
        QTest::newRow("sk- short rest") << u"sk-abcdefghij"_s << u"…ghij"_s;
        QTest::newRow("sk-ant- short rest") << u"sk-ant-abcdefghijk"_s << u"sk-…hijk"_s;
    }
    void hints()
    {
        QFETCH(QString, key);
        QFETCH(QString, hint);
        QCOMPARE(maskProviderKey(key), hint);
    }

    // Whatever the key: the hint's characters after "…" are at most the last
    // four, and before it only a public prefix.
    void hintRevealsAtMostTheLastFour()
    {
        const QString alphabet = u"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"_s;
        for (int length = 8; length <= 80; ++length) {
            QString key;
            for (int i = 0; i < length; ++i)
                key.append(alphabet.at((i * 7 + length) % alphabet.size()));
            for (const QString &prefix : {u""_s, u"sk-"_s, u"sk-ant-"_s, u"AIza"_s}) {
                const QString k = QString(prefix + key).left(std::max<qsizetype>(length, prefix.size() + 1));
                const QString hint = maskProviderKey(k);
                const qsizetype ellipsis = hint.indexOf(u'…');
                QVERIFY(ellipsis >= 0);
                const QString head = hint.left(ellipsis);
                const QString tail = hint.mid(ellipsis + 1);
                QVERIFY(tail.size() <= 4);
                QVERIFY(k.endsWith(tail));
                QVERIFY(head.isEmpty() || head == u"sk-"_s || head == u"sk-ant-"_s || head == u"sk-proj-"_s ||
                        head == u"AIza"_s);
                QVERIFY(k.startsWith(head));
                // Never the whole key, and never more than 4 of its secret characters.
                QVERIFY(hint.size() < k.size() || k.size() <= 8);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestProviderKey)
#include "test_provider_key.moc"

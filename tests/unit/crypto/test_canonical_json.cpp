#include "core/crypto/canonical_json.h"
#include "core/crypto/crypto_errors.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using namespace creditdesk::crypto;

class TestCanonicalJson : public QObject {
    Q_OBJECT

private:
    static QByteArray canonical(const QJsonValue &value) { return canonicalJson(value).value(); }

private slots:
    void contractExampleByteForByte()
    {
        // api-contract §10.1, verbatim.
        const QByteArray expected =
            R"({"byok_enabled":true,"eligible_major_version":1,"issued_at":"2025-11-27T05:37:00.000Z","license_id":"<uuid>","license_key_sha256":"<64 hex>","machine_fingerprint":"<fp>","tier":"perpetual","user_id":"<uuid>","valid_until":"2025-12-27T05:37:00.000Z"})";
        const QJsonObject payload{
            {u"valid_until"_s, u"2025-12-27T05:37:00.000Z"_s},
            {u"user_id"_s, u"<uuid>"_s},
            {u"tier"_s, u"perpetual"_s},
            {u"machine_fingerprint"_s, u"<fp>"_s},
            {u"license_key_sha256"_s, u"<64 hex>"_s},
            {u"license_id"_s, u"<uuid>"_s},
            {u"issued_at"_s, u"2025-11-27T05:37:00.000Z"_s},
            {u"eligible_major_version"_s, 1},
            {u"byok_enabled"_s, true},
        };
        QCOMPARE(canonicalJson(payload).value(), expected);
        // Parsing the canonical form and re-encoding it is the identity.
        QCOMPARE(canonicalJson(QJsonDocument::fromJson(expected).object()).value(), expected);
    }

    void keysAreSortedByUtf8Bytes()
    {
        const QJsonObject object{{u"b"_s, 1}, {u"a"_s, 2}, {u"B"_s, 3}, {u"aa"_s, 4}, {u"\u00e9"_s, 5}};
        QCOMPARE(canonical(object), "{\"B\":3,\"a\":2,\"aa\":4,\"b\":1,\"\xc3\xa9\":5}"_ba);
        // UTF-16 order would put the astral character (a surrogate pair) first.
        const QJsonObject astral{{u"\U0001F600"_s, 1}, {u"\uFFFF"_s, 2}};
        QCOMPARE(canonical(astral), "{\"\xef\xbf\xbf\":2,\"\xf0\x9f\x98\x80\":1}"_ba);
    }

    void escapesOnlyQuoteBackslashAndControlCharacters()
    {
        const QString text = u"a\"b\\c\n\t\u0001\u001f\u007f/\u00e9\u2028<>&"_s;
        QCOMPARE(canonical(text),
                 "\"a\\\"b\\\\c\\u000a\\u0009\\u0001\\u001f\x7f/\xc3\xa9\xe2\x80\xa8<>&\""_ba);
        QCOMPARE(canonical(QString(QChar(0))), "\"\\u0000\""_ba);
        QCOMPARE(canonical(QJsonObject{{u"k\n"_s, u"v"_s}}), "{\"k\\u000a\":\"v\"}"_ba);
    }

    void scalarsArraysAndNesting()
    {
        const QJsonObject object{
            {u"z"_s, QJsonValue::Null},
            {u"list"_s, QJsonArray{3, u"x"_s, false, QJsonObject{{u"b"_s, 1}, {u"a"_s, QJsonArray{}}}}},
            {u"neg"_s, -42},
            {u"zero"_s, 0},
            {u"big"_s, qint64(9007199254740991)},
            {u"empty"_s, QJsonObject{}},
        };
        QCOMPARE(
            canonical(object),
            R"({"big":9007199254740991,"empty":{},"list":[3,"x",false,{"a":[],"b":1}],"neg":-42,"z":null,"zero":0})"_ba);
    }

    void rejectsFloatingPointNumbers_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("fraction") << QJsonValue(1.5);
        QTest::newRow("nested in array") << QJsonValue(QJsonArray{1, 2.25});
        QTest::newRow("nested in object") << QJsonValue(QJsonObject{{u"a"_s, QJsonObject{{u"b"_s, 0.1}}}});
        QTest::newRow("parsed 0.5") << QJsonDocument::fromJson("{\"a\":0.5}").object().value("a"_L1);
        QTest::newRow("parsed 1e300") << QJsonDocument::fromJson("{\"a\":1e300}").object().value("a"_L1);
        QTest::newRow("infinity") << QJsonValue(std::numeric_limits<double>::infinity());
        QTest::newRow("beyond 2^53") << QJsonValue(qint64(9007199254740992));
        QTest::newRow("below -2^53") << QJsonValue(qint64(-9007199254740992));
    }

    void rejectsFloatingPointNumbers()
    {
        QFETCH(QJsonValue, value);
        const auto result = canonicalJson(value);
        QVERIFY(!result);
        QCOMPARE(result.error().code, QString(errc::canonicalJsonNonInteger));
    }

    void parsedIntegersAreAccepted()
    {
        QCOMPARE(canonical(QJsonDocument::fromJson("{\"a\":17,\"b\":-3}").object()),
                 "{\"a\":17,\"b\":-3}"_ba);
    }

    void integralDoublesBecomeIntegers()
    {
        // Qt 6 keeps no trace of "1.0" once parsed; the canonical form is the integer.
        QCOMPARE(canonical(QJsonValue(1.0)), "1"_ba);
        QCOMPARE(canonical(QJsonDocument::fromJson("{\"a\":1e3}").object()), "{\"a\":1000}"_ba);
    }

    void rejectsUndefinedAndUnpairedSurrogates()
    {
        QCOMPARE(canonicalJson(QJsonValue(QJsonValue::Undefined)).error().code,
                 QString(errc::canonicalJsonInvalid));
        const QString lone = QString(QChar(0xD83D)) + u"x"_s;
        QCOMPARE(canonicalJson(QJsonValue(lone)).error().code, QString(errc::canonicalJsonInvalid));
        QCOMPARE(canonicalJson(QJsonObject{{lone, 1}}).error().code, QString(errc::canonicalJsonInvalid));
        QCOMPARE(canonicalJson(QJsonValue(QString(QChar(0xDE00)))).error().code,
                 QString(errc::canonicalJsonInvalid));
    }
};

QTEST_GUILESS_MAIN(TestCanonicalJson)
#include "test_canonical_json.moc"

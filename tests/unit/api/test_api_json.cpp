// The client's strict JSON reader (json_node.h) and typed field reads
// (json_fields.h): number literals kept as text, exact decimals, hostile input.
#include "core/api/api_errors.h"
#include "core/api/json_fields.h"
#include "core/api/json_node.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::api;

namespace {

JsonNode parsed(QByteArrayView text)
{
    auto json = parseJson(text);
    if (!json)
        qFatal("%s", qPrintable(json.error().message));
    return *json;
}

} // namespace

class TestApiJson : public QObject {
    Q_OBJECT

private slots:
    void acceptsValidDocuments_data();
    void acceptsValidDocuments();
    void rejectsMalformedDocuments_data();
    void rejectsMalformedDocuments();
    void keepsNumberLiterals();
    void decodesStrings();
    void limitsNesting();
    void writesCompactJson();
    void scaledDecimals_data();
    void scaledDecimals();
    void fieldReaderReportsTheFirstProblem();
    void fieldReaderTypes();
    void fieldReaderAmounts();
    void fieldReaderLists();
};

void TestApiJson::acceptsValidDocuments_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("object") << QByteArray(R"( {"a": [1, -2.5e3, true, false, null, "x"]} )");
    QTest::newRow("scalar") << QByteArray("42");
    QTest::newRow("empty containers") << QByteArray(R"({"a":{},"b":[]})");
    QTest::newRow("unicode raw") << QByteArray("\"h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80\"");
    QTest::newRow("escapes") << QByteArray(R"("\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00")");
    QTest::newRow("NUL escape") << QByteArray(R"("a\u0000b")");
}

void TestApiJson::acceptsValidDocuments()
{
    QFETCH(QByteArray, text);
    QVERIFY(parseJson(text).has_value());
}

void TestApiJson::rejectsMalformedDocuments_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("truncated object") << QByteArray(R"({"a":1)");
    QTest::newRow("truncated string") << QByteArray(R"({"a":"bc)");
    QTest::newRow("trailing comma") << QByteArray(R"({"a":1,})");
    QTest::newRow("trailing data") << QByteArray(R"({"a":1} {})");
    QTest::newRow("duplicate key") << QByteArray(R"({"a":1,"a":2})");
    QTest::newRow("single quotes") << QByteArray(R"({'a':1})");
    QTest::newRow("leading zero") << QByteArray("012");
    QTest::newRow("plus sign") << QByteArray("+1");
    QTest::newRow("bare dot") << QByteArray("1.");
    QTest::newRow("NaN") << QByteArray("NaN");
    QTest::newRow("raw control char") << QByteArray("\"a\tb\"");
    QTest::newRow("raw NUL") << QByteArray("\"a\0b\"", 5);
    QTest::newRow("bad escape") << QByteArray(R"("\x41")");
    QTest::newRow("lone high surrogate") << QByteArray(R"("\ud83d")");
    QTest::newRow("lone low surrogate") << QByteArray(R"("\ude00")");
    QTest::newRow("invalid UTF-8") << QByteArray("\"\xff\"");
    QTest::newRow("overlong UTF-8") << QByteArray("\"\xc0\xaf\"");
    QTest::newRow("UTF-8 surrogate") << QByteArray("\"\xed\xa0\x80\"");
    QTest::newRow("truncated UTF-8") << QByteArray("\"\xe2\x82");
    QTest::newRow("BOM") << QByteArray("\xef\xbb\xbf{}");
    QTest::newRow("HTML") << QByteArray("<html>502 Bad Gateway</html>");
    QTest::newRow("comment") << QByteArray("{/* x */}");
}

void TestApiJson::rejectsMalformedDocuments()
{
    QFETCH(QByteArray, text);
    const auto result = parseJson(text);
    QVERIFY(!result);
    QCOMPARE(result.error().code, QString(api::errc::invalidResponse));
    QCOMPARE(result.error().details.value(u"reason"_s).toString(), u"malformed_json"_s);
}

void TestApiJson::keepsNumberLiterals()
{
    const JsonNode node = parsed(R"({"a":1399.75,"b":0.1,"c":12345678901234567890123,"d":-0,"e":1E+2})");
    QCOMPARE(node.find(u"a")->text(), u"1399.75"_s);
    QCOMPARE(node.find(u"b")->text(), u"0.1"_s);
    QCOMPARE(node.find(u"c")->text(), u"12345678901234567890123"_s);
    QCOMPARE(node.find(u"d")->text(), u"-0"_s);
    QCOMPARE(node.find(u"e")->text(), u"1E+2"_s);
    QVERIFY(node.find(u"missing") == nullptr);
    QCOMPARE(node.members().at(0).first, u"a"_s); // document order
    QVERIFY(isJsonNumber(u"-1.5e-3"));
    QVERIFY(!isJsonNumber(u"1.5e"));
    QVERIFY(!isJsonNumber(u" 1"));
}

void TestApiJson::decodesStrings()
{
    const JsonNode node = parsed(R"(["\u00e9\ud83d\ude00", "a\u0000b", "h\u00e9", "\/"])");
    QCOMPARE(node.items().at(0).text(), u"é😀"_s);
    QCOMPARE(node.items().at(1).text().size(), 3);
    QCOMPARE(node.items().at(1).text().at(1), QChar(u'\0'));
    QCOMPARE(node.items().at(2).text(), u"hé"_s);
    QCOMPARE(node.items().at(3).text(), u"/"_s);
}

void TestApiJson::limitsNesting()
{
    const QByteArray deep = QByteArray(65, '[') + QByteArray(65, ']');
    QVERIFY(!parseJson(deep));
    const QByteArray ok = QByteArray(64, '[') + QByteArray(64, ']');
    QVERIFY(parseJson(ok).has_value());
    const QByteArray hostile = QByteArray(100'000, '[');
    QVERIFY(!parseJson(hostile)); // no stack overflow
}

void TestApiJson::writesCompactJson()
{
    JsonNode body = JsonNode::object();
    body.insert(u"code"_s, JsonNode::string(u"SAVE\"20\n"_s));
    body.insert(u"cart_total"_s, JsonNode::numberLiteral(u"12.50"_s));
    body.insert(u"n"_s, JsonNode::integer(-3));
    body.insert(u"ok"_s, JsonNode::boolean(true));
    body.insert(u"none"_s, JsonNode());
    body.insert(u"ctl"_s, JsonNode::string(QString(QChar(u'\x01'))));
    body.insert(u"n"_s, JsonNode::integer(4)); // replaces
    QCOMPARE(
        body.toJson(),
        QByteArray(R"({"code":"SAVE\"20\n","cart_total":12.50,"n":4,"ok":true,"none":null,"ctl":"\u0001"})"));
    QCOMPARE(parsed(body.toJson()).find(u"code")->text(), u"SAVE\"20\n"_s);
    const JsonNode fromQt =
        JsonNode::fromQJson(QJsonObject{{u"t"_s, 0.7}, {u"i"_s, 42}, {u"a"_s, QJsonArray{u"x"_s}}});
    QCOMPARE(fromQt.find(u"t")->text(), u"0.7"_s);
    QCOMPARE(fromQt.find(u"i")->text(), u"42"_s);
    QCOMPARE(fromQt.toQJson().toObject().value(u"a"_s).toArray().at(0).toString(), u"x"_s);
}

void TestApiJson::scaledDecimals_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("scale");
    QTest::addColumn<bool>("exact");
    QTest::addColumn<qint64>("expected"); // LLONG_MIN = error
    const qint64 error = std::numeric_limits<qint64>::min();
    QTest::newRow("integer") << QByteArray("12") << 2 << true << qint64(1200);
    QTest::newRow("two decimals") << QByteArray("1399.75") << 2 << true << qint64(139975);
    QTest::newRow("negative") << QByteArray("-0.25") << 2 << true << qint64(-25);
    QTest::newRow("trailing zeros") << QByteArray("1.500") << 2 << true << qint64(150);
    QTest::newRow("exponent") << QByteArray("1.5e2") << 2 << true << qint64(15000);
    QTest::newRow("negative exponent") << QByteArray("125e-2") << 2 << true << qint64(125);
    QTest::newRow("three decimals") << QByteArray("1.005") << 2 << true << error;
    QTest::newRow("tiny") << QByteArray("1e-7") << 2 << true << error;
    QTest::newRow("huge") << QByteArray("1e20") << 2 << true << error;
    QTest::newRow("huge digits") << QByteArray("123456789012345678") << 0 << true << error;
    QTest::newRow("string") << QByteArray(R"("12.5")") << 2 << true << qint64(1250);
    QTest::newRow("string with exponent") << QByteArray(R"("1e2")") << 2 << true << error;
    QTest::newRow("string with comma") << QByteArray(R"("1,5")") << 2 << true << error;
    QTest::newRow("string with space") << QByteArray(R"(" 1.5")") << 2 << true << error;
    QTest::newRow("empty string") << QByteArray(R"("")") << 2 << true << error;
    QTest::newRow("bool") << QByteArray("true") << 2 << true << error;
    QTest::newRow("null") << QByteArray("null") << 2 << true << error;
    QTest::newRow("round half up") << QByteArray("0.7005") << 3 << false << qint64(701);
    QTest::newRow("round down") << QByteArray("0.7004") << 3 << false << qint64(700);
    QTest::newRow("round negative") << QByteArray("-0.0005") << 3 << false << qint64(-1);
    QTest::newRow("round tiny") << QByteArray("1e-9") << 3 << false << qint64(0);
    QTest::newRow("zero exponent") << QByteArray("0e5000") << 2 << true << qint64(0);
}

void TestApiJson::scaledDecimals()
{
    QFETCH(QByteArray, json);
    QFETCH(int, scale);
    QFETCH(bool, exact);
    QFETCH(qint64, expected);
    const auto value = scaledDecimal(parsed(json), scale, exact ? Rounding::Exact : Rounding::HalfUp, true);
    if (expected == std::numeric_limits<qint64>::min()) {
        QVERIFY(!value);
        QCOMPARE(value.error().code, QString(api::errc::invalidResponse));
    } else {
        QVERIFY2(value.has_value(), qPrintable(value ? QString() : value.error().message));
        QCOMPARE(*value, expected);
    }
}

void TestApiJson::fieldReaderReportsTheFirstProblem()
{
    const JsonNode node = parsed(R"({"a":1,"b":"x"})");
    FieldReader r(node, u"thing"_s);
    (void)r.string(u"a");
    (void)r.integer(u"b");
    QVERIFY(!r.ok());
    const auto result = r.finish(0);
    QVERIFY(!result);
    QCOMPARE(result.error().details.value(u"field"_s).toString(), u"thing.a"_s);
    QCOMPARE(result.error().details.value(u"reason"_s).toString(), u"bad_field"_s);

    FieldReader notObject(parsed("[1]"), u"thing"_s);
    QVERIFY(!notObject.ok());
}

void TestApiJson::fieldReaderTypes()
{
    const JsonNode node = parsed(R"({"s":"text","n":null,"i":42,"big":99999999999999999999,"f":1.5,
"b":true,"t":"2025-11-27T05:37:00.000Z","badT":"2025-11-27 05:37","u":"5B0F6C1E-8F6A-4C57-9A43-1D2F3A4B5C6D",
"nul":"a\u0000","long":"abcdef","e":"pro","o":{"k":1}})");
    auto check = [&](auto read, bool ok) {
        FieldReader r(node, u"x"_s);
        (void)read(r);
        return r.ok() == ok;
    };
    QVERIFY(check([](FieldReader &r) { return r.string(u"s"); }, true));
    QVERIFY(check([](FieldReader &r) { return r.string(u"n"); }, false));
    QVERIFY(check([](FieldReader &r) { return r.string(u"i"); }, false)); // number where a string is expected
    QVERIFY(check([](FieldReader &r) { return r.string(u"absent"); }, false));
    QVERIFY(check([](FieldReader &r) { return r.nullableString(u"n"); }, true));
    QVERIFY(check([](FieldReader &r) { return r.nullableString(u"absent"); }, false));
    QVERIFY(check([](FieldReader &r) { return r.optionalString(u"absent"); }, true));
    QVERIFY(check([](FieldReader &r) { return r.string(u"nul"); }, false));
    QVERIFY(check([](FieldReader &r) { return r.string(u"long", 3); }, false));
    QVERIFY(check([](FieldReader &r) { return r.integer(u"i", 0, 42); }, true));
    QVERIFY(check([](FieldReader &r) { return r.integer(u"i", 0, 41); }, false));
    QVERIFY(check([](FieldReader &r) { return r.integer(u"big"); }, false));
    QVERIFY(check([](FieldReader &r) { return r.integer(u"f"); }, false));
    QVERIFY(check([](FieldReader &r) { return r.integer(u"s"); }, false));
    QVERIFY(check([](FieldReader &r) { return r.nullableInteger(u"n"); }, true));
    QVERIFY(check([](FieldReader &r) { return r.boolean(u"b"); }, true));
    QVERIFY(check([](FieldReader &r) { return r.boolean(u"i"); }, false));
    QVERIFY(check([](FieldReader &r) { return r.optionalBool(u"absent"); }, true));
    QVERIFY(check([](FieldReader &r) { return r.timestamp(u"t"); }, true));
    QVERIFY(check([](FieldReader &r) { return r.timestamp(u"badT"); }, false));
    QVERIFY(check([](FieldReader &r) { return r.nullableTimestamp(u"n"); }, true));
    QVERIFY(check([](FieldReader &r) { return r.uuid(u"u"); }, true));
    QVERIFY(check([](FieldReader &r) { return r.uuid(u"s"); }, false));
    QVERIFY(check([](FieldReader &r) { return r.oneOf(u"e", {"free"_L1, "pro"_L1}); }, true));
    QVERIFY(check([](FieldReader &r) { return r.oneOf(u"e", {"free"_L1}); }, false));
    QVERIFY(check([](FieldReader &r) { return r.optionalObject(u"o").has_value(); }, true));
    QVERIFY(check([](FieldReader &r) { return r.optionalObject(u"s").has_value(); }, false));
    QVERIFY(check([](FieldReader &r) { return r.child(u"s").ok(); }, false));

    FieldReader r(node, u"x"_s);
    QCOMPARE(r.timestamp(u"t"), 1'764'221'820'000);
    QCOMPARE(r.integer(u"i"), 42);
}

void TestApiJson::fieldReaderAmounts()
{
    const JsonNode node = parsed(R"({"cr":1399.75,"neg":-0.5,"three":0.125,"usdS":"12.50","cents":2999,
"negCents":-1,"centsFrac":29.99,"pct":12.345,"nul":null})");
    FieldReader r(node, u"x"_s);
    QCOMPARE(r.credits(u"cr").units(), 13'997'500);
    QCOMPARE(r.credits(u"neg").units(), -5'000);
    QCOMPARE(r.usd(u"usdS").cents(), 1250);
    QCOMPARE(r.cents(u"cents").cents(), 2999);
    QCOMPARE(r.scaled(u"pct", 2, 0, 10'000), 1235); // not money: rounded half-up
    QVERIFY(!r.optionalCredits(u"nul"));
    QVERIFY(!r.optionalUsd(u"absent"));
    QVERIFY(r.ok());

    const auto bad = [&](auto read) {
        FieldReader reader(node, u"x"_s);
        (void)read(reader);
        return !reader.ok();
    };
    QVERIFY(bad([](FieldReader &x) { return x.credits(u"three"); }));
    QVERIFY(bad([](FieldReader &x) { return x.credits(u"neg", Sign::NonNegative); }));
    QVERIFY(bad([](FieldReader &x) { return x.cents(u"negCents", Sign::NonNegative); }));
    QVERIFY(bad([](FieldReader &x) { return x.cents(u"centsFrac"); }));
    QVERIFY(bad([](FieldReader &x) { return x.credits(u"nul"); }));
    QVERIFY(bad([](FieldReader &x) { return x.usd(u"absent"); }));
}

void TestApiJson::fieldReaderLists()
{
    const JsonNode node =
        parsed(R"({"items":[{"v":1},{"v":2},{"v":"three"}],"tags":["a","b"],"mixed":["a",1]})");
    FieldReader r(node, u"doc"_s);
    QCOMPARE(r.stringList(u"tags"), (QStringList{u"a"_s, u"b"_s}));
    const QList<std::int64_t> values = r.list(u"items", [](FieldReader &item) { return item.integer(u"v"); });
    QVERIFY(values.isEmpty());
    const auto result = r.finish(0);
    QVERIFY(!result);
    QCOMPARE(result.error().details.value(u"field"_s).toString(), u"doc.items[2].v"_s);

    FieldReader mixed(node, u"doc"_s);
    (void)mixed.stringList(u"mixed");
    QVERIFY(!mixed.ok());
}

QTEST_GUILESS_MAIN(TestApiJson)
#include "test_api_json.moc"

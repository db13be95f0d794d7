// JsonInput: strict reading, every problem named, exact decimals; and the
// wire numbers written back (exact decimal text, never double arithmetic).
#include "server/http/json_input.h"
#include "server/http/wire_numbers.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk::server;

class TestJsonInput : public QObject {
    Q_OBJECT

private slots:
    void rejectsWhatIsNotAnObject_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("blank") << QByteArray("  \n");
        QTest::newRow("truncated") << QByteArray("{\"a\":");
        QTest::newRow("array") << QByteArray("[]");
        QTest::newRow("scalar") << QByteArray("42");
        QTest::newRow("trailing") << QByteArray("{} x");
    }
    void rejectsWhatIsNotAnObject()
    {
        QFETCH(QByteArray, body);
        const auto input = JsonInput::parse(body);
        QVERIFY(!input.has_value());
        QCOMPARE(input.error().code, u"invalid_request"_s);
    }

    void sizeLimit()
    {
        QVERIFY(!JsonInput::parse("{\"a\":\"" + QByteArray(100, 'x') + "\"}", 50).has_value());
        QVERIFY(JsonInput::parse("{}", 2).has_value());
    }

    void collectsEveryError()
    {
        auto input = JsonInput::parse(
            "{\"name\": 5, \"count\": \"3\", \"flag\": \"yes\", \"obj\": [], \"short\": \"\"}");
        QVERIFY(input.has_value());
        (void)input->requiredString(u"name"_s);
        (void)input->requiredString(u"missing"_s);
        (void)input->requiredString(u"short"_s, 1, 10);
        (void)input->optionalInteger(u"count"_s, 0, 10);
        (void)input->optionalBool(u"flag"_s);
        (void)input->optionalObject(u"obj"_s);
        QVERIFY(!input->ok());
        const auto finished = input->finish();
        QVERIFY(!finished.has_value());
        QCOMPARE(finished.error().code, u"validation_error"_s);
        for (const char *field : {"name", "missing", "short", "count", "flag", "obj"})
            QVERIFY2(finished.error().details.contains(QLatin1StringView(field)), field);
    }

    void integersAreExact()
    {
        auto input =
            JsonInput::parse("{\"a\": 9007199254740993, \"b\": 1.5, \"c\": 1e3, \"d\": -4, \"e\": 12}");
        QVERIFY(input.has_value());
        QCOMPARE(input->optionalInteger(u"a"_s, 0, std::numeric_limits<std::int64_t>::max()),
                 std::optional<std::int64_t>(9007199254740993));
        QVERIFY(!input->optionalInteger(u"b"_s, 0, 10));
        QVERIFY(!input->optionalInteger(u"c"_s, 0, 10000));
        QCOMPARE(input->optionalInteger(u"d"_s, -10, 10), std::optional<std::int64_t>(-4));
        QVERIFY(!input->optionalInteger(u"e"_s, 0, 10)); // out of range
        QCOMPARE(input->requiredInteger(u"d"_s, -10, 10), -4);
        const auto errors = input->finish().error().details;
        QCOMPARE(errors.keys(), (QStringList{u"b"_s, u"c"_s, u"e"_s}));
    }

    void decimalsKeepTheirText()
    {
        auto input = JsonInput::parse("{\"n\": 12.50, \"s\": \"0.10\", \"big\": 19.99, \"bad\": \"1,5\", "
                                      "\"exp\": 1e2, \"nested\": {\"n\": 1.5}, \"str\": \"x\\\"y\"}");
        QVERIFY(input.has_value());
        QCOMPARE(input->optionalDecimalText(u"n"_s), std::optional<QString>(u"12.50"_s));
        QCOMPARE(input->optionalDecimalText(u"s"_s), std::optional<QString>(u"0.10"_s));
        QCOMPARE(input->optionalDecimalText(u"big"_s), std::optional<QString>(u"19.99"_s));
        QVERIFY(!input->optionalDecimalText(u"bad"_s));
        QVERIFY(!input->optionalDecimalText(u"exp"_s));
        QVERIFY(!input->optionalDecimalText(u"absent"_s));
        QCOMPARE(input->optionalString(u"str"_s), std::optional<QString>(u"x\"y"_s));
        QCOMPARE(input->finish().error().details.keys(), (QStringList{u"bad"_s, u"exp"_s}));
    }

    void optionalNullIsAbsent()
    {
        auto input = JsonInput::parse("{\"a\": null}");
        QVERIFY(!input->optionalString(u"a"_s));
        QVERIFY(input->finish().has_value());
        (void)input->requiredString(u"a"_s);
        QVERIFY(!input->ok());
    }
    void wireNumbersPrintTheirExactDecimalText_data()
    {
        QTest::addColumn<QString>("decimal");
        QTest::addColumn<QByteArray>("printed");
        for (const char *text : {"1399.75", "0.01", "0.07", "99.00", "79.20", "-12.34", "99999999.99"}) {
            QByteArray printed(text);
            if (printed.endsWith(".00"))
                printed.chop(3);
            else if (printed.endsWith('0'))
                printed.chop(1);
            QTest::newRow(text) << QString::fromLatin1(text) << printed;
        }
    }
    void wireNumbersPrintTheirExactDecimalText()
    {
        QFETCH(QString, decimal);
        QFETCH(QByteArray, printed);
        const auto money = creditdesk::Money::parse(decimal);
        QVERIFY(money.has_value());
        const auto credits = creditdesk::Credits::parse(decimal);
        QVERIFY(credits.has_value());
        const auto compact = [](const QJsonValue &v) {
            return QJsonDocument(QJsonObject{{u"v"_s, v}}).toJson(QJsonDocument::Compact);
        };
        const QByteArray expected = "{\"v\":" + printed + "}";
        QCOMPARE(compact(wire::usdNumber(*money)), expected);
        QCOMPARE(compact(wire::creditsNumber(*credits)), expected);
        QCOMPARE(compact(wire::hundredthsNumber(money->cents())), expected);
    }
};

QTEST_GUILESS_MAIN(TestJsonInput)
#include "test_json_input.moc"

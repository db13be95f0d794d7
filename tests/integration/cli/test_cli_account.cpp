// The creditdesk binary against a real server (SQLite and PostgreSQL): sign in
// with the JSON of `admin issue-token`, sync, then every read command — status,
// usage, export-usage (CSV and JSON), license, devices, coupons, invoices,
// plans and upgrade-preview — checked against the server's own rows.
#include "core/domain/credits.h"
#include "core/domain/money.h"
#include "core/store/license_repository.h"
#include "tests/integration/cli/cli_runner.h"
#include "tests/integration/http/http_test_support.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QtTest>

#include <algorithm>
#include <map>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::test;

namespace {

constexpr int kRows = 300;

// A JSON number of the server (cr / usd, two decimals) as fixed-point text.
QString decimal(const QJsonValue &value)
{
    const QString text = value.isString() ? value.toString() : QString::number(value.toDouble(), 'f', 2);
    const auto credits = Credits::parse(text);
    return credits ? credits->toDecimalString() : u"invalid"_s;
}

qint64 cents(const QJsonValue &usd)
{
    const auto money =
        Money::parse(usd.isString() ? usd.toString() : QString::number(usd.toDouble(), 'f', 2));
    return money ? money->cents() : -1;
}

// RFC 4180: quoted fields may hold commas, quotes ("") and line breaks.
QList<QStringList> parseCsv(const QByteArray &bytes)
{
    const QString text = QString::fromUtf8(bytes);
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            row << field;
            field.clear();
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            row << field;
            rows << row;
            row.clear();
            field.clear();
            ++i;
        } else {
            field += c;
        }
    }
    return rows;
}

// The server's ledger newest first, as the mirror lists it: (created_at, id) descending.
QList<QJsonObject> newestFirst(QList<QJsonObject> rows)
{
    std::ranges::sort(rows, [](const QJsonObject &a, const QJsonObject &b) {
        const auto key = [](const QJsonObject &r) {
            return std::pair(r.value(u"created_at"_s).toString(), r.value(u"id"_s).toString());
        };
        return key(a) > key(b);
    });
    return rows;
}

QStringList ids(const QJsonArray &rows)
{
    QStringList out;
    for (const QJsonValue &row : rows)
        out << row.toObject().value(u"id"_s).toString();
    return out;
}

} // namespace

class TestCliAccount : public QObject {
    Q_OBJECT

private slots:
    void initTestCase_data() { addDialectRows(); }
    void signInSyncAndRead();

private:
    std::map<int, std::unique_ptr<ServerHarness>> m_servers;
};

void TestCliAccount::signInSyncAndRead()
{
    CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
    const DemoAccount demo = seedDemo(server, u"cli-read-%1@example.com"_s.arg(rowName()), kRows);
    QVERIFY(!demo.tokenJson.isEmpty());
    waitForLedgerVisibility();
    CliRunner cli(server.baseUrl());

    // login --with-token: the JSON of issue-token on stdin
    CliResult login = cli.run({u"login"_s, u"--with-token"_s, u"--json"_s}, demo.tokenJson);
    QVERIFY2(login.exitCode == 0, qPrintable(login.describe()));
    QCOMPARE(login.json().value(u"email"_s).toString(), demo.email);
    QCOMPARE(login.json().value(u"credential"_s).toString(), u"refresh_token"_s);
    QCOMPARE(login.json().value(u"user_id"_s).toString(), demo.userId);

    // sync: no progress off a terminal
    const CliResult synced = cli.run({u"sync"_s});
    QVERIFY2(synced.exitCode == 0, qPrintable(synced.describe()));
    QVERIFY2(!synced.err.contains('\r') && !synced.err.contains("Syncing"), synced.err.constData());
    const CliResult syncedJson = cli.run({u"sync"_s, u"--json"_s});
    QVERIFY2(syncedJson.exitCode == 0, qPrintable(syncedJson.describe()));
    QCOMPARE(syncedJson.json().value(u"ok"_s).toBool(), true);

    const QList<QJsonObject> ledger = newestFirst(usageRowsByCursor(server, demo.accessToken));
    QCOMPARE(ledger.size(), kRows);

    // status
    const CliResult status = cli.run({u"status"_s, u"--json"_s});
    QVERIFY2(status.exitCode == 0, qPrintable(status.describe()));
    const QJsonObject s = status.json();
    QCOMPARE(s.value(u"signed_in"_s).toBool(), true);
    QCOMPARE(s.value(u"account"_s).toObject().value(u"email"_s).toString(), demo.email);
    QCOMPARE(s.value(u"tier"_s).toString(), u"pro"_s);
    QCOMPARE(s.value(u"subscription"_s).toObject().value(u"status"_s).toString(), u"active"_s);
    QCOMPARE(s.value(u"mode"_s).toString(), u"cloud"_s);
    QCOMPARE(s.value(u"license"_s).toObject().value(u"status"_s).toString(), u"active"_s);
    QCOMPARE(s.value(u"sync"_s).toObject().value(u"stale"_s).toBool(), false);
    QVERIFY(s.value(u"sync"_s).toObject().value(u"last_sync_at"_s).isString());
    const QJsonObject credits = server.get(u"/api/user/credits"_s, demo.accessToken).object();
    QCOMPARE(s.value(u"balance"_s).toObject().value(u"credits"_s).toString(),
             decimal(credits.value(u"totalAvailable"_s)));
    std::map<QString, QString> serverSources;
    for (const QJsonValue &v : credits.value(u"sources"_s).toArray())
        serverSources[v.toObject().value(u"id"_s).toString()] = decimal(v.toObject().value(u"remaining"_s));
    std::map<QString, QString> cliSources;
    for (const QJsonValue &v : s.value(u"balance"_s).toObject().value(u"sources"_s).toArray())
        cliSources[v.toObject().value(u"id"_s).toString()] = v.toObject().value(u"remaining"_s).toString();
    QVERIFY(!serverSources.empty());
    QVERIFY(cliSources == serverSources);
    const CliResult statusText = cli.run({u"status"_s});
    QVERIFY2(statusText.exitCode == 0 && statusText.out.contains("pro") &&
                 !statusText.out.contains("pro_max"),
             qPrintable(statusText.describe()));

    // usage: newest first, paged from the mirror, filters
    const CliResult usage = cli.run({u"usage"_s, u"--limit"_s, u"10"_s, u"--json"_s});
    QVERIFY2(usage.exitCode == 0, qPrintable(usage.describe()));
    QStringList expected;
    for (qsizetype i = 0; i < 10; ++i)
        expected << ledger.at(i).value(u"id"_s).toString();
    QCOMPARE(ids(usage.json().value(u"rows"_s).toArray()), expected);
    QCOMPARE(usage.json().value(u"count"_s).toInt(), 10);
    const QJsonObject first = usage.json().value(u"rows"_s).toArray().first().toObject();
    QCOMPARE(first.value(u"credits"_s).toString(), decimal(ledger.first().value(u"credits_deducted"_s)));
    QCOMPARE(first.value(u"model_id"_s).toString(), ledger.first().value(u"model_id"_s).toString());

    const QString model = ledger.first().value(u"model_id"_s).toString();
    const auto ofModel = std::ranges::count_if(
        ledger, [&model](const QJsonObject &r) { return r.value(u"model_id"_s).toString() == model; });
    const CliResult byModel =
        cli.run({u"usage"_s, u"--model"_s, model, u"--limit"_s, u"1000000"_s, u"--json"_s});
    QVERIFY2(byModel.exitCode == 0, qPrintable(byModel.describe()));
    QCOMPARE(byModel.json().value(u"count"_s).toInteger(), static_cast<qint64>(ofModel));
    for (const QJsonValue &row : byModel.json().value(u"rows"_s).toArray())
        QCOMPARE(row.toObject().value(u"model_id"_s).toString(), model);
    const QString yesterday = QDateTime::currentDateTimeUtc().date().addDays(-1).toString(Qt::ISODate);
    const CliResult upToYesterday = cli.run({u"usage"_s, u"--to"_s, yesterday, u"--json"_s});
    QCOMPARE(upToYesterday.json().value(u"count"_s).toInt(), 0);
    const CliResult sinceYesterday =
        cli.run({u"usage"_s, u"--from"_s, yesterday, u"--limit"_s, u"1000"_s, u"--json"_s});
    QCOMPARE(sinceYesterday.json().value(u"count"_s).toInt(), kRows);
    const CliResult usageText = cli.run({u"usage"_s, u"--limit"_s, u"3"_s});
    QVERIFY2(usageText.exitCode == 0 && usageText.out.contains(model.toUtf8()),
             qPrintable(usageText.describe()));

    // export-usage: CSV, every row, content equal to the server's
    QSet<QString> serverRows;
    for (const QJsonObject &r : ledger)
        serverRows << r.value(u"id"_s).toString() + u'|' + decimal(r.value(u"credits_deducted"_s)) + u'|' +
                          r.value(u"model_id"_s).toString() + u'|' + r.value(u"provider"_s).toString() +
                          u'|' + QString::number(r.value(u"input_tokens"_s).toInteger()) + u'|' +
                          r.value(u"created_at"_s).toString();
    const QString csvPath = cli.filePath(u"usage.csv"_s);
    const CliResult csv =
        cli.run({u"export-usage"_s, u"--format"_s, u"csv"_s, u"--out"_s, csvPath, u"--json"_s});
    QVERIFY2(csv.exitCode == 0, qPrintable(csv.describe()));
    QCOMPARE(csv.json().value(u"rows"_s).toInt(), kRows);
    QFile csvFile(csvPath);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    const QList<QStringList> table = parseCsv(csvFile.readAll());
    QCOMPARE(table.size(), kRows + 1);
    const QStringList header = table.first();
    QCOMPARE(header.first(), u"id"_s);
    const auto col = [&header](const QString &name) {
        return header.indexOf(name);
    };
    QSet<QString> csvRows;
    for (qsizetype i = 1; i < table.size(); ++i) {
        const QStringList &r = table.at(i);
        QCOMPARE(r.size(), header.size());
        csvRows << r.at(col(u"id"_s)) + u'|' + r.at(col(u"credits"_s)) + u'|' + r.at(col(u"model_id"_s)) +
                       u'|' + r.at(col(u"provider"_s)) + u'|' + r.at(col(u"input_tokens"_s)) + u'|' +
                       r.at(col(u"created_at"_s));
    }
    QCOMPARE(csvRows, serverRows);

    // export-usage: JSON
    const QString jsonPath = cli.filePath(u"usage.json"_s);
    const CliResult exported = cli.run({u"export-usage"_s, u"--format"_s, u"json"_s, u"--out"_s, jsonPath});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.describe()));
    QFile jsonFile(jsonPath);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    const QJsonArray rows = QJsonDocument::fromJson(jsonFile.readAll()).array();
    QCOMPARE(rows.size(), kRows);
    QSet<QString> jsonRows;
    for (const QJsonValue &v : rows) {
        const QJsonObject r = v.toObject();
        QVERIFY(r.value(u"credits"_s).isString()); // fixed point, never a float
        jsonRows << r.value(u"id"_s).toString() + u'|' + r.value(u"credits"_s).toString() + u'|' +
                        r.value(u"model_id"_s).toString() + u'|' + r.value(u"provider"_s).toString() + u'|' +
                        QString::number(r.value(u"input_tokens"_s).toInteger()) + u'|' +
                        r.value(u"created_at"_s).toString();
    }
    QCOMPARE(jsonRows, serverRows);

    // license and devices: a hint of the key, never the key
    const CliResult license = cli.run({u"license"_s, u"--json"_s});
    QVERIFY2(license.exitCode == 0, qPrintable(license.describe()));
    QCOMPARE(license.json().value(u"license"_s).toObject().value(u"key_hint"_s).toString(),
             store::licenseKeyHint(demo.licenseKey));
    QVERIFY(!license.out.contains(demo.licenseKey.toUtf8()));
    QVERIFY(!cli.run({u"license"_s}).out.contains(demo.licenseKey.toUtf8()));
    const CliResult devices = cli.run({u"devices"_s, u"--json"_s});
    QVERIFY2(devices.exitCode == 0, qPrintable(devices.describe()));
    const QJsonArray seats = devices.json().value(u"devices"_s).toArray();
    QCOMPARE(seats.size(), 2); // 2 of the license's 3 seats
    QStringList names;
    for (const QJsonValue &seat : seats)
        names << seat.toObject().value(u"device_name"_s).toString();
    names.sort();
    QCOMPARE(names, (QStringList{u"Demo Desktop"_s, u"Demo Laptop"_s}));

    // coupons and invoices
    const CliResult coupons = cli.run({u"coupons"_s, u"--json"_s});
    QVERIFY2(coupons.exitCode == 0, qPrintable(coupons.describe()));
    const QJsonArray redemptions = coupons.json().value(u"redemptions"_s).toArray();
    QCOMPARE(redemptions.size(), 1);
    QCOMPARE(redemptions.first().toObject().value(u"coupon_code"_s).toString(), u"DEMOCREDITS"_s);
    const CliResult invoices = cli.run({u"invoices"_s, u"--limit"_s, u"50"_s, u"--json"_s});
    QVERIFY2(invoices.exitCode == 0, qPrintable(invoices.describe()));
    const QJsonArray serverInvoices = server.get(u"/api/user/invoices?limit=50"_s, demo.accessToken)
                                          .object()
                                          .value(u"invoices"_s)
                                          .toArray();
    QVERIFY(serverInvoices.size() >= 3);
    QStringList serverIds = ids(serverInvoices);
    QStringList cliIds = ids(invoices.json().value(u"invoices"_s).toArray());
    serverIds.sort();
    cliIds.sort();
    QCOMPARE(cliIds, serverIds);
    std::map<QString, qint64> serverAmounts;
    for (const QJsonValue &v : serverInvoices)
        serverAmounts[v.toObject().value(u"id"_s).toString()] = v.toObject().value(u"amount"_s).toInteger();
    for (const QJsonValue &v : invoices.json().value(u"invoices"_s).toArray())
        QCOMPARE(v.toObject().value(u"amount_cents"_s).toInteger(),
                 serverAmounts.at(v.toObject().value(u"id"_s).toString()));

    // plans and upgrade-preview (pro → pro_max): what the server answers
    const CliResult plans = cli.run({u"plans"_s, u"--json"_s});
    QVERIFY2(plans.exitCode == 0, qPrintable(plans.describe()));
    std::map<QString, qint64> serverPlans;
    for (const QJsonValue &v : server.get(u"/v1/subscription-plans"_s).object().value(u"plans"_s).toArray())
        serverPlans[v.toObject().value(u"id"_s).toString()] = v.toObject().value(u"priceCents"_s).toInteger();
    std::map<QString, qint64> cliPlans;
    for (const QJsonValue &v : plans.json().value(u"plans"_s).toArray())
        cliPlans[v.toObject().value(u"id"_s).toString()] = v.toObject().value(u"price_cents"_s).toInteger();
    QVERIFY(!serverPlans.empty());
    QVERIFY(cliPlans == serverPlans);

    const CliResult preview = cli.run({u"upgrade-preview"_s, u"pro_max"_s, u"--json"_s});
    QVERIFY2(preview.exitCode == 0, qPrintable(preview.describe()));
    const QString subscriptionId = s.value(u"subscription"_s).toObject().value(u"id"_s).toString();
    const QJsonObject serverPreview =
        server
            .post(u"/api/subscriptions/%1/proration-preview"_s.arg(subscriptionId),
                  QJsonObject{{u"newTier"_s, u"pro_max"_s}}, demo.accessToken)
            .object();
    QCOMPARE(preview.json().value(u"to_tier"_s).toString(), u"pro_max"_s);
    QCOMPARE(preview.json().value(u"net_charge_cents"_s).toInteger(),
             cents(serverPreview.value(u"net_charge_usd"_s)));
    QCOMPARE(preview.json().value(u"days_remaining"_s).toInteger(),
             serverPreview.value(u"days_remaining"_s).toInteger());
}

QTEST_GUILESS_MAIN(TestCliAccount)
#include "test_cli_account.moc"

// CloudClient results → mirror rows: what the server says wins, what only the
// mirror knows (a seat's fingerprint, a redemption's amounts) is kept.
#include "core/api/api_errors.h"
#include "core/store/license_repository.h"
#include "core/sync/sync_mapping.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::sync;

class TestSyncMapping : public QObject {
    Q_OBJECT

private slots:
    void ledgerRowIsCopied();
    void offsetItemLeavesWhatTheShapeLacksUnknown();
    void balanceCombinesSummaryAndPeriod();
    void balanceOutOfRangeIsInvalidResponse();
    void licenseKeepsFingerprintsAndNeverTheKey();
    void redemptionsKeepKnownAmounts();
    void preferencesKeepOutOfRangeValuesOutOfRange();
};

void TestSyncMapping::ledgerRowIsCopied()
{
    api::LedgerRow r;
    r.id = u"r1"_s;
    r.requestId = u"q1"_s;
    r.modelId = u"gpt-4o"_s;
    r.provider = u"openai"_s;
    r.requestType = u"streaming"_s;
    r.inputTokens = 10;
    r.outputTokens = 20;
    r.cachedInputTokens = 3;
    r.creditsDeducted = *Credits::parse(u"-1.25");
    r.status = u"success"_s;
    r.reversesId = u"r0"_s;
    r.occurredAtMs = 1;
    r.createdAtMs = 2;
    r.updatedAtMs = 3;
    const store::UsageRow m = mirrorUsageRow(r);
    QCOMPARE(m.id, r.id);
    QCOMPARE(m.requestId, r.requestId);
    QCOMPARE(m.provider, r.provider);
    QCOMPARE(m.requestType, r.requestType);
    QCOMPARE(m.cachedInputTokens, 3);
    QCOMPARE(m.creditsDeducted.units(), -12'500);
    QCOMPARE(m.reversesId, u"r0"_s);
    QCOMPARE(m.occurredAtMs, 1);
    QCOMPARE(m.createdAtMs, 2);
    QCOMPARE(m.updatedAtMs, std::optional<qint64>(3));
    QCOMPARE(m.byok, std::optional<bool>(false)); // a §10.5 row always says
}

void TestSyncMapping::offsetItemLeavesWhatTheShapeLacksUnknown()
{
    api::UsageItem i;
    i.id = u"u1"_s;
    i.modelId = u"claude-sonnet-4.5"_s;
    i.operation = u"batch"_s;
    i.creditsUsed = *Credits::parse(u"3.20");
    i.inputTokens = 100;
    i.outputTokens = 50;
    i.totalTokens = 180;
    i.createdAtMs = 1'764'221'820'000;
    store::UsageRow m = mirrorUsageItem(i);
    QCOMPARE(m.id, u"u1"_s);
    QCOMPARE(m.requestType, u"batch"_s);
    // What the §7 list does not send stays unknown (NULL in the mirror): no placeholders.
    QVERIFY(m.provider.isEmpty());
    QVERIFY(m.requestId.isEmpty());
    QVERIFY(m.status.isEmpty());
    QVERIFY(!m.byok.has_value());
    QVERIFY(!m.updatedAtMs.has_value());
    QCOMPARE(m.cachedInputTokens, 30);
    QCOMPARE(m.creditsDeducted.units(), 32'000);
    QCOMPARE(m.occurredAtMs, i.createdAtMs);
    QCOMPARE(m.createdAtMs, i.createdAtMs);

    i.operation = u"chat"_s; // the real cloud's filter names are no request types
    i.totalTokens = 100;     // fewer than input + output: no cached tokens invented
    m = mirrorUsageItem(i);
    QVERIFY(m.requestType.isEmpty());
    QCOMPARE(m.cachedInputTokens, 0);
}

void TestSyncMapping::balanceCombinesSummaryAndPeriod()
{
    api::CreditSummary summary;
    summary.totalAvailable = 91'399;
    summary.lastUpdatedMs = 42;
    auto none = mirrorBalance(u"u"_s, summary, std::nullopt);
    QVERIFY(none.has_value());
    QCOMPARE(none->amount.units(), 91'399 * Credits::kUnitsPerCredit);
    QVERIFY(none->periodId.isEmpty());
    QVERIFY(!none->periodStartMs);

    api::CreditPeriod period;
    period.id = u"p"_s;
    period.totalCredits = 100'000;
    period.usedCredits = 250;
    period.remainingCredits = 99'750;
    period.billingPeriodStartMs = 1;
    period.billingPeriodEndMs = 2;
    auto with = mirrorBalance(u"u"_s, summary, period);
    QVERIFY(with.has_value());
    QCOMPARE(with->periodId, u"p"_s);
    QCOMPARE(with->periodUsed.units(), 250 * Credits::kUnitsPerCredit);
    QCOMPARE(with->periodEndMs, std::optional<qint64>(2));
    QCOMPARE(with->updatedAtMs, 42);
}

void TestSyncMapping::balanceOutOfRangeIsInvalidResponse()
{
    api::CreditSummary summary;
    summary.totalAvailable = std::int64_t{1} << 60;
    const auto result = mirrorBalance(u"u"_s, summary, std::nullopt);
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().code, QString(api::errc::invalidResponse));
    QCOMPARE(result.error().details.value(u"field"_s).toString(), u"totalAvailable"_s);

    api::Subscription s;
    s.creditsPerMonth = std::int64_t{1} << 60;
    QCOMPARE(mirrorSubscription(s).error().code, QString(api::errc::invalidResponse));
}

void TestSyncMapping::licenseKeepsFingerprintsAndNeverTheKey()
{
    const QString key = u"REPHLO-ABCD-EFGH-JKLM-NPQR"_s;
    api::MyLicense mine;
    mine.id = u"l1"_s;
    mine.licenseKey = key;
    mine.status = u"active"_s;
    mine.maxActivations = 3;
    mine.activeDeviceCount = 7; // drifts on the real cloud
    api::LicenseDetails details;
    details.activatedAtMs = 5;
    details.activations = {{u"a1"_s, u"Laptop"_s, u"linux"_s, u"active"_s, 10},
                           {u"a2"_s, u"Old"_s, u"windows"_s, u"deactivated"_s, 3}};
    api::VersionUpgrade upgrade;
    upgrade.id = u"v1"_s;
    upgrade.status = u"pending"_s;
    details.versionUpgrades = {upgrade};
    api::LicenseDevices devices;
    devices.devices = {{u"a1"_s, u"Laptop"_s, u"linux"_s, u"Debian 12"_s, u"x86_64"_s, 10, 99},
                       {u"a3"_s, u"Desk"_s, u"macos"_s, u"15"_s, u"arm64"_s, 20, 30}};
    store::Device known;
    known.id = u"a1"_s;
    known.machineFingerprint = QString(64, u'f');
    store::Device knownOld;
    knownOld.id = u"a2"_s;
    knownOld.deactivatedAtMs = 4;

    const MirroredLicense m = mirrorLicense(u"u1"_s, mine, details, devices, {known, knownOld});
    QCOMPARE(m.license.licenseKeySha256, store::licenseKeySha256(key));
    QVERIFY(!m.license.licenseKeyHint.contains(u"ABCD"_s));
    QCOMPARE(m.license.currentActivations, 2); // counted, not trusted
    QCOMPARE(m.license.userId, u"u1"_s);
    QCOMPARE(m.license.activatedAtMs, std::optional<qint64>(5));
    QCOMPARE(m.devices.size(), 3);
    QCOMPARE(m.devices[0].id, u"a1"_s);
    QCOMPARE(m.devices[0].machineFingerprint, QString(64, u'f'));
    QCOMPARE(m.devices[0].osVersion, u"Debian 12"_s);
    QCOMPARE(m.devices[0].lastSeenAtMs, std::optional<qint64>(99));
    QCOMPARE(m.devices[1].status, u"deactivated"_s);
    QCOMPARE(m.devices[1].deactivatedAtMs, std::optional<qint64>(4));
    QCOMPARE(m.devices[2].id, u"a3"_s);
    QCOMPARE(m.devices[2].status, u"active"_s);
    QCOMPARE(m.devices[2].licenseId, u"l1"_s);
    QCOMPARE(m.upgrades.size(), 1);
    QCOMPARE(m.upgrades[0].licenseId, u"l1"_s);
}

void TestSyncMapping::redemptionsKeepKnownAmounts()
{
    store::CouponRedemption known;
    known.id = u"r1"_s;
    known.subscriptionId = u"s1"_s;
    known.originalAmount = *Money::fromCents(2999);
    known.finalAmount = *Money::fromCents(1999);
    known.discountApplied = *Money::fromCents(1);
    const QList<api::RedemptionRecord> history{
        {u"r1"_s, u"SAVE10"_s, *Money::fromCents(1000), u"success"_s, 7},
        {u"r2"_s, u"MORE"_s, *Money::fromCents(0), u"reversed"_s, 8}};
    const auto rows = mirrorRedemptions(history, {known});
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0].subscriptionId, u"s1"_s);
    QCOMPARE(rows[0].finalAmount, std::optional<Money>(*Money::fromCents(1999)));
    QCOMPARE(rows[0].discountApplied, *Money::fromCents(1000)); // the server wins
    QCOMPARE(rows[0].redeemedAtMs, 7);
    QVERIFY(rows[1].subscriptionId.isEmpty());
    QVERIFY(!rows[1].originalAmount);
}

void TestSyncMapping::preferencesKeepOutOfRangeValuesOutOfRange()
{
    api::Preferences p;
    p.maxTokens = std::int64_t{1} << 40;
    p.temperatureMilli = 700;
    const store::UserPreferences m = mirrorPreferences(u"u"_s, p, std::nullopt);
    QVERIFY(m.maxTokens > 200'000); // the mirror's CHECK refuses it: never silently changed into range
    QCOMPARE(m.temperatureMilli, 700);
    QVERIFY(!m.emailNotifications);
}

QTEST_GUILESS_MAIN(TestSyncMapping)
#include "test_sync_mapping.moc"

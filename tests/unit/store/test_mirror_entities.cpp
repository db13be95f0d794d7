#include "core/store/account_repository.h"
#include "core/store/billing_repository.h"
#include "core/store/license_repository.h"
#include "core/store/mirror_database.h"
#include "core/store/mirror_errors.h"
#include "core/store/sync_state_repository.h"
#include "tests/unit/store/mirror_test_util.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk::store;
using namespace creditdesk::store::test;

// The account, license, billing and sync-state slices: idempotent upserts,
// set replacement, typed reads in the order the UI shows them, and CHECKed
// enumerations.
class TestMirrorEntities : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void profileAndPreferencesRoundTrip();
    void anotherAccountReplacesTheProfile();
    void subscriptionIsReplacedOrRemoved();
    void balanceRoundTrip();
    void sourcesComeInConsumptionOrder();
    void invalidEnumerationsAreRefused_data();
    void invalidEnumerationsAreRefused();
    void licenseWithDevicesAndUpgrades();
    void licenseKeyIsNeverStored();
    void redemptionsInvoicesAndProration();
    void streamStateRoundTrip();

private:
    static Subscription proSubscription();
    static License license();
    static Device device(const QString &id, const QString &status, qint64 lastSeenMs);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MirrorDatabase> m_db;
};

void TestMirrorEntities::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = openOrFail(m_dir->filePath(u"mirror.db"_s));
    QVERIFY(m_db);
}

void TestMirrorEntities::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

Subscription TestMirrorEntities::proSubscription()
{
    Subscription s;
    s.id = u"sub-1"_s;
    s.userId = u"user-1"_s;
    s.tier = u"pro"_s;
    s.status = u"active"_s;
    s.billingInterval = u"monthly"_s;
    s.price = cents(1500);
    s.creditsPerMonth = cu(1500 * 10'000);
    s.creditsRollover = true;
    s.currentPeriodStartMs = kJan15 - 14 * kDay;
    s.currentPeriodEndMs = kJan15 + 17 * kDay;
    s.createdAtMs = kJan15 - 100 * kDay;
    s.updatedAtMs = kJan15;
    return s;
}

License TestMirrorEntities::license()
{
    const QString key = u"REPHLO-AB2C-DE3F-GH4J-7XQ2"_s;
    License l;
    l.id = u"lic-1"_s;
    l.userId = u"user-1"_s;
    l.licenseKeySha256 = licenseKeySha256(key);
    l.licenseKeyHint = licenseKeyHint(key);
    l.status = u"active"_s;
    l.purchasedVersion = u"1.0.0"_s;
    l.eligibleUntilVersion = u"1.99.99"_s;
    l.maxActivations = 3;
    l.currentActivations = 2;
    l.purchasePrice = cents(19'900);
    l.purchasedAtMs = kJan15 - 30 * kDay;
    l.activatedAtMs = kJan15 - 29 * kDay;
    return l;
}

Device TestMirrorEntities::device(const QString &id, const QString &status, qint64 lastSeenMs)
{
    Device d;
    d.id = id;
    d.licenseId = u"lic-1"_s;
    d.machineFingerprint = QString(64, u'a');
    d.deviceName = u"device "_s + id;
    d.osType = u"linux"_s;
    d.status = status;
    d.activatedAtMs = kJan15 - 20 * kDay;
    d.lastSeenAtMs = lastSeenMs;
    return d;
}

void TestMirrorEntities::profileAndPreferencesRoundTrip()
{
    AccountRepository account(*m_db);
    QVERIFY(!*account.profile());
    UserProfile p{u"user-1"_s, u"ada@example.com"_s, true, u"ada"_s, u"Ada"_s, u"Lovelace"_s, u"Ada Lovelace"_s,
                  {}, kJan15 - 400 * kDay, kJan15};
    QVERIFY(account.upsertProfile(p));
    QVERIFY(account.upsertProfile(p));
    QCOMPARE(**account.profile(), p);

    UserPreferences prefs;
    prefs.userId = p.id;
    prefs.defaultModelId = u"claude-sonnet-4.5"_s;
    prefs.maxTokens = 2048;
    prefs.temperatureMilli = 1250;
    prefs.preferencesMetadata = QJsonObject{{u"creditdesk"_s, QJsonObject{{u"mode"_s, u"byok"_s}}}};
    prefs.emailNotifications = true;
    QVERIFY(account.upsertPreferences(prefs));
    QVERIFY(account.upsertPreferences(prefs));
    QCOMPARE(**account.preferences(), prefs);

    // Updating the profile keeps the preferences (an upsert, not a delete + insert).
    p.lastName = u"King"_s;
    QVERIFY(account.upsertProfile(p));
    QCOMPARE((*account.profile())->lastName, u"King"_s);
    QCOMPARE(**account.preferences(), prefs);

    // Preferences need their user row (foreign key, ON per connection).
    UserPreferences orphan = prefs;
    orphan.userId = u"nobody"_s;
    auto refused = account.upsertPreferences(orphan);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, QString(errc::mirrorConstraintViolation));
    QCOMPARE(**account.preferences(), prefs);
}

void TestMirrorEntities::anotherAccountReplacesTheProfile()
{
    AccountRepository account(*m_db);
    UserProfile first{u"user-1"_s, u"a@example.com"_s, true, {}, {}, {}, {}, {}, kJan15, std::nullopt};
    QVERIFY(account.upsertProfile(first));
    UserPreferences prefs;
    prefs.userId = first.id;
    QVERIFY(account.upsertPreferences(prefs));
    UserProfile second{u"user-2"_s, u"b@example.com"_s, false, {}, {}, {}, {}, {}, kJan15, std::nullopt};
    QVERIFY(account.upsertProfile(second));
    QCOMPARE(**account.profile(), second);
    QVERIFY(!*account.preferences()); // cascaded with the old user
}

void TestMirrorEntities::subscriptionIsReplacedOrRemoved()
{
    AccountRepository account(*m_db);
    const Subscription s = proSubscription();
    QVERIFY(account.replaceSubscription(s));
    QVERIFY(account.replaceSubscription(s));
    QCOMPARE(**account.subscription(), s);

    Subscription upgraded = s;
    upgraded.id = u"sub-2"_s;
    upgraded.tier = u"pro_max"_s;
    upgraded.price = cents(19'900);
    upgraded.trialEndMs = kJan15 + 14 * kDay;
    upgraded.status = u"trial"_s;
    QVERIFY(account.replaceSubscription(upgraded));
    QCOMPARE(**account.subscription(), upgraded);
    RawDb raw(m_dir->filePath(u"mirror.db"_s));
    QCOMPARE(raw.scalar(u"SELECT count(*) FROM subscription_monetization"_s).toInt(), 1);

    QVERIFY(account.replaceSubscription(std::nullopt));
    QVERIFY(!*account.subscription());
}

void TestMirrorEntities::balanceRoundTrip()
{
    AccountRepository account(*m_db);
    QVERIFY(!*account.balance());
    CreditBalance b{u"user-1"_s, cu(19'997'500), u"period-1"_s, cu(15'000'000), cu(4'002'500), cu(10'997'500),
                    kJan15 - 14 * kDay, kJan15 + 17 * kDay, kJan15};
    QVERIFY(account.upsertBalance(b));
    QCOMPARE(**account.balance(), b);
    // Without a current period the period fields are empty.
    CreditBalance noPeriod{u"user-1"_s, cu(1'000'000), {}, {}, {}, {}, std::nullopt, std::nullopt, kJan15 + 1};
    QVERIFY(account.upsertBalance(noPeriod));
    QCOMPARE(**account.balance(), noPeriod);
}

void TestMirrorEntities::sourcesComeInConsumptionOrder()
{
    AccountRepository account(*m_db);
    // domain-rules [CreditsConsumeOrder], plus ties on expiry and on grant time.
    const qint64 jan20 = kJan15 + 5 * kDay;
    const qint64 feb1 = kJan15 + 17 * kDay;
    const qint64 dec31 = kJan15 + 350 * kDay;
    QList<CreditSource> given{
        {u"C"_s, u"admin_grant"_s, u"admin_grant"_s, cu(1'000'000), cu(1'000'000), kJan15 - 60 * kDay, std::nullopt},
        {u"B"_s, u"coupon"_s, u"coupon_promotion"_s, cu(5'000'000), cu(5'000'000), kJan15 - 10 * kDay, dec31},
        {u"A"_s, u"subscription"_s, u"monthly_allocation"_s, cu(15'000'000), cu(15'000'000), kJan15 - 14 * kDay,
         feb1},
        {u"D"_s, u"bonus"_s, u"bonus"_s, cu(3'000'000), cu(3'000'000), kJan15 - 45 * kDay, jan20},
        {u"A2"_s, u"bonus"_s, u"refund"_s, cu(100'000), cu(50'000), kJan15 - 20 * kDay, feb1},
        {u"A1"_s, {}, u"refund"_s, cu(100'000), cu(100'000), kJan15 - 20 * kDay, feb1},
        {u"C0"_s, u"referral"_s, u"referral_reward"_s, cu(10'000), cu(0), kJan15 - 90 * kDay, std::nullopt},
    };
    QVERIFY(account.replaceSources(given));
    QVERIFY(account.replaceSources(given));
    auto sources = account.sources();
    QVERIFY(sources);
    QStringList order;
    for (const CreditSource &s : *sources)
        order.append(s.id);
    QCOMPARE(order, (QStringList{u"D"_s, u"A1"_s, u"A2"_s, u"A"_s, u"B"_s, u"C0"_s, u"C"_s}));
    QCOMPARE(sources->at(1), given.at(5));

    // The whole set is replaced: grants the server no longer lists disappear.
    QVERIFY(account.replaceSources({given.at(0)}));
    QCOMPARE(account.sources()->size(), 1);
    QVERIFY(account.replaceSources({}));
    QVERIFY(account.sources()->isEmpty());
}

void TestMirrorEntities::invalidEnumerationsAreRefused_data()
{
    QTest::addColumn<int>("which");
    QTest::newRow("tier gold") << 0;
    QTest::newRow("status paused") << 1;
    QTest::newRow("interval weekly") << 2;
    QTest::newRow("source remaining above amount") << 3;
    QTest::newRow("source type unknown") << 4;
    QTest::newRow("device status") << 5;
    QTest::newRow("invoice status") << 6;
}

void TestMirrorEntities::invalidEnumerationsAreRefused()
{
    QFETCH(int, which);
    AccountRepository account(*m_db);
    LicenseRepository licenses(*m_db);
    BillingRepository billing(*m_db);
    QVERIFY(account.replaceSubscription(proSubscription()));
    Subscription s = proSubscription();
    CreditSource source{u"S"_s, u"bonus"_s, u"bonus"_s, cu(100), cu(100), kJan15, std::nullopt};
    creditdesk::Result<void> r;
    switch (which) {
    case 0: s.tier = u"gold"_s; r = account.replaceSubscription(s); break;
    case 1: s.status = u"paused"_s; r = account.replaceSubscription(s); break;
    case 2: s.billingInterval = u"weekly"_s; r = account.replaceSubscription(s); break;
    case 3: source.remaining = cu(200); r = account.replaceSources({source}); break;
    case 4: source.sourceType = u"gift"_s; r = account.replaceSources({source}); break;
    case 5: r = licenses.replaceLicense(license(), {device(u"d"_s, u"gone"_s, kJan15)}, {}); break;
    default: r = billing.upsertInvoices({{u"in_1"_s, kJan15, cents(1500), u"usd"_s, u"lost"_s, {}, {}, {}}}); break;
    }
    QVERIFY(!r);
    QCOMPARE(r.error().code, QString(errc::mirrorConstraintViolation));
    // Nothing of the refused write stays; the earlier subscription is intact.
    QCOMPARE(**account.subscription(), proSubscription());
    QVERIFY(account.sources()->isEmpty());
    QVERIFY(!*licenses.license());
    QVERIFY(billing.invoices()->isEmpty());
}

void TestMirrorEntities::licenseWithDevicesAndUpgrades()
{
    LicenseRepository licenses(*m_db);
    const License l = license();
    const QList<Device> devices{device(u"d-old"_s, u"deactivated"_s, kJan15 - 2 * kDay),
                                device(u"d-1"_s, u"active"_s, kJan15 - kDay), device(u"d-2"_s, u"active"_s, kJan15)};
    const QList<VersionUpgrade> upgrades{
        {u"up-1"_s, l.id, u"0.9.0"_s, u"1.0.0"_s, cents(7'920), u"completed"_s, kJan15 - 30 * kDay},
        {u"up-2"_s, l.id, {}, {}, std::nullopt, u"pending"_s, kJan15}};
    QVERIFY(licenses.replaceLicense(l, devices, upgrades));
    QVERIFY(licenses.replaceLicense(l, devices, upgrades));
    QCOMPARE(**licenses.license(), l);

    auto seats = licenses.devices(l.id);
    QVERIFY(seats);
    QCOMPARE(seats->size(), 3);
    QCOMPARE(seats->at(0), devices.at(2)); // active, most recently seen first
    QCOMPARE(seats->at(1), devices.at(1));
    QCOMPARE(seats->at(2), devices.at(0));
    auto ups = licenses.upgrades(l.id);
    QVERIFY(ups);
    QCOMPARE(*ups, (QList<VersionUpgrade>{upgrades.at(1), upgrades.at(0)}));

    // An activation result is written at once; the next sync replaces the set.
    Device fresh = device(u"d-3"_s, u"active"_s, kJan15 + 1);
    QVERIFY(licenses.upsertDevice(fresh));
    QCOMPARE(licenses.devices(l.id)->constFirst(), fresh);
    QVERIFY(licenses.replaceLicense(l, {devices.at(2)}, {}));
    QCOMPARE(*licenses.devices(l.id), QList<Device>{devices.at(2)});
    QVERIFY(licenses.upgrades(l.id)->isEmpty());

    // A seat needs its license.
    Device orphan = fresh;
    orphan.licenseId = u"lic-unknown"_s;
    QCOMPARE(licenses.upsertDevice(orphan).error().code, QString(errc::mirrorConstraintViolation));

    // No license any more: seats and upgrades go with it.
    QVERIFY(licenses.replaceLicense(std::nullopt, {}, {}));
    QVERIFY(!*licenses.license());
    RawDb raw(m_dir->filePath(u"mirror.db"_s));
    QCOMPARE(raw.scalar(u"SELECT count(*) FROM license_activation"_s).toInt(), 0);
}

void TestMirrorEntities::licenseKeyIsNeverStored()
{
    const QString key = u"REPHLO-AB2C-DE3F-GH4J-7XQ2"_s;
    QCOMPARE(licenseKeySha256(u"  rephlo-ab2c-de3f-gh4j-7xq2 "_s), licenseKeySha256(key));
    QCOMPARE(licenseKeySha256(key).size(), qsizetype{64});
    QCOMPARE(licenseKeyHint(key), u"REPHLO-••••-••••-••••-7XQ2"_s);
    QVERIFY(LicenseRepository(*m_db).replaceLicense(license(), {}, {}));
    const QByteArray bytes = readFile(m_dir->filePath(u"mirror.db"_s)) + readFile(m_dir->filePath(u"mirror.db-wal"_s));
    QVERIFY(!bytes.contains("AB2C-DE3F"));
    QVERIFY(bytes.contains(licenseKeySha256(key).toLatin1()));

    License malformed = license();
    malformed.licenseKeySha256 = u"not-a-digest"_s;
    QCOMPARE(LicenseRepository(*m_db).replaceLicense(malformed, {}, {}).error().code,
             QString(errc::mirrorConstraintViolation));
}

void TestMirrorEntities::redemptionsInvoicesAndProration()
{
    BillingRepository billing(*m_db);
    const QList<CouponRedemption> redemptions{
        {u"r-1"_s, u"BLACKFRIDAY25"_s, u"sub-1"_s, cents(3'750), cents(15'000), cents(11'250), u"success"_s,
         kJan15 - 50 * kDay},
        {u"r-2"_s, u"CREDITS2000"_s, {}, cents(0), std::nullopt, std::nullopt, u"success"_s, kJan15}};
    QVERIFY(billing.replaceRedemptions(redemptions));
    QVERIFY(billing.replaceRedemptions(redemptions));
    QCOMPARE(*billing.redemptions(), (QList<CouponRedemption>{redemptions.at(1), redemptions.at(0)}));
    CouponRedemption reversed = redemptions.at(0);
    reversed.status = u"reversed"_s;
    QVERIFY(billing.upsertRedemption(reversed));
    QCOMPARE(billing.redemptions()->at(1), reversed);
    QVERIFY(billing.replaceRedemptions({redemptions.at(1)}));
    QCOMPARE(billing.redemptions()->size(), 1);

    QList<Invoice> invoices;
    for (int i = 0; i < 12; ++i)
        invoices.append({u"in_%1"_s.arg(i), kJan15 - (12 - i) * 30 * kDay, cents(1500), u"usd"_s, u"paid"_s,
                         u"https://billing.invalid/i/%1"_s.arg(i), {}, u"Pro monthly"_s});
    QVERIFY(billing.upsertInvoices(invoices.mid(0, 6)));
    QVERIFY(billing.upsertInvoices(invoices.mid(4, 8))); // overlapping page
    auto newest = billing.invoices(5);
    QVERIFY(newest);
    QCOMPARE(newest->size(), 5);
    QCOMPARE(newest->constFirst(), invoices.at(11));
    QCOMPARE(billing.invoices(50)->size(), 12);
    QCOMPARE(billing.invoices(0).error().code, QString(creditdesk::errc::invalidArgument));

    const QList<ProrationEvent> events{
        {u"p-1"_s, u"sub-1"_s, u"pro"_s, u"pro_max"_s, u"upgrade"_s, cents(6'529), u"applied"_s, kJan15 - 5 * kDay},
        {u"p-2"_s, u"sub-1"_s, u"pro_max"_s, u"pro"_s, u"downgrade"_s, cents(-12'486), u"pending"_s, kJan15}};
    QVERIFY(billing.replaceProrationEvents(events));
    QVERIFY(billing.replaceProrationEvents(events));
    QCOMPARE(*billing.prorationEvents(), (QList<ProrationEvent>{events.at(1), events.at(0)}));
}

void TestMirrorEntities::streamStateRoundTrip()
{
    SyncStateRepository sync(*m_db);
    QVERIFY(!*sync.streamState(u"profile"_s));
    const StreamState s{u"profile"_s, {}, 42, kJan15, {}, kJan15 + 5};
    QVERIFY(sync.setStreamState(s));
    QVERIFY(sync.setStreamState(s));
    QCOMPARE(**sync.streamState(u"profile"_s), s);
    const StreamState etag{u"state"_s, {}, std::nullopt, std::nullopt, u"W/\"abc\""_s, kJan15};
    QVERIFY(sync.setStreamState(etag));
    QCOMPARE(**sync.streamState(u"state"_s), etag);
    auto unknown = sync.setStreamState({u"weather"_s, {}, 1, {}, {}, kJan15});
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().code, QString(errc::mirrorConstraintViolation));
}

QTEST_GUILESS_MAIN(TestMirrorEntities)
#include "test_mirror_entities.moc"

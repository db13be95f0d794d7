// evaluateByok: the domain decision over mirror facts and the licensing
// snapshot, with the reason the UI shows.
#include "core/byok/byok_entitlement.h"
#include "core/domain/utc_time.h"
#include "core/licensing/license_state.h"

#include <QJsonArray>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::byok;

namespace {

const std::int64_t kNow = *utcMs(2026, 3, 10, 12);
const std::int64_t kDay = kMsPerDay;

store::Subscription subscription(const QString &tier, const QString &status)
{
    store::Subscription s;
    s.id = u"sub-1"_s;
    s.tier = tier;
    s.status = status;
    s.billingInterval = u"monthly"_s;
    return s;
}

store::License license(const QString &status, bool byokEnabled)
{
    store::License l;
    l.id = u"lic-1"_s;
    l.status = status;
    l.byokEnabled = byokEnabled;
    return l;
}

LicensingSnapshot certificate(std::int64_t validUntil = kNow + 20 * kDay, bool byokEnabled = true)
{
    LicensingSnapshot s;
    s.certificateValidUntilMs = validUntil;
    s.certificateByokEnabled = byokEnabled;
    s.nowMs = kNow;
    s.highWaterMs = kNow;
    return s;
}

LicensingSnapshot noCertificate()
{
    LicensingSnapshot s;
    s.nowMs = kNow;
    s.highWaterMs = kNow;
    return s;
}

QStringList reasons(const Error &e)
{
    QStringList out;
    for (const QJsonValue &v : e.details.value(u"reasons"_s).toArray())
        out.append(v.toString());
    return out;
}

} // namespace

class TestByokEntitlement : public QObject {
    Q_OBJECT

private slots:
    void tiersWithByok_data()
    {
        QTest::addColumn<QString>("tier");
        QTest::addColumn<QString>("status");
        QTest::addColumn<bool>("allowed");
        for (const QString &tier :
             {u"pro_max"_s, u"enterprise_pro"_s, u"enterprise_max"_s, u"enterprise_pro_plus"_s}) {
            for (const QString &status : {u"trial"_s, u"active"_s, u"past_due"_s, u"grace_period"_s})
                QTest::newRow(qPrintable(tier + u' ' + status)) << tier << status << true;
            for (const QString &status : {u"suspended"_s, u"cancelled"_s, u"expired"_s})
                QTest::newRow(qPrintable(tier + u' ' + status)) << tier << status << false;
        }
        for (const QString &tier : {u"free"_s, u"pro"_s, u"pro_plus"_s, u"perpetual"_s})
            QTest::newRow(qPrintable(tier)) << tier << u"active"_s << false;
    }
    void tiersWithByok()
    {
        QFETCH(QString, tier);
        QFETCH(QString, status);
        QFETCH(bool, allowed);
        auto result = evaluateByok({subscription(tier, status), std::nullopt, std::nullopt}, certificate());
        QCOMPARE(result.has_value(), allowed);
        if (allowed) {
            QCOMPARE(*result, ByokSource::Subscription);
            return;
        }
        QCOMPARE(result.error().code, u"byok_not_entitled"_s);
        const bool tierHasByok = tier.startsWith(u"enterprise"_s) || tier == u"pro_max"_s;
        const QString why = tierHasByok ? u"subscription_inactive"_s : u"tier_without_byok"_s;
        QCOMPARE(result.error().details.value(u"reason"_s).toString(), why);
        QCOMPARE(reasons(result.error()), QStringList{why});
        QCOMPARE(result.error().details.value(u"tier"_s).toString(), tier);
        QCOMPARE(result.error().details.value(u"subscription_status"_s).toString(), status);
        QCOMPARE(result.error().details.value(u"has_certificate"_s).toBool(), true);
    }

    void noSubscriptionIsFree()
    {
        auto result = evaluateByok({}, certificate());
        QVERIFY(!result);
        QCOMPARE(result.error().details.value(u"reason"_s).toString(), u"tier_without_byok"_s);
        QCOMPARE(result.error().details.value(u"tier"_s).toString(), u"free"_s);
        QVERIFY(!result.error().details.contains(u"license_status"_s));
    }

    void proUserWithoutLicense()
    {
        auto result =
            evaluateByok({subscription(u"pro"_s, u"active"_s), std::nullopt, std::nullopt}, noCertificate());
        QVERIFY(!result);
        QCOMPARE(result.error().code, u"byok_not_entitled"_s);
        QCOMPARE(reasons(result.error()), QStringList{u"tier_without_byok"_s});
        QCOMPARE(result.error().details.value(u"has_certificate"_s).toBool(), false);
    }

    void entitledButNoCertificateOnThisDevice()
    {
        auto result = evaluateByok({subscription(u"pro_max"_s, u"active"_s), std::nullopt, std::nullopt},
                                   noCertificate());
        QVERIFY(!result);
        QCOMPARE(result.error().code, u"byok_not_entitled"_s);
        QCOMPARE(reasons(result.error()), QStringList{u"no_certificate"_s});
    }

    void subscriptionConfirmedBySyncStandsInForACertificate()
    {
        EntitlementFacts facts{subscription(u"pro_max"_s, u"active"_s), std::nullopt, std::nullopt};
        LicensingSnapshot now = noCertificate();
        facts.subscriptionConfirmedAtMs = now.nowMs - 86'400'000LL;
        auto allowed = evaluateByok(facts, now);
        QVERIFY(allowed);
        QCOMPARE(*allowed, ByokSource::Subscription);

        // 38 days without a confirmation: past the 30 days and the 7 of grace.
        facts.subscriptionConfirmedAtMs = now.nowMs - 38 * 86'400'000LL;
        auto locked = evaluateByok(facts, now);
        QVERIFY(!locked);
        QCOMPARE(locked.error().code, u"byok_locked"_s);
        QCOMPARE(locked.error().details.value(u"reason"_s).toString(), u"certificate_grace_over"_s);
        QCOMPARE(locked.error().details.value(u"valid_until_ms"_s).toInteger(),
                 *facts.subscriptionConfirmedAtMs + 30 * 86'400'000LL);

        // A confirmation does not help a tier without BYOK.
        EntitlementFacts pro{subscription(u"pro"_s, u"active"_s), std::nullopt, std::nullopt};
        pro.subscriptionConfirmedAtMs = now.nowMs;
        QCOMPARE(reasons(evaluateByok(pro, now).error()), QStringList{u"tier_without_byok"_s});
    }

    void perpetualLicense()
    {
        const EntitlementFacts facts{subscription(u"free"_s, u"active"_s), license(u"active"_s, true),
                                     std::nullopt};
        auto ok = evaluateByok(facts, certificate());
        QVERIFY(ok);
        QCOMPARE(*ok, ByokSource::License);

        auto inactive =
            evaluateByok({std::nullopt, license(u"suspended"_s, true), std::nullopt}, certificate());
        QCOMPARE(reasons(inactive.error()), (QStringList{u"tier_without_byok"_s, u"license_not_active"_s}));
        QCOMPARE(inactive.error().details.value(u"license_status"_s).toString(), u"suspended"_s);

        auto disabled =
            evaluateByok({std::nullopt, license(u"active"_s, false), std::nullopt}, certificate());
        QCOMPARE(reasons(disabled.error()),
                 (QStringList{u"tier_without_byok"_s, u"license_byok_disabled"_s}));
        // The certificate's byok_enabled counts too.
        auto certDisabled = evaluateByok({std::nullopt, license(u"active"_s, true), std::nullopt},
                                         certificate(kNow + kDay, false));
        QCOMPARE(reasons(certDisabled.error()),
                 (QStringList{u"tier_without_byok"_s, u"license_byok_disabled"_s}));

        auto notHere =
            evaluateByok({std::nullopt, license(u"active"_s, true), std::nullopt}, noCertificate());
        QCOMPARE(reasons(notHere.error()), QStringList{u"no_certificate"_s});

        LicensingSnapshot old = certificate();
        old.versionEligible = false;
        auto version = evaluateByok({std::nullopt, license(u"active"_s, true), std::nullopt}, old);
        QCOMPARE(reasons(version.error()),
                 (QStringList{u"tier_without_byok"_s, u"license_version_not_eligible"_s}));

        // A license that does not entitle does not hide a tier that does.
        auto tier =
            evaluateByok({subscription(u"pro_max"_s, u"active"_s), license(u"active"_s, false), std::nullopt},
                         certificate());
        QCOMPARE(*tier, ByokSource::Subscription);
    }

    void graceAndLock()
    {
        const EntitlementFacts facts{subscription(u"pro_max"_s, u"active"_s), std::nullopt, std::nullopt};
        // [CertGrace]: 3 d 12 h past valid_until, still allowed.
        QVERIFY(evaluateByok(facts, certificate(kNow - 3 * kDay - 12 * kMsPerHour)));
        // [CertLocked]: grace over.
        auto locked = evaluateByok(facts, certificate(kNow - 7 * kDay));
        QVERIFY(!locked);
        QCOMPARE(locked.error().code, u"byok_locked"_s);
        QCOMPARE(locked.error().details.value(u"reason"_s).toString(), u"certificate_grace_over"_s);
        QCOMPARE(locked.error().details.value(u"valid_until_ms"_s).toInteger(), kNow - 7 * kDay);
    }

    void clockRollbackLocks()
    {
        const EntitlementFacts facts{subscription(u"pro_max"_s, u"active"_s), std::nullopt, std::nullopt};
        LicensingSnapshot s = certificate();
        s.highWaterMs = kNow + 6 * kMsPerMinute; // [ClockRollback]: more than 5 min behind
        auto locked = evaluateByok(facts, s);
        QVERIFY(!locked);
        QCOMPARE(locked.error().code, u"byok_locked"_s);
        QCOMPARE(locked.error().details.value(u"reason"_s).toString(), u"clock_rollback"_s);
        QCOMPARE(locked.error().details.value(u"behind_ms"_s).toInteger(), 6 * kMsPerMinute);
        s.highWaterMs = kNow + 4 * kMsPerMinute; // within the tolerance
        QVERIFY(evaluateByok(facts, s));
    }

    void snapshotFromLicenseState()
    {
        licensing::LicenseState state;
        QCOMPARE(snapshotOf(state).certificateValidUntilMs, std::nullopt);
        crypto::ActivationCertificatePayload payload;
        payload.validUntilMs = kNow + 5 * kDay;
        payload.byokEnabled = true;
        state.kind = licensing::LicenseState::Kind::RenewDue;
        state.certificate = payload;
        state.versionEligible = false;
        state.clock.nowMs = kNow;
        state.clock.highWaterMs = kNow + 1000;
        const LicensingSnapshot s = snapshotOf(state);
        QCOMPARE(s.certificateValidUntilMs, std::optional<std::int64_t>(kNow + 5 * kDay));
        QVERIFY(s.certificateByokEnabled);
        QVERIFY(!s.versionEligible);
        QCOMPARE(s.nowMs, kNow);
        QCOMPARE(s.highWaterMs, kNow + 1000);
    }
};

QTEST_GUILESS_MAIN(TestByokEntitlement)
#include "test_byok_entitlement.moc"

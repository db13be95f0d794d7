// The account streams of a sync run: profile, subscription (+ proration
// history), balance (+ credit sources), license (+ seats, upgrades), coupon
// redemptions, invoices. Each is written with its stream state in one
// transaction; the server wins.
#include "core/api/api_errors.h"
#include "core/store/account_repository.h"
#include "core/store/billing_repository.h"
#include "core/store/license_repository.h"
#include "core/store/mirror_database.h"
#include "core/sync/sync_errors.h"
#include "core/sync/sync_mapping.h"
#include "core/sync/sync_run.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace creditdesk::sync {

namespace {

bool isOneOf(const Error &error, std::initializer_list<QLatin1StringView> codes)
{
    for (QLatin1StringView c : codes) {
        if (error.is(c))
            return true;
    }
    return false;
}

} // namespace

void SyncRun::syncProfile(const Done &done)
{
    request<api::UserProfile>(
        [this](QObject *c, api::Callback<api::UserProfile> cb) {
            return m_client.fetchUser(c, std::move(cb));
        },
        [this, done](Result<api::UserProfile> user) {
            if (!user)
                return done(std::unexpected(user.error()));
            request<api::Preferences>(
                [this](QObject *c, api::Callback<api::Preferences> cb) {
                    return m_client.fetchPreferences(c, std::move(cb));
                },
                [this, done, me = *user](Result<api::Preferences> preferences) {
                    if (!preferences)
                        return done(std::unexpected(preferences.error()));
                    request<api::AccountProfile>(
                        [this](QObject *c, api::Callback<api::AccountProfile> cb) {
                            return m_client.fetchAccountProfile(c, std::move(cb));
                        },
                        [this, done, me, settings = *preferences](Result<api::AccountProfile> account) {
                            if (!account)
                                return done(std::unexpected(account.error()));
                            const store::UserProfile profile = mirrorProfile(me, *account);
                            const store::UserPreferences prefs = mirrorPreferences(me.id, settings, *account);
                            writeStream(
                                stream::profile,
                                [profile, prefs](store::MirrorDatabase &db) -> Result<void> {
                                    store::AccountRepository accounts(db);
                                    auto existing = accounts.profile();
                                    if (!existing)
                                        return std::unexpected(existing.error());
                                    // Another account: the mirror holds one user.
                                    if (*existing && (*existing)->id != profile.id) {
                                        if (auto cleared = db.clearUserData(); !cleared)
                                            return cleared;
                                    }
                                    if (auto r = accounts.upsertProfile(profile); !r)
                                        return r;
                                    return accounts.upsertPreferences(prefs);
                                },
                                [this, done, id = me.id](Result<void> written) {
                                    if (written)
                                        m_userId = id;
                                    done(written);
                                });
                        });
                });
        });
}

void SyncRun::syncSubscription(const Done &done)
{
    request<api::Subscription>(
        [this](QObject *c, api::Callback<api::Subscription> cb) {
            return m_client.fetchSubscription(c, std::move(cb));
        },
        [this, done](Result<api::Subscription> subscription) {
            if (!subscription) {
                if (subscription.error().is(api::errc::endpointUnavailable))
                    return done({}); // the real cloud's always-401 endpoint (§5): nothing to mirror
                if (!subscription.error().is(api::errc::noActiveSubscription))
                    return done(std::unexpected(subscription.error()));
                writeStream(
                    stream::subscription,
                    [](store::MirrorDatabase &db) {
                        return store::AccountRepository(db).replaceSubscription({});
                    },
                    done);
                return;
            }
            auto mirrored = mirrorSubscription(*subscription);
            if (!mirrored)
                return done(std::unexpected(mirrored.error()));
            request<api::ProrationHistory>(
                [this, id = subscription->id](QObject *c, api::Callback<api::ProrationHistory> cb) {
                    return m_client.fetchProrationHistory(id, c, std::move(cb));
                },
                [this, done, row = *mirrored](Result<api::ProrationHistory> history) {
                    std::optional<QList<store::ProrationEvent>> events;
                    if (history) {
                        events = mirrorProrationEvents(history->events);
                    } else if (!isOneOf(history.error(), {api::errc::endpointUnavailable, api::errc::notFound,
                                                          api::errc::subscriptionNotFound})) {
                        return done(std::unexpected(history.error()));
                    }
                    writeStream(
                        stream::subscription,
                        [row, events](store::MirrorDatabase &db) -> Result<void> {
                            if (auto r = store::AccountRepository(db).replaceSubscription(row); !r)
                                return r;
                            if (events)
                                return store::BillingRepository(db).replaceProrationEvents(*events);
                            return {};
                        },
                        done);
                });
        });
}

void SyncRun::syncBalance(const Done &done)
{
    if (m_userId.isEmpty())
        return done(fail(errc::profileMissing, u"the balance needs the signed-in user's profile"_s));
    request<api::CreditSummary>(
        [this](QObject *c, api::Callback<api::CreditSummary> cb) {
            return m_client.fetchCreditSummary(c, std::move(cb));
        },
        [this, done](Result<api::CreditSummary> summary) {
            if (!summary)
                return done(std::unexpected(summary.error()));
            request<api::CreditPeriod>(
                [this](QObject *c, api::Callback<api::CreditPeriod> cb) {
                    return m_client.fetchCreditPeriod(c, std::move(cb));
                },
                [this, done, credits = *summary](Result<api::CreditPeriod> period) {
                    std::optional<api::CreditPeriod> current;
                    if (period)
                        current = *period;
                    else if (!period.error().is(api::errc::notFound))
                        return done(std::unexpected(period.error()));
                    auto balance = mirrorBalance(m_userId, credits, current);
                    if (!balance)
                        return done(std::unexpected(balance.error()));
                    std::optional<QList<store::CreditSource>> sources;
                    if (credits.sources)
                        sources = mirrorSources(*credits.sources);
                    writeStream(
                        stream::balance,
                        [row = *balance, sources](store::MirrorDatabase &db) -> Result<void> {
                            store::AccountRepository accounts(db);
                            if (auto r = accounts.upsertBalance(row); !r)
                                return r;
                            if (sources)
                                return accounts.replaceSources(*sources);
                            return {};
                        },
                        done);
                });
        });
}

void SyncRun::syncLicense(const Done &done)
{
    request<std::optional<api::MyLicense>>(
        [this](QObject *c, api::Callback<std::optional<api::MyLicense>> cb) {
            return m_client.fetchMyLicense(c, std::move(cb));
        },
        [this, done](Result<std::optional<api::MyLicense>> mine) {
            if (!mine) {
                if (mine.error().is(api::errc::endpointUnavailable))
                    return done({});
                return done(std::unexpected(mine.error()));
            }
            if (!*mine) {
                writeStream(
                    stream::license,
                    [](store::MirrorDatabase &db) {
                        return store::LicenseRepository(db).replaceLicense({}, {}, {});
                    },
                    done);
                return;
            }
            syncLicenseDetails(**mine, done);
        });
}

void SyncRun::syncLicenseDetails(const api::MyLicense &mine, const Done &done)
{
    request<api::LicenseDetails>(
        [this, key = mine.licenseKey](QObject *c, api::Callback<api::LicenseDetails> cb) {
            return m_client.fetchLicense(key, c, std::move(cb));
        },
        [this, done, mine](Result<api::LicenseDetails> details) {
            if (!details)
                return done(std::unexpected(details.error()));
            request<api::LicenseDevices>(
                [this, key = mine.licenseKey](QObject *c, api::Callback<api::LicenseDevices> cb) {
                    return m_client.fetchLicenseDevices(key, c, std::move(cb));
                },
                [this, done, mine, info = *details](Result<api::LicenseDevices> devices) {
                    if (!devices)
                        return done(std::unexpected(devices.error()));
                    writeStream(
                        stream::license,
                        [userId = m_userId, mine, info,
                         seats = *devices](store::MirrorDatabase &db) -> Result<void> {
                            store::LicenseRepository licenses(db);
                            auto known = licenses.devices(mine.id);
                            if (!known)
                                return std::unexpected(known.error());
                            const MirroredLicense m = mirrorLicense(userId, mine, info, seats, *known);
                            return licenses.replaceLicense(m.license, m.devices, m.upgrades);
                        },
                        done);
                });
        });
}

void SyncRun::syncCoupons(const Done &done)
{
    if (m_userId.isEmpty())
        return done(fail(errc::profileMissing, u"coupon history needs the signed-in user's id"_s));
    request<QList<api::RedemptionRecord>>(
        [this](QObject *c, api::Callback<QList<api::RedemptionRecord>> cb) {
            return m_client.fetchCouponHistory(m_userId, c, std::move(cb));
        },
        [this, done](Result<QList<api::RedemptionRecord>> history) {
            if (!history) {
                // The real cloud answers 403 to everyone here (§9): nothing to mirror.
                const bool realCloud =
                    m_client.transport().serverKind() == api::ApiTransport::ServerKind::Other;
                if (history.error().is(api::errc::endpointUnavailable) ||
                    (realCloud && history.error().is(api::errc::forbidden)))
                    return done({});
                return done(std::unexpected(history.error()));
            }
            writeStream(
                stream::coupons,
                [records = *history](store::MirrorDatabase &db) -> Result<void> {
                    store::BillingRepository billing(db);
                    auto known = billing.redemptions();
                    if (!known)
                        return std::unexpected(known.error());
                    return billing.replaceRedemptions(mirrorRedemptions(records, *known));
                },
                done);
        });
}

void SyncRun::syncInvoices(const Done &done)
{
    m_invoices.clear();
    fetchInvoicePage({}, done);
}

void SyncRun::fetchInvoicePage(const QString &startingAfter, const Done &done)
{
    request<api::InvoicePage>(
        [this, startingAfter](QObject *c, api::Callback<api::InvoicePage> cb) {
            return m_client.fetchInvoices(m_options.invoicePageSize, startingAfter, c, std::move(cb));
        },
        [this, done](Result<api::InvoicePage> page) {
            if (!page)
                return done(std::unexpected(page.error()));
            QSet<QString> seen;
            for (const api::Invoice &i : std::as_const(m_invoices))
                seen.insert(i.id);
            bool progressed = false;
            for (const api::Invoice &i : std::as_const(page->invoices)) {
                if (!seen.contains(i.id)) {
                    m_invoices.append(i);
                    progressed = true;
                }
            }
            // Only ours pages on (starting_after); the real cloud sends the newest N.
            const bool pageOn =
                page->hasMore && progressed &&
                m_client.transport().serverKind() == api::ApiTransport::ServerKind::CreditDesk &&
                m_invoices.size() < store::BillingRepository::kMaxInvoices;
            if (pageOn) {
                fetchInvoicePage(m_invoices.constLast().id, done);
                return;
            }
            writeStream(
                stream::invoices,
                [invoices = mirrorInvoices(m_invoices)](store::MirrorDatabase &db) {
                    return store::BillingRepository(db).upsertInvoices(invoices);
                },
                done);
        });
}

} // namespace creditdesk::sync

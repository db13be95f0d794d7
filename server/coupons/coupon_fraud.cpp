#include "server/coupons/coupon_fraud.h"

#include "core/domain/utc_time.h"
#include "server/coupons/coupon_log.h"
#include "server/coupons/coupon_repository.h"
#include "server/coupons/coupon_sql.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

constexpr std::int64_t kVelocityWindowMs = kMsPerHour;
constexpr std::int64_t kIpSwitchWindowMs = 10 * kMsPerMinute;
constexpr std::int64_t kStackingWindowMs = 5 * kMsPerMinute;
constexpr qsizetype kMaxStoredUserAgent = 512;

} // namespace

QString fraudTypeName(FraudType type)
{
    switch (type) {
    case FraudType::VelocityAbuse:
        return u"velocity_abuse"_s;
    case FraudType::IpSwitching:
        return u"ip_switching"_s;
    case FraudType::StackingAbuse:
        return u"stacking_abuse"_s;
    case FraudType::BotUserAgent:
        return u"bot_user_agent"_s;
    case FraudType::DeviceFingerprintMismatch:
        return u"device_fingerprint_mismatch"_s;
    }
    return {};
}

QString fraudSeverityName(FraudSeverity severity)
{
    switch (severity) {
    case FraudSeverity::Medium:
        return u"medium"_s;
    case FraudSeverity::High:
        return u"high"_s;
    case FraudSeverity::Critical:
        return u"critical"_s;
    }
    return {};
}

Result<void> CouponFraudGuard::record(const FraudContext &context, FraudType type, const QString &severity,
                                      bool flagged, const QJsonObject &details, const QString &redemptionId)
{
    qCWarning(lcServerCoupons).noquote() << "fraud signal" << fraudTypeName(type) << severity << "user"
                                         << context.userId << "coupon" << context.couponId;
    if (!context.knownUser)
        return {}; // coupon_fraud_detection.user_id must name a user
    FraudRecord r;
    r.couponId = context.couponId;
    r.userId = context.userId;
    r.redemptionId = redemptionId;
    r.type = type;
    r.severity = severity;
    r.flagged = flagged;
    r.details = details;
    r.ipAddress = context.ipAddress;
    r.userAgent = context.userAgent.left(kMaxStoredUserAgent);
    r.deviceFingerprint = context.deviceFingerprint;
    r.detectedAtMs = context.nowMs;
    return m_repo.insertFraud(r);
}

Result<void> CouponFraudGuard::assess(const FraudContext &context, CouponFacts &facts)
{
    if (isBotUserAgent(context.userAgent)) {
        facts.fraudFlagged = true;
        if (auto done = record(context, FraudType::BotUserAgent, fraudSeverityName(FraudSeverity::Critical), true,
                               QJsonObject{{u"userAgent"_s, context.userAgent.left(kMaxStoredUserAgent)}});
            !done)
            return done;
    }
    if (!context.knownUser)
        return {};
    if (!facts.fraudFlagged) {
        auto flagged = m_repo.hasCriticalFlag(context.userId, context.couponId);
        if (!flagged)
            return std::unexpected(flagged.error());
        facts.fraudFlagged = *flagged;
    }
    auto recent = recentRedemptions(context);
    if (!recent)
        return std::unexpected(recent.error());
    facts.redemptionsLastHour = *recent;
    if (auto done = recordVelocity(context, *recent); !done)
        return done;
    auto ips = m_repo.redemptionIps(context.userId, std::nullopt, true);
    if (!ips)
        return std::unexpected(ips.error());
    const QString ip = cpnsql::normalizeIp(context.ipAddress);
    facts.pastRedemptionIpCount = static_cast<int>(ips->size());
    facts.ipIsNew = !ip.isEmpty() && !ips->contains(ip);
    return {};
}

Result<int> CouponFraudGuard::recentRedemptions(const FraudContext &context)
{
    auto recent = m_repo.userRedemptionsSince(context.userId, context.nowMs - kVelocityWindowMs);
    if (!recent)
        return std::unexpected(recent.error());
    return static_cast<int>(std::min<std::int64_t>(*recent, 1'000'000));
}

Result<void> CouponFraudGuard::recordVelocity(const FraudContext &context, int redemptionsLastHour)
{
    const auto severity = velocitySeverity(redemptionsLastHour);
    if (!severity)
        return {};
    return record(context, FraudType::VelocityAbuse, fraudSeverityName(*severity), true,
                  QJsonObject{{u"redemptionCount"_s, redemptionsLastHour}, {u"timeWindow"_s, u"1 hour"_s}});
}

Result<void> CouponFraudGuard::logVelocity(const FraudContext &context)
{
    if (!context.knownUser)
        return {};
    auto recent = recentRedemptions(context);
    if (!recent)
        return std::unexpected(recent.error());
    return recordVelocity(context, *recent);
}

Result<void> CouponFraudGuard::logWarnings(const FraudContext &context, const CouponFacts &facts,
                                           const CouponValidation &validation)
{
    if (!validation.warnings.contains(CouponReason::DeviceFingerprintMismatch))
        return {};
    return record(context, FraudType::IpSwitching, fraudSeverityName(FraudSeverity::Medium), false,
                  QJsonObject{{u"uniqueIPs"_s, facts.pastRedemptionIpCount},
                              {u"currentIP"_s, cpnsql::normalizeIp(context.ipAddress)}});
}

Result<void> CouponFraudGuard::logAfterRedemption(const FraudContext &context, const QString &redemptionId)
{
    auto ips = m_repo.redemptionIps(context.userId, context.nowMs - kIpSwitchWindowMs, false);
    if (!ips)
        return std::unexpected(ips.error());
    if (ips->size() > 1) {
        if (auto done = record(context, FraudType::IpSwitching, fraudSeverityName(FraudSeverity::Medium), false,
                               QJsonObject{{u"ipAddresses"_s, QJsonArray::fromStringList(*ips)},
                                           {u"timeWindow"_s, u"10 minutes"_s}},
                               redemptionId);
            !done)
            return done;
    }
    auto successes = m_repo.userSuccessesSince(context.userId, context.nowMs - kStackingWindowMs);
    if (!successes)
        return std::unexpected(successes.error());
    if (*successes > 1) {
        return record(context, FraudType::StackingAbuse, u"low"_s, false,
                      QJsonObject{{u"recentRedemptions"_s, qint64{*successes}}, {u"timeWindow"_s, u"5 minutes"_s}},
                      redemptionId);
    }
    return {};
}

} // namespace creditdesk::server

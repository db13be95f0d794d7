#include "server/billing/usage_recorder.h"

#include "server/billing/billing_errors.h"
#include "server/billing/billing_json.h"
#include "server/billing/billing_log.h"
#include "server/billing/billing_sql.h"
#include "server/billing/credit_grants.h"
#include "server/billing/pricing_catalog.h"
#include "server/billing/subscription_repository.h"
#include "server/billing/subscription_service.h"
#include "server/billing/usage_batch.h"
#include "server/billing/user_repository.h"
#include "server/db/connection.h"
#include "server/db/sql_values.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server {

QJsonObject UsageRecorder::responseBody(const UsageOutcome &outcome)
{
    return QJsonObject{{u"deduction"_s, QJsonObject{{u"request_id"_s, outcome.requestId},
                                                    {u"credits_deducted"_s, billing::creditsJson(outcome.creditsDeducted)},
                                                    {u"balance_after"_s, billing::creditsJson(outcome.balanceAfter)}}}};
}

Result<std::optional<RecordedUsage>> UsageRecorder::replay(const UsageInput &in) const
{
    bool found = false;
    auto q = billing::runSqlFirst(
        m_db,
        u"SELECT u.id, u.user_id, u.model_id, p.name, u.input_tokens, u.output_tokens, u.cached_input_tokens, "
        "u.request_type, u.is_byok, u.occurred_at, d.amount, d.balance_after "
        "FROM token_usage_ledger u JOIN providers p ON p.id = u.provider_id "
        "LEFT JOIN credit_deduction_ledger d ON d.token_usage_id = u.id WHERE u.request_id = ?"_s,
        {sqlv::uuid(m_db, in.requestId)}, &found);
    if (!q)
        return std::unexpected(q.error());
    if (!found)
        return std::optional<RecordedUsage>();
    auto byok = sqlv::readBoolean(m_db, q->value(8));
    auto occurred = sqlv::readTimestamp(m_db, q->value(9));
    auto amount = q->value(10).isNull() ? Result<Credits>(Credits()) : sqlv::readCredits(m_db, q->value(10));
    auto after = q->value(11).isNull() ? Result<Credits>(Credits()) : sqlv::readCredits(m_db, q->value(11));
    if (!byok || !occurred || !amount || !after)
        return fail("database_error"_L1, u"token_usage_ledger row is unreadable"_s);
    const bool same = sqlv::readUuid(q->value(1)) == in.userId && q->value(2).toString() == in.modelId
        && q->value(3).toString() == in.provider && q->value(4).toLongLong() == in.inputTokens
        && q->value(5).toLongLong() == in.outputTokens && q->value(6).toLongLong() == in.cachedInputTokens
        && q->value(7).toString() == toString(in.requestType) && *byok == in.byok
        && (!in.occurredAtGiven || *occurred == in.occurredAtMs);
    if (!same) {
        return fail(billerr::idempotencyKeyReused, u"request_id was recorded with different content"_s,
                    QJsonObject{{u"request_id"_s, in.requestId}});
    }
    return std::optional<RecordedUsage>(
        RecordedUsage{true, UsageOutcome{sqlv::readUuid(q->value(0)), in.requestId, *amount, *after}});
}

Result<RecordedUsage> UsageRecorder::record(UsageInput input)
{
    const std::int64_t now = billing::nowMs(m_env);
    if (input.occurredAtGiven) {
        if (input.occurredAtMs < now - kMaxAgeMs || input.occurredAtMs > now + kClockSkewMs)
            return fail(billerr::validationError, u"created_at must lie within the last 24 hours"_s,
                        QJsonObject{{u"created_at"_s, u"more than 24 h old or in the future"_s}});
    } else {
        input.occurredAtMs = now;
    }

    auto user = UserRepository(m_db).find(input.userId);
    if (!user)
        return std::unexpected(user.error());
    if (!*user)
        return fail(billerr::notFound, u"user not found"_s);

    // Pricing and tier are read before the transaction keeps the lock short.
    auto subscription = SubscriptionRepository(m_db).current(input.userId);
    if (!subscription)
        return std::unexpected(subscription.error());
    if (*subscription && isServingStatus((*subscription)->status) && now >= (*subscription)->periodEndMs) {
        // A period ended: renew it (and allocate) before charging this request.
        if (auto renewed = SubscriptionService(m_env, m_db).catchUp(input.userId); !renewed)
            return std::unexpected(renewed.error());
        subscription = SubscriptionRepository(m_db).current(input.userId);
        if (!subscription)
            return std::unexpected(subscription.error());
    }
    SubscriptionTier tier = SubscriptionTier::Free;
    QString subscriptionId;
    if (*subscription) {
        if ((*subscription)->status == SubscriptionStatus::Suspended && !input.byok)
            return fail(billerr::subscriptionSuspended, u"the subscription is suspended"_s);
        if (isServingStatus((*subscription)->status)) {
            tier = (*subscription)->tier;
            subscriptionId = (*subscription)->id;
        }
    }
    auto catalog = PricingCatalog::load(m_db, input.provider, input.modelId);
    if (!catalog)
        return std::unexpected(catalog.error());
    auto priced = catalog->price(input, tier);
    if (!priced) {
        // A replay of an accepted request stays a replay even if prices changed.
        if (auto earlier = replay(input); earlier && *earlier)
            return **earlier;
        return std::unexpected(priced.error());
    }

    auto recorded = billing::inTransaction(m_db, [&]() -> Result<RecordedUsage> {
        auto locked = lockCredits(m_db, input.userId, now);
        if (!locked)
            return std::unexpected(locked.error());
        auto earlier = replay(input);
        if (!earlier)
            return std::unexpected(earlier.error());
        if (*earlier)
            return **earlier;
        UsageLedgerWriter writer(m_db);
        UsageBatch batch(m_db, writer, std::move(*locked), input.userId, subscriptionId, now);
        auto outcome = batch.add(*priced);
        if (!outcome)
            return std::unexpected(outcome.error());
        if (auto flushed = batch.flush(); !flushed)
            return std::unexpected(flushed.error());
        return RecordedUsage{false, *outcome};
    });
    if (!recorded && isUniqueViolation(recorded.error())) {
        // The same request_id committed by another user's transaction meanwhile.
        auto earlier = replay(input);
        if (!earlier)
            return std::unexpected(earlier.error());
        if (*earlier)
            return **earlier;
    }
    if (recorded && !recorded->replayed)
        qCDebug(lcBilling) << "usage recorded:" << recorded->outcome.creditsDeducted.toDecimalString() << "credits";
    return recorded;
}

} // namespace creditdesk::server

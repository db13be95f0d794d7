#include "tests/bench/pg_query_bench.h"
#include "tests/bench/pg_sql.h"

using namespace Qt::StringLiterals;

namespace creditdesk::bench {

namespace {

constexpr qint64 kMs = 1'000'000;

QString pick(QRandomGenerator &rng, const QStringList &from)
{
    return from.at(static_cast<qsizetype>(rng.bounded(static_cast<quint32>(from.size()))));
}

} // namespace

Result<PgInputs> loadPgInputs(const QSqlDatabase &db)
{
    PgInputs inputs;
    auto users = pg::column(db, u"SELECT id FROM users ORDER BY id"_s);
    auto licensed = pg::column(db,
                               u"SELECT user_id FROM perpetual_license WHERE status = ?::license_status "
                               u"ORDER BY user_id"_s,
                               {u"active"_s});
    auto codes = pg::column(db, u"SELECT code FROM coupon ORDER BY code"_s);
    if (!users || !licensed || !codes)
        return std::unexpected((!users ? users : !licensed ? licensed : codes).error());
    if (users->isEmpty() || licensed->isEmpty() || codes->isEmpty())
        return fail(pg::kBenchError, u"the generated data has no users, licenses or coupons"_s);
    inputs.userIds = *users;
    inputs.licensedUserIds = *licensed;
    inputs.couponCodes = *codes;
    return inputs;
}

QList<PgQuery> pgQueries(const PgInputs &inputs)
{
    const auto anyUser = [users = inputs.userIds](QRandomGenerator &rng) {
        return QVariantList{pick(rng, users)};
    };
    QList<PgQuery> queries;

    queries.append({u"Balance lookup (§9.3 #1)"_s,
                    u"SELECT amount FROM user_credit_balance WHERE user_id = ?"_s,
                    {u"uuid"_s},
                    anyUser,
                    Target{1 * kMs, u"≤ 1 ms (seed < 10 ms)"_s},
                    u"as in the seed"_s});

    queries.append({u"30-day token history, all rows (§9.3 #2)"_s,
                    u"SELECT * FROM token_usage_ledger WHERE user_id = ? "
                    u"AND created_at >= now() - make_interval(days => ?) ORDER BY created_at DESC"_s,
                    {u"uuid"_s, u"integer"_s},
                    [users = inputs.userIds](QRandomGenerator &rng) {
                        return QVariantList{pick(rng, users), 30};
                    },
                    Target{5 * kMs, u"≤ 5 ms (seed < 50 ms)"_s},
                    u"as in the seed (no LIMIT: every row of the 30 days, all columns)"_s});

    queries.append(
        {u"30-day token history, first page of 200 (keyset)"_s,
         u"SELECT * FROM token_usage_ledger WHERE user_id = ? "
         u"AND created_at >= now() - make_interval(days => ?) ORDER BY created_at DESC, id DESC LIMIT ?"_s,
         {u"uuid"_s, u"integer"_s, u"integer"_s},
         [users = inputs.userIds](QRandomGenerator &rng) {
             return QVariantList{pick(rng, users), 30, 200};
         },
         Target{5 * kMs, u"≤ 5 ms"_s},
         u"the sync API's keyset page on the same index: (created_at, id) DESC, 200 rows"_s});

    queries.append(
        {u"Coupon validation lookup (§9.3 #3)"_s,
         u"SELECT c.*, cu.total_uses, cu.unique_users FROM coupon c "
         u"LEFT JOIN coupon_usage_limit cu ON c.id = cu.coupon_id WHERE c.code = ? AND c.is_active = ?"_s,
         {u"varchar"_s, u"boolean"_s},
         [codes = inputs.couponCodes](QRandomGenerator &rng) {
             return QVariantList{pick(rng, codes), true};
         },
         Target{2 * kMs, u"≤ 2 ms (seed < 30 ms)"_s},
         u"as in the seed; codes drawn from all coupons (15 % inactive: no row)"_s});

    queries.append({u"Cross-plan 1: subscription + balance + usage in period (§3.1)"_s,
                    u"SELECT sm.tier, sm.monthly_credit_allocation, ucb.amount AS current_balance, "
                    u"sum(tul.credits_deducted) AS total_used "
                    u"FROM subscription_monetization sm "
                    u"JOIN user_credit_balance ucb ON ucb.user_id = sm.user_id "
                    u"JOIN token_usage_ledger tul ON tul.user_id = sm.user_id "
                    u"AND tul.created_at BETWEEN sm.current_period_start AND sm.current_period_end "
                    u"WHERE sm.user_id = ? GROUP BY sm.id, ucb.amount"_s,
                    {u"uuid"_s},
                    anyUser,
                    std::nullopt,
                    u"GROUP BY added (the seed's aggregate had none)"_s});

    queries.append({u"Cross-plan 2: successful coupon redemptions + subscription (§3.1)"_s,
                    u"SELECT cr.coupon_id, c.code, cr.discount_applied_usd, sm.tier, sm.base_price_usd "
                    u"FROM coupon_redemption cr JOIN coupon c ON cr.coupon_id = c.id "
                    u"JOIN subscription_monetization sm ON cr.subscription_id = sm.id "
                    u"WHERE cr.user_id = ? AND cr.redemption_status = ?"_s,
                    {u"uuid"_s, u"redemption_status"_s},
                    [users = inputs.userIds](QRandomGenerator &rng) {
                        return QVariantList{pick(rng, users), u"success"_s};
                    },
                    std::nullopt,
                    u"as in the seed, status bound"_s});

    queries.append(
        {u"Cross-plan 3: perpetual license + BYOK usage of one user (§3.1)"_s,
         u"SELECT pl.license_key, pl.status, count(tul.id) AS request_count, "
         u"sum(tul.vendor_cost) AS total_vendor_cost "
         u"FROM perpetual_license pl "
         u"LEFT JOIN token_usage_ledger tul ON tul.user_id = pl.user_id AND tul.is_byok "
         u"WHERE pl.user_id = ? AND pl.status = ? GROUP BY pl.license_key, pl.status"_s,
         {u"uuid"_s, u"license_status"_s},
         [users = inputs.licensedUserIds](QRandomGenerator &rng) {
             return QVariantList{pick(rng, users), u"active"_s};
         },
         std::nullopt,
         u"one user (an active license holder) instead of every license; BYOK is `is_byok` "
         u"(the seed's `credits_deducted = 0` also matches failed and sub-cent requests), "
         u"moved into ON (in WHERE it turned the LEFT JOIN into an inner join); all-time usage"_s});
    return queries;
}

} // namespace creditdesk::bench

#include "server/billing/usage_generator.h"

#include "core/domain/utc_time.h"
#include "server/billing/billing_errors.h"
#include "server/billing/billing_json.h"
#include "server/billing/billing_log.h"
#include "server/billing/billing_sql.h"
#include "server/billing/credit_grants.h"
#include "server/billing/pricing_catalog.h"
#include "server/billing/subscription_repository.h"
#include "server/billing/time_uuid.h"
#include "server/billing/usage_batch.h"
#include "server/billing/user_repository.h"
#include "server/db/connection.h"
#include "server/db/db_errors.h"

#include <QElapsedTimer>
#include <QRandomGenerator>

#include <vector>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

struct WeightedModel {
    QString provider;
    QString model;
    int weight = 1;
};

int popularity(const QString &model)
{
    static const QHash<QString, int> weights{
        {u"gpt-4o-mini"_s, 20},     {u"claude-sonnet-4.5"_s, 18}, {u"gpt-4o"_s, 12},
        {u"claude-haiku-4.5"_s, 10}, {u"gemini-2.5-flash"_s, 10}, {u"gemini-2.5-pro"_s, 6},
        {u"o3-mini"_s, 5},          {u"llama-3.3-70b"_s, 5},     {u"mistral-small"_s, 4},
        {u"mistral-large"_s, 3},    {u"command-r"_s, 2},         {u"command-r-plus"_s, 2},
        {u"llama-3.1-8b"_s, 2},     {u"claude-opus-4.1"_s, 1}};
    return weights.value(model, 2);
}

QRandomGenerator seeded(std::uint64_t seed)
{
    const quint32 words[2] = {static_cast<quint32>(seed & 0xFFFF'FFFFU), static_cast<quint32>(seed >> 32)};
    return QRandomGenerator(words, 2);
}

// Deterministic rows for a seed: the first pass sums the credits, the second writes.
class RowGenerator {
public:
    RowGenerator(const GenerateUsageRequest &request, QString userId, QList<WeightedModel> models, std::int64_t startMs,
                 std::int64_t endMs)
        : m_request(request)
        , m_userId(std::move(userId))
        , m_models(std::move(models))
        , m_random(seeded(request.seed))
        , m_startMs(startMs)
        , m_stepMs(std::max<std::int64_t>(1, (endMs - startMs) / std::max<std::int64_t>(1, request.rows)))
    {
        for (const WeightedModel &m : std::as_const(m_models))
            m_totalWeight += m.weight;
    }

    UsageInput next(std::int64_t index, std::int64_t nowMs)
    {
        UsageInput in;
        in.requestId = billing::timeOrderedUuid(nowMs);
        in.userId = m_userId;
        int pick = static_cast<int>(m_random.bounded(static_cast<quint32>(m_totalWeight)));
        for (const WeightedModel &m : std::as_const(m_models)) {
            pick -= m.weight;
            if (pick < 0) {
                in.provider = m.provider;
                in.modelId = m.model;
                break;
            }
        }
        const quint32 size = m_random.bounded(100U);
        const std::int64_t inMax = size < 60 ? 2'000 : size < 90 ? 12'000 : 60'000;
        in.inputTokens = 50 + m_random.bounded(static_cast<quint32>(inMax));
        in.outputTokens = 20 + m_random.bounded(size < 60 ? 800U : 2'500U);
        if (m_random.bounded(100U) < 30)
            in.cachedInputTokens = m_random.bounded(static_cast<quint32>(in.inputTokens));
        const quint32 type = m_random.bounded(100U);
        in.requestType = type < 55 ? RequestType::Streaming : type < 95 ? RequestType::Completion : RequestType::Batch;
        const quint32 operation = m_random.bounded(100U);
        in.operation = operation < 70   ? UsageOperation::Chat
                       : operation < 90 ? UsageOperation::Completion
                       : operation < 97 ? UsageOperation::FunctionCall
                                        : UsageOperation::Embedding;
        in.byok = static_cast<int>(m_random.bounded(100U)) < m_request.byokPercent;
        in.durationMs = 200 + in.outputTokens * 15 + m_random.bounded(800U);
        in.occurredAtMs = m_startMs + index * m_stepMs + m_random.bounded(static_cast<quint32>(std::min<std::int64_t>(m_stepMs, 1'000'000'000)));
        in.occurredAtGiven = true;
        return in;
    }

private:
    const GenerateUsageRequest &m_request;
    QString m_userId;
    QList<WeightedModel> m_models;
    QRandomGenerator m_random;
    std::int64_t m_startMs = 0;
    std::int64_t m_stepMs = 1;
    int m_totalWeight = 0;
};

} // namespace

Result<QJsonObject> generateUsage(Connection &db, const ServerEnvironment &env, const GenerateUsageRequest &request)
{
    if (request.rows <= 0 || request.rows > 50'000'000)
        return fail(dberr::invalidArguments, u"--rows must be 1 to 50000000"_s);
    if (request.days <= 0 || request.days > 3650)
        return fail(dberr::invalidArguments, u"--days must be 1 to 3650"_s);
    QElapsedTimer timer;
    timer.start();
    auto user = UserRepository(db).findByEmail(request.email);
    if (!user)
        return std::unexpected(user.error());
    if (!*user)
        return fail(billerr::notFound, u"no user with that e-mail"_s);
    const QString userId = (*user)->id;
    auto subscription = SubscriptionRepository(db).current(userId);
    if (!subscription)
        return std::unexpected(subscription.error());
    SubscriptionTier tier = SubscriptionTier::Free;
    QString subscriptionId;
    if (*subscription && isServingStatus((*subscription)->status)) {
        tier = (*subscription)->tier;
        subscriptionId = (*subscription)->id;
    }
    auto catalog = PricingCatalog::load(db);
    if (!catalog)
        return std::unexpected(catalog.error());
    QList<WeightedModel> models;
    for (const auto &[provider, model] : catalog->models())
        models.append(WeightedModel{provider, model, popularity(model)});
    if (models.isEmpty())
        return fail(billerr::validationError, u"no priced models: run the migrations first"_s);

    // Appends touch few pages: a modest page cache (16 MB, this connection only) is enough.
    if (db.dialect() == Dialect::Sqlite)
        (void)billing::runSql(db, u"PRAGMA cache_size = -16384"_s);

    const std::int64_t now = billing::nowMs(env);
    const std::int64_t start = now - std::int64_t{request.days} * kMsPerDay;
    const std::int64_t end = now - 1000;

    // Pass 1: price every row once (the same conversion as /internal/usage)
    // and keep only what the deduction needs; the rows themselves are
    // regenerated from the seed in pass 2.
    struct Charged {
        Credits credits;
        std::int64_t costE8 = 0;
        int multiplier = 0;
        QString providerId; // implicitly shared
        QString pricingId;
    };
    std::vector<Charged> charges;
    charges.reserve(static_cast<std::size_t>(request.rows));
    Credits needed;
    std::int64_t cloudRows = 0;
    {
        RowGenerator rows(request, userId, models, start, end);
        for (std::int64_t i = 0; i < request.rows; ++i) {
            auto priced = catalog->price(rows.next(i, now), tier);
            if (!priced)
                return std::unexpected(priced.error());
            if (!priced->input.byok) {
                ++cloudRows;
                needed = needed.plus(priced->charge.credits).value_or(needed);
            }
            charges.push_back(Charged{priced->charge.credits, priced->charge.costE8,
                                      priced->charge.multiplierHundredths, priced->providerId, priced->pricingId});
        }
    }
    // Grant what the balance lacks, whole credits, never expiring.
    auto granted = billing::inTransaction(db, [&]() -> Result<std::int64_t> {
        auto locked = lockCredits(db, userId, now);
        if (!locked)
            return std::unexpected(locked.error());
        if (locked->live >= needed)
            return std::int64_t{0};
        const Credits missing = needed.minus(locked->live).value_or(needed);
        const std::int64_t whole = (missing.units() + Credits::kUnitsPerCredit - 1) / Credits::kUnitsPerCredit;
        GrantRequest grant;
        grant.userId = userId;
        grant.type = CreditType::AdminGrant;
        grant.wholeCredits = whole;
        grant.source = u"generate-usage"_s;
        auto done = grantCredits(db, grant, now);
        if (!done)
            return std::unexpected(done.error());
        return whole;
    });
    if (!granted)
        return std::unexpected(granted.error());

    // Pass 2: the rows, in large transactions.
    UsageLedgerWriter writer(db);
    RowGenerator rows(request, userId, models, start, end);
    Credits deducted;
    Credits balance;
    QList<PricedUsage> batchRows;
    batchRows.reserve(static_cast<qsizetype>(std::min(request.rows, request.batchRows)));
    for (std::int64_t first = 0; first < request.rows; first += request.batchRows) {
        const std::int64_t last = std::min(request.rows, first + request.batchRows);
        batchRows.clear();
        const std::int64_t batchNow = billing::nowMs(env);
        for (std::int64_t i = first; i < last; ++i) {
            const Charged &c = charges[static_cast<std::size_t>(i)];
            PricedUsage priced;
            priced.input = rows.next(i, batchNow);
            priced.charge.credits = c.credits;
            priced.charge.costE8 = c.costE8;
            priced.charge.multiplierHundredths = c.multiplier;
            priced.charge.byok = priced.input.byok;
            priced.providerId = c.providerId;
            priced.pricingId = c.pricingId;
            batchRows.append(std::move(priced));
        }
        auto written = billing::inTransaction(db, [&]() -> Result<Credits> {
            auto locked = lockCredits(db, userId, batchNow);
            if (!locked)
                return std::unexpected(locked.error());
            UsageBatch batch(db, writer, std::move(*locked), userId, subscriptionId, batchNow);
            batch.reserve(batchRows.size());
            Credits sum;
            for (const PricedUsage &usage : std::as_const(batchRows)) {
                auto outcome = batch.add(usage);
                if (!outcome)
                    return std::unexpected(outcome.error());
                sum = sum.plus(outcome->creditsDeducted).value_or(sum);
            }
            if (auto flushed = batch.flush(); !flushed)
                return std::unexpected(flushed.error());
            balance = batch.balance();
            return sum;
        });
        if (!written)
            return std::unexpected(written.error());
        deducted = deducted.plus(*written).value_or(deducted);
    }
    qCInfo(lcBilling) << "generated" << request.rows << "usage rows in" << timer.elapsed() << "ms";
    return QJsonObject{{u"user_id"_s, userId},
                       {u"email"_s, (*user)->email},
                       {u"rows"_s, static_cast<qint64>(request.rows)},
                       {u"cloud_rows"_s, static_cast<qint64>(cloudRows)},
                       {u"byok_rows"_s, static_cast<qint64>(request.rows - cloudRows)},
                       {u"credits_deducted"_s, billing::creditsJson(deducted)},
                       {u"credits_granted"_s, static_cast<qint64>(*granted)},
                       {u"balance_after"_s, billing::creditsJson(balance)},
                       {u"elapsed_ms"_s, static_cast<qint64>(timer.elapsed())}};
}

} // namespace creditdesk::server

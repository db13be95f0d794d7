#include "tests/bench/mirror_fill.h"

#include "core/store/account_repository.h"
#include "core/store/mirror_database.h"
#include "core/store/usage_repository.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QUuid>

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

namespace creditdesk::bench {

namespace {

constexpr qint64 kDayMs = store::UsageRepository::kDayMs;
constexpr std::int64_t kUnitsPerHundredth = Credits::kUnitsPerCredit / 100;

struct Model {
    QLatin1StringView id;
    QLatin1StringView provider;
};
constexpr std::array<Model, 12> kModels{{
    {"gpt-4o-mini"_L1, "openai"_L1},
    {"claude-3-5-sonnet"_L1, "anthropic"_L1},
    {"gpt-4o"_L1, "openai"_L1},
    {"gemini-1.5-flash"_L1, "google"_L1},
    {"claude-3-5-haiku"_L1, "anthropic"_L1},
    {"gemini-1.5-pro"_L1, "google"_L1},
    {"llama-3.1-70b"_L1, "meta"_L1},
    {"mistral-large"_L1, "mistral"_L1},
    {"o1"_L1, "openai"_L1},
    {"command-r-plus"_L1, "cohere"_L1},
    {"codestral"_L1, "mistral"_L1},
    {"claude-3-opus"_L1, "anthropic"_L1},
}};

// A version-4 UUID from the seeded generator, so runs are repeatable.
QString randomUuid(QRandomGenerator &rng)
{
    const quint64 hi = rng.generate64();
    const quint64 lo = rng.generate64();
    std::array<uchar, 8> b{};
    for (std::size_t i = 0; i < b.size(); ++i)
        b[i] = static_cast<uchar>(lo >> (8 * i));
    b[0] = static_cast<uchar>((b[0] & 0x3F) | 0x80);
    const QUuid uuid(static_cast<uint>(hi >> 32), static_cast<ushort>(hi >> 16),
                     static_cast<ushort>((hi & 0x0FFF) | 0x4000), b[0], b[1], b[2], b[3], b[4], b[5], b[6],
                     b[7]);
    return uuid.toString(QUuid::WithoutBraces);
}

// Skewed pick in [0, n): floor(n * u^2) with u uniform, in integers.
quint32 skewed(QRandomGenerator &rng, quint32 n)
{
    const quint64 u = rng.bounded(1u << 16);
    return static_cast<quint32>((u * u * n) >> 32);
}

Credits hundredths(std::int64_t h)
{
    return Credits::fromUnits(h * kUnitsPerHundredth).value();
}

Result<void> writeAccount(store::MirrorDatabase &db, QRandomGenerator &rng, const QString &userId,
                          qint64 nowMs)
{
    store::AccountRepository account(db);
    const qint64 periodStart = nowMs - 12 * kDayMs;
    const qint64 periodEnd = periodStart + 30 * kDayMs;
    store::UserProfile profile{userId,
                               u"bench.user@example.com"_s,
                               true,
                               u"benchuser"_s,
                               u"Bench"_s,
                               u"User"_s,
                               u"Bench User"_s,
                               {},
                               nowMs - 400 * kDayMs,
                               nowMs - kDayMs};
    if (auto r = account.upsertProfile(profile); !r)
        return r;
    store::Subscription sub{randomUuid(rng),
                            userId,
                            u"pro_max"_s,
                            u"active"_s,
                            u"monthly"_s,
                            Money::fromCents(19'900).value(),
                            Credits::fromWhole(25'000).value(),
                            false,
                            periodStart,
                            periodEnd,
                            std::nullopt,
                            false,
                            nowMs - 400 * kDayMs,
                            nowMs};
    if (auto r = account.replaceSubscription(sub); !r)
        return r;
    store::CreditBalance balance{userId,
                                 hundredths(1'234'567),
                                 randomUuid(rng),
                                 Credits::fromWhole(25'000).value(),
                                 hundredths(1'265'433),
                                 hundredths(1'234'567),
                                 periodStart,
                                 periodEnd,
                                 nowMs};
    if (auto r = account.upsertBalance(balance); !r)
        return r;
    QList<store::CreditSource> sources;
    for (int i = 0; i < 5; ++i) {
        const bool monthly = i < 3;
        sources.append({randomUuid(rng), monthly ? u"subscription"_s : u"bonus"_s,
                        monthly ? u"monthly_allocation"_s : u"bonus"_s,
                        Credits::fromWhole(monthly ? 25'000 : 500).value(),
                        i == 0  ? hundredths(1'184'567)
                        : i < 3 ? Credits()
                                : hundredths(25'000),
                        periodStart - (i % 3) * 30 * kDayMs,
                        monthly ? std::optional<qint64>(periodEnd - (i % 3) * 30 * kDayMs) : std::nullopt});
    }
    return account.replaceSources(sources);
}

} // namespace

UsageRowGenerator::UsageRowGenerator(quint32 seed, qint64 firstCreatedAtMs, qint64 stepMs)
    : m_rng(seed)
    , m_nextCreatedAtMs(firstCreatedAtMs)
    , m_stepMs(stepMs)
{}

store::UsageRow UsageRowGenerator::makeRow()
{
    QRandomGenerator &rng = m_rng;
    const store::UsageRow *previous = m_hasPrevious ? &m_previous : nullptr;
    const qint64 createdAtMs = m_nextCreatedAtMs;
    store::UsageRow row;
    row.id = bench::randomUuid(rng);
    row.requestId = bench::randomUuid(rng);
    const Model &model = kModels[skewed(rng, static_cast<quint32>(kModels.size()))];
    row.modelId = model.id;
    row.provider = model.provider;
    const quint32 t = rng.bounded(100u);
    row.requestType = t < 60 ? u"streaming"_s : t < 95 ? u"completion"_s : u"batch"_s;
    const qint64 in = rng.bounded(3'000);
    row.inputTokens = 50 + in * in / 300; // 50 .. ~30,000, most small
    row.outputTokens = 20 + rng.bounded(1'500);
    row.cachedInputTokens = rng.bounded(10u) < 3 ? row.inputTokens / 2 : 0;
    row.byok = rng.bounded(100u) < 20;
    const quint32 s = rng.bounded(100u);
    row.status = s < 2 ? u"failed"_s : s < 3 ? u"cancelled"_s : u"success"_s;
    if (s < 2)
        row.outputTokens = 0;
    const std::int64_t charge = 1 + (row.inputTokens + 4 * row.outputTokens) / 40; // hundredths of a credit
    row.creditsDeducted = *row.byok || s < 2 ? Credits() : hundredths(charge);
    // One correction per thousand rows: reverses the previous charged row.
    if (previous && !previous->byok.value_or(false) && !previous->creditsDeducted.isZero() && rng.bounded(1'000u) == 0) {
        row.modelId = previous->modelId;
        row.provider = previous->provider;
        row.requestType = previous->requestType;
        row.inputTokens = row.outputTokens = row.cachedInputTokens = 0;
        row.byok = false;
        row.status = u"success"_s;
        row.creditsDeducted = previous->creditsDeducted.negated();
        row.reversesId = previous->id;
    }
    const qint64 durationMs = 200 + rng.bounded(20'000);
    row.createdAtMs = createdAtMs;
    row.occurredAtMs = createdAtMs - durationMs;
    row.updatedAtMs = createdAtMs;
    return row;
}

QList<store::UsageRow> UsageRowGenerator::nextPage(int size)
{
    QList<store::UsageRow> page;
    page.reserve(size);
    for (int i = 0; i < size; ++i) {
        page.append(makeRow());
        m_previous = page.constLast();
        m_hasPrevious = true;
        m_nextCreatedAtMs += m_stepMs;
    }
    return page;
}

Result<ApplyReport> applyPages(store::MirrorDatabase &db, UsageRowGenerator &generator, qint64 rows,
                               int pageSize, qint64 syncedAtMs, bool logProgress)
{
    store::UsageRepository usage(db);
    ApplyReport report;
    LatencySamples pageTimes;
    pageTimes.reserve(rows / pageSize + 1);
    QElapsedTimer timer;
    while (report.rows < rows) {
        const QList<store::UsageRow> page =
            generator.nextPage(static_cast<int>(std::min<qint64>(pageSize, rows - report.rows)));
        const QString cursor = QString::number(page.constLast().createdAtMs) + u':' + page.constLast().id;
        timer.start();
        if (auto r = usage.applyUsagePage(page, cursor, syncedAtMs); !r)
            return std::unexpected(r.error());
        const qint64 ns = timer.nsecsElapsed();
        pageTimes.add(ns);
        report.applyNs += ns;
        report.rows += page.size();
        ++report.pages;
        if (logProgress && report.pages % 100 == 0)
            progress(u"  %1 rows, %2 rows/s"_s.arg(formatCount(report.rows),
                                                   formatRate(report.rows, report.applyNs)));
    }
    report.pageApply = pageTimes.summarize();
    return report;
}

UsageRowGenerator generatorFor(const MirrorShape &shape, qint64 nowMs)
{
    const qint64 stepMs = qint64{shape.days} * kDayMs / shape.usageRows;
    return UsageRowGenerator(shape.seed, nowMs - qint64{shape.days} * kDayMs + stepMs, stepMs);
}

Result<MirrorFillReport> fillMirror(store::MirrorDatabase &db, const MirrorShape &shape,
                                    UsageRowGenerator &generator, qint64 nowMs)
{
    MirrorFillReport report;
    QRandomGenerator rng(shape.seed ^ 0x5eedu);
    report.userId = randomUuid(rng);
    if (auto r = writeAccount(db, rng, report.userId, nowMs); !r)
        return std::unexpected(r.error());
    auto usage = applyPages(db, generator, shape.usageRows, shape.pageSize, nowMs, true);
    if (!usage)
        return std::unexpected(usage.error());
    report.usage = *usage;
    return report;
}

} // namespace creditdesk::bench

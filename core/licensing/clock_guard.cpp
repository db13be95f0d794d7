#include "core/licensing/clock_guard.h"

#include "core/domain/client_rules.h"
#include "core/domain/clock.h"
#include "core/domain/utc_time.h"
#include "core/licensing/licensing_errors.h"
#include "core/licensing/licensing_log.h"
#include "core/licensing/profile_json_file.h"

#include <QDir>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace creditdesk::licensing {

namespace {

constexpr QLatin1StringView kClockKind{"creditdesk.clock-guard"};

std::optional<TimeSource> parseSource(const QString &text)
{
    for (const TimeSource s : {TimeSource::LocalClock, TimeSource::ServerTime, TimeSource::Trusted}) {
        if (toString(s) == text)
            return s;
    }
    return std::nullopt;
}

} // namespace

QString toString(EnumArg<TimeSource> source)
{
    switch (source.value) {
    case TimeSource::LocalClock:
        return u"local_clock"_s;
    case TimeSource::ServerTime:
        return u"server_time"_s;
    case TimeSource::Trusted:
        return u"trusted"_s;
    }
    return {};
}

ClockGuard::ClockGuard(const Clock &clock, QString profileDir)
    : m_clock(clock)
    , m_path(QDir(profileDir).filePath(kFileName))
{}

QString ClockGuard::filePath() const
{
    return m_path;
}

Result<void> ClockGuard::load()
{
    m_loaded = true;
    m_readOnlyReason.reset();
    m_highWaterMs = m_persistedMs = 0;
    m_source = m_persistedSource = TimeSource::LocalClock;
    const detail::ProfileJsonFile file(m_path, kClockKind, errc::clockStateCorrupt);
    const std::int64_t now = m_clock.nowMs();
    auto body = file.read(now);
    if (!body) {
        if (!body.error().is(errc::clockStateCorrupt))
            m_readOnlyReason = body.error(); // never overwrite a mark that could not be read
        return std::unexpected(body.error());
    }
    if (!*body)
        return {};
    const auto mark = parseIsoUtc((*body)->value("high_water_at"_L1).toString());
    const auto source = parseSource((*body)->value("source"_L1).toString());
    if (!mark || !source) {
        Error aside = file.setAside(u"high_water_at or source missing or malformed"_s, now);
        if (!aside.is(errc::clockStateCorrupt))
            m_readOnlyReason = aside;
        return std::unexpected(std::move(aside));
    }
    m_highWaterMs = m_persistedMs = *mark;
    m_source = m_persistedSource = *source;
    return {};
}

void ClockGuard::ensureLoaded()
{
    if (m_loaded)
        return;
    if (auto loaded = load(); !loaded)
        qCWarning(lcLicensing).noquote() << "clock guard state not loaded:" << loaded.error().code;
}

void ClockGuard::raise(std::int64_t ms, TimeSource source)
{
    if (ms <= m_highWaterMs)
        return;
    m_highWaterMs = ms;
    m_source = source;
}

ClockReading ClockGuard::check()
{
    ensureLoaded();
    const std::int64_t now = m_clock.nowMs();
    const ClockCheck c = checkClock(now, m_highWaterMs);
    raise(c.highWaterMs, TimeSource::LocalClock);

    ClockReading reading;
    reading.rollback = c.rollback;
    reading.nowMs = now;
    reading.effectiveNowMs = c.effectiveNowMs;
    reading.highWaterMs = m_highWaterMs;
    reading.behindMs = std::max<std::int64_t>(0, m_highWaterMs - now);
    reading.highWaterSource = m_source;
    if (c.rollback)
        qCWarning(lcLicensing).noquote()
            << "clock rollback: the local clock is" << reading.behindMs / 1000
            << "s behind the high-water mark" << toIsoUtc(m_highWaterMs) << "(" << toString(m_source) << ")";
    if (auto saved = persist(false); !saved)
        qCWarning(lcLicensing).noquote() << "clock guard mark not saved:" << saved.error().code;
    return reading;
}

Result<void> ClockGuard::observeServerTime(std::int64_t serverMs)
{
    ensureLoaded();
    const ClockCheck c = checkClock(m_clock.nowMs(), m_highWaterMs, serverMs);
    raise(c.highWaterMs, c.highWaterMs == serverMs ? TimeSource::ServerTime : TimeSource::LocalClock);
    return persist(false);
}

Result<void> ClockGuard::rebase(std::int64_t trustedMs)
{
    ensureLoaded();
    if (trustedMs != m_highWaterMs)
        qCInfo(lcLicensing).noquote()
            << "clock guard rebased on an online re-check to" << toIsoUtc(trustedMs);
    m_highWaterMs = trustedMs;
    m_source = TimeSource::Trusted;
    return persist(true);
}

Result<void> ClockGuard::flush()
{
    ensureLoaded();
    return persist(m_highWaterMs != m_persistedMs || m_source != m_persistedSource);
}

std::int64_t ClockGuard::highWaterMs()
{
    ensureLoaded();
    return m_highWaterMs;
}

Result<void> ClockGuard::persist(bool force)
{
    if (!force && m_highWaterMs - m_persistedMs < kPersistStepMs)
        return {};
    if (m_readOnlyReason)
        return std::unexpected(*m_readOnlyReason);
    const detail::ProfileJsonFile file(m_path, kClockKind, errc::clockStateCorrupt);
    auto written = file.write(
        QJsonObject{{u"high_water_at"_s, toIsoUtc(m_highWaterMs)}, {u"source"_s, toString(m_source)}});
    if (!written)
        return written;
    m_persistedMs = m_highWaterMs;
    m_persistedSource = m_source;
    return {};
}

} // namespace creditdesk::licensing

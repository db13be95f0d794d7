#pragma once

#include "core/domain/enums.h"
#include "core/domain/error.h"

#include <QLatin1StringView>
#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk {
class Clock;
}

namespace creditdesk::licensing {

// What raised the high-water mark to its current value.
enum class TimeSource {
    LocalClock, // this device's clock
    ServerTime, // a server Date header
    Trusted,    // reset by an online re-check (the issue time of a fresh certificate)
};

struct ClockReading {
    bool rollback = false;           // now < high_water − 5 min (domain checkClock)
    std::int64_t nowMs = 0;          // the local clock
    std::int64_t effectiveNowMs = 0; // max(now, high_water): the time licensing rules use
    std::int64_t highWaterMs = 0;
    std::int64_t behindMs = 0; // high_water − now when the clock is behind, else 0
    TimeSource highWaterSource = TimeSource::LocalClock;
};

// EnumArg keeps QTest's own toString() the better match inside QCOMPARE (see core/domain/enums.h).
[[nodiscard]] QString toString(EnumArg<TimeSource> source);

// The clock guard of domain-rules §9: keeps the largest time seen (local
// clock, server Date headers) and flags a clock set back. The mark lives in
// `clock.json` in the profile directory and survives restarts; it is written
// when it has moved at least kPersistStepMs (an fsync per HTTP response would
// be wasteful and a lag of a minute is well inside the 5-minute tolerance).
class ClockGuard {
public:
    static constexpr QLatin1StringView kFileName{"clock.json"};
    static constexpr std::int64_t kPersistStepMs = 60'000;

    ClockGuard(const Clock &clock, QString profileDir);

    // Reads the persisted mark (done on first use otherwise).
    // clock_state_corrupt: moved aside, the mark starts from 0.
    // profile_file_io, profile_file_too_new: the mark is kept in memory only.
    [[nodiscard]] Result<void> load();

    // Reads the clock and raises the mark to it (never lowers it).
    [[nodiscard]] ClockReading check();
    // A server Date header; raises the mark if it is later.
    [[nodiscard]] Result<void> observeServerTime(std::int64_t serverMs);
    // An online re-check: the mark becomes `trustedMs` even if lower, which
    // clears a rollback caused by a clock that once ran ahead.
    [[nodiscard]] Result<void> rebase(std::int64_t trustedMs);
    // Writes the mark if it changed since the last write.
    [[nodiscard]] Result<void> flush();

    [[nodiscard]] std::int64_t highWaterMs();
    [[nodiscard]] QString filePath() const;

private:
    void ensureLoaded();
    Result<void> persist(bool force);
    void raise(std::int64_t ms, TimeSource source);

    const Clock &m_clock;
    QString m_path;
    bool m_loaded = false;
    std::optional<Error> m_readOnlyReason; // set when the file could not be read or moved aside
    std::int64_t m_highWaterMs = 0;
    std::int64_t m_persistedMs = 0;
    TimeSource m_source = TimeSource::LocalClock;
    TimeSource m_persistedSource = TimeSource::LocalClock;
};

} // namespace creditdesk::licensing

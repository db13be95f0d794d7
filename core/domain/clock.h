#pragma once

#include <cstdint>

namespace creditdesk {

// Injectable time source (ms since the Unix epoch, UTC): licensing grace and
// clock-rollback rules are tested with ManualClock.
class Clock {
public:
    Clock() = default;
    Clock(const Clock &) = delete;
    Clock &operator=(const Clock &) = delete;
    virtual ~Clock() = default;
    [[nodiscard]] virtual std::int64_t nowMs() const = 0;
};

class SystemClock final : public Clock {
public:
    [[nodiscard]] std::int64_t nowMs() const override;
};

class ManualClock final : public Clock {
public:
    explicit ManualClock(std::int64_t nowMs = 0)
        : m_nowMs(nowMs)
    {}
    [[nodiscard]] std::int64_t nowMs() const override { return m_nowMs; }
    void setNowMs(std::int64_t nowMs) { m_nowMs = nowMs; }
    void advanceMs(std::int64_t deltaMs) { m_nowMs += deltaMs; }

private:
    std::int64_t m_nowMs;
};

} // namespace creditdesk

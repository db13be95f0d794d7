#include "server/billing/time_uuid.h"

#include <QRandomGenerator>

#include <array>

namespace creditdesk::server::billing {

QString timeOrderedUuid(std::int64_t epochMs)
{
    // Monotonic per thread: a clock step back or many ids in one millisecond
    // keep the last millisecond and count up in the 12-bit rand_a field.
    thread_local std::int64_t lastMs = 0;
    thread_local std::uint32_t sequence = 0;
    if (epochMs <= lastMs) {
        epochMs = lastMs;
        if (++sequence > 0x0FFF) {
            sequence = 0;
            epochMs = ++lastMs;
        }
    } else {
        lastMs = epochMs;
        sequence = QRandomGenerator::global()->bounded(0x0400U); // leave room to count up
    }
    const std::uint64_t tail = QRandomGenerator::global()->generate64();
    std::array<std::uint8_t, 16> b{};
    const auto ms = static_cast<std::uint64_t>(epochMs);
    for (int i = 0; i < 6; ++i)
        b[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
    b[6] = static_cast<std::uint8_t>(0x70U | ((sequence >> 8) & 0x0FU));
    b[7] = static_cast<std::uint8_t>(sequence & 0xFFU);
    for (int i = 0; i < 8; ++i)
        b[static_cast<std::size_t>(8 + i)] = static_cast<std::uint8_t>(tail >> (56 - 8 * i));
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3FU) | 0x80U); // RFC 4122 variant

    static constexpr char kHex[] = "0123456789abcdef";
    QString text;
    text.reserve(36);
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            text.append(QLatin1Char('-'));
        text.append(QLatin1Char(kHex[b[i] >> 4]));
        text.append(QLatin1Char(kHex[b[i] & 0x0FU]));
    }
    return text;
}

} // namespace creditdesk::server::billing

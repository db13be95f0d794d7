#include "core/domain/clock.h"

#include <QDateTime>

namespace creditdesk {

std::int64_t SystemClock::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace creditdesk

#pragma once

// QTest::toString for the store's enums (found by ADL), so QCOMPARE can print them.

#include "core/store/mirror_recovery.h"
#include "core/store/mirror_types.h"

#include <QByteArray>
#include <QtGlobal>

namespace creditdesk::store {

inline char *toString(OutboxState state)
{
    switch (state) {
    case OutboxState::Pending:
        return qstrdup("pending");
    case OutboxState::Failed:
        return qstrdup("failed");
    case OutboxState::Done:
        return qstrdup("done");
    }
    return qstrdup("?");
}

inline char *toString(MirrorRecovery recovery)
{
    return qstrdup(recoveryName(recovery).toUtf8().constData());
}

} // namespace creditdesk::store

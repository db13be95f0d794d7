#pragma once

#include "core/domain/error.h"
#include "core/store/mirror_database.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <memory>
#include <optional>

namespace creditdesk::store {

// Why openOrRecover() had to start a fresh mirror.
enum class MirrorRecovery {
    None,    // the file opened (or was created) as it was
    Corrupt, // mirror_corrupt: not a database, truncated, failed quick_check, no schema version
    Foreign, // mirror_foreign: another program's SQLite database
    TooNew,  // mirror_too_new: written by a newer CreditDesk
};

struct OpenedMirror {
    std::unique_ptr<MirrorDatabase> db;
    MirrorRecovery recovery = MirrorRecovery::None;
    QString movedAsidePath;     // where the old file went (recovery != None)
    std::optional<Error> cause; // what open() reported about the old file
};

// MirrorDatabase::open(), except that a corrupt, foreign or too-new file is
// moved aside (MirrorDatabase::quarantine(): renamed next to itself with its
// -wal/-shm, never deleted) and a fresh mirror is created in its place. The
// result says so; the caller tells the user. A fresh mirror has no sync
// state, so the next sync is a full one and rebuilds it (the old file's
// outbox entries stay in the file moved aside). Any other failure (I/O,
// busy, migration) is returned as is. Calls are serialised in the process, so
// two threads opening one damaged file move it aside once; open every
// connection to a mirror path this way.
[[nodiscard]] Result<OpenedMirror> openOrRecover(const QString &path, const OpenOptions &options = {},
                                                 const QDateTime &nowUtc = {});

[[nodiscard]] QString recoveryName(MirrorRecovery recovery); // "none", "corrupt", "foreign", "too_new"

} // namespace creditdesk::store

Q_DECLARE_METATYPE(creditdesk::store::MirrorRecovery)

#include "core/store/mirror_recovery.h"

#include "core/store/mirror_errors.h"
#include "core/store/store_log.h"

#include <QMutex>
#include <QMutexLocker>

using namespace Qt::StringLiterals;

namespace creditdesk::store {

namespace {

MirrorRecovery recoveryFor(const Error &error)
{
    if (error.is(errc::mirrorCorrupt))
        return MirrorRecovery::Corrupt;
    if (error.is(errc::mirrorForeign))
        return MirrorRecovery::Foreign;
    if (error.is(errc::mirrorTooNew))
        return MirrorRecovery::TooNew;
    return MirrorRecovery::None;
}

} // namespace

Result<OpenedMirror> openOrRecover(const QString &path, const OpenOptions &options, const QDateTime &nowUtc)
{
    static QMutex mutex;
    const QMutexLocker lock(&mutex);
    auto opened = MirrorDatabase::open(path, options);
    if (opened)
        return OpenedMirror{std::move(*opened), MirrorRecovery::None, {}, std::nullopt};
    const Error cause = opened.error();
    const MirrorRecovery recovery = recoveryFor(cause);
    if (recovery == MirrorRecovery::None)
        return std::unexpected(cause);

    auto moved =
        MirrorDatabase::quarantine(path, nowUtc.isValid() ? nowUtc : QDateTime::currentDateTimeUtc());
    if (!moved)
        return std::unexpected(moved.error());
    qCWarning(lcStore).noquote() << "the mirror could not be used (" << cause.code
                                 << "); it was moved aside and a fresh one is created";
    auto fresh = MirrorDatabase::open(path, options);
    if (!fresh)
        return std::unexpected(fresh.error());
    return OpenedMirror{std::move(*fresh), recovery, *moved, cause};
}

QString recoveryName(MirrorRecovery recovery)
{
    switch (recovery) {
    case MirrorRecovery::None:
        return u"none"_s;
    case MirrorRecovery::Corrupt:
        return u"corrupt"_s;
    case MirrorRecovery::Foreign:
        return u"foreign"_s;
    case MirrorRecovery::TooNew:
        return u"too_new"_s;
    }
    return u"none"_s;
}

} // namespace creditdesk::store

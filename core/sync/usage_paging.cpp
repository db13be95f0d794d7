#include "core/sync/usage_paging.h"

#include "core/sync/sync_errors.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace creditdesk::sync {

namespace {

constexpr QLatin1StringView kMarkPrefix{"poll:"};

bool before(const store::UsageKey &a, const store::UsageKey &b)
{
    return a.createdAtMs != b.createdAtMs ? a.createdAtMs < b.createdAtMs : a.id < b.id;
}

QJsonObject keyJson(const store::UsageKey &key)
{
    return {{u"created_at_ms"_s, key.createdAtMs}, {u"id"_s, key.id}};
}

} // namespace

Result<void> checkLedgerPage(const api::LedgerPage &page, const QString &requestedCursor,
                             const std::optional<store::UsageKey> &after, const QSet<QString> &usedCursors)
{
    if (page.rows.isEmpty()) {
        if (page.hasMore)
            return fail(errc::cursorLoop, u"the server promised more rows on an empty page"_s);
        if (page.nextCursor != requestedCursor)
            return fail(errc::invalidPage, u"the cursor changed on an empty page"_s);
        return {};
    }
    if (page.nextCursor.isEmpty())
        return fail(errc::invalidPage, u"a page with rows has no next cursor"_s);
    if (page.nextCursor == requestedCursor || usedCursors.contains(page.nextCursor))
        return fail(errc::cursorLoop, u"the server handed back a cursor already used in this sync"_s);
    std::optional<store::UsageKey> previous = after;
    QSet<QString> ids;
    ids.reserve(page.rows.size());
    for (qsizetype i = 0; i < page.rows.size(); ++i) {
        const api::LedgerRow &row = page.rows.at(i);
        const store::UsageKey key{row.createdAtMs, row.id};
        if (previous && !before(*previous, key)) {
            return fail(errc::cursorRegressed,
                        u"usage row %1 is not after the one before it (the cursor went backwards)"_s.arg(i),
                        {{u"index"_s, static_cast<qint64>(i)},
                         {u"row"_s, keyJson(key)},
                         {u"previous"_s, keyJson(*previous)}});
        }
        if (ids.contains(row.id))
            return fail(errc::invalidPage, u"usage row %1 repeats an id"_s.arg(i),
                        {{u"index"_s, static_cast<qint64>(i)}});
        ids.insert(row.id);
        previous = key;
    }
    return {};
}

Result<void> checkOffsetPage(const api::UsagePage &page, std::int64_t requestedOffset)
{
    if (page.hasMore && (page.items.isEmpty() || requestedOffset >= page.total))
        return fail(errc::cursorLoop, u"the server promised more rows without any left"_s,
                    {{u"offset"_s, static_cast<qint64>(requestedOffset)},
                     {u"total"_s, static_cast<qint64>(page.total)}});
    QSet<QString> ids;
    ids.reserve(page.items.size());
    for (qsizetype i = 0; i < page.items.size(); ++i) {
        const api::UsageItem &item = page.items.at(i);
        if (i > 0 && item.createdAtMs > page.items.at(i - 1).createdAtMs)
            return fail(errc::cursorRegressed, u"usage row %1 is newer than the one before it"_s.arg(i),
                        {{u"index"_s, static_cast<qint64>(i)}});
        if (ids.contains(item.id))
            return fail(errc::invalidPage, u"usage row %1 repeats an id"_s.arg(i),
                        {{u"index"_s, static_cast<qint64>(i)}});
        ids.insert(item.id);
    }
    return {};
}

QString encodeHighWaterMark(std::int64_t createdAtMs)
{
    return kMarkPrefix + QString::number(createdAtMs);
}

std::optional<std::int64_t> decodeHighWaterMark(const QString &cursor)
{
    if (!cursor.startsWith(kMarkPrefix))
        return std::nullopt;
    bool ok = false;
    const qlonglong ms = QStringView(cursor).mid(kMarkPrefix.size()).toLongLong(&ok);
    if (!ok || ms < 0)
        return std::nullopt;
    return ms;
}

} // namespace creditdesk::sync

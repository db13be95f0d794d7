#include "core/store/mirror_database.h"

#include "core/store/mirror_errors.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace creditdesk::store {

Transaction::Transaction(MirrorDatabase *db, int depth) : m_db(db), m_depth(depth) {}

Transaction::Transaction(Transaction &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_depth(other.m_depth)
{
}

Transaction::~Transaction()
{
    rollback();
}

Result<void> Transaction::commit()
{
    if (!m_db)
        return fail(errc::mirrorIoError, u"transaction already finished"_s);
    MirrorDatabase *db = std::exchange(m_db, nullptr);
    Result<void> result = m_depth == 0 ? db->control(u"COMMIT"_s)
                                       : db->control(u"RELEASE sp%1"_s.arg(m_depth));
    if (!result) {
        // A failed COMMIT leaves the transaction open; end it so the connection stays usable.
        if (m_depth == 0) {
            (void)db->control(u"ROLLBACK"_s);
        } else {
            (void)db->control(u"ROLLBACK TO sp%1"_s.arg(m_depth));
            (void)db->control(u"RELEASE sp%1"_s.arg(m_depth));
        }
    }
    db->m_txDepth = m_depth;
    return result;
}

void Transaction::rollback()
{
    if (!m_db)
        return;
    MirrorDatabase *db = std::exchange(m_db, nullptr);
    // Errors are only logged: SQLite may already have rolled back on its own
    // (I/O error, disk full), which leaves nothing to undo.
    if (m_depth == 0) {
        (void)db->control(u"ROLLBACK"_s);
    } else {
        (void)db->control(u"ROLLBACK TO sp%1"_s.arg(m_depth));
        (void)db->control(u"RELEASE sp%1"_s.arg(m_depth));
    }
    db->m_txDepth = m_depth;
}

} // namespace creditdesk::store

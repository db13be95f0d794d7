#include "server/db/transaction.h"

#include "server/db/connection.h"
#include "server/db/db_errors.h"
#include "server/db/db_log.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

Transaction::Transaction(Connection *db)
    : m_db(db)
{}

Transaction::Transaction(Transaction &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
{}

Transaction::~Transaction()
{
    rollback();
}

Result<Transaction> Transaction::begin(Connection &db)
{
    // SQLite: take the write lock now (waits up to busy_timeout) so two writers
    // never deadlock upgrading a read lock. PostgreSQL: READ COMMITTED + FOR UPDATE.
    const QString sql = db.dialect() == Dialect::Sqlite ? u"BEGIN IMMEDIATE"_s
                                                        : u"BEGIN ISOLATION LEVEL READ COMMITTED"_s;
    if (auto begun = execStatement(db.database(), sql); !begun)
        return std::unexpected(begun.error());
    return Transaction(&db);
}

Result<void> Transaction::commit()
{
    Connection *db = std::exchange(m_db, nullptr);
    if (!db)
        return fail(dberr::databaseError, u"the transaction is already finished"_s);
    auto committed = execStatement(db->database(), u"COMMIT"_s);
    if (!committed) {
        // A failed COMMIT on PostgreSQL already ended the transaction; SQLite
        // may still hold it (SQLITE_BUSY): roll back either way.
        (void)execStatement(db->database(), u"ROLLBACK"_s);
    }
    return committed;
}

void Transaction::rollback()
{
    Connection *db = std::exchange(m_db, nullptr);
    if (!db)
        return;
    if (auto rolledBack = execStatement(db->database(), u"ROLLBACK"_s); !rolledBack)
        qCWarning(lcServerDb) << "rollback failed:" << rolledBack.error().message;
}

QString forUpdate(const Connection &db)
{
    return db.dialect() == Dialect::PostgreSql ? u" FOR UPDATE"_s : QString();
}

} // namespace creditdesk::server

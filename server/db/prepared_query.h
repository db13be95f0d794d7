#pragma once

#include "core/domain/error.h"

#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <QVariantList>

#include <memory>
#include <unordered_map>

namespace creditdesk::server {

class StatementCache;

// One execution of a prepared statement, checked out of its connection's
// StatementCache: while it lives nobody else runs that statement; when it is
// destroyed the result is released (QSqlQuery::finish: PostgreSQL frees the
// portal, SQLite resets the statement so it holds no read snapshot) and the
// statement goes back to the cache, still prepared. Read it like a
// forward-only QSqlQuery.
class PreparedQuery {
public:
    PreparedQuery(PreparedQuery &&other) noexcept;
    PreparedQuery &operator=(PreparedQuery &&other) noexcept;
    PreparedQuery(const PreparedQuery &) = delete;
    PreparedQuery &operator=(const PreparedQuery &) = delete;
    ~PreparedQuery();

    bool next() { return m_query->next(); }
    [[nodiscard]] QVariant value(int index) const { return m_query->value(index); }
    [[nodiscard]] bool isNull(int index) const { return m_query->isNull(index); }
    [[nodiscard]] int numRowsAffected() const { return m_query->numRowsAffected(); }
    [[nodiscard]] const QSqlQuery &query() const { return *m_query; }
    // For row readers written against QSqlQuery.
    operator const QSqlQuery &() const { return *m_query; } // NOLINT(google-explicit-constructor)

private:
    friend class StatementCache;
    struct Slot;
    PreparedQuery(Slot *slot, std::unique_ptr<QSqlQuery> owned);
    void release();

    Slot *m_slot = nullptr;             // checked out of the cache, or null
    std::unique_ptr<QSqlQuery> m_owned; // an uncached statement
    QSqlQuery *m_query = nullptr;
};

// The prepared statements of one connection, keyed by their SQL text.
// QPSQL turns every prepare() into PREPARE … and its destruction into
// DEALLOCATE, so an uncached statement costs three round trips and a fresh
// plan; a cached one costs one EXECUTE. A statement already checked out (the
// same SQL run again while an earlier result is still read) and statements
// beyond kMaxStatements run uncached. Not thread-safe: a connection belongs to
// one thread.
class StatementCache {
public:
    static constexpr std::size_t kMaxStatements = 256;

    explicit StatementCache(QString connectionName);
    ~StatementCache();
    StatementCache(const StatementCache &) = delete;
    StatementCache &operator=(const StatementCache &) = delete;

    // Prepares `sql` (once), binds `values` in order and executes it;
    // `database_error` naming `context` (with the driver's native code) on failure.
    [[nodiscard]] Result<PreparedQuery> run(const QString &sql, const QVariantList &values,
                                            const QString &context);
    [[nodiscard]] std::size_t size() const { return m_slots.size(); }
    // Drops every statement that is not checked out.
    void clear();

private:
    // The cached statement for `sql`, prepared on first use; nullptr when it
    // must run uncached (checked out already, or the cache is full).
    [[nodiscard]] Result<PreparedQuery::Slot *> freeSlot(const QString &sql, const QString &context);

    QString m_connectionName;
    std::unordered_map<QString, std::unique_ptr<PreparedQuery::Slot>> m_slots;
};

} // namespace creditdesk::server

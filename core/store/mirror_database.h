#pragma once

#include "core/domain/error.h"
#include "core/store/mirror_types.h"

#include <QDateTime>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <memory>
#include <utility>

class QThread;

namespace creditdesk::store {

class MirrorDatabase;

struct OpenOptions {
    int busyTimeoutMs = 5000;
    // PRAGMA quick_check before anything touches the file.
    bool quickCheck = true;
    // Test seam (style.md 18): the N-th write statement of the migration
    // ladder fails with an injected error; 0 = off.
    int failNthWrite = 0;
};

// A write transaction, nestable: the outermost is BEGIN IMMEDIATE, inner ones
// are savepoints. Destroyed without commit() it rolls back. Use LIFO, on the
// thread of its MirrorDatabase, and never past the database's lifetime.
class Transaction {
public:
    Transaction(Transaction &&other) noexcept;
    Transaction &operator=(Transaction &&) = delete;
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    ~Transaction();

    [[nodiscard]] Result<void> commit();

private:
    friend class MirrorDatabase;
    Transaction(MirrorDatabase *db, int depth);
    void rollback();

    MirrorDatabase *m_db = nullptr;
    int m_depth = 0;
};

// One connection to the mirror file, confined to the thread that opened it
// (QSqlDatabase connections must not cross threads). Another thread opens
// its own MirrorDatabase on the same file; WAL lets its writes run while
// this one reads.
class MirrorDatabase {
public:
    enum class Access { Read, Write };

    static constexpr int kCurrentSchemaVersion = 4;

    // Creates the file (and its directory) if missing, migrates an older
    // schema, refuses a newer one (mirror_too_new), a damaged file
    // (mirror_corrupt) or another program's database (mirror_foreign) without
    // modifying it. openOrRecover() (mirror_recovery.h) moves those aside
    // and starts a fresh mirror instead.
    [[nodiscard]] static Result<std::unique_ptr<MirrorDatabase>> open(const QString &path,
                                                                      const OpenOptions &options = {});

    // Renames a damaged mirror and its -wal/-shm/-journal aside as
    // `<name>.corrupt-<yyyyMMddTHHmmssZ>[-N][-wal|-shm|-journal]` so a fresh one
    // can be created; deletes nothing. Returns the new path of the main file.
    // The file must not be open.
    [[nodiscard]] static Result<QString>
    quarantine(const QString &path, const QDateTime &nowUtc = QDateTime::currentDateTimeUtc());

    MirrorDatabase(const MirrorDatabase &) = delete;
    MirrorDatabase &operator=(const MirrorDatabase &) = delete;
    ~MirrorDatabase();

    [[nodiscard]] const QString &path() const { return m_path; }
    [[nodiscard]] const QString &connectionName() const { return m_connectionName; }

    [[nodiscard]] Result<Transaction> begin();

    // Prepared statements: every value is bound (positional `?`), never spliced.
    [[nodiscard]] Result<QSqlQuery> prepare(const QString &sql);
    [[nodiscard]] Result<void> exec(QSqlQuery &query, const QVariantList &binds, Access access);
    // exec() of a statement whose values the caller bound by name
    // (`:name` placeholders): cheaper per row than positional binding, which
    // formats a placeholder string for every value (Qt 6.4). For hot loops.
    [[nodiscard]] Result<void> execBound(QSqlQuery &query, Access access);
    [[nodiscard]] Result<QSqlQuery> run(const QString &sql, const QVariantList &binds = {},
                                        Access access = Access::Read);
    // run() for a hot read: the statement is prepared once per connection and
    // reused, because re-preparing costs more than a small query itself. The
    // query is shared with the next runCached() of the same SQL; read it, then
    // finish() it, which also releases its read snapshot (an active statement
    // would keep the WAL from being checkpointed).
    [[nodiscard]] Result<QSqlQuery> runCached(const QString &sql, const QVariantList &binds = {});
    // run() for a write statement whose result set is not needed.
    [[nodiscard]] Result<void> write(const QString &sql, const QVariantList &binds = {});

    // Runs `body` (returning Result<void>) in a transaction: committed if it
    // succeeds, rolled back otherwise.
    template <typename Body>
    [[nodiscard]] Result<void> transact(Body &&body)
    {
        auto tx = begin();
        if (!tx)
            return std::unexpected(tx.error());
        if (Result<void> r = std::forward<Body>(body)(); !r)
            return r;
        return tx->commit();
    }

    [[nodiscard]] Result<MirrorDiagnostics> diagnostics();
    [[nodiscard]] Result<int> schemaVersion();

    // Deletes every row of the signed-in user's slice, sync state and outbox
    // (sign-out or another account); keeps the schema.
    [[nodiscard]] Result<void> clearUserData();

    // Test seam (style.md 18): the N-th write statement from now fails with
    // an injected mirror_io_error; 0 = off.
    void failNthWrite(int n);

private:
    friend class Transaction;
    MirrorDatabase(QString path, QString connectionName, const OpenOptions &options);

    [[nodiscard]] Result<void> checkThread() const;
    [[nodiscard]] Result<void> configureConnection();
    [[nodiscard]] Result<void> migrate();
    [[nodiscard]] Result<int> readSchemaVersion();
    [[nodiscard]] Result<void> control(const QString &sql);
    [[nodiscard]] Result<void> injectedFault();

    QString m_path;
    QString m_connectionName;
    OpenOptions m_options;
    QSqlDatabase m_db;
    QThread *m_thread = nullptr;
    int m_txDepth = 0;
    int m_writesUntilFault = 0;
    QHash<QString, QSqlQuery> m_cachedStatements;
};

} // namespace creditdesk::store

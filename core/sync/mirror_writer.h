#pragma once

#include "core/domain/error.h"
#include "core/store/mirror_database.h"
#include "core/store/mirror_recovery.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <utility>

class QThread;

namespace creditdesk::sync {

// The write side of the mirror (ARCHITECTURE "Data flow" 2 and 4): one worker
// thread with its own MirrorDatabase connection on the mirror file (WAL), so
// sync pages and outbox bookkeeping are written off the UI thread while the
// UI reads through its own connection. Jobs run one at a time in the order
// they were posted; each job is a function of the connection and usually one
// transaction. The connection is opened by the first job (a failure to open
// is that job's error; the next job tries again).
//
// The connection is opened with store::openOrRecover(): a corrupt, foreign or
// too-new file is moved aside and a fresh mirror created; mirrorRecovered()
// then tells the creating thread, whose owner tells the user.
//
// Results are delivered on the thread that created the writer, never inside
// run(); when `context` (optional) is destroyed first, the result is dropped
// (the job itself still runs: a transaction is never cut short). Destroying
// the writer runs every job already posted, closes the connection on the
// worker and joins the thread; results not yet delivered are dropped.
class MirrorWriter : public QObject {
    Q_OBJECT

public:
    explicit MirrorWriter(QString mirrorPath, store::OpenOptions options = {}, QObject *parent = nullptr);
    ~MirrorWriter() override;
    MirrorWriter(const MirrorWriter &) = delete;
    MirrorWriter &operator=(const MirrorWriter &) = delete;

    [[nodiscard]] const QString &path() const { return m_path; }

    template <typename T>
    void run(std::function<Result<T>(store::MirrorDatabase &)> job, QObject *context,
             std::function<void(Result<T>)> done);

    // Blocks until every job posted before this call has run (shutdown, tests).
    void drain();

signals:
    // The mirror file could not be used and was moved to `movedAsidePath`; the
    // writer works on a fresh, empty mirror (a full sync rebuilds it).
    void mirrorRecovered(creditdesk::store::MirrorRecovery recovery, const QString &movedAsidePath,
                         const creditdesk::Error &cause);

private:
    class Worker;
    using Work = std::function<void(Result<store::MirrorDatabase *>)>;
    void post(Work work);
    void deliver(std::function<void()> result);

    QString m_path;
    QThread *m_thread = nullptr;
    Worker *m_worker = nullptr;
    QObject *m_receiver = nullptr; // lives on the creating thread; results are posted to it
};

template <typename T>
void MirrorWriter::run(std::function<Result<T>(store::MirrorDatabase &)> job, QObject *context,
                       std::function<void(Result<T>)> done)
{
    const bool guarded = context != nullptr;
    QPointer<QObject> target(context);
    post([this, job = std::move(job), guarded, target,
          done = std::move(done)](Result<store::MirrorDatabase *> db) {
        Result<T> result = db ? job(**db) : Result<T>(std::unexpected(db.error()));
        deliver([guarded, target, done, result = std::move(result)] {
            if (!guarded || target)
                done(result);
        });
    });
}

} // namespace creditdesk::sync

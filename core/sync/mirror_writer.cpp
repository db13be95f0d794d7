#include "core/sync/mirror_writer.h"

#include "core/sync/sync_log.h"

#include <QThread>

#include <memory>

namespace creditdesk::sync {

// Owns the worker thread's connection; touched only on that thread.
class MirrorWriter::Worker : public QObject {
public:
    using Recovered = std::function<void(const store::OpenedMirror &)>;

    Worker(QString path, store::OpenOptions options, Recovered recovered)
        : m_path(std::move(path))
        , m_options(options)
        , m_recovered(std::move(recovered))
    {}

    Result<store::MirrorDatabase *> database()
    {
        if (!m_db) {
            auto opened = store::openOrRecover(m_path, m_options);
            if (!opened) {
                qCWarning(lcSync) << "cannot open the mirror for writing:" << opened.error().code
                                  << opened.error().message;
                return std::unexpected(opened.error());
            }
            if (opened->recovery != store::MirrorRecovery::None)
                m_recovered(*opened);
            m_db = std::move(opened->db);
        }
        return m_db.get();
    }

    void close() { m_db.reset(); }

private:
    QString m_path;
    store::OpenOptions m_options;
    Recovered m_recovered;
    std::unique_ptr<store::MirrorDatabase> m_db;
};

MirrorWriter::MirrorWriter(QString mirrorPath, store::OpenOptions options, QObject *parent)
    : QObject(parent)
    , m_path(std::move(mirrorPath))
    , m_thread(new QThread)
    , m_receiver(new QObject(this))
{
    qRegisterMetaType<store::MirrorRecovery>();
    m_worker = new Worker(m_path, options, [this](const store::OpenedMirror &opened) {
        deliver([this, recovery = opened.recovery, path = opened.movedAsidePath,
                 cause = opened.cause.value_or(Error{})] { emit mirrorRecovered(recovery, path, cause); });
    });
    m_thread->setObjectName(QStringLiteral("creditdesk-mirror-writer"));
    m_worker->moveToThread(m_thread);
    m_thread->start();
}

MirrorWriter::~MirrorWriter()
{
    // Queued after every job already posted: they all run, then the
    // connection closes on its own thread and the loop ends.
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker] {
            worker->close();
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    m_thread->wait();
    delete m_worker;
    delete m_thread;
}

void MirrorWriter::drain()
{
    QMetaObject::invokeMethod(
        m_worker, [] {}, Qt::BlockingQueuedConnection);
}

void MirrorWriter::post(Work work)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, work = std::move(work)] { work(worker->database()); },
        Qt::QueuedConnection);
}

void MirrorWriter::deliver(std::function<void()> result)
{
    QMetaObject::invokeMethod(m_receiver, std::move(result), Qt::QueuedConnection);
}

} // namespace creditdesk::sync

#include "ui/usage/usage_export_job.h"

#include "core/store/usage_repository.h"

#include <QLocale>
#include <QProgressDialog>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace creditdesk::ui {

UsageExportJob::UsageExportJob(store::MirrorDatabase &db, store::UsagePageRequest filter, QString path,
                               store::ExportFormat format, QWidget *dialogParent, QObject *parent)
    : QObject(parent)
    , m_cursor(db, std::move(filter), store::UsageRepository::kMaxPageSize)
    , m_file(std::move(path), format)
{
    auto *progress = new QProgressDialog(tr("Exporting usage…"), tr("&Cancel"), 0, 0, dialogParent);
    progress->setWindowTitle(tr("Export usage"));
    progress->setAccessibleName(tr("Export progress"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    progress->setMinimumDuration(500);
    connect(progress, &QProgressDialog::canceled, this, &UsageExportJob::cancel);
    m_progress = progress;
}

UsageExportJob::~UsageExportJob()
{
    delete m_progress.data();
}

qint64 UsageExportJob::rows() const
{
    return m_file.rows();
}

void UsageExportJob::start()
{
    if (auto begun = m_file.begin(); !begun)
        return finish(false, begun.error().message);
    QTimer::singleShot(0, this, &UsageExportJob::step);
}

void UsageExportJob::cancel()
{
    // The QSaveFile is discarded with m_file: an earlier file stays as it was.
    finish(false, QString());
}

void UsageExportJob::step()
{
    if (m_done)
        return;
    auto page = m_cursor.next();
    if (!page)
        return finish(false, page.error().message);
    for (const store::UsageRow &row : std::as_const(*page)) {
        if (auto added = m_file.add(row); !added)
            return finish(false, added.error().message);
    }
    if (m_progress)
        m_progress->setLabelText(tr("Exported %1 rows…").arg(QLocale().toString(rows())));
    if (!m_cursor.done()) {
        QTimer::singleShot(0, this, &UsageExportJob::step);
        return;
    }
    if (auto committed = m_file.commit(); !committed)
        return finish(false, committed.error().message);
    finish(true, QString());
}

void UsageExportJob::finish(bool ok, const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    if (m_progress)
        m_progress->hide();
    emit finished(ok, rows(), message);
}

} // namespace creditdesk::ui

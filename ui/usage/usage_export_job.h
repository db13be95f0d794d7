#pragma once

#include "core/store/mirror_types.h"
#include "core/store/usage_export.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>
#include <optional>

class QProgressDialog;
class QWidget;

namespace creditdesk::store {
class MirrorDatabase;
}

namespace creditdesk::ui {

// Exports the rows of a usage filter to CSV or JSON on the UI thread, one
// keyset page per event-loop turn (the window keeps painting and answering),
// with a cancellable QProgressDialog. The file appears only when complete.
class UsageExportJob : public QObject {
    Q_OBJECT

public:
    UsageExportJob(store::MirrorDatabase &db, store::UsagePageRequest filter, QString path,
                   store::ExportFormat format, QWidget *dialogParent, QObject *parent = nullptr);
    ~UsageExportJob() override;

    void start();
    void cancel();
    [[nodiscard]] qint64 rows() const;

signals:
    // ok: the file is in place; else `message` says why (empty when cancelled).
    void finished(bool ok, qint64 rows, const QString &message);

private:
    void step();
    void finish(bool ok, const QString &message);

    store::UsageRowCursor m_cursor;
    store::UsageExport m_file;
    QPointer<QProgressDialog> m_progress;
    bool m_done = false;
};

} // namespace creditdesk::ui

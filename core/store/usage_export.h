#pragma once

#include "core/domain/error.h"
#include "core/store/mirror_types.h"

#include <QByteArray>
#include <QJsonObject>
#include <QLatin1StringView>
#include <QString>

#include <cstdint>
#include <functional>
#include <memory>

class QSaveFile;

namespace creditdesk::store {

class MirrorDatabase;

namespace errc {
// The export file cannot be created, written or moved into place.
inline constexpr QLatin1StringView fileWriteFailed{"file_write_failed"};
} // namespace errc

enum class ExportFormat { Csv, Json };

// A ledger row as the exports (and the command line's --json) write it:
// times ISO 8601 UTC, credits as exact decimal strings, unsent values null.
[[nodiscard]] QJsonObject usageRowJson(const UsageRow &row);

// Writes usage rows to a file as they come, through QSaveFile: the file
// appears (or is replaced) only by commit(), whole; a failed or abandoned
// export leaves any earlier file untouched.
//   CSV (RFC 4180): a header line, then one line per row, CRLF line ends;
//   fields holding a comma, a quote, CR or LF are quoted with "" for ".
//   JSON: an array of row objects, one per line (credits as decimal strings).
class UsageExport {
public:
    UsageExport(QString path, ExportFormat format);
    ~UsageExport();
    UsageExport(const UsageExport &) = delete;
    UsageExport &operator=(const UsageExport &) = delete;

    // file_write_failed when the file cannot be created.
    [[nodiscard]] Result<void> begin();
    [[nodiscard]] Result<void> add(const UsageRow &row);
    // Ends the document and moves the file into place; file_write_failed.
    [[nodiscard]] Result<void> commit();

    [[nodiscard]] std::int64_t rows() const { return m_rows; }

    // One CSV field, quoted when needed.
    [[nodiscard]] static QByteArray csvField(const QString &value);

private:
    [[nodiscard]] Result<void> write(const QByteArray &bytes);

    QString m_path;
    ExportFormat m_format;
    std::unique_ptr<QSaveFile> m_file;
    std::int64_t m_rows = 0;
};

// Walks the rows matching `filter` (its sinceMs, untilMs, model, provider
// and mode; `after` and `limit` are managed here), newest first, one keyset
// page per next() — so a caller on a UI thread can export a million rows in
// steps without ever holding more than a page.
class UsageRowCursor {
public:
    UsageRowCursor(MirrorDatabase &db, UsagePageRequest filter, int pageSize);

    // The next page of rows (empty once done()).
    [[nodiscard]] Result<QList<UsageRow>> next();
    [[nodiscard]] bool done() const { return m_done; }

private:
    MirrorDatabase &m_db;
    UsagePageRequest m_request;
    bool m_done = false;
};

} // namespace creditdesk::store

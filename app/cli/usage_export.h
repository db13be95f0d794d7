#pragma once

#include "core/domain/error.h"
#include "core/store/mirror_types.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <memory>

class QSaveFile;

namespace creditdesk::cli {

enum class ExportFormat { Csv, Json };

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
    [[nodiscard]] Result<void> add(const store::UsageRow &row);
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

} // namespace creditdesk::cli

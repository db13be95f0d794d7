#include "core/store/usage_export.h"

#include "core/domain/utc_time.h"
#include "core/store/usage_repository.h"

#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace creditdesk::store {

namespace {

const QStringList kCsvColumns{
    u"id"_s,       u"request_id"_s,   u"created_at"_s,   u"occurred_at"_s,   u"model_id"_s,
    u"provider"_s, u"request_type"_s, u"input_tokens"_s, u"output_tokens"_s, u"cached_input_tokens"_s,
    u"credits"_s,  u"is_byok"_s,      u"status"_s,       u"reverses_id"_s};

QStringList csvValues(const UsageRow &r)
{
    return {r.id,
            r.requestId,
            toIsoUtc(r.createdAtMs),
            toIsoUtc(r.occurredAtMs),
            r.modelId,
            r.provider,
            r.requestType,
            QString::number(r.inputTokens),
            QString::number(r.outputTokens),
            QString::number(r.cachedInputTokens),
            r.creditsDeducted.toDecimalString(),
            r.byok ? (*r.byok ? u"true"_s : u"false"_s) : QString(),
            r.status,
            r.reversesId};
}

QByteArray csvLine(const QStringList &values)
{
    QByteArray line;
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (i > 0)
            line += ',';
        line += UsageExport::csvField(values.at(i));
    }
    return line + "\r\n";
}

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue timeOrNull(std::optional<qint64> ms)
{
    return ms ? QJsonValue(toIsoUtc(*ms)) : QJsonValue(QJsonValue::Null);
}

} // namespace

QJsonObject usageRowJson(const UsageRow &r)
{
    return {{u"id"_s, r.id},
            {u"request_id"_s, r.requestId},
            {u"created_at"_s, timeOrNull(r.createdAtMs)},
            {u"occurred_at"_s, timeOrNull(r.occurredAtMs)},
            {u"model_id"_s, r.modelId},
            {u"provider"_s, r.provider},
            {u"request_type"_s, r.requestType},
            {u"input_tokens"_s, static_cast<qint64>(r.inputTokens)},
            {u"output_tokens"_s, static_cast<qint64>(r.outputTokens)},
            {u"cached_input_tokens"_s, static_cast<qint64>(r.cachedInputTokens)},
            {u"credits"_s, r.creditsDeducted.toDecimalString()},
            {u"is_byok"_s, r.byok ? QJsonValue(*r.byok) : QJsonValue(QJsonValue::Null)},
            {u"status"_s, r.status},
            {u"reverses_id"_s, textOrNull(r.reversesId)}};
}

UsageExport::UsageExport(QString path, ExportFormat format)
    : m_path(std::move(path))
    , m_format(format)
{}

UsageExport::~UsageExport()
{
    if (m_file && m_file->isOpen())
        m_file->cancelWriting();
}

QByteArray UsageExport::csvField(const QString &value)
{
    const QByteArray bytes = value.toUtf8();
    if (!bytes.contains(',') && !bytes.contains('"') && !bytes.contains('\r') && !bytes.contains('\n'))
        return bytes;
    QByteArray quoted = bytes;
    quoted.replace('"', "\"\"");
    return '"' + quoted + '"';
}

Result<void> UsageExport::write(const QByteArray &bytes)
{
    if (m_file->write(bytes) != bytes.size())
        return fail(errc::fileWriteFailed, u"cannot write %1: %2"_s.arg(m_path, m_file->errorString()),
                    {{u"path"_s, m_path}});
    return {};
}

Result<void> UsageExport::begin()
{
    m_file = std::make_unique<QSaveFile>(m_path);
    if (!m_file->open(QIODevice::WriteOnly))
        return fail(errc::fileWriteFailed, u"cannot create %1: %2"_s.arg(m_path, m_file->errorString()),
                    {{u"path"_s, m_path}});
    return write(m_format == ExportFormat::Csv ? csvLine(kCsvColumns) : QByteArray("["));
}

Result<void> UsageExport::add(const UsageRow &row)
{
    QByteArray bytes;
    if (m_format == ExportFormat::Csv) {
        bytes = csvLine(csvValues(row));
    } else {
        bytes = m_rows == 0 ? QByteArray("\n") : QByteArray(",\n");
        bytes += QJsonDocument(usageRowJson(row)).toJson(QJsonDocument::Compact);
    }
    if (auto written = write(bytes); !written)
        return written;
    ++m_rows;
    return {};
}

Result<void> UsageExport::commit()
{
    if (m_format == ExportFormat::Json) {
        if (auto written = write(m_rows == 0 ? QByteArray("]\n") : QByteArray("\n]\n")); !written)
            return written;
    }
    if (!m_file->commit())
        return fail(errc::fileWriteFailed, u"cannot save %1: %2"_s.arg(m_path, m_file->errorString()),
                    {{u"path"_s, m_path}});
    return {};
}

UsageRowCursor::UsageRowCursor(MirrorDatabase &db, UsagePageRequest filter, int pageSize)
    : m_db(db)
    , m_request(std::move(filter))
{
    m_request.after.reset();
    m_request.limit = pageSize;
}

Result<QList<UsageRow>> UsageRowCursor::next()
{
    if (m_done)
        return QList<UsageRow>();
    auto page = UsageRepository(m_db).usagePage(m_request);
    if (!page)
        return std::unexpected(page.error());
    m_done = !page->next;
    m_request.after = page->next;
    return std::move(page->rows);
}

} // namespace creditdesk::store

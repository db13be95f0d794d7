#include "ui/usage/usage_table_model.h"

#include "core/store/usage_repository.h"
#include "ui/format/amount_format.h"

#include <QDateTime>
#include <QLocale>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::ui {

UsageTableModel::UsageTableModel(store::MirrorDatabase &db, QObject *parent)
    : QAbstractTableModel(parent)
    , m_db(db)
    , m_pageSize(store::UsageRepository::kPageSize)
{
    reload();
}

void UsageTableModel::setFilter(const store::UsagePageRequest &filter)
{
    m_filter = filter;
    m_filter.after.reset();
    reload();
}

void UsageTableModel::setPageSize(int rows)
{
    m_pageSize = std::clamp(rows, 1, store::UsageRepository::kMaxPageSize);
}

void UsageTableModel::reload()
{
    // Read first, then swap in: the model is never half reset.
    m_cursor.emplace(m_db, m_filter, m_pageSize);
    m_failed = false;
    m_pages = 0;
    QList<store::UsageRow> first = readPage();
    m_notifying = true;
    beginResetModel();
    m_rows = std::move(first);
    endResetModel();
    m_notifying = false;
}

QList<store::UsageRow> UsageTableModel::readPage()
{
    auto page = m_cursor->next();
    if (!page) {
        m_failed = true;
        m_error = page.error().message;
        emit loadFailed(m_error);
        return {};
    }
    m_error.clear();
    ++m_pages;
    return std::move(*page);
}

int UsageTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int UsageTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool UsageTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !atEnd();
}

void UsageTableModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || atEnd())
        return;
    if (m_notifying) {
        // Asked from a slot of one of our own reset or insert signals: insert once
        // that notification is over, never inside it.
        if (!m_fetchQueued) {
            m_fetchQueued = true;
            QTimer::singleShot(0, this, [this] {
                m_fetchQueued = false;
                fetchMore(QModelIndex());
            });
        }
        return;
    }
    QList<store::UsageRow> rows = readPage();
    if (rows.isEmpty())
        return;
    const int first = static_cast<int>(m_rows.size());
    m_notifying = true;
    beginInsertRows(QModelIndex(), first, first + static_cast<int>(rows.size()) - 1);
    m_rows.append(std::move(rows));
    endInsertRows();
    m_notifying = false;
}

QVariant UsageTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const store::UsageRow &r = m_rows.at(index.row());
    const QLocale locale;
    if (role == IdRole)
        return r.id;
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case InputTokens:
        case OutputTokens:
        case CreditsColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Time)
        return QDateTime::fromMSecsSinceEpoch(r.createdAtMs).toLocalTime().toString(Qt::ISODate);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time:
        return locale.toString(QDateTime::fromMSecsSinceEpoch(r.createdAtMs).toLocalTime(),
                               QLocale::ShortFormat);
    case Model:
        return r.modelId;
    case Provider:
        return r.provider.isEmpty() ? tr("—") : r.provider;
    case Mode:
        return r.byok.value_or(false) ? tr("BYOK") : tr("Cloud");
    case InputTokens:
        return locale.toString(r.inputTokens);
    case OutputTokens:
        return locale.toString(r.outputTokens);
    case CreditsColumn:
        return formatCredits(r.creditsDeducted, locale);
    case RequestId:
        return r.requestId;
    default:
        return {};
    }
}

QVariant UsageTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time:
        return tr("Time");
    case Model:
        return tr("Model");
    case Provider:
        return tr("Provider");
    case Mode:
        return tr("Mode");
    case InputTokens:
        return tr("Input tokens");
    case OutputTokens:
        return tr("Output tokens");
    case CreditsColumn:
        return tr("Credits");
    case RequestId:
        return tr("Request ID");
    default:
        return {};
    }
}

} // namespace creditdesk::ui

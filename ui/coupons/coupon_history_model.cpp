#include "ui/coupons/coupon_history_model.h"

#include "ui/format/amount_format.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::ui {

CouponHistoryModel::CouponHistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void CouponHistoryModel::setRedemptions(QList<store::CouponRedemption> redemptions)
{
    std::stable_sort(redemptions.begin(), redemptions.end(),
                     [](const store::CouponRedemption &a, const store::CouponRedemption &b) {
                         return a.redeemedAtMs > b.redeemedAtMs;
                     });
    beginResetModel();
    m_rows = std::move(redemptions);
    endResetModel();
}

int CouponHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int CouponHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString CouponHistoryModel::statusText(const QString &status)
{
    if (status == "success"_L1)
        return tr("Redeemed");
    if (status == "failed"_L1)
        return tr("Failed");
    if (status == "reversed"_L1)
        return tr("Reversed");
    if (status == "pending"_L1)
        return tr("Pending");
    return status;
}

QVariant CouponHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const store::CouponRedemption &r = m_rows.at(index.row());
    const QLocale locale;
    if (role == Qt::TextAlignmentRole) {
        const bool amount = index.column() >= Discount;
        return QVariant::fromValue((amount ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole)
        return {};
    const auto optionalMoney = [&locale](const std::optional<Money> &amount) {
        return amount ? formatMoney(*amount, locale) : tr("—");
    };
    switch (index.column()) {
    case Redeemed:
        return locale.toString(QDateTime::fromMSecsSinceEpoch(r.redeemedAtMs).toLocalTime(),
                               QLocale::ShortFormat);
    case Code:
        return r.couponCode;
    case Status:
        return statusText(r.status);
    case Discount:
        return formatMoney(r.discountApplied, locale);
    case Original:
        return optionalMoney(r.originalAmount);
    case Final:
        return optionalMoney(r.finalAmount);
    default:
        return {};
    }
}

QVariant CouponHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Redeemed:
        return tr("Redeemed");
    case Code:
        return tr("Code");
    case Status:
        return tr("Status");
    case Discount:
        return tr("Discount");
    case Original:
        return tr("Price");
    case Final:
        return tr("You paid");
    default:
        return {};
    }
}

} // namespace creditdesk::ui

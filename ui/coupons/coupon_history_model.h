#pragma once

#include "core/store/mirror_types.h"

#include <QAbstractTableModel>
#include <QList>

namespace creditdesk::ui {

// The user's coupon redemptions, newest first: code, when, status and what
// they took off the bill.
class CouponHistoryModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Redeemed, Code, Status, Discount, Original, Final, ColumnCount };

    explicit CouponHistoryModel(QObject *parent = nullptr);

    void setRedemptions(QList<store::CouponRedemption> redemptions);
    [[nodiscard]] const QList<store::CouponRedemption> &redemptions() const { return m_rows; }

    [[nodiscard]] int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

    // "Success", "Failed", … for a redemption status.
    [[nodiscard]] static QString statusText(const QString &status);

private:
    QList<store::CouponRedemption> m_rows;
};

} // namespace creditdesk::ui

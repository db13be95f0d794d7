#pragma once

#include "core/api/license_types.h"
#include "core/domain/error.h"
#include "core/store/account_repository.h"

#include <QString>
#include <QStringList>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace creditdesk::session {
class AppSession;
class ClientServices;
} // namespace creditdesk::session

namespace creditdesk::ui {

class CouponHistoryModel;

// Coupons: enter a code, Validate (every reason it cannot be used, or the
// discount it gives), Redeem, and the history of redemptions. The rules
// are the server's and core/domain's; this page only shows their answers.
class CouponsPage : public QWidget {
    Q_OBJECT

public:
    CouponsPage(session::AppSession &session, session::ClientServices &services, QWidget *parent = nullptr);
    ~CouponsPage() override;

    [[nodiscard]] CouponHistoryModel *historyModel() const { return m_history; }
    // The text shown for the last validation or redemption.
    [[nodiscard]] QString resultText() const;

    // Clear text for each reason code of a failed validation (COUPON_EXPIRED, …).
    [[nodiscard]] static QString reasonText(const QString &code);
    // Every reason of a failed validation or redemption, as clear text.
    [[nodiscard]] static QStringList reasonsOf(const Error &error);

public slots:
    // Reads the redemption history again (after a sync).
    void reload();

signals:
    // After each answer (or failure) of Validate and Redeem has been shown.
    void validated(bool valid);
    void redeemed(bool ok);
    void historyLoaded();

private:
    [[nodiscard]] Result<store::AccountFacts> accountFacts() const;
    void validate();
    void redeem();
    void showValidation(const api::CouponValidation &v);
    void showFailure(const QString &heading, const Error &error);
    void setBusy(bool busy);
    void loadHistoryFromServer(const QString &userId);

    session::AppSession &m_session;
    session::ClientServices &m_services;
    QLineEdit *m_code;
    QPushButton *m_validate;
    QPushButton *m_redeem;
    QLabel *m_result;
    QTableView *m_table;
    CouponHistoryModel *m_history;
    QLabel *m_historyNote;
    QString m_validCode; // the code of the last successful validation
};

} // namespace creditdesk::ui

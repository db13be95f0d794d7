#include "ui/coupons/coupons_page.h"

#include "core/api/api_errors.h"
#include "core/api/cloud_client.h"
#include "core/api/idempotency_key.h"
#include "core/domain/coupon_discount.h"
#include "core/session/app_session.h"
#include "core/session/client_services.h"
#include "core/store/account_repository.h"
#include "core/store/billing_repository.h"
#include "core/sync/sync_engine.h"
#include "core/sync/sync_errors.h"
#include "ui/coupons/coupon_history_model.h"
#include "ui/format/amount_format.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace creditdesk::ui {

namespace {

QString percentText(std::int64_t hundredths)
{
    const QLocale locale;
    const std::int64_t whole = hundredths / 100;
    const std::int64_t rest = hundredths % 100;
    if (rest == 0)
        return CouponsPage::tr("%1 %").arg(locale.toString(static_cast<qlonglong>(whole)));
    QString fraction = u"%1"_s.arg(rest, 2, 10, QChar(u'0'));
    if (fraction.endsWith(u'0'))
        fraction.chop(1);
    return CouponsPage::tr("%1 %").arg(locale.toString(static_cast<qlonglong>(whole)) +
                                       locale.decimalPoint() + fraction);
}

QString bullets(const QStringList &lines)
{
    QStringList out;
    for (const QString &line : lines)
        out.append(u"• "_s + line);
    return out.join(u'\n');
}

} // namespace

CouponsPage::CouponsPage(session::AppSession &session, session::ClientServices &services, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_services(services)
    , m_code(new QLineEdit(this))
    , m_validate(new QPushButton(tr("&Validate"), this))
    , m_redeem(new QPushButton(tr("&Redeem"), this))
    , m_result(new QLabel(this))
    , m_table(new QTableView(this))
    , m_history(new CouponHistoryModel(this))
    , m_historyNote(new QLabel(this))
{
    setAccessibleName(tr("Coupons"));
    m_code->setAccessibleName(tr("Coupon code"));
    m_code->setPlaceholderText(tr("e.g. SAVE25"));
    m_code->setMaxLength(64);
    m_code->setClearButtonEnabled(true);
    m_validate->setAccessibleName(tr("Validate the coupon code"));
    m_validate->setDefault(true);
    m_redeem->setAccessibleName(tr("Redeem the coupon"));
    m_redeem->setEnabled(false);
    m_result->setAccessibleName(tr("Coupon result"));
    m_result->setObjectName(u"couponResult"_s);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_result->setTextFormat(Qt::PlainText);
    m_result->setMinimumHeight(m_result->fontMetrics().lineSpacing() * 4);
    m_result->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    auto *codeLabel = new QLabel(tr("Coupon &code:"), this);
    codeLabel->setBuddy(m_code);
    auto *entry = new QHBoxLayout;
    entry->addWidget(codeLabel);
    entry->addWidget(m_code, 1);
    entry->addWidget(m_validate);
    entry->addWidget(m_redeem);

    auto *check = new QGroupBox(tr("Use a coupon"), this);
    auto *checkLayout = new QVBoxLayout(check);
    checkLayout->addLayout(entry);
    checkLayout->addWidget(m_result);

    m_table->setModel(m_history);
    m_table->setAccessibleName(tr("Coupon redemption history"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(CouponHistoryModel::Code, QHeaderView::Stretch);
    m_historyNote->setAccessibleName(tr("Coupon history status"));
    m_historyNote->setWordWrap(true);

    auto *history = new QGroupBox(tr("Redemption history"), this);
    auto *historyLayout = new QVBoxLayout(history);
    historyLayout->addWidget(m_table, 1);
    historyLayout->addWidget(m_historyNote);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(check);
    layout->addWidget(history, 1);

    setTabOrder(m_code, m_validate);
    setTabOrder(m_validate, m_redeem);
    setTabOrder(m_redeem, m_table);

    connect(m_validate, &QPushButton::clicked, this, &CouponsPage::validate);
    connect(m_code, &QLineEdit::returnPressed, this, &CouponsPage::validate);
    connect(m_redeem, &QPushButton::clicked, this, &CouponsPage::redeem);
    connect(m_code, &QLineEdit::textEdited, this, [this] {
        // A changed code must be validated again before it can be redeemed.
        m_validCode.clear();
        m_redeem->setEnabled(false);
    });
    reload();
}

CouponsPage::~CouponsPage() = default;

QString CouponsPage::resultText() const
{
    return m_result->text();
}

QString CouponsPage::reasonText(const QString &code)
{
    const QString c = code.toUpper();
    if (c == "COUPON_NOT_FOUND"_L1)
        return tr("No coupon has this code. Check the spelling.");
    if (c == "COUPON_INACTIVE"_L1)
        return tr("This coupon is not active.");
    if (c == "COUPON_EXPIRED"_L1)
        return tr("This coupon has expired or is not valid yet.");
    if (c == "TIER_NOT_ELIGIBLE"_L1)
        return tr("Your plan is not eligible for this coupon.");
    if (c == "BILLING_CYCLE_NOT_ELIGIBLE"_L1)
        return tr("Your billing cycle is not eligible for this coupon.");
    if (c == "MAX_USES_EXCEEDED"_L1)
        return tr("This coupon has been used up.");
    if (c == "MAX_USER_USES_EXCEEDED"_L1)
        return tr("You have already used this coupon.");
    if (c == "CAMPAIGN_BUDGET_EXCEEDED"_L1)
        return tr("The budget of this coupon's campaign is spent.");
    if (c == "CAMPAIGN_BUDGET_LOW"_L1)
        return tr("The campaign's budget is nearly spent.");
    if (c == "MIN_PURCHASE_NOT_MET"_L1)
        return tr("The purchase is below this coupon's minimum.");
    if (c == "CUSTOM_RULE_FAILED"_L1)
        return tr("A condition of this coupon is not met.");
    if (c == "FRAUD_DETECTED"_L1)
        return tr("The redemption was blocked for review.");
    if (c == "VELOCITY_LIMIT_EXCEEDED"_L1)
        return tr("Too many coupons were redeemed in the past hour. Try again later.");
    if (c == "DEVICE_FINGERPRINT_MISMATCH"_L1)
        return tr("This device does not match earlier redemptions.");
    if (c == "VALIDATION_ERROR"_L1)
        return tr("The server could not check the coupon. Try again later.");
    return tr("Not accepted by the server (%1).").arg(code);
}

QStringList CouponsPage::reasonsOf(const Error &error)
{
    QJsonArray reasons = error.details.value(u"errors"_s).toArray();
    if (reasons.isEmpty())
        reasons = error.details.value(u"reasons"_s).toArray();
    QStringList text;
    for (const QJsonValue &reason : std::as_const(reasons))
        text.append(reasonText(reason.toString()));
    if (text.isEmpty() && error.code == api::errc::couponNotFound)
        text.append(reasonText(u"COUPON_NOT_FOUND"_s));
    if (text.isEmpty() && error.code == api::errc::rateLimited)
        text.append(tr("Too many coupon checks; wait a while and try again."));
    if (text.isEmpty() && error.code == api::errc::signInRequired)
        text.append(tr("You are not signed in, or the sign-in has expired."));
    if (text.isEmpty())
        text.append(error.message);
    return text;
}

Result<store::AccountFacts> CouponsPage::accountFacts() const
{
    auto facts = store::AccountRepository(m_session.mirror()).facts();
    if (!facts)
        return std::unexpected(facts.error());
    if (!*facts)
        return fail(sync::errc::profileMissing,
                    tr("Your account has not been synced yet. Sync, then try again."));
    return **facts;
}

void CouponsPage::setBusy(bool busy)
{
    m_validate->setEnabled(!busy);
    m_code->setReadOnly(busy);
    m_redeem->setEnabled(!busy && !m_validCode.isEmpty());
}

void CouponsPage::validate()
{
    m_validCode.clear();
    auto code = normalizeCouponCode(m_code->text());
    if (!code) {
        m_result->setText(tr("A coupon code is 4 to 50 letters and digits."));
        m_redeem->setEnabled(false);
        emit validated(false);
        return;
    }
    auto facts = accountFacts();
    if (!facts) {
        showFailure(tr("The coupon cannot be checked:"), facts.error());
        emit validated(false);
        return;
    }
    api::CouponCheck check;
    check.code = *code;
    check.userId = facts->userId;
    check.subscriptionTier = facts->tier;
    setBusy(true);
    m_result->setText(tr("Checking %1…").arg(*code));
    m_session.cloud().validateCoupon(check, this, [this](Result<api::CouponValidation> result) {
        if (!result) {
            setBusy(false);
            showFailure(tr("This coupon cannot be used:"), result.error());
            emit validated(false);
            return;
        }
        m_validCode = result->code;
        setBusy(false);
        showValidation(*result);
        emit validated(true);
    });
}

void CouponsPage::showValidation(const api::CouponValidation &v)
{
    QStringList lines;
    if (v.percentageHundredths)
        lines.append(tr("%1 off").arg(percentText(*v.percentageHundredths)));
    if (v.fixedAmount)
        lines.append(tr("%1 off").arg(formatMoney(*v.fixedAmount)));
    if (v.creditAmount)
        lines.append(tr("Adds %1 credits").arg(QLocale().toString(static_cast<qlonglong>(*v.creditAmount))));
    if (v.bonusMonths)
        lines.append(tr("Adds %n free month(s)", nullptr, static_cast<int>(*v.bonusMonths)));
    if (!v.discountApplied.isZero() || !v.originalAmount.isZero())
        lines.append(tr("Price %1 → %2 (you save %3)")
                         .arg(formatMoney(v.originalAmount), formatMoney(v.finalAmount),
                              formatMoney(v.discountApplied)));
    for (const QString &warning : v.warnings)
        lines.append(tr("Note: %1").arg(reasonText(warning)));
    m_result->setText(tr("Coupon %1 is valid.").arg(v.code) + u'\n' + bullets(lines));
}

void CouponsPage::showFailure(const QString &heading, const Error &error)
{
    m_result->setText(heading + u'\n' + bullets(reasonsOf(error)));
}

void CouponsPage::redeem()
{
    if (m_validCode.isEmpty())
        return;
    auto facts = accountFacts();
    if (!facts) {
        showFailure(tr("The coupon cannot be redeemed:"), facts.error());
        emit redeemed(false);
        return;
    }
    api::CouponRedeem request;
    request.code = m_validCode;
    request.subscriptionId = facts->subscriptionId;
    const QString code = m_validCode;
    setBusy(true);
    m_redeem->setEnabled(false);
    m_result->setText(tr("Redeeming %1…").arg(code));
    // One key for this action: the client's retries send it again, so a lost
    // answer never redeems twice.
    m_session.cloud().redeemCoupon(
        request, api::IdempotencyKey::generate(), this, [this, code](Result<api::Redemption> result) {
            m_validCode.clear();
            setBusy(false);
            if (!result) {
                showFailure(tr("The coupon was not redeemed:"), result.error());
                emit redeemed(false);
                return;
            }
            m_result->setText(
                tr("Coupon %1 redeemed (%2).")
                    .arg(code, CouponHistoryModel::statusText(result->redemptionStatus)) +
                u'\n' +
                bullets({tr("Discount %1; to pay %2")
                             .arg(formatMoney(result->discountApplied), formatMoney(result->finalAmount)),
                         tr("Your balance and history update with the next sync.")}));
            // Sync so the balance and the history show the redemption.
            connect(
                &m_session.syncEngine(), &sync::SyncEngine::finished, this, [this] { reload(); },
                Qt::SingleShotConnection);
            m_session.syncEngine().start();
            emit redeemed(true);
        });
}

void CouponsPage::reload()
{
    auto redemptions = store::BillingRepository(m_session.mirror()).redemptions();
    if (!redemptions) {
        m_historyNote->setText(tr("Cannot read the coupon history: %1").arg(redemptions.error().message));
        return;
    }
    if (!redemptions->isEmpty()) {
        m_history->setRedemptions(std::move(*redemptions));
        m_historyNote->clear();
        emit historyLoaded();
        return;
    }
    // Nothing synced yet: ask the server, as the account may have history the
    // mirror has not received.
    auto facts = accountFacts();
    if (!facts || !m_session.hasStoredSignIn()) {
        m_history->setRedemptions({});
        m_historyNote->setText(tr("No coupon has been redeemed."));
        emit historyLoaded();
        return;
    }
    loadHistoryFromServer(facts->userId);
}

void CouponsPage::loadHistoryFromServer(const QString &userId)
{
    m_session.cloud().fetchCouponHistory(userId, this, [this](Result<QList<api::RedemptionRecord>> records) {
        if (!records) {
            m_historyNote->setText(
                tr("Cannot load the coupon history: %1").arg(reasonsOf(records.error()).join(u' ')));
            emit historyLoaded();
            return;
        }
        QList<store::CouponRedemption> rows;
        for (const api::RedemptionRecord &r : std::as_const(*records)) {
            store::CouponRedemption row;
            row.id = r.id;
            row.couponCode = r.couponCode;
            row.discountApplied = r.discountApplied;
            row.status = r.status;
            row.redeemedAtMs = r.redeemedAtMs;
            rows.append(row);
        }
        m_historyNote->setText(rows.isEmpty() ? tr("No coupon has been redeemed.") : QString());
        m_history->setRedemptions(std::move(rows));
        emit historyLoaded();
    });
}

} // namespace creditdesk::ui

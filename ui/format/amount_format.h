#pragma once

#include "core/domain/credits.h"
#include "core/domain/money.h"

#include <QLocale>
#include <QString>

namespace creditdesk::ui {

// Display forms of amounts in the user's locale: "$1,234.50", "1,399.75 credits".
// Built from the integer value's digits, never through a floating-point number.
[[nodiscard]] QString formatMoney(Money amount, const QLocale &locale = QLocale());
[[nodiscard]] QString formatCredits(Credits amount, const QLocale &locale = QLocale());

} // namespace creditdesk::ui

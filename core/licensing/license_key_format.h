#pragma once

#include "core/domain/error.h"

#include <QString>
#include <QStringView>

namespace creditdesk::licensing {

// The domain's normalizeLicenseKey (trim, upper-case, drop spaces, then
// REPHLO-XXXX-XXXX-XXXX-XXXX), with the reason a key is refused spelled out
// so the user can fix a typo: license_key_malformed whose details.reason is
//   empty       — nothing was entered
//   prefix      — does not start with "REPHLO-"
//   group_count — not four groups after the prefix (details.groups)
//   group_length — a group without four symbols (details.group, 1-based; details.length)
//   character   — a symbol outside the key alphabet (details.character,
//                 details.position, 1-based in the normalised key): 0, 1, I
//                 and O are never used
// The returned key is the normalised one. Never log it (maskLicenseKey).
[[nodiscard]] Result<QString> checkLicenseKey(QStringView raw);

} // namespace creditdesk::licensing

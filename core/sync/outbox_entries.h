#pragma once

#include "core/api/account_types.h"
#include "core/api/idempotency_key.h"
#include "core/domain/error.h"
#include "core/store/mirror_types.h"

#include <QJsonObject>
#include <QLatin1StringView>
#include <QString>

#include <cstdint>

// What the outbox holds (ARCHITECTURE "Data flow" 3): actions taken offline,
// each with the Idempotency-Key of the user action, replayed in order by
// OutboxReplayer. The payloads are JSON in the outbox table; these functions
// are their only writers and readers.
namespace creditdesk::sync::outbox {

namespace kind {
// PATCH /v1/users/me/preferences — also the BYOK/cloud mode switch, which lives
// in preferencesMetadata (read-modify-write done when the entry is made, §4).
inline constexpr QLatin1StringView preferences{"preferences.update"};
// PATCH /v1/users/me
inline constexpr QLatin1StringView profile{"profile.update"};
// POST /v1/users/me/preferences/model
inline constexpr QLatin1StringView defaultModel{"preferences.default_model"};
// DELETE /api/licenses/activations/:id
inline constexpr QLatin1StringView deactivateDevice{"license.deactivate_device"};
} // namespace kind

// Entries to enqueue. A null key gets a fresh one (a new user action).
[[nodiscard]] store::OutboxEntry preferencesChange(const api::PreferencesPatch &patch,
                                                   const api::IdempotencyKey &key, std::int64_t nowMs);
[[nodiscard]] store::OutboxEntry profileChange(const api::UserPatch &patch, const api::IdempotencyKey &key,
                                               std::int64_t nowMs);
[[nodiscard]] store::OutboxEntry defaultModelChange(const QString &modelId, const api::IdempotencyKey &key,
                                                    std::int64_t nowMs);
[[nodiscard]] store::OutboxEntry deviceDeactivation(const QString &activationId,
                                                    const api::IdempotencyKey &key, std::int64_t nowMs);

// Payload readers: outbox_invalid_payload when a field is missing or of the
// wrong type.
[[nodiscard]] Result<api::PreferencesPatch> preferencesPatch(const QJsonObject &payload);
[[nodiscard]] Result<api::UserPatch> userPatch(const QJsonObject &payload);
[[nodiscard]] Result<QString> modelId(const QJsonObject &payload);
[[nodiscard]] Result<QString> activationId(const QJsonObject &payload);

} // namespace creditdesk::sync::outbox

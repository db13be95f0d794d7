#pragma once

#include "core/api/cloud_client.h"
#include "core/domain/error.h"
#include "core/store/mirror_types.h"

#include <QObject>

#include <cstdint>
#include <functional>

namespace creditdesk::store {
class MirrorDatabase;
}

// One outbox entry on the wire: the request its kind stands for, with its
// stored Idempotency-Key, and what the server's answer changes in the mirror.
namespace creditdesk::sync::outbox {

// Writes an accepted entry's result to the mirror (the server wins); runs in
// the transaction that marks the entry done.
using MirrorUpdate = std::function<Result<void>(store::MirrorDatabase &)>;

// Sends `item`. `done` gets the mirror update for the server's answer, or the
// error: the server's, or outbox_unknown_kind / outbox_invalid_payload for an
// entry that cannot be sent (then before send() returns, with nothing sent).
// `nowMs` stamps what the answer does not (a seat's deactivation time).
api::CallHandle send(api::CloudClient &client, const store::OutboxItem &item, std::int64_t nowMs,
                     QObject *context, std::function<void(Result<MirrorUpdate>)> done);

} // namespace creditdesk::sync::outbox

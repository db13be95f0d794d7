#pragma once

#include "core/crypto/offline_activation.h"
#include "core/domain/error.h"
#include "server/http/request_context.h"

#include <QJsonObject>
#include <QString>

namespace creditdesk::server {

class Connection;
struct ServerEnvironment;

// Offline activation (api-contract §10.3), shared by
// POST /api/licenses/offline-activate and `admin answer-offline-request`.
// One transaction: lock the license, answer a replayed nonce with the stored
// first response (409 conflict when the nonce comes with other content),
// refuse a request older than 7 days or more than 5 minutes ahead
// (offline_request_expired), activate as the online endpoint does, sign a
// certificate and store the response under the nonce.
class OfflineActivationService {
public:
    OfflineActivationService(const ServerEnvironment &env, Connection &db);

    struct Outcome {
        crypto::OfflineActivationResponse response;
        bool isNew = false;    // a seat was taken (201)
        bool replayed = false; // the stored answer to an earlier identical request
    };

    // `caller`: a user must own the license (else license_not_found); a
    // service or the operator's command line may answer for any license.
    [[nodiscard]] Result<Outcome> answer(const crypto::OfflineActivationRequest &request,
                                         const Principal &caller);

    // The request file's errors (offline_file_malformed, offline_format_unsupported)
    // as validation_error {request: code}.
    [[nodiscard]] static Result<crypto::OfflineActivationRequest> parseRequest(const QJsonObject &json);

private:
    const ServerEnvironment &m_env;
    Connection &m_db;
};

} // namespace creditdesk::server

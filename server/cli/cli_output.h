#pragma once

#include "core/domain/error.h"

#include <QJsonObject>
#include <QTextStream>

namespace creditdesk::server {

// One compact JSON line on `out`, flushed: what every CLI command prints.
void printJson(QTextStream &out, const QJsonObject &object);

// `{"error":{"code","message"[,"details"]}}` on `out`; returns kExitError.
int printError(QTextStream &out, const Error &error);

} // namespace creditdesk::server

#include "server/cli/cli_output.h"

#include "server/cli/server_cli.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

void printJson(QTextStream &out, const QJsonObject &object)
{
    out << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)) << u'\n';
    out.flush();
}

int printError(QTextStream &out, const Error &error)
{
    QJsonObject body{{u"code"_s, error.code}, {u"message"_s, error.message}};
    if (!error.details.isEmpty())
        body.insert(u"details"_s, error.details);
    printJson(out, QJsonObject{{u"error"_s, body}});
    return kExitError;
}

} // namespace creditdesk::server

# Precompiled headers. Parsing Qt's headers is most of each file's compile
# time, and CI builds the tree twice on two cores. Each library precompiles
# the headers its modules offer. Tests do not: their files spend their time in
# QTest's templates (a shared precompiled header saved 2 % on them), and it made
# every test's generated mocs_compilation.cpp, otherwise empty, load it
# (measured in CI's build log, docs/benchmarks.md "Build time").
option(CREDITDESK_PCH "Precompile the Qt and standard headers" ON)

set(CREDITDESK_PCH_CORE
    <QByteArray> <QDateTime> <QHash> <QJsonArray> <QJsonDocument> <QJsonObject> <QJsonValue> <QList>
    <QLoggingCategory> <QObject> <QString> <QStringList> <QUrl> <QVariant>
    <algorithm> <cstdint> <expected> <functional> <memory> <optional> <utility> <vector>)
set(CREDITDESK_PCH_SQL <QSqlDatabase> <QSqlError> <QSqlQuery>)
set(CREDITDESK_PCH_NETWORK <QNetworkAccessManager> <QNetworkReply> <QNetworkRequest>)
set(CREDITDESK_PCH_WIDGETS <QApplication> <QWidget> <QLabel> <QPushButton> <QBoxLayout> <QPainter>)

# creditdesk_precompile(<target> [SQL] [NETWORK] [WIDGETS])
function(creditdesk_precompile target)
    if(NOT CREDITDESK_PCH)
        return()
    endif()
    cmake_parse_arguments(ARG "SQL;NETWORK;WIDGETS" "" "" ${ARGN})
    set(headers ${CREDITDESK_PCH_CORE})
    foreach(part SQL NETWORK WIDGETS)
        if(ARG_${part})
            list(APPEND headers ${CREDITDESK_PCH_${part}})
        endif()
    endforeach()
    target_precompile_headers(${target} PRIVATE ${headers})
endfunction()

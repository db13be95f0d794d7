# Precompiled headers. Parsing Qt's headers is most of each file's compile
# time, and CI builds the tree twice on two cores. Each library precompiles
# the headers its modules offer; tests share one precompiled header per kind
# (see creditdesk_add_test), because one per test executable would cost more
# than it saves. GCC silently ignores a precompiled header that does not match
# a file's flags, so a mismatch costs time, never correctness.
option(CREDITDESK_PCH "Precompile the Qt and standard headers" ON)

set(CREDITDESK_PCH_CORE
    <QByteArray> <QDateTime> <QHash> <QJsonArray> <QJsonDocument> <QJsonObject> <QJsonValue> <QList>
    <QLoggingCategory> <QObject> <QString> <QStringList> <QUrl> <QVariant>
    <algorithm> <cstdint> <expected> <functional> <memory> <optional> <utility> <vector>)
set(CREDITDESK_PCH_SQL <QSqlDatabase> <QSqlError> <QSqlQuery>)
set(CREDITDESK_PCH_NETWORK <QNetworkAccessManager> <QNetworkReply> <QNetworkRequest>)
set(CREDITDESK_PCH_WIDGETS <QApplication> <QWidget> <QLabel> <QPushButton> <QBoxLayout> <QPainter>)
# No QtTest header (see tests/support/CMakeLists.txt).
set(CREDITDESK_PCH_TEST <QCoreApplication> <QDir> <QEventLoop> <QFile> <QProcess> <QTemporaryDir> <QTimer>)

# creditdesk_precompile(<target> [SQL] [NETWORK] [WIDGETS] [TEST])
function(creditdesk_precompile target)
    if(NOT CREDITDESK_PCH)
        return()
    endif()
    cmake_parse_arguments(ARG "SQL;NETWORK;WIDGETS;TEST" "" "" ${ARGN})
    set(headers ${CREDITDESK_PCH_CORE})
    foreach(part SQL NETWORK WIDGETS TEST)
        if(ARG_${part})
            list(APPEND headers ${CREDITDESK_PCH_${part}})
        endif()
    endforeach()
    target_precompile_headers(${target} PRIVATE ${headers})
endfunction()

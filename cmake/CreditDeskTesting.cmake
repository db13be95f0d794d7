# creditdesk_add_test(<name> <label> SOURCES <files...> [LIBS <targets...>])
# One Qt Test class per executable, registered with CTest; tests never touch the
# user's profile (testsupport points QStandardPaths at a temporary directory).
function(creditdesk_add_test name label)
    cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE creditdesk_build_options creditdesk_testsupport Qt6::Test ${ARG_LIBS})
    add_test(NAME ${name} COMMAND ${name})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set_tests_properties(${name} PROPERTIES
        LABELS "${label}"
        TIMEOUT ${ARG_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;CREDITDESK_TEST_DATA=${PROJECT_SOURCE_DIR}/tests/data")
endfunction()

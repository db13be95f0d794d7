# creditdesk_add_test(<name> <label> SOURCES <files...> [LIBS <targets...>])
# One Qt Test class per executable, registered with CTest; tests never touch the
# user's profile (testsupport points QStandardPaths at a temporary directory).
function(creditdesk_add_test name label)
    cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE creditdesk_build_options creditdesk_testsupport Qt6::Test ${ARG_LIBS})
    if(CREDITDESK_PCH)
        # Reuse the shared precompiled header; linking the modules it was built
        # with gives the same Qt module macros, which QtTest's headers test.
        set(pch_owner creditdesk_test_pch)
        if("creditdesk_ui" IN_LIST ARG_LIBS OR "Qt6::Widgets" IN_LIST ARG_LIBS OR "Qt6::Gui" IN_LIST ARG_LIBS)
            set(pch_owner creditdesk_gui_test_pch)
        endif()
        target_link_libraries(${name} PRIVATE Qt6::Network Qt6::Sql)
        target_precompile_headers(${name} REUSE_FROM ${pch_owner})
    endif()
    add_test(NAME ${name} COMMAND ${name})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set_tests_properties(${name} PROPERTIES
        LABELS "${label}"
        TIMEOUT ${ARG_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;CREDITDESK_TEST_DATA=${PROJECT_SOURCE_DIR}/tests/data")
endfunction()

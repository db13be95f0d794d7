# Sources of ui/shell, added to creditdesk_ui.
target_sources(creditdesk_ui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/main_window.cpp
    ${CMAKE_CURRENT_LIST_DIR}/main_window.h
)
# The window and tray icon (the hicolor PNGs packaging installs).
qt_add_resources(creditdesk_ui "shell_icons"
    PREFIX "/icons"
    BASE "${PROJECT_SOURCE_DIR}/resources/icons"
    FILES
        "${PROJECT_SOURCE_DIR}/resources/icons/hicolor/48x48/apps/dev.creditdesk.CreditDesk.png"
        "${PROJECT_SOURCE_DIR}/resources/icons/hicolor/64x64/apps/dev.creditdesk.CreditDesk.png"
        "${PROJECT_SOURCE_DIR}/resources/icons/hicolor/128x128/apps/dev.creditdesk.CreditDesk.png")

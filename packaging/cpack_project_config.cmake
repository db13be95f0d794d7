# Read by cpack for each generator (CPACK_PROJECT_CONFIG_FILE).
if(CPACK_GENERATOR STREQUAL "DEB")
    # CPackDeb prepends the package-wide summary to every component's description; the
    # components' descriptions carry their own synopsis line instead.
    unset(CPACK_PACKAGE_DESCRIPTION_SUMMARY)
endif()

# One INTERFACE target carries the language level, warnings and Qt strictness
# defines; every project target links it (never third-party code).
add_library(creditdesk_build_options INTERFACE)
target_compile_features(creditdesk_build_options INTERFACE cxx_std_23)
target_compile_options(creditdesk_build_options INTERFACE
    -Wall -Wextra -Wpedantic -Werror
    -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wconversion -Wimplicit-fallthrough)
target_compile_definitions(creditdesk_build_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_NO_FOREACH
    QT_STRICT_ITERATORS
    $<$<NOT:$<CONFIG:Release>>:_GLIBCXX_ASSERTIONS>
    CREDITDESK_VERSION="${PROJECT_VERSION}")

if(CREDITDESK_SANITIZE)
    set(sanitize_flags -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
    target_compile_options(creditdesk_build_options INTERFACE ${sanitize_flags})
    target_link_options(creditdesk_build_options INTERFACE ${sanitize_flags})
endif()

# lld links the many test executables several times faster than ld.bfd.
option(CREDITDESK_LLD "Link with lld when the toolchain has it" ON)
if(CREDITDESK_LLD)
    include(CheckLinkerFlag)
    check_linker_flag(CXX -fuse-ld=lld CREDITDESK_HAS_LLD)
    if(CREDITDESK_HAS_LLD)
        target_link_options(creditdesk_build_options INTERFACE -fuse-ld=lld)
    endif()
endif()

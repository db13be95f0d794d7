target_sources(creditdesk_crypto PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/crypto_log.cpp
    ${CMAKE_CURRENT_LIST_DIR}/openssl_handles.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pkey.cpp
    ${CMAKE_CURRENT_LIST_DIR}/key_file.cpp
    ${CMAKE_CURRENT_LIST_DIR}/primitives.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ed25519.cpp
    ${CMAKE_CURRENT_LIST_DIR}/password_hash.cpp
    ${CMAKE_CURRENT_LIST_DIR}/rsa_key.cpp
    ${CMAKE_CURRENT_LIST_DIR}/jwt.cpp
    ${CMAKE_CURRENT_LIST_DIR}/canonical_json.cpp
    ${CMAKE_CURRENT_LIST_DIR}/activation_certificate.cpp
    ${CMAKE_CURRENT_LIST_DIR}/offline_activation.cpp
)

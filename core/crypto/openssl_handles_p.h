#pragma once

// Internal to creditdesk_crypto: the only header that includes OpenSSL. Never
// include it from a public header; the app and the server build without
// OpenSSL headers.

#include "core/domain/error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QLatin1StringView>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <utility>

namespace creditdesk::crypto::ossl {

// Drains this thread's OpenSSL error queue into one line ("" when empty).
[[nodiscard]] QString takeErrorQueue();

// An Error whose message is "<what>: <OpenSSL error queue>"; the queue is cleared.
[[nodiscard]] Error error(QLatin1StringView code, QLatin1StringView what);
[[nodiscard]] std::unexpected<Error> failure(QLatin1StringView code, QLatin1StringView what);

// Move-only owner of one OpenSSL object.
template <typename T, void (*FreeFn)(T *)>
class Handle {
public:
    Handle() = default;
    explicit Handle(T *ptr) noexcept
        : m_ptr(ptr)
    {}
    Handle(Handle &&other) noexcept
        : m_ptr(std::exchange(other.m_ptr, nullptr))
    {}
    Handle &operator=(Handle &&other) noexcept
    {
        if (this != &other)
            reset(std::exchange(other.m_ptr, nullptr));
        return *this;
    }
    Handle(const Handle &) = delete;
    Handle &operator=(const Handle &) = delete;
    ~Handle() { reset(); }

    [[nodiscard]] T *get() const noexcept { return m_ptr; }
    [[nodiscard]] T *release() noexcept { return std::exchange(m_ptr, nullptr); }
    void reset(T *ptr = nullptr) noexcept
    {
        if (m_ptr)
            FreeFn(m_ptr);
        m_ptr = ptr;
    }
    explicit operator bool() const noexcept { return m_ptr != nullptr; }

private:
    T *m_ptr = nullptr;
};

class Bio : public Handle<BIO, BIO_free_all> {
public:
    using Handle::Handle;
    [[nodiscard]] static Result<Bio> memory();
    [[nodiscard]] static Result<Bio> readOnly(QByteArrayView data);
    // Everything written to a memory BIO so far.
    [[nodiscard]] QByteArray contents() const;
};

class Bn : public Handle<BIGNUM, BN_free> {
public:
    using Handle::Handle;
    [[nodiscard]] static Result<Bn> fromBigEndian(QByteArrayView bytes);
    // Big-endian magnitude without leading zero bytes.
    [[nodiscard]] QByteArray toBigEndian() const;
};

class PKey : public Handle<EVP_PKEY, EVP_PKEY_free> {
public:
    using Handle::Handle;
    [[nodiscard]] static Result<PKey> generateEd25519();
    [[nodiscard]] static Result<PKey> generateRsa(int bits);
    [[nodiscard]] static Result<PKey> fromRawPrivate(int type, QByteArrayView raw);
    [[nodiscard]] static Result<PKey> fromRawPublic(int type, QByteArrayView raw);
    [[nodiscard]] static Result<PKey> fromRsaComponents(QByteArrayView n, QByteArrayView e);
    // PEM input: an unencrypted private key (PKCS#8 or traditional); never prompts.
    [[nodiscard]] static Result<PKey> readPrivatePem(QByteArrayView pem);
    [[nodiscard]] static Result<PKey> readPublicPem(QByteArrayView pem);
    [[nodiscard]] static Result<PKey> readPublicDer(QByteArrayView der);

    [[nodiscard]] bool isA(const char *name) const;
    [[nodiscard]] int bits() const;
    [[nodiscard]] Result<QByteArray> rawPublic() const;
    [[nodiscard]] Result<QByteArray> rawPrivate() const;
    [[nodiscard]] Result<QByteArray> privatePkcs8Pem() const;
    [[nodiscard]] Result<QByteArray> publicPem() const;
    [[nodiscard]] Result<QByteArray> publicDer() const;
    [[nodiscard]] Result<QByteArray> bnParam(const char *name) const;
    // A second owner of the same key (EVP_PKEY is reference counted).
    [[nodiscard]] PKey share() const;
};

class PKeyCtx : public Handle<EVP_PKEY_CTX, EVP_PKEY_CTX_free> {
public:
    using Handle::Handle;
    [[nodiscard]] static Result<PKeyCtx> forAlgorithm(const char *name);
};

class MdCtx : public Handle<EVP_MD_CTX, EVP_MD_CTX_free> {
public:
    using Handle::Handle;
    [[nodiscard]] static Result<MdCtx> create();
};

class Kdf : public Handle<EVP_KDF, EVP_KDF_free> {
public:
    using Handle::Handle;
    [[nodiscard]] static Result<Kdf> fetch(const char *name);
};

class KdfCtx : public Handle<EVP_KDF_CTX, EVP_KDF_CTX_free> {
public:
    using Handle::Handle;
    [[nodiscard]] static Result<KdfCtx> forKdf(const Kdf &kdf);
};

// One-shot signature: digest "SHA256" for RS256, nullptr for Ed25519.
[[nodiscard]] Result<QByteArray> digestSign(const PKey &key, const char *digest, QByteArrayView data);
// False on any mismatch or error; never leaves errors on the queue.
[[nodiscard]] bool digestVerify(const PKey &key, const char *digest, QByteArrayView data,
                                QByteArrayView signature);

} // namespace creditdesk::crypto::ossl

namespace creditdesk::crypto::detail {

// The opaque key behind the public key classes (shared, immutable once made).
struct KeyHolder {
    ossl::PKey pkey;
};

} // namespace creditdesk::crypto::detail

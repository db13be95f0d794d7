#include "server/licenses/license_key_generator.h"

#include "core/crypto/primitives.h"
#include "core/domain/license_rules.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {
constexpr int kGroups = 4;
constexpr int kGroupLength = 4;
static_assert(256 % 32 == 0, "a byte masked to 5 bits is uniform over 32 symbols");
} // namespace

Result<QString> generateLicenseKey()
{
    Q_ASSERT(kLicenseKeyAlphabet.size() == 32);
    auto bytes = crypto::randomBytes(kGroups * kGroupLength);
    if (!bytes)
        return std::unexpected(bytes.error());
    QString key = kLicenseKeyPrefix;
    for (int g = 0; g < kGroups; ++g) {
        key += u'-';
        for (int i = 0; i < kGroupLength; ++i) {
            const auto byte = static_cast<unsigned char>(bytes->at(g * kGroupLength + i));
            key += kLicenseKeyAlphabet.at(byte & 0x1F);
        }
    }
    // The generator and the validator must agree.
    Q_ASSERT(normalizeLicenseKey(key).has_value());
    return key;
}

} // namespace creditdesk::server

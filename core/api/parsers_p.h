#pragma once

// Enum checks shared by the response parsers (api-contract §1 Enums).
#include "core/api/json_fields.h"

namespace creditdesk::api::parse_detail {

using namespace Qt::StringLiterals;

inline QString tier(FieldReader &r, QStringView key)
{
    return r.oneOf(key, {"free"_L1, "pro"_L1, "pro_plus"_L1, "pro_max"_L1, "enterprise_pro"_L1,
                         "enterprise_pro_plus"_L1, "enterprise_max"_L1, "perpetual"_L1});
}

inline QString subscriptionStatus(FieldReader &r, QStringView key)
{
    return r.oneOf(key, {"active"_L1, "cancelled"_L1, "expired"_L1, "suspended"_L1, "trial"_L1, "past_due"_L1,
                         "grace_period"_L1});
}

inline QString licenseStatus(FieldReader &r, QStringView key)
{
    return r.oneOf(key, {"pending"_L1, "active"_L1, "suspended"_L1, "revoked"_L1, "expired"_L1});
}

inline QString activationStatus(FieldReader &r, QStringView key)
{
    return r.oneOf(key, {"active"_L1, "deactivated"_L1, "replaced"_L1});
}

inline QString redemptionStatus(FieldReader &r, QStringView key)
{
    return r.oneOf(key, {"success"_L1, "failed"_L1, "reversed"_L1, "pending"_L1});
}

inline QString requestType(FieldReader &r, QStringView key)
{
    return r.oneOf(key, {"completion"_L1, "streaming"_L1, "batch"_L1});
}

inline QString billingInterval(FieldReader &r, QStringView key)
{
    return r.oneOf(key, {"monthly"_L1, "yearly"_L1});
}

inline QString prorationStatus(FieldReader &r, QStringView key)
{
    return r.oneOf(key, {"pending"_L1, "applied"_L1, "failed"_L1, "reversed"_L1});
}

} // namespace creditdesk::api::parse_detail

#include "server/coupons/coupon_log.h"

Q_LOGGING_CATEGORY(lcServerCoupons, "creditdesk.server.coupons")

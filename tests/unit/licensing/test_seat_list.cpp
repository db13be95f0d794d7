#include "core/api/license_types.h"
#include "core/licensing/seat_list.h"
#include "tests/unit/licensing/licensing_fixtures.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::licensing;
using namespace creditdesk::licensing::test;

namespace {

const QString kSeatA = u"11111111-1111-4111-8111-111111111111"_s;
const QString kSeatB = u"22222222-2222-4222-8222-222222222222"_s;

// activation_limit_reached details as our server sends them (§10.2).
QJsonObject limitDetails()
{
    return QJsonObject{
        {u"max_activations"_s, 2},
        {u"devices"_s, QJsonArray{QJsonObject{{u"activation_id"_s, kSeatA},
                                              {u"device_name"_s, u"Old laptop"_s},
                                              {u"os_type"_s, u"windows"_s},
                                              {u"last_seen_at"_s, u"2026-01-02T03:04:05.000Z"_s},
                                              {u"activated_at"_s, u"2025-12-01T00:00:00.000Z"_s}},
                                  QJsonObject{{u"activation_id"_s, kSeatB},
                                              {u"device_name"_s, QJsonValue::Null},
                                              {u"os_type"_s, QJsonValue::Null},
                                              {u"last_seen_at"_s, u"2026-02-02T00:00:00.000Z"_s},
                                              {u"activated_at"_s, u"2026-02-01T00:00:00.000Z"_s}}}}};
}

} // namespace

class TestSeatList : public QObject {
    Q_OBJECT

private slots:
    void fromLimitDetails();
    void limitDetailsWithoutSeats_data();
    void limitDetailsWithoutSeats();
    void fromDevicesMarksThisDevice();
};

void TestSeatList::fromLimitDetails()
{
    const auto seats = seatsFromLimitDetails(limitDetails(), kSeatB);
    QVERIFY(seats.has_value());
    QCOMPARE(seats->maxActivations, 2);
    QCOMPARE(seats->used(), 2);
    const Seat &stalest = seats->seats.at(0);
    QCOMPARE(stalest.activationId, kSeatA);
    QCOMPARE(stalest.deviceName, u"Old laptop"_s);
    QCOMPARE(stalest.osType, u"windows"_s);
    QCOMPARE(stalest.activatedAtMs, at(u"2025-12-01T00:00:00Z"));
    QCOMPARE(stalest.lastSeenAtMs, std::optional<std::int64_t>(at(u"2026-01-02T03:04:05Z")));
    QVERIFY(!stalest.thisDevice);
    QVERIFY(seats->seats.at(1).deviceName.isEmpty()); // null → empty
    QVERIFY(seats->seats.at(1).thisDevice);
}

void TestSeatList::limitDetailsWithoutSeats_data()
{
    QTest::addColumn<QJsonObject>("details");
    QTest::newRow("real cloud: none") << QJsonObject{};
    QJsonObject noMax = limitDetails();
    noMax.remove(u"max_activations"_s);
    QTest::newRow("no max_activations") << noMax;
    QJsonObject badSeat = limitDetails();
    badSeat.insert(u"devices"_s, QJsonArray{QJsonObject{{u"device_name"_s, u"x"_s}}});
    QTest::newRow("seat without id") << badSeat;
}

void TestSeatList::limitDetailsWithoutSeats()
{
    QFETCH(QJsonObject, details);
    QVERIFY(!seatsFromLimitDetails(details, {}).has_value());
}

void TestSeatList::fromDevicesMarksThisDevice()
{
    api::LicenseDevices devices;
    devices.maxActivations = 3;
    devices.currentActivations = 2;
    devices.devices = {api::LicenseDevice{kSeatA, u"Desk"_s, u"linux"_s, u"12"_s, u"x86_64"_s, 10, 20},
                       api::LicenseDevice{kSeatB, u"Laptop"_s, u"macos"_s, u"14"_s, u"arm64"_s, 30, 0}};
    const SeatList seats = seatsFromDevices(devices, kSeatA);
    QCOMPARE(seats.maxActivations, 3);
    QCOMPARE(seats.used(), 2);
    QVERIFY(seats.seats.at(0).thisDevice);
    QVERIFY(!seats.seats.at(1).thisDevice);
    QCOMPARE(seats.seats.at(0).osVersion, u"12"_s);
    QCOMPARE(seats.seats.at(0).lastSeenAtMs, std::optional<std::int64_t>(20));
    QVERIFY(!seats.seats.at(1).lastSeenAtMs.has_value());
    QVERIFY(!seatsFromDevices(devices, {}).seats.at(0).thisDevice);
}

QTEST_GUILESS_MAIN(TestSeatList)
#include "test_seat_list.moc"

// Lab 1, handout §2: MAC addresses.
#include "camnet/testing/catch.hpp"

#include "camnet/host/format.hpp"
#include "frame/mac_address.hpp"
#include "frames.hpp"

using namespace camnet;
using camnet::test::mac;

TEST_CASE("a MAC address is read from six hex pairs separated by colons", "[lab1][points:1]") {
  auto parsed = MacAddress::parse("02:00:00:c4:3e:01");
  REQUIRE(parsed.has_value());
  CHECK(*parsed == mac(0x02, 0x00, 0x00, 0xc4, 0x3e, 0x01));
}

TEST_CASE("a MAC address may be written in upper case or with dashes", "[lab1][points:1]") {
  CHECK(MacAddress::parse("00-1B-21-3A-4F-10") == mac(0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x10));
  CHECK(MacAddress::parse("FF:ff:Ff:fF:ff:ff") == MacAddress::broadcast());
}

TEST_CASE("anything but six hex pairs is not a MAC address", "[lab1][points:1]") {
  for (const char* text :
       {"", "02:00:00:c4:3e", "02:00:00:c4:3e:01:", "02:00:00:c4:3e:0g", "0200.00c4.3e01",
        "02:00:00:c4:3e:1", "02:00:00:c4:3e:001", "02 00 00 c4 3e 01", "02:00:00:c4:3e-01x"}) {
    INFO("parsing \"" << text << "\"");
    CHECK_FALSE(MacAddress::parse(text).has_value());
  }
}

TEST_CASE("a MAC address prints as lower-case hex pairs joined by colons", "[lab1][points:1]") {
  CHECK(mac(0x02, 0x00, 0x00, 0xc4, 0x3e, 0x01).text() == "02:00:00:c4:3e:01");
  CHECK(mac(0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x10).text() == "00:1b:21:3a:4f:10");
  CHECK(MacAddress::broadcast().text() == "ff:ff:ff:ff:ff:ff");
  CHECK(fmt::format("{}", mac(0xab, 0xcd, 0xef, 0x01, 0x23, 0x45)) == "ab:cd:ef:01:23:45");
}

TEST_CASE("ff:ff:ff:ff:ff:ff is broadcast, and broadcast is a kind of multicast",
          "[lab1][points:1]") {
  CHECK(MacAddress::broadcast().is_broadcast());
  CHECK(MacAddress::broadcast().is_multicast());
  CHECK_FALSE(MacAddress::broadcast().is_unicast());
  CHECK_FALSE(mac(0xff, 0xff, 0xff, 0xff, 0xff, 0xfe).is_broadcast());
}

TEST_CASE("the lowest bit of the first octet (I/G) makes an address multicast",
          "[lab1][points:1]") {
  // 01:00:5e:... carries IPv4 multicast (RFC 1112); 33:33:... IPv6 multicast (RFC 2464).
  CHECK(mac(0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb).is_multicast());
  CHECK(mac(0x33, 0x33, 0x00, 0x00, 0x00, 0x01).is_multicast());
  CHECK_FALSE(mac(0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb).is_broadcast());
  CHECK_FALSE(mac(0x02, 0x00, 0x00, 0xc4, 0x3e, 0x01).is_multicast());
  CHECK(mac(0x02, 0x00, 0x00, 0xc4, 0x3e, 0x01).is_unicast());
}

TEST_CASE("an OpenMV cam's 02:... address is locally administered (U/L bit set)",
          "[lab1][points:1]") {
  CHECK(mac(0x02, 0x00, 0x00, 0xc4, 0x3e, 0x01).is_locally_administered());
  CHECK(mac(0x52, 0x54, 0x00, 0x12, 0x34, 0x56).is_locally_administered());  // QEMU's default
}

TEST_CASE("a maker's burned-in address is universally administered (U/L bit clear)",
          "[lab1][points:1]") {
  CHECK_FALSE(mac(0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x10).is_locally_administered());
  CHECK_FALSE(mac(0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb).is_locally_administered());
}

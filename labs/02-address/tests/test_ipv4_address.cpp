// Lab 2, handout §2-§4: IPv4 addresses, prefixes and the netmask test.
#include "camnet/testing/catch.hpp"

#include "address/ipv4_address.hpp"

using namespace camnet;

namespace {
Ipv4Address ip(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  return Ipv4Address::from_octets(a, b, c, d);
}
Ipv4Prefix prefix(const char* text) {
  auto p = Ipv4Prefix::parse(text);
  REQUIRE(p.has_value());
  return *p;
}
}  // namespace

TEST_CASE("a dotted quad is read as four octets, most significant first", "[lab2][points:1]") {
  auto parsed = Ipv4Address::parse("192.168.10.42");
  REQUIRE(parsed.has_value());
  CHECK(parsed->value() == 0xc0a80a2au);
  CHECK(Ipv4Address::parse("0.0.0.0") == Ipv4Address(0));
  CHECK(Ipv4Address::parse("255.255.255.255") == Ipv4Address::limited_broadcast());
}

TEST_CASE("anything but four decimal octets from 0 to 255 is not an IPv4 address",
          "[lab2][points:1]") {
  for (const char* text : {"", "192.168.10", "192.168.10.42.1", "192.168.10.256", "192.168.010.42",
                           "192.168.10.-1", " 192.168.10.42", "192.168.10.42 ", "192..10.42",
                           "192.168.10.4a", "1000.1.1.1", "192.168.10.", ".192.168.10"}) {
    INFO("parsing \"" << text << "\"");
    CHECK_FALSE(Ipv4Address::parse(text).has_value());
  }
}

TEST_CASE("an IPv4 address prints as a dotted quad", "[lab2][points:1]") {
  CHECK(ip(192, 168, 10, 42).text() == "192.168.10.42");
  CHECK(ip(0, 0, 0, 0).text() == "0.0.0.0");
  CHECK(ip(255, 255, 255, 255).text() == "255.255.255.255");
  CHECK(ip(10, 0, 2, 15).text() == "10.0.2.15");
}

TEST_CASE("the private ranges of RFC 1918 are 10/8, 172.16/12 and 192.168/16", "[lab2][points:1]") {
  CHECK(ip(10, 0, 0, 1).is_private());
  CHECK(ip(10, 255, 255, 255).is_private());
  CHECK(ip(172, 16, 0, 1).is_private());
  CHECK(ip(172, 31, 255, 254).is_private());
  CHECK_FALSE(ip(172, 32, 0, 1).is_private());
  CHECK_FALSE(ip(172, 15, 255, 255).is_private());
  CHECK(ip(192, 168, 10, 42).is_private());
  CHECK_FALSE(ip(192, 169, 0, 1).is_private());
  CHECK_FALSE(ip(198, 51, 100, 20).is_private());
}

TEST_CASE("loopback, link-local, multicast and the limited broadcast are recognised",
          "[lab2][points:1]") {
  CHECK(ip(127, 0, 0, 1).is_loopback());
  CHECK(ip(127, 255, 0, 9).is_loopback());
  CHECK_FALSE(ip(128, 0, 0, 1).is_loopback());
  CHECK(ip(169, 254, 7, 9).is_link_local());
  CHECK_FALSE(ip(169, 253, 7, 9).is_link_local());
  CHECK(ip(224, 0, 0, 251).is_multicast());
  CHECK(ip(239, 255, 255, 250).is_multicast());
  CHECK_FALSE(ip(240, 0, 0, 1).is_multicast());
  CHECK_FALSE(ip(223, 255, 255, 255).is_multicast());
  CHECK(Ipv4Address::limited_broadcast().is_limited_broadcast());
  CHECK(ip(0, 0, 0, 0).is_unspecified());
}

TEST_CASE("a prefix is read as an address and a length from 0 to 32", "[lab2][points:1]") {
  auto p = Ipv4Prefix::parse("192.168.10.0/24");
  REQUIRE(p.has_value());
  CHECK(p->address() == ip(192, 168, 10, 0));
  CHECK(p->length() == 24);
  CHECK(Ipv4Prefix::parse("10.0.0.1")->length() == 32);
  CHECK(Ipv4Prefix::parse("0.0.0.0/0")->length() == 0);
  for (const char* bad :
       {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/2a", "10.0.0/8", "10.0.0.0/08"}) {
    INFO("parsing \"" << bad << "\"");
    CHECK_FALSE(Ipv4Prefix::parse(bad).has_value());
  }
  CHECK(prefix("192.168.10.42/24").text() == "192.168.10.42/24");
}

TEST_CASE("the netmask of /24 is 255.255.255.0, of /16 255.255.0.0, of /30 255.255.255.252",
          "[lab2][points:2]") {
  CHECK(prefix("192.168.10.0/24").netmask() == ip(255, 255, 255, 0));
  CHECK(prefix("172.16.0.0/16").netmask() == ip(255, 255, 0, 0));
  CHECK(prefix("10.0.0.0/30").netmask() == ip(255, 255, 255, 252));
  CHECK(prefix("10.0.0.0/12").netmask() == ip(255, 240, 0, 0));
}

TEST_CASE("the netmasks of /0 and /32 are all zeros and all ones (no shift by 32)",
          "[lab2][points:2]") {
  CHECK(prefix("0.0.0.0/0").netmask() == ip(0, 0, 0, 0));
  CHECK(prefix("10.1.2.3/32").netmask() == ip(255, 255, 255, 255));
  CHECK(prefix("10.1.2.3/1").netmask() == ip(128, 0, 0, 0));
}

TEST_CASE("network and broadcast addresses of a prefix, from the book's /24, /16 and /30",
          "[lab2][points:2]") {
  Ipv4Prefix camera = prefix("192.168.10.42/24");
  CHECK(camera.network() == ip(192, 168, 10, 0));
  CHECK(camera.broadcast() == ip(192, 168, 10, 255));
  CHECK(camera.usable_hosts() == 254);
  Ipv4Prefix campus = prefix("172.16.5.9/16");
  CHECK(campus.network() == ip(172, 16, 0, 0));
  CHECK(campus.broadcast() == ip(172, 16, 255, 255));
  CHECK(campus.usable_hosts() == 65534);
  Ipv4Prefix link = prefix("10.0.0.5/30");
  CHECK(link.network() == ip(10, 0, 0, 4));
  CHECK(link.broadcast() == ip(10, 0, 0, 7));
  CHECK(link.usable_hosts() == 2);
}

TEST_CASE("a non-canonical prefix keeps its host bits, and network() clears them",
          "[lab2][points:1]") {
  Ipv4Prefix p = prefix("192.168.10.42/24");
  CHECK_FALSE(p.is_canonical());
  CHECK(p.address() == ip(192, 168, 10, 42));
  CHECK(prefix("192.168.10.0/24").is_canonical());
  CHECK(prefix("0.0.0.0/0").is_canonical());
  CHECK(prefix("1.2.3.4/32").is_canonical());
}

TEST_CASE("contains() compares only the network bits", "[lab2][points:2]") {
  Ipv4Prefix camera = prefix("192.168.10.42/24");
  CHECK(camera.contains(ip(192, 168, 10, 1)));
  CHECK(camera.contains(ip(192, 168, 10, 255)));
  CHECK_FALSE(camera.contains(ip(192, 168, 11, 1)));
  CHECK(prefix("0.0.0.0/0").contains(ip(198, 51, 100, 20)));
  CHECK(prefix("10.0.0.7/32").contains(ip(10, 0, 0, 7)));
  CHECK_FALSE(prefix("10.0.0.7/32").contains(ip(10, 0, 0, 6)));
}

TEST_CASE("the netmask test: a neighbour on the network is sent to directly", "[lab2][points:2]") {
  // The book's camera: 192.168.10.42/24, gateway 192.168.10.1.
  Ipv4Prefix camera = prefix("192.168.10.42/24");
  Ipv4Address gateway = ip(192, 168, 10, 1);
  CHECK(next_hop(camera, gateway, ip(192, 168, 10, 20)) == ip(192, 168, 10, 20));
  CHECK(next_hop(camera, gateway, gateway) == gateway);
  CHECK(next_hop(camera, gateway, Ipv4Address::limited_broadcast()) ==
        Ipv4Address::limited_broadcast());
}

TEST_CASE("a multicast group is reached directly, never through the gateway", "[lab2][points:1]") {
  Ipv4Prefix camera = prefix("192.168.10.42/24");
  CHECK(next_hop(camera, ip(192, 168, 10, 1), ip(224, 0, 0, 251)) == ip(224, 0, 0, 251));
}

TEST_CASE("with no gateway (0.0.0.0), a destination off the network has no next hop",
          "[lab2][points:1]") {
  Ipv4Prefix laptop = prefix("192.168.10.20/24");
  CHECK_FALSE(next_hop(laptop, Ipv4Address(0), ip(198, 51, 100, 20)).has_value());
  CHECK(next_hop(laptop, Ipv4Address(0), ip(192, 168, 10, 42)) == ip(192, 168, 10, 42));
}

TEST_CASE("the netmask test: anything off the network goes to the gateway", "[lab2][points:2]") {
  Ipv4Prefix camera = prefix("192.168.10.42/24");
  Ipv4Address gateway = ip(192, 168, 10, 1);
  CHECK(next_hop(camera, gateway, ip(198, 51, 100, 20)) == gateway);
  CHECK(next_hop(camera, gateway, ip(192, 168, 11, 20)) == gateway);
  CHECK(next_hop(prefix("10.0.0.5/30"), ip(10, 0, 0, 6), ip(10, 0, 0, 9)) == ip(10, 0, 0, 6));
}

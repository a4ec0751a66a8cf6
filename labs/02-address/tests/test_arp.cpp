// Lab 2, handout §7: ARP messages (RFC 826), built byte by byte from the RFC's layout.
#include <vector>

#include "camnet/testing/catch.hpp"

#include "address/arp.hpp"

using namespace camnet;

namespace {
const MacAddress camera({0x02, 0x00, 0x00, 0xc4, 0x3e, 0x01});
const MacAddress laptop({0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x10});

// "Who has 192.168.10.42? Tell 192.168.10.20", from the laptop.
std::vector<std::uint8_t> request_bytes() {
  return {0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,           // Ethernet, IPv4, 6, 4, request
          0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x10, 192,  168,  10, 20,   // sender
          0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 192,  168,  10, 42};  // target
}
}  // namespace

TEST_CASE("an ARP request's fields are read from RFC 826's layout", "[lab2][points:2]") {
  auto bytes = request_bytes();
  auto view = ArpView::check(bytes);
  REQUIRE(view.ok());
  CHECK(view->opcode() == arp::opcode_request);
  CHECK(view->sender_mac() == laptop);
  CHECK(view->sender_ip() == Ipv4Address::from_octets(192, 168, 10, 20));
  CHECK(view->target_mac() == MacAddress{});
  CHECK(view->target_ip() == Ipv4Address::from_octets(192, 168, 10, 42));
}

TEST_CASE("an ARP message followed by Ethernet padding still parses", "[lab2][points:1]") {
  auto bytes = request_bytes();
  bytes.resize(46, 0);
  CHECK(ArpView::check(bytes).ok());
}

TEST_CASE("fewer than 28 bytes is a truncated ARP message", "[lab2][points:1]") {
  auto bytes = request_bytes();
  for (std::size_t n : {0, 8, 27}) {
    auto view = ArpView::check(Bytes{bytes.data(), n});
    REQUIRE_FALSE(view.ok());
    CHECK(view.error() == ArpError::truncated);
  }
}

TEST_CASE("ARP for anything but Ethernet and IPv4 is unsupported", "[lab2][points:1]") {
  auto token_ring = request_bytes();
  token_ring[1] = 6;
  auto ipv6 = request_bytes();
  ipv6[2] = 0x86;
  ipv6[3] = 0xdd;
  auto long_hardware = request_bytes();
  long_hardware[4] = 14;  // as in tcpdump's arp-too-long-tha.pcap
  for (auto* bytes : {&token_ring, &ipv6, &long_hardware}) {
    auto view = ArpView::check(*bytes);
    REQUIRE_FALSE(view.ok());
    CHECK(view.error() == ArpError::unsupported);
  }
}

TEST_CASE("an opcode other than request or reply is refused", "[lab2][points:1]") {
  auto bytes = request_bytes();
  bytes[7] = 3;  // RARP request
  auto view = ArpView::check(bytes);
  REQUIRE_FALSE(view.ok());
  CHECK(view.error() == ArpError::bad_opcode);
}

TEST_CASE("emit writes the reply the camera sends, byte for byte", "[lab2][points:2]") {
  ArpMessage reply{arp::opcode_reply, camera, Ipv4Address::from_octets(192, 168, 10, 42), laptop,
                   Ipv4Address::from_octets(192, 168, 10, 20)};
  std::vector<std::uint8_t> out(28);
  auto length = reply.emit(out);
  REQUIRE(length.ok());
  CHECK(*length == 28);
  std::vector<std::uint8_t> expected{0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02, 0x02, 0x00,
                                     0x00, 0xc4, 0x3e, 0x01, 192,  168,  10,   42,   0x00, 0x1b,
                                     0x21, 0x3a, 0x4f, 0x10, 192,  168,  10,   20};
  CHECK(out == expected);
  auto view = ArpView::check(out);
  REQUIRE(view.ok());
  CHECK(ArpMessage::parse(*view) == reply);
}

TEST_CASE("emit into fewer than 28 bytes says no_room", "[lab2][points:1]") {
  std::vector<std::uint8_t> out(27);
  auto length = ArpMessage{}.emit(out);
  REQUIRE_FALSE(length.ok());
  CHECK(length.error() == ArpError::no_room);
}

TEST_CASE("a message whose sender and target address are the same is gratuitous",
          "[lab2][points:1]") {
  ArpMessage announce{arp::opcode_request, camera, Ipv4Address::from_octets(192, 168, 10, 42),
                      MacAddress{}, Ipv4Address::from_octets(192, 168, 10, 42)};
  CHECK(announce.is_gratuitous());
  auto bytes = request_bytes();
  auto view = ArpView::check(bytes);  // a view: the bytes must outlive it
  REQUIRE(view.ok());
  CHECK_FALSE(ArpMessage::parse(*view).is_gratuitous());
}

// Lab 2, handout §5: the IPv4 header (RFC 791). Inputs are built byte by byte from the RFC's
// layout.
#include <vector>

#include "camnet/testing/catch.hpp"

#include "address/ipv4_header.hpp"

using namespace camnet;

namespace {
// 192.168.0.1 -> 192.168.0.199, UDP, Total Length 0x73, DF, TTL 64, checksum 0xb861 (a widely
// published example header), followed by 95 payload bytes 0, 1, 2, ...
std::vector<std::uint8_t> example_datagram() {
  std::vector<std::uint8_t> d{0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
                              0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
  for (int i = 0; i < 0x73 - 20; ++i)
    d.push_back(static_cast<std::uint8_t>(i));
  return d;
}
Ipv4Error error_of(const std::vector<std::uint8_t>& bytes) {
  auto view = Ipv4View::check(bytes);
  REQUIRE_FALSE(view.ok());
  return view.error();
}
}  // namespace

TEST_CASE("every field of an IPv4 header is read from its place in RFC 791's layout",
          "[lab2][points:3]") {
  auto bytes = example_datagram();
  auto view = Ipv4View::check(bytes);
  REQUIRE(view.ok());
  CHECK(view->version() == 4);
  CHECK(view->header_length() == 20);
  CHECK(view->dscp() == 0);
  CHECK(view->total_length() == 0x73);
  CHECK(view->identification() == 0);
  CHECK(view->dont_fragment());
  CHECK_FALSE(view->more_fragments());
  CHECK(view->fragment_offset() == 0);
  CHECK(view->ttl() == 64);
  CHECK(view->protocol() == ip_protocol::udp);
  CHECK(view->checksum() == 0xb861);
  CHECK(view->source() == Ipv4Address::from_octets(192, 168, 0, 1));
  CHECK(view->destination() == Ipv4Address::from_octets(192, 168, 0, 199));
  CHECK(view->payload().size() == 0x73 - 20);
  CHECK(view->payload()[0] == 0);
}

TEST_CASE("the flags and the 13-bit fragment offset share bytes 6 and 7", "[lab2][points:2]") {
  auto bytes = example_datagram();
  bytes[6] = 0x20;  // MF set, DF clear, offset 0x0b9 (185 units = 1480 bytes)
  bytes[7] = 0xb9;
  bytes[10] = bytes[11] = 0;
  // Recompute the checksum by the definition (RFC 1071) so the header stays valid.
  std::uint32_t sum = 0;
  for (int i = 0; i < 20; i += 2)
    sum += (std::uint32_t{bytes[i]} << 8) | bytes[i + 1];
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  bytes[10] = static_cast<std::uint8_t>(~sum >> 8);
  bytes[11] = static_cast<std::uint8_t>(~sum);
  auto view = Ipv4View::check(bytes);
  REQUIRE(view.ok());
  CHECK_FALSE(view->dont_fragment());
  CHECK(view->more_fragments());
  CHECK(view->fragment_offset() == 185);
}

TEST_CASE("Ethernet padding after Total Length is not part of the payload", "[lab2][points:2]") {
  auto bytes = example_datagram();
  bytes.insert(bytes.end(), {0, 0, 0, 0, 0, 0});  // padding the link added
  auto view = Ipv4View::check(bytes);
  REQUIRE(view.ok());
  CHECK(view->payload().size() == 0x73 - 20);
  CHECK(view->datagram().size() == 0x73);
}

TEST_CASE("fewer than 20 bytes is a truncated header", "[lab2][points:1]") {
  auto bytes = example_datagram();
  for (std::size_t n : {0, 1, 19}) {
    INFO(n << " bytes");
    CHECK(error_of({bytes.begin(), bytes.begin() + static_cast<long>(n)}) == Ipv4Error::truncated);
  }
}

TEST_CASE("a version other than 4 is a bad version", "[lab2][points:1]") {
  auto bytes = example_datagram();
  bytes[0] = 0x65;  // version 6
  CHECK(error_of(bytes) == Ipv4Error::bad_version);
}

TEST_CASE("an IHL below 5 is a bad header length", "[lab2][points:1]") {
  auto bytes = example_datagram();
  bytes[0] = 0x44;  // 16 bytes: less than the fixed part of the header
  CHECK(error_of(bytes) == Ipv4Error::bad_header_length);
}

TEST_CASE("an IHL promising more bytes than arrived is a truncated header", "[lab2][points:1]") {
  auto bytes = example_datagram();
  bytes[0] = 0x4f;  // 60 bytes of header
  bytes.resize(40);
  CHECK(error_of(bytes) == Ipv4Error::truncated);
}

TEST_CASE("a Total Length beyond the bytes that arrived is reported as such", "[lab2][points:1]") {
  auto bytes = example_datagram();
  bytes.pop_back();  // one byte short of Total Length
  CHECK(error_of(bytes) == Ipv4Error::total_length_beyond_frame);
}

TEST_CASE("a Total Length shorter than the header is reported as such", "[lab2][points:1]") {
  auto bytes = example_datagram();
  bytes[2] = 0;
  bytes[3] = 0;  // Total Length 0, as in Zeek's ip-bogus-header-len.pcap
  CHECK(error_of(bytes) == Ipv4Error::total_length_too_short);
}

TEST_CASE("a header whose checksum does not add up is a bad checksum", "[lab2][points:2]") {
  auto bytes = example_datagram();
  bytes[8] = 63;  // the TTL changed on the way, the checksum did not
  CHECK(error_of(bytes) == Ipv4Error::bad_checksum);
}

TEST_CASE("emit writes the header that parse reads, with Total Length and checksum computed",
          "[lab2][points:3]") {
  auto bytes = example_datagram();
  auto view = Ipv4View::check(bytes);
  REQUIRE(view.ok());
  Ipv4Header header = Ipv4Header::parse(*view);
  std::vector<std::uint8_t> out(20, 0xee);
  auto length = header.emit(out, 0x73 - 20);
  REQUIRE(length.ok());
  CHECK(*length == 20);
  CHECK(out ==
        std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 20));  // checksum b861 included
}

TEST_CASE("emit writes options and a header length that counts them", "[lab2][points:2]") {
  Ipv4Header header;
  header.protocol = ip_protocol::icmp;
  header.source = Ipv4Address::from_octets(10, 0, 0, 1);
  header.destination = Ipv4Address::from_octets(10, 0, 0, 2);
  header.options_length = 4;
  header.options = {0x01, 0x01, 0x01, 0x00};  // NOP, NOP, NOP, end of options
  std::vector<std::uint8_t> out(24);
  auto length = header.emit(out, 8);
  REQUIRE(length.ok());
  CHECK(*length == 24);
  CHECK(out[0] == 0x46);  // version 4, IHL 6
  std::vector<std::uint8_t> datagram = out;
  datagram.resize(32, 0);
  auto view = Ipv4View::check(datagram);
  REQUIRE(view.ok());
  CHECK(view->options().size() == 4);
  CHECK(Ipv4Header::parse(*view) == header);
}

TEST_CASE("emit into a buffer shorter than the header says no_room", "[lab2][points:1]") {
  Ipv4Header header;
  std::vector<std::uint8_t> out(19);
  auto length = header.emit(out, 0);
  REQUIRE_FALSE(length.ok());
  CHECK(length.error() == Ipv4Error::no_room);
}

TEST_CASE("no length of input makes the IPv4 parser read outside it", "[lab2][points:1]") {
  auto bytes = example_datagram();
  bytes[0] = 0x46;  // claim 24 bytes of header
  for (std::size_t n = 0; n <= bytes.size(); ++n) {
    std::vector<std::uint8_t> exact(bytes.begin(), bytes.begin() + static_cast<long>(n));
    auto view = Ipv4View::check(exact);
    if (view)
      CHECK(view->datagram().size() <= n);
  }
}

// Lab 3, handout §3: ICMP messages (RFC 792), checked, parsed and emitted. The bytes are worked
// out by hand from RFC 792 (the checksum sums are shown), or come from lab 2's captures of Linux's
// ping with tshark's decoding beside them.
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "camnet/testing/catch.hpp"

#include "camnet/host/capture.hpp"
#include "camnet/testing/fields.hpp"
#include "route/icmp.hpp"
#include "router_harness.hpp"

using namespace camnet;
using namespace camnet::test;

namespace {

// An echo request, identifier 0x1234, sequence 1, data "abcd". The checksum (RFC 792: "the 16-bit
// ones's complement of the one's complement sum of the ICMP message starting with the ICMP Type",
// computed with the field zero):
//   0x0800 (type 8, code 0) + 0x1234 + 0x0001 + 0x6162 ("ab") + 0x6364 ("cd") = 0xdefb (no carry)
//   ~0xdefb = 0x2104
const Packet rfc_echo = {0x08, 0x00, 0x21, 0x04, 0x12, 0x34, 0x00, 0x01, 0x61, 0x62, 0x63, 0x64};

// A 28-byte UDP datagram 192.168.10.20:12345 -> 198.51.100.20:33434, TTL 1 (a traceroute probe),
// as an ICMP error quotes it. Its header checksum by hand:
//   0x4500 + 0x001c + 0x0001 + 0x0000 + 0x0111 + 0xc0a8 + 0x0a14 + 0xc633 + 0x6414
//   = 0x13b32 -> fold 0x3b33 -> ~ = 0xc4cc
const Packet probe = {0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x01, 0x11,
                      0xc4, 0xcc, 0xc0, 0xa8, 0x0a, 0x14, 0xc6, 0x33, 0x64, 0x14,
                      0x30, 0x39, 0x82, 0x9a, 0x00, 0x08, 0x00, 0x00};

// Time exceeded (type 11, code 0) quoting the probe. The probe's header sums to 0xffff (it is
// correct), its UDP header to 0x3039 + 0x829a + 0x0008 + 0x0000 = 0xb2db, so:
//   0x0b00 + 0xffff (= +0 in ones' complement) + 0xb2db = 0xbddb -> ~ = 0x4224
Packet time_exceeded_bytes() {
  Packet m = {0x0b, 0x00, 0x42, 0x24, 0x00, 0x00, 0x00, 0x00};
  m.insert(m.end(), probe.begin(), probe.end());
  return m;
}
// Destination unreachable, fragmentation needed (3, 4), next-hop MTU 1400 = 0x0578 in bytes 6-7
// (RFC 1191), quoting the probe: 0x0304 + 0x0578 + 0xffff + 0xb2db = 0xbb57 -> ~ = 0x44a8
Packet frag_needed_bytes() {
  Packet m = {0x03, 0x04, 0x44, 0xa8, 0x00, 0x00, 0x05, 0x78};
  m.insert(m.end(), probe.begin(), probe.end());
  return m;
}

}  // namespace

TEST_CASE("an echo request worked by hand from RFC 792 checks and reads back", "[lab3][points:2]") {
  auto view = IcmpView::check(rfc_echo);
  REQUIRE(view.ok());
  CHECK(view->type() == icmp::echo_request);
  CHECK(view->code() == 0);
  CHECK(view->checksum() == 0x2104);
  CHECK(view->identifier() == 0x1234);
  CHECK(view->sequence() == 1);
  CHECK(view->rest_of_header() == 0x12340001u);
  CHECK(Packet(view->data().begin(), view->data().end()) == Packet{'a', 'b', 'c', 'd'});
  CHECK(view->message().size() == 12);
}

TEST_CASE("emitting the RFC 792 echo request writes the same bytes and checksum",
          "[lab3][points:2]") {
  Packet out(12, 0xee);
  Packet data = {'a', 'b', 'c', 'd'};
  auto length = IcmpHeader::echo_request(0x1234, 1).emit(out, data);
  REQUIRE(length.ok());
  CHECK(*length == 12);
  CHECK(out == rfc_echo);
}

TEST_CASE("an ICMP message shorter than its 8-byte header is truncated", "[lab3][points:1]") {
  for (std::size_t n = 0; n < 8; ++n) {
    auto view = IcmpView::check(Bytes{rfc_echo}.first(n));
    INFO("a message of " << n << " bytes");
    REQUIRE_FALSE(view.ok());
    CHECK(view.error() == IcmpError::truncated);
  }
  CHECK(IcmpView::check(Bytes{rfc_echo}.first(8)).error() == IcmpError::bad_checksum);
}

TEST_CASE("the ICMP checksum covers the data, not only the header", "[lab3][points:2]") {
  Packet broken = rfc_echo;
  broken[11] ^= 0x01;  // "abcd" -> "abce": only the data changes
  auto view = IcmpView::check(broken);
  REQUIRE_FALSE(view.ok());
  CHECK(view.error() == IcmpError::bad_checksum);
  broken = rfc_echo;
  broken[2] = 0x21;
  broken[3] = 0x05;
  CHECK(IcmpView::check(broken).error() == IcmpError::bad_checksum);
}

TEST_CASE("an ICMP message with an odd number of bytes sums its last byte as a high byte",
          "[lab3][points:2]") {
  // Echo request id 0, seq 0, data "a": 0x0800 + 0x6100 (the odd byte padded with a zero after
  // it, RFC 1071) = 0x6900 -> ~ = 0x96ff
  Packet odd = {0x08, 0x00, 0x96, 0xff, 0, 0, 0, 0, 'a'};
  CHECK(IcmpView::check(odd).ok());
  Packet out(9);
  auto length = IcmpHeader::echo_request(0, 0).emit(out, Packet{'a'});
  REQUIRE(length.ok());
  CHECK(out == odd);
}

TEST_CASE("time exceeded quotes the datagram that expired, worked by hand", "[lab3][points:2]") {
  Packet bytes = time_exceeded_bytes();
  auto view = IcmpView::check(bytes);
  REQUIRE(view.ok());
  CHECK(view->type() == icmp::time_exceeded);
  CHECK(view->code() == icmp::exceeded::ttl);
  CHECK(view->rest_of_header() == 0);
  CHECK(Packet(view->data().begin(), view->data().end()) == probe);
  CHECK(IcmpHeader::parse(*view).is_error());

  Packet out(bytes.size());
  auto length = IcmpHeader::time_exceeded(icmp::exceeded::ttl).emit(out, probe);
  REQUIRE(length.ok());
  CHECK(*length == 36);
  CHECK(out == bytes);
}

TEST_CASE("fragmentation needed carries the next-hop MTU in bytes 6-7 (RFC 1191)",
          "[lab3][points:2]") {
  Packet bytes = frag_needed_bytes();
  auto view = IcmpView::check(bytes);
  REQUIRE(view.ok());
  CHECK(view->type() == icmp::destination_unreachable);
  CHECK(view->code() == icmp::unreachable::fragmentation_needed);
  CHECK(view->next_hop_mtu() == 1400);
  IcmpHeader header = IcmpHeader::parse(*view);
  CHECK(header.next_hop_mtu() == 1400);
  CHECK(header == IcmpHeader::destination_unreachable(4, 1400));

  Packet out(bytes.size());
  REQUIRE(IcmpHeader::destination_unreachable(icmp::unreachable::fragmentation_needed, 1400)
              .emit(out, probe)
              .ok());
  CHECK(out == bytes);
}

TEST_CASE("emit refuses a buffer too small for the header and the data", "[lab3][points:1]") {
  Packet out(11);
  auto length = IcmpHeader::echo_request(0x1234, 1).emit(out, Packet{'a', 'b', 'c', 'd'});
  REQUIRE_FALSE(length.ok());
  CHECK(length.error() == IcmpError::no_room);
  Packet tiny(7);
  CHECK(IcmpHeader::echo_request(1, 1).emit(tiny, {}).error() == IcmpError::no_room);
}

TEST_CASE("emit accepts data already in place after the header", "[lab3][points:1]") {
  Packet out = {0, 0, 0, 0, 0, 0, 0, 0, 'a', 'b', 'c', 'd'};
  auto length = IcmpHeader::echo_request(0x1234, 1).emit(out, Bytes{out}.subspan(8));
  REQUIRE(length.ok());
  CHECK(out == rfc_echo);
}

TEST_CASE("the error types are the ones RFC 1812 forbids answering", "[lab3][points:1]") {
  for (int type = 0; type < 256; ++type) {
    bool error = type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
    INFO("type " << type);
    CHECK(icmp::is_error(static_cast<std::uint8_t>(type)) == error);
  }
  CHECK(std::string(icmp::type_name(0)) == "echo reply");
  CHECK(std::string(icmp::type_name(11)) == "time exceeded");
  CHECK(icmp::type_name(42) == nullptr);
  CHECK(std::string(to_string(IcmpError::bad_checksum)) == "bad checksum");
}

TEST_CASE("Linux's echo requests and replies from lab 2's capture parse as tshark decodes them",
          "[lab3][points:3]") {
  namespace fs = std::filesystem;
  const fs::path captures = fs::path(CAMNET_LAB_DIR) / ".." / "02-address" / "captures";
  auto table = camnet::testing::TsharkTable::load((captures / "ping-on-link.tshark.tsv").string());
  host::CaptureReader reader((captures / "ping-on-link.pcap").string());
  // tshark's Info column: "Echo (ping) request  id=0x6d99, seq=1/256, ttl=64".
  const std::regex info(R"(Echo \(ping\) (request|reply) +id=0x([0-9a-f]+), seq=(\d+)/)");
  std::vector<Packet> request_data;
  int echoes = 0;
  std::size_t row = 0;
  while (auto record = reader.next()) {
    Packet frame(record->bytes.begin(), record->bytes.end());
    std::string text = table.at(row++, "_ws.col.Info");
    std::smatch m;
    if (!std::regex_search(text, m, info))
      continue;
    INFO("frame " << row << ": " << text);
    Packet message = Out{frame}.payload();
    auto view = IcmpView::check(message);
    REQUIRE(view.ok());
    bool request = m[1] == "request";
    CHECK(view->type() == (request ? icmp::echo_request : icmp::echo_reply));
    CHECK(view->code() == 0);
    CHECK(view->identifier() == std::stoul(m[2], nullptr, 16));
    CHECK(view->sequence() == std::stoul(m[3]));
    CHECK(view->data().size() == 56);  // ping's default: 84 - 20 - 8
    Packet data(view->data().begin(), view->data().end());
    if (request) {
      request_data.push_back(data);
    } else {
      REQUIRE_FALSE(request_data.empty());
      CHECK(data == request_data.back());  // a reply carries the request's data unchanged
    }
    // Emitting what was parsed gives Linux's bytes back, checksum included.
    Packet out(message.size());
    REQUIRE(IcmpHeader::parse(*view).emit(out, view->data()).ok());
    CHECK(out == message);
    ++echoes;
  }
  CHECK(echoes == 6);  // frames 3-8 of the README's table
}

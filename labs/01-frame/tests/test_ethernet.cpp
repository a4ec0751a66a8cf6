// Lab 1, handout §3-§6: Ethernet II frames, VLAN tags, padding and the FCS.
// Every input is built byte by byte (frames.hpp) from the layout in IEEE 802.3 and 802.1Q.
#include <optional>
#include <vector>

#include <fmt/format.h>
#include "camnet/testing/catch.hpp"

#include "frame/ethernet.hpp"
#include "frames.hpp"

using namespace camnet;
using camnet::test::frame;
using camnet::test::mac;
using camnet::test::Tag;
using camnet::test::textbook_crc32;

namespace {
const MacAddress camera = mac(0x02, 0x00, 0x00, 0xc4, 0x3e, 0x01);
const MacAddress laptop = mac(0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x10);

// The 60-byte ARP-typed broadcast from the camera, payload 0..45, and its FCS: 0x6bc71ab6 by
// Python's zlib.crc32 (an independent CRC-32), sent least significant byte first.
std::vector<std::uint8_t> frame_with_fcs() {
  std::vector<std::uint8_t> f = frame(MacAddress::broadcast(), camera, 0x0806, 46);
  f.insert(f.end(), {0xb6, 0x1a, 0xc7, 0x6b});
  return f;
}

// The rule the runt tests check, printed when one fails.
const char* const runt_rule =
    "the rule (handout §6): with Fcs::present, a frame shorter than Ethernet's minimum of 64 "
    "bytes, its 4-byte FCS included (60 without it), is a runt; with Fcs::absent it is not";

// What check() says about `bytes`: its error, or std::nullopt if it accepts them. A failed check
// then prints what check() said ("std::nullopt == FrameError::runt"), not only "false".
std::optional<FrameError> error_of(const std::vector<std::uint8_t>& bytes, Fcs fcs) {
  auto view = EthernetView::check(bytes, fcs);
  if (view.ok())
    return std::nullopt;
  return view.error();
}
}  // namespace

TEST_CASE("the addresses and EtherType are read from the first 14 bytes of an untagged frame",
          "[lab1][points:2]") {
  auto bytes = frame(laptop, camera, 0x0800, 46);
  auto view = EthernetView::check(bytes);
  REQUIRE(view.ok());
  CHECK(view->destination() == laptop);
  CHECK(view->source() == camera);
  CHECK(view->tag_count() == 0);
  CHECK(view->ethertype() == 0x0800);
  CHECK(view->header_size() == 14);
}

TEST_CASE("the payload is everything after the 14-byte header", "[lab1][points:1]") {
  auto bytes = frame(laptop, camera, 0x0800, 46);
  auto view = EthernetView::check(bytes);
  REQUIRE(view.ok());
  REQUIRE(view->payload().size() == 46);
  CHECK(view->payload().data() == bytes.data() + 14);
}

TEST_CASE("a frame shorter than its 14-byte header is truncated", "[lab1][points:1]") {
  auto bytes = frame(laptop, camera, 0x0800, 0);
  for (std::size_t length : {0, 1, 6, 12, 13}) {
    INFO("a frame of " << length << " bytes");
    auto view = EthernetView::check(Bytes{bytes.data(), length});
    REQUIRE_FALSE(view.ok());
    CHECK(view.error() == FrameError::truncated);
  }
  CHECK(EthernetView::check(Bytes{bytes.data(), 14}).ok());  // a header and an empty payload
}

TEST_CASE("an 802.1Q tag's TCI splits into priority, drop eligible and VLAN id",
          "[lab1][points:2]") {
  // TCI 0xb00a = 101 1 000000001010: priority 5, DEI 1, VLAN 10.
  auto bytes = frame(laptop, camera, 0x0800, 42, {Tag{0x8100, 0xb00a}});
  auto view = EthernetView::check(bytes);
  REQUIRE(view.ok());
  REQUIRE(view->tag_count() == 1);
  VlanTag tag = view->tag(0);
  CHECK(tag.tpid == 0x8100);
  CHECK(tag.priority == 5);
  CHECK(tag.drop_eligible);
  CHECK(tag.vlan_id == 10);
  CHECK(view->ethertype() == 0x0800);  // the type after the tag, not the tag's TPID
  CHECK(view->header_size() == 18);
  CHECK(view->payload().size() == 42);
}

TEST_CASE("the largest VLAN id, 4095, and priority 7 survive the split", "[lab1][points:1]") {
  auto bytes = frame(laptop, camera, 0x0806, 42, {Tag{0x8100, 0xefff}});  // 111 0 111111111111
  auto view = EthernetView::check(bytes);
  REQUIRE(view.ok());
  CHECK(view->tag(0).priority == 7);
  CHECK_FALSE(view->tag(0).drop_eligible);
  CHECK(view->tag(0).vlan_id == 4095);
}

TEST_CASE("stacked 802.1ad and 802.1Q tags are both read, outer tag first", "[lab1][points:2]") {
  auto bytes = frame(laptop, camera, 0x0806, 38, {Tag{0x88a8, 0x0064}, Tag{0x8100, 0x0014}});
  auto view = EthernetView::check(bytes);
  REQUIRE(view.ok());
  REQUIRE(view->tag_count() == 2);
  CHECK(view->tag(0).tpid == 0x88a8);
  CHECK(view->tag(0).vlan_id == 100);
  CHECK(view->tag(1).tpid == 0x8100);
  CHECK(view->tag(1).vlan_id == 20);
  CHECK(view->ethertype() == 0x0806);
  CHECK(view->header_size() == 22);
}

TEST_CASE("two 0x8100 tags (old-style Q-in-Q) are read as two tags", "[lab1][points:1]") {
  auto bytes = frame(laptop, camera, 0x0800, 38, {Tag{0x8100, 0x0001}, Tag{0x8100, 0x0002}});
  auto view = EthernetView::check(bytes);
  REQUIRE(view.ok());
  CHECK(view->tag_count() == 2);
  CHECK(view->tag(1).vlan_id == 2);
}

TEST_CASE("a third tag is not part of the header: it shows as the EtherType", "[lab1][points:1]") {
  auto bytes = frame(laptop, camera, 0x0800, 30,
                     {Tag{0x88a8, 0x0001}, Tag{0x8100, 0x0002}, Tag{0x8100, 0x0003}});
  auto view = EthernetView::check(bytes);
  REQUIRE(view.ok());
  CHECK(view->tag_count() == 2);
  CHECK(view->ethertype() == 0x8100);
}

TEST_CASE("a frame that ends inside a tag or before the type after it is truncated",
          "[lab1][points:2]") {
  auto bytes = frame(laptop, camera, 0x0806, 0, {Tag{0x88a8, 0x0064}, Tag{0x8100, 0x0014}});
  REQUIRE(bytes.size() == 22);
  for (std::size_t length = 14; length < 22; ++length) {
    INFO("the first " << length << " bytes of a frame with two tags");
    auto view = EthernetView::check(Bytes{bytes.data(), length});
    REQUIRE_FALSE(view.ok());
    CHECK(view.error() == FrameError::truncated);
  }
}

TEST_CASE("no length of input makes the parser read outside it", "[lab1][points:1]") {
  // Every prefix of a double-tagged frame, in a buffer of exactly that size (the sanitizer build
  // stops the test on any read past the end).
  auto bytes = frame(laptop, camera, 0x0806, 50, {Tag{0x88a8, 0x0064}, Tag{0x8100, 0x0014}});
  for (std::size_t length = 0; length <= bytes.size(); ++length) {
    std::vector<std::uint8_t> exact(bytes.begin(), bytes.begin() + static_cast<long>(length));
    for (Fcs fcs : {Fcs::absent, Fcs::present}) {
      auto view = EthernetView::check(exact, fcs);
      if (view.ok()) {
        CHECK(view->payload().size() + view->header_size() <= length);
      }
    }
  }
}

TEST_CASE("a frame whose FCS matches its bytes checks out, and the payload stops before the FCS",
          "[lab1][points:2]") {
  auto bytes = frame_with_fcs();
  auto view = EthernetView::check(bytes, Fcs::present);
  REQUIRE(view.ok());
  CHECK(view->fcs() == 0x6bc71ab6u);
  CHECK(view->payload().size() == 46);
}

TEST_CASE("a frame whose FCS does not match its bytes is a bad FCS", "[lab1][points:2]") {
  auto bytes = frame_with_fcs();
  bytes[20] ^= 0x01;  // one bit flipped on the way
  auto view = EthernetView::check(bytes, Fcs::present);
  REQUIRE_FALSE(view.ok());
  CHECK(view.error() == FrameError::bad_fcs);
}

TEST_CASE("with an FCS, a frame of under 64 bytes is a runt", "[lab1][points:1]") {
  INFO(runt_rule);
  for (std::size_t payload : {28, 45}) {  // an unpadded ARP frame, and one byte short of 64
    auto bytes = frame(MacAddress::broadcast(), camera, 0x0806, payload);
    bytes.insert(bytes.end(), {0, 0, 0, 0});
    INFO("this frame: " << bytes.size() << " bytes with its FCS, so check(bytes, Fcs::present) "
                        << "must say runt");
    CHECK(error_of(bytes, Fcs::present) == FrameError::runt);
  }
  INFO("this frame: exactly 64 bytes with its FCS (a right one): the minimum, not a runt");
  CHECK(error_of(frame_with_fcs(), Fcs::present) == std::nullopt);
}

TEST_CASE("without an FCS, a short frame is accepted: captures show frames before padding",
          "[lab1][points:1]") {
  INFO(runt_rule);
  auto bytes = frame(MacAddress::broadcast(), camera, 0x0806, 28);
  INFO("this frame: " << bytes.size() << " bytes and no FCS. Captures show frames before the "
                      << "network card pads them, so with Fcs::absent only truncated applies");
  CHECK(error_of(bytes, Fcs::absent) == std::nullopt);
}

TEST_CASE("with an FCS, a frame over 1518 bytes is oversize, and each tag allows 4 more",
          "[lab1][points:2]") {
  auto fits = frame(laptop, camera, 0x0800, 1500);  // 1514 + FCS = 1518
  fits.insert(fits.end(), {0, 0, 0, 0});
  auto too_big = frame(laptop, camera, 0x0800, 1501);
  too_big.insert(too_big.end(), {0, 0, 0, 0});
  auto tagged = frame(laptop, camera, 0x0800, 1500, {Tag{0x8100, 1}});  // 1522 with FCS: allowed
  tagged.insert(tagged.end(), {0, 0, 0, 0});

  auto big = EthernetView::check(too_big, Fcs::present);
  REQUIRE_FALSE(big.ok());
  CHECK(big.error() == FrameError::oversize);
  // The others pass the size checks; their zero FCS is then wrong.
  CHECK(EthernetView::check(fits, Fcs::present).error() == FrameError::bad_fcs);
  CHECK(EthernetView::check(tagged, Fcs::present).error() == FrameError::bad_fcs);
}

TEST_CASE("a header written by emit reads back as the same header", "[lab1][points:2]") {
  EthernetHeader header;
  header.destination = laptop;
  header.source = camera;
  header.tag_count = 2;
  header.tags[0] = VlanTag{0x88a8, 3, true, 100};
  header.tags[1] = VlanTag{0x8100, 5, false, 20};
  header.ethertype = 0x0800;
  std::array<std::uint8_t, 22> out{};
  REQUIRE(header.emit(out));
  auto expected = frame(laptop, camera, 0x0800, 0, {Tag{0x88a8, 0x7064}, Tag{0x8100, 0xa014}});
  CHECK(std::vector<std::uint8_t>(out.begin(), out.end()) == expected);
  auto view = EthernetView::check(out);
  REQUIRE(view.ok());
  CHECK(EthernetHeader::parse(*view) == header);
}

TEST_CASE("emit refuses a buffer shorter than the header", "[lab1][points:1]") {
  EthernetHeader header;
  header.ethertype = 0x0800;
  std::array<std::uint8_t, 13> out{};
  CHECK_FALSE(header.emit(out));
}

TEST_CASE("a short frame is padded with zeros to 60 bytes", "[lab1][points:2]") {
  EthernetHeader header{MacAddress::broadcast(), camera, {}, 0, 0x0806};
  std::vector<std::uint8_t> payload(28, 0xaa);  // an ARP message is 28 bytes
  std::array<std::uint8_t, 100> out{};
  out.fill(0xee);
  auto length = emit_frame(header, payload, out);
  REQUIRE(length.ok());
  CHECK(*length == 60);
  for (std::size_t i = 14 + 28; i < 60; ++i) {
    INFO("byte " << i);
    CHECK(out[i] == 0);
  }
  CHECK(out[60] == 0xee);  // nothing written past the frame
}

TEST_CASE("a frame already 60 bytes or longer is not padded", "[lab1][points:1]") {
  EthernetHeader header{laptop, camera, {}, 0, 0x0800};
  std::vector<std::uint8_t> payload(100, 0xaa);
  std::array<std::uint8_t, 200> out{};
  auto length = emit_frame(header, payload, out);
  REQUIRE(length.ok());
  CHECK(*length == 114);
}

TEST_CASE("emit with an FCS appends the CRC-32 of the padded frame, least significant byte first",
          "[lab1][points:2]") {
  EthernetHeader header{MacAddress::broadcast(), camera, {}, 0, 0x0806};
  std::vector<std::uint8_t> payload(46);
  for (std::size_t i = 0; i < payload.size(); ++i)
    payload[i] = static_cast<std::uint8_t>(i);
  std::array<std::uint8_t, 64> out{};
  auto length = emit_frame(header, payload, out, Fcs::present);
  REQUIRE(length.ok());
  CHECK(*length == 64);
  CHECK(std::vector<std::uint8_t>(out.begin(), out.end()) == frame_with_fcs());
}

TEST_CASE("a short frame emitted with an FCS carries the CRC-32 of all 60 padded bytes",
          "[lab1][points:2]") {
  // Handout §6: the FCS covers everything from the destination address to the end of the
  // padding. A 28-byte ARP message makes a 42-byte frame, padded with zeros to 60, then the FCS.
  EthernetHeader header{MacAddress::broadcast(), camera, {}, 0, 0x0806};
  std::vector<std::uint8_t> payload(28, 0xaa);
  std::array<std::uint8_t, 64> out{};
  auto length = emit_frame(header, payload, out, Fcs::present);
  REQUIRE(length.ok());
  CHECK(*length == 64);

  // The expected frame, byte by byte: header, payload, 18 zeros, and the FCS of those 60 bytes
  // by the tests' own CRC-32 (itself checked against the standard's check value first).
  REQUIRE(textbook_crc32({'1', '2', '3', '4', '5', '6', '7', '8', '9'}) == 0xCBF43926u);
  std::vector<std::uint8_t> unpadded = frame(MacAddress::broadcast(), camera, 0x0806, 0);
  unpadded.insert(unpadded.end(), payload.begin(), payload.end());
  std::vector<std::uint8_t> padded = unpadded;
  padded.resize(60, 0);
  std::uint32_t fcs = textbook_crc32(padded);
  std::uint32_t sent = 0;  // the FCS goes least significant byte first
  for (int i = 3; i >= 0; --i)
    sent = (sent << 8) | out[60 + static_cast<std::size_t>(i)];
  INFO(
      fmt::format("the CRC-32 of the 60 padded bytes is {:#010x}; of the 42 bytes before the "
                  "padding, {:#010x}",
                  fcs, textbook_crc32(unpadded)));
  CHECK(sent == fcs);
  std::vector<std::uint8_t> expected = padded;
  for (int i = 0; i < 4; ++i)
    expected.push_back(static_cast<std::uint8_t>(fcs >> (8 * i)));
  CHECK(std::vector<std::uint8_t>(out.begin(), out.end()) == expected);
}

TEST_CASE("emit into a buffer too small for the padded frame says no_room", "[lab1][points:1]") {
  EthernetHeader header{MacAddress::broadcast(), camera, {}, 0, 0x0806};
  std::vector<std::uint8_t> payload(28);
  std::array<std::uint8_t, 59> out{};  // the padded frame needs 60
  auto length = emit_frame(header, payload, out);
  REQUIRE_FALSE(length.ok());
  CHECK(length.error() == FrameError::no_room);
}

TEST_CASE("encapsulate puts the header in front of a packet buffer's payload and pads it",
          "[lab1][points:1]") {
  std::vector<std::uint8_t> payload(28, 0xaa);
  PacketBuffer buffer{payload};
  EthernetHeader header{MacAddress::broadcast(), camera, {}, 0, 0x0806};
  REQUIRE(encapsulate(header, buffer));
  CHECK(buffer.size() == 60);
  auto view = EthernetView::check(buffer.bytes());
  REQUIRE(view.ok());
  CHECK(view->source() == camera);
  CHECK(view->payload()[0] == 0xaa);
}

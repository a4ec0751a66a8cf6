// Lab 1, handout §7: ports and link state.
#include "camnet/testing/catch.hpp"

#include "camnet/memory_link.hpp"
#include "frame/port.hpp"
#include "frames.hpp"

using namespace camnet;
using camnet::test::frame;
using camnet::test::mac;

namespace {
const std::vector<std::uint8_t> a_frame =
    frame(MacAddress::broadcast(), mac(2, 0, 0, 0, 0, 1), 0x0806);
}

TEST_CASE("a frame sent on a link that is up arrives and is counted as sent", "[lab1][points:1]") {
  MemoryWire wire;
  Port port{wire.station(0)};
  CHECK(port.send(a_frame) == SendStatus::sent);
  CHECK(port.counters().tx_frames == 1);
  CHECK(port.counters().tx_dropped == 0);
  CHECK(wire.station(1).receive().has_value());
}

TEST_CASE("a frame sent on a down link is counted as dropped, not lost silently",
          "[lab1][points:2]") {
  MemoryWire wire;
  Port port{wire.station(0)};
  wire.set_up(false);
  CHECK(port.send(a_frame) == SendStatus::link_down);
  CHECK(port.send(a_frame) == SendStatus::link_down);
  CHECK(port.counters().tx_dropped == 2);
  CHECK(port.counters().tx_frames == 0);
}

TEST_CASE("a frame the link refuses for another reason is counted as dropped too",
          "[lab1][points:1]") {
  MemoryMedium<2, 1> wire;  // the far end holds one frame; a second does not fit...
  Port port{wire.station(0)};
  // ...but a full inbox is the receiver's loss, not the sender's: the send itself succeeds.
  CHECK(port.send(a_frame) == SendStatus::sent);
  CHECK(port.send(a_frame) == SendStatus::sent);
  std::vector<std::uint8_t> huge(PacketBuffer::max_size + 1, 0);
  CHECK(port.send(huge) == SendStatus::too_big);
  CHECK(port.counters().tx_frames == 2);
  CHECK(port.counters().tx_dropped == 1);
}

TEST_CASE("a port reports its link coming up, going down and coming back, once each",
          "[lab1][points:2]") {
  MemoryWire wire;
  Port port{wire.station(0)};
  CHECK_FALSE(port.is_up());  // nothing seen yet
  CHECK(port.poll_link() == LinkChange::went_up);
  CHECK(port.is_up());
  CHECK(port.poll_link() == LinkChange::none);
  wire.set_up(false);
  CHECK(port.poll_link() == LinkChange::went_down);
  CHECK(port.poll_link() == LinkChange::none);
  CHECK_FALSE(port.is_up());
  wire.set_up(true);
  CHECK(port.poll_link() == LinkChange::went_up);
  CHECK(port.counters().link_changes == 3);
}

TEST_CASE("a port that has not yet noticed its link went down still refuses to send on it",
          "[lab1][points:1]") {
  MemoryWire wire;
  Port port{wire.station(0)};
  REQUIRE(port.poll_link() == LinkChange::went_up);
  wire.set_up(false);  // no poll_link() since
  CHECK(port.send(a_frame) == SendStatus::link_down);
  CHECK(port.counters().tx_dropped == 1);
}

// How lab 1's types print in a failed check (tests/printers.hpp). Not a lab test: it grades
// nothing and calls none of the lab's code but the given to_string(), so it passes on either track.
// The expected strings are written out by hand: they are what a student reads under
// "with expansion:".
#include <optional>
#include <string>

#include "camnet/testing/catch.hpp"

#include "frame/ethernet.hpp"
#include "frame/learning_switch.hpp"
#include "frame/port.hpp"

using Catch::Detail::stringify;
using namespace camnet;

namespace {
const MacAddress camera({0x02, 0x00, 0x00, 0xc4, 0x3e, 0x01});
}

TEST_CASE("a failed check prints a MAC address as six hex octets", "[common]") {
  CHECK(stringify(camera) == "02:00:00:c4:3e:01");
  CHECK(stringify(MacAddress::broadcast()) == "ff:ff:ff:ff:ff:ff");
  CHECK(stringify(MacAddress{}) == "00:00:00:00:00:00");
  CHECK(stringify(std::optional<MacAddress>{camera}) == "02:00:00:c4:3e:01");
  CHECK(stringify(std::optional<MacAddress>{}) == "std::nullopt");
}

TEST_CASE("a failed check prints lab 1's enums by their names in the code", "[common]") {
  CHECK(stringify(FrameError::truncated) == "FrameError::truncated");
  CHECK(stringify(FrameError::runt) == "FrameError::runt");
  CHECK(stringify(FrameError::oversize) == "FrameError::oversize");
  CHECK(stringify(FrameError::bad_fcs) == "FrameError::bad_fcs");
  CHECK(stringify(FrameError::no_room) == "FrameError::no_room");
  CHECK(stringify(Fcs::absent) == "Fcs::absent");
  CHECK(stringify(Fcs::present) == "Fcs::present");
  CHECK(stringify(LinkChange::none) == "LinkChange::none");
  CHECK(stringify(LinkChange::went_up) == "LinkChange::went_up");
  CHECK(stringify(LinkChange::went_down) == "LinkChange::went_down");
}

TEST_CASE("every FrameError the stack has a name for has a printed name", "[common]") {
  camnet::testing::check_every_named_value_prints<FrameError>();
}

TEST_CASE("a failed check prints a frame's result, header and tags field by field", "[common]") {
  Result<std::size_t, FrameError> length = std::size_t{60};
  Result<std::size_t, FrameError> runt = fail(FrameError::runt);
  CHECK(stringify(length) == "ok: 60");
  CHECK(stringify(runt) == "error: FrameError::runt");

  VlanTag tag{0x8100, 5, true, 10};
  CHECK(stringify(tag) == "{ tpid 0x8100, priority 5, drop_eligible true, vlan_id 10 }");
  EthernetHeader header{MacAddress::broadcast(), camera, {tag}, 1, 0x0806};
  CHECK(stringify(header) ==
        "{ destination ff:ff:ff:ff:ff:ff, source 02:00:00:c4:3e:01, "
        "tags [{ tpid 0x8100, priority 5, drop_eligible true, vlan_id 10 }], ethertype 0x0806 }");
  CHECK(stringify(MacTableEntry{camera, 2, Timestamp{1500}}) ==
        "{ address 02:00:00:c4:3e:01, port 2, last_seen 1.500 s }");
}

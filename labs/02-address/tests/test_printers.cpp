// How lab 2's types print in a failed check (tests/printers.hpp). Not a lab test: it grades
// nothing and calls none of the lab's code but the given to_string() functions, so it passes on
// either track. The expected strings are written out by hand.
#include <optional>
#include <string>

#include "camnet/testing/catch.hpp"

#include "address/arp.hpp"
#include "address/ipv4_address.hpp"
#include "address/ipv4_header.hpp"
#include "address/network_interface.hpp"

using Catch::Detail::stringify;
using namespace camnet;

namespace {
const MacAddress camera_mac({0x02, 0x00, 0x00, 0xc4, 0x3e, 0x01});
const Ipv4Address camera_ip = Ipv4Address::from_octets(192, 168, 10, 42);
}  // namespace

TEST_CASE("a failed check prints an IPv4 address as a dotted quad", "[common]") {
  CHECK(stringify(camera_ip) == "192.168.10.42");
  CHECK(stringify(Ipv4Address{}) == "0.0.0.0");
  CHECK(stringify(Ipv4Address(0xffffffffu)) == "255.255.255.255");
  CHECK(stringify(std::optional<Ipv4Address>{}) == "std::nullopt");
}

TEST_CASE("a failed check prints a prefix with its address as given, host bits and all",
          "[common]") {
  CHECK(stringify(Ipv4Prefix(camera_ip, 24)) == "192.168.10.42/24");
  CHECK(stringify(Ipv4Prefix()) == "0.0.0.0/0");
}

TEST_CASE("a failed check prints lab 2's errors by their names in the code", "[common]") {
  CHECK(stringify(Ipv4Error::truncated) == "Ipv4Error::truncated");
  CHECK(stringify(Ipv4Error::bad_version) == "Ipv4Error::bad_version");
  CHECK(stringify(Ipv4Error::bad_header_length) == "Ipv4Error::bad_header_length");
  CHECK(stringify(Ipv4Error::total_length_too_short) == "Ipv4Error::total_length_too_short");
  CHECK(stringify(Ipv4Error::total_length_beyond_frame) == "Ipv4Error::total_length_beyond_frame");
  CHECK(stringify(Ipv4Error::bad_checksum) == "Ipv4Error::bad_checksum");
  CHECK(stringify(Ipv4Error::no_room) == "Ipv4Error::no_room");
  CHECK(stringify(ArpError::truncated) == "ArpError::truncated");
  CHECK(stringify(ArpError::unsupported) == "ArpError::unsupported");
  CHECK(stringify(ArpError::bad_opcode) == "ArpError::bad_opcode");
  CHECK(stringify(ArpError::no_room) == "ArpError::no_room");
  Result<std::size_t, Ipv4Error> bad = fail(Ipv4Error::bad_checksum);
  CHECK(stringify(bad) == "error: Ipv4Error::bad_checksum");
}

TEST_CASE("every Ipv4Error and ArpError the stack has a name for has a printed name", "[common]") {
  camnet::testing::check_every_named_value_prints<Ipv4Error>();
  camnet::testing::check_every_named_value_prints<ArpError>();
}

TEST_CASE("a failed check prints an ARP message, an IPv4 header and a neighbour field by field",
          "[common]") {
  ArpMessage request{1, camera_mac, camera_ip, MacAddress{}, Ipv4Address::from_octets(10, 0, 0, 1)};
  CHECK(stringify(request) ==
        "{ opcode 1, sender_mac 02:00:00:c4:3e:01, sender_ip 192.168.10.42, "
        "target_mac 00:00:00:00:00:00, target_ip 10.0.0.1 }");
  Ipv4Header header;
  header.identification = 0x1234;
  header.dont_fragment = true;
  header.protocol = 17;
  header.source = camera_ip;
  header.destination = Ipv4Address::from_octets(10, 0, 0, 1);
  header.options_length = 4;
  header.options[0] = 0x94;
  header.options[1] = 0x04;
  CHECK(stringify(header) ==
        "{ dscp 0, ecn 0, identification 0x1234, dont_fragment true, more_fragments false, "
        "fragment_offset 0, ttl 64, protocol 17, source 192.168.10.42, destination 10.0.0.1, "
        "options 4 bytes: 94 04 00 00 }");
  CHECK(stringify(Neighbour{camera_ip, camera_mac, Timestamp{30'000}}) ==
        "{ ip 192.168.10.42, mac 02:00:00:c4:3e:01, learned 30.000 s }");
}

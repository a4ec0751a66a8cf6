// How lab 3's types print in a failed check (tests/printers.hpp). Not a lab test: it grades
// nothing and calls none of the lab's code but the given to_string() functions, so it passes on
// either track. The expected strings are written out by hand.
#include <optional>
#include <string>

#include "camnet/testing/catch.hpp"

#include "route/icmp.hpp"
#include "route/nat.hpp"
#include "route/router.hpp"
#include "route/routing_table.hpp"

using Catch::Detail::stringify;
using namespace camnet;

namespace {
const Ipv4Address camera = Ipv4Address::from_octets(192, 168, 10, 42);
const Ipv4Address server = Ipv4Address::from_octets(198, 51, 100, 20);
}  // namespace

TEST_CASE("a failed check prints lab 3's enums by their names in the code", "[common]") {
  CHECK(stringify(RouteError::table_full) == "RouteError::table_full");
  CHECK(stringify(RouteError::not_found) == "RouteError::not_found");
  CHECK(stringify(IcmpError::truncated) == "IcmpError::truncated");
  CHECK(stringify(IcmpError::bad_checksum) == "IcmpError::bad_checksum");
  CHECK(stringify(IcmpError::no_room) == "IcmpError::no_room");
  CHECK(stringify(RouterError::too_many_interfaces) == "RouterError::too_many_interfaces");
  CHECK(stringify(RouterError::bad_mtu) == "RouterError::bad_mtu");
  CHECK(stringify(RouterError::table_full) == "RouterError::table_full");
  CHECK(stringify(NatVerdict::translated) == "NatVerdict::translated");
  CHECK(stringify(NatVerdict::malformed) == "NatVerdict::malformed");
  CHECK(stringify(NatVerdict::fragment) == "NatVerdict::fragment");
  CHECK(stringify(NatVerdict::unsupported) == "NatVerdict::unsupported");
  CHECK(stringify(NatVerdict::unsolicited) == "NatVerdict::unsolicited");
  CHECK(stringify(NatVerdict::table_full) == "NatVerdict::table_full");
  CHECK(stringify(NatVerdict::no_public_address) == "NatVerdict::no_public_address");
  CHECK(stringify(NatVerdict::not_for_public_address) == "NatVerdict::not_for_public_address");
}

TEST_CASE("every lab 3 enum value the stack has a name for has a printed name", "[common]") {
  // to_string() gives "?" (RouteError: "unknown routing table error") for a value that is no
  // enumerator.
  camnet::testing::check_every_named_value_prints<RouteError>("unknown routing table error");
  camnet::testing::check_every_named_value_prints<IcmpError>();
  camnet::testing::check_every_named_value_prints<RouterError>();
  camnet::testing::check_every_named_value_prints<NatVerdict>();
}

TEST_CASE("a failed check prints routes, ICMP headers and NAT flows field by field", "[common]") {
  Route route{Ipv4Prefix(Ipv4Address::from_octets(10, 0, 0, 0), 8), camera, 1, 0};
  CHECK(stringify(route) == "{ prefix 10.0.0.0/8, next_hop 192.168.10.42, interface 1, metric 0 }");
  CHECK(stringify(std::optional<Route>{}) == "std::nullopt");
  Result<Route, RouteError> full = fail(RouteError::table_full);
  CHECK(stringify(full) == "error: RouteError::table_full");
  CHECK(stringify(IcmpHeader{8, 0, 0x12340001u}) == "{ type 8, code 0, rest 0x12340001 }");
  NatMapping flow{17, camera, 5000, 5001, server, 53, std::chrono::seconds(30)};
  CHECK(stringify(flow) ==
        "{ protocol 17, inside 192.168.10.42:5000, public_port 5001, remote 198.51.100.20:53, "
        "remaining 30.000 s }");
  CHECK(stringify(NatPortForward{6, 8080, camera, 80}) ==
        "{ protocol 6, public_port 8080, inside 192.168.10.42:80 }");
}

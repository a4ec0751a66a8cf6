// The router configuration file (tools/route/router_config.hpp): what it accepts, and one line
// naming the file, the line and the reason for every mistake.
#include <filesystem>
#include <fstream>
#include <string>

#include "camnet/testing/catch.hpp"

#include "camnet/testing/process.hpp"
#include "router_config.hpp"

using camnet::replay::ConfigError;
using camnet::replay::parse_router_config;
using camnet::replay::RouterConfig;

namespace {

const std::string two_interfaces =
    "interface if0 mac 02:00:00:00:01:00 address 10.0.0.1/24 mtu 1500\n"
    "interface if1 mac 02:00:00:00:01:01 address 192.0.2.1/30\n";

// The message parsing `text` (as r1.conf) fails with.
std::string error_of(const std::string& text) {
  try {
    parse_router_config(text, "r1.conf");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("every lab 3 capture's router.conf reads as the router Linux had", "[tool]") {
  for (const char* s : {"ping-through", "traceroute", "ttl-expired", "unreachable", "nat-udp",
                        "nat-tcp", "fragmentation"}) {
    INFO(s);
    std::filesystem::path file = std::filesystem::path(CAMNET_LAB3_CAPTURES) / s / "router.conf";
    RouterConfig c = camnet::replay::load_router_config(file.string());
    REQUIRE(c.interfaces.size() == 2);
    CHECK(c.interfaces[0].name == "if0");
    CHECK(c.interfaces[0].address.value() == 0x0a000001);  // 10.0.0.1
    CHECK(c.interfaces[0].prefix_length == 24);
    CHECK(c.interfaces[1].address.value() == 0xc0000201);  // 192.0.2.1
    CHECK(c.interfaces[1].prefix_length == 30);
    CHECK(c.interfaces[1].mac.octets()[5] == 0x01);
    CHECK(c.interfaces[1].mtu == (std::string(s) == "fragmentation" ? 1000u : 1500u));
    REQUIRE(c.routes.size() == 1);
    CHECK(c.routes[0].network.value() == 0xc6336400);  // 198.51.100.0
    CHECK(c.routes[0].prefix_length == 24);
    CHECK(c.routes[0].via->value() == 0xc0000202);  // 192.0.2.2
    CHECK(c.routes[0].interface == 1);
    bool nat = std::string(s).rfind("nat-", 0) == 0;
    REQUIRE(c.nat.has_value() == nat);
    if (nat)
      CHECK(c.nat->interface == 1);
  }
}

TEST_CASE("a configuration with every statement, comments and blank lines reads", "[tool]") {
  RouterConfig c = parse_router_config(two_interfaces +
                                           "\n"
                                           "  # the way out\n"
                                           "route default via 192.0.2.2 dev if1 metric 10\n"
                                           "route 172.16.0.0/12 dev if0   # on-link\n"
                                           "nat masquerade dev if1\n"
                                           "forward tcp 8080 to 10.0.0.42:80 dev if1\n"
                                           "forward udp 5000 to 10.0.0.42:5000 dev if1\n",
                                       "r1.conf");
  REQUIRE(c.routes.size() == 2);
  CHECK(c.routes[0].prefix_length == 0);
  CHECK(c.routes[0].metric == 10);
  CHECK_FALSE(c.routes[1].via.has_value());
  CHECK(c.routes[1].interface == 0);
  CHECK(c.routes[1].line == 6);
  REQUIRE(c.nat.has_value());
  REQUIRE(c.nat->forwards.size() == 2);
  CHECK(c.nat->forwards[0].protocol == 6);
  CHECK(c.nat->forwards[0].public_port == 8080);
  CHECK(c.nat->forwards[0].inside_address.value() == 0x0a00002a);
  CHECK(c.nat->forwards[0].inside_port == 80);
  CHECK(c.nat->forwards[1].protocol == 17);
  CHECK(c.interfaces[1].mtu == 1500);  // the default
}

TEST_CASE("each mistake in a configuration is one line naming the file, the line and the reason",
          "[tool]") {
  const std::string i2 = two_interfaces;
  struct Case {
    std::string text;
    std::string error;
  };
  const Case cases[] = {
      {"", "r1.conf: no interface lines: a router needs at least one"},
      {"# nothing\n\n", "r1.conf: no interface lines: a router needs at least one"},
      {"bridge br0\n",
       "r1.conf:1: unknown statement 'bridge' (expected interface, route, nat or forward)"},
      {"interface\n",
       "r1.conf:1: the interface has no name (usage: interface NAME mac MAC address A.B.C.D/N "
       "[mtu N])"},
      {"interface if/0 mac 02:00:00:00:01:00 address 10.0.0.1/24\n",
       "r1.conf:1: 'if/0' is not an interface name (letters, digits, '-', '_', '.'; at most 15 "
       "characters)"},
      {"interface if0 address 10.0.0.1/24\n",
       "r1.conf:1: expected 'mac' where 'address' is (usage: interface NAME mac MAC address "
       "A.B.C.D/N [mtu N])"},
      {"interface if0 mac\n", "r1.conf:1: 'mac' needs a MAC address (aa:bb:cc:dd:ee:ff) after it"},
      {"interface if0 mac 02:00:00:00:01 address 10.0.0.1/24\n",
       "r1.conf:1: '02:00:00:00:01' is not a MAC address (aa:bb:cc:dd:ee:ff)"},
      {"interface if0 mac 01:00:5e:00:00:01 address 10.0.0.1/24\n",
       "r1.conf:1: 01:00:5e:00:00:01 is a group (multicast) address: an interface needs a unicast "
       "MAC"},
      {"interface if0 mac 02:00:00:00:01:00\n",
       "r1.conf:1: 'address' is missing (usage: interface NAME mac MAC address A.B.C.D/N [mtu "
       "N])"},
      {"interface if0 mac 02:00:00:00:01:00 address 10.0.0.1\n",
       "r1.conf:1: '10.0.0.1' is not an address with a prefix length (A.B.C.D/N)"},
      {"interface if0 mac 02:00:00:00:01:00 address 10.0.0.256/24\n",
       "r1.conf:1: '10.0.0.256/24' is not an address with a prefix length (A.B.C.D/N)"},
      {"interface if0 mac 02:00:00:00:01:00 address 10.0.0.1/31\n",
       "r1.conf:1: prefix length /31 leaves no room for hosts: an interface needs /1 to /30"},
      {"interface if0 mac 02:00:00:00:01:00 address 10.0.0.255/24\n",
       "r1.conf:1: 10.0.0.255/24 is the broadcast address of its network, not a host's"},
      {"interface if0 mac 02:00:00:00:01:00 address 10.0.0.1/24 mtu 9000\n",
       "r1.conf:1: MTU '9000' is out of range: 68 (RFC 791's minimum) to 1500 (an Ethernet "
       "payload)"},
      {"interface if0 mac 02:00:00:00:01:00 address 10.0.0.1/24 mtu 1500 up\n",
       "r1.conf:1: unexpected 'up' at the end (usage: interface NAME mac MAC address A.B.C.D/N "
       "[mtu N])"},
      {i2 + "interface if0 mac 02:00:00:00:01:02 address 172.16.0.1/24\n",
       "r1.conf:3: interface 'if0' is already defined on line 1"},
      {i2 + "interface if2 mac 02:00:00:00:01:02 address 10.0.0.2/16\n",
       "r1.conf:3: 10.0.0.2/16 overlaps the network of interface 'if0' (10.0.0.1/24, line 1)"},
      {i2 + "interface if2 mac 02:00:00:00:01:02 address 172.16.0.1/24\n"
            "interface if3 mac 02:00:00:00:01:03 address 172.17.0.1/24\n"
            "interface if4 mac 02:00:00:00:01:04 address 172.18.0.1/24\n",
       "r1.conf:5: too many interfaces: a router has at most 4"},
      {i2 + "route 198.51.100.0/24 via 192.0.2.2 dev if9\n",
       "r1.conf:3: unknown interface 'if9' (interfaces so far: if0, if1)"},
      {"route default via 192.0.2.2 dev if1\n",
       "r1.conf:1: unknown interface 'if1' (interfaces so far: none)"},
      {i2 + "route 198.51.100.5/24 via 192.0.2.2 dev if1\n",
       "r1.conf:3: 198.51.100.5/24 has host bits set (the network is 198.51.100.0/24)"},
      {i2 + "route 198.51.100/24 via 192.0.2.2 dev if1\n",
       "r1.conf:3: '198.51.100/24' is not a destination prefix (A.B.C.D/N, or default)"},
      {i2 + "route 198.51.100.0/24 via 192.0.2 dev if1\n",
       "r1.conf:3: gateway '192.0.2' is not an IPv4 address (A.B.C.D)"},
      {i2 + "route 198.51.100.0/24 via 192.0.2.2\n",
       "r1.conf:3: 'dev' is missing (usage: route PREFIX via A.B.C.D dev NAME [metric N], or route "
       "PREFIX dev NAME [metric N])"},
      {i2 + "route 198.51.100.0/24 via 10.0.0.9 dev if1\n",
       "r1.conf:3: gateway 10.0.0.9 is not on if1's network 192.0.2.0/30 (a gateway must be a "
       "neighbour)"},
      {i2 + "route 198.51.100.0/24 via 192.0.2.1 dev if1\n",
       "r1.conf:3: gateway 192.0.2.1 is if1's own address"},
      {i2 + "route 198.51.100.0/24 via 192.0.2.2 dev if1 metric -1\n",
       "r1.conf:3: metric '-1' is not a number (0 to 4294967295)"},
      {i2 + "route 10.0.0.0/24 dev if0\n",
       "r1.conf:3: 10.0.0.0/24 is already the directly attached route of interface 'if0' (line 1)"},
      {i2 + "route default via 192.0.2.2 dev if1\nroute 0.0.0.0/0 via 10.0.0.2 dev if0\n",
       "r1.conf:4: a route for 0.0.0.0/0 is already given on line 3 (the table keeps one route "
       "per prefix)"},
      {i2 + "route default via 192.0.2.2 dev if1 onlink\n",
       "r1.conf:3: unexpected 'onlink' at the end (usage: route PREFIX via A.B.C.D dev NAME "
       "[metric "
       "N], or route PREFIX dev NAME [metric N])"},
      {i2 + "nat snat dev if1\n",
       "r1.conf:3: expected 'masquerade' where 'snat' is (usage: nat masquerade dev NAME)"},
      {i2 + "nat masquerade dev if2\n",
       "r1.conf:3: unknown interface 'if2' (interfaces so far: if0, if1)"},
      {i2 + "nat masquerade dev if1\nnat masquerade dev if0\n",
       "r1.conf:4: a NAT is already set up on line 3 (one NAT per router)"},
      {i2 + "forward tcp 8080 to 10.0.0.42:80 dev if1\n",
       "r1.conf:3: no NAT on 'if1' to forward from (a 'nat masquerade dev if1' line must come "
       "first)"},
      {i2 + "nat masquerade dev if1\nforward icmp 1 to 10.0.0.42:1 dev if1\n",
       "r1.conf:4: protocol 'icmp' cannot be forwarded: udp or tcp"},
      {i2 + "nat masquerade dev if1\nforward tcp 0 to 10.0.0.42:80 dev if1\n",
       "r1.conf:4: public port '0' is not a port (1 to 65535)"},
      {i2 + "nat masquerade dev if1\nforward tcp 8080 to 10.0.0.42 dev if1\n",
       "r1.conf:4: '10.0.0.42' is not an inside address and port (A.B.C.D:PORT)"},
      {i2 + "nat masquerade dev if1\nforward tcp 8080 to 10.0.0.42:80 dev if0\n",
       "r1.conf:4: no NAT on 'if0' to forward from (a 'nat masquerade dev if0' line must come "
       "first)"},
      {i2 + "nat masquerade dev if1\nforward tcp 8080 to 10.0.0.42:80 dev if1\n"
            "forward tcp 8080 to 10.0.0.43:80 dev if1\n",
       "r1.conf:5: tcp port 8080 is already forwarded on line 4"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(error_of(c.text) == c.error);
  }
}

TEST_CASE("a configuration file that is missing or not text is refused with one line", "[tool]") {
  std::string dir = camnet::testing::scratch_dir();
  CHECK_THROWS_WITH(camnet::replay::load_router_config(dir + "/nowhere.conf"),
                    dir + "/nowhere.conf: no such file (the router configuration)");
  std::string binary = dir + "/binary.conf";
  std::ofstream(binary, std::ios::binary).write("\x00\x01\x02", 3);
  CHECK_THROWS_WITH(camnet::replay::load_router_config(binary),
                    binary + ": not a text file (it holds NUL bytes)");
}

// Lab 2, handout §8: the network interface and its ARP cache. Each test narrates its steps
// (interface_harness.hpp); a failure prints them before the check that failed.
#include "camnet/testing/catch.hpp"

#include "interface_harness.hpp"

using namespace camnet;
using namespace camnet::test;

namespace {
const auto request = arp::opcode_request;
const auto reply = arp::opcode_reply;

std::vector<std::uint8_t> reply_from(int host, MacAddress to = camera_mac,
                                     Ipv4Address to_ip = camera_ip) {
  return arp_frame(reply, to, host_mac(host), host_ip(host), to, to_ip);
}
}  // namespace

TEST_CASE("a datagram to an unknown neighbour broadcasts one ARP request for it",
          "[lab2][points:3]") {
  InterfaceBench bench;
  bench.send(datagram(camera_ip, host_ip(20)), host_ip(20));
  auto sent = bench.sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].is_arp());
  CHECK(sent[0].destination() == MacAddress::broadcast());
  CHECK(sent[0].arp_opcode() == request);
  CHECK(sent[0].arp_sender_mac() == camera_mac);
  CHECK(sent[0].arp_sender_ip() == camera_ip);
  CHECK(sent[0].arp_target_mac() == MacAddress{});
  CHECK(sent[0].arp_target_ip() == host_ip(20));
  CHECK(bench.interface().counters().arp_requests_sent == 1);
}

TEST_CASE("the waiting datagram goes out, to the MAC in the reply, when the reply arrives",
          "[lab2][points:3]") {
  InterfaceBench bench;
  auto d = datagram(camera_ip, host_ip(20), 30);
  bench.send(d, host_ip(20));
  bench.sent();
  bench.pass(100ms);
  bench.arrives(reply_from(20), "192.168.10.20 is at 52:54:00:00:0a:14");
  auto sent = bench.sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].destination() == host_mac(20));
  CHECK(sent[0].source() == camera_mac);
  CHECK(sent[0].type() == 0x0800);
  auto payload = sent[0].payload();
  CHECK(std::vector<std::uint8_t>(payload.begin(), payload.begin() + static_cast<long>(d.size())) ==
        d);
  CHECK(bench.interface().lookup(host_ip(20)) == host_mac(20));
}

TEST_CASE("a datagram to a neighbour in the cache is sent at once, with no ARP",
          "[lab2][points:2]") {
  InterfaceBench bench;
  bench.send(datagram(camera_ip, host_ip(20)), host_ip(20));
  bench.arrives(reply_from(20), "192.168.10.20 is at 52:54:00:00:0a:14");
  bench.sent();
  bench.send(datagram(camera_ip, host_ip(20)), host_ip(20));
  auto sent = bench.sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type() == 0x0800);
  CHECK(sent[0].destination() == host_mac(20));
  CHECK(bench.interface().counters().arp_requests_sent == 1);
}

TEST_CASE("short frames the interface sends are padded to 60 bytes", "[lab2][points:1]") {
  InterfaceBench bench;
  bench.send(datagram(camera_ip, host_ip(20)), host_ip(20));
  auto sent = bench.sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].bytes.size() == 60);  // 14 + 28 bytes of ARP, padded
}

TEST_CASE("a second datagram for the same address within 5 s is queued without a second request",
          "[lab2][points:3]") {
  InterfaceBench bench;
  bench.send(datagram(camera_ip, host_ip(20), 8, 1), host_ip(20));
  bench.pass(4999ms);
  bench.send(datagram(camera_ip, host_ip(20), 8, 2), host_ip(20));
  CHECK(bench.sent().size() == 1);  // only the first request
  bench.arrives(reply_from(20), "192.168.10.20 is at 52:54:00:00:0a:14");
  auto sent = bench.sent();
  REQUIRE(sent.size() == 2);  // both datagrams, in the order they were sent
  CHECK(sent[0].payload()[20] == 1);
  CHECK(sent[1].payload()[20] == 2);
}

TEST_CASE("5 s without a reply drop the waiting datagrams and count them", "[lab2][points:3]") {
  InterfaceBench bench;
  bench.send(datagram(camera_ip, host_ip(99)), host_ip(99));
  bench.send(datagram(camera_ip, host_ip(99)), host_ip(99));
  bench.pass(4999ms);
  CHECK(bench.interface().counters().dropped_unresolved == 0);
  bench.pass(1ms);
  CHECK(bench.interface().counters().dropped_unresolved == 2);
  bench.sent();  // the request
  bench.arrives(reply_from(99), "a late reply: 192.168.10.99 is at 52:54:00:00:0a:63");
  CHECK(bench.sent().empty());  // nothing was still waiting
}

TEST_CASE("after a failed resolution the next datagram asks again", "[lab2][points:2]") {
  InterfaceBench bench;
  bench.send(datagram(camera_ip, host_ip(99)), host_ip(99));
  bench.pass(5s);
  bench.sent();
  bench.send(datagram(camera_ip, host_ip(99)), host_ip(99));
  auto sent = bench.sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].is_arp());
  CHECK(bench.interface().counters().arp_requests_sent == 2);
}

TEST_CASE("a learned mapping is used for 29.999 s and forgotten at 30 s", "[lab2][points:3]") {
  InterfaceBench bench;
  bench.send(datagram(camera_ip, host_ip(20)), host_ip(20));
  bench.arrives(reply_from(20), "192.168.10.20 is at 52:54:00:00:0a:14");
  bench.pass(29999ms);
  CHECK(bench.interface().lookup(host_ip(20)) == host_mac(20));
  bench.pass(1ms);
  CHECK_FALSE(bench.interface().lookup(host_ip(20)).has_value());
  bench.sent();
  bench.send(datagram(camera_ip, host_ip(20)), host_ip(20));
  auto sent = bench.sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].is_arp());
}

TEST_CASE("a refreshed ARP mapping lives 30 s from the refresh", "[lab2][points:2]") {
  // Handout §8: a mapping is used for 30 s from when it was last learned; hearing it again
  // (here a request from the neighbour for the camera's address) learns it again.
  InterfaceBench bench;
  bench.send(datagram(camera_ip, host_ip(20)), host_ip(20));
  bench.arrives(reply_from(20), "192.168.10.20 is at 52:54:00:00:0a:14");
  bench.pass(20s);
  bench.arrives(arp_frame(request, MacAddress::broadcast(), host_mac(20), host_ip(20), MacAddress{},
                          camera_ip),
                "who has 192.168.10.42? tell 192.168.10.20 (52:54:00:00:0a:14): the mapping, "
                "heard again");
  bench.pass(29999ms);  // 49.999 s after it was first learned, 29.999 s after the refresh
  CHECK(bench.interface().lookup(host_ip(20)) == host_mac(20));
  bench.pass(1ms);  // 30 s after the refresh
  CHECK(bench.interface().lookup(host_ip(20)) == std::nullopt);
}

TEST_CASE(
    "an ARP request for the interface's address is answered straight back, and the asker learned",
    "[lab2][points:3]") {
  InterfaceBench bench;
  bench.arrives(arp_frame(request, MacAddress::broadcast(), host_mac(20), host_ip(20), MacAddress{},
                          camera_ip),
                "who has 192.168.10.42? tell 192.168.10.20");
  auto sent = bench.sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].destination() == host_mac(20));
  CHECK(sent[0].arp_opcode() == reply);
  CHECK(sent[0].arp_sender_mac() == camera_mac);
  CHECK(sent[0].arp_sender_ip() == camera_ip);
  CHECK(sent[0].arp_target_mac() == host_mac(20));
  CHECK(sent[0].arp_target_ip() == host_ip(20));
  CHECK(bench.interface().lookup(host_ip(20)) == host_mac(20));
  CHECK(bench.interface().counters().arp_replies_sent == 1);
}

TEST_CASE("an ARP request for another address is not answered and teaches nothing",
          "[lab2][points:2]") {
  InterfaceBench bench;
  bench.arrives(arp_frame(request, MacAddress::broadcast(), host_mac(20), host_ip(20), MacAddress{},
                          host_ip(77)),
                "who has 192.168.10.77? tell 192.168.10.20");
  CHECK(bench.sent().empty());
  CHECK(bench.interface().cache_size() == 0);
}

TEST_CASE("an ARP probe (sender 0.0.0.0, RFC 5227) is never learned into the cache",
          "[lab2][points:1]") {
  // RFC 5227 2.1.1: a host checking that an address is free before it takes it asks with a
  // request whose sender IPv4 address is 0.0.0.0 (it has none yet). Handout §8: never learn
  // 0.0.0.0, even from a request for the interface's own address.
  InterfaceBench bench;
  bench.arrives(arp_frame(request, MacAddress::broadcast(), host_mac(20), Ipv4Address{},
                          MacAddress{}, camera_ip),
                "an ARP probe from 52:54:00:00:0a:14: who has 192.168.10.42? tell 0.0.0.0");
  CHECK(bench.interface().lookup(Ipv4Address{}) == std::nullopt);
  CHECK(bench.interface().cache_size() == 0);
}

TEST_CASE("a flood of ARP replies nobody asked for leaves the cache as it was",
          "[lab2][points:2]") {
  InterfaceBench bench;
  for (int i = 0; i < 500; ++i) {
    MacAddress mac(
        {0x52, 0x54, 0x01, 0x00, static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)});
    Ipv4Address ip(0x0a000000u + static_cast<std::uint32_t>(i));
    bench.interface().receive(
        arp_frame(reply, MacAddress::broadcast(), mac, ip, MacAddress::broadcast(), ip));
  }
  bench.story.step("500 unsolicited ARP replies arrive, each for a different address");
  CHECK(bench.interface().cache_size() == 0);
  CHECK(bench.sent().empty());
}

TEST_CASE("a flood of requests from different askers keeps the cache within its bound",
          "[lab2][points:2]") {
  InterfaceBench bench;
  for (int i = 0; i < 500; ++i) {
    MacAddress mac(
        {0x52, 0x54, 0x02, 0x00, static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)});
    Ipv4Address ip(0xc0a80000u + static_cast<std::uint32_t>(i));
    bench.interface().receive(
        arp_frame(request, MacAddress::broadcast(), mac, ip, MacAddress{}, camera_ip));
    bench.interface().tick(1ms);
  }
  bench.story.step("500 hosts each ask for 192.168.10.42, 1 ms apart");
  CHECK(bench.interface().cache_size() == NetworkInterface::cache_capacity);
  CHECK(bench.interface().counters().arp_replies_sent == 500);
}

TEST_CASE("a full cache replaces the mapping learned longest ago", "[lab2][points:2]") {
  InterfaceBench bench;
  for (std::size_t i = 0; i < NetworkInterface::cache_capacity; ++i) {
    int host = 100 + static_cast<int>(i);
    bench.interface().receive(arp_frame(request, MacAddress::broadcast(), host_mac(host),
                                        host_ip(host), MacAddress{}, camera_ip));
    bench.interface().tick(1ms);
  }
  bench.story.step(
      "32 hosts, 192.168.10.100 to .131, ask for the camera 1 ms apart: the cache is full");
  bench.arrives(arp_frame(request, MacAddress::broadcast(), host_mac(20), host_ip(20), MacAddress{},
                          camera_ip),
                "who has 192.168.10.42? tell 192.168.10.20");
  CHECK(bench.interface().cache_size() == NetworkInterface::cache_capacity);
  CHECK_FALSE(bench.interface().lookup(host_ip(100)).has_value());
  CHECK(bench.interface().lookup(host_ip(101)) == host_mac(101));
  CHECK(bench.interface().lookup(host_ip(20)) == host_mac(20));
}

TEST_CASE("a reply from a known neighbour with a new MAC updates the mapping", "[lab2][points:1]") {
  InterfaceBench bench;
  bench.send(datagram(camera_ip, host_ip(20)), host_ip(20));
  bench.arrives(reply_from(20), "192.168.10.20 is at 52:54:00:00:0a:14");
  MacAddress replaced({0x52, 0x54, 0x00, 0x99, 0x99, 0x99});
  bench.arrives(arp_frame(reply, MacAddress::broadcast(), replaced, host_ip(20),
                          MacAddress::broadcast(), host_ip(20)),
                "a gratuitous reply: 192.168.10.20 is now at 52:54:00:99:99:99");
  CHECK(bench.interface().lookup(host_ip(20)) == replaced);
}

TEST_CASE("one neighbour's queue holds 4 datagrams, and more are dropped and counted",
          "[lab2][points:2]") {
  InterfaceBench bench;
  for (int i = 0; i < 6; ++i)
    bench.send(datagram(camera_ip, host_ip(20)), host_ip(20));
  CHECK(bench.interface().counters().dropped_queue_full == 2);
  bench.sent();
  bench.arrives(reply_from(20), "192.168.10.20 is at 52:54:00:00:0a:14");
  CHECK(bench.sent().size() == NetworkInterface::queue_per_neighbour);
}

TEST_CASE("at most 8 neighbours are resolved at once, and a 9th datagram is dropped and counted",
          "[lab2][points:1]") {
  InterfaceBench bench;
  for (int i = 0; i < 9; ++i)
    bench.send(datagram(camera_ip, host_ip(50 + i)), host_ip(50 + i));
  CHECK(bench.sent().size() == NetworkInterface::max_resolving);
  CHECK(bench.interface().counters().dropped_queue_full == 1);
}

TEST_CASE("a datagram to the broadcast address is sent to ff:ff:ff:ff:ff:ff without ARP",
          "[lab2][points:1]") {
  InterfaceBench bench;
  bench.send(datagram(camera_ip, Ipv4Address::limited_broadcast()),
             Ipv4Address::limited_broadcast());
  bench.send(datagram(camera_ip, host_ip(255)),
             host_ip(255));  // 192.168.10.255: the directed broadcast
  auto sent = bench.sent();
  REQUIRE(sent.size() == 2);
  for (const Sent& s : sent) {
    CHECK(s.destination() == MacAddress::broadcast());
    CHECK(s.type() == 0x0800);
  }
}

TEST_CASE("a datagram to a multicast group goes to its 01:00:5e MAC without ARP",
          "[lab2][points:1]") {
  // RFC 1112 section 6.4: 01:00:5e followed by the group's low 23 bits. 224.0.0.251 -> 01:00:5e:00:00:fb;
  // 239.129.2.3 -> 01:00:5e:01:02:03 (bit 23 of the group is dropped).
  InterfaceBench bench;
  bench.send(datagram(camera_ip, Ipv4Address::from_octets(224, 0, 0, 251)),
             Ipv4Address::from_octets(224, 0, 0, 251));
  bench.send(datagram(camera_ip, Ipv4Address::from_octets(239, 129, 2, 3)),
             Ipv4Address::from_octets(239, 129, 2, 3));
  auto sent = bench.sent();
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].destination() == MacAddress({0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb}));
  CHECK(sent[1].destination() == MacAddress({0x01, 0x00, 0x5e, 0x01, 0x02, 0x03}));
  CHECK(bench.interface().counters().arp_requests_sent == 0);
}

TEST_CASE("on a /31 link, the peer's address is a host, not a broadcast", "[lab2][points:1]") {
  // RFC 3021: a /31 has two hosts and no broadcast address.
  MemoryMedium<2, 64> wire;
  Port port(wire.station(0));
  NetworkInterface interface(port, camera_mac, *Ipv4Prefix::parse("10.0.0.0/31"));
  interface.send_datagram(
      datagram(Ipv4Address::from_octets(10, 0, 0, 0), Ipv4Address::from_octets(10, 0, 0, 1)),
      Ipv4Address::from_octets(10, 0, 0, 1));
  auto sent = wire.station(1).receive();
  REQUIRE(sent.has_value());
  CHECK(load_u16(sent->bytes().data() + 12) == 0x0806);  // an ARP request for the peer
}

TEST_CASE("a datagram for the interface's MAC is passed up without the Ethernet padding",
          "[lab2][points:2]") {
  InterfaceBench bench;
  auto d = datagram(host_ip(20), camera_ip, 4);  // 24 bytes: the frame carries 22 bytes of padding
  bench.arrives(ethernet_frame(camera_mac, host_mac(20), 0x0800, d),
                "an IPv4 datagram from 192.168.10.20");
  auto up = bench.interface().pop_datagram();
  REQUIRE(up.has_value());
  CHECK(std::vector<std::uint8_t>(up->bytes().begin(), up->bytes().end()) == d);
  CHECK_FALSE(bench.interface().pop_datagram().has_value());
}

TEST_CASE("a frame for another MAC is ignored", "[lab2][points:2]") {
  InterfaceBench bench;
  bench.arrives(
      ethernet_frame(host_mac(30), host_mac(20), 0x0800, datagram(host_ip(20), host_ip(30))),
      "a datagram from .20 to .30's MAC");
  bench.arrives(
      arp_frame(request, host_mac(30), host_mac(20), host_ip(20), MacAddress{}, camera_ip),
      "an ARP request for the camera, sent to another station's MAC");
  CHECK_FALSE(bench.interface().pop_datagram().has_value());
  CHECK(bench.sent().empty());
  CHECK(bench.interface().counters().ignored == 2);
}

TEST_CASE("a tagged (802.1Q) frame is ignored and counted: the interface takes untagged frames",
          "[lab2][points:1]") {
  // Handout §8: only untagged frames for the interface's MAC or broadcast; others are ignored.
  // Both frames below are addressed to the camera and carry a valid payload, behind a VLAN tag.
  InterfaceBench bench;
  bench.arrives(
      tagged_frame(camera_mac, host_mac(20), 10, 0x0800, datagram(host_ip(20), camera_ip)),
      "an IPv4 datagram from 192.168.10.20, tagged VLAN 10");
  bench.arrives(
      tagged_frame(MacAddress::broadcast(), host_mac(20), 10, 0x0806,
                   arp_message(request, host_mac(20), host_ip(20), MacAddress{}, camera_ip)),
      "who has 192.168.10.42? tell 192.168.10.20, tagged VLAN 10");
  CHECK(bench.interface().pop_datagram() == std::nullopt);
  CHECK(bench.sent().size() == 0);  // no ARP reply
  CHECK(bench.interface().lookup(host_ip(20)) == std::nullopt);
  CHECK(bench.interface().counters().ignored == 2);
}

TEST_CASE("a datagram with a broken IPv4 header is counted as malformed, not passed up",
          "[lab2][points:1]") {
  InterfaceBench bench;
  auto d = datagram(host_ip(20), camera_ip);
  d[8] = 1;  // TTL changed, checksum not
  bench.arrives(ethernet_frame(camera_mac, host_mac(20), 0x0800, d),
                "a datagram whose checksum is wrong");
  CHECK_FALSE(bench.interface().pop_datagram().has_value());
  CHECK(bench.interface().counters().malformed == 1);
}

TEST_CASE("resolve() asks once for an unknown neighbour, and not again within 5 s",
          "[lab2][points:2]") {
  InterfaceBench bench;
  bench.story.step("the camera resolves its gateway 192.168.10.1");
  bench.interface().resolve(host_ip(1));
  bench.interface().resolve(host_ip(1));
  auto sent = bench.sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].arp_target_ip() == host_ip(1));
  bench.arrives(reply_from(1), "192.168.10.1 is at 52:54:00:00:0a:01");
  CHECK(bench.interface().lookup(host_ip(1)) == host_mac(1));
  bench.interface().resolve(host_ip(1));  // already known: nothing to ask
  CHECK(bench.sent().empty());
}

TEST_CASE("a new address is announced with a gratuitous ARP request", "[lab2][points:2]") {
  InterfaceBench bench;
  Ipv4Address moved = host_ip(43);
  bench.story.step("the camera's address changes to 192.168.10.43/24");
  bench.interface().set_address(Ipv4Prefix(moved, 24));
  auto sent = bench.sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].destination() == MacAddress::broadcast());
  CHECK(sent[0].arp_opcode() == request);
  CHECK(sent[0].arp_sender_ip() == moved);
  CHECK(sent[0].arp_target_ip() == moved);
  CHECK(sent[0].arp_sender_mac() == camera_mac);
  CHECK(bench.interface().address().address() == moved);
}

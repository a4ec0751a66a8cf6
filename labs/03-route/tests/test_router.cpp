// Lab 3, handout §4-§6: the router, one behaviour per test, on a bench where the test plays every
// host (router_harness.hpp). Expected values are worked out from RFC 791, 792, 1191, 1624 and 1812
// in the comments, or come from lab 2's capture of a Linux router (ping-via-gateway).
#include <filesystem>

#include "camnet/testing/catch.hpp"

#include "camnet/host/capture.hpp"
#include "router_harness.hpp"

using namespace camnet;
using namespace camnet::test;

namespace {

// The hosts of lab 2's captures: pc and cam on the LAN (interface 0), far on the WAN (1).
const Ipv4Address pc = ip("192.168.10.20");
const MacAddress pc_mac({0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x10});
const Ipv4Address cam = ip("192.168.10.42");
const MacAddress cam_mac({0x02, 0x00, 0x00, 0xc4, 0x3e, 0x01});
const Ipv4Address far = ip("198.51.100.20");
const MacAddress far_mac({0x52, 0x54, 0x00, 0x00, 0x0b, 0x14});
const Ipv4Address lan_address = ip("192.168.10.1");
const Ipv4Address wan_address = ip("198.51.100.1");

// A bench with pc and far already known to the router (so nothing waits for ARP).
struct Lan : RouterBench {
  explicit Lan(std::vector<std::size_t> mtus = {1500, 1500}) : RouterBench(std::move(mtus)) {
    neighbour(0, pc, pc_mac);
    neighbour(1, far, far_mac);
  }
};

Packet udp_to_far(std::uint8_t ttl, std::size_t payload = 20) {
  Ip h{pc, far, 17, ttl};
  return datagram(h, udp(12345, 33434, bytes_counting(payload)));
}

// The full recomputation of an IPv4 header checksum: ~(sum of every other word).
std::uint16_t recomputed(Packet header) {
  header[10] = header[11] = 0;
  return static_cast<std::uint16_t>(~ones_sum(header, 0, (header[0] & 0x0f) * 4u));
}

}  // namespace

// --- RFC 1624: the incremental checksum --------------------------------------------------------

TEST_CASE("the incremental checksum gives RFC 1624's worked example 0x0000, not 0xffff",
          "[lab3][points:2]") {
  // RFC 1624 section 4: the other words sum to 0xcd7a; m = 0x5555, so HC = ~(0xcd7a + 0x5555) =
  // ~0x22d0 = 0xdd2f. m' = 0x3285: recomputing gives ~(0xcd7a + 0x3285) = ~0xffff = 0x0000. Eqn. 3:
  // ~(~0xdd2f + ~0x5555 + 0x3285) = ~(0x22d0 + 0xaaaa + 0x3285) = ~0xffff = 0x0000 (eqn. 2 of
  // RFC 1141 gave 0xffff here).
  CHECK(adjust_checksum(0xdd2f, 0x5555, 0x3285) == 0x0000);
}

TEST_CASE("the incremental checksum agrees with a full recomputation for every TTL",
          "[lab3][points:3]") {
  // Headers with varied identification and addresses (a simple LCG), every TTL from 1 to 255.
  std::uint32_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 1103515245u + 12345u;
    return seed >> 8;
  };
  for (int round = 0; round < 200; ++round) {
    Ip h{Ipv4Address(next()), Ipv4Address(next()), static_cast<std::uint8_t>(next())};
    h.id = static_cast<std::uint16_t>(next());
    for (int ttl = 1; ttl <= 255; ++ttl) {
      h.ttl = static_cast<std::uint8_t>(ttl);
      Packet before = datagram(h, {});
      Packet after = before;
      after[8] = static_cast<std::uint8_t>(ttl - 1);
      std::uint16_t got = adjust_checksum(get16(before, 10), get16(before, 8), get16(after, 8));
      if (got != recomputed(after)) {
        INFO("header with id 0x" << std::hex << h.id << ", TTL " << std::dec << ttl);
        CHECK(got == recomputed(after));
        return;
      }
    }
  }
  SUCCEED("40,800 headers agree");
}

TEST_CASE("a forwarded header whose new checksum is 0x0000 gets 0x0000, as recomputing gives",
          "[lab3][points:2]") {
  // Find (by trying identifications) a datagram whose header, once the TTL is 63, recomputes to
  // checksum 0x0000: the corner RFC 1624 is about.
  Lan bench;
  Ip h{pc, far, 17, 64};
  Packet d;
  for (std::uint32_t id = 0; id <= 0xffff; ++id) {
    h.id = static_cast<std::uint16_t>(id);
    d = datagram(h, udp(1, 2, {}));
    Packet after = d;
    after[8] = 63;
    if (recomputed(Packet(after.begin(), after.begin() + 20)) == 0x0000)
      break;
  }
  // Before, with TTL 64, the other words sum to 0x0100 more, so the checksum is 0x0100 less:
  // 0x0000 - 0x0100 in ones' complement (where 0x0000 is also 0xffff) = 0xfeff.
  REQUIRE(recomputed(Packet(d.begin(), d.begin() + 20)) == 0xfeff);
  bench.arrives(0, d, fmt::format("UDP pc -> far with id 0x{:04x}", h.id));
  auto out = bench.sent(1);
  REQUIRE(out.size() == 1);
  CHECK(out[0].ttl() == 63);
  CHECK(out[0].checksum() == 0x0000);
}

// --- Forwarding (handout §4) -------------------------------------------------------------------

TEST_CASE("adding an interface adds the directly attached route for its network",
          "[lab3][points:1]") {
  RouterBench bench;
  const auto& table = bench.router().table();
  REQUIRE(table.size() == 2);
  auto lan = table.lookup(ip("192.168.10.200"));
  REQUIRE(lan);
  CHECK(lan->prefix == prefix("192.168.10.0/24"));
  CHECK(lan->directly_attached());
  CHECK(lan->interface == 0);
  auto wan = table.lookup(ip("198.51.100.7"));
  REQUIRE(wan);
  CHECK(wan->prefix == prefix("198.51.100.0/24"));
  CHECK(wan->interface == 1);
}

TEST_CASE("a datagram for an attached network goes to the destination's MAC with TTL - 1",
          "[lab3][points:3]") {
  // Frame 3 of lab 2's ping-via-gateway capture: cam pings far through the gateway. TTL 64,
  // checksum 0xf52c. Going out, the word at bytes 8-9 (TTL, protocol) changes from 0x4001 to
  // 0x3f01; RFC 1624 eqn. 3: ~(~0xf52c + ~0x4001 + 0x3f01) = ~(0x0ad3 + 0xbffe + 0x3f01)
  // = ~(0x109d2 -> 0x09d3) = 0xf62c.
  namespace fs = std::filesystem;
  host::CaptureReader reader(
      (fs::path(CAMNET_LAB_DIR) / ".." / "02-address" / "captures" / "ping-via-gateway.pcap")
          .string());
  std::vector<Packet> frames;
  while (auto r = reader.next())
    frames.emplace_back(r->bytes.begin(), r->bytes.end());
  REQUIRE(frames.size() == 6);
  Packet request = Out{frames[2]}.ip();
  REQUIRE(request[8] == 64);
  REQUIRE(get16(request, 10) == 0xf52c);

  Lan bench;
  bench.arrives(0, request, "capture frame 3: echo request cam -> far, TTL 64");
  auto out = bench.sent(1);
  REQUIRE(out.size() == 1);
  CHECK(out[0].eth_destination() == far_mac);
  CHECK(out[0].eth_source() == router_mac(1));
  CHECK(out[0].ttl() == 63);
  CHECK(out[0].checksum() == 0xf62c);
  Packet expected = request;
  expected[8] = 63;
  expected[10] = 0xf6;
  expected[11] = 0x2c;
  CHECK(out[0].ip() == expected);
  CHECK(bench.sent(0).empty());
  CHECK(bench.counters().forwarded == 1);
}

TEST_CASE("a forwarded echo reply is byte for byte what the Linux gateway sent",
          "[lab3][points:3]") {
  // Frame 4 of ping-via-gateway is far's reply after the Linux gateway forwarded it: TTL 63,
  // checksum 0x462d. far sent it with TTL 64, and (undoing RFC 1624 by hand: the word 0x3f01 was
  // 0x4001, the checksum 0x0100 less) checksum 0x452d. We rebuild that datagram, send it through
  // our router from far's side, and expect Linux's frame exactly: MACs, TTL, checksum, all 98 bytes.
  namespace fs = std::filesystem;
  host::CaptureReader reader(
      (fs::path(CAMNET_LAB_DIR) / ".." / "02-address" / "captures" / "ping-via-gateway.pcap")
          .string());
  std::vector<Packet> frames;
  while (auto r = reader.next())
    frames.emplace_back(r->bytes.begin(), r->bytes.end());
  REQUIRE(frames.size() == 6);
  for (std::size_t n : {3u, 5u}) {  // frames 4 and 6
    const Packet& linux_frame = frames[n];
    Packet from_far = Out{linux_frame}.ip();
    REQUIRE(from_far[8] == 63);
    from_far[8] = 64;
    std::uint16_t sent_checksum = static_cast<std::uint16_t>(get16(from_far, 10) - 0x0100);
    from_far[10] = static_cast<std::uint8_t>(sent_checksum >> 8);
    from_far[11] = static_cast<std::uint8_t>(sent_checksum);
    REQUIRE(ones_sum(from_far, 0, 20) == 0xffff);  // the rebuilt header is correct

    RouterBench bench;
    bench.neighbour(0, cam, cam_mac);
    bench.arrives(1, from_far,
                  fmt::format("far's echo reply (capture frame {}) with TTL 64", n + 1));
    auto out = bench.sent(0);
    REQUIRE(out.size() == 1);
    CHECK(out[0].frame == linux_frame);
  }
}

TEST_CASE("a datagram for a remote network goes to the route's gateway, which is ARPed for",
          "[lab3][points:3]") {
  Lan bench;
  bench.add_route("203.0.113.0/24", "198.51.100.254", 1);
  Packet d = datagram(Ip{pc, ip("203.0.113.9"), 17, 64}, udp(1, 2, bytes_counting(10)));
  bench.arrives(0, d, "UDP pc -> 203.0.113.9");
  auto out = bench.sent(1);
  REQUIRE(out.size() == 1);
  REQUIRE(out[0].is_arp());
  CHECK(out[0].arp_target() == ip("198.51.100.254"));  // the gateway, never 203.0.113.9
  bench.neighbour(1, ip("198.51.100.254"), host_mac(1, 254));
  // (neighbour() took the reply to the gateway's request, and the datagram that waited for it.)
  bench.arrives(0, d, "the same datagram again");
  out = bench.sent(1);
  REQUIRE(out.size() == 1);
  CHECK(out[0].eth_destination() == host_mac(1, 254));
  CHECK(out[0].destination() == ip("203.0.113.9"));
  CHECK(out[0].ttl() == 63);
}

TEST_CASE("the longest matching prefix decides the next hop", "[lab3][points:3]") {
  Lan bench;
  bench.add_route("10.0.0.0/8", "198.51.100.2", 1);
  bench.add_route("10.1.0.0/16", "198.51.100.3", 1);
  bench.neighbour(1, ip("198.51.100.2"), host_mac(1, 2));
  bench.neighbour(1, ip("198.51.100.3"), host_mac(1, 3));
  bench.arrives(0, datagram(Ip{pc, ip("10.1.2.3"), 17}, udp(1, 2, {})), "UDP pc -> 10.1.2.3");
  bench.arrives(0, datagram(Ip{pc, ip("10.2.0.1"), 17}, udp(1, 2, {})), "UDP pc -> 10.2.0.1");
  auto out = bench.sent(1);
  REQUIRE(out.size() == 2);
  CHECK(out[0].eth_destination() == host_mac(1, 3));  // 10.1.0.0/16 is longer than 10.0.0.0/8
  CHECK(out[1].eth_destination() == host_mac(1, 2));
}

TEST_CASE("a datagram arriving with TTL 2 is forwarded with TTL 1", "[lab3][points:1]") {
  Lan bench;
  bench.arrives(0, udp_to_far(2), "UDP pc -> far, TTL 2");
  auto out = bench.sent(1);
  REQUIRE(out.size() == 1);
  CHECK(out[0].ttl() == 1);
  CHECK(out[0].header_checksum_ok());
  CHECK(bench.sent(0).empty());
}

// --- ICMP errors (handout §5) ------------------------------------------------------------------

TEST_CASE("a datagram whose TTL would reach 0 is answered with ICMP time exceeded",
          "[lab3][points:4]") {
  Lan bench;
  Packet d = udp_to_far(1);
  bench.arrives(0, d, "UDP pc -> far, TTL 1");
  CHECK(bench.sent(1).empty());
  auto out = bench.sent(0);
  REQUIRE(out.size() == 1);
  const Out& e = out[0];
  CHECK(e.eth_destination() == pc_mac);
  CHECK(e.eth_source() == router_mac(0));
  CHECK(e.source() == lan_address);  // the interface it arrived on (RFC 1812 4.3.2.4)
  CHECK(e.destination() == pc);
  CHECK(e.protocol() == 1);
  CHECK(e.ttl() == 64);
  CHECK(e.tos() == 0xc0);  // IPTOS_PREC_INTERNETCONTROL, as Linux
  CHECK_FALSE(e.df());
  CHECK_FALSE(e.mf());
  CHECK(e.offset() == 0);
  CHECK(e.header_checksum_ok());
  CHECK(e.icmp_type() == 11);
  CHECK(e.icmp_code() == 0);
  CHECK(e.icmp_rest() == 0);
  CHECK(e.icmp_checksum_ok());
  CHECK(e.icmp_data() == d);  // the whole datagram as it arrived: TTL 1, its own checksum
  CHECK(e.total_length() == 20 + 8 + d.size());
  CHECK(bench.counters().dropped_ttl_exceeded == 1);
  CHECK(bench.counters().icmp_errors_sent == 1);
}

TEST_CASE("a datagram arriving with TTL 0 is answered with time exceeded too", "[lab3][points:1]") {
  Lan bench;
  bench.arrives(0, udp_to_far(0), "UDP pc -> far, TTL 0");
  CHECK(bench.sent(1).empty());
  auto out = bench.sent(0);
  REQUIRE(out.size() == 1);
  CHECK(out[0].icmp_type() == 11);
}

TEST_CASE("a datagram with no route is answered with network unreachable", "[lab3][points:3]") {
  Lan bench;
  Packet d = datagram(Ip{pc, ip("8.8.8.8"), 17}, udp(5353, 53, bytes_counting(12)));
  bench.arrives(0, d, "UDP pc -> 8.8.8.8 (the router has no default route)");
  auto out = bench.sent(0);
  REQUIRE(out.size() == 1);
  CHECK(out[0].source() == lan_address);
  CHECK(out[0].destination() == pc);
  CHECK(out[0].icmp_type() == 3);
  CHECK(out[0].icmp_code() == 0);
  CHECK(out[0].icmp_checksum_ok());
  CHECK(out[0].icmp_data() == d);
  CHECK(bench.sent(1).empty());
  CHECK(bench.counters().dropped_no_route == 1);
}

TEST_CASE("an error quotes as much of the datagram as fits in 576 bytes", "[lab3][points:2]") {
  // RFC 1812 4.3.2.3: 576 - 20 (IPv4 header) - 8 (ICMP header) = 548 bytes of the original.
  Lan bench;
  Packet d = udp_to_far(1, 1000 - 28);
  REQUIRE(d.size() == 1000);
  bench.arrives(0, d, "a 1000-byte UDP datagram pc -> far, TTL 1");
  auto out = bench.sent(0);
  REQUIRE(out.size() == 1);
  CHECK(out[0].total_length() == 576);
  CHECK(out[0].icmp_data() == Packet(d.begin(), d.begin() + 548));
  CHECK(out[0].icmp_checksum_ok());
}

TEST_CASE("no ICMP error is sent about an ICMP error", "[lab3][points:3]") {
  Lan bench;
  Packet quoted = udp_to_far(1);
  bench.arrives(0, datagram(Ip{pc, far, 1, 1}, icmp_message(11, 0, 0, quoted)),
                "a time exceeded message pc -> far, TTL 1");
  bench.arrives(0, datagram(Ip{pc, far, 1, 1}, icmp_message(3, 3, 0, quoted)),
                "a port unreachable message pc -> far, TTL 1");
  CHECK(bench.sent(0).empty());
  CHECK(bench.sent(1).empty());
  CHECK(bench.counters().icmp_errors_suppressed == 2);
  bench.arrives(0, datagram(Ip{pc, far, 1, 1}, echo_request(7, 1, bytes_counting(8))),
                "an echo request pc -> far, TTL 1 (not an error: it gets one)");
  auto out = bench.sent(0);
  REQUIRE(out.size() == 1);
  CHECK(out[0].icmp_type() == 11);
}

TEST_CASE("no ICMP error is sent about a fragment other than the first", "[lab3][points:2]") {
  Lan bench;
  Ip later{pc, far, 17, 1};
  later.offset = 185;
  bench.arrives(0, datagram(later, bytes_counting(40)), "a second fragment pc -> far, TTL 1");
  CHECK(bench.sent(0).empty());
  CHECK(bench.counters().icmp_errors_suppressed == 1);
  Ip first{pc, far, 17, 1};
  first.mf = true;
  bench.arrives(0, datagram(first, bytes_counting(40)), "a first fragment pc -> far, TTL 1");
  CHECK(bench.sent(0).size() == 1);
}

TEST_CASE("a unicast datagram received in a link-layer broadcast is neither forwarded nor answered",
          "[lab3][points:2]") {
  Lan bench;
  bench.arrives(0, udp_to_far(64), "UDP pc -> far in a frame to ff:ff:ff:ff:ff:ff",
                MacAddress::broadcast());
  bench.arrives(0, udp_to_far(1), "the same with TTL 1", MacAddress::broadcast());
  CHECK(bench.sent(1).empty());
  CHECK(bench.sent(0).empty());
  CHECK(bench.counters().dropped_link_broadcast == 2);
  CHECK(bench.counters().icmp_errors_suppressed == 0);  // dropped before the TTL was looked at
}

TEST_CASE("broadcast and multicast destinations are never forwarded", "[lab3][points:2]") {
  Lan bench;
  for (const char* to :
       {"255.255.255.255", "198.51.100.255", "192.168.10.255", "224.0.0.251", "239.1.2.3"}) {
    bench.arrives(0, datagram(Ip{pc, ip(to), 17, 1}, udp(5353, 5353, bytes_counting(8))),
                  fmt::format("UDP pc -> {}, TTL 1", to));
  }
  CHECK(bench.sent(1).empty());
  CHECK(bench.sent(0).empty());  // no error either
  CHECK(bench.counters().dropped_broadcast == 5);
  CHECK(bench.counters().forwarded == 0);
}

TEST_CASE("martian sources and destinations are dropped, counted and never answered",
          "[lab3][points:3]") {
  Lan bench;
  // RFC 1812 5.3.7 (and Linux's ip_route_input_slow): sources that are not one host.
  for (const char* from : {"0.0.0.0", "0.1.2.3", "127.0.0.1", "224.0.0.5", "255.255.255.255",
                           "192.168.10.255", "198.51.100.1"}) {
    bench.arrives(0, datagram(Ip{ip(from), far, 17, 1}, udp(1, 2, {})),
                  fmt::format("UDP {} -> far, TTL 1", from));
  }
  CHECK(bench.counters().dropped_martian_source == 7);
  for (const char* to : {"127.0.0.1", "0.1.2.3"}) {
    bench.arrives(0, datagram(Ip{pc, ip(to), 17, 1}, udp(1, 2, {})),
                  fmt::format("UDP pc -> {}, TTL 1", to));
  }
  CHECK(bench.counters().dropped_martian_destination == 2);
  CHECK(bench.sent(0).empty());
  CHECK(bench.sent(1).empty());
}

TEST_CASE("a flood of errors gets the burst, then one per second as time passes",
          "[lab3][points:3]") {
  // A token bucket: 6 at once (IcmpRateLimiter::burst, Linux's XRLIM_BURST_FACTOR), then one per
  // 1000 ms (icmp_ratelimit); credit never grows past the burst.
  Lan bench;
  auto flood = [&bench](int n) {
    for (int i = 0; i < n; ++i)
      bench.arrives(0, udp_to_far(1), "UDP pc -> far, TTL 1");
    return bench.sent(0).size();
  };
  CHECK(flood(20) == 6);
  CHECK(bench.counters().icmp_errors_rate_limited == 14);
  bench.pass(999ms);
  CHECK(flood(3) == 0);
  bench.pass(1ms);
  CHECK(flood(3) == 1);
  bench.pass(2500ms);
  CHECK(flood(3) == 2);
  bench.pass(60s);
  bench.neighbour(0, pc, pc_mac);  // (the router's ARP entry for pc expired meanwhile)
  CHECK(flood(20) == 6);
  CHECK(bench.counters().dropped_ttl_exceeded == 49);
  CHECK(bench.counters().icmp_errors_sent == 15);
}

// --- Datagrams for the router ------------------------------------------------------------------

TEST_CASE("an echo request to the router is answered with an echo reply", "[lab3][points:3]") {
  Lan bench;
  Packet data = bytes_counting(56, 0x10);
  bench.arrives(0, datagram(Ip{pc, lan_address, 1, 64}, echo_request(0x6d99, 3, data)),
                "echo request pc -> 192.168.10.1, id 0x6d99 seq 3");
  auto out = bench.sent(0);
  REQUIRE(out.size() == 1);
  const Out& r = out[0];
  CHECK(r.eth_destination() == pc_mac);
  CHECK(r.source() == lan_address);
  CHECK(r.destination() == pc);
  CHECK(r.ttl() == 64);
  CHECK(r.protocol() == 1);
  CHECK(r.header_checksum_ok());
  CHECK(r.icmp_type() == 0);
  CHECK(r.icmp_code() == 0);
  CHECK(r.icmp_rest() == 0x6d990003u);
  CHECK(r.icmp_data() == data);
  CHECK(r.icmp_checksum_ok());
  CHECK(bench.sent(1).empty());
  CHECK(bench.counters().echo_replies_sent == 1);
}

TEST_CASE("an echo request to the router's other address is answered from that address",
          "[lab3][points:2]") {
  Lan bench;
  bench.arrives(0, datagram(Ip{pc, wan_address, 1, 64}, echo_request(1, 1, bytes_counting(8))),
                "echo request pc -> 198.51.100.1 (the router's WAN address)");
  auto out = bench.sent(0);
  REQUIRE(out.size() == 1);
  CHECK(out[0].source() == wan_address);
  CHECK(out[0].icmp_type() == 0);
  CHECK(bench.sent(1).empty());
}

TEST_CASE("echo replies are not rate limited", "[lab3][points:1]") {
  Lan bench;
  for (int i = 0; i < 20; ++i) {
    bench.arrives(0,
                  datagram(Ip{pc, lan_address, 1, 64},
                           echo_request(1, static_cast<std::uint16_t>(i), bytes_counting(8))),
                  "echo request pc -> router");
  }
  CHECK(bench.sent(0).size() == 20);
}

TEST_CASE("UDP to the router is answered with port unreachable", "[lab3][points:2]") {
  Lan bench;
  Packet d = datagram(Ip{pc, wan_address, 17, 64}, udp(12345, 53, bytes_counting(30)));
  bench.arrives(0, d, "UDP pc:12345 -> 198.51.100.1:53");
  auto out = bench.sent(0);
  REQUIRE(out.size() == 1);
  CHECK(out[0].source() == wan_address);  // the address it was sent to, as Linux does
  CHECK(out[0].destination() == pc);
  CHECK(out[0].icmp_type() == 3);
  CHECK(out[0].icmp_code() == 3);
  CHECK(out[0].icmp_data() == d);
  CHECK(bench.counters().dropped_port_unreachable == 1);
}

TEST_CASE("UDP to the router with a wrong checksum is dropped without an answer",
          "[lab3][points:1]") {
  Lan bench;
  Packet u = udp(12345, 53, bytes_counting(30));
  u[6] = 0x12;  // a checksum that cannot be right for this datagram (0 would mean "none")
  u[7] = 0x34;
  bench.arrives(0, datagram(Ip{pc, lan_address, 17, 64}, u), "UDP with a bad checksum");
  CHECK(bench.sent(0).empty());
  CHECK(bench.counters().dropped_local == 1);
}

TEST_CASE("a protocol the router does not speak is answered with protocol unreachable",
          "[lab3][points:2]") {
  Lan bench;
  bench.arrives(0, datagram(Ip{pc, lan_address, 253, 64}, bytes_counting(16)),
                "protocol 253 (experimental) pc -> router");
  auto out = bench.sent(0);
  REQUIRE(out.size() == 1);
  CHECK(out[0].icmp_type() == 3);
  CHECK(out[0].icmp_code() == 2);
  bench.arrives(0, datagram(Ip{pc, lan_address, 6, 64}, bytes_counting(20)), "TCP pc -> router");
  CHECK(bench.sent(0).empty());  // Linux answers TCP with a RST, not ICMP; we have no TCP yet
}

// --- Fragmentation (handout §6) ----------------------------------------------------------------

TEST_CASE("a datagram larger than the next link's MTU is sent in fragments", "[lab3][points:4]") {
  // 1500 bytes (20 header + 1480 data) out of an MTU of 576: each fragment carries
  // (576 - 20) = 556 rounded down to a multiple of 8 = 552 bytes: 552 + 552 + 376 = 1480.
  // Offsets in 8-byte units: 0, 552/8 = 69, 1104/8 = 138. MF on all but the last.
  Lan bench({1500, 576});
  Packet payload = bytes_counting(1480);
  Ip h{pc, far, 17, 64};
  h.id = 0xbeef;
  bench.arrives(0, datagram(h, payload), "a 1500-byte datagram pc -> far, DF clear");
  auto out = bench.sent(1);
  REQUIRE(out.size() == 3);
  const std::size_t lengths[] = {572, 572, 396};
  const std::uint16_t offsets[] = {0, 69, 138};
  const bool more[] = {true, true, false};
  Packet joined;
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("fragment " << i + 1 << ": " << describe(out[i]));
    CHECK(out[i].total_length() == lengths[i]);
    CHECK(out[i].offset() == offsets[i]);
    CHECK(out[i].mf() == more[i]);
    CHECK_FALSE(out[i].df());
    CHECK(out[i].id() == 0xbeef);
    CHECK(out[i].ttl() == 63);
    CHECK(out[i].header_checksum_ok());
    CHECK(out[i].eth_destination() == far_mac);
    Packet p = out[i].payload();
    joined.insert(joined.end(), p.begin(), p.end());
  }
  CHECK(joined == payload);
  CHECK(bench.counters().forwarded == 1);
  CHECK(bench.counters().fragments_sent == 3);
}

TEST_CASE("a datagram with DF set that does not fit is answered with fragmentation needed",
          "[lab3][points:3]") {
  Lan bench({1500, 576});
  Ip h{pc, far, 17, 64};
  h.df = true;
  Packet d = datagram(h, bytes_counting(980));
  bench.arrives(0, d, "a 1000-byte datagram pc -> far with DF");
  CHECK(bench.sent(1).empty());
  auto out = bench.sent(0);
  REQUIRE(out.size() == 1);
  CHECK(out[0].source() == lan_address);
  CHECK(out[0].icmp_type() == 3);
  CHECK(out[0].icmp_code() == 4);
  CHECK(out[0].icmp_rest() == 576);  // RFC 1191: unused (16 bits), next-hop MTU (16 bits)
  CHECK(out[0].total_length() == 576);
  CHECK(out[0].icmp_data() == Packet(d.begin(), d.begin() + 548));
  CHECK(bench.counters().dropped_fragmentation_needed == 1);
}

TEST_CASE("a datagram with DF set that fits is forwarded whole", "[lab3][points:1]") {
  Lan bench({1500, 576});
  Ip h{pc, far, 17, 64};
  h.df = true;
  bench.arrives(0, datagram(h, bytes_counting(556)), "a 576-byte datagram with DF");
  auto out = bench.sent(1);
  REQUIRE(out.size() == 1);
  CHECK(out[0].total_length() == 576);
  CHECK(out[0].df());
}

TEST_CASE("fragmenting a fragment keeps its offset and the MF of its last piece",
          "[lab3][points:3]") {
  Lan bench({1500, 576});
  // A middle fragment: offset 185 (byte 1480), MF set, 1480 data bytes: pieces of 552, 552, 376
  // at 185, 185 + 69 = 254, 185 + 138 = 323, every one with MF (more follow the original).
  Ip middle{pc, far, 17, 64};
  middle.offset = 185;
  middle.mf = true;
  bench.arrives(0, datagram(middle, bytes_counting(1480)), "a middle fragment, offset 185, MF");
  auto out = bench.sent(1);
  REQUIRE(out.size() == 3);
  CHECK(out[0].offset() == 185);
  CHECK(out[1].offset() == 254);
  CHECK(out[2].offset() == 323);
  CHECK((out[0].mf() && out[1].mf() && out[2].mf()));
  // The last fragment: offset 370, MF clear, 600 bytes: 552 at 370, 48 at 370 + 69 = 439 (MF
  // clear: it is the end of the original datagram).
  Ip last{pc, far, 17, 64};
  last.offset = 370;
  bench.arrives(0, datagram(last, bytes_counting(600)), "a last fragment, offset 370");
  out = bench.sent(1);
  REQUIRE(out.size() == 2);
  CHECK(out[0].offset() == 370);
  CHECK(out[0].mf());
  CHECK(out[1].offset() == 439);
  CHECK_FALSE(out[1].mf());
  CHECK(out[1].total_length() == 20 + 48);
}

TEST_CASE("fragments after the first carry only the options whose copy flag is set",
          "[lab3][points:3]") {
  // Options (12 bytes, IHL 8): NOP (1, not copied), record route (7 = 0b0000_0111: copy flag
  // clear; length 7, pointer 4, one empty slot), stream identifier (136 = 0x88: copy flag set;
  // length 4, id 0x1234). RFC 791: the first fragment keeps them all; the others only the stream
  // identifier, 4 bytes: IHL 6. Out of MTU 576: first (576 - 32) = 544 data bytes, then
  // (576 - 24) = 552; 1200 = 544 + 552 + 104 at offsets 0, 544/8 = 68, 1096/8 = 137.
  Lan bench({1500, 576});
  Ip h{pc, far, 17, 64};
  h.options = {0x01, 0x07, 0x07, 0x04, 0, 0, 0, 0, 0x88, 0x04, 0x12, 0x34};
  Packet payload = bytes_counting(1200);
  bench.arrives(0, datagram(h, payload), "a 1232-byte datagram with NOP, RR and stream ID options");
  auto out = bench.sent(1);
  REQUIRE(out.size() == 3);
  CHECK(out[0].ihl() == 32);
  CHECK(Packet(out[0].frame.begin() + 34, out[0].frame.begin() + 46) == h.options);
  CHECK(out[0].total_length() == 576);
  for (std::size_t i = 1; i < 3; ++i) {
    INFO("fragment " << i + 1 << ": " << describe(out[i]));
    CHECK(out[i].ihl() == 24);
    CHECK(Packet(out[i].frame.begin() + 34, out[i].frame.begin() + 38) ==
          Packet{0x88, 0x04, 0x12, 0x34});
    CHECK(out[i].header_checksum_ok());
  }
  CHECK(out[1].total_length() == 576);
  CHECK(out[2].total_length() == 24 + 104);
  CHECK(out[1].offset() == 68);
  CHECK(out[2].offset() == 137);
  Packet joined;
  for (const Out& o : out) {
    Packet p = o.payload();
    joined.insert(joined.end(), p.begin(), p.end());
  }
  CHECK(joined == payload);
}

// --- Configuration -----------------------------------------------------------------------------

TEST_CASE("an interface MTU must be between 68 and 1500 bytes", "[lab3][points:1]") {
  MemoryWire wire;
  Port port(wire.station(0));
  auto router = std::make_unique<Router>();
  CHECK(router->add_interface(port, router_mac(0), prefix("10.0.0.1/24"), 67).error() ==
        RouterError::bad_mtu);
  CHECK(router->add_interface(port, router_mac(0), prefix("10.0.0.1/24"), 1501).error() ==
        RouterError::bad_mtu);
  CHECK(router->add_interface(port, router_mac(0), prefix("10.0.0.1/24"), 68).ok());
  CHECK(router->interface_count() == 1);
}

TEST_CASE("a router takes at most max_interfaces interfaces", "[lab3][points:1]") {
  MemoryMedium<8> medium;
  std::vector<std::unique_ptr<Port>> ports;
  auto router = std::make_unique<Router>();
  for (std::size_t i = 0; i < Router::max_interfaces; ++i) {
    ports.push_back(std::make_unique<Port>(medium.station(i)));
    Ipv4Prefix address(Ipv4Address::from_octets(10, static_cast<std::uint8_t>(i), 0, 1), 24);
    CHECK(router->add_interface(*ports.back(), router_mac(static_cast<int>(i)), address).ok());
  }
  ports.push_back(std::make_unique<Port>(medium.station(Router::max_interfaces)));
  CHECK(router->add_interface(*ports.back(), router_mac(9), prefix("10.9.0.1/24")).error() ==
        RouterError::too_many_interfaces);
}

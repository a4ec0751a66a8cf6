// The NAT hooked into the router (Router::attach_nat, router.hpp "NAT"): translation happens where
// Linux's PREROUTING and POSTROUTING hooks are, the router answers what the NAT does not
// translate, and its own ICMP errors quote what the remote host actually sent. The router's inside
// interface 0 is 192.168.10.1/24, its outside interface 1 198.51.100.1/24 (the public address);
// the far host is 198.51.100.20 on interface 1's wire. Datagrams are built and read at the RFC
// offsets (router_harness.hpp).
#include "camnet/testing/catch.hpp"

#include "route/nat.hpp"
#include "router_harness.hpp"

using namespace camnet;
using namespace camnet::test;

namespace {

const Ipv4Address inside = ip("192.168.10.20");
const Ipv4Address far = ip("198.51.100.20");
const Ipv4Address public_address = ip("198.51.100.1");

// A bench with the NAT on interface 1 and both hosts known to the router.
struct NatBench {
  NatBench() : nat(public_address) {
    bench.router().attach_nat(nat, 1);
    bench.story.step("a NAT with public address 198.51.100.1 is attached to interface 1");
    bench.neighbour(0, inside, host_mac(0, 20));
    bench.neighbour(1, far, host_mac(1, 20));
  }
  RouterBench bench;
  Nat nat;
};

Packet udp_datagram(Ipv4Address from, std::uint16_t from_port, Ipv4Address to,
                    std::uint16_t to_port, std::uint8_t ttl = 64) {
  Ip h(from, to, 17, ttl);
  return datagram(h, udp(from_port, to_port, bytes_counting(12)));
}

}  // namespace

TEST_CASE(
    "a datagram leaving by the NAT interface leaves from the public address and its reply "
    "comes back to the inside host",
    "[lab3][points:3]") {
  NatBench b;
  b.bench.arrives(0, udp_datagram(inside, 5000, far, 53), "UDP 192.168.10.20:5000 -> far:53");
  std::vector<Out> out = b.bench.sent(1);
  REQUIRE(out.size() == 1);
  CHECK(out[0].source() == public_address);
  CHECK(get16(out[0].payload(), 0) == 5000);  // Linux keeps the port when it is free
  CHECK(out[0].ttl() == 63);
  CHECK(out[0].header_checksum_ok());
  CHECK(get16(out[0].payload(), 6) == 0);  // a UDP checksum of 0 ("none", RFC 768) stays 0
  CHECK(b.bench.counters().nat_translated_out == 1);

  b.bench.arrives(1, udp_datagram(far, 53, public_address, 5000),
                  "the reply far:53 -> 198.51.100.1:5000");
  std::vector<Out> back = b.bench.sent(0);
  REQUIRE(back.size() == 1);
  CHECK(back[0].destination() == inside);
  CHECK(get16(back[0].payload(), 2) == 5000);
  CHECK(back[0].ttl() == 63);
  CHECK(back[0].header_checksum_ok());
  CHECK(back[0].eth_destination() == host_mac(0, 20));
  CHECK(b.bench.counters().nat_translated_in == 1);
  CHECK(b.bench.counters().for_router == 0);
}

TEST_CASE("a ping to the public address that matches no flow is answered by the router itself",
          "[lab3][points:2]") {
  NatBench b;
  b.bench.arrives(1, datagram(Ip(far, public_address), echo_request(7, 1, bytes_counting(8))),
                  "an echo request from far to 198.51.100.1 (no flow)");
  std::vector<Out> out = b.bench.sent(1);
  REQUIRE(out.size() == 1);
  CHECK(out[0].source() == public_address);
  CHECK(out[0].destination() == far);
  CHECK(out[0].icmp_type() == 0);
  CHECK(out[0].icmp_rest() == ((7u << 16) | 1u));
  CHECK(b.bench.sent(0).empty());
  CHECK(b.bench.counters().echo_replies_sent == 1);
  CHECK(b.bench.counters().nat_translated_in == 0);
  CHECK(b.nat.mapping_count() == 0);
}

TEST_CASE(
    "a translated reply whose TTL runs out gets time exceeded quoting it as the remote sent it",
    "[lab3][points:3]") {
  NatBench b;
  b.bench.arrives(0, udp_datagram(inside, 5000, far, 53), "UDP 192.168.10.20:5000 -> far:53");
  b.bench.sent(1);
  Packet reply = udp_datagram(far, 53, public_address, 5000, 1);
  b.bench.arrives(1, reply, "the reply, with TTL 1");
  CHECK(b.bench.sent(0).empty());
  std::vector<Out> out = b.bench.sent(1);
  REQUIRE(out.size() == 1);
  CHECK(out[0].icmp_type() == 11);
  CHECK(out[0].source() == public_address);  // interface 1's address
  CHECK(out[0].destination() == far);
  // RFC 792: the quoted datagram is the one far sent: destination 198.51.100.1:5000 (what far
  // can match to its flow), not the inside host (Linux translates the quote back, RFC 5508).
  CHECK(out[0].icmp_data() == reply);
  CHECK(out[0].icmp_checksum_ok());
}

TEST_CASE(
    "an ICMP error about a datagram from the inside is decided before the NAT and goes back "
    "inside",
    "[lab3][points:2]") {
  NatBench b;
  Packet probe = udp_datagram(inside, 5000, far, 33434, 1);
  b.bench.arrives(0, probe, "UDP from the inside host with TTL 1");
  CHECK(b.bench.sent(1).empty());
  std::vector<Out> out = b.bench.sent(0);
  REQUIRE(out.size() == 1);
  CHECK(out[0].icmp_type() == 11);
  CHECK(out[0].destination() == inside);
  CHECK(out[0].icmp_data() == probe);  // untranslated
  CHECK(b.nat.mapping_count() == 0);   // the NAT never saw it
}

TEST_CASE("a datagram the NAT cannot translate is dropped, never sent out with a private address",
          "[lab3][points:2]") {
  NatBench b;
  b.bench.arrives(0, datagram(Ip(inside, far, 47), bytes_counting(24)),
                  "GRE (protocol 47) from the inside host");
  CHECK(b.bench.sent(1).empty());
  CHECK(b.bench.counters().nat_dropped == 1);
  CHECK(b.bench.counters().forwarded == 0);
}

TEST_CASE("the router's tick reaches the NAT: a UDP flow idle for over 2 minutes is forgotten",
          "[lab3][points:2]") {
  NatBench b;
  b.bench.arrives(0, udp_datagram(inside, 5000, far, 53), "UDP 192.168.10.20:5000 -> far:53");
  b.bench.sent(1);
  REQUIRE(b.nat.mapping_count() == 1);
  b.bench.pass(nat::udp_timeout + std::chrono::seconds(1));
  CHECK(b.nat.mapping_count() == 0);
  // far's late reply is now the router's own: UDP to a port nothing listens on.
  b.bench.neighbour(1, far, host_mac(1, 20));  // (the ARP entry expired too)
  b.bench.arrives(1, udp_datagram(far, 53, public_address, 5000), "far's reply, too late");
  CHECK(b.bench.sent(0).empty());
  std::vector<Out> out = b.bench.sent(1);
  REQUIRE(out.size() == 1);
  CHECK(out[0].icmp_type() == 3);
  CHECK(out[0].icmp_code() == 3);
}

TEST_CASE("a port forward lets an outside host reach the camera through the public address",
          "[lab3][points:2]") {
  NatBench b;
  REQUIRE(b.nat.add_port_forward(6, 8080, inside, 80));
  b.bench.story.step("port forward: TCP 198.51.100.1:8080 -> 192.168.10.20:80");
  // A TCP SYN (RFC 793 header: ports, seq, ack, data offset 5, SYN, window), checksum left 0:
  // the NAT updates it incrementally and the router does not check it.
  Packet syn;
  put16(syn, 40000);
  put16(syn, 8080);
  put32(syn, 1);
  put32(syn, 0);
  put16(syn, 0x5002);
  put16(syn, 65535);
  put32(syn, 0);
  b.bench.arrives(1, datagram(Ip(far, public_address, 6), syn),
                  "TCP SYN far:40000 -> 198.51.100.1:8080");
  std::vector<Out> out = b.bench.sent(0);
  REQUIRE(out.size() == 1);
  CHECK(out[0].destination() == inside);
  CHECK(get16(out[0].payload(), 2) == 80);
  CHECK(out[0].header_checksum_ok());
}

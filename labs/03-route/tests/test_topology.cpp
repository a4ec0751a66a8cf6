// Lab 3, handout §4-§5: small networks of routers and hosts, all in this process, joined by
// in-memory wires. The hosts are lab 2 network interfaces with a default gateway, plus a few lines
// of test code that answer pings (built from the RFC layouts in router_harness.hpp). Each test
// lets the network run until no frame moves any more.
#include <memory>
#include <utility>
#include <vector>

#include "camnet/testing/catch.hpp"

#include "router_harness.hpp"

using namespace camnet;
using namespace camnet::test;

namespace {

using Wire = MemoryMedium<2, 64>;

// A host: an interface with an address, a gateway, and an echo responder.
class Host {
 public:
  Host(Link& link, int n, const char* address, const char* gateway)
      : port_(link), interface_(port_, host_mac(7, n), prefix(address)), gateway_(ip(gateway)) {}

  Ipv4Address address() const { return interface_.address().address(); }
  void send(const Packet& datagram) {
    Ipv4Address to(get32(datagram, 16));
    auto hop = next_hop(interface_.address(), gateway_, to);
    REQUIRE(hop);
    interface_.send_datagram(datagram, *hop);
  }
  void ping(Ipv4Address to, std::uint8_t ttl, std::uint16_t id, std::uint16_t seq) {
    send(datagram(Ip(address(), to, 1, ttl), echo_request(id, seq, bytes_counting(32))));
  }
  // Handles what arrived: answers echo requests, keeps everything else in received().
  void poll() {
    interface_.poll();
    while (auto d = interface_.pop_datagram()) {
      Packet p(d->bytes().begin(), d->bytes().end());
      std::size_t ihl = (p[0] & 0x0fu) * 4;
      if (p[9] == 1 && p.size() >= ihl + 8 && p[ihl] == 8) {
        Packet data(p.begin() + static_cast<long>(ihl) + 8, p.end());
        send(datagram(Ip(address(), Ipv4Address(get32(p, 12)), 1, 64),
                      icmp_message(0, 0, get32(p, ihl + 4), data)));
      } else {
        received_.push_back(Out{ethernet_frame(MacAddress{}, MacAddress{}, 0x0800, p)});
      }
    }
  }
  std::vector<Out> take() { return std::exchange(received_, {}); }

 private:
  Port port_;
  NetworkInterface interface_;
  Ipv4Address gateway_;
  std::vector<Out> received_;
};

class Network {
 public:
  Wire& wire() {
    wires_.push_back(std::make_unique<Wire>());
    return *wires_.back();
  }
  Router& router(const char* name) {
    routers_.push_back(std::make_unique<Router>());
    story.step("router {}", name);
    return *routers_.back();
  }
  void link(Router& r, Wire& w, int station, int mac, const char* address) {
    ports_.push_back(std::make_unique<Port>(w.station(static_cast<std::size_t>(station))));
    REQUIRE(r.add_interface(*ports_.back(), router_mac(mac), prefix(address)).ok());
    story.step("  interface {}", address);
  }
  void route(Router& r, const char* to, const char* via, std::size_t out) {
    REQUIRE(r.add_route(Route{prefix(to), ip(via), out, 0}).ok());
    story.step("  route {} via {} (interface {})", to, via, out);
  }
  Host& host(Wire& w, int station, int n, const char* address, const char* gateway) {
    hosts_.push_back(
        std::make_unique<Host>(w.station(static_cast<std::size_t>(station)), n, address, gateway));
    story.step("host {} (gateway {})", address, gateway);
    return *hosts_.back();
  }
  // Runs every router and host until no frame is left anywhere; gives the number of rounds.
  int settle() {
    for (int round = 1; round <= 1000; ++round) {
      for (auto& r : routers_)
        r->route();
      for (auto& h : hosts_)
        h->poll();
      std::uint64_t moved = 0;
      for (auto& p : ports_)
        moved += p->counters().rx_frames;
      if (round > 1 && moved == last_moved_)
        return round;
      last_moved_ = moved;
    }
    FAIL("the network never went quiet: a packet storm?");
    return 0;
  }

  testing::Story story;

 private:
  std::vector<std::unique_ptr<Wire>> wires_;
  std::vector<std::unique_ptr<Port>> ports_;
  std::vector<std::unique_ptr<Router>> routers_;
  std::vector<std::unique_ptr<Host>> hosts_;
  std::uint64_t last_moved_ = 0;
};

// A -- R1 -- R2 -- B:
//   A 10.0.1.10/24 (gateway 10.0.1.1) | R1 10.0.1.1/24, 10.0.12.1/30 | R2 10.0.12.2/30,
//   10.0.2.1/24 | B 10.0.2.20/24 (gateway 10.0.2.1). R1's route to B's network is up to the test.
struct TwoRouters {
  Network net;
  Wire& a_r1 = net.wire();
  Wire& r1_r2 = net.wire();
  Wire& r2_b = net.wire();
  Router& r1 = net.router("R1");
  Router& r2 = net.router("R2");
  Host* a = nullptr;
  Host* b = nullptr;

  TwoRouters() {
    net.link(r1, a_r1, 0, 0, "10.0.1.1/24");
    net.link(r1, r1_r2, 0, 1, "10.0.12.1/30");
    net.link(r2, r1_r2, 1, 2, "10.0.12.2/30");
    net.link(r2, r2_b, 0, 3, "10.0.2.1/24");
    net.route(r2, "10.0.1.0/24", "10.0.12.1", 0);
    a = &net.host(a_r1, 1, 10, "10.0.1.10/24", "10.0.1.1");
    b = &net.host(r2_b, 1, 20, "10.0.2.20/24", "10.0.2.1");
  }
};

void expect_one_reply(Network& net, Host& host, Ipv4Address from, std::uint8_t ttl) {
  net.settle();
  auto got = host.take();
  REQUIRE(got.size() == 1);
  CHECK(got[0].icmp_type() == 0);
  CHECK(got[0].source() == from);
  CHECK(got[0].ttl() == ttl);
  CHECK(got[0].icmp_checksum_ok());
}

}  // namespace

TEST_CASE("a host pings across two routers and gets the reply", "[lab3][points:4]") {
  TwoRouters t;
  t.net.route(t.r1, "10.0.2.0/24", "10.0.12.2", 1);
  t.net.story.step("A pings B (10.0.2.20)");
  t.a->ping(ip("10.0.2.20"), 64, 0x4242, 1);
  // B answers with TTL 64; R2 and R1 each take one off.
  expect_one_reply(t.net, *t.a, ip("10.0.2.20"), 62);
  CHECK(t.r1.counters().forwarded == 2);
  CHECK(t.r2.counters().forwarded == 2);
}

TEST_CASE("a default route carries what no other route matches", "[lab3][points:2]") {
  TwoRouters t;
  t.net.route(t.r1, "0.0.0.0/0", "10.0.12.2", 1);
  t.a->ping(ip("10.0.2.20"), 64, 1, 1);
  expect_one_reply(t.net, *t.a, ip("10.0.2.20"), 62);
}

TEST_CASE("a route added with host bits set in its prefix still routes its whole network",
          "[lab3][points:2]") {
  TwoRouters t;
  t.net.route(t.r1, "10.0.2.77/24", "10.0.12.2", 1);
  auto stored = t.r1.table().lookup(ip("10.0.2.20"));
  REQUIRE(stored);
  CHECK(stored->prefix == prefix("10.0.2.0/24"));
  t.a->ping(ip("10.0.2.20"), 64, 1, 1);
  expect_one_reply(t.net, *t.a, ip("10.0.2.20"), 62);
}

TEST_CASE("nested prefixes send a datagram to the most specific route's router",
          "[lab3][points:4]") {
  // R1 has 10.0.0.0/8 via RA and 10.1.0.0/16 via RB. X (10.2.0.5) is behind RA, Y (10.1.2.3)
  // behind RB: 10.1.2.3 matches both routes, and the /16 wins.
  Network net;
  Wire& lan = net.wire();
  Wire& to_a = net.wire();
  Wire& to_b = net.wire();
  Wire& x_side = net.wire();
  Wire& y_side = net.wire();
  Router& r1 = net.router("R1");
  net.link(r1, lan, 0, 0, "192.168.1.1/24");
  net.link(r1, to_a, 0, 1, "172.16.1.1/30");
  net.link(r1, to_b, 0, 2, "172.16.2.1/30");
  net.route(r1, "10.0.0.0/8", "172.16.1.2", 1);
  net.route(r1, "10.1.0.0/16", "172.16.2.2", 2);
  Router& ra = net.router("RA");
  net.link(ra, to_a, 1, 3, "172.16.1.2/30");
  net.link(ra, x_side, 0, 4, "10.2.0.1/16");
  net.route(ra, "0.0.0.0/0", "172.16.1.1", 0);
  Router& rb = net.router("RB");
  net.link(rb, to_b, 1, 5, "172.16.2.2/30");
  net.link(rb, y_side, 0, 6, "10.1.0.1/16");
  net.route(rb, "0.0.0.0/0", "172.16.2.1", 0);
  Host& a = net.host(lan, 1, 10, "192.168.1.10/24", "192.168.1.1");
  net.host(x_side, 1, 11, "10.2.0.5/16", "10.2.0.1");
  net.host(y_side, 1, 12, "10.1.2.3/16", "10.1.0.1");

  net.story.step("A pings Y (10.1.2.3)");
  a.ping(ip("10.1.2.3"), 64, 1, 1);
  expect_one_reply(net, a, ip("10.1.2.3"), 62);
  CHECK(rb.counters().forwarded == 2);
  CHECK(ra.counters().forwarded == 0);

  net.story.step("A pings X (10.2.0.5)");
  a.ping(ip("10.2.0.5"), 64, 1, 2);
  expect_one_reply(net, a, ip("10.2.0.5"), 62);
  CHECK(ra.counters().forwarded == 2);
  CHECK(rb.counters().forwarded == 2);
}

TEST_CASE("a routing loop ends with one time exceeded back to the sender and no storm",
          "[lab3][points:4]") {
  // R1 sends 10.9.0.0/16 to R2 and R2 sends it back. A sends TTL 64: R1 receives 64, 62, ..., 2
  // and forwards each (32 times); R2 receives 63, 61, ..., 3 and forwards (31 times), then
  // receives TTL 1 and answers with time exceeded from 10.0.12.2 (where it arrived), which R1
  // forwards to A: 32 + 31 + 1 = 64 forwards in all.
  TwoRouters t;
  t.net.route(t.r1, "10.9.0.0/16", "10.0.12.2", 1);
  t.net.route(t.r2, "10.9.0.0/16", "10.0.12.1", 0);
  t.net.story.step("A pings 10.9.0.1, TTL 64");
  t.a->ping(ip("10.9.0.1"), 64, 9, 9);
  t.net.settle();
  auto got = t.a->take();
  REQUIRE(got.size() == 1);
  CHECK(got[0].icmp_type() == 11);
  CHECK(got[0].icmp_code() == 0);
  CHECK(got[0].source() == ip("10.0.12.2"));
  CHECK(got[0].ttl() == 63);  // sent with 64, forwarded once by R1
  Packet quoted = got[0].icmp_data();
  CHECK(quoted.at(8) == 1);  // the datagram as R2 received it: TTL 1
  CHECK(Ipv4Address(get32(quoted, 16)) == ip("10.9.0.1"));
  CHECK(t.r1.counters().forwarded == 33);
  CHECK(t.r2.counters().forwarded == 31);
  CHECK(t.r2.counters().dropped_ttl_exceeded == 1);
  CHECK(t.r1.counters().dropped_ttl_exceeded == 0);
}

TEST_CASE("a traceroute gets one time exceeded per router, then the reply", "[lab3][points:3]") {
  TwoRouters t;
  t.net.route(t.r1, "10.0.2.0/24", "10.0.12.2", 1);
  // Each router answers from the address of the interface the probe came in on.
  const Ipv4Address expected[] = {ip("10.0.1.1"), ip("10.0.12.2")};
  for (std::uint8_t ttl = 1; ttl <= 3; ++ttl) {
    t.net.story.step("A sends an echo request to B with TTL {}", ttl);
    t.a->ping(ip("10.0.2.20"), ttl, 0x7777, ttl);
    t.net.settle();
    auto got = t.a->take();
    REQUIRE(got.size() == 1);
    if (ttl < 3) {
      CHECK(got[0].icmp_type() == 11);
      CHECK(got[0].source() == expected[ttl - 1]);
      Packet quoted = got[0].icmp_data();
      CHECK(get32(quoted, 24) == ((0x7777u << 16) | ttl));  // the probe's id and sequence
    } else {
      CHECK(got[0].icmp_type() == 0);
      CHECK(got[0].source() == ip("10.0.2.20"));
      CHECK(got[0].icmp_rest() == ((0x7777u << 16) | 3u));
    }
  }
}

TEST_CASE("without a route back, a router's error goes nowhere and is counted",
          "[lab3][points:1]") {
  // R2 knows no way to 10.0.1.0/24 here... so we remove it: its error to A cannot be routed.
  TwoRouters t;
  t.net.route(t.r1, "10.0.2.0/24", "10.0.12.2", 1);
  REQUIRE(t.r2.remove_route(prefix("10.0.1.0/24")).ok());
  t.a->ping(ip("10.0.2.20"), 2, 1, 1);  // expires at R2
  t.net.settle();
  CHECK(t.a->take().empty());
  CHECK(t.r2.counters().dropped_ttl_exceeded == 1);
  CHECK(t.r2.counters().dropped_unroutable_reply == 1);
}

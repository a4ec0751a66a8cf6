// Lab 3 test benches: a router on a bench (the test plays every host around it), and small
// topologies of routers and hosts on in-memory wires. Datagrams are built and read byte by byte
// from the RFC layouts with the helpers below (never with the code under test), and every action is
// told as a numbered step, printed when a check fails.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include "camnet/testing/catch.hpp"

#include "address/ipv4_address.hpp"
#include "address/network_interface.hpp"
#include "camnet/bytes.hpp"
#include "camnet/host/format.hpp"
#include "camnet/memory_link.hpp"
#include "camnet/testing/story.hpp"
#include "frame/mac_address.hpp"
#include "frame/port.hpp"
#include "route/router.hpp"

namespace camnet::test {

using Packet = std::vector<std::uint8_t>;

// "a.b.c.d" and "a.b.c.d/n", read here (not with lab 2's parser) so that a test's addresses never
// depend on the code under test, not even before main() runs.
inline Ipv4Prefix prefix(const char* text) {
  unsigned a = 0, b = 0, c = 0, d = 0, n = 32;
  int fields = std::sscanf(text, "%u.%u.%u.%u/%u", &a, &b, &c, &d, &n);
  if (fields < 4 || a > 255 || b > 255 || c > 255 || d > 255 || n > 32)
    throw std::invalid_argument(std::string("test address: ") + text);
  return Ipv4Prefix(Ipv4Address((a << 24) | (b << 16) | (c << 8) | d), static_cast<int>(n));
}
inline Ipv4Address ip(const char* text) {
  return prefix(text).address();
}

inline void put16(Packet& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
inline void put32(Packet& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v >> 16));
  put16(out, static_cast<std::uint16_t>(v));
}
inline std::uint16_t get16(const Packet& p, std::size_t at) {
  return static_cast<std::uint16_t>((p.at(at) << 8) | p.at(at + 1));
}
inline std::uint32_t get32(const Packet& p, std::size_t at) {
  return (std::uint32_t{get16(p, at)} << 16) | get16(p, at + 2);
}

// The ones' complement sum of `p[from, from + n)` (RFC 1071), written here from the RFC so the
// tests do not depend on lab 2's internet_checksum. A correct header or message sums to 0xffff.
inline std::uint16_t ones_sum(const Packet& p, std::size_t from, std::size_t n) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < n; i += 2) {
    std::uint32_t hi = p.at(from + i);
    std::uint32_t lo = i + 1 < n ? p.at(from + i + 1) : 0;
    sum += (hi << 8) | lo;
    sum = (sum & 0xffff) + (sum >> 16);
  }
  return static_cast<std::uint16_t>(sum);
}

// What goes into an IPv4 header (RFC 791), with its defaults.
struct Ip {
  Ip(Ipv4Address from, Ipv4Address to, std::uint8_t protocol_ = 1, std::uint8_t ttl_ = 64)
      : source(from), destination(to), protocol(protocol_), ttl(ttl_) {}
  Ipv4Address source;
  Ipv4Address destination;
  std::uint8_t protocol = 1;
  std::uint8_t ttl = 64;
  std::uint8_t tos = 0;
  std::uint16_t id = 0x1234;
  bool df = false;
  bool mf = false;
  std::uint16_t offset = 0;  // 8-byte units
  Packet options;            // a multiple of 4 bytes
};

// A datagram: the header of `h` (checksum computed) followed by `payload`.
inline Packet datagram(const Ip& h, const Packet& payload) {
  Packet d;
  std::size_t header = 20 + h.options.size();
  d.push_back(static_cast<std::uint8_t>(0x40 | (header / 4)));
  d.push_back(h.tos);
  put16(d, static_cast<std::uint16_t>(header + payload.size()));
  put16(d, h.id);
  put16(d, static_cast<std::uint16_t>((h.df ? 0x4000 : 0) | (h.mf ? 0x2000 : 0) | h.offset));
  d.push_back(h.ttl);
  d.push_back(h.protocol);
  put16(d, 0);
  put32(d, h.source.value());
  put32(d, h.destination.value());
  d.insert(d.end(), h.options.begin(), h.options.end());
  std::uint16_t sum = static_cast<std::uint16_t>(~ones_sum(d, 0, header));
  d[10] = static_cast<std::uint8_t>(sum >> 8);
  d[11] = static_cast<std::uint8_t>(sum);
  d.insert(d.end(), payload.begin(), payload.end());
  return d;
}

// An ICMP message (RFC 792): type, code, the 4 "rest of header" bytes, data; checksum computed.
inline Packet icmp_message(std::uint8_t type, std::uint8_t code, std::uint32_t rest,
                           const Packet& data) {
  Packet m{type, code, 0, 0};
  put32(m, rest);
  m.insert(m.end(), data.begin(), data.end());
  std::uint16_t sum = static_cast<std::uint16_t>(~ones_sum(m, 0, m.size()));
  m[2] = static_cast<std::uint8_t>(sum >> 8);
  m[3] = static_cast<std::uint8_t>(sum);
  return m;
}
inline Packet echo_request(std::uint16_t id, std::uint16_t seq, const Packet& data) {
  return icmp_message(8, 0, (std::uint32_t{id} << 16) | seq, data);
}
// A UDP header with checksum 0 ("none", RFC 768) and `data`.
inline Packet udp(std::uint16_t from_port, std::uint16_t to_port, const Packet& data) {
  Packet u;
  put16(u, from_port);
  put16(u, to_port);
  put16(u, static_cast<std::uint16_t>(8 + data.size()));
  put16(u, 0);
  u.insert(u.end(), data.begin(), data.end());
  return u;
}
inline Packet bytes_counting(std::size_t n, std::uint8_t first = 0) {
  Packet p(n);
  for (std::size_t i = 0; i < n; ++i)
    p[i] = static_cast<std::uint8_t>(first + i);
  return p;
}

inline Packet ethernet_frame(MacAddress to, MacAddress from, std::uint16_t type,
                             const Packet& payload) {
  Packet f(to.octets().begin(), to.octets().end());
  f.insert(f.end(), from.octets().begin(), from.octets().end());
  put16(f, type);
  f.insert(f.end(), payload.begin(), payload.end());
  if (f.size() < 60)
    f.resize(60, 0);
  return f;
}
inline Packet arp_request(MacAddress from, Ipv4Address from_ip, Ipv4Address target) {
  Packet a;
  put16(a, 1);
  put16(a, 0x0800);
  a.push_back(6);
  a.push_back(4);
  put16(a, 1);
  a.insert(a.end(), from.octets().begin(), from.octets().end());
  put32(a, from_ip.value());
  a.insert(a.end(), 6, 0);
  put32(a, target.value());
  return ethernet_frame(MacAddress::broadcast(), from, 0x0806, a);
}

// A frame the router sent, read at fixed offsets (Ethernet, then IPv4, then ICMP).
struct Out {
  Packet frame;
  MacAddress eth_destination() const { return MacAddress::from_bytes(Bytes{frame}.first(6)); }
  MacAddress eth_source() const { return MacAddress::from_bytes(Bytes{frame}.subspan(6, 6)); }
  std::uint16_t ethertype() const { return get16(frame, 12); }
  bool is_ipv4() const { return ethertype() == 0x0800; }
  bool is_arp() const { return ethertype() == 0x0806; }
  Ipv4Address arp_target() const { return Ipv4Address(get32(frame, 38)); }
  // The IPv4 datagram, without Ethernet padding.
  Packet ip() const {
    Packet d(frame.begin() + 14, frame.end());
    d.resize(get16(d, 2));
    return d;
  }
  std::size_t ihl() const { return std::size_t{frame.at(14) & 0x0fu} * 4; }
  std::uint8_t tos() const { return frame.at(15); }
  std::uint16_t total_length() const { return get16(frame, 16); }
  std::uint16_t id() const { return get16(frame, 18); }
  bool df() const { return (get16(frame, 20) & 0x4000) != 0; }
  bool mf() const { return (get16(frame, 20) & 0x2000) != 0; }
  std::uint16_t offset() const { return get16(frame, 20) & 0x1fff; }
  std::uint8_t ttl() const { return frame.at(22); }
  std::uint8_t protocol() const { return frame.at(23); }
  std::uint16_t checksum() const { return get16(frame, 24); }
  Ipv4Address source() const { return Ipv4Address(get32(frame, 26)); }
  Ipv4Address destination() const { return Ipv4Address(get32(frame, 30)); }
  bool header_checksum_ok() const { return ones_sum(frame, 14, ihl()) == 0xffff; }
  Packet payload() const {
    Packet d = ip();
    return Packet(d.begin() + static_cast<long>(ihl()), d.end());
  }
  // ICMP, at the start of the payload.
  std::uint8_t icmp_type() const { return payload().at(0); }
  std::uint8_t icmp_code() const { return payload().at(1); }
  std::uint32_t icmp_rest() const { return get32(payload(), 4); }
  bool icmp_checksum_ok() const {
    Packet p = payload();
    return ones_sum(p, 0, p.size()) == 0xffff;
  }
  Packet icmp_data() const {
    Packet p = payload();
    return Packet(p.begin() + 8, p.end());
  }
};

inline std::string describe(const Out& o) {
  if (!o.is_ipv4())
    return fmt::format("a {}-byte frame of type 0x{:04x}", o.frame.size(), o.ethertype());
  return fmt::format("{} -> {} proto {} ttl {} len {} id 0x{:04x} DF {} MF {} offset {}",
                     o.source(), o.destination(), o.protocol(), o.ttl(), o.total_length(), o.id(),
                     o.df(), o.mf(), o.offset());
}

// The router's address and MAC on interface n, and the hosts the test plays.
inline MacAddress router_mac(int n) {
  return MacAddress({0x52, 0x54, 0x00, 0x00, static_cast<std::uint8_t>(0x0a + n), 0x01});
}
inline MacAddress host_mac(int interface, int n) {
  return MacAddress({0x02, 0x00, 0x00, static_cast<std::uint8_t>(interface),
                     static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)});
}

// A router with up to three interfaces, each on its own wire; the test is at the far end of
// every wire. Interface 0: 192.168.10.1/24 (the LAN of lab 2's captures), interface 1:
// 198.51.100.1/24 (their WAN side), interface 2: 203.0.113.1/24 if asked for.
class RouterBench {
 public:
  static constexpr const char* addresses[3] = {"192.168.10.1/24", "198.51.100.1/24",
                                               "203.0.113.1/24"};

  explicit RouterBench(std::vector<std::size_t> mtus = {1500, 1500}) {
    router_ = std::make_unique<Router>();
    for (std::size_t i = 0; i < mtus.size(); ++i) {
      wires_.push_back(std::make_unique<MemoryMedium<2, 256>>());
      ports_.push_back(std::make_unique<Port>(wires_.back()->station(0)));
      auto index = router_->add_interface(*ports_.back(), router_mac(static_cast<int>(i)),
                                          prefix(addresses[i]), mtus[i]);
      REQUIRE(index.ok());
      story.step("router interface {}: {}, MAC {}, MTU {}", i, addresses[i],
                 router_mac(static_cast<int>(i)), mtus[i]);
    }
  }

  // The host `address` on interface `i`'s wire, MAC `mac`, makes itself known to the router (an
  // ARP request for the router's address: the router learns it and replies), so the router can
  // send to it at once.
  void neighbour(std::size_t i, Ipv4Address address, MacAddress mac) {
    story.step("{} ({}) on interface {} ARPs for the router", address, mac, i);
    wires_[i]->station(1).send(
        arp_request(mac, address, router_->interface(i).address().address()));
    router_->route();
    sent(i);
  }
  void add_route(const char* to, const char* via, std::size_t out) {
    story.step("route {} via {} out of interface {}", to, via, out);
    REQUIRE(router_->add_route(Route{prefix(to), ip(via), out, 0}).ok());
  }
  // `datagram` arrives on interface `i` in a frame to the router's MAC (or to `to`).
  void arrives(std::size_t i, const Packet& datagram, const std::string& what,
               std::optional<MacAddress> to = std::nullopt) {
    story.step("on interface {} arrives {}", i, what);
    wires_[i]->station(1).send(ethernet_frame(to.value_or(router_mac(static_cast<int>(i))),
                                              host_mac(static_cast<int>(i), 99), 0x0800, datagram));
    router_->route();
  }
  void pass(Duration elapsed) {
    story.step("{} pass", elapsed);
    router_->tick(elapsed);
  }
  // Every frame the router sent on interface `i` since the last call.
  std::vector<Out> sent(std::size_t i) {
    std::vector<Out> out;
    while (auto f = wires_[i]->station(1).receive())
      out.push_back({{f->bytes().begin(), f->bytes().end()}});
    return out;
  }
  Router& router() { return *router_; }
  const RouterCounters& counters() const { return router_->counters(); }
  testing::Story story;

 private:
  std::vector<std::unique_ptr<MemoryMedium<2, 256>>> wires_;
  std::vector<std::unique_ptr<Port>> ports_;
  std::unique_ptr<Router> router_;
};

}  // namespace camnet::test

// Router: a device with several network interfaces that passes datagrams between them (book section
// 12.6, "Packets and routing"), following RFC 1812, "Requirements for IP Version 4 Routers", as
// Linux and lwIP do.
//
// Each interface is a lab 2 NetworkInterface (it resolves next hops with ARP and hands up the
// datagrams it receives) with an MTU: the largest datagram its link carries. Adding an interface
// adds a directly attached route for its network, as Linux does when an address is configured
// (192.168.10.1/24 on interface 0 gives 192.168.10.0/24 -> interface 0, no gateway).
//
// What happens to a datagram that arrives (route(), or receive() for one frame):
//
//   1. Martians (RFC 1812 5.3.7): a source of 0.0.0.0/8, 127.0.0.0/8, a multicast group, the
//      limited broadcast, a broadcast address of an attached network or one of the router's own
//      addresses; a destination in 0.0.0.0/8 or 127.0.0.0/8: dropped, counted, never answered.
//   2. Broadcasts and multicasts (255.255.255.255, an attached network's broadcast address,
//      224.0.0.0/4) are never forwarded (RFC 1812 5.3.5, RFC 2644): nothing in the router listens
//      to them, so they are dropped and counted.
//   3. For one of the router's own addresses (any interface's, as Linux does): an echo request is
//      answered with an echo reply; UDP with port unreachable (no UDP service runs here); a
//      protocol the router does not speak with protocol unreachable (RFC 1812 4.3.2.1, RFC 1122
//      3.2.2.1); TCP, other ICMP messages and fragments are dropped (see "Differences from Linux").
//   4. Otherwise it is forwarded (handout §4): the longest-prefix route for its destination (none:
//      ICMP destination unreachable, network unreachable), TTL 1 or less: ICMP time exceeded;
//      larger than the outgoing MTU: fragments (handout §6), or, with DF set, ICMP destination
//      unreachable, fragmentation needed, carrying the MTU (RFC 1191). Then the TTL goes down by
//      one, the header checksum is updated incrementally (RFC 1624), and the datagram is sent to
//      the route's gateway, or to the destination itself if the route is directly attached.
//
// ICMP errors (handout §5): from the address of the interface the offending datagram arrived on
// (RFC 1812 4.3.2.4), TTL 64, TOS 0xc0 (IPTOS_PREC_INTERNETCONTROL, as Linux), quoting as much of
// the offending datagram as fits in 576 bytes (RFC 1812 4.3.2.3). Never about an ICMP error, a
// datagram for a broadcast or multicast address or received in a link-layer broadcast, a fragment
// other than the first, or a datagram from a source that is not one host (RFC 1812 4.3.2.7). And
// not too many: a token bucket (IcmpRateLimiter) lets a burst through, then one per interval.
//
// Differences from Linux (a Linux router, default sysctls), on purpose or for lack of a layer:
//   - no ICMP redirects (Linux sends one when a datagram leaves by the interface it came in on, to
//     a gateway on the sender's own link);
//   - IP options are forwarded as they are: no record-route or timestamp entries added (RFC 1812
//     5.3.13 asks for them; Linux adds them), and fragments after the first carry only the
//     options whose copy flag is set (RFC 791); Linux keeps the header length and overwrites the
//     others with NOPs;
//   - datagrams for the router are not reassembled (so a fragmented ping to the router gets no
//     reply), TCP gets no RST, timestamp requests no reply, and an echo reply does not echo the
//     request's IP options;
//   - one rate limiter for all ICMP errors (Linux keeps one per destination, plus a global one),
//     and no separate limiter for "unreachable" (Linux's ip_error has its own);
//   - the IP identification of the router's own datagrams is a counter, not Linux's per-destination
//     hash; the TOS of an error is 0xc0 exactly (Linux ORs in the offending datagram's TOS bits).
//
// A NAT (handout §7, route/nat.hpp) is hooked in with attach_nat(nat, outside), where Linux's
// netfilter hooks are (iptables -t nat -A POSTROUTING -o OUTSIDE -j MASQUERADE):
//   - PREROUTING: a datagram arriving on the outside interface for the NAT's public address goes
//     through nat.inbound() before anything else is decided. Translated, it is routed on to the
//     inside host like any other datagram (TTL, MTU, ICMP errors). Not translated (no flow or port
//     forward matches it, or the NAT does not handle its protocol), it is the router's own, as on
//     Linux: a ping to the public address is answered, UDP gets port unreachable, TCP is dropped.
//   - POSTROUTING: a forwarded datagram about to leave by the outside interface goes through
//     nat.outbound() after the routing decision and the TTL decrement, before fragmentation. One
//     the NAT refuses is dropped (counted in nat_dropped): Linux would pass a protocol its NAT does
//     not know with only its address rewritten; this NAT never lets a private address out.
//   - ICMP errors the router itself sends about a datagram the NAT translated inbound (its TTL ran
//     out, no route to the inside host, too big with DF) quote the datagram as it arrived, with the
//     public address in it: what the remote host sent, so it can match the error to its flow (Linux
//     reaches the same bytes by translating the quoted datagram back, RFC 5508 REQ-4). Errors about
//     a datagram from the inside are decided before POSTROUTING: they quote it untranslated, and go
//     back inside. The router's own messages (errors, echo replies) never pass through the NAT:
//     they leave from the router's own address.
// tick() ticks the NAT too.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "address/ipv4_address.hpp"
#include "address/ipv4_header.hpp"
#include "address/network_interface.hpp"
#include "camnet/clock.hpp"
#include "camnet/packet_buffer.hpp"
#include "camnet/result.hpp"
#include "frame/mac_address.hpp"
#include "frame/port.hpp"
#include "route/checksum_update.hpp"  // adjust_checksum (RFC 1624)
#include "route/icmp.hpp"
#include "route/nat.hpp"
#include "route/routing_table.hpp"

namespace camnet {

// A token bucket for ICMP errors, in the units Linux uses (net.ipv4.icmp_ratelimit): credit is
// time. It starts full with `burst` messages' worth; every message costs `interval`; credit comes
// back as time passes, up to the burst. So a flood gets `burst` errors at once, then one per
// interval.
class IcmpRateLimiter {
 public:
  static constexpr std::uint32_t burst = 6;  // Linux: XRLIM_BURST_FACTOR
  static constexpr Duration interval = std::chrono::milliseconds(1000);  // icmp_ratelimit=1000

  // True (and one message's worth of credit spent) if an error may go out now.
  bool allow();
  void tick(Duration elapsed);
  // How many errors may go out now.
  std::uint32_t available() const { return static_cast<std::uint32_t>(credit_ / interval); }

 private:
  Duration credit_ = burst * interval;
};

struct RouterCounters {
  std::uint64_t received = 0;        // datagrams taken from the interfaces
  std::uint64_t forwarded = 0;       // sent on towards their destination (fragmented: once)
  std::uint64_t fragmented = 0;      // of those, how many went in fragments
  std::uint64_t fragments_sent = 0;  // the fragments themselves
  std::uint64_t for_router = 0;      // addressed to one of the router's own addresses
  std::uint64_t echo_replies_sent = 0;
  std::uint64_t icmp_errors_sent = 0;
  std::uint64_t icmp_errors_suppressed = 0;        // RFC 1812 4.3.2.7 said no error
  std::uint64_t icmp_errors_rate_limited = 0;      // the token bucket said not now
  std::uint64_t dropped_no_route = 0;              // (answered: network unreachable)
  std::uint64_t dropped_ttl_exceeded = 0;          // (answered: time exceeded)
  std::uint64_t dropped_fragmentation_needed = 0;  // too big with DF (answered: code 4 + MTU)
  std::uint64_t dropped_port_unreachable = 0;      // UDP for the router (answered)
  std::uint64_t dropped_protocol_unreachable = 0;  // a protocol the router lacks (answered)
  std::uint64_t dropped_martian_source = 0;
  std::uint64_t dropped_martian_destination = 0;
  std::uint64_t dropped_broadcast = 0;       // IP broadcast or multicast: never forwarded
  std::uint64_t dropped_link_broadcast = 0;  // unicast IP in a link-layer broadcast: not forwarded
  std::uint64_t dropped_local = 0;  // for the router, not answered: TCP, fragments, other ICMP,
                                    // broken ICMP or UDP
  std::uint64_t dropped_unroutable_reply = 0;  // an echo reply or error with no route back
  std::uint64_t nat_translated_in = 0;         // PREROUTING: the NAT translated it back inside
  std::uint64_t nat_translated_out = 0;        // POSTROUTING: the NAT translated its source
  std::uint64_t nat_dropped = 0;               // POSTROUTING: the NAT refused it (see nat.hpp)
};

enum class RouterError : std::uint8_t {
  too_many_interfaces,  // max_interfaces already
  bad_mtu,              // below 68 (RFC 791's minimum) or above 1500 (Ethernet's payload)
  table_full,           // no room for the interface's directly attached route
};
const char* to_string(RouterError error);

class Router {
 public:
  static constexpr std::size_t max_interfaces = 4;
  static constexpr std::size_t max_routes = 64;
  using Table = RoutingTable<max_routes>;
  static constexpr std::size_t default_mtu = 1500;
  static constexpr std::size_t min_mtu = 68;    // RFC 791: every host and link takes 68 bytes
  static constexpr std::size_t max_mtu = 1500;  // an Ethernet payload
  static constexpr std::size_t icmp_error_size = 576;    // RFC 1812 4.3.2.3: an error's total size
  static constexpr std::uint8_t icmp_ttl = 64;           // Linux's net.ipv4.ip_default_ttl
  static constexpr std::uint8_t icmp_error_tos = 0xc0;   // IPTOS_PREC_INTERNETCONTROL
  static constexpr std::uint8_t highest_icmp_type = 18;  // Linux's NR_ICMP_TYPES: above, unknown

  Router() = default;
  // The interfaces keep references to their ports, and the ports to their links: a Router stays
  // where it is.
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // A new interface on `port` with `mac` and `address` (host address and prefix length, as
  // 192.168.10.1/24), carrying at most `mtu` bytes per datagram. Adds the directly attached route
  // for address's network (metric 0). Gives the interface's index: 0, 1, ...
  Result<std::size_t, RouterError> add_interface(Port& port, MacAddress mac, Ipv4Prefix address,
                                                 std::size_t mtu = default_mtu);
  // Adds or removes a route (see RoutingTable). A route's interface must have been added (a route
  // out of an interface that does not exist is a bug in the caller: it stops the program).
  Result<Route, RouteError> add_route(const Route& route);
  Result<Route, RouteError> remove_route(Ipv4Prefix prefix);

  // Handles everything waiting: every datagram already in an interface's queue, and every frame
  // waiting on every port.
  void route();
  // One frame arrived on interface `index`: the interface handles it (ARP, IPv4 checks) and the
  // router then handles the datagram in it, if there is one.
  void receive(std::size_t index, Bytes frame);
  // `elapsed` time passed, for the interfaces (ARP), the ICMP rate limiter and the NAT.
  void tick(Duration elapsed);

  // Passes the datagrams arriving on and leaving by interface `outside` through `nat` (see the
  // header comment); `nat` must outlive the router or be detached. One NAT per router: attaching
  // another replaces it. An interface that has not been added is a bug in the caller (panic).
  void attach_nat(Nat& nat, std::size_t outside);
  void detach_nat();
  Nat* nat() const { return nat_; }
  std::size_t nat_interface() const { return nat_interface_; }

  std::size_t interface_count() const { return count_; }
  NetworkInterface& interface(std::size_t index);
  const NetworkInterface& interface(std::size_t index) const;
  std::size_t mtu(std::size_t index) const;
  // True if `address` is one of the router's interface addresses.
  bool is_own_address(Ipv4Address address) const;
  const Table& table() const { return table_; }
  const RouterCounters& counters() const { return counters_; }
  const IcmpRateLimiter& rate_limiter() const { return limiter_; }

 private:
  // A datagram (checked by the interface) arrived on interface `in`; `link_group` if its frame
  // was sent to a link-layer broadcast or multicast address.
  void handle(Bytes datagram, std::size_t in, bool link_group);
  // Martians and broadcasts (steps 1 and 2 above): true if the datagram was dropped.
  bool drop_martian(const Ipv4View& ip, std::size_t in);
  // For one of the router's addresses (step 3).
  void deliver_locally(const Ipv4View& ip, std::size_t in, bool link_group);
  // Everything else (step 4).
  void forward(const Ipv4View& ip, std::size_t in, bool link_group);
  // Sends `datagram` (DF clear, or fitting) out of interface `out` to `next_hop`, in fragments if
  // it is larger than that interface's MTU.
  void transmit(Bytes datagram, std::size_t out, Ipv4Address next_hop);
  // Sends `header` + `payload` out of `out` in fragments of at most mtu(out) bytes (RFC 791).
  void send_fragments(const Ipv4Header& header, Bytes payload, std::size_t out,
                      Ipv4Address next_hop);
  // RFC 1812 4.3.2.7: may an ICMP error be sent about `offending`?
  bool may_send_error(const Ipv4View& offending, bool link_group) const;
  // Sends ICMP error `error` about `offending` (which arrived on `in`) back to its source. The
  // error's source is `in`'s address, or `source` if given (for datagrams addressed to the
  // router, their own destination, as Linux does).
  void send_icmp_error(const Ipv4View& offending, std::size_t in, bool link_group,
                       const IcmpHeader& error, std::optional<Ipv4Address> source = std::nullopt);
  // send_icmp_error()'s work, about `offending` as the error will quote it.
  void quote_icmp_error(const Ipv4View& offending, std::size_t in, bool link_group,
                        const IcmpHeader& error, std::optional<Ipv4Address> source);
  // Sends a datagram the router made itself (an ICMP reply or error): routes it by its
  // destination and transmits it. False if there is no route back.
  bool originate(const Ipv4Header& header, const IcmpHeader& message, Bytes data);
  // True if `address` is the broadcast address of an attached network (a /30 or larger).
  bool is_attached_broadcast(Ipv4Address address) const;
  // PREROUTING: `ip` arrived on `in`; if the NAT translates it, routes the translated datagram
  // (with arrived_ pointing at `ip`) and gives true; false: the caller carries on with `ip`.
  bool nat_inbound(const Ipv4View& ip, std::size_t in, bool link_group);
  // POSTROUTING: `datagram` is about to leave by `out`. True if it may go (translated, or not the
  // NAT's interface); false if the NAT refused it (counted in nat_dropped).
  bool nat_outbound(PacketBuffer& datagram, std::size_t out);

  std::array<std::optional<NetworkInterface>, max_interfaces> interfaces_;
  std::array<Port*, max_interfaces> ports_{};
  std::array<std::size_t, max_interfaces> mtus_{};
  std::size_t count_ = 0;
  Table table_;
  IcmpRateLimiter limiter_;
  RouterCounters counters_;
  std::uint16_t next_id_ = 1;  // identification of the datagrams the router makes itself
  Nat* nat_ = nullptr;
  std::size_t nat_interface_ = 0;
  // While a datagram the NAT translated inbound is handled: that datagram as it arrived (what ICMP
  // errors about it quote). nullptr otherwise.
  const Ipv4View* arrived_ = nullptr;
};

}  // namespace camnet

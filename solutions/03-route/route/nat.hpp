// Nat: network address and port translation (NAPT), book section 12.7: "record the private address
// and port, rewrite the source, reverse the rewrite for the reply".
//
// A router with one public address (203.0.113.5, say) lets every inside host (192.168.1.x) reach the
// Internet through it. Outbound, the NAT records (protocol, inside address, inside port), picks a
// public port, and rewrites the source to public address:public port. Inbound, a reply to that
// public port is rewritten back to the inside address and port. Nothing outside ever sees a private
// address.
//
//   inside 192.168.1.10:5000 -> 198.51.100.7:53      becomes   203.0.113.5:5000 -> 198.51.100.7:53
//   198.51.100.7:53 -> 203.0.113.5:5000 (the reply)  becomes   198.51.100.7:53 -> 192.168.1.10:5000
//
// What counts as the "port": the UDP or TCP source port; for ICMP echo (ping), the identifier (an
// echo reply carries the identifier of its request, RFC 792). Each datagram is rewritten in place,
// and its checksums are updated rather than recomputed (RFC 1624): the IPv4 header checksum, and the
// transport checksum, which for UDP and TCP also covers the addresses (the pseudo-header) but for
// ICMP does not. A UDP checksum of 0 means "no checksum" (RFC 768) and stays 0.
//
// The choices, and where they come from:
// - Mapping: endpoint-independent (RFC 4787 REQ-1): one inside address:port gets the same public
//   port whichever remote it writes to. Filtering: address-and-port-dependent (RFC 4787 section 5):
//   each (inside endpoint, remote endpoint) flow is an entry of the table, and an inbound datagram
//   gets in only if it comes from a remote address:port the inside host wrote to. This is what
//   Linux's conntrack does; it is the safer choice for a camera.
// - Public port: the inside port itself if no other inside endpoint holds it for that protocol (as
//   Linux's MASQUERADE does), else the next free port after it, wrapping from 65535 to 1024 (so a
//   taken port below 1024 first tries the ports just above it: Linux too keeps low ports low).
//   Linux calls a port free if the whole resulting 5-tuple is unique, so two inside hosts writing
//   from the same port to *different* remotes may share a public port there; here they never do
//   (the second gets the next port): that is what endpoint-independent mapping requires.
// - Other protocols than UDP, TCP and ICMP, and ICMP messages other than echo and the errors below:
//   dropped and counted (unsupported). Linux rewrites the address alone for them and matches the
//   replies on (protocol, remote address), which allows one inside host per remote; the camera needs
//   none of them (GRE, ESP, SCTP), and passing them on untranslated would leak a private address
//   that no reply could reach.
// - ICMP errors (destination unreachable, time exceeded, parameter problem) about a translated
//   datagram are translated both ways: the outer address, and the quoted datagram's address and port
//   (RFC 5508 asks for this "ICMP error payload translation"; Linux does it). Traceroute through
//   the NAT depends on it. Errors never create or refresh a flow.
// - Fragments (More Fragments set, or an offset other than 0) are dropped and counted: a non-first
//   fragment carries no port, and matching it to its first fragment means keeping state per datagram
//   being reassembled. Linux reassembles before translating; dropping keeps memory bounded and the
//   camera never needs fragments (its datagrams fit one frame).
// - Timeouts (named below): the RFC minimums, refreshed by traffic either way. UDP 2 min (RFC 4787
//   REQ-5: at least 2 min; Linux keeps 30 s for a flow never answered, 120 s once answered, so Linux
//   breaks the RFC for one-way flows). TCP 2 h 4 min once the remote has answered (RFC 5382 REQ-5:
//   at least 2 h 4 min "established"; Linux keeps 5 days, too long for a table of 256 entries on a
//   camera), and 4 min while only the inside host has spoken or after a RST or FINs both ways (RFC
//   5382 REQ-5's "transitory" timeout; Linux's SYN_SENT is 2 min, TIME_WAIT 2 min). ICMP echo 60 s
//   (RFC 5508 REQ-1: at least 60 s; Linux 30 s).
// - The table holds nat::max_mappings flows. When it is full a new flow is dropped and counted;
//   flows already in the table keep working. Lookups are a linear scan: 256 entries is nothing
//   next to a frame's time on the wire at 100 Mbit/s.
//
// The three ways into a host behind a NAT (section 12.7):
//   1. A port forward: add_port_forward() sends every datagram for a public port to a fixed inside
//      address and port, and the answers leave from that public port. This is the only one with code.
//   2. A tunnel: the inside host keeps a VPN connection open to a server outside; anyone reaching
//      that server reaches the host through the tunnel, which the NAT sees as one ordinary flow.
//   3. An outbound connection: the camera connects out (to an MQTT broker, say) and keeps the
//      connection open; everything it needs arrives as replies on a flow the NAT already knows.
//
// Time moves only through tick(), as in every stateful part of the stack.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "address/ipv4_address.hpp"
#include "camnet/bytes.hpp"
#include "camnet/clock.hpp"
#include "route/checksum_update.hpp"  // adjust_checksum (RFC 1624), for the checksums it rewrites

namespace camnet {

namespace nat {
// The flows the table holds (each is one inside endpoint talking to one remote endpoint).
inline constexpr std::size_t max_mappings = 256;
inline constexpr std::size_t max_port_forwards = 16;
// When the inside port is taken, the ports after it are tried up to dynamic_ports_last, then from
// dynamic_ports_first on (the range Linux uses for ports 1024 and up).
inline constexpr std::uint16_t dynamic_ports_first = 1024;
inline constexpr std::uint16_t dynamic_ports_last = 65535;
// How long a flow lives after its last datagram (see the header comment for the sources).
inline constexpr Duration udp_timeout = std::chrono::minutes(2);
inline constexpr Duration tcp_established_timeout = std::chrono::minutes(124);  // 2 h 4 min
inline constexpr Duration tcp_transitory_timeout = std::chrono::minutes(4);
inline constexpr Duration icmp_query_timeout = std::chrono::seconds(60);

}  // namespace nat

// What happened to a datagram handed to outbound() or inbound().
enum class NatVerdict : std::uint8_t {
  translated,              // rewritten in place: send it on
  malformed,               // a broken IPv4 header, or a transport header cut short: untouched
  fragment,                // a fragment (MF set or offset not 0): dropped, untouched
  unsupported,             // another protocol or ICMP type: dropped, untouched
  unsolicited,             // no flow or port forward matched: dropped, untouched (inbound: the
                           // router may still answer it as its own, e.g. a ping to its address)
  table_full,              // a new flow found the table full: dropped, untouched
  no_public_address,       // outbound before set_public_address() (0.0.0.0): dropped
  not_for_public_address,  // inbound: the destination is not the public address: untouched
};
const char* to_string(NatVerdict verdict);

struct NatCounters {
  std::uint64_t translated_out = 0;
  std::uint64_t translated_in = 0;           // including the two below
  std::uint64_t port_forwarded_in = 0;       // let in by a port forward
  std::uint64_t icmp_errors_translated = 0;  // either way (also in translated_out/_in)
  std::uint64_t dropped_malformed = 0;
  std::uint64_t dropped_fragment = 0;
  std::uint64_t dropped_unsupported = 0;
  std::uint64_t dropped_unsolicited = 0;
  std::uint64_t dropped_table_full = 0;
  std::uint64_t dropped_no_public_address = 0;
  std::uint64_t not_for_public_address = 0;
  std::uint64_t mappings_created = 0;
  std::uint64_t mappings_expired = 0;
};

// One flow of the table, as a tool prints it. For ICMP echo the ports are identifiers and the
// remote port is 0.
struct NatMapping {
  std::uint8_t protocol = 0;  // ip_protocol::udp, tcp or icmp
  Ipv4Address inside_address;
  std::uint16_t inside_port = 0;
  std::uint16_t public_port = 0;
  Ipv4Address remote_address;
  std::uint16_t remote_port = 0;
  Duration remaining{0};  // until it expires, unless traffic refreshes it
};

struct NatPortForward {
  std::uint8_t protocol = 0;  // ip_protocol::udp or tcp
  std::uint16_t public_port = 0;
  Ipv4Address inside_address;
  std::uint16_t inside_port = 0;
};

class Nat {
 public:
  // A NAT whose outside interface has `public_address` (0.0.0.0 until a DHCP lease: outbound
  // datagrams are then dropped).
  explicit Nat(Ipv4Address public_address);

  // The outside address changed (a new DHCP lease): every flow is forgotten, since the remotes knew
  // the old address (Linux's MASQUERADE does the same). Port forwards stay.
  void set_public_address(Ipv4Address public_address);
  Ipv4Address public_address() const { return public_address_; }

  // `datagram` (an IPv4 header and payload; Ethernet padding after Total Length is allowed and left
  // alone) came from the inside and leaves through the outside interface. On `translated` its source
  // is now the public address and port. Any other verdict leaves every byte as it was.
  NatVerdict outbound(MutableBytes datagram);
  // `datagram` arrived on the outside interface. On `translated` its destination is now the inside
  // host's address and port (for an ICMP error, the quoted datagram's source too).
  NatVerdict inbound(MutableBytes datagram);
  // `elapsed` time passed: flows idle for their timeout are forgotten.
  void tick(Duration elapsed);

  // Every UDP or TCP datagram for `public_port` that matches no flow goes to
  // `inside_address`:`inside_port`, and what that host sends from there leaves from `public_port`.
  // False if the protocol is neither UDP nor TCP, the public port is already forwarded for that
  // protocol, or nat::max_port_forwards are set. A flow already holding the port keeps it.
  bool add_port_forward(std::uint8_t protocol, std::uint16_t public_port,
                        Ipv4Address inside_address, std::uint16_t inside_port);
  // False if there was no such forward.
  bool remove_port_forward(std::uint8_t protocol, std::uint16_t public_port);
  std::size_t port_forward_count() const { return forward_count_; }
  NatPortForward port_forward(std::size_t index) const;  // 0 <= index < port_forward_count()

  std::size_t mapping_count() const { return count_; }
  // Flow number `index` (0 <= index < mapping_count()), in no particular order.
  NatMapping mapping(std::size_t index) const;

  const NatCounters& counters() const { return counters_; }

 private:
  // One flow: an inside endpoint, the public port it was given, the remote it talks to.
  struct Entry {
    std::uint8_t protocol = 0;
    Ipv4Address inside_address;
    std::uint16_t inside_port = 0;
    std::uint16_t public_port = 0;
    Ipv4Address remote_address;
    std::uint16_t remote_port = 0;
    Timestamp last_seen{0};
    // TCP only: what was seen, for the timeout (see lifetime()).
    bool answered = false;  // a datagram came back from the remote
    bool fin_out = false;
    bool fin_in = false;
    bool reset = false;
  };
  // Which way a datagram travels.
  enum class Direction : std::uint8_t { out, in };
  // The two ends of a datagram as the NAT sees them. Outbound, `local` is the inside host; inbound,
  // it is the public address and port. For ICMP echo the local port is the identifier and the
  // remote port is 0.
  struct Flow {
    std::uint8_t protocol = 0;
    Ipv4Address local_address;
    std::uint16_t local_port = 0;
    Ipv4Address remote_address;
    std::uint16_t remote_port = 0;
  };

  // The flow of the datagram (or quoted datagram) `ip`, whose header is `header_length` bytes and
  // whose transport header holds at least its ports, travelling `direction`.
  static Flow flow_of(Bytes ip, std::size_t header_length, Direction direction);
  // Counts `verdict` in its counter and returns it.
  NatVerdict count(NatVerdict verdict);
  NatVerdict outbound_error(MutableBytes datagram, std::size_t header_length);
  NatVerdict inbound_error(MutableBytes datagram, std::size_t header_length);

  // The table (given to students: it works like lab 2's neighbour cache).
  Entry* find_by_inside(const Flow& flow);  // `flow` outbound
  Entry* find_by_public(const Flow& flow);  // `flow` inbound
  const NatPortForward* forward_by_inside(const Flow& flow) const;
  const NatPortForward* forward_by_public(const Flow& flow) const;
  bool public_port_free(std::uint8_t protocol, std::uint16_t port) const;
  // The public port for a new flow from `flow`'s local (inside) endpoint, if one is free.
  std::optional<std::uint16_t> choose_public_port(const Flow& flow) const;
  // A datagram of `direction` passed through `entry`: refresh it (and follow TCP's flags at
  // `tcp_flags`, 0 for other protocols).
  void touch(Entry& entry, Direction direction, std::uint8_t tcp_flags);
  Duration lifetime(const Entry& entry) const;

  Ipv4Address public_address_;
  Timestamp now_{0};
  NatCounters counters_;
  std::array<Entry, nat::max_mappings> entries_{};
  std::size_t count_ = 0;
  std::array<NatPortForward, nat::max_port_forwards> forwards_{};
  std::size_t forward_count_ = 0;
};

}  // namespace camnet

#include "route/nat.hpp"

#include "address/ipv4_header.hpp"
#include "camnet/panic.hpp"

namespace camnet {

namespace {

// ICMP types (RFC 792) the NAT looks at.
constexpr std::uint8_t icmp_echo_reply = 0;
constexpr std::uint8_t icmp_destination_unreachable = 3;
constexpr std::uint8_t icmp_echo_request = 8;
constexpr std::uint8_t icmp_time_exceeded = 11;
constexpr std::uint8_t icmp_parameter_problem = 12;

bool is_icmp_error(std::uint8_t type) {
  return type == icmp_destination_unreachable || type == icmp_time_exceeded ||
         type == icmp_parameter_problem;
}

// TCP flags (byte 13 of the TCP header, RFC 793).
constexpr std::size_t tcp_flags_at = 13;
constexpr std::uint8_t tcp_fin = 0x01;
constexpr std::uint8_t tcp_rst = 0x04;

// Where a transport header keeps what the NAT rewrites: the port of each end (for ICMP echo, the
// one identifier serves both ends), and the checksum, which for UDP and TCP also covers the
// addresses of the IPv4 header (the pseudo-header) and for ICMP does not.
struct Layout {
  std::size_t source_port;
  std::size_t destination_port;
  std::size_t checksum;
  bool pseudo_header;
  std::size_t minimum;  // bytes a datagram's transport header needs for all of the above
};
constexpr Layout udp_layout{0, 2, 6, true, 8};
constexpr Layout tcp_layout{0, 2, 16, true, 20};
constexpr Layout icmp_layout{4, 4, 2, false, 8};
// A quoted datagram (inside an ICMP error) is only promised its first 8 transport bytes (RFC 792):
// enough for the ports and the ICMP identifier. Its checksum is fixed if it was quoted.
constexpr std::size_t quoted_minimum = 8;

const Layout* layout_of(std::uint8_t protocol) {
  switch (protocol) {
    case ip_protocol::udp:
      return &udp_layout;
    case ip_protocol::tcp:
      return &tcp_layout;
    case ip_protocol::icmp:
      return &icmp_layout;
    default:
      return nullptr;
  }
}

// IPv4 header fields (RFC 791).
constexpr std::size_t checksum_at = 10;
constexpr std::size_t source_at = 12;
constexpr std::size_t destination_at = 16;
constexpr std::size_t protocol_at = 9;

enum class End : std::uint8_t { source, destination };

// Writes `value` into the 16-bit word at `at`, and updates the checksum at `enclosing` (nullptr if
// none) for the change.
void store_word(std::uint8_t* at, std::uint16_t value, std::uint8_t* enclosing) {
  std::uint16_t old = load_u16(at);
  if (enclosing != nullptr)
    store_u16(enclosing, adjust_checksum(load_u16(enclosing), old, value));
  store_u16(at, value);
}

// The word at `at` becomes `value`. Fixes every checksum that covers it: the IPv4 header checksum
// at `header_checksum` and the transport checksum at `transport_checksum` (either may be nullptr:
// not covered, or not there), and the checksum `enclosing` of an ICMP error quoting all of these
// bytes (nullptr if none), which also sees the two checksum fields change. A UDP checksum of 0
// means "none" and stays 0; a UDP checksum that comes out 0 is sent as 0xffff (RFC 768).
void change_word(std::uint8_t* at, std::uint16_t value, std::uint8_t* header_checksum,
                 std::uint8_t* transport_checksum, bool udp, std::uint8_t* enclosing) {
  // BEGIN SOLUTION: write the word, then fix each checksum that covers it with adjust_checksum (handout §7)
  // Read the old word first. A checksum field is itself a word that changes: write it with
  // store_word(field, new_checksum, enclosing) so the enclosing checksum sees it too.
  std::uint16_t old = load_u16(at);
  if (old == value)
    return;
  store_word(at, value, enclosing);
  if (header_checksum != nullptr)
    store_word(header_checksum, adjust_checksum(load_u16(header_checksum), old, value), enclosing);
  if (transport_checksum != nullptr) {
    std::uint16_t checksum = load_u16(transport_checksum);
    if (udp && checksum == 0)
      return;
    std::uint16_t updated = adjust_checksum(checksum, old, value);
    if (udp && updated == 0)
      updated = 0xffff;
    store_word(transport_checksum, updated, enclosing);
  }
  // END SOLUTION
}

// Rewrites one end of the IPv4 datagram in `ip` (its header is `header_length` bytes, its
// transport header follows; `ip` may be a quoted datagram cut short after 8 transport bytes): the
// source or destination address becomes `address` and, if `port` has a value, that end's port (for
// ICMP echo: the identifier) becomes `*port`. Keeps the IPv4 header checksum and the transport
// checksum right (the latter only where it was quoted); `enclosing` as for change_word().
void rewrite_end(MutableBytes ip, std::size_t header_length, End end, Ipv4Address address,
                 std::optional<std::uint16_t> port, std::uint8_t* enclosing) {
  // BEGIN SOLUTION: change the two address words and the port word with change_word (handout §7)
  // The address is in the IPv4 header (covered by the header checksum) and, for UDP and TCP, in
  // the pseudo-header (covered by the transport checksum); the port is covered by the transport
  // checksum only. layout_of() says where the port and the checksum are.
  std::uint8_t protocol = ip[protocol_at];
  const Layout* layout = layout_of(protocol);
  std::uint8_t* base = ip.data();
  std::uint8_t* transport = base + header_length;
  std::size_t transport_size = ip.size() - header_length;
  std::uint8_t* transport_checksum = nullptr;
  if (layout != nullptr && layout->checksum + 2 <= transport_size)
    transport_checksum = transport + layout->checksum;
  bool udp = protocol == ip_protocol::udp;
  std::uint8_t* pseudo = layout != nullptr && layout->pseudo_header ? transport_checksum : nullptr;
  std::uint8_t* at = base + (end == End::source ? source_at : destination_at);
  change_word(at, static_cast<std::uint16_t>(address.value() >> 16), base + checksum_at, pseudo,
              udp, enclosing);
  change_word(at + 2, static_cast<std::uint16_t>(address.value()), base + checksum_at, pseudo, udp,
              enclosing);
  if (port && layout != nullptr) {
    std::size_t port_at = end == End::source ? layout->source_port : layout->destination_port;
    change_word(transport + port_at, *port, nullptr, transport_checksum, udp, enclosing);
  }
  // END SOLUTION
}

}  // namespace

const char* to_string(NatVerdict verdict) {
  switch (verdict) {
    case NatVerdict::translated:
      return "translated";
    case NatVerdict::malformed:
      return "malformed";
    case NatVerdict::fragment:
      return "fragment";
    case NatVerdict::unsupported:
      return "unsupported";
    case NatVerdict::unsolicited:
      return "unsolicited";
    case NatVerdict::table_full:
      return "table full";
    case NatVerdict::no_public_address:
      return "no public address";
    case NatVerdict::not_for_public_address:
      return "not for the public address";
  }
  return "?";
}

Nat::Nat(Ipv4Address public_address) : public_address_(public_address) {}

void Nat::set_public_address(Ipv4Address public_address) {
  public_address_ = public_address;
  count_ = 0;
}

NatVerdict Nat::count(NatVerdict verdict) {
  switch (verdict) {
    case NatVerdict::translated:
      break;
    case NatVerdict::malformed:
      ++counters_.dropped_malformed;
      break;
    case NatVerdict::fragment:
      ++counters_.dropped_fragment;
      break;
    case NatVerdict::unsupported:
      ++counters_.dropped_unsupported;
      break;
    case NatVerdict::unsolicited:
      ++counters_.dropped_unsolicited;
      break;
    case NatVerdict::table_full:
      ++counters_.dropped_table_full;
      break;
    case NatVerdict::no_public_address:
      ++counters_.dropped_no_public_address;
      break;
    case NatVerdict::not_for_public_address:
      ++counters_.not_for_public_address;
      break;
  }
  return verdict;
}

namespace {

// What outbound() and inbound() both check first: a whole IPv4 header, not a fragment, a protocol
// the NAT translates with its transport header all there. On success, the datagram without any
// Ethernet padding.
struct Checked {
  MutableBytes ip;
  std::size_t header_length = 0;
  std::uint8_t protocol = 0;
};
Result<Checked, NatVerdict> check_datagram(MutableBytes datagram) {
  auto view = Ipv4View::check(datagram);
  if (!view)
    return fail(NatVerdict::malformed);
  if (view->more_fragments() || view->fragment_offset() != 0)
    return fail(NatVerdict::fragment);
  const Layout* layout = layout_of(view->protocol());
  if (layout == nullptr)
    return fail(NatVerdict::unsupported);
  if (view->payload().size() < layout->minimum)
    return fail(NatVerdict::malformed);
  return Checked{datagram.first(view->total_length()), view->header_length(), view->protocol()};
}

// The datagram quoted by the ICMP error in `ip` (header `header_length` bytes), checked to hold an
// IPv4 header and 8 transport bytes of UDP, TCP or ICMP echo of `echo_type`, and not to be a
// non-first fragment.
Result<Checked, NatVerdict> check_quoted(MutableBytes ip, std::size_t header_length,
                                         std::uint8_t echo_type) {
  MutableBytes icmp = ip.subspan(header_length);
  if (icmp.size() < 8 + ipv4::min_header)
    return fail(NatVerdict::malformed);
  MutableBytes inner = icmp.subspan(8);
  if ((inner[0] >> 4) != 4)
    return fail(NatVerdict::malformed);
  std::size_t inner_length = std::size_t{inner[0] & 0x0fu} * 4;
  if (inner_length < ipv4::min_header || inner.size() < inner_length + quoted_minimum)
    return fail(NatVerdict::malformed);
  if ((load_u16(inner.data() + 6) & 0x1fff) != 0)
    return fail(NatVerdict::fragment);
  std::uint8_t protocol = inner[protocol_at];
  if (layout_of(protocol) == nullptr)
    return fail(NatVerdict::unsupported);
  if (protocol == ip_protocol::icmp && inner[inner_length] != echo_type)
    return fail(NatVerdict::unsupported);  // an error about an error, or not about echo
  return Checked{inner, inner_length, protocol};
}

}  // namespace

Nat::Flow Nat::flow_of(Bytes ip, std::size_t header_length, Direction direction) {
  Flow flow;
  flow.protocol = ip[protocol_at];
  const std::uint8_t* transport = ip.data() + header_length;
  Ipv4Address source(load_u32(ip.data() + source_at));
  Ipv4Address destination(load_u32(ip.data() + destination_at));
  if (flow.protocol == ip_protocol::icmp) {
    flow.local_port = load_u16(transport + icmp_layout.source_port);
    flow.remote_port = 0;
    flow.local_address = direction == Direction::out ? source : destination;
    flow.remote_address = direction == Direction::out ? destination : source;
    return flow;
  }
  std::uint16_t source_port = load_u16(transport);
  std::uint16_t destination_port = load_u16(transport + 2);
  if (direction == Direction::out) {
    flow.local_address = source;
    flow.local_port = source_port;
    flow.remote_address = destination;
    flow.remote_port = destination_port;
  } else {
    flow.local_address = destination;
    flow.local_port = destination_port;
    flow.remote_address = source;
    flow.remote_port = source_port;
  }
  return flow;
}

NatVerdict Nat::outbound(MutableBytes datagram) {
  auto checked = check_datagram(datagram);
  if (!checked)
    return count(checked.error());
  if (public_address_.is_unspecified())
    return count(NatVerdict::no_public_address);
  MutableBytes ip = checked->ip;
  std::size_t header_length = checked->header_length;
  std::uint8_t tcp_flags = 0;
  if (checked->protocol == ip_protocol::icmp) {
    std::uint8_t type = ip[header_length];
    if (is_icmp_error(type))
      return outbound_error(ip, header_length);
    if (type != icmp_echo_request)
      return count(NatVerdict::unsupported);
  } else if (checked->protocol == ip_protocol::tcp) {
    tcp_flags = ip[header_length + tcp_flags_at];
  }
  Flow flow = flow_of(ip, header_length, Direction::out);
  // BEGIN SOLUTION: find the flow's public port (its entry, a port forward, or a new entry), then rewrite the source (handout §7)
  // In that order: find_by_inside(flow); else forward_by_inside(flow) (no entry needed); else a
  // new entry, if the table has room and choose_public_port() finds a port (else table_full).
  // touch() the entry, then rewrite_end(..., End::source, public_address_, port, nullptr).
  // Count translated_out (and mappings_created for a new entry).
  Entry* entry = find_by_inside(flow);
  std::uint16_t public_port = 0;
  if (entry != nullptr) {
    public_port = entry->public_port;
  } else if (const NatPortForward* forward = forward_by_inside(flow)) {
    public_port = forward->public_port;
  } else {
    if (count_ == nat::max_mappings)
      return count(NatVerdict::table_full);
    std::optional<std::uint16_t> chosen = choose_public_port(flow);
    if (!chosen)
      return count(NatVerdict::table_full);
    public_port = *chosen;
    entry = &entries_[count_++];
    *entry = Entry{};
    entry->protocol = flow.protocol;
    entry->inside_address = flow.local_address;
    entry->inside_port = flow.local_port;
    entry->public_port = public_port;
    entry->remote_address = flow.remote_address;
    entry->remote_port = flow.remote_port;
    ++counters_.mappings_created;
  }
  if (entry != nullptr)
    touch(*entry, Direction::out, tcp_flags);
  rewrite_end(ip, header_length, End::source, public_address_, public_port, nullptr);
  ++counters_.translated_out;
  return NatVerdict::translated;
  // END SOLUTION
}

NatVerdict Nat::inbound(MutableBytes datagram) {
  auto view = Ipv4View::check(datagram);
  if (!view)
    return count(NatVerdict::malformed);
  if (public_address_.is_unspecified() || view->destination() != public_address_)
    return count(NatVerdict::not_for_public_address);
  auto checked = check_datagram(datagram);
  if (!checked)
    return count(checked.error());
  MutableBytes ip = checked->ip;
  std::size_t header_length = checked->header_length;
  std::uint8_t tcp_flags = 0;
  if (checked->protocol == ip_protocol::icmp) {
    std::uint8_t type = ip[header_length];
    if (is_icmp_error(type))
      return inbound_error(ip, header_length);
    if (type == icmp_echo_request)
      return count(NatVerdict::unsolicited);  // a ping for the router itself
    if (type != icmp_echo_reply)
      return count(NatVerdict::unsupported);
  } else if (checked->protocol == ip_protocol::tcp) {
    tcp_flags = ip[header_length + tcp_flags_at];
  }
  Flow flow = flow_of(ip, header_length, Direction::in);
  // BEGIN SOLUTION: find the flow by its public port and remote (or a port forward), then rewrite the destination back (handout §7)
  // find_by_public(flow) first: touch() it, rewrite_end(..., End::destination, inside address,
  // inside port, nullptr), count translated_in. Else forward_by_public(flow): the same rewrite to
  // the forward's inside address and port, counted in port_forwarded_in too. Else unsolicited.
  if (Entry* entry = find_by_public(flow)) {
    touch(*entry, Direction::in, tcp_flags);
    rewrite_end(ip, header_length, End::destination, entry->inside_address, entry->inside_port,
                nullptr);
    ++counters_.translated_in;
    return NatVerdict::translated;
  }
  if (const NatPortForward* forward = forward_by_public(flow)) {
    rewrite_end(ip, header_length, End::destination, forward->inside_address, forward->inside_port,
                nullptr);
    ++counters_.translated_in;
    ++counters_.port_forwarded_in;
    return NatVerdict::translated;
  }
  return count(NatVerdict::unsolicited);
  // END SOLUTION
}

// An ICMP error from an inside host (or an inside router) about a datagram that came in through
// the NAT. The quoted datagram travelled inbound: its destination is the inside endpoint, which
// becomes the public address and port again, and the outer source becomes the public address.
NatVerdict Nat::outbound_error(MutableBytes ip, std::size_t header_length) {
  auto quoted = check_quoted(ip, header_length, icmp_echo_reply);
  if (!quoted)
    return count(quoted.error());
  Flow flow = flow_of(quoted->ip, quoted->header_length, Direction::in);
  std::uint16_t public_port = 0;
  if (const Entry* entry = find_by_inside(flow)) {
    public_port = entry->public_port;
  } else if (const NatPortForward* forward = forward_by_inside(flow)) {
    public_port = forward->public_port;
  } else {
    return count(NatVerdict::unsolicited);
  }
  std::uint8_t* icmp_checksum = ip.data() + header_length + 2;
  rewrite_end(quoted->ip, quoted->header_length, End::destination, public_address_, public_port,
              icmp_checksum);
  rewrite_end(ip, header_length, End::source, public_address_, std::nullopt, nullptr);
  ++counters_.translated_out;
  ++counters_.icmp_errors_translated;
  return NatVerdict::translated;
}

// An ICMP error from outside (port unreachable, time exceeded, ...) about a datagram the NAT sent
// out. The quoted datagram travelled outbound: its source is the public address and port.
NatVerdict Nat::inbound_error(MutableBytes ip, std::size_t header_length) {
  auto quoted = check_quoted(ip, header_length, icmp_echo_request);
  if (!quoted)
    return count(quoted.error());
  Flow flow = flow_of(quoted->ip, quoted->header_length, Direction::out);
  // BEGIN SOLUTION: find the quoted datagram's flow by its public source, then rewrite the quoted source and the outer destination (handout §7)
  // The mirror of outbound_error() above. The quoted source must be the public address (else
  // unsolicited); its flow is found like an inbound datagram's: find_by_public(flow), then
  // forward_by_public(flow). The quoted datagram lies inside the ICMP message, so its changes are
  // reported to the outer ICMP checksum (the `enclosing` argument); the outer ICMP checksum has no
  // pseudo-header, so the outer destination changes only the outer IPv4 header checksum.
  if (flow.local_address != public_address_)
    return count(NatVerdict::unsolicited);
  Ipv4Address inside_address;
  std::uint16_t inside_port = 0;
  if (const Entry* entry = find_by_public(flow)) {
    inside_address = entry->inside_address;
    inside_port = entry->inside_port;
  } else if (const NatPortForward* forward = forward_by_public(flow)) {
    inside_address = forward->inside_address;
    inside_port = forward->inside_port;
  } else {
    return count(NatVerdict::unsolicited);
  }
  std::uint8_t* icmp_checksum = ip.data() + header_length + 2;
  rewrite_end(quoted->ip, quoted->header_length, End::source, inside_address, inside_port,
              icmp_checksum);
  rewrite_end(ip, header_length, End::destination, inside_address, std::nullopt, nullptr);
  ++counters_.translated_in;
  ++counters_.icmp_errors_translated;
  return NatVerdict::translated;
  // END SOLUTION
}

void Nat::tick(Duration elapsed) {
  now_ += elapsed;
  // A flow last seen at t is there at t + timeout - 1 ms and gone at t + timeout.
  std::size_t kept = 0;
  for (std::size_t i = 0; i < count_; ++i) {
    if (now_ - entries_[i].last_seen < lifetime(entries_[i]))
      entries_[kept++] = entries_[i];
    else
      ++counters_.mappings_expired;
  }
  count_ = kept;
}

Duration Nat::lifetime(const Entry& entry) const {
  switch (entry.protocol) {
    case ip_protocol::udp:
      return nat::udp_timeout;
    case ip_protocol::icmp:
      return nat::icmp_query_timeout;
    default:
      break;
  }
  bool established = entry.answered && !entry.reset && !(entry.fin_out && entry.fin_in);
  return established ? nat::tcp_established_timeout : nat::tcp_transitory_timeout;
}

void Nat::touch(Entry& entry, Direction direction, std::uint8_t tcp_flags) {
  entry.last_seen = now_;
  if (entry.protocol != ip_protocol::tcp)
    return;
  if (direction == Direction::in)
    entry.answered = true;
  if ((tcp_flags & tcp_fin) != 0)
    (direction == Direction::out ? entry.fin_out : entry.fin_in) = true;
  if ((tcp_flags & tcp_rst) != 0)
    entry.reset = true;
}

Nat::Entry* Nat::find_by_inside(const Flow& flow) {
  for (std::size_t i = 0; i < count_; ++i) {
    Entry& e = entries_[i];
    if (e.protocol == flow.protocol && e.inside_address == flow.local_address &&
        e.inside_port == flow.local_port && e.remote_address == flow.remote_address &&
        e.remote_port == flow.remote_port)
      return &e;
  }
  return nullptr;
}

Nat::Entry* Nat::find_by_public(const Flow& flow) {
  for (std::size_t i = 0; i < count_; ++i) {
    Entry& e = entries_[i];
    if (e.protocol == flow.protocol && e.public_port == flow.local_port &&
        e.remote_address == flow.remote_address && e.remote_port == flow.remote_port)
      return &e;
  }
  return nullptr;
}

const NatPortForward* Nat::forward_by_inside(const Flow& flow) const {
  for (std::size_t i = 0; i < forward_count_; ++i) {
    const NatPortForward& f = forwards_[i];
    if (f.protocol == flow.protocol && f.inside_address == flow.local_address &&
        f.inside_port == flow.local_port)
      return &f;
  }
  return nullptr;
}

const NatPortForward* Nat::forward_by_public(const Flow& flow) const {
  for (std::size_t i = 0; i < forward_count_; ++i) {
    const NatPortForward& f = forwards_[i];
    if (f.protocol == flow.protocol && f.public_port == flow.local_port)
      return &f;
  }
  return nullptr;
}

bool Nat::public_port_free(std::uint8_t protocol, std::uint16_t port) const {
  for (std::size_t i = 0; i < count_; ++i) {
    if (entries_[i].protocol == protocol && entries_[i].public_port == port)
      return false;
  }
  for (std::size_t i = 0; i < forward_count_; ++i) {
    if (forwards_[i].protocol == protocol && forwards_[i].public_port == port)
      return false;
  }
  return true;
}

std::optional<std::uint16_t> Nat::choose_public_port(const Flow& flow) const {
  // BEGIN SOLUTION: the port this inside endpoint already has; else its own port if free; else the next free one in the range (handout §7)
  // 1. Endpoint-independent mapping: an entry with the same protocol, inside address and inside
  //    port (talking to another remote) gives its public port.
  // 2. public_port_free(protocol, inside port): keep the inside port, as Linux does.
  // 3. Try inside port + 1, + 2, ..., where the port after nat::dynamic_ports_last is
  //    nat::dynamic_ports_first; give up (std::nullopt) once every port has been tried.
  for (std::size_t i = 0; i < count_; ++i) {
    const Entry& e = entries_[i];
    if (e.protocol == flow.protocol && e.inside_address == flow.local_address &&
        e.inside_port == flow.local_port)
      return e.public_port;
  }
  if (public_port_free(flow.protocol, flow.local_port))
    return flow.local_port;
  std::uint16_t port = flow.local_port;
  for (std::size_t tried = 0; tried < 65536; ++tried) {
    port = port >= nat::dynamic_ports_last ? nat::dynamic_ports_first
                                           : static_cast<std::uint16_t>(port + 1);
    if (public_port_free(flow.protocol, port))
      return port;
  }
  return std::nullopt;
  // END SOLUTION
}

bool Nat::add_port_forward(std::uint8_t protocol, std::uint16_t public_port,
                           Ipv4Address inside_address, std::uint16_t inside_port) {
  if (protocol != ip_protocol::udp && protocol != ip_protocol::tcp)
    return false;
  if (forward_count_ == nat::max_port_forwards)
    return false;
  for (std::size_t i = 0; i < forward_count_; ++i) {
    if (forwards_[i].protocol == protocol && forwards_[i].public_port == public_port)
      return false;
  }
  forwards_[forward_count_++] = NatPortForward{protocol, public_port, inside_address, inside_port};
  return true;
}

bool Nat::remove_port_forward(std::uint8_t protocol, std::uint16_t public_port) {
  for (std::size_t i = 0; i < forward_count_; ++i) {
    if (forwards_[i].protocol == protocol && forwards_[i].public_port == public_port) {
      forwards_[i] = forwards_[--forward_count_];
      return true;
    }
  }
  return false;
}

NatPortForward Nat::port_forward(std::size_t index) const {
  if (index >= forward_count_)
    panic("Nat::port_forward: index out of range");
  return forwards_[index];
}

NatMapping Nat::mapping(std::size_t index) const {
  if (index >= count_)
    panic("Nat::mapping: index out of range");
  const Entry& e = entries_[index];
  NatMapping m;
  m.protocol = e.protocol;
  m.inside_address = e.inside_address;
  m.inside_port = e.inside_port;
  m.public_port = e.public_port;
  m.remote_address = e.remote_address;
  m.remote_port = e.remote_port;
  m.remaining = lifetime(e) - std::chrono::duration_cast<Duration>(now_ - e.last_seen);
  return m;
}

}  // namespace camnet

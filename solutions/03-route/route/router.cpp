#include "route/router.hpp"

#include <algorithm>
#include <cstring>

#include "address/checksum.hpp"
#include "camnet/panic.hpp"
#include "frame/ethernet.hpp"

namespace camnet {

namespace {

// 0.0.0.0/8: "this network" (RFC 1122 3.2.1.3): a source only while a host has no address yet.
bool is_this_network(Ipv4Address address) {
  return (address.value() >> 24) == 0;
}

// A UDP datagram the router could have answered: a header (8 bytes) whose length field fits the
// IPv4 payload, and a checksum (over the pseudo-header and the datagram, RFC 768) that adds up or
// is 0 ("none"). Linux drops anything else without a word, before looking for a socket.
bool udp_is_sound(const Ipv4View& ip) {
  Bytes udp = ip.payload();
  if (udp.size() < 8)
    return false;
  std::uint16_t length = load_u16(udp.data() + 4);
  if (length < 8 || length > udp.size())
    return false;
  udp = udp.first(length);
  if (load_u16(udp.data() + 6) == 0)
    return true;
  std::uint8_t pseudo[12];
  store_u32(pseudo, ip.source().value());
  store_u32(pseudo + 4, ip.destination().value());
  pseudo[8] = 0;
  pseudo[9] = ip_protocol::udp;
  store_u16(pseudo + 10, length);
  // internet_checksum() gives the inverted sum; the sums of the two parts add up in ones'
  // complement (the pseudo-header has an even length, so the words line up).
  std::uint32_t sum = std::uint32_t{static_cast<std::uint16_t>(~internet_checksum(pseudo))} +
                      static_cast<std::uint16_t>(~internet_checksum(udp));
  sum = (sum & 0xffff) + (sum >> 16);
  return sum == 0xffff;
}

}  // namespace

bool IcmpRateLimiter::allow() {
  if (credit_ < interval)
    return false;
  credit_ -= interval;
  return true;
}

void IcmpRateLimiter::tick(Duration elapsed) {
  credit_ = std::min<Duration>(credit_ + elapsed, burst * interval);
}

const char* to_string(RouterError error) {
  switch (error) {
    case RouterError::too_many_interfaces:
      return "too many interfaces";
    case RouterError::bad_mtu:
      return "MTU out of range (68 to 1500)";
    case RouterError::table_full:
      return "routing table full";
  }
  return "?";
}

Result<std::size_t, RouterError> Router::add_interface(Port& port, MacAddress mac,
                                                       Ipv4Prefix address, std::size_t mtu) {
  if (count_ == max_interfaces)
    return fail(RouterError::too_many_interfaces);
  if (mtu < min_mtu || mtu > max_mtu)
    return fail(RouterError::bad_mtu);
  Route attached{Ipv4Prefix(address.network(), address.length()), Ipv4Address{}, count_, 0};
  if (!table_.add(attached))
    return fail(RouterError::table_full);
  interfaces_[count_].emplace(port, mac, address);
  ports_[count_] = &port;
  mtus_[count_] = mtu;
  return count_++;
}

Result<Route, RouteError> Router::add_route(const Route& route) {
  if (route.interface >= count_)
    panic("Router::add_route: the route's interface has not been added");
  return table_.add(route);
}

Result<Route, RouteError> Router::remove_route(Ipv4Prefix prefix) {
  return table_.remove(prefix);
}

NetworkInterface& Router::interface(std::size_t index) {
  if (index >= count_)
    panic("Router::interface: no such interface");
  return *interfaces_[index];
}

const NetworkInterface& Router::interface(std::size_t index) const {
  if (index >= count_)
    panic("Router::interface: no such interface");
  return *interfaces_[index];
}

std::size_t Router::mtu(std::size_t index) const {
  if (index >= count_)
    panic("Router::mtu: no such interface");
  return mtus_[index];
}

bool Router::is_own_address(Ipv4Address address) const {
  for (std::size_t i = 0; i < count_; ++i) {
    if (interfaces_[i]->address().address() == address)
      return true;
  }
  return false;
}

bool Router::is_attached_broadcast(Ipv4Address address) const {
  for (std::size_t i = 0; i < count_; ++i) {
    Ipv4Prefix prefix = interfaces_[i]->address();
    if (prefix.length() <= 30 && prefix.broadcast() == address)
      return true;
  }
  return false;
}

void Router::route() {
  for (std::size_t i = 0; i < count_; ++i) {
    while (std::optional<PacketBuffer> datagram = interfaces_[i]->pop_datagram())
      handle(datagram->bytes(), i, false);
    while (std::optional<PacketBuffer> frame = ports_[i]->receive())
      receive(i, frame->bytes());
  }
}

void Router::receive(std::size_t index, Bytes frame) {
  NetworkInterface& in = interface(index);
  // Whatever was queued before this frame came some other way: its link-layer destination is
  // unknown, taken as unicast.
  while (std::optional<PacketBuffer> datagram = in.pop_datagram())
    handle(datagram->bytes(), index, false);
  // The interface keeps only the IPv4 datagram; RFC 1812 needs to know whether the frame was a
  // link-layer broadcast or multicast, so look before handing it over.
  Result<EthernetView, FrameError> ethernet = EthernetView::check(frame);
  bool link_group = ethernet && ethernet->destination().is_multicast();
  in.receive(frame);
  while (std::optional<PacketBuffer> datagram = in.pop_datagram())
    handle(datagram->bytes(), index, link_group);
}

void Router::tick(Duration elapsed) {
  for (std::size_t i = 0; i < count_; ++i)
    interfaces_[i]->tick(elapsed);
  limiter_.tick(elapsed);
  if (nat_ != nullptr)
    nat_->tick(elapsed);
}

void Router::attach_nat(Nat& nat, std::size_t outside) {
  if (outside >= count_)
    panic("Router::attach_nat: the outside interface has not been added");
  nat_ = &nat;
  nat_interface_ = outside;
}

void Router::detach_nat() {
  nat_ = nullptr;
  nat_interface_ = 0;
}

bool Router::nat_inbound(const Ipv4View& ip, std::size_t in, bool link_group) {
  // Only with a NAT, on its interface, for its public address.
  if (nat_ == nullptr || in != nat_interface_ || ip.destination() != nat_->public_address())
    return false;
  // BEGIN SOLUTION: PREROUTING: give a copy of the datagram to nat_->inbound() and route what it translates (handout §7)
  // inbound() rewrites in place: give it a copy (a PacketBuffer). Not translated: false (the bytes
  // are untouched; the router handles the datagram as its own). Translated: count
  // nat_translated_in, check the copy with Ipv4View, and handle it as if it had arrived that way:
  // is_own_address() -> deliver_locally(), else forward(). Meanwhile arrived_ points at `ip`, so
  // ICMP errors quote what the remote sent; clear it afterwards. Then true.
  PacketBuffer copy{ip.datagram()};
  if (nat_->inbound(copy.mutable_bytes()) != NatVerdict::translated)
    return false;
  ++counters_.nat_translated_in;
  Result<Ipv4View, Ipv4Error> translated = Ipv4View::check(copy.bytes());
  if (!translated)
    return true;  // the NAT keeps a datagram sound: cannot happen
  arrived_ = &ip;
  if (is_own_address(translated->destination())) {
    deliver_locally(*translated, in, link_group);
  } else {
    forward(*translated, in, link_group);
  }
  arrived_ = nullptr;
  return true;
  // END SOLUTION
}

bool Router::nat_outbound(PacketBuffer& datagram, std::size_t out) {
  // Without a NAT, or leaving by another interface: untouched.
  if (nat_ == nullptr || out != nat_interface_)
    return true;
  // BEGIN SOLUTION: POSTROUTING: the datagram goes through nat_->outbound() (handout §7)
  // nat_->outbound() on the buffer's bytes: translated counts nat_translated_out (true); any other
  // verdict counts nat_dropped (false: the router drops it).
  if (nat_->outbound(datagram.mutable_bytes()) != NatVerdict::translated) {
    ++counters_.nat_dropped;
    return false;
  }
  ++counters_.nat_translated_out;
  return true;
  // END SOLUTION
}

void Router::handle(Bytes datagram, std::size_t in, bool link_group) {
  Result<Ipv4View, Ipv4Error> ip = Ipv4View::check(datagram);
  if (!ip)
    return;  // the interface checked it already: cannot happen
  ++counters_.received;
  if (drop_martian(*ip, in))
    return;
  if (nat_inbound(*ip, in, link_group))
    return;  // translated and routed inside (PREROUTING, see router.hpp)
  if (is_own_address(ip->destination())) {
    deliver_locally(*ip, in, link_group);
    return;
  }
  forward(*ip, in, link_group);
}

bool Router::drop_martian(const Ipv4View& ip, std::size_t in) {
  (void)in;
  // In the order Linux's ip_route_input_slow() checks them.
  Ipv4Address source = ip.source();
  Ipv4Address destination = ip.destination();
  if (source.is_multicast() || source.is_limited_broadcast()) {
    ++counters_.dropped_martian_source;
    return true;
  }
  if (destination.is_limited_broadcast()) {
    ++counters_.dropped_broadcast;  // even from 0.0.0.0 (a DHCP client): no server here
    return true;
  }
  if (is_this_network(source) || source.is_loopback() || is_attached_broadcast(source) ||
      is_own_address(source)) {
    ++counters_.dropped_martian_source;
    return true;
  }
  if (is_this_network(destination) || destination.is_loopback()) {
    ++counters_.dropped_martian_destination;
    return true;
  }
  if (destination.is_multicast() || is_attached_broadcast(destination)) {
    ++counters_.dropped_broadcast;
    return true;
  }
  return false;
}

void Router::deliver_locally(const Ipv4View& ip, std::size_t in, bool link_group) {
  ++counters_.for_router;
  if (ip.more_fragments() || ip.fragment_offset() != 0) {
    ++counters_.dropped_local;  // no reassembly here
    return;
  }
  switch (ip.protocol()) {
    case ip_protocol::icmp: {
      // BEGIN SOLUTION: answer a sound echo request with an echo reply; drop any other ICMP (handout §3)
      // IcmpView::check the payload (broken: dropped_local). An echo request: the reply goes back
      // to the request's source, from the address it was sent to, with the same identifier,
      // sequence and data (Linux keeps the code and the TOS too), TTL icmp_ttl, DF clear.
      // originate() sends it (false: dropped_unroutable_reply); count echo_replies_sent.
      Result<IcmpView, IcmpError> icmp = IcmpView::check(ip.payload());
      if (!icmp || icmp->type() != icmp::echo_request) {
        ++counters_.dropped_local;
        return;
      }
      Ipv4Header reply;
      reply.dscp = ip.dscp();
      reply.ecn = ip.ecn();
      reply.identification = next_id_++;
      reply.ttl = icmp_ttl;
      reply.protocol = ip_protocol::icmp;
      reply.source = ip.destination();
      reply.destination = ip.source();
      IcmpHeader message{icmp::echo_reply, icmp->code(), icmp->rest_of_header()};
      if (originate(reply, message, icmp->data())) {
        ++counters_.echo_replies_sent;
      } else {
        ++counters_.dropped_unroutable_reply;
      }
      return;
      // END SOLUTION
    }
    case ip_protocol::udp:
      if (!udp_is_sound(ip)) {
        ++counters_.dropped_local;
        return;
      }
      ++counters_.dropped_port_unreachable;
      send_icmp_error(ip, in, link_group,
                      IcmpHeader::destination_unreachable(icmp::unreachable::port),
                      ip.destination());
      return;
    case ip_protocol::tcp:
    case 2:  // IGMP: Linux takes it and stays quiet
      ++counters_.dropped_local;
      return;
    default:
      ++counters_.dropped_protocol_unreachable;
      send_icmp_error(ip, in, link_group,
                      IcmpHeader::destination_unreachable(icmp::unreachable::protocol),
                      ip.destination());
      return;
  }
}

void Router::forward(const Ipv4View& ip, std::size_t in, bool link_group) {
  // BEGIN SOLUTION: route, check TTL and size, decrement TTL with an incremental checksum, send (handout §4)
  // In this order (Linux's, which decides which error a datagram gets):
  //   1. table_.lookup(destination); none: dropped_no_route, send_icmp_error(... network
  //      unreachable) (link_group is passed on: send_icmp_error decides whether to stay quiet).
  //   2. link_group: dropped_link_broadcast, silently (RFC 1812 5.3.4).
  //   3. TTL <= 1: dropped_ttl_exceeded, time exceeded (code 0).
  //   4. larger than mtu(route's interface) with DF set: dropped_fragmentation_needed,
  //      destination unreachable code 4 with that MTU.
  //   5. copy the datagram into a PacketBuffer, TTL - 1 at byte 8, and adjust_checksum() the
  //      checksum (bytes 10-11) for the 16-bit word at bytes 8-9 (TTL, protocol).
  //   6. nat_outbound(copy, out) (false: the NAT refused it, it is dropped); then transmit() it
  //      to the route's gateway, or to the destination if directly attached; count forwarded.
  std::optional<Route> route = table_.lookup(ip.destination());
  if (!route) {
    ++counters_.dropped_no_route;
    send_icmp_error(ip, in, link_group,
                    IcmpHeader::destination_unreachable(icmp::unreachable::net));
    return;
  }
  if (link_group) {
    ++counters_.dropped_link_broadcast;
    return;
  }
  if (ip.ttl() <= 1) {
    ++counters_.dropped_ttl_exceeded;
    send_icmp_error(ip, in, link_group, IcmpHeader::time_exceeded(icmp::exceeded::ttl));
    return;
  }
  std::size_t out = route->interface;
  if (ip.total_length() > mtus_[out] && ip.dont_fragment()) {
    ++counters_.dropped_fragmentation_needed;
    send_icmp_error(ip, in, link_group,
                    IcmpHeader::destination_unreachable(icmp::unreachable::fragmentation_needed,
                                                        static_cast<std::uint16_t>(mtus_[out])));
    return;
  }
  PacketBuffer copy{ip.datagram()};
  MutableBytes header = copy.mutable_bytes();
  std::uint16_t old_word = load_u16(header.data() + 8);
  header[8] = static_cast<std::uint8_t>(header[8] - 1);
  std::uint16_t new_word = load_u16(header.data() + 8);
  store_u16(header.data() + 10, adjust_checksum(load_u16(header.data() + 10), old_word, new_word));
  Ipv4Address next_hop = route->directly_attached() ? ip.destination() : route->next_hop;
  if (!nat_outbound(copy, out))
    return;
  transmit(copy.bytes(), out, next_hop);
  ++counters_.forwarded;
  // END SOLUTION
}

void Router::transmit(Bytes datagram, std::size_t out, Ipv4Address next_hop) {
  if (datagram.size() <= mtus_[out]) {
    interfaces_[out]->send_datagram(datagram, next_hop);
    return;
  }
  Result<Ipv4View, Ipv4Error> ip = Ipv4View::check(datagram);
  if (!ip)
    return;  // the router built or checked it: cannot happen
  ++counters_.fragmented;
  send_fragments(Ipv4Header::parse(*ip), ip->payload(), out, next_hop);
}

void Router::send_fragments(const Ipv4Header& header, Bytes payload, std::size_t out,
                            Ipv4Address next_hop) {
  // BEGIN SOLUTION: cut the payload into pieces of a multiple of 8 bytes that fit the MTU, each with its own header (handout §6)
  // RFC 791 3.2: the first fragment keeps every option; the others only the options whose copy
  // flag (bit 0x80 of the type) is set, padded with zeros (end of list) to a multiple of 4.
  // Fragment k: offset = header.fragment_offset + (bytes before it) / 8; MF set on all but the
  // last, which keeps the original's MF (the datagram may itself be a fragment). Each piece's
  // data length: (mtu - its header length) rounded down to a multiple of 8, or what is left.
  // Build each fragment in ONE PacketBuffer (append(), Ipv4Header::emit, copy the data), send it
  // with send_datagram, count fragments_sent, and reuse the buffer for the next.
  Ipv4Header later = header;  // the header of every fragment after the first
  later.options_length = 0;
  later.options = {};
  for (std::size_t i = 0; i < header.options_length;) {
    std::uint8_t type = header.options[i];
    if (type == 0)
      break;  // end of option list
    if (type == 1) {
      ++i;  // no-operation: not copied
      continue;
    }
    if (i + 1 >= header.options_length)
      break;
    std::size_t length = header.options[i + 1];
    if (length < 2 || i + length > header.options_length)
      break;  // a broken option: copy nothing more
    if ((type & 0x80) != 0) {
      std::copy_n(header.options.begin() + static_cast<std::ptrdiff_t>(i), length,
                  later.options.begin() + static_cast<std::ptrdiff_t>(later.options_length));
      later.options_length += length;
    }
    i += length;
  }
  later.options_length = (later.options_length + 3) / 4 * 4;  // zero padding: end of list

  const std::size_t mtu = mtus_[out];
  PacketBuffer buffer;
  std::size_t done = 0;
  while (done < payload.size()) {
    Ipv4Header piece = done == 0 ? header : later;
    std::size_t room = (mtu - piece.header_length()) / 8 * 8;
    std::size_t length = std::min(room, payload.size() - done);
    bool last = done + length == payload.size();
    piece.fragment_offset = static_cast<std::uint16_t>(header.fragment_offset + done / 8);
    piece.more_fragments = last ? header.more_fragments : true;
    buffer.assign(Bytes{});
    MutableBytes bytes = buffer.append(piece.header_length() + length);
    if (!piece.emit(bytes, length))
      return;
    std::memcpy(bytes.data() + piece.header_length(), payload.data() + done, length);
    interfaces_[out]->send_datagram(buffer.bytes(), next_hop);
    ++counters_.fragments_sent;
    done += length;
  }
  // END SOLUTION
}

bool Router::may_send_error(const Ipv4View& offending, bool link_group) const {
  // BEGIN SOLUTION: RFC 1812 4.3.2.7: the cases where a router must stay quiet (handout §5)
  // No error about: a frame sent to a link-layer broadcast or multicast; a non-first fragment
  // (offset != 0); a destination that is a broadcast or multicast address; a source that is not
  // one host (0.0.0.0/8, 127.0.0.0/8, multicast, the limited broadcast or an attached network's
  // broadcast); an ICMP error, or an ICMP message whose type cannot be read or is above
  // highest_icmp_type (Linux treats those as errors too).
  if (link_group || offending.fragment_offset() != 0)
    return false;
  Ipv4Address destination = offending.destination();
  if (destination.is_limited_broadcast() || destination.is_multicast() ||
      is_attached_broadcast(destination))
    return false;
  Ipv4Address source = offending.source();
  if (is_this_network(source) || source.is_loopback() || source.is_multicast() ||
      source.is_limited_broadcast() || is_attached_broadcast(source))
    return false;
  if (offending.protocol() == ip_protocol::icmp) {
    Bytes icmp = offending.payload();
    if (icmp.empty() || icmp::is_error(icmp[0]) || icmp[0] > highest_icmp_type)
      return false;
  }
  return true;
  // END SOLUTION
}

void Router::send_icmp_error(const Ipv4View& offending, std::size_t in, bool link_group,
                             const IcmpHeader& error, std::optional<Ipv4Address> source) {
  // About a datagram the NAT translated inbound: quote it as it arrived (router.hpp, "NAT").
  quote_icmp_error(arrived_ != nullptr ? *arrived_ : offending, in, link_group, error, source);
}

void Router::quote_icmp_error(const Ipv4View& offending, std::size_t in, bool link_group,
                              const IcmpHeader& error, std::optional<Ipv4Address> source) {
  if (!may_send_error(offending, link_group)) {
    ++counters_.icmp_errors_suppressed;
    return;
  }
  if (!limiter_.allow()) {
    ++counters_.icmp_errors_rate_limited;
    return;
  }
  // BEGIN SOLUTION: the error datagram: header fields, and as much of the offending datagram as fits in 576 bytes (handout §5)
  // IPv4: TOS icmp_error_tos (dscp 0x30, ecn 0), identification next_id_++, DF clear, TTL
  // icmp_ttl, protocol ICMP, source `source` or interface `in`'s address, destination the
  // offending datagram's source. ICMP: `error`, then the offending datagram AS IT ARRIVED (header
  // and payload, TTL not decremented), cut to icmp_error_size - 20 - 8 bytes.
  // originate() sends it (false: dropped_unroutable_reply); count icmp_errors_sent.
  Ipv4Header header;
  header.dscp = icmp_error_tos >> 2;
  header.ecn = 0;
  header.identification = next_id_++;
  header.ttl = icmp_ttl;
  header.protocol = ip_protocol::icmp;
  header.source = source ? *source : interfaces_[in]->address().address();
  header.destination = offending.source();
  Bytes original = offending.datagram();
  std::size_t room = icmp_error_size - ipv4::min_header - icmp::header_size;
  Bytes quoted = original.first(std::min(original.size(), room));
  if (originate(header, error, quoted)) {
    ++counters_.icmp_errors_sent;
  } else {
    ++counters_.dropped_unroutable_reply;
  }
  // END SOLUTION
}

bool Router::originate(const Ipv4Header& header, const IcmpHeader& message, Bytes data) {
  std::optional<Route> route = table_.lookup(header.destination);
  if (!route)
    return false;
  PacketBuffer buffer;
  std::size_t header_length = header.header_length();
  std::size_t icmp_length = icmp::header_size + data.size();
  MutableBytes bytes = buffer.append(header_length + icmp_length);
  if (bytes.empty())
    return false;  // larger than a PacketBuffer: cannot come from a datagram that fitted one
  if (!message.emit(bytes.subspan(header_length), data) || !header.emit(bytes, icmp_length))
    return false;
  Ipv4Address next_hop = route->directly_attached() ? header.destination : route->next_hop;
  transmit(buffer.bytes(), route->interface, next_hop);
  return true;
}

}  // namespace camnet

#include "address/network_interface.hpp"

#include "address/ipv4_header.hpp"
#include "camnet/panic.hpp"
#include "frame/ethernet.hpp"

namespace camnet {

NetworkInterface::NetworkInterface(Port& port, MacAddress mac, Ipv4Prefix address)
    : port_(port), mac_(mac), address_(address) {}

void NetworkInterface::send_frame(MacAddress destination, std::uint16_t type, Bytes payload) {
  PacketBuffer buffer{payload};
  EthernetHeader header{destination, mac_, {}, 0, type};
  if (!encapsulate(header, buffer))
    panic("NetworkInterface: no headroom for the Ethernet header");
  (void)port_.send(buffer.bytes());  // the port counts what it could not send
}

void NetworkInterface::send_arp(std::uint16_t opcode, MacAddress to, MacAddress target_mac,
                                Ipv4Address target_ip) {
  ArpMessage message{opcode, mac_, address_.address(), target_mac, target_ip};
  std::array<std::uint8_t, arp::message_size> bytes{};
  if (!message.emit(bytes))
    panic("NetworkInterface: ARP message did not fit");
  send_frame(to, ethertype::arp, bytes);
  if (opcode == arp::opcode_request) {
    ++counters_.arp_requests_sent;
  } else {
    ++counters_.arp_replies_sent;
  }
}

void NetworkInterface::send_datagram(Bytes datagram, Ipv4Address next_hop) {
  // A broadcast needs no ARP: every station on the link takes ff:ff:ff:ff:ff:ff. (A /31 or /32
  // has no broadcast address: its "broadcast" is a host.)
  bool directed_broadcast = address_.length() <= 30 && next_hop == address_.broadcast();
  if (next_hop.is_limited_broadcast() || directed_broadcast) {
    send_frame(MacAddress::broadcast(), ethertype::ipv4, datagram);
    ++counters_.datagrams_sent;
    return;
  }
  // Neither does a multicast group: RFC 1112 maps its low 23 bits into 01:00:5e:00:00:00.
  if (next_hop.is_multicast()) {
    std::uint32_t group = next_hop.value();
    send_frame(
        MacAddress({0x01, 0x00, 0x5e, static_cast<std::uint8_t>((group >> 16) & 0x7f),
                    static_cast<std::uint8_t>(group >> 8), static_cast<std::uint8_t>(group)}),
        ethertype::ipv4, datagram);
    ++counters_.datagrams_sent;
    return;
  }
  if (std::optional<MacAddress> mac = lookup(next_hop)) {
    send_frame(*mac, ethertype::ipv4, datagram);
    ++counters_.datagrams_sent;
    return;
  }
  // BEGIN SOLUTION: a miss: queue the datagram, and ask with one ARP request unless one is out already (handout §8)
  // Find `next_hop` among the neighbours being resolved. Found: queue the
  // datagram (a full queue drops it: dropped_queue_full). Not found: start resolving it (no room:
  // dropped_queue_full), queue the datagram and broadcast a request: send_arp(arp::opcode_request,
  // broadcast, zero MAC, next_hop).
  for (std::size_t i = 0; i < resolving_count_; ++i) {
    if (resolving_[i].ip == next_hop) {
      if (!resolving_[i].waiting.push(PacketBuffer{datagram}))
        ++counters_.dropped_queue_full;
      return;
    }
  }
  if (resolving_count_ == max_resolving) {
    ++counters_.dropped_queue_full;
    return;
  }
  Resolving& entry = resolving_[resolving_count_++];
  entry.ip = next_hop;
  entry.asked = now_;
  entry.waiting.clear();
  entry.waiting.push(PacketBuffer{datagram});
  send_arp(arp::opcode_request, MacAddress::broadcast(), MacAddress{}, next_hop);
  // END SOLUTION
}

void NetworkInterface::resolve(Ipv4Address next_hop) {
  // BEGIN SOLUTION: ask for `next_hop` unless it is cached or being resolved (handout §8)
  // The same as a miss in send_datagram, with no datagram to queue.
  if (lookup(next_hop))
    return;
  for (std::size_t i = 0; i < resolving_count_; ++i) {
    if (resolving_[i].ip == next_hop)
      return;
  }
  if (resolving_count_ == max_resolving)
    return;
  Resolving& entry = resolving_[resolving_count_++];
  entry.ip = next_hop;
  entry.asked = now_;
  entry.waiting.clear();
  send_arp(arp::opcode_request, MacAddress::broadcast(), MacAddress{}, next_hop);
  // END SOLUTION
}

void NetworkInterface::receive(Bytes frame) {
  Result<EthernetView, FrameError> view = EthernetView::check(frame);
  if (!view) {
    ++counters_.malformed;
    return;
  }
  // BEGIN SOLUTION: keep frames for this MAC or broadcast (untagged); hand IPv4 up, ARP to handle_arp (handout §8)
  // IPv4: Ipv4View::check the payload (broken: malformed); queue PacketBuffer{ip->datagram()}
  // in inbox_ (push returns false when full: dropped_inbox_full; else datagrams_received). ARP:
  // ArpView::check (broken: malformed), then handle_arp(ArpMessage::parse(...)). Anything else, or
  // not for us: ignored.
  MacAddress destination = view->destination();
  if ((destination != mac_ && !destination.is_broadcast()) || view->tag_count() != 0) {
    ++counters_.ignored;
    return;
  }
  if (view->ethertype() == ethertype::ipv4) {
    Result<Ipv4View, Ipv4Error> ip = Ipv4View::check(view->payload());
    if (!ip) {
      ++counters_.malformed;
    } else if (!inbox_.push(PacketBuffer{ip->datagram()})) {
      ++counters_.dropped_inbox_full;
    } else {
      ++counters_.datagrams_received;
    }
  } else if (view->ethertype() == ethertype::arp) {
    Result<ArpView, ArpError> message = ArpView::check(view->payload());
    if (!message) {
      ++counters_.malformed;
      return;
    }
    handle_arp(ArpMessage::parse(*message));
  } else {
    ++counters_.ignored;
  }
  // END SOLUTION
}

void NetworkInterface::handle_arp(const ArpMessage& message) {
  // BEGIN SOLUTION: learn the sender when the message concerns us; answer requests for our address (handout §8)
  // Learn (learn() below) when the target is our address, or when we already know or
  // are resolving the sender: RFC 826 updates what it knows, but does not fill the cache with
  // strangers. Never learn 0.0.0.0 (a host probing for an address has none yet). Answer a request
  // for our address with a reply sent straight back to the asker.
  bool for_us = message.target_ip == address_.address();
  bool wanted = lookup(message.sender_ip).has_value();
  for (std::size_t i = 0; i < resolving_count_; ++i)
    wanted = wanted || resolving_[i].ip == message.sender_ip;
  if ((for_us || wanted) && !message.sender_ip.is_unspecified() &&
      message.sender_ip != address_.address()) {
    learn(message.sender_ip, message.sender_mac);
  }
  if (message.is_request() && for_us) {
    send_arp(arp::opcode_reply, message.sender_mac, message.sender_mac, message.sender_ip);
  }
  // END SOLUTION
}

void NetworkInterface::learn(Ipv4Address ip, MacAddress mac) {
  // BEGIN SOLUTION: add or refresh ip -> mac (a full cache replaces the oldest entry); then send what waited for ip (handout §8)
  std::size_t slot = cached_;
  for (std::size_t i = 0; i < cached_; ++i) {
    if (cache_[i].ip == ip)
      slot = i;
  }
  if (slot == cached_ && cached_ == cache_capacity) {
    slot = 0;
    for (std::size_t i = 1; i < cached_; ++i) {
      if (cache_[i].learned < cache_[slot].learned)
        slot = i;
    }
  } else if (slot == cached_) {
    ++cached_;
  }
  cache_[slot] = Neighbour{ip, mac, now_};

  for (std::size_t i = 0; i < resolving_count_; ++i) {
    if (resolving_[i].ip != ip)
      continue;
    while (std::optional<PacketBuffer> datagram = resolving_[i].waiting.pop()) {
      send_frame(mac, ethertype::ipv4, datagram->bytes());
      ++counters_.datagrams_sent;
    }
    forget_resolving(i);
    return;
  }
  // END SOLUTION
}

// BEGIN SOLUTION DECLARATIONS: helpers for your own members (handout §8)
void NetworkInterface::forget_resolving(std::size_t index) {
  --resolving_count_;
  if (index != resolving_count_)
    resolving_[index] = std::move(resolving_[resolving_count_]);
}
// END SOLUTION

void NetworkInterface::tick(Duration elapsed) {
  now_ += elapsed;
  // BEGIN SOLUTION: forget mappings 30 s old; give up on resolutions 5 s old, dropping what waited (handout §8)
  // Learned at t: still there at t + 29.999 s, gone at t + 30 s. Asked at t: still
  // waiting at t + 4.999 s; at t + 5 s the waiting datagrams are dropped (count each in
  // dropped_unresolved).
  std::size_t kept = 0;
  for (std::size_t i = 0; i < cached_; ++i) {
    if (now_ - cache_[i].learned < cache_lifetime)
      cache_[kept++] = cache_[i];
  }
  cached_ = kept;
  for (std::size_t i = 0; i < resolving_count_;) {
    if (now_ - resolving_[i].asked >= arp_retry) {
      counters_.dropped_unresolved += resolving_[i].waiting.size();
      forget_resolving(i);
    } else {
      ++i;
    }
  }
  // END SOLUTION
}

void NetworkInterface::poll() {
  while (std::optional<PacketBuffer> frame = port_.receive())
    receive(frame->bytes());
}

std::optional<PacketBuffer> NetworkInterface::pop_datagram() {
  return inbox_.pop();
}

void NetworkInterface::set_address(Ipv4Prefix address) {
  address_ = address;
  // BEGIN SOLUTION: announce the new address with a gratuitous ARP request (handout §8)
  send_arp(arp::opcode_request, MacAddress::broadcast(), MacAddress{}, address.address());
  // END SOLUTION
}

std::optional<MacAddress> NetworkInterface::lookup(Ipv4Address ip) const {
  // BEGIN SOLUTION: search the cache (handout §8)
  for (std::size_t i = 0; i < cached_; ++i) {
    if (cache_[i].ip == ip)
      return cache_[i].mac;
  }
  return std::nullopt;
  // END SOLUTION
}

std::size_t NetworkInterface::cache_size() const {
  // BEGIN SOLUTION: how many mappings the cache holds (handout §8)
  return cached_;
  // END SOLUTION
}

Neighbour NetworkInterface::cache_entry(std::size_t index) const {
  if (index >= cache_size())
    panic("NetworkInterface::cache_entry: index past the cache");
  // BEGIN SOLUTION: entry number `index` of the cache (handout §8)
  return cache_[index];
  // END SOLUTION
}

}  // namespace camnet

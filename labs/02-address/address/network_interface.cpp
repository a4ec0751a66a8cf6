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
  // TODO(lab 2): a miss: queue the datagram, and ask with one ARP request unless one is out already (handout §8)
  // Find `next_hop` among the neighbours being resolved. Found: queue the
  // datagram (a full queue drops it: dropped_queue_full). Not found: start resolving it (no room:
  // dropped_queue_full), queue the datagram and broadcast a request: send_arp(arp::opcode_request,
  // broadcast, zero MAC, next_hop).
  camnet::todo("TODO(lab 2): a miss: queue the datagram, and ask with one ARP request unless one is out already (handout §8)");
}

void NetworkInterface::resolve(Ipv4Address next_hop) {
  // TODO(lab 2): ask for `next_hop` unless it is cached or being resolved (handout §8)
  // The same as a miss in send_datagram, with no datagram to queue.
  camnet::todo("TODO(lab 2): ask for `next_hop` unless it is cached or being resolved (handout §8)");
}

void NetworkInterface::receive(Bytes frame) {
  Result<EthernetView, FrameError> view = EthernetView::check(frame);
  if (!view) {
    ++counters_.malformed;
    return;
  }
  // TODO(lab 2): keep frames for this MAC or broadcast (untagged); hand IPv4 up, ARP to handle_arp (handout §8)
  // IPv4: Ipv4View::check the payload (broken: malformed); queue PacketBuffer{ip->datagram()}
  // in inbox_ (push returns false when full: dropped_inbox_full; else datagrams_received). ARP:
  // ArpView::check (broken: malformed), then handle_arp(ArpMessage::parse(...)). Anything else, or
  // not for us: ignored.
  camnet::todo("TODO(lab 2): keep frames for this MAC or broadcast (untagged); hand IPv4 up, ARP to handle_arp (handout §8)");
}

void NetworkInterface::handle_arp(const ArpMessage& message) {
  // TODO(lab 2): learn the sender when the message concerns us; answer requests for our address (handout §8)
  // Learn (learn() below) when the target is our address, or when we already know or
  // are resolving the sender: RFC 826 updates what it knows, but does not fill the cache with
  // strangers. Never learn 0.0.0.0 (a host probing for an address has none yet). Answer a request
  // for our address with a reply sent straight back to the asker.
  camnet::todo("TODO(lab 2): learn the sender when the message concerns us; answer requests for our address (handout §8)");
}

void NetworkInterface::learn(Ipv4Address ip, MacAddress mac) {
  // TODO(lab 2): add or refresh ip -> mac (a full cache replaces the oldest entry); then send what waited for ip (handout §8)
  camnet::todo("TODO(lab 2): add or refresh ip -> mac (a full cache replaces the oldest entry); then send what waited for ip (handout §8)");
}

// TODO(lab 2): helpers for your own members (handout §8)

void NetworkInterface::tick(Duration elapsed) {
  now_ += elapsed;
  // TODO(lab 2): forget mappings 30 s old; give up on resolutions 5 s old, dropping what waited (handout §8)
  // Learned at t: still there at t + 29.999 s, gone at t + 30 s. Asked at t: still
  // waiting at t + 4.999 s; at t + 5 s the waiting datagrams are dropped (count each in
  // dropped_unresolved).
  camnet::todo("TODO(lab 2): forget mappings 30 s old; give up on resolutions 5 s old, dropping what waited (handout §8)");
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
  // TODO(lab 2): announce the new address with a gratuitous ARP request (handout §8)
  camnet::todo("TODO(lab 2): announce the new address with a gratuitous ARP request (handout §8)");
}

std::optional<MacAddress> NetworkInterface::lookup(Ipv4Address ip) const {
  // TODO(lab 2): search the cache (handout §8)
  camnet::todo("TODO(lab 2): search the cache (handout §8)");
}

std::size_t NetworkInterface::cache_size() const {
  // TODO(lab 2): how many mappings the cache holds (handout §8)
  camnet::todo("TODO(lab 2): how many mappings the cache holds (handout §8)");
}

Neighbour NetworkInterface::cache_entry(std::size_t index) const {
  if (index >= cache_size())
    panic("NetworkInterface::cache_entry: index past the cache");
  // TODO(lab 2): entry number `index` of the cache (handout §8)
  camnet::todo("TODO(lab 2): entry number `index` of the cache (handout §8)");
}

}  // namespace camnet

// NetworkInterface: where IPv4 meets Ethernet. It sends datagrams to a next-hop IPv4 address,
// finding that address's MAC with ARP, and hands received datagrams up.
//
// Sending to a next hop (the destination itself, or the gateway: see next_hop()):
//   - its MAC is in the neighbour cache: wrap the datagram in a frame and send it at once;
//   - it is not: broadcast one ARP request and keep the datagram until the reply comes. A second
//     datagram for the same address within those 5 s is queued, with no second request. If 5 s
//     pass with no reply, resolution has failed: the waiting datagrams are dropped, and counted.
//     The interface does not ask again by itself; the next datagram for that address does.
//   - a broadcast (255.255.255.255, or the network's broadcast address on a /30 or larger) goes to
//     ff:ff:ff:ff:ff:ff, and a multicast group to its 01:00:5e MAC (RFC 1112), without ARP.
// Receiving a frame (only those for this interface's MAC or broadcast; others are ignored):
//   - IPv4: checked, then queued for pop_datagram();
//   - an ARP request for this interface's address: answered; its sender is learned;
//   - an ARP reply addressed to this interface: its sender is learned, and whatever waited for it
//     is sent.
// A learned mapping is kept for 30 s. The cache, the queue per neighbour and the number of
// neighbours being resolved at once are bounded, so a flood cannot grow memory: a full cache
// replaces the entry learned longest ago (it is the nearest to expiring anyway).
//
// Time moves only through tick(), as in every stateful part of the stack.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "address/arp.hpp"
#include "address/ipv4_address.hpp"
#include "camnet/bounded_queue.hpp"
#include "camnet/clock.hpp"
#include "camnet/packet_buffer.hpp"
#include "frame/mac_address.hpp"
#include "frame/port.hpp"

namespace camnet {

struct InterfaceCounters {
  std::uint64_t datagrams_sent = 0;
  std::uint64_t datagrams_received = 0;
  std::uint64_t arp_requests_sent = 0;
  std::uint64_t arp_replies_sent = 0;
  std::uint64_t dropped_unresolved = 0;  // waited for an ARP reply that never came
  std::uint64_t dropped_queue_full = 0;  // no room to wait (that neighbour's queue, or the table)
  std::uint64_t dropped_inbox_full = 0;  // received, but pop_datagram() was not called in time
  std::uint64_t ignored = 0;             // frames for another MAC, or of a type not handled here
  std::uint64_t malformed = 0;           // broken Ethernet, ARP or IPv4 headers
};

// A neighbour cache entry: `ip` is at `mac`, learned at `learned`.
struct Neighbour {
  Ipv4Address ip;
  MacAddress mac;
  Timestamp learned{0};
};

class NetworkInterface {
 public:
  static constexpr std::size_t cache_capacity = 32;
  static constexpr std::size_t max_resolving = 8;        // neighbours being resolved at once
  static constexpr std::size_t queue_per_neighbour = 4;  // datagrams waiting for one neighbour
  static constexpr std::size_t inbox_capacity = 16;      // received datagrams not yet popped
  static constexpr Duration arp_retry = std::chrono::seconds(5);
  static constexpr Duration cache_lifetime = std::chrono::seconds(30);

  // An interface on `port` with hardware address `mac` and IPv4 address and prefix `address`.
  NetworkInterface(Port& port, MacAddress mac, Ipv4Prefix address);

  // Sends `datagram` (an IPv4 header and its payload) to the neighbour `next_hop`.
  void send_datagram(Bytes datagram, Ipv4Address next_hop);
  // Finds `next_hop`'s MAC ahead of time: one ARP request if it is neither cached nor being
  // resolved already (a camera resolves its gateway at boot). Nothing waits for the answer.
  void resolve(Ipv4Address next_hop);
  // A frame arrived from the port.
  void receive(Bytes frame);
  // `elapsed` time passed.
  void tick(Duration elapsed);
  // Reads every frame waiting on the port and handles it with receive(). (Used by tools and
  // boards.)
  void poll();
  // The next datagram received, if any: an IPv4 header and payload, without Ethernet padding.
  std::optional<PacketBuffer> pop_datagram();

  // A new address: announced at once with a gratuitous ARP request (sender and target both the
  // new address), so neighbours that cached the old mapping update it.
  void set_address(Ipv4Prefix address);

  // What the neighbour cache says about `ip`, if anything.
  std::optional<MacAddress> lookup(Ipv4Address ip) const;
  std::size_t cache_size() const;
  // Entry `index` of the cache, for 0 <= index < cache_size(), in no particular order.
  Neighbour cache_entry(std::size_t index) const;

  MacAddress mac() const { return mac_; }
  Ipv4Prefix address() const { return address_; }
  const InterfaceCounters& counters() const { return counters_; }

 private:
  // Sends `payload` in a frame of type `ethertype` to `destination`.
  void send_frame(MacAddress destination, std::uint16_t ethertype, Bytes payload);
  void send_arp(std::uint16_t opcode, MacAddress to, MacAddress target_mac, Ipv4Address target_ip);
  void handle_arp(const ArpMessage& message);
  void learn(Ipv4Address ip, MacAddress mac);

  Port& port_;
  MacAddress mac_;
  Ipv4Prefix address_;
  Timestamp now_{0};
  InterfaceCounters counters_;
  BoundedQueue<PacketBuffer, inbox_capacity> inbox_;
  // BEGIN SOLUTION DECLARATIONS: the neighbour cache, and the neighbours being resolved with the datagrams waiting for each (handout §8)
  std::array<Neighbour, cache_capacity> cache_{};
  std::size_t cached_ = 0;

  struct Resolving {
    Ipv4Address ip;
    Timestamp asked{0};  // when the ARP request went out
    BoundedQueue<PacketBuffer, queue_per_neighbour> waiting;
  };
  std::array<Resolving, max_resolving> resolving_{};
  std::size_t resolving_count_ = 0;
  void forget_resolving(std::size_t index);
  // END SOLUTION
};

}  // namespace camnet

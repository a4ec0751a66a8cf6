// SOLUTION ONLY
//
// FastRoutingTable: the reference solution's answer to "how fast can a longest-prefix match be?"
// Same public API as RoutingTable (add / remove / lookup / size), plus a bulk lookup for the data
// plane and a batch build() that loads a whole table at once. It is never handed to students.
//
// Design: DIR-24-8 (Gupta, Lin, McKeown, "Routing lookups in hardware at memory access speeds",
// INFOCOM 1998), the layout of DPDK's rte_lpm and rte_fib, with 16-bit entries:
//
//   tbl24[dst >> 8]     one 16-bit entry per /24: either a next-hop id (bit 15 clear; 0 = no
//                       route) or, bit 15 set, the number of a 256-entry group ("tbl8");
//   group[g][dst & 255] a next-hop id, for the /24s that hold a prefix longer than /24.
//
// A lookup is one load, two for an address in a /24 that has longer prefixes. Entries are 16 bits,
// not rte_fib's 32 or 64 (rte_lpm's are 32): the array the lookups touch is 32 MiB instead of
// 64 MiB, so more of it stays in the caches and TLBs. The price is a next-hop table: routes name
// next hops by a 15-bit id (at most 32767 distinct (next hop, interface) pairs, reference counted),
// which is how routers store FIBs anyway.
//
// The control plane stays out of the lookup path: each entry's prefix length (its "depth") lives
// in a separate byte array, and the routes themselves in an open-addressing hash table keyed by
// (network, length). add() paints the prefix's entries whose depth is not greater than its own;
// remove() repaints the entries it owned with the next shorter covering route (found by probing the
// hash at lengths len-1 ... 0), as rte_lpm does. build() sorts the routes by length and paints
// them shortest first, which needs no depth comparisons at all.
//
// Storage: no heap. Every table is a fixed-size member array, so the object is about 101 MiB: it is
// for the host (a software router, the benchmark), never the camera, and host code allocates it
// with std::make_unique. Pages of the group array are touched only when groups are used.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "address/ipv4_address.hpp"
#include "camnet/result.hpp"
#include "route/routing_table.hpp"

namespace camnet {

class FastRoutingTable {
 public:
  static constexpr std::size_t max_routes = std::size_t{1} << 20;  // 1,048,576
  static constexpr std::size_t max_groups = (std::size_t{1} << 15) - 1;
  static constexpr std::size_t max_next_hops = (std::size_t{1} << 15) - 1;

  // What the data plane answers: an index in the next-hop table, 0 for "no route".
  using NextHopId = std::uint16_t;
  static constexpr NextHopId no_next_hop = 0;
  struct NextHop {
    Ipv4Address address;  // 0.0.0.0: directly attached
    std::size_t interface = 0;
  };

  FastRoutingTable();
  FastRoutingTable(const FastRoutingTable&) = delete;
  FastRoutingTable& operator=(const FastRoutingTable&) = delete;

  // As RoutingTable: the stored route (or the one kept by the metric rule); table_full when the
  // routes, the groups or the next-hop ids run out (the table is then unchanged).
  Result<Route, RouteError> add(const Route& route);
  Result<Route, RouteError> remove(Ipv4Prefix prefix);
  std::optional<Route> lookup(Ipv4Address destination) const;
  std::size_t size() const { return route_count_; }

  // Empties the table, then loads `routes` (same-prefix duplicates follow the metric rule). Much
  // faster than add() one by one. On table_full the table is left empty.
  Result<std::size_t, RouteError> build(std::span<const Route> routes);
  void clear();

  // The data plane: the next-hop id for `destination` (no_next_hop if no route matches).
  NextHopId lookup_next_hop(Ipv4Address destination) const {
    NextHopId entry = tbl24_[destination.value() >> 8];
    if (entry & group_flag)
      entry = group_entries_[(static_cast<std::size_t>(entry & id_mask) << 8) |
                             (destination.value() & 0xff)];
    return entry;
  }
  // out[i] = lookup_next_hop(destinations[i]), for i < destinations.size() (out must be as long),
  // with the table reads prefetched a few addresses ahead.
  void lookup_bulk(std::span<const Ipv4Address> destinations, std::span<NextHopId> out) const;
  // Next hop `id` (1 <= id, as returned by a lookup).
  const NextHop& next_hop(NextHopId id) const { return next_hops_[id].hop; }

  // Calls `visit(route)` for every route, in no particular order.
  template <class Visitor>
  void for_each(Visitor&& visit) const {
    for (const RouteSlot& slot : route_slots_) {
      if (slot.length != empty_slot)
        visit(route_of(slot));
    }
  }

  // Memory figures for the benchmark: bytes the lookups read (tbl24 and the groups in use), and
  // bytes in use in total (the data plane, the depths, the route hash, the next-hop table).
  std::size_t data_plane_bytes() const;
  std::size_t bytes_in_use() const;
  std::size_t groups_in_use() const { return groups_used_; }

 private:
  static constexpr NextHopId group_flag = 0x8000;
  static constexpr NextHopId id_mask = 0x7fff;
  static constexpr std::uint8_t empty_slot = 0xff;
  static constexpr std::size_t route_slot_count = std::size_t{1} << 21;  // 2 x max_routes
  static constexpr std::size_t next_hop_slot_count = std::size_t{1} << 16;

  struct RouteSlot {
    std::uint32_t network = 0;
    std::uint32_t metric = 0;
    NextHopId next_hop = 0;
    std::uint8_t length = empty_slot;  // 0-32, or empty_slot
  };
  struct NextHopEntry {
    NextHop hop;
    std::uint32_t references = 0;  // routes using it; 0 = free
  };

  Route route_of(const RouteSlot& slot) const;
  // The hash slot holding (network, length), or where it would go (an empty slot).
  std::size_t find_slot(std::uint32_t network, int length) const;
  void erase_slot(std::size_t slot);
  // The id of (address, interface), allocating one if new; 0 if every id is taken.
  NextHopId acquire_next_hop(const NextHop& hop);
  void release_next_hop(NextHopId id);
  std::size_t find_next_hop_slot(const NextHop& hop) const;

  // Writes (id, depth) over the entries of the prefix (network, length) that the change concerns:
  // for an add (owner < 0), those of depth <= `depth` (not owned by a longer prefix); for a
  // replacement or a removal, those of depth == owner (owned by the prefix itself). Returns false
  // if a group was needed and none was left (then nothing changed).
  bool paint(std::uint32_t network, int length, NextHopId id, int depth, int owner);
  // Makes tbl24 entry `index` a group (if it is not yet); returns the group, or -1 if none left.
  long group_of(std::size_t index);
  // Gives the group of tbl24 entry `index` back if no prefix longer than /24 is left in it.
  void maybe_free_group(std::size_t index);

  std::array<NextHopId, std::size_t{1} << 24> tbl24_;
  std::array<std::uint8_t, std::size_t{1} << 24> depth24_;
  std::array<NextHopId, max_groups * 256> group_entries_;
  std::array<std::uint8_t, max_groups * 256> group_depths_;
  std::array<std::uint16_t, max_groups> group_long_routes_;  // routes longer than /24 in it
  std::array<std::uint16_t, max_groups> free_groups_;
  std::size_t free_group_count_ = 0;
  std::size_t groups_touched_ = 0;  // groups [0, groups_touched_) have been handed out once
  std::size_t groups_used_ = 0;

  std::array<RouteSlot, route_slot_count> route_slots_;
  std::size_t route_count_ = 0;
  std::array<std::uint32_t, max_routes> build_order_;  // build(): route slots sorted by length

  std::array<NextHopEntry, max_next_hops + 1> next_hops_;      // [0] unused: id 0 is "no route"
  std::array<NextHopId, next_hop_slot_count> next_hop_slots_;  // hash of ids, 0 = empty
  std::array<NextHopId, max_next_hops> free_next_hops_;
  std::size_t free_next_hop_count_ = 0;
  std::size_t next_hops_touched_ = 1;
  std::size_t next_hops_used_ = 0;
};

}  // namespace camnet

// SOLUTION ONLY
#include "route/fast_routing_table.hpp"

namespace camnet {
namespace {

// The netmask of a /length prefix (length 0 to 32) as a number; /0 apart, since a shift by 32 is
// undefined.
std::uint32_t mask_of(int length) {
  return length == 0 ? 0u : 0xffffffffu << (32 - length);
}

std::uint64_t mix(std::uint64_t key) {
  key ^= key >> 31;
  key *= 0x9e3779b97f4a7c15u;
  key ^= key >> 29;
  return key;
}

std::size_t route_hash(std::uint32_t network, int length, std::size_t slots) {
  return mix((std::uint64_t{network} << 6) | static_cast<std::uint64_t>(length)) & (slots - 1);
}

std::size_t next_hop_hash(const FastRoutingTable::NextHop& hop, std::size_t slots) {
  return mix((std::uint64_t{hop.address.value()} << 32) ^ hop.interface ^ 0x5bd1e995u) &
         (slots - 1);
}

bool same_hop(const FastRoutingTable::NextHop& a, const FastRoutingTable::NextHop& b) {
  return a.address == b.address && a.interface == b.interface;
}

// In linear probing, may the entry whose home slot is `home`, found at `at`, move back to the hole
// at `hole`? Only if its home is not in the cyclic range (hole, at].
bool may_fill(std::size_t hole, std::size_t at, std::size_t home) {
  if (hole <= at)
    return home <= hole || home > at;
  return home <= hole && home > at;
}

}  // namespace

FastRoutingTable::FastRoutingTable() {
  clear();
}

void FastRoutingTable::clear() {
  tbl24_.fill(no_next_hop);
  depth24_.fill(0);
  free_group_count_ = 0;
  groups_touched_ = 0;
  groups_used_ = 0;
  route_slots_.fill(RouteSlot{});
  route_count_ = 0;
  next_hop_slots_.fill(0);
  free_next_hop_count_ = 0;
  next_hops_touched_ = 1;
  next_hops_used_ = 0;
}

Route FastRoutingTable::route_of(const RouteSlot& slot) const {
  const NextHop& hop = next_hops_[slot.next_hop].hop;
  return Route{Ipv4Prefix(Ipv4Address(slot.network), slot.length), hop.address, hop.interface,
               slot.metric};
}

std::size_t FastRoutingTable::find_slot(std::uint32_t network, int length) const {
  std::size_t at = route_hash(network, length, route_slot_count);
  while (route_slots_[at].length != empty_slot &&
         !(route_slots_[at].network == network && route_slots_[at].length == length)) {
    at = (at + 1) & (route_slot_count - 1);
  }
  return at;
}

void FastRoutingTable::erase_slot(std::size_t hole) {
  std::size_t at = hole;
  while (true) {
    at = (at + 1) & (route_slot_count - 1);
    const RouteSlot& next = route_slots_[at];
    if (next.length == empty_slot)
      break;
    if (may_fill(hole, at, route_hash(next.network, next.length, route_slot_count))) {
      route_slots_[hole] = next;
      hole = at;
    }
  }
  route_slots_[hole] = RouteSlot{};
}

std::size_t FastRoutingTable::find_next_hop_slot(const NextHop& hop) const {
  std::size_t at = next_hop_hash(hop, next_hop_slot_count);
  while (next_hop_slots_[at] != 0 && !same_hop(next_hops_[next_hop_slots_[at]].hop, hop))
    at = (at + 1) & (next_hop_slot_count - 1);
  return at;
}

FastRoutingTable::NextHopId FastRoutingTable::acquire_next_hop(const NextHop& hop) {
  std::size_t slot = find_next_hop_slot(hop);
  if (next_hop_slots_[slot] != 0) {
    ++next_hops_[next_hop_slots_[slot]].references;
    return next_hop_slots_[slot];
  }
  NextHopId id;
  if (free_next_hop_count_ > 0)
    id = free_next_hops_[--free_next_hop_count_];
  else if (next_hops_touched_ <= max_next_hops)
    id = static_cast<NextHopId>(next_hops_touched_++);
  else
    return no_next_hop;
  next_hops_[id] = NextHopEntry{hop, 1};
  next_hop_slots_[slot] = id;
  ++next_hops_used_;
  return id;
}

void FastRoutingTable::release_next_hop(NextHopId id) {
  if (--next_hops_[id].references != 0)
    return;
  std::size_t hole = find_next_hop_slot(next_hops_[id].hop);
  std::size_t at = hole;
  while (true) {
    at = (at + 1) & (next_hop_slot_count - 1);
    NextHopId next = next_hop_slots_[at];
    if (next == 0)
      break;
    if (may_fill(hole, at, next_hop_hash(next_hops_[next].hop, next_hop_slot_count))) {
      next_hop_slots_[hole] = next;
      hole = at;
    }
  }
  next_hop_slots_[hole] = 0;
  free_next_hops_[free_next_hop_count_++] = id;
  --next_hops_used_;
}

long FastRoutingTable::group_of(std::size_t index) {
  if (tbl24_[index] & group_flag)
    return tbl24_[index] & id_mask;
  std::size_t group;
  if (free_group_count_ > 0)
    group = free_groups_[--free_group_count_];
  else if (groups_touched_ < max_groups)
    group = groups_touched_++;
  else
    return -1;
  // The new group starts as the /24 was: every one of its 256 addresses with the /24's route.
  std::size_t base = group << 8;
  for (std::size_t i = 0; i < 256; ++i) {
    group_entries_[base + i] = tbl24_[index];
    group_depths_[base + i] = depth24_[index];
  }
  group_long_routes_[group] = 0;
  tbl24_[index] = static_cast<NextHopId>(group_flag | group);
  ++groups_used_;
  return static_cast<long>(group);
}

void FastRoutingTable::maybe_free_group(std::size_t index) {
  std::size_t group = tbl24_[index] & id_mask;
  if (group_long_routes_[group] != 0)
    return;
  // No prefix longer than /24 is left: all 256 entries hold the same (/24 or shorter) route.
  tbl24_[index] = group_entries_[group << 8];
  depth24_[index] = group_depths_[group << 8];
  free_groups_[free_group_count_++] = static_cast<std::uint16_t>(group);
  --groups_used_;
}

bool FastRoutingTable::paint(std::uint32_t network, int length, NextHopId id, int depth,
                             int owner) {
  const auto wanted = [&](std::uint8_t have) { return owner < 0 ? have <= depth : have == owner; };
  const auto new_depth = static_cast<std::uint8_t>(depth);
  if (length <= 24) {
    const std::size_t first = network >> 8;
    const std::size_t count = std::size_t{1} << (24 - length);
    for (std::size_t index = first; index < first + count; ++index) {
      NextHopId entry = tbl24_[index];
      if (entry & group_flag) {
        const std::size_t base = static_cast<std::size_t>(entry & id_mask) << 8;
        for (std::size_t i = base; i < base + 256; ++i) {
          if (wanted(group_depths_[i])) {
            group_entries_[i] = id;
            group_depths_[i] = new_depth;
          }
        }
      } else if (wanted(depth24_[index])) {
        tbl24_[index] = id;
        depth24_[index] = new_depth;
      }
    }
    return true;
  }
  long group = group_of(network >> 8);
  if (group < 0)
    return false;
  const std::size_t first = (static_cast<std::size_t>(group) << 8) | (network & 0xff);
  const std::size_t count = std::size_t{1} << (32 - length);
  for (std::size_t i = first; i < first + count; ++i) {
    if (wanted(group_depths_[i])) {
      group_entries_[i] = id;
      group_depths_[i] = new_depth;
    }
  }
  return true;
}

Result<Route, RouteError> FastRoutingTable::add(const Route& route) {
  const int length = route.prefix.length();
  const std::uint32_t network = route.prefix.address().value() & mask_of(length);
  const std::size_t slot = find_slot(network, length);
  RouteSlot& stored = route_slots_[slot];
  if (stored.length != empty_slot) {
    if (route.metric > stored.metric)
      return route_of(stored);  // the stored route is better: it stays
    NextHopId id = acquire_next_hop(NextHop{route.next_hop, route.interface});
    if (id == no_next_hop)
      return fail(RouteError::table_full);
    paint(network, length, id, length, length);
    release_next_hop(stored.next_hop);
    stored.next_hop = id;
    stored.metric = route.metric;
    return route_of(stored);
  }
  if (route_count_ >= max_routes)
    return fail(RouteError::table_full);
  NextHopId id = acquire_next_hop(NextHop{route.next_hop, route.interface});
  if (id == no_next_hop)
    return fail(RouteError::table_full);
  if (!paint(network, length, id, length, -1)) {
    release_next_hop(id);
    return fail(RouteError::table_full);
  }
  if (length > 24)
    ++group_long_routes_[tbl24_[network >> 8] & id_mask];
  stored = RouteSlot{network, route.metric, id, static_cast<std::uint8_t>(length)};
  ++route_count_;
  return route_of(stored);
}

Result<Route, RouteError> FastRoutingTable::remove(Ipv4Prefix prefix) {
  const int length = prefix.length();
  const std::uint32_t network = prefix.address().value() & mask_of(length);
  const std::size_t slot = find_slot(network, length);
  if (route_slots_[slot].length == empty_slot)
    return fail(RouteError::not_found);
  const RouteSlot removed = route_slots_[slot];

  // The entries it owned go to the next shorter route that covers it, or to "no route".
  NextHopId cover = no_next_hop;
  int cover_depth = 0;
  for (int shorter = length - 1; shorter >= 0; --shorter) {
    const RouteSlot& candidate = route_slots_[find_slot(network & mask_of(shorter), shorter)];
    if (candidate.length != empty_slot) {
      cover = candidate.next_hop;
      cover_depth = shorter;
      break;
    }
  }
  paint(network, length, cover, cover_depth, length);
  if (length > 24) {
    --group_long_routes_[tbl24_[network >> 8] & id_mask];
    maybe_free_group(network >> 8);
  }
  release_next_hop(removed.next_hop);
  erase_slot(slot);
  --route_count_;
  return route_of(removed);  // its next hop entry is still readable: ids are reused only on add
}

std::optional<Route> FastRoutingTable::lookup(Ipv4Address destination) const {
  const std::uint32_t address = destination.value();
  NextHopId entry = tbl24_[address >> 8];
  int depth;
  if (entry & group_flag) {
    const std::size_t i = (static_cast<std::size_t>(entry & id_mask) << 8) | (address & 0xff);
    entry = group_entries_[i];
    depth = group_depths_[i];
  } else {
    depth = depth24_[address >> 8];
  }
  if (entry == no_next_hop)
    return std::nullopt;
  return route_of(route_slots_[find_slot(address & mask_of(depth), depth)]);
}

void FastRoutingTable::lookup_bulk(std::span<const Ipv4Address> destinations,
                                   std::span<NextHopId> out) const {
  // Random destinations miss the caches on nearly every tbl24 read: asking for the entry a few
  // addresses ahead keeps several misses in flight at once.
  constexpr std::size_t ahead = 16;
  const std::size_t count = destinations.size() < out.size() ? destinations.size() : out.size();
  const Ipv4Address* in = destinations.data();
  NextHopId* result = out.data();
  std::size_t i = 0;
  for (; i + ahead < count; ++i) {
    __builtin_prefetch(&tbl24_[in[i + ahead].value() >> 8]);
    result[i] = lookup_next_hop(in[i]);
  }
  for (; i < count; ++i)
    result[i] = lookup_next_hop(in[i]);
}

Result<std::size_t, RouteError> FastRoutingTable::build(std::span<const Route> routes) {
  clear();
  // 1. Every route into the hash (the metric rule settles duplicates), counting lengths.
  std::array<std::size_t, 34> starts{};
  for (const Route& route : routes) {
    const int length = route.prefix.length();
    const std::uint32_t network = route.prefix.address().value() & mask_of(length);
    RouteSlot& stored = route_slots_[find_slot(network, length)];
    if (stored.length != empty_slot) {
      if (route.metric > stored.metric)
        continue;
      NextHopId id = acquire_next_hop(NextHop{route.next_hop, route.interface});
      if (id == no_next_hop) {
        clear();
        return fail(RouteError::table_full);
      }
      release_next_hop(stored.next_hop);
      stored.next_hop = id;
      stored.metric = route.metric;
      continue;
    }
    NextHopId id = acquire_next_hop(NextHop{route.next_hop, route.interface});
    if (route_count_ >= max_routes || id == no_next_hop) {
      clear();
      return fail(RouteError::table_full);
    }
    stored = RouteSlot{network, route.metric, id, static_cast<std::uint8_t>(length)};
    ++route_count_;
    ++starts[static_cast<std::size_t>(length) + 1];
  }
  // 2. Sort the slots by prefix length (a counting sort: 33 lengths).
  for (std::size_t length = 1; length < starts.size(); ++length)
    starts[length] += starts[length - 1];
  for (std::size_t slot = 0; slot < route_slot_count; ++slot) {
    if (route_slots_[slot].length != empty_slot)
      build_order_[starts[route_slots_[slot].length]++] = static_cast<std::uint32_t>(slot);
  }
  // 3. Paint, shortest first: a longer prefix overwrites the shorter ones it lies in, so no entry
  // needs its depth compared.
  for (std::size_t n = 0; n < route_count_; ++n) {
    const RouteSlot& route = route_slots_[build_order_[n]];
    const auto depth = route.length;
    if (depth <= 24) {
      const std::size_t first = route.network >> 8;
      const std::size_t count = std::size_t{1} << (24 - depth);
      for (std::size_t index = first; index < first + count; ++index) {
        tbl24_[index] = route.next_hop;
        depth24_[index] = depth;
      }
      continue;
    }
    long group = group_of(route.network >> 8);
    if (group < 0) {
      clear();
      return fail(RouteError::table_full);
    }
    ++group_long_routes_[static_cast<std::size_t>(group)];
    const std::size_t first = (static_cast<std::size_t>(group) << 8) | (route.network & 0xff);
    const std::size_t count = std::size_t{1} << (32 - depth);
    for (std::size_t i = first; i < first + count; ++i) {
      group_entries_[i] = route.next_hop;
      group_depths_[i] = depth;
    }
  }
  return route_count_;
}

std::size_t FastRoutingTable::data_plane_bytes() const {
  return sizeof(tbl24_) + groups_used_ * 256 * sizeof(NextHopId);
}

std::size_t FastRoutingTable::bytes_in_use() const {
  return sizeof(tbl24_) + sizeof(depth24_) +
         groups_used_ * 256 * (sizeof(NextHopId) + sizeof(std::uint8_t)) + sizeof(route_slots_) +
         next_hops_touched_ * sizeof(NextHopEntry) + sizeof(next_hop_slots_);
}

}  // namespace camnet

// RoutingTable: where a datagram goes next (book section 12.6, "Packets and routing").
//
// A router (or a camera with two interfaces) holds a list of routes: "to reach 10.1.0.0/16, send
// to 192.168.1.254 out of interface 1". Several routes may cover one destination: 10.1.2.3 is in
// 10.0.0.0/8, in 10.1.0.0/16 and in the default route 0.0.0.0/0, which covers everything. The rule
// is the LONGEST PREFIX MATCH: the most specific route wins, because whoever configured it knew
// more about that destination (RFC 1812, section 5.2.4.3).
//
// Scanning every route for every datagram works, but costs a comparison per route. A binary trie
// (handout §2) finds the longest match in at most 32 steps, whatever the size of the table:
//
//   - every node stands for a prefix: the root for 0.0.0.0/0 (length 0); its two children for
//     0.0.0.0/1 (next bit 0) and 128.0.0.0/1 (next bit 1); a node at depth d for a prefix of
//     length d, the path from the root spelling its d bits, most significant first;
//   - a node may carry a route (the route for exactly that prefix), or be only a step on the way;
//   - lookup walks down from the root following the destination's bits, one per level, and
//     remembers the last route it passed: when the path ends, that route is the longest match.
//
//                   root (/0: default route?)
//                  0/    \1
//            0.0.0.0/1   128.0.0.0/1
//                 ...        \0 ...  (down to depth 32: a host route)
//
// Storage is bounded, as everywhere in the stack: the nodes live in a fixed pool (an array) and
// point at each other by index, not by pointer. A node given back by remove() goes on a free list
// and is used again by the next add(). With the default bounds (MaxNodes = 32 * MaxRoutes + 1: the
// root plus at most 32 new nodes per route) the pool can never run out before the routes do.
//
// Two routes for the SAME prefix are not kept side by side: the one with the lower metric stays
// (on a tie, the newer one replaces the older, so a route can be updated by adding it again).
// Prefixes are stored canonical (host bits cleared): adding 192.168.10.42/24 stores
// 192.168.10.0/24, and remove(192.168.10.42/24) removes it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <type_traits>

#include "address/ipv4_address.hpp"
#include "camnet/panic.hpp"
#include "camnet/result.hpp"

namespace camnet {

struct Route {
  Ipv4Prefix prefix;          // stored canonical (host bits cleared)
  Ipv4Address next_hop;       // 0.0.0.0 = directly attached: deliver to the destination itself
  std::size_t interface = 0;  // index of the outgoing interface
  std::uint32_t metric = 0;   // between two routes for the SAME prefix, the lower metric wins
  bool directly_attached() const { return next_hop.is_unspecified(); }
  friend bool operator==(const Route&, const Route&) = default;
};

enum class RouteError : std::uint8_t {
  table_full,  // MaxRoutes routes already, or no free node left for the new prefix's path
  not_found,   // remove() of a prefix that has no route
};
const char* to_string(RouteError error);

// At most MaxRoutes routes, using at most MaxNodes trie nodes (the root included).
template <std::size_t MaxRoutes, std::size_t MaxNodes = 32 * MaxRoutes + 1>
class RoutingTable {
  static_assert(MaxRoutes >= 1, "a routing table holds at least one route");
  static_assert(MaxNodes >= 1, "the trie needs at least its root");
  static_assert(MaxNodes < std::numeric_limits<std::uint32_t>::max(), "node indices are 32-bit");

 public:
  static constexpr std::size_t max_routes = MaxRoutes;
  static constexpr std::size_t max_nodes = MaxNodes;

  RoutingTable() { clear(); }

  // Adds `route` (its prefix canonicalised). Gives back the route the table now holds for that
  // prefix: `route` itself, or the route already there if its metric is lower (then `route` is not
  // stored). table_full if the prefix is new and MaxRoutes routes are stored already, or if its
  // path needs more nodes than the pool has free; the table is then unchanged.
  Result<Route, RouteError> add(const Route& route);

  // Removes the route for `prefix` (canonicalised first) and gives it back; not_found if there is
  // none. Nodes no longer on the path to any route go back to the pool.
  Result<Route, RouteError> remove(Ipv4Prefix prefix);

  // The route with the longest prefix containing `destination`, or std::nullopt if none does (no
  // default route and nothing more specific).
  std::optional<Route> lookup(Ipv4Address destination) const;

  std::size_t size() const { return route_count_; }
  bool empty() const { return route_count_ == 0; }
  // Trie nodes in use, the root included (1 for an empty table).
  std::size_t nodes_in_use() const { return nodes_used_ - free_count_; }

  // Route `index`, for 0 <= index < size(), in no particular order (remove() reorders them).
  const Route& route(std::size_t index) const {
    if (index >= route_count_)
      panic("RoutingTable::route(): index past size()");
    return routes_[index];
  }

  // Calls `visit(route)` for every route, sorted by network address, and for one address by prefix
  // length, shortest first (0.0.0.0/0, 10.0.0.0/8, 10.1.0.0/16, 10.2.0.0/16, 192.168.1.0/24): the
  // order `ip route` prints. Walks the trie depth first with its own stack of at most 33 nodes.
  template <class Visitor>
  void for_each(Visitor&& visit) const {
    Index stack[33];
    std::size_t depth = 0;
    stack[depth++] = root;
    while (depth > 0) {
      Index at = stack[--depth];
      const Node& node = nodes_[at];
      if (node.route != no_route)
        visit(routes_[node.route]);
      // Child 1 is pushed first so that child 0 (the lower addresses) is visited first.
      for (int bit = 1; bit >= 0; --bit) {
        if (node.child[bit] != no_node)
          stack[depth++] = node.child[bit];
      }
    }
  }

  // Empties the table: no routes, only the root node.
  void clear() {
    route_count_ = 0;
    nodes_used_ = 1;
    free_count_ = 0;
    free_list_ = no_node;
    nodes_[root] = Node{};
  }

 private:
  // Node and route indices: 16 bits when the bound fits (a node is then 6 bytes, not 12), so a
  // RoutingTable<256> on the camera takes about 56 KiB.
  using Index = std::conditional_t<(MaxNodes < 0xffff), std::uint16_t, std::uint32_t>;
  using RouteIndex = std::conditional_t<(MaxRoutes < 0xffff), std::uint16_t, std::uint32_t>;
  static constexpr Index no_node = std::numeric_limits<Index>::max();
  static constexpr RouteIndex no_route = std::numeric_limits<RouteIndex>::max();
  static constexpr Index root = 0;

  struct Node {
    Index child[2] = {no_node, no_node};  // child[0]: next bit 0, child[1]: next bit 1
    RouteIndex route = no_route;          // index in routes_ of the route for this node's prefix
  };

  // Bit `depth` (0 = the most significant, 31 = the least) of `address`: which child to take when
  // leaving a node at that depth. The shift is 31 - depth, from 0 to 31: never 32, which C++
  // leaves undefined.
  static unsigned bit(Ipv4Address address, int depth) {
    return (address.value() >> (31 - depth)) & 1u;
  }

  // A fresh node with no children and no route, from the free list or the untouched end of the
  // pool; no_node if the pool is exhausted.
  Index allocate_node() {
    Index index;
    if (free_list_ != no_node) {
      index = free_list_;
      free_list_ = nodes_[index].child[0];  // a free node's child[0] links the free list
      --free_count_;
    } else if (nodes_used_ < MaxNodes) {
      index = static_cast<Index>(nodes_used_++);
    } else {
      return no_node;
    }
    nodes_[index] = Node{};
    return index;
  }

  // Gives node `index` back to the pool. The caller has unlinked it from its parent.
  void release_node(Index index) {
    nodes_[index] = Node{};
    nodes_[index].child[0] = free_list_;
    free_list_ = index;
    ++free_count_;
  }

  // How many more nodes allocate_node() can give before it returns no_node.
  std::size_t free_nodes() const { return free_count_ + (MaxNodes - nodes_used_); }

  // The node for exactly `prefix` (canonical), or no_node if its path is not in the trie.
  Index find_node(Ipv4Prefix prefix) const {
    Index at = root;
    for (int depth = 0; depth < prefix.length() && at != no_node; ++depth)
      at = nodes_[at].child[bit(prefix.address(), depth)];
    return at;
  }

  // The routes, packed in routes_[0, route_count_): a node holds the index of its route. Removing
  // route i moves the last route into slot i (and updates the node that points at it), so the
  // array never has holes.
  std::array<Route, MaxRoutes> routes_;
  std::size_t route_count_ = 0;
  // The node pool: nodes_[0] is the root; nodes_[1, nodes_used_) have been handed out at least
  // once (in the trie, or on the free list); the rest have never been touched.
  std::array<Node, MaxNodes> nodes_;
  std::size_t nodes_used_ = 1;
  Index free_list_ = no_node;
  std::size_t free_count_ = 0;
};

template <std::size_t MaxRoutes, std::size_t MaxNodes>
Result<Route, RouteError> RoutingTable<MaxRoutes, MaxNodes>::add(
    [[maybe_unused]] const Route& route) {
  // TODO(lab 3): walk down the prefix's bits, creating missing nodes, then store the route at the last node (handout §2)
  // Canonicalise first: Route stored = route, with stored.prefix = {prefix.network(), length}.
  // Check BEFORE changing anything that the add can succeed: walk down as far as the trie goes;
  // the rest of the path needs (length - depth reached) new nodes: free_nodes() must cover them,
  // and a prefix with no route yet needs a free slot in routes_ (size() < MaxRoutes).
  // Then walk again, allocate_node() where a child is missing, and at the end either put the
  // route in routes_[route_count_++] or, if the node already has one, apply the metric rule.
  camnet::todo("TODO(lab 3): walk down the prefix's bits, creating missing nodes, then store the route at the last node (handout §2)");
}

template <std::size_t MaxRoutes, std::size_t MaxNodes>
Result<Route, RouteError> RoutingTable<MaxRoutes, MaxNodes>::remove(
    [[maybe_unused]] Ipv4Prefix prefix) {
  // TODO(lab 3): find the prefix's node, take its route out, then give back the nodes left useless (handout §2)
  // Walk down as find_node() does, but remember the path (at most 33 nodes: the root and one per
  // bit) in a local array. Not there, or no route on that node: not_found.
  // Take the route out of routes_: move the last route into its slot and point that route's node
  // (find_node(its prefix)) at the new slot.
  // Then climb back up the path: a node (never the root) with no route and no children is useless:
  // unlink it from its parent and release_node() it; stop at the first node still needed.
  camnet::todo("TODO(lab 3): find the prefix's node, take its route out, then give back the nodes left useless (handout §2)");
}

template <std::size_t MaxRoutes, std::size_t MaxNodes>
std::optional<Route> RoutingTable<MaxRoutes, MaxNodes>::lookup(
    [[maybe_unused]] Ipv4Address destination) const {
  // TODO(lab 3): walk down following the destination's bits and remember the last route passed (handout §2)
  // Start at the root (its route, if any, is the default route /0). At depth d (0 to 31) take
  // child[bit(destination, d)]; stop when that child is missing or after the 32nd bit.
  // Every node you reach that has a route is a longer match than the one before.
  camnet::todo("TODO(lab 3): walk down following the destination's bits and remember the last route passed (handout §2)");
}

}  // namespace camnet

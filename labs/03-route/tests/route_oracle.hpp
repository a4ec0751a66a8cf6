// The oracle the routing table tests compare with: every route in a plain list, and the longest
// containing prefix found by looking at all of them. It is written here, independently of the code
// under test (RoutingTable, and the reference solution's FastRoutingTable), and is too simple to
// be wrong in the same way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "route/routing_table.hpp"

namespace camnet::test {

// "10.0.0.0/8 via 192.168.1.1 on interface 2 (metric 0)", for failure messages.
inline std::string describe(const Route& route) {
  std::string via = route.directly_attached() ? std::string("directly attached")
                                              : "via " + std::string(route.next_hop.text().view());
  return fmt::format("{} {} on interface {} (metric {})", route.prefix.text().view(), via,
                     route.interface, route.metric);
}

inline std::string describe(const std::optional<Route>& route) {
  return route ? describe(*route) : std::string("no route");
}

struct LinearScanRoutes {
  std::vector<Route> routes;

  // The netmask of a /length prefix, computed in 64 bits so that /0 needs no special case.
  static std::uint32_t mask(int length) {
    return static_cast<std::uint32_t>(~std::uint64_t{0} << (32 - length));
  }
  static Ipv4Prefix canonical(Ipv4Prefix p) {
    return Ipv4Prefix(Ipv4Address(p.address().value() & mask(p.length())), p.length());
  }
  // The table's rule for one prefix: the lower metric stays; on a tie the newer route replaces.
  void add(Route route) {
    route.prefix = canonical(route.prefix);
    for (Route& r : routes) {
      if (r.prefix == route.prefix) {
        if (route.metric <= r.metric)
          r = route;
        return;
      }
    }
    routes.push_back(route);
  }
  std::optional<Route> remove(Ipv4Prefix p) {
    p = canonical(p);
    for (std::size_t i = 0; i < routes.size(); ++i) {
      if (routes[i].prefix == p) {
        Route removed = routes[i];
        routes.erase(routes.begin() + static_cast<std::ptrdiff_t>(i));
        return removed;
      }
    }
    return std::nullopt;
  }
  std::optional<Route> lookup(Ipv4Address destination) const {
    std::optional<Route> best;
    for (const Route& r : routes) {
      int length = r.prefix.length();
      bool inside = (destination.value() & mask(length)) == r.prefix.address().value();
      if (inside && (!best || length > best->prefix.length()))
        best = r;
    }
    return best;
  }
};

// An address to look up: near a stored route (its network with random host bits), or, one time
// in `anywhere_one_in`, anywhere.
inline Ipv4Address random_destination(std::mt19937& rng, const std::vector<Route>& routes,
                                      unsigned anywhere_one_in) {
  if (routes.empty() || rng() % anywhere_one_in == 0)
    return Ipv4Address(static_cast<std::uint32_t>(rng()));
  const Route& r = routes[rng() % routes.size()];
  std::uint32_t host =
      static_cast<std::uint32_t>(rng()) & ~LinearScanRoutes::mask(r.prefix.length());
  return Ipv4Address(r.prefix.address().value() | host);
}

}  // namespace camnet::test

// Chapter 12.6, packets and routing: a router's table, and the longest-prefix match.
//
// A router (R1, the camera's gateway) with three interfaces holds a table with routes of every
// length, from the default route (/0, which contains every address) to a host route (/32, one
// address). For each destination the example lists every route whose prefix contains it, then asks
// lab 3's RoutingTable, which must pick the longest of them. The expected choice for each
// destination is written in the table `expected` below, worked out by hand from the routes; the
// example checks the table's answer against it, and exits with status 1 if one differs.
//
// Build and run, from the top of the repository:
//   cmake --build --preset default --target chapter_routing_table
//   build/default/chapters/chapter_routing_table
#include <cstddef>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "address/ipv4_address.hpp"
#include "camnet/host/format.hpp"
#include "route/routing_table.hpp"
#include "run_example.hpp"

using namespace camnet;

namespace {

Ipv4Address ip(const char* text) {
  return *Ipv4Address::parse(text);
}
Ipv4Prefix prefix(const char* text) {
  return *Ipv4Prefix::parse(text);
}

// R1's interfaces: 0 to the cameras, 1 to the Internet provider, 2 a leased line to the site
// where the video server runs.
const char* const interface_names[] = {"if0 (cameras, 10.0.0.1/24)", "if1 (provider, 192.0.2.1/30)",
                                       "if2 (leased line, 192.0.2.5/30)"};

// The routes, in the order they are added. A next hop of 0.0.0.0 means directly attached.
struct Line {
  const char* prefix;
  const char* next_hop;
  std::size_t interface;
  const char* why;
};
const Line routes[] = {
    {"10.0.0.0/24", "0.0.0.0", 0, "the cameras' own network, on if0"},
    {"192.0.2.0/30", "0.0.0.0", 1, "the link to the provider"},
    {"192.0.2.4/30", "0.0.0.0", 2, "the leased line"},
    {"0.0.0.0/0", "192.0.2.2", 1, "default: everything else goes to the provider"},
    {"10.0.0.0/8", "10.0.0.254", 0, "the rest of the company's private network, via its router"},
    {"198.51.100.0/24", "192.0.2.6", 2, "the video server's network, over the leased line"},
    {"198.51.100.99/32", "192.0.2.2", 1, "one host of that network that is hosted elsewhere"},
};

// What each lookup must find, worked out by hand: the longest prefix that contains the address.
struct Expected {
  const char* destination;
  const char* route;  // the winning prefix, or nullptr: no route at all
  const char* reason;
};
const Expected with_default[] = {
    {"10.0.0.42", "10.0.0.0/24", "a camera: /0, /8 and /24 contain it; /24 is the longest"},
    {"10.3.7.9", "10.0.0.0/8", "another office: /0 and /8 contain it (not 10.0.0.0/24)"},
    {"198.51.100.20", "198.51.100.0/24", "the video server: /0 and /24; the leased line wins"},
    {"198.51.100.99", "198.51.100.99/32", "/0, /24 and the /32: the host route wins"},
    {"192.0.2.2", "192.0.2.0/30", "the provider's router: on the link itself"},
    {"8.8.8.8", "0.0.0.0/0", "only the default route contains it"},
};
const Expected without_default[] = {
    {"8.8.8.8", nullptr, "nothing contains it: no route"},
    {"198.51.100.20", "198.51.100.0/24", "unchanged: the default route was not the longest"},
};

std::string describe(const Route& r) {
  if (r.directly_attached())
    return fmt::format("{:<18} directly attached, {}", r.prefix.text().view(),
                       interface_names[r.interface]);
  return fmt::format("{:<18} via {:<11} {}", r.prefix.text().view(), r.next_hop.text().view(),
                     interface_names[r.interface]);
}

template <class Table>
void print_table(const Table& table) {
  table.for_each([](const Route& r) { fmt::print("     {}\n", describe(r)); });
}

// Looks up each destination, prints what contains it and what won; true if every answer is the
// expected one.
template <class Table>
bool look_up(const Table& table, const Expected* cases, std::size_t count) {
  bool all_right = true;
  for (std::size_t i = 0; i < count; ++i) {
    const Expected& c = cases[i];
    Ipv4Address destination = ip(c.destination);
    std::string containing;
    table.for_each([&](const Route& r) {
      if (r.prefix.contains(destination))
        containing += fmt::format("{}{}", containing.empty() ? "" : ", ", r.prefix.text().view());
    });
    std::optional<Route> found = table.lookup(destination);
    fmt::print("  {:<15} contained in: {}\n", c.destination,
               containing.empty() ? std::string("nothing") : containing);
    if (found) {
      std::string to = found->directly_attached() ? fmt::format("{} itself", destination)
                                                  : fmt::format("{}", found->next_hop);
      fmt::print("  {:<15} -> {}: send to {} on {}\n", "", found->prefix.text().view(), to,
                 interface_names[found->interface]);
    } else {
      fmt::print("  {:<15} -> no route: a router answers ICMP network unreachable\n", "");
    }
    bool right = c.route == nullptr ? !found : found && found->prefix == prefix(c.route);
    if (!right) {
      fmt::print("FAILED: {} should have gone by {} ({})\n", c.destination,
                 c.route == nullptr ? "no route" : c.route, c.reason);
      all_right = false;
    }
  }
  return all_right;
}

int run() {
  RoutingTable<16> table;
  fmt::print("R1's routes, added in this order:\n");
  for (const Line& line : routes) {
    Route r{prefix(line.prefix), ip(line.next_hop), line.interface, 0};
    if (!table.add(r)) {
      fmt::print("FAILED: the table refused {}\n", line.prefix);
      return 1;
    }
    fmt::print("  + {:<18} {}\n", line.prefix, line.why);
  }
  fmt::print("\nThe table, as `ip route` would list it (by address, shorter prefixes first):\n");
  print_table(table);
  fmt::print("({} routes, in {} trie nodes.)\n", table.size(), table.nodes_in_use());

  fmt::print(
      "\nLookups: every prefix that contains the destination, and the one the table "
      "chose.\n");
  bool ok = look_up(table, with_default, std::size(with_default));

  fmt::print("\nThe default route is removed:\n");
  if (!table.remove(prefix("0.0.0.0/0"))) {
    fmt::print("FAILED: the default route could not be removed\n");
    return 1;
  }
  ok = look_up(table, without_default, std::size(without_default)) && ok;
  if (table.size() != std::size(routes) - 1) {
    fmt::print("FAILED: the table holds {} routes, not {}\n", table.size(), std::size(routes) - 1);
    ok = false;
  }
  if (!ok)
    return 1;
  fmt::print("\nEvery lookup chose the longest prefix that contains the destination.\n");
  return 0;
}

}  // namespace

int main() {
  return examples::run_example(run);
}

// SOLUTION ONLY
//
// Tests of the reference solution's FastRoutingTable (route/fast_routing_table.hpp), which the
// student edition does not have. Built only in the reference track (labs/03-route/CMakeLists.txt).
// Like the RoutingTable tests, they compare with an oracle written here: a list of routes searched
// one by one. (This file lives outside solutions/03-route/tests on purpose: genlabs would treat
// labs/03-route/tests as a generated folder if solutions/03-route/tests held a source file.)
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include "camnet/testing/catch.hpp"

#include "route/fast_routing_table.hpp"
#include "route_oracle.hpp"

using namespace camnet;
using camnet::test::describe;
using camnet::test::LinearScanRoutes;
using camnet::test::random_destination;

namespace {

// Clustered random routes: few first, second and third octets, so that prefixes nest, and
// prefixes longer than /24 share /24s (and so share groups). Lengths 0-32, edges and >24 favoured.
Route random_route(std::mt19937& rng) {
  static constexpr std::uint32_t first[] = {10, 172, 192, 255};
  static constexpr std::uint32_t second[] = {0, 1, 168, 255};
  static constexpr std::uint32_t third[] = {0, 7, 128, 255};
  std::uint32_t address = (first[rng() % 4] << 24) | (second[rng() % 4] << 16) |
                          ((rng() % 2 ? third[rng() % 4] : rng() & 0xff) << 8) | (rng() & 0xff);
  int length;
  switch (rng() % 4) {
    case 0:
      // 0, 8, 16, 24 or 32; /0 rarely (each one repaints 2^24 entries: slow, not interesting).
      length = static_cast<int>(rng() % 5) * 8;
      if (length == 0 && rng() % 8 != 0)
        length = 8;
      break;
    case 1:
      length = 25 + static_cast<int>(rng() % 8);
      break;
    default:
      // 8 to 32 mostly; 1 to 7 now and then (they repaint millions of entries each).
      length = rng() % 8 == 0 ? 1 + static_cast<int>(rng() % 7) : 8 + static_cast<int>(rng() % 25);
      break;
  }
  // A few next hops only, so that ids are shared and reference counts matter.
  return Route{Ipv4Prefix(Ipv4Address(address), length),
               Ipv4Address(0xc0a80100u + static_cast<std::uint32_t>(rng() % 6)),
               static_cast<std::size_t>(rng() % 3), static_cast<std::uint32_t>(rng() % 3)};
}

// Every kind of lookup the fast table has against the oracle, on `lookups` destinations.
void check_against(const FastRoutingTable& table, const LinearScanRoutes& oracle, std::mt19937& rng,
                   int lookups, const std::string& context) {
  REQUIRE(table.size() == oracle.routes.size());
  std::vector<Ipv4Address> destinations;
  for (int i = 0; i < lookups; ++i)
    destinations.push_back(random_destination(rng, oracle.routes, 3));
  std::vector<FastRoutingTable::NextHopId> bulk(destinations.size());
  table.lookup_bulk(destinations, bulk);
  for (std::size_t i = 0; i < destinations.size(); ++i) {
    std::optional<Route> expected = oracle.lookup(destinations[i]);
    std::optional<Route> got = table.lookup(destinations[i]);
    FastRoutingTable::NextHopId id = table.lookup_next_hop(destinations[i]);
    bool ids_agree = expected ? (id != FastRoutingTable::no_next_hop &&
                                 table.next_hop(id).address == expected->next_hop &&
                                 table.next_hop(id).interface == expected->interface)
                              : id == FastRoutingTable::no_next_hop;
    if (got != expected || !ids_agree || bulk[i] != id) {
      FAIL(
          fmt::format("{}: a table of {} routes, lookup({}):\n  expected {}\n  got      {}\n"
                      "  data plane id {} (bulk: {})",
                      context, oracle.routes.size(), destinations[i].text().view(),
                      describe(expected), describe(got), id, bulk[i]));
    }
  }
}

}  // namespace

TEST_CASE("the fast table agrees with a linear scan through random adds and removes",
          "[lab3][reference]") {
  auto table = std::make_unique<FastRoutingTable>();
  for (std::uint32_t seed : {1u, 2u, 3u, 4u}) {
    std::mt19937 rng(seed);
    table->clear();
    LinearScanRoutes oracle;
    for (int step = 0; step < 1000; ++step) {
      if (rng() % 3 == 0 && !oracle.routes.empty()) {
        Ipv4Prefix p = rng() % 2 ? oracle.routes[rng() % oracle.routes.size()].prefix
                                 : random_route(rng).prefix;
        std::optional<Route> expected = oracle.remove(p);
        auto got = table->remove(p);
        INFO("seed " << seed << ", step " << step << ", removing " << p.text().view());
        REQUIRE(got.ok() == expected.has_value());
        if (expected)
          REQUIRE(describe(*got) == describe(*expected));
      } else {
        Route r = random_route(rng);
        oracle.add(r);
        INFO("seed " << seed << ", step " << step << ", adding " << describe(r));
        REQUIRE(table->add(r));
      }
      if (step % 100 == 99)
        check_against(*table, oracle, rng, 300, fmt::format("seed {}, step {}", seed, step));
    }
    check_against(*table, oracle, rng, 5000, fmt::format("seed {}, the end", seed));
    // Removing everything leaves nothing behind: no route, no group.
    while (!oracle.routes.empty()) {
      Ipv4Prefix p = oracle.routes.back().prefix;
      oracle.routes.pop_back();
      REQUIRE(table->remove(p));
    }
    CHECK(table->size() == 0);
    CHECK(table->groups_in_use() == 0);
    check_against(*table, oracle, rng, 500, fmt::format("seed {}, emptied", seed));
  }
}

TEST_CASE("a fast table built in one batch agrees with a linear scan, and updates after it",
          "[lab3][reference]") {
  auto table = std::make_unique<FastRoutingTable>();
  std::mt19937 rng(77);
  for (int round = 0; round < 3; ++round) {
    LinearScanRoutes oracle;
    std::vector<Route> routes;
    for (int i = 0; i < 3000; ++i) {
      routes.push_back(random_route(rng));
      oracle.add(routes.back());
    }
    auto built = table->build(routes);
    REQUIRE(built);
    CHECK(*built == oracle.routes.size());
    check_against(*table, oracle, rng, 5000, fmt::format("round {}, after build", round));
    for (int step = 0; step < 400; ++step) {
      if (step % 2 == 0) {
        Ipv4Prefix p = oracle.routes[rng() % oracle.routes.size()].prefix;
        REQUIRE(oracle.remove(p).has_value());
        REQUIRE(table->remove(p));
      } else {
        Route r = random_route(rng);
        oracle.add(r);
        REQUIRE(table->add(r));
      }
    }
    check_against(*table, oracle, rng, 5000, fmt::format("round {}, after updates", round));
  }
}

TEST_CASE("the fast table handles /0, /32 and the metric rule as RoutingTable does",
          "[lab3][reference]") {
  auto table = std::make_unique<FastRoutingTable>();
  const Ipv4Address gw1 = Ipv4Address::from_octets(192, 168, 1, 1);
  const Ipv4Address gw2 = Ipv4Address::from_octets(192, 168, 1, 2);
  CHECK_FALSE(table->lookup(Ipv4Address(0)).has_value());
  REQUIRE(table->add(Route{Ipv4Prefix(Ipv4Address(0x01020304u), 0), gw1, 1, 5}));
  CHECK(table->lookup(Ipv4Address(0xffffffffu))->prefix == Ipv4Prefix(Ipv4Address(0), 0));
  CHECK(table->lookup(Ipv4Address(0))->next_hop == gw1);
  REQUIRE(table->add(Route{Ipv4Prefix(Ipv4Address(0xffffffffu), 32), gw2, 2, 0}));
  CHECK(table->lookup(Ipv4Address(0xffffffffu))->next_hop == gw2);
  CHECK(table->lookup(Ipv4Address(0xfffffffeu))->next_hop == gw1);
  // Worse metric: kept out. Equal: replaces.
  auto worse = table->add(Route{Ipv4Prefix(Ipv4Address(0), 0), gw2, 2, 6});
  REQUIRE(worse);
  CHECK(worse->next_hop == gw1);
  CHECK(table->lookup(Ipv4Address(0x0a000001u))->next_hop == gw1);
  REQUIRE(table->add(Route{Ipv4Prefix(Ipv4Address(0), 0), gw2, 2, 5}));
  CHECK(table->lookup(Ipv4Address(0x0a000001u))->next_hop == gw2);
  CHECK(table->size() == 2);
  REQUIRE(table->remove(Ipv4Prefix(Ipv4Address(0xffffffffu), 32)));
  CHECK(table->groups_in_use() == 0);
  CHECK(table->lookup(Ipv4Address(0xffffffffu))->prefix.length() == 0);
  auto absent = table->remove(Ipv4Prefix(Ipv4Address(0x0a000000u), 8));
  REQUIRE_FALSE(absent);
  CHECK(absent.error() == RouteError::not_found);
}

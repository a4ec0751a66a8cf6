// Lab 3, handout §2: the routing table (longest-prefix match in a binary trie).
//
// The small tests narrate what they did to the table (a failure prints the steps before the check
// that failed). The last test compares the table with an oracle written here, independently: a
// plain list of routes searched one by one, the slowest and most obviously right way to do it.
#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include "camnet/testing/catch.hpp"

#include "camnet/testing/story.hpp"
#include "route/routing_table.hpp"
#include "route_oracle.hpp"

using namespace camnet;
using camnet::test::describe;
using camnet::test::LinearScanRoutes;
using camnet::test::random_destination;

namespace {

Ipv4Address ip(const char* text) {
  auto address = Ipv4Address::parse(text);
  REQUIRE(address.has_value());
  return *address;
}

Ipv4Prefix prefix(const char* text) {
  auto p = Ipv4Prefix::parse(text);
  REQUIRE(p.has_value());
  return *p;
}

// A table under test, with the story of what was done to it.
template <class Table>
struct TableBench {
  std::unique_ptr<Table> table = std::make_unique<Table>();
  testing::Story story;

  Result<Route, RouteError> add(const char* where, const char* next_hop, std::size_t interface = 0,
                                std::uint32_t metric = 0) {
    Route route{prefix(where), ip(next_hop), interface, metric};
    story.step("add {}", describe(route));
    return table->add(route);
  }
  Result<Route, RouteError> remove(const char* where) {
    story.step("remove {}", where);
    return table->remove(prefix(where));
  }
  // The prefix of the route chosen for `destination`, as text, or "no route".
  std::string match(const char* destination) {
    std::optional<Route> route = table->lookup(ip(destination));
    return route ? std::string(route->prefix.text().view()) : std::string("no route");
  }
};

using SmallTable = RoutingTable<16>;

}  // namespace

TEST_CASE("the longest matching prefix wins over a shorter one", "[lab3][points:2]") {
  TableBench<SmallTable> bench;
  REQUIRE(bench.add("10.0.0.0/8", "192.168.1.1", 1));
  REQUIRE(bench.add("10.1.0.0/16", "192.168.1.2", 2));
  REQUIRE(bench.add("10.1.2.0/24", "192.168.1.3", 3));
  // 10.1.2.3 lies in all three; 10.1.9.9 in the /8 and the /16; 10.200.0.1 in the /8 only.
  CHECK(bench.match("10.1.2.3") == "10.1.2.0/24");
  CHECK(bench.match("10.1.9.9") == "10.1.0.0/16");
  CHECK(bench.match("10.200.0.1") == "10.0.0.0/8");
  CHECK(bench.match("11.1.2.3") == "no route");
  // The route itself comes back, not only its prefix.
  std::optional<Route> route = bench.table->lookup(ip("10.1.2.3"));
  REQUIRE(route.has_value());
  CHECK(route->next_hop == ip("192.168.1.3"));
  CHECK(route->interface == 3);
  // The order of adding does not matter: the most specific route is added first here.
  TableBench<SmallTable> reversed;
  REQUIRE(reversed.add("10.1.2.0/24", "192.168.1.3", 3));
  REQUIRE(reversed.add("10.1.0.0/16", "192.168.1.2", 2));
  REQUIRE(reversed.add("10.0.0.0/8", "192.168.1.1", 1));
  CHECK(reversed.match("10.1.2.3") == "10.1.2.0/24");
  CHECK(reversed.match("10.1.9.9") == "10.1.0.0/16");
  CHECK(reversed.match("10.200.0.1") == "10.0.0.0/8");
}

TEST_CASE("the default route 0.0.0.0/0 matches every address, and an empty table matches none",
          "[lab3][points:1]") {
  TableBench<SmallTable> bench;
  CHECK(bench.match("8.8.8.8") == "no route");
  CHECK(bench.table->size() == 0);
  REQUIRE(bench.add("0.0.0.0/0", "192.168.1.1"));
  // /0 has no network bits: its netmask is 0.0.0.0 (a careless 0xffffffff << 32 is undefined).
  CHECK(bench.match("0.0.0.0") == "0.0.0.0/0");
  CHECK(bench.match("8.8.8.8") == "0.0.0.0/0");
  CHECK(bench.match("127.0.0.1") == "0.0.0.0/0");
  CHECK(bench.match("255.255.255.255") == "0.0.0.0/0");
  REQUIRE(bench.add("192.168.1.0/24", "0.0.0.0"));
  CHECK(bench.match("192.168.1.77") == "192.168.1.0/24");
  CHECK(bench.match("192.168.2.77") == "0.0.0.0/0");
}

TEST_CASE("a /32 host route matches its one address and no other", "[lab3][points:1]") {
  TableBench<SmallTable> bench;
  REQUIRE(bench.add("10.0.0.0/8", "192.168.1.1"));
  REQUIRE(bench.add("10.9.8.7/32", "192.168.1.2"));
  REQUIRE(bench.add("255.255.255.255/32", "0.0.0.0"));
  CHECK(bench.match("10.9.8.7") == "10.9.8.7/32");
  CHECK(bench.match("10.9.8.6") == "10.0.0.0/8");  // the last bit differs
  CHECK(bench.match("10.9.8.8") == "10.0.0.0/8");
  CHECK(bench.match("255.255.255.255") == "255.255.255.255/32");
  CHECK(bench.match("255.255.255.254") == "no route");
  REQUIRE(bench.add("0.0.0.0/32", "0.0.0.0"));  // the lowest address, all 32 bits 0
  CHECK(bench.match("0.0.0.0") == "0.0.0.0/32");
  CHECK(bench.match("0.0.0.1") == "no route");
}

TEST_CASE("a prefix with host bits set is stored, matched and removed with them cleared",
          "[lab3][points:1]") {
  TableBench<SmallTable> bench;
  auto added = bench.add("192.168.10.42/24", "0.0.0.0", 1);
  REQUIRE(added);
  CHECK(added->prefix == prefix("192.168.10.0/24"));
  CHECK(added->interface == 1);
  CHECK(bench.match("192.168.10.200") == "192.168.10.0/24");
  REQUIRE(bench.table->size() == 1);
  CHECK(bench.table->route(0).prefix == prefix("192.168.10.0/24"));
  // The same network written with other host bits is the same prefix: no second route.
  REQUIRE(bench.add("192.168.10.1/24", "0.0.0.0", 2));
  CHECK(bench.table->size() == 1);
  CHECK(bench.table->lookup(ip("192.168.10.5"))->interface == 2);
  auto removed = bench.remove("192.168.10.99/24");
  REQUIRE(removed);
  CHECK(removed->prefix == prefix("192.168.10.0/24"));
  CHECK(bench.table->size() == 0);
}

TEST_CASE("for one prefix the lower metric wins, and on a tie the newer route replaces the older",
          "[lab3][points:2]") {
  TableBench<SmallTable> bench;
  auto first = bench.add("10.0.0.0/8", "192.168.1.1", 1, 20);
  REQUIRE(first);
  CHECK(first->next_hop == ip("192.168.1.1"));

  // A worse route for the same prefix is not stored: add() gives back the route that stays.
  auto worse = bench.add("10.0.0.0/8", "192.168.1.2", 2, 30);
  REQUIRE(worse);
  CHECK(worse->next_hop == ip("192.168.1.1"));
  CHECK(worse->metric == 20);
  CHECK(bench.table->lookup(ip("10.1.1.1"))->next_hop == ip("192.168.1.1"));

  // A better one replaces it.
  auto better = bench.add("10.0.0.0/8", "192.168.1.3", 3, 10);
  REQUIRE(better);
  CHECK(better->next_hop == ip("192.168.1.3"));
  CHECK(bench.table->lookup(ip("10.1.1.1"))->next_hop == ip("192.168.1.3"));

  // An equal metric: the newer route wins (that is how a route is updated in place).
  auto same = bench.add("10.0.0.0/8", "192.168.1.4", 4, 10);
  REQUIRE(same);
  CHECK(bench.table->lookup(ip("10.1.1.1"))->next_hop == ip("192.168.1.4"));
  CHECK(bench.table->size() == 1);

  // The metric never beats a longer prefix: longest match first, metric only between equals.
  REQUIRE(bench.add("10.1.0.0/16", "192.168.1.5", 5, 1000));
  CHECK(bench.table->lookup(ip("10.1.1.1"))->next_hop == ip("192.168.1.5"));
}

TEST_CASE("removing a route makes the next shorter match win again", "[lab3][points:2]") {
  TableBench<SmallTable> bench;
  REQUIRE(bench.add("0.0.0.0/0", "192.168.1.1", 0));
  REQUIRE(bench.add("10.0.0.0/8", "192.168.1.2", 1));
  REQUIRE(bench.add("10.1.0.0/16", "192.168.1.3", 2));
  REQUIRE(bench.add("10.1.2.0/24", "192.168.1.4", 3));
  CHECK(bench.match("10.1.2.3") == "10.1.2.0/24");

  auto removed = bench.remove("10.1.2.0/24");
  REQUIRE(removed);
  CHECK(removed->next_hop == ip("192.168.1.4"));
  CHECK(removed->interface == 3);
  CHECK(bench.match("10.1.2.3") == "10.1.0.0/16");

  // Removing a route in the middle leaves the longer and shorter ones around it working.
  REQUIRE(bench.add("10.1.2.0/24", "192.168.1.4", 3));
  REQUIRE(bench.remove("10.1.0.0/16"));
  CHECK(bench.match("10.1.2.3") == "10.1.2.0/24");
  CHECK(bench.match("10.1.9.9") == "10.0.0.0/8");

  REQUIRE(bench.remove("10.0.0.0/8"));
  CHECK(bench.match("10.1.9.9") == "0.0.0.0/0");
  REQUIRE(bench.remove("0.0.0.0/0"));
  CHECK(bench.match("10.1.9.9") == "no route");
  CHECK(bench.match("10.1.2.3") == "10.1.2.0/24");
  CHECK(bench.table->size() == 1);
}

TEST_CASE("removing a prefix that has no route is not_found and changes nothing",
          "[lab3][points:1]") {
  TableBench<SmallTable> bench;
  auto empty = bench.remove("10.0.0.0/8");
  REQUIRE_FALSE(empty);
  CHECK(empty.error() == RouteError::not_found);

  REQUIRE(bench.add("10.1.0.0/16", "192.168.1.1"));
  // 10.0.0.0/8 lies on the path to 10.1.0.0/16 but has no route of its own.
  auto on_path = bench.remove("10.0.0.0/8");
  REQUIRE_FALSE(on_path);
  CHECK(on_path.error() == RouteError::not_found);
  // Longer than any route, and off every path.
  CHECK_FALSE(bench.remove("10.1.2.0/24"));
  CHECK_FALSE(bench.remove("172.16.0.0/12"));
  CHECK_FALSE(bench.remove("0.0.0.0/0"));
  CHECK(bench.table->size() == 1);
  CHECK(bench.match("10.1.2.3") == "10.1.0.0/16");
  // Removing twice: the second time there is nothing left.
  REQUIRE(bench.remove("10.1.0.0/16"));
  auto again = bench.remove("10.1.0.0/16");
  REQUIRE_FALSE(again);
  CHECK(again.error() == RouteError::not_found);
}

TEST_CASE("a full table refuses a new prefix but still accepts a better route for a stored one",
          "[lab3][points:2]") {
  TableBench<RoutingTable<4>> bench;
  REQUIRE(bench.add("10.0.0.0/8", "192.168.1.1"));
  REQUIRE(bench.add("10.1.0.0/16", "192.168.1.1"));
  REQUIRE(bench.add("10.2.0.0/16", "192.168.1.1"));
  REQUIRE(bench.add("0.0.0.0/0", "192.168.1.1"));
  CHECK(bench.table->size() == 4);

  auto fifth = bench.add("172.16.0.0/12", "192.168.1.1");
  REQUIRE_FALSE(fifth);
  CHECK(fifth.error() == RouteError::table_full);
  CHECK(bench.table->size() == 4);
  CHECK(bench.match("172.16.0.1") == "0.0.0.0/0");  // the refused route is not half there

  auto update = bench.add("10.1.0.0/16", "192.168.1.9", 0, 0);
  REQUIRE(update);
  CHECK(bench.table->lookup(ip("10.1.0.1"))->next_hop == ip("192.168.1.9"));

  REQUIRE(bench.remove("10.2.0.0/16"));
  CHECK(bench.add("172.16.0.0/12", "192.168.1.1"));  // room again
}

TEST_CASE("nodes given back by remove are used again, so adding and removing never runs out",
          "[lab3][points:2]") {
  // Room for 2 routes in 66 nodes (the root + 2 * 32 + 1): each /32 takes up to 32 new nodes,
  // so without the free list this table would be full after the third host route added.
  TableBench<RoutingTable<2, 66>> bench;
  CHECK(bench.table->nodes_in_use() == 1);  // the root
  for (std::uint32_t i = 0; i < 1000; ++i) {
    std::uint32_t a = 0x0a000000u + i * 2654435761u % 0x01000000u;  // spread over 10.0.0.0/8
    Ipv4Prefix host(Ipv4Address(a), 32);
    Ipv4Prefix other(Ipv4Address(~a), 32);  // shares no bit with `host`
    Route r1{host, ip("192.168.1.1"), 0, 0};
    Route r2{other, ip("192.168.1.2"), 1, 0};
    auto added1 = bench.table->add(r1);
    auto added2 = bench.table->add(r2);
    if (!added1 || !added2) {
      FAIL(fmt::format("round {}: adding {} and {} to an emptied table failed ({} nodes in use)", i,
                       host.text().view(), other.text().view(), bench.table->nodes_in_use()));
    }
    // Two /32 paths sharing nothing but the root: 1 + 32 + 32 nodes.
    CHECK(bench.table->nodes_in_use() == 65);
    REQUIRE(bench.table->lookup(Ipv4Address(a))->next_hop == ip("192.168.1.1"));
    REQUIRE(bench.table->remove(host));
    REQUIRE(bench.table->remove(other));
    REQUIRE(bench.table->nodes_in_use() == 1);
    REQUIRE(bench.table->size() == 0);
  }
  // After 2000 adds and 2000 removes the table is as good as new.
  REQUIRE(bench.add("0.0.0.0/1", "192.168.1.1"));
  REQUIRE(bench.add("128.0.0.0/1", "192.168.1.1"));
  CHECK(bench.table->nodes_in_use() == 3);
  CHECK(bench.match("200.1.1.1") == "128.0.0.0/1");
}

TEST_CASE("a table whose node pool runs out refuses the route and stays unchanged",
          "[lab3][points:2]") {
  // 40 nodes: the root, 32 for the first host route, 7 left over.
  TableBench<RoutingTable<8, 40>> bench;
  REQUIRE(bench.add("10.9.8.7/32", "192.168.1.1"));
  CHECK(bench.table->nodes_in_use() == 33);
  // 138.0.0.0/8 starts with bit 1, 10.9.8.7 with bit 0: 8 new nodes are needed, 7 are free.
  auto refused = bench.add("138.0.0.0/8", "192.168.1.2");
  REQUIRE_FALSE(refused);
  CHECK(refused.error() == RouteError::table_full);
  CHECK(bench.table->nodes_in_use() == 33);
  CHECK(bench.table->size() == 1);
  CHECK(bench.match("138.1.1.1") == "no route");
  // 10.9.0.0/16 is on the host route's path: no new node at all.
  REQUIRE(bench.add("10.9.0.0/16", "192.168.1.3"));
  CHECK(bench.table->nodes_in_use() == 33);
  // 138.0.0.0/7 needs exactly 7.
  REQUIRE(bench.add("138.0.0.0/7", "192.168.1.2"));
  CHECK(bench.table->nodes_in_use() == 40);
}

TEST_CASE("the table lists every route once, in address order with shorter prefixes first",
          "[lab3][points:1]") {
  TableBench<SmallTable> bench;
  for (const char* p : {"192.168.1.0/24", "10.1.0.0/16", "0.0.0.0/0", "10.0.0.0/8", "10.2.0.0/16",
                        "9.255.255.255/32", "10.0.0.0/16"}) {
    REQUIRE(bench.add(p, "192.168.1.1"));
  }
  REQUIRE(bench.remove("10.2.0.0/16"));
  std::vector<std::string> listed;
  bench.table->for_each(
      [&](const Route& route) { listed.emplace_back(route.prefix.text().view()); });
  CHECK(listed == std::vector<std::string>{"0.0.0.0/0", "9.255.255.255/32", "10.0.0.0/8",
                                           "10.0.0.0/16", "10.1.0.0/16", "192.168.1.0/24"});
  // route(i) lists the same routes, in whatever order the table keeps them.
  std::vector<std::string> by_index;
  for (std::size_t i = 0; i < bench.table->size(); ++i)
    by_index.emplace_back(bench.table->route(i).prefix.text().view());
  std::sort(by_index.begin(), by_index.end());
  std::vector<std::string> sorted = listed;
  std::sort(sorted.begin(), sorted.end());
  CHECK(by_index == sorted);
}

// ---------------------------------------------------------------------------------------------
// Random tables, checked against the oracle (route_oracle.hpp): a list searched route by route.
namespace {

// A random route, drawn so that prefixes nest and overlap a lot: the first octet is one of four,
// the second one of four, the rest random; lengths from 0 to 32, with the edges (0, 8, 16, 24, 32)
// more likely than the others.
Route random_route(std::mt19937& rng) {
  static constexpr std::uint32_t first[] = {10, 172, 192, 255};
  static constexpr std::uint32_t second[] = {0, 1, 168, 255};
  std::uint32_t address = (first[rng() % 4] << 24) | (second[rng() % 4] << 16) | (rng() & 0xffff);
  int length;
  switch (rng() % 4) {
    case 0:
      length = static_cast<int>(rng() % 5) * 8;  // 0, 8, 16, 24 or 32
      break;
    case 1:
      length = 24 + static_cast<int>(rng() % 9);  // 24 to 32
      break;
    default:
      length = static_cast<int>(rng() % 33);  // 0 to 32
      break;
  }
  if (rng() % 4 == 0)  // leave host bits set now and then: add() canonicalises
    address ^= rng();
  return Route{Ipv4Prefix(Ipv4Address(address), length), Ipv4Address(rng() | 1u),
               static_cast<std::size_t>(rng() % 8), static_cast<std::uint32_t>(rng() % 3)};
}

}  // namespace

TEST_CASE("random tables agree with a linear scan of their routes, through adds and removes",
          "[lab3][points:3]") {
  using Table = RoutingTable<300>;
  std::mt19937 rng(20240603);  // fixed seed: every run checks the same tables
  for (int round = 0; round < 20; ++round) {
    auto table = std::make_unique<Table>();
    LinearScanRoutes oracle;
    const int wanted = 1 + static_cast<int>(rng() % 300);
    for (int step = 0; step < 2 * wanted; ++step) {
      if (rng() % 3 == 0 && !oracle.routes.empty()) {
        // Remove a stored prefix (half the time written with host bits), or one never added.
        Ipv4Prefix p = oracle.routes[rng() % oracle.routes.size()].prefix;
        if (rng() % 2 == 0)
          p = random_route(rng).prefix;
        else if (p.length() < 32)
          p = Ipv4Prefix(
              Ipv4Address(p.address().value() | (rng() & ~LinearScanRoutes::mask(p.length()))),
              p.length());
        std::optional<Route> expected = oracle.remove(p);
        auto got = table->remove(p);
        INFO("round " << round << ", removing " << p.text().view());
        REQUIRE(got.ok() == expected.has_value());
        if (expected)
          REQUIRE(describe(*got) == describe(*expected));
      } else if (oracle.routes.size() < Table::max_routes) {
        Route r = random_route(rng);
        oracle.add(r);
        INFO("round " << round << ", adding " << describe(r));
        REQUIRE(table->add(r));
      }
    }
    REQUIRE(table->size() == oracle.routes.size());
    for (int i = 0; i < 2000; ++i) {
      Ipv4Address destination = random_destination(rng, oracle.routes, 2);
      std::optional<Route> expected = oracle.lookup(destination);
      std::optional<Route> got = table->lookup(destination);
      if (got != expected) {
        std::string routes;
        for (const Route& r : oracle.routes)
          routes += "\n    " + describe(r);
        FAIL(fmt::format(
            "round {}: a table of {} routes, lookup({}):\n  expected {}\n  got      {}\n"
            "  the routes:{}",
            round, oracle.routes.size(), destination.text().view(), describe(expected),
            describe(got),
            oracle.routes.size() <= 40 ? routes : std::string(" (too many to list)")));
      }
    }
  }
}

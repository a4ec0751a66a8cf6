// Lab 1, handout §8: the learning switch. Each test narrates its steps (switch_harness.hpp); a
// failure prints them before the check that failed.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "camnet/testing/catch.hpp"

#include "switch_harness.hpp"

using namespace camnet;
using namespace camnet::test;

namespace {
const MacAddress A = station_mac(0x0a);
const MacAddress B = station_mac(0x0b);
const MacAddress C = station_mac(0x0c);
const MacAddress D = station_mac(0x0d);
}  // namespace

TEST_CASE("a frame to an unknown station is flooded out of every port but the one it came in on",
          "[lab1][points:2]") {
  SwitchBench bench(4);
  bench.send(1, A, B);
  CHECK(bench.ports_that_sent() == Ports{0, 2, 3});
  CHECK(bench.sw().counters().flooded == 1);
}

TEST_CASE("a broadcast is flooded even after every station is known", "[lab1][points:1]") {
  SwitchBench bench(3);
  bench.send(0, A, B);
  bench.send(1, B, A);
  bench.send(2, C, A);
  bench.ports_that_sent();
  bench.send(0, A, MacAddress::broadcast());
  CHECK(bench.ports_that_sent() == Ports{1, 2});
}

TEST_CASE("a multicast destination is flooded", "[lab1][points:1]") {
  SwitchBench bench(3);
  bench.send(0, A, mac(0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb));
  CHECK(bench.ports_that_sent() == Ports{1, 2});
}

TEST_CASE("the switch learns where a source is, and a reply to it leaves by that port only",
          "[lab1][points:3]") {
  SwitchBench bench(4);
  bench.send(0, A, B);  // flooded; now A is known on port 0
  bench.ports_that_sent();
  CHECK(bench.sw().port_of(A) == std::optional<std::size_t>{0});
  bench.send(2, B, A);
  CHECK(bench.ports_that_sent() == Ports{0});
  CHECK(bench.sw().counters().forwarded == 1);
  CHECK(bench.sw().port_of(B) == std::optional<std::size_t>{2});
}

TEST_CASE("a frame for a station on the port it came in on is filtered, not sent back",
          "[lab1][points:2]") {
  SwitchBench bench(3);
  bench.send(0, A, C);  // A on port 0
  bench.send(0, B, C);  // B on port 0 too (behind a hub)
  bench.ports_that_sent();
  bench.send(0, A, B);
  CHECK(bench.ports_that_sent().empty());
  CHECK(bench.sw().counters().filtered == 1);
}

TEST_CASE("a multicast source address is never learned", "[lab1][points:1]") {
  SwitchBench bench(3);
  MacAddress group = mac(0x01, 0x00, 0x5e, 0x00, 0x00, 0x01);
  bench.send(0, group, B);
  CHECK_FALSE(bench.sw().port_of(group).has_value());
  CHECK(bench.sw().table_size() == 0);
}

TEST_CASE("an entry is still there 1 ms before the 300 s aging time and gone at 300 s",
          "[lab1][points:3]") {
  SwitchBench bench(3);
  bench.send(0, A, B);
  bench.pass(299'999ms);
  CHECK(bench.sw().port_of(A) == std::optional<std::size_t>{0});
  bench.pass(1ms);
  CHECK_FALSE(bench.sw().port_of(A).has_value());
  bench.ports_that_sent();
  bench.send(1, B, A);  // A is unknown again: flooded
  CHECK(bench.ports_that_sent() == Ports{0, 2});
}

TEST_CASE("hearing from a station again restarts its aging time", "[lab1][points:2]") {
  SwitchBench bench(3);
  bench.send(0, A, B);
  bench.pass(200s);
  bench.send(0, A, B);
  bench.pass(200s);  // 400 s after the first frame, 200 s after the last
  CHECK(bench.sw().port_of(A) == std::optional<std::size_t>{0});
}

TEST_CASE("the aging time can be set", "[lab1][points:1]") {
  SwitchBench bench(2, SwitchConfig{.aging_time = 10s});
  bench.send(0, A, B);
  bench.pass(9s);
  CHECK(bench.sw().port_of(A).has_value());
  bench.pass(1s);
  CHECK_FALSE(bench.sw().port_of(A).has_value());
}

TEST_CASE("a station that moves to another port is found on the new port at once",
          "[lab1][points:2]") {
  SwitchBench bench(3);
  bench.send(0, A, B);
  bench.send(2, A, B);  // A's cable moved to port 2
  CHECK(bench.sw().port_of(A) == std::optional<std::size_t>{2});
  CHECK(bench.sw().table_size() == 1);
  bench.ports_that_sent();
  bench.send(1, B, A);
  CHECK(bench.ports_that_sent() == Ports{2});
}

TEST_CASE("when the table is full, a new station replaces the one heard from longest ago",
          "[lab1][points:3]") {
  SwitchBench bench(4, SwitchConfig{.table_capacity = 3});
  bench.send(0, A, D);
  bench.pass(1s);
  bench.send(1, B, D);
  bench.pass(1s);
  bench.send(2, C, D);
  bench.pass(1s);
  bench.send(0, A, D);  // A is heard again: now B is the one heard from longest ago
  bench.pass(1s);
  bench.send(3, D, A);  // a fourth station: the table is full
  CHECK(bench.sw().table_size() == 3);
  CHECK_FALSE(bench.sw().port_of(B).has_value());
  CHECK(bench.sw().port_of(A).has_value());
  CHECK(bench.sw().port_of(C).has_value());
  CHECK(bench.sw().port_of(D) == std::optional<std::size_t>{3});
  CHECK(bench.sw().counters().evicted == 1);
}

TEST_CASE("a flood of new source addresses never grows the table past its capacity",
          "[lab1][points:2]") {
  SwitchBench bench(2, SwitchConfig{.table_capacity = 16});
  for (int i = 0; i < 1000; ++i) {
    MacAddress random_source =
        mac(0x02, 0x10, static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i), 0, 1);
    bench.sw().receive(0, frame(B, random_source, 0x0800));
  }
  bench.story.step("1000 frames arrive on port 0, each from a different source");
  CHECK(bench.sw().table_size() == 16);
  CHECK(bench.sw().counters().evicted == 1000 - 16);
}

TEST_CASE("pulling a port's cable forgets every station learned on that port", "[lab1][points:2]") {
  SwitchBench bench(3);
  bench.pass(1ms);  // the switch sees every link up
  bench.send(0, A, C);
  bench.send(0, B, C);
  bench.send(1, C, A);
  bench.unplug(0);
  bench.pass(1ms);  // the switch notices at its next tick
  CHECK_FALSE(bench.sw().port_of(A).has_value());
  CHECK_FALSE(bench.sw().port_of(B).has_value());
  CHECK(bench.sw().port_of(C) == std::optional<std::size_t>{1});
}

TEST_CASE(
    "pulling a port's cable forgets all its stations, even with other ports' stations between them",
    "[lab1][points:2]") {
  // Stations learned on ports 0 and 1 in turn, port 0's last: in a table kept in learning order,
  // port 0's stations are not next to each other, and the last entry is one of them. (Removing
  // an entry by moving the last one into its place must look at the moved one too.)
  SwitchBench bench(3);
  bench.pass(1ms);  // the switch sees every link up
  MacAddress nobody = station_mac(0xff);
  std::vector<MacAddress> on_port_0, on_port_1;
  for (int n : {1, 2, 3, 4, 5, 6}) {
    std::size_t port = (n % 2 == 1 || n == 6) ? 0 : 1;  // 1, 3, 5, 6 on port 0; 2, 4 on port 1
    bench.send(port, station_mac(n), nobody);
    (port == 0 ? on_port_0 : on_port_1).push_back(station_mac(n));
  }
  bench.unplug(0);
  bench.pass(1ms);  // the switch notices at its next tick
  for (MacAddress station : on_port_0) {
    INFO("station " << Catch::Detail::stringify(station) << " was learned on port 0");
    CHECK(bench.sw().port_of(station) == std::nullopt);
  }
  for (MacAddress station : on_port_1) {
    INFO("station " << Catch::Detail::stringify(station) << " was learned on port 1");
    CHECK(bench.sw().port_of(station) == std::optional<std::size_t>{1});
  }
  CHECK(bench.sw().table_size() == 2);
}

TEST_CASE("flooding skips a port whose link is down", "[lab1][points:1]") {
  SwitchBench bench(3);
  bench.unplug(2);
  bench.pass(1ms);
  bench.send(0, A, B);
  CHECK(bench.ports_that_sent() == Ports{1});
  CHECK(bench.port(2).counters().tx_dropped == 0);
}

TEST_CASE("a frame too short to hold an Ethernet header is counted as malformed and dropped",
          "[lab1][points:1]") {
  SwitchBench bench(3);
  std::vector<std::uint8_t> runt{0xff, 0xff, 0xff};
  bench.story.step("port 0 receives 3 bytes");
  bench.sw().receive(0, runt);
  CHECK(bench.ports_that_sent().empty());
  CHECK(bench.sw().counters().malformed == 1);
  CHECK(bench.sw().table_size() == 0);
}

TEST_CASE("the table lists each learned station once with its port", "[lab1][points:1]") {
  SwitchBench bench(3);
  bench.send(0, A, B);
  bench.send(2, C, A);
  bench.send(0, A, C);
  REQUIRE(bench.sw().table_size() == 2);
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < bench.sw().table_size(); ++i) {
    MacTableEntry e = bench.sw().entry(i);
    seen[std::string(e.address.text())] = e.port;
  }
  CHECK(seen ==
        std::map<std::string, std::size_t>{{"02:00:00:00:00:0a", 0}, {"02:00:00:00:00:0c", 2}});
}

#include "camnet/testing/catch.hpp"

#include "camnet/fault_injector.hpp"
#include "camnet/memory_link.hpp"

using namespace camnet;

namespace {
Bytes frame_of(const std::vector<std::uint8_t>& v) {
  return Bytes{v.data(), v.size()};
}
std::vector<std::uint8_t> bytes_of(const PacketBuffer& b) {
  return {b.bytes().begin(), b.bytes().end()};
}
}  // namespace

TEST_CASE("a frame sent into one end of a memory wire comes out of the other", "[common]") {
  MemoryWire wire;
  std::vector<std::uint8_t> frame{1, 2, 3, 4};
  CHECK(wire.station(0).send(frame_of(frame)) == SendStatus::sent);
  auto received = wire.station(1).receive();
  REQUIRE(received.has_value());
  CHECK(bytes_of(*received) == frame);
  CHECK_FALSE(wire.station(0).receive().has_value());  // the sender does not hear itself
}

TEST_CASE("every other station on a shared medium hears a frame", "[common]") {
  MemoryMedium<4> medium;
  std::vector<std::uint8_t> frame{9, 9};
  REQUIRE(medium.station(2).send(frame_of(frame)) == SendStatus::sent);
  CHECK(medium.station(0).receive().has_value());
  CHECK(medium.station(1).receive().has_value());
  CHECK(medium.station(3).receive().has_value());
  CHECK_FALSE(medium.station(2).receive().has_value());
}

TEST_CASE("an unplugged wire refuses frames and reports its link down", "[common]") {
  MemoryWire wire;
  wire.set_up(false);
  CHECK_FALSE(wire.station(0).is_up());
  CHECK(wire.station(0).send(frame_of({1})) == SendStatus::link_down);
  CHECK_FALSE(wire.station(1).receive().has_value());
}

TEST_CASE("a full inbox drops the frame and counts it", "[common]") {
  MemoryMedium<2, 2> wire;
  for (int i = 0; i < 3; ++i)
    CHECK(wire.station(0).send(frame_of({1})) == SendStatus::sent);
  CHECK(wire.dropped_inbox_full() == 1);
}

TEST_CASE("the fault injector with the same seed disturbs the same frames", "[common]") {
  auto run = [](std::uint32_t seed) {
    MemoryMedium<2, 64> wire;
    FaultyLink faulty{wire.station(0),
                      FaultRates{.drop = 200, .duplicate = 100, .corrupt = 100, .reorder = 100},
                      seed};
    for (std::uint8_t i = 0; i < 40; ++i)
      (void)faulty.send(frame_of({i, 0, 0, 0}));
    std::vector<std::vector<std::uint8_t>> got;
    while (auto f = wire.station(1).receive())
      got.push_back(bytes_of(*f));
    return std::pair{got, faulty.counts().dropped};
  };
  auto [first, dropped] = run(7);
  auto [second, dropped_again] = run(7);
  CHECK(first == second);
  CHECK(dropped == dropped_again);
  CHECK(dropped > 0);
  CHECK(first != run(8).first);
}

TEST_CASE("the fault injector at rate 1000 drops every frame, and at 0 none", "[common]") {
  MemoryWire wire;
  FaultyLink all{wire.station(0), FaultRates{.drop = 1000}, 1};
  FaultyLink none{wire.station(0), FaultRates{}, 1};
  for (int i = 0; i < 10; ++i)
    (void)all.send(frame_of({1, 2}));
  CHECK(all.counts().dropped == 10);
  CHECK_FALSE(wire.station(1).receive().has_value());
  for (int i = 0; i < 10; ++i)
    (void)none.send(frame_of({1, 2}));
  int arrived = 0;
  while (wire.station(1).receive())
    ++arrived;
  CHECK(arrived == 10);
}

TEST_CASE("the fault injector's reorder swaps a frame with the one after it", "[common]") {
  MemoryMedium<2, 8> wire;
  FaultyLink faulty{wire.station(0), FaultRates{.reorder = 1000}, 3};
  (void)faulty.send(frame_of({1}));
  (void)faulty.send(frame_of({2}));
  auto a = wire.station(1).receive();
  auto b = wire.station(1).receive();
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  CHECK(bytes_of(*a) == std::vector<std::uint8_t>{2});
  CHECK(bytes_of(*b) == std::vector<std::uint8_t>{1});
}

TEST_CASE("the fault injector's corruption flips exactly one bit", "[common]") {
  MemoryWire wire;
  FaultyLink faulty{wire.station(0), FaultRates{.corrupt = 1000}, 11};
  std::vector<std::uint8_t> frame(64, 0);
  (void)faulty.send(frame_of(frame));
  auto got = wire.station(1).receive();
  REQUIRE(got.has_value());
  int bits = 0;
  for (std::uint8_t b : got->bytes())
    bits += __builtin_popcount(b);
  CHECK(bits == 1);
}

// How a failed check prints the common types (camnet/testing/printers.hpp). The expected strings
// are written out by hand: they are what a student reads under "with expansion:".
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "camnet/testing/catch.hpp"

#include "camnet/clock.hpp"
#include "camnet/fixed_string.hpp"
#include "camnet/link.hpp"
#include "camnet/packet_buffer.hpp"
#include "camnet/result.hpp"

using Catch::Detail::stringify;
using namespace camnet;

namespace {

// What CHECK(<expression>) prints under "with expansion:", for an expression built as the CHECK
// macro builds it: Catch::Decomposer() <= a == b, which parses as (Catch::Decomposer() <= a) == b
// (written so here: outside the macro, Catch2 v3 leaves GCC's -Wparentheses on).
std::string expansion(const Catch::ITransientExpression& expression) {
  std::ostringstream out;
  expression.streamReconstructedExpression(out);
  return out.str();
}

std::vector<std::uint8_t> counting(std::size_t n) {
  std::vector<std::uint8_t> bytes(n);
  for (std::size_t i = 0; i < n; ++i)
    bytes[i] = static_cast<std::uint8_t>(i);
  return bytes;
}

struct Opaque {};  // a type with no printer

}  // namespace

TEST_CASE("a failed check prints a uint8_t as a number, never as a character", "[common]") {
  CHECK(stringify(std::uint8_t{64}) == "64");  // Catch alone: '@'
  CHECK(stringify(std::uint8_t{0}) == "0");
  CHECK(stringify(std::uint8_t{255}) == "255");
  std::uint8_t ttl = 64;
  CHECK(expansion((Catch::Decomposer() <= ttl) == 63) == "64 == 63");
}

TEST_CASE("a failed check prints a uint16_t with its hex above 255, as Catch prints an int",
          "[common]") {
  CHECK(stringify(std::uint16_t{0x0806}) == "2054 (0x806)");
  CHECK(stringify(std::uint16_t{8973}) == "8973 (0x230d)");
  CHECK(stringify(std::uint16_t{60}) == "60");
  std::uint16_t ethertype = 0x0806;
  CHECK(expansion((Catch::Decomposer() <= ethertype) == 0x0800) == "2054 (0x806) == 2048 (0x800)");
  std::uint16_t checksum = 8973;
  CHECK(expansion((Catch::Decomposer() <= checksum) == 8717) == "8973 (0x230d) == 8717 (0x220d)");
}

TEST_CASE("a failed check prints bytes as hex, with their count", "[common]") {
  std::vector<std::uint8_t> header{0x45, 0x00, 0x00, 0x54};
  CHECK(stringify(header) == "4 bytes: 45 00 00 54");
  CHECK(stringify(std::array<std::uint8_t, 4>{0x45, 0x00, 0x00, 0x54}) == "4 bytes: 45 00 00 54");
  CHECK(stringify(Bytes{header}) == "4 bytes: 45 00 00 54");
  CHECK(stringify(MutableBytes{header}) == "4 bytes: 45 00 00 54");
  CHECK(stringify(PacketBuffer{header}) == "4 bytes: 45 00 00 54");
  CHECK(stringify(std::vector<std::uint8_t>{}) == "0 bytes");
  // Over 16 bytes: one row of 16 per line, each with its offset.
  CHECK(stringify(counting(20)) ==
        "20 bytes:\n"
        "   0  00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f\n"
        "  16  10 11 12 13");
  // Over 256 bytes: the first 256, then how many more.
  std::string long_run = stringify(counting(300));
  CHECK_THAT(long_run, Catch::StartsWith("300 bytes:\n   0  00 01 02"));
  CHECK_THAT(long_run, Catch::EndsWith("\n 240  f0 f1 f2 f3 f4 f5 f6 f7 f8 f9 fa fb fc fd fe ff\n"
                                       "      ... and 44 more bytes"));
}

TEST_CASE("a failed check prints an empty optional as std::nullopt, a full one as its value",
          "[common]") {
  CHECK(stringify(std::optional<std::size_t>{}) == "std::nullopt");
  CHECK(stringify(std::nullopt) == "std::nullopt");
  CHECK(stringify(std::optional<std::size_t>{2}) == "2");
  CHECK(stringify(std::optional<std::uint8_t>{64}) == "64");
  CHECK(stringify(std::optional<std::uint16_t>{0x0800}) == "2048 (0x800)");
  std::optional<std::size_t> port;
  CHECK(expansion((Catch::Decomposer() <= port) == std::optional<std::size_t>{0}) ==
        "std::nullopt == 0");
}

TEST_CASE("a failed check prints a pair (and so a map) and a tuple element by element",
          "[common]") {
  CHECK(stringify(std::pair<std::string, std::size_t>{"02:00:00:00:00:0a", 0}) ==
        "{ \"02:00:00:00:00:0a\", 0 }");
  CHECK(stringify(std::map<std::string, std::size_t>{{"a", 0}, {"b", 2}}) ==
        "{ { \"a\", 0 }, { \"b\", 2 } }");
  CHECK(stringify(std::make_tuple(std::uint32_t{0xc0a80a2a}, std::uint16_t{5000})) ==
        "{ 3232238122 (0xc0a80a2a), 5000 (0x1388) }");
  CHECK(stringify(std::tuple<>{}) == "{ }");
}

TEST_CASE("a failed check prints a Result as its value or its error", "[common]") {
  Result<std::size_t, SendStatus> sent = std::size_t{60};
  Result<std::size_t, SendStatus> refused = fail(SendStatus::link_down);
  Result<Opaque, SendStatus> view = Opaque{};
  CHECK(stringify(sent) == "ok: 60");
  CHECK(stringify(refused) == "error: SendStatus::link_down");
  CHECK(stringify(view) == "ok");  // a value with nothing short to say about itself
}

TEST_CASE("a failed check prints durations and timestamps in seconds, as the stories do",
          "[common]") {
  CHECK(stringify(Duration{5000}) == "5.000 s");
  CHECK(stringify(std::chrono::milliseconds{299'999}) == "299.999 s");
  CHECK(stringify(Timestamp{1}) == "0.001 s");
}

TEST_CASE("a failed check prints a send status by its name in the code", "[common]") {
  CHECK(stringify(SendStatus::sent) == "SendStatus::sent");
  CHECK(stringify(SendStatus::link_down) == "SendStatus::link_down");
  CHECK(stringify(SendStatus::no_room) == "SendStatus::no_room");
  CHECK(stringify(SendStatus::too_big) == "SendStatus::too_big");
  CHECK(stringify(static_cast<SendStatus>(9)) == "SendStatus(9)");
}

TEST_CASE("a failed check prints a FixedString as a quoted string", "[common]") {
  CHECK(stringify(FixedString<17>{"02:00:00:c4:3e:01"}) == "\"02:00:00:c4:3e:01\"");
}

// How a failed check prints the values it compared (Catch2 printers, v2 and v3; host only).
//
// Catch prints a failed `CHECK(a == b)` as "with expansion: <a> == <b>". Without help it prints a
// type it does not know as {?}, a uint8_t as a character ('@' == 63) and a uint16_t in decimal
// only (8973 == 8717 (0x220d)). The printers here make every value a test compares readable:
//
//   type                                 printed as
//   std::uint8_t                         64                    a number, never a character
//   std::uint16_t (EtherType, checksum)  2054 (0x806)          hex too, as Catch prints an int
//   bytes: std::vector, std::array,      4 bytes: 45 00 00 54  hex; over 16 bytes, one row of 16
//          std::span of std::uint8_t,                          per line, each with its offset
//          PacketBuffer
//   std::optional<T>                     std::nullopt, or the value as T prints
//   std::pair (so std::map), std::tuple  { "02:00:00:00:00:0a", 0 }
//   Result<T, E>                         ok: <value>, or error: FrameError::runt
//   Duration (and Timestamp)             5.000 s
//   SendStatus                           SendStatus::link_down
//   FixedString<N>                       "02:00:00:c4:3e:01"
//
// Each lab adds its own types in labs/<lab>/tests/printers.hpp (MacAddress, Ipv4Address, the
// error enums, ...). Nobody includes these headers by hand: every test program gets this one
// through camnet_test_main, and each lab's printers through camnet_lab<N>_printers, both with
// `-include` (cmake/CamnetLab.cmake), so a printer is declared before any comparison is compiled,
// as Catch requires.
//
// Printers never call the code under test: a MAC address prints from its octets, not through the
// student's MacAddress::text(), which may be a TODO or wrong (and would then print the expected
// value wrongly too).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include "camnet/testing/catch.hpp"

#include "camnet/bytes.hpp"
#include "camnet/clock.hpp"
#include "camnet/fixed_string.hpp"
#include "camnet/host/format.hpp"
#include "camnet/link.hpp"
#include "camnet/packet_buffer.hpp"
#include "camnet/result.hpp"

namespace camnet::testing {

// Bytes as a test failure shows them: "4 bytes: 45 00 00 54"; longer runs one row of 16 per line,
// each row starting with its offset (decimal, as `camnet explain` and the tests count bytes).
inline std::string printed_bytes(Bytes bytes) {
  constexpr std::size_t per_row = 16;
  constexpr std::size_t shown = 256;
  if (bytes.size() <= per_row) {
    return bytes.empty() ? "0 bytes" : fmt::format("{} bytes: {}", bytes.size(), HexBytes{bytes});
  }
  std::string out = fmt::format("{} bytes:", bytes.size());
  for (std::size_t at = 0; at < bytes.size() && at < shown; at += per_row) {
    out += fmt::format("\n{:>4}  {}", at,
                       HexBytes{bytes.subspan(at).first(std::min(per_row, bytes.size() - at))});
  }
  if (bytes.size() > shown)
    out += fmt::format("\n      ... and {} more bytes", bytes.size() - shown);
  return out;
}

// "FrameError::runt": an enumerator as the test's source spells it. `names` lists the enumerators
// in order of their values; a value with no name prints as its number, "FrameError(7)".
template <class E>
std::string enumerator(const char* type, E value, std::initializer_list<const char*> names) {
  auto n = static_cast<std::size_t>(value);
  if (n < names.size())
    return fmt::format("{}::{}", type, names.begin()[n]);
  return fmt::format("{}({})", type, n);
}

// Checks that every value of E the stack names (to_string(value) is not `unknown`) prints by its
// name, not as "E(7)": an enumerator added without a printed name fails the lab's printer test.
template <class E>
void check_every_named_value_prints(const char* unknown = "?") {
  for (int value = 0; value < 256; ++value) {
    auto e = static_cast<E>(value);
    if (std::string(to_string(e)) == unknown)
      continue;
    INFO("value " << value << ", \"" << to_string(e) << "\"");
    CHECK_THAT(Catch::Detail::stringify(e), !Catch::EndsWith(")"));
  }
}

}  // namespace camnet::testing

namespace Catch {

// uint8_t is a number (a TTL, a priority, a byte), not a character. Catch's own printer for
// unsigned char cannot be replaced (it is defined in Catch), so this takes over one step earlier:
// everything Catch prints goes through Detail::stringify.
template <>
inline std::string Detail::stringify<unsigned char>(const unsigned char& value) {
  return std::to_string(value);
}

// uint16_t: the hex beside the number, as Catch prints an int above 255, so an EtherType or a
// checksum reads "2054 (0x806) == 2048 (0x800)" whichever side it is on.
template <>
struct StringMaker<unsigned short> {
  static std::string convert(unsigned short value) {
    return value > 255 ? fmt::format("{} ({:#x})", value, value) : std::to_string(value);
  }
};

template <>
struct StringMaker<std::vector<std::uint8_t>> {
  static std::string convert(const std::vector<std::uint8_t>& bytes) {
    return camnet::testing::printed_bytes(bytes);
  }
};
// (Catch would also take a std::array for a range: say it is not one, or the two printers clash.)
template <std::size_t N>
struct is_range<std::array<std::uint8_t, N>> {
  static const bool value = false;
};
template <std::size_t N>
struct StringMaker<std::array<std::uint8_t, N>> {
  static std::string convert(const std::array<std::uint8_t, N>& bytes) {
    return camnet::testing::printed_bytes(bytes);
  }
};
template <>
struct StringMaker<camnet::Bytes> {
  static std::string convert(camnet::Bytes bytes) { return camnet::testing::printed_bytes(bytes); }
};
template <>
struct StringMaker<camnet::MutableBytes> {
  static std::string convert(camnet::MutableBytes bytes) {
    return camnet::testing::printed_bytes(bytes);
  }
};

template <>
struct StringMaker<camnet::PacketBuffer> {
  static std::string convert(const camnet::PacketBuffer& buffer) {
    return camnet::testing::printed_bytes(buffer.bytes());
  }
};

template <class T>
struct StringMaker<std::optional<T>> {
  static std::string convert(const std::optional<T>& value) {
    return value ? Detail::stringify(*value) : "std::nullopt";
  }
};
template <>
struct StringMaker<std::nullopt_t> {
  static std::string convert(std::nullopt_t) { return "std::nullopt"; }
};

// (Catch prints a pair only with CATCH_CONFIG_ENABLE_PAIR_STRINGMAKER; this is its format.) A map
// prints as its pairs: { { "02:00:00:00:00:0a", 0 }, { "02:00:00:00:00:0c", 2 } }.
template <class A, class B>
struct StringMaker<std::pair<A, B>> {
  static std::string convert(const std::pair<A, B>& pair) {
    return "{ " + Detail::stringify(pair.first) + ", " + Detail::stringify(pair.second) + " }";
  }
};

// (Likewise a tuple: CATCH_CONFIG_ENABLE_TUPLE_STRINGMAKER's format.)
template <class... T>
struct StringMaker<std::tuple<T...>> {
  static std::string convert(const std::tuple<T...>& tuple) {
    std::string out = "{";
    std::apply(
        [&out](const T&... element) {
          std::size_t i = 0;
          ((out += (i++ == 0 ? " " : ", ") + Detail::stringify(element)), ...);
          (void)out;  // an empty tuple uses neither
          (void)i;
        },
        tuple);
    return out + " }";
  }
};

template <class T, class E>
struct StringMaker<camnet::Result<T, E>> {
  static std::string convert(const camnet::Result<T, E>& result) {
    if (!result.ok())
      return "error: " + Detail::stringify(result.error());
    // A view (EthernetView, ...) has nothing short to say about itself: "ok" is enough.
    std::string value = Detail::stringify(result.value());
    return value == Detail::unprintableString ? "ok" : "ok: " + value;
  }
};

// Durations print as the stories print them (camnet/host/format.hpp): "5.000 s".
template <>
struct StringMaker<camnet::Duration> {
  static std::string convert(camnet::Duration d) { return fmt::format("{}", d); }
};

template <>
struct StringMaker<camnet::SendStatus> {
  static std::string convert(camnet::SendStatus status) {
    return camnet::testing::enumerator("SendStatus", status,
                                       {"sent", "link_down", "no_room", "too_big"});
  }
};

template <std::size_t N>
struct StringMaker<camnet::FixedString<N>> {
  static std::string convert(const camnet::FixedString<N>& text) {
    return Detail::stringify(std::string(text.view()));
  }
};

}  // namespace Catch

// fmt formatters for the stack's types (host only).
//
// Stack types format themselves without a heap through a `text()` member (MacAddress::text() gives
// "02:00:00:c4:3e:01"). This header lets fmt print any such type directly, and prints durations
// and byte spans the way the tools show them:
//   fmt::print("{} -> {}", frame.source(), frame.destination());
#pragma once

#include <concepts>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>

#include "camnet/bytes.hpp"
#include "camnet/clock.hpp"
#include "camnet/link.hpp"

namespace camnet {

template <class T>
concept HasText = requires(const T& value) {
  { value.text() } -> std::convertible_to<std::string_view>;
};

// Bytes as hex pairs separated by spaces ("08 00 45 00"); `limit` caps how many are shown.
// Another separator gives other notations: HexBytes{mac.octets(), 6, ':'} is "02:00:00:c4:3e:01".
struct HexBytes {
  Bytes bytes;
  std::size_t limit = 64;
  char separator = ' ';
};

}  // namespace camnet

template <class T>
struct fmt::formatter<T, char, std::enable_if_t<camnet::HasText<T>>>
    : fmt::formatter<std::string_view> {
  template <class Context>
  auto format(const T& value, Context& ctx) const {
    auto text = value.text();
    return fmt::formatter<std::string_view>::format(std::string_view{text}, ctx);
  }
};

// Honours width and alignment like a string: fmt::format("{:<23}", HexBytes{bytes}).
template <>
struct fmt::formatter<camnet::HexBytes> : fmt::formatter<std::string_view> {
  template <class Context>
  auto format(const camnet::HexBytes& hex, Context& ctx) const {
    fmt::memory_buffer text;
    std::size_t shown = hex.bytes.size() < hex.limit ? hex.bytes.size() : hex.limit;
    for (std::size_t i = 0; i < shown; ++i) {
      if (i > 0)
        text.push_back(hex.separator);
      fmt::format_to(std::back_inserter(text), "{:02x}", hex.bytes[i]);
    }
    if (shown < hex.bytes.size())
      fmt::format_to(std::back_inserter(text), " ...");
    return fmt::formatter<std::string_view>::format(std::string_view{text.data(), text.size()},
                                                    ctx);
  }
};

template <>
struct fmt::formatter<camnet::SendStatus> : fmt::formatter<std::string_view> {
  template <class Context>
  auto format(camnet::SendStatus status, Context& ctx) const {
    return fmt::formatter<std::string_view>::format(camnet::to_string(status), ctx);
  }
};

// Durations print as seconds with milliseconds: "5.000 s".
template <>
struct fmt::formatter<camnet::Duration> : fmt::formatter<std::string_view> {
  template <class Context>
  auto format(camnet::Duration d, Context& ctx) const {
    auto ms = d.count();
    const char* sign = ms < 0 ? "-" : "";
    if (ms < 0)
      ms = -ms;
    return fmt::format_to(ctx.out(), "{}{}.{:03} s", sign, ms / 1000, ms % 1000);
  }
};

// MacAddress: the 48-bit address every Ethernet frame carries twice (book section 12.3).
//
// Written as six hex octets, "02:00:00:c4:3e:01". Two bits of the first octet matter:
//   bit 0, I/G: 1 = a group (multicast) address; ff:ff:ff:ff:ff:ff, broadcast, is one of them.
//   bit 1, U/L: 1 = locally administered (chosen by software, as the OpenMV cams do from their
//               chip ID: first octet 02), 0 = universally administered (burned in by the maker).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "camnet/bytes.hpp"
#include "camnet/fixed_string.hpp"

namespace camnet {

class MacAddress {
 public:
  static constexpr std::size_t size = 6;

  constexpr MacAddress() = default;  // 00:00:00:00:00:00
  constexpr explicit MacAddress(std::array<std::uint8_t, size> octets) : octets_(octets) {}
  // The address in the first six bytes of `bytes` (the caller has checked there are six).
  static MacAddress from_bytes(Bytes bytes) {
    MacAddress mac;
    for (std::size_t i = 0; i < size; ++i)
      mac.octets_[i] = bytes[i];
    return mac;
  }
  static constexpr MacAddress broadcast() {
    return MacAddress({0xff, 0xff, 0xff, 0xff, 0xff, 0xff});
  }

  // Reads "aa:bb:cc:dd:ee:ff": six pairs of hex digits (either case) separated by ':' or '-'.
  // Anything else ("aa:bb:cc:dd:ee", "aa:bb:cc:dd:ee:fg", "aabb.ccdd.eeff") gives std::nullopt.
  static std::optional<MacAddress> parse(std::string_view text);
  // "aa:bb:cc:dd:ee:ff", lower case.
  FixedString<17> text() const;

  bool is_broadcast() const;
  bool is_multicast() const;  // a group address (broadcast included)
  bool is_unicast() const { return !is_multicast(); }
  bool is_locally_administered() const;

  const std::array<std::uint8_t, size>& octets() const { return octets_; }
  friend bool operator==(const MacAddress&, const MacAddress&) = default;

 private:
  std::array<std::uint8_t, size> octets_{};
};

}  // namespace camnet

#include "frame/mac_address.hpp"

#include "camnet/panic.hpp"

namespace camnet {
namespace {

// The value of one hex digit, or -1 if `c` is not one.
int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

constexpr char hex_digits[] = "0123456789abcdef";

}  // namespace

std::optional<MacAddress> MacAddress::parse(std::string_view text) {
  // BEGIN SOLUTION: read six hex pairs separated by ':' or '-' (handout §2)
  // "aa:bb:cc:dd:ee:ff" is exactly 17 characters: pairs at 0, 3, 6, ..., separators between.
  // hex_value() above turns one digit into its value.
  if (text.size() != 17)
    return std::nullopt;
  MacAddress mac;
  for (std::size_t i = 0; i < size; ++i) {
    std::size_t at = i * 3;
    int high = hex_value(text[at]);
    int low = hex_value(text[at + 1]);
    if (high < 0 || low < 0)
      return std::nullopt;
    if (i + 1 < size && text[at + 2] != ':' && text[at + 2] != '-')
      return std::nullopt;
    mac.octets_[i] = static_cast<std::uint8_t>(high * 16 + low);
  }
  return mac;
  // END SOLUTION
}

FixedString<17> MacAddress::text() const {
  // BEGIN SOLUTION: write the six octets as lower-case hex pairs joined by ':' (handout §2)
  // hex_digits[n] is the character for the digit n (0-15). FixedString::push_back adds one char.
  FixedString<17> out;
  for (std::size_t i = 0; i < size; ++i) {
    if (i > 0)
      out.push_back(':');
    out.push_back(hex_digits[octets_[i] >> 4]);
    out.push_back(hex_digits[octets_[i] & 0x0f]);
  }
  return out;
  // END SOLUTION
}

bool MacAddress::is_broadcast() const {
  // BEGIN SOLUTION: all 48 bits set (handout §2)
  return *this == broadcast();
  // END SOLUTION
}

bool MacAddress::is_multicast() const {
  // BEGIN SOLUTION: the I/G bit is the least significant bit of the first octet (handout §2)
  return (octets_[0] & 0x01) != 0;
  // END SOLUTION
}

bool MacAddress::is_locally_administered() const {
  // BEGIN SOLUTION: the U/L bit is the second-least significant bit of the first octet (handout §2)
  return (octets_[0] & 0x02) != 0;
  // END SOLUTION
}

}  // namespace camnet

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
  // TODO(lab 1): read six hex pairs separated by ':' or '-' (handout §2)
  // "aa:bb:cc:dd:ee:ff" is exactly 17 characters: pairs at 0, 3, 6, ..., separators between.
  // hex_value() above turns one digit into its value.
  camnet::todo("TODO(lab 1): read six hex pairs separated by ':' or '-' (handout §2)");
}

FixedString<17> MacAddress::text() const {
  // TODO(lab 1): write the six octets as lower-case hex pairs joined by ':' (handout §2)
  // hex_digits[n] is the character for the digit n (0-15). FixedString::push_back adds one char.
  camnet::todo("TODO(lab 1): write the six octets as lower-case hex pairs joined by ':' (handout §2)");
}

bool MacAddress::is_broadcast() const {
  // TODO(lab 1): all 48 bits set (handout §2)
  camnet::todo("TODO(lab 1): all 48 bits set (handout §2)");
}

bool MacAddress::is_multicast() const {
  // TODO(lab 1): the I/G bit is the least significant bit of the first octet (handout §2)
  camnet::todo("TODO(lab 1): the I/G bit is the least significant bit of the first octet (handout §2)");
}

bool MacAddress::is_locally_administered() const {
  // TODO(lab 1): the U/L bit is the second-least significant bit of the first octet (handout §2)
  camnet::todo("TODO(lab 1): the U/L bit is the second-least significant bit of the first octet (handout §2)");
}

}  // namespace camnet

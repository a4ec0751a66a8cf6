#include "address/ipv4_address.hpp"

#include "camnet/panic.hpp"

namespace camnet {
namespace {

// Writes `value` (0-255) in decimal at the end of `out` (a FixedString of any size).
template <std::size_t N>
void append_decimal(FixedString<N>& out, std::uint32_t value) {
  char digits[3];
  int count = 0;
  do {
    digits[count++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (count > 0)
    out.push_back(digits[--count]);
}

// Reads a decimal number 0-255 at the start of `text` with no leading zero; advances `text`.
std::optional<std::uint32_t> read_octet(std::string_view& text) {
  std::size_t used = 0;
  std::uint32_t value = 0;
  while (used < text.size() && used < 4 && text[used] >= '0' && text[used] <= '9') {
    value = value * 10 + static_cast<std::uint32_t>(text[used] - '0');
    ++used;
  }
  if (used == 0 || used > 3 || value > 255 || (used > 1 && text[0] == '0'))
    return std::nullopt;
  text.remove_prefix(used);
  return value;
}

}  // namespace

std::optional<Ipv4Address> Ipv4Address::parse(std::string_view text) {
  // BEGIN SOLUTION: read four octets separated by dots (handout §2)
  // read_octet() above reads one number and moves `text` past it; check the dots yourself.
  std::uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    if (i > 0) {
      if (text.empty() || text[0] != '.')
        return std::nullopt;
      text.remove_prefix(1);
    }
    std::optional<std::uint32_t> octet = read_octet(text);
    if (!octet)
      return std::nullopt;
    value = (value << 8) | *octet;
  }
  if (!text.empty())
    return std::nullopt;
  return Ipv4Address(value);
  // END SOLUTION
}

FixedString<15> Ipv4Address::text() const {
  // BEGIN SOLUTION: the four octets in decimal, most significant first, joined by dots (handout §2)
  // append_decimal() above writes one number; the top octet is value_ >> 24.
  FixedString<15> out;
  for (int shift = 24; shift >= 0; shift -= 8) {
    append_decimal(out, (value_ >> shift) & 0xff);
    if (shift > 0)
      out.push_back('.');
  }
  return out;
  // END SOLUTION
}

bool Ipv4Address::is_unspecified() const {
  return value_ == 0;
}

bool Ipv4Address::is_loopback() const {
  // BEGIN SOLUTION: 127.0.0.0/8 (handout §2)
  return (value_ >> 24) == 127;
  // END SOLUTION
}

bool Ipv4Address::is_private() const {
  // BEGIN SOLUTION: the three RFC 1918 ranges (handout §2)
  // Ipv4Prefix::contains does the work once you have written it.
  return Ipv4Prefix(Ipv4Address::from_octets(10, 0, 0, 0), 8).contains(*this) ||
         Ipv4Prefix(Ipv4Address::from_octets(172, 16, 0, 0), 12).contains(*this) ||
         Ipv4Prefix(Ipv4Address::from_octets(192, 168, 0, 0), 16).contains(*this);
  // END SOLUTION
}

bool Ipv4Address::is_link_local() const {
  // BEGIN SOLUTION: 169.254.0.0/16 (handout §2)
  return (value_ >> 16) == 0xa9fe;
  // END SOLUTION
}

bool Ipv4Address::is_multicast() const {
  // BEGIN SOLUTION: 224.0.0.0/4: the top four bits are 1110 (handout §2)
  return (value_ >> 28) == 0xe;
  // END SOLUTION
}

bool Ipv4Address::is_limited_broadcast() const {
  return value_ == 0xffffffffu;
}

std::optional<Ipv4Prefix> Ipv4Prefix::parse(std::string_view text) {
  // (Slices are made with the string_view constructor: substr() may throw, and the board has no
  // exceptions.)
  std::size_t slash = text.find('/');
  std::size_t address_end = slash == std::string_view::npos ? text.size() : slash;
  std::optional<Ipv4Address> address =
      Ipv4Address::parse(std::string_view(text.data(), address_end));
  if (!address)
    return std::nullopt;
  if (slash == std::string_view::npos)
    return Ipv4Prefix(*address, 32);
  std::string_view length_text(text.data() + slash + 1, text.size() - slash - 1);
  if (length_text.empty() || length_text.size() > 2)
    return std::nullopt;
  int length = 0;
  for (char c : length_text) {
    if (c < '0' || c > '9')
      return std::nullopt;
    length = length * 10 + (c - '0');
  }
  if (length > 32 || (length_text.size() == 2 && length_text[0] == '0'))
    return std::nullopt;
  return Ipv4Prefix(*address, length);
}

FixedString<18> Ipv4Prefix::text() const {
  FixedString<18> out(address_.text().view());
  out.push_back('/');
  append_decimal(out, static_cast<std::uint32_t>(length_));
  return out;
}

Ipv4Address Ipv4Prefix::netmask() const {
  // BEGIN SOLUTION: `length` one bits from the top, the rest zeros; careful with /0 (handout §3)
  // In C++, shifting a 32-bit value by 32 is undefined: 0xffffffff << 32 is not 0. Treat /0 apart.
  if (length_ == 0)
    return Ipv4Address(0);
  return Ipv4Address(0xffffffffu << (32 - length_));
  // END SOLUTION
}

Ipv4Address Ipv4Prefix::network() const {
  // BEGIN SOLUTION: the address AND the netmask (handout §3)
  return Ipv4Address(address_.value() & netmask().value());
  // END SOLUTION
}

Ipv4Address Ipv4Prefix::broadcast() const {
  // BEGIN SOLUTION: the network OR the host bits (handout §3)
  return Ipv4Address(network().value() | ~netmask().value());
  // END SOLUTION
}

bool Ipv4Prefix::contains(Ipv4Address address) const {
  // BEGIN SOLUTION: same network bits (handout §3)
  return (address.value() & netmask().value()) == network().value();
  // END SOLUTION
}

std::uint64_t Ipv4Prefix::usable_hosts() const {
  if (length_ == 32)
    return 1;
  if (length_ == 31)
    return 2;
  return (std::uint64_t{1} << (32 - length_)) - 2;
}

std::optional<Ipv4Address> next_hop(Ipv4Prefix interface, Ipv4Address gateway,
                                    Ipv4Address destination) {
  // BEGIN SOLUTION: on the network, broadcast or multicast: direct; else the gateway, if any (handout §4)
  if (destination.is_limited_broadcast() || destination.is_multicast() ||
      interface.contains(destination)) {
    return destination;
  }
  if (gateway.is_unspecified())
    return std::nullopt;
  return gateway;
  // END SOLUTION
}

}  // namespace camnet

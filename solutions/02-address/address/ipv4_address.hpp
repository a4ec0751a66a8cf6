// IPv4 addresses and prefixes (book section 12.5, "IP addresses", and the netmask test of 12.7).
//
// An IPv4 address is 32 bits, written as four decimal octets: 192.168.10.42. A prefix is an address
// plus a length, 192.168.10.0/24: the first 24 bits name the network, the other 8 the host. The
// netmask is the length written as an address (/24 is 255.255.255.0).
//
// A camera configured as 192.168.10.42/24 with gateway 192.168.10.1 decides, for every datagram,
// whether the destination is on its own network (send straight to it) or not (send to the gateway):
// that is next_hop() below.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "camnet/fixed_string.hpp"

namespace camnet {

class Ipv4Address {
 public:
  constexpr Ipv4Address() = default;  // 0.0.0.0
  constexpr explicit Ipv4Address(std::uint32_t value) : value_(value) {}
  static constexpr Ipv4Address from_octets(std::uint8_t a, std::uint8_t b, std::uint8_t c,
                                           std::uint8_t d) {
    return Ipv4Address((std::uint32_t{a} << 24) | (std::uint32_t{b} << 16) |
                       (std::uint32_t{c} << 8) | std::uint32_t{d});
  }
  static constexpr Ipv4Address limited_broadcast() { return Ipv4Address(0xffffffffu); }

  // Reads "a.b.c.d": four decimal numbers 0-255, no leading zeros (so "010" is refused: some
  // systems read it as octal), no signs or spaces. Anything else gives std::nullopt.
  static std::optional<Ipv4Address> parse(std::string_view text);
  // "a.b.c.d"
  FixedString<15> text() const;

  constexpr std::uint32_t value() const { return value_; }

  // The special ranges (RFC 6890 lists them all).
  bool is_unspecified() const;        // 0.0.0.0
  bool is_loopback() const;           // 127.0.0.0/8
  bool is_private() const;            // 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 (RFC 1918)
  bool is_link_local() const;         // 169.254.0.0/16 (RFC 3927)
  bool is_multicast() const;          // 224.0.0.0/4
  bool is_limited_broadcast() const;  // 255.255.255.255

  friend constexpr bool operator==(Ipv4Address, Ipv4Address) = default;
  friend constexpr auto operator<=>(Ipv4Address, Ipv4Address) = default;

 private:
  std::uint32_t value_ = 0;
};

class Ipv4Prefix {
 public:
  constexpr Ipv4Prefix() = default;  // 0.0.0.0/0
  // `length` above 32 is treated as 32. The address may have host bits set (192.168.10.42/24 is
  // how an interface's address is written); network() clears them.
  constexpr Ipv4Prefix(Ipv4Address address, int length)
      : address_(address), length_(length < 0 ? 0 : (length > 32 ? 32 : length)) {}

  // Reads "a.b.c.d/n" with n from 0 to 32, or a bare "a.b.c.d" (taken as /32).
  static std::optional<Ipv4Prefix> parse(std::string_view text);
  // "a.b.c.d/n", with the address as given (host bits and all).
  FixedString<18> text() const;

  Ipv4Address address() const { return address_; }
  int length() const { return length_; }

  Ipv4Address netmask() const;    // /24 -> 255.255.255.0; /0 -> 0.0.0.0; /32 -> 255.255.255.255
  Ipv4Address network() const;    // the address with the host bits cleared
  Ipv4Address broadcast() const;  // the address with the host bits set (directed broadcast)
  bool contains(Ipv4Address address) const;
  // True if no host bits are set: 192.168.10.0/24 is canonical, 192.168.10.42/24 is not.
  bool is_canonical() const { return address_ == network(); }
  // How many addresses hosts can use: 2^(32-n) - 2, except /31 (2: RFC 3021) and /32 (1).
  std::uint64_t usable_hosts() const;

  friend constexpr bool operator==(Ipv4Prefix, Ipv4Prefix) = default;

 private:
  Ipv4Address address_;
  int length_ = 0;
};

// The netmask test of section 12.7: where a datagram for `destination` goes first, from an
// interface configured as `interface` (address and prefix length) with default gateway `gateway`.
// On the interface's network, the limited broadcast or a multicast group: straight to the
// destination. Anywhere else: to the gateway, or nowhere (std::nullopt) if the gateway is 0.0.0.0,
// which means "no gateway".
std::optional<Ipv4Address> next_hop(Ipv4Prefix interface, Ipv4Address gateway,
                                    Ipv4Address destination);

}  // namespace camnet

// A router's configuration file, read on the host (by `camnet route` and lab 3's replay tests).
//
// One statement per line; '#' starts a comment; blank lines are fine:
//
//   interface NAME mac MAC address A.B.C.D/N [mtu N]      an interface (its network becomes a
//                                                         directly attached route, as on Linux)
//   route PREFIX via A.B.C.D dev NAME [metric N]          a route through a gateway on NAME's network
//   route PREFIX dev NAME [metric N]                      a directly attached route
//   nat masquerade dev NAME                               translate what leaves by NAME (its address
//                                                         is the public address)
//   forward udp|tcp PORT to A.B.C.D:PORT dev NAME         a port forward on NAME's NAT
//
// PREFIX is A.B.C.D/N with no host bits set, or `default` (0.0.0.0/0). The captures of lab 3 come
// with one such file per scenario (captures/<scenario>/router.conf, written by record.sh from the
// Linux router's own configuration).
//
// Every mistake is one line naming the file, the line and the reason, e.g.
//   r1.conf:3: unknown interface 'if9' (interfaces so far: if0, if1)
// The reading is done here, independently of the labs' own parsers, so that a broken
// Ipv4Prefix::parse in a student's lab 2 shows up in lab 2's tests, not as a puzzling config error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "address/ipv4_address.hpp"
#include "frame/mac_address.hpp"

namespace camnet::replay {

// What went wrong, as one line: "FILE:LINE: reason" (or "FILE: reason" for the file as a whole).
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct InterfaceConfig {
  std::string name;
  MacAddress mac;
  Ipv4Address address;
  int prefix_length = 0;
  std::size_t mtu = 1500;
  int line = 0;
};

struct RouteConfig {
  Ipv4Address network;
  int prefix_length = 0;
  std::optional<Ipv4Address> via;  // none: directly attached
  std::size_t interface = 0;       // index into RouterConfig::interfaces
  std::uint32_t metric = 0;
  int line = 0;
};

struct ForwardConfig {
  std::uint8_t protocol = 0;  // 6 (TCP) or 17 (UDP)
  std::uint16_t public_port = 0;
  Ipv4Address inside_address;
  std::uint16_t inside_port = 0;
  int line = 0;
};

struct NatConfig {
  std::size_t interface = 0;  // the outside interface
  std::vector<ForwardConfig> forwards;
  int line = 0;
};

struct RouterConfig {
  std::string file;  // as given, for messages
  std::vector<InterfaceConfig> interfaces;
  std::vector<RouteConfig> routes;
  std::optional<NatConfig> nat;

  std::optional<std::size_t> find_interface(std::string_view name) const;
  // "if0, if1" (or "none" before the first interface line)
  std::string interface_names() const;
};

// The most interfaces a Router has (Router::max_interfaces), checked here so the message can name
// the line.
inline constexpr std::size_t config_max_interfaces = 4;

// Reads `text`; `file` names it in messages. Throws ConfigError.
RouterConfig parse_router_config(std::string_view text, const std::string& file);
// Reads the file at `path`. Throws ConfigError (also when the file cannot be read).
RouterConfig load_router_config(const std::string& path);

// "a.b.c.d/n" as the file spells a prefix (for messages and logs).
std::string prefix_text(Ipv4Address network, int length);

}  // namespace camnet::replay

#include "router_config.hpp"

#include <array>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace camnet::replay {
namespace {

std::string ip_text(Ipv4Address a) {
  std::uint32_t v = a.value();
  return fmt::format("{}.{}.{}.{}", v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
}

std::uint32_t mask_of(int length) {
  return length == 0 ? 0 : ~std::uint32_t{0} << (32 - length);
}

// A decimal number of at most `max`, nothing else ("+1", "1x", "" and "0x10" are not numbers).
std::optional<std::uint32_t> number(std::string_view text, std::uint32_t max) {
  if (text.empty() || text.size() > 10)
    return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (value > max)
    return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

std::optional<Ipv4Address> address(std::string_view text) {
  std::uint32_t value = 0;
  for (int part = 0; part < 4; ++part) {
    std::size_t dot = text.find('.');
    if ((part < 3) != (dot != std::string_view::npos))
      return std::nullopt;
    std::string_view digits = text.substr(0, dot);
    if (digits.size() > 3)
      return std::nullopt;
    std::optional<std::uint32_t> octet = number(digits, 255);
    if (!octet)
      return std::nullopt;
    value = (value << 8) | *octet;
    text = part < 3 ? text.substr(dot + 1) : std::string_view{};
  }
  return Ipv4Address(value);
}

struct Prefix {
  Ipv4Address address;
  int length = 0;
};

std::optional<Prefix> prefix(std::string_view text) {
  std::size_t slash = text.find('/');
  if (slash == std::string_view::npos)
    return std::nullopt;
  std::optional<Ipv4Address> a = address(text.substr(0, slash));
  std::optional<std::uint32_t> n = number(text.substr(slash + 1), 32);
  if (!a || !n || text.size() - slash - 1 > 2)
    return std::nullopt;
  return Prefix{*a, static_cast<int>(*n)};
}

std::optional<MacAddress> mac(std::string_view text) {
  if (text.size() != 17)
    return std::nullopt;
  std::array<std::uint8_t, 6> octets{};
  for (std::size_t i = 0; i < 6; ++i) {
    if (i > 0 && text[i * 3 - 1] != ':')
      return std::nullopt;
    unsigned value = 0;
    const char* first = text.data() + i * 3;
    auto [end, error] = std::from_chars(first, first + 2, value, 16);
    if (error != std::errc() || end != first + 2)
      return std::nullopt;
    octets[i] = static_cast<std::uint8_t>(value);
  }
  return MacAddress(octets);
}

// One line, cut into words, with what is needed to complain about it.
class Line {
 public:
  Line(const std::string& file, int number, std::string_view text) : file_(file), number_(number) {
    std::size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r'))
        ++i;
      std::size_t start = i;
      while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '\r')
        ++i;
      if (i > start)
        words_.emplace_back(text.substr(start, i - start));
    }
  }

  [[noreturn]] void fail(const std::string& reason) const {
    throw ConfigError(fmt::format("{}:{}: {}", file_, number_, reason));
  }
  std::size_t size() const { return words_.size(); }
  bool empty() const { return words_.empty(); }
  const std::string& operator[](std::size_t i) const { return words_.at(i); }
  int number() const { return number_; }
  // The word after keyword `at` (which the caller has checked), or a complaint naming `what`.
  const std::string& value_after(std::size_t at, const char* what) const {
    if (at + 1 >= words_.size())
      fail(fmt::format("'{}' needs {} after it", words_[at], what));
    return words_[at + 1];
  }
  // Complains unless word `at` is `keyword`.
  void expect(std::size_t at, std::string_view keyword, const char* usage) const {
    if (at >= words_.size())
      fail(fmt::format("'{}' is missing (usage: {})", keyword, usage));
    if (words_[at] != keyword)
      fail(fmt::format("expected '{}' where '{}' is (usage: {})", keyword, words_[at], usage));
  }

 private:
  const std::string& file_;
  int number_;
  std::vector<std::string> words_;
};

constexpr const char* interface_usage = "interface NAME mac MAC address A.B.C.D/N [mtu N]";
constexpr const char* route_usage =
    "route PREFIX via A.B.C.D dev NAME [metric N], or route PREFIX dev NAME [metric N]";
constexpr const char* nat_usage = "nat masquerade dev NAME";
constexpr const char* forward_usage = "forward udp|tcp PORT to A.B.C.D:PORT dev NAME";

std::size_t interface_named(const RouterConfig& config, const Line& line, const std::string& name) {
  std::optional<std::size_t> index = config.find_interface(name);
  if (!index) {
    line.fail(fmt::format("unknown interface '{}' (interfaces so far: {})", name,
                          config.interface_names()));
  }
  return *index;
}

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 15)  // Linux's IFNAMSIZ - 1
    return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok)
      return false;
  }
  return true;
}

void parse_interface(RouterConfig& config, const Line& line) {
  if (line.size() < 2)
    line.fail(fmt::format("the interface has no name (usage: {})", interface_usage));
  InterfaceConfig i;
  i.name = line[1];
  i.line = line.number();
  if (!valid_name(i.name)) {
    line.fail(
        fmt::format("'{}' is not an interface name (letters, digits, '-', '_', '.'; at "
                    "most 15 characters)",
                    i.name));
  }
  if (std::optional<std::size_t> other = config.find_interface(i.name)) {
    line.fail(fmt::format("interface '{}' is already defined on line {}", i.name,
                          config.interfaces[*other].line));
  }
  if (config.interfaces.size() == config_max_interfaces) {
    line.fail(fmt::format("too many interfaces: a router has at most {}", config_max_interfaces));
  }
  line.expect(2, "mac", interface_usage);
  const std::string& mac_text = line.value_after(2, "a MAC address (aa:bb:cc:dd:ee:ff)");
  std::optional<MacAddress> m = mac(mac_text);
  if (!m)
    line.fail(fmt::format("'{}' is not a MAC address (aa:bb:cc:dd:ee:ff)", mac_text));
  if ((m->octets()[0] & 1) != 0)
    line.fail(fmt::format("{} is a group (multicast) address: an interface needs a unicast MAC",
                          mac_text));
  i.mac = *m;
  line.expect(4, "address", interface_usage);
  const std::string& address_text = line.value_after(4, "an address and prefix length (A.B.C.D/N)");
  std::optional<Prefix> p = prefix(address_text);
  if (!p) {
    line.fail(fmt::format("'{}' is not an address with a prefix length (A.B.C.D/N)", address_text));
  }
  if (p->length == 0 || p->length > 30) {
    line.fail(fmt::format(
        "prefix length /{} leaves no room for hosts: an interface needs /1 to /30", p->length));
  }
  std::uint32_t host_bits = p->address.value() & ~mask_of(p->length);
  if (host_bits == 0 || host_bits == ~mask_of(p->length)) {
    line.fail(fmt::format("{} is the {} address of its network, not a host's", address_text,
                          host_bits == 0 ? "network" : "broadcast"));
  }
  for (const InterfaceConfig& other : config.interfaces) {
    std::uint32_t common = mask_of(std::min(other.prefix_length, p->length));
    if ((other.address.value() & common) == (p->address.value() & common)) {
      line.fail(fmt::format("{} overlaps the network of interface '{}' ({}/{}, line {})",
                            address_text, other.name, ip_text(other.address), other.prefix_length,
                            other.line));
    }
  }
  i.address = p->address;
  i.prefix_length = p->length;
  std::size_t at = 6;
  if (at < line.size()) {
    line.expect(at, "mtu", interface_usage);
    const std::string& mtu_text = line.value_after(at, "a number of bytes");
    std::optional<std::uint32_t> mtu = number(mtu_text, 1'000'000);
    if (!mtu || *mtu < 68 || *mtu > 1500) {
      line.fail(
          fmt::format("MTU '{}' is out of range: 68 (RFC 791's minimum) to 1500 (an "
                      "Ethernet payload)",
                      mtu_text));
    }
    i.mtu = *mtu;
    at += 2;
  }
  if (at < line.size())
    line.fail(fmt::format("unexpected '{}' at the end (usage: {})", line[at], interface_usage));
  config.interfaces.push_back(i);
}

void parse_route(RouterConfig& config, const Line& line) {
  if (line.size() < 2)
    line.fail(fmt::format("the route has no destination (usage: {})", route_usage));
  RouteConfig r;
  r.line = line.number();
  if (line[1] == "default") {
    r.network = Ipv4Address(0);
    r.prefix_length = 0;
  } else {
    std::optional<Prefix> p = prefix(line[1]);
    if (!p) {
      line.fail(fmt::format("'{}' is not a destination prefix (A.B.C.D/N, or default)", line[1]));
    }
    if ((p->address.value() & ~mask_of(p->length)) != 0) {
      line.fail(fmt::format(
          "{} has host bits set (the network is {})", line[1],
          prefix_text(Ipv4Address(p->address.value() & mask_of(p->length)), p->length)));
    }
    r.network = p->address;
    r.prefix_length = p->length;
  }
  std::size_t at = 2;
  if (at < line.size() && line[at] == "via") {
    const std::string& via_text = line.value_after(at, "the gateway's address (A.B.C.D)");
    std::optional<Ipv4Address> via = address(via_text);
    if (!via)
      line.fail(fmt::format("gateway '{}' is not an IPv4 address (A.B.C.D)", via_text));
    r.via = *via;
    at += 2;
  }
  line.expect(at, "dev", route_usage);
  r.interface = interface_named(config, line, line.value_after(at, "an interface name"));
  at += 2;
  if (at < line.size() && line[at] == "metric") {
    const std::string& metric_text = line.value_after(at, "a number");
    std::optional<std::uint32_t> metric = number(metric_text, 0xffffffffu);
    if (!metric)
      line.fail(fmt::format("metric '{}' is not a number (0 to 4294967295)", metric_text));
    r.metric = *metric;
    at += 2;
  }
  if (at < line.size())
    line.fail(fmt::format("unexpected '{}' at the end (usage: {})", line[at], route_usage));

  const InterfaceConfig& dev = config.interfaces[r.interface];
  std::uint32_t dev_mask = mask_of(dev.prefix_length);
  if (r.via) {
    if ((r.via->value() & dev_mask) != (dev.address.value() & dev_mask)) {
      line.fail(fmt::format(
          "gateway {} is not on {}'s network {} (a gateway must be a neighbour)", ip_text(*r.via),
          dev.name, prefix_text(Ipv4Address(dev.address.value() & dev_mask), dev.prefix_length)));
    }
    if (*r.via == dev.address)
      line.fail(fmt::format("gateway {} is {}'s own address", ip_text(*r.via), dev.name));
  }
  for (const InterfaceConfig& i : config.interfaces) {
    std::uint32_t mask = mask_of(i.prefix_length);
    if (i.prefix_length == r.prefix_length && (i.address.value() & mask) == r.network.value()) {
      line.fail(fmt::format("{} is already the directly attached route of interface '{}' (line {})",
                            prefix_text(r.network, r.prefix_length), i.name, i.line));
    }
  }
  for (const RouteConfig& other : config.routes) {
    if (other.network == r.network && other.prefix_length == r.prefix_length) {
      line.fail(
          fmt::format("a route for {} is already given on line {} (the table keeps one "
                      "route per prefix)",
                      prefix_text(r.network, r.prefix_length), other.line));
    }
  }
  config.routes.push_back(r);
}

void parse_nat(RouterConfig& config, const Line& line) {
  line.expect(1, "masquerade", nat_usage);
  line.expect(2, "dev", nat_usage);
  std::size_t dev = interface_named(config, line, line.value_after(2, "an interface name"));
  if (line.size() > 4)
    line.fail(fmt::format("unexpected '{}' at the end (usage: {})", line[4], nat_usage));
  if (config.nat) {
    line.fail(
        fmt::format("a NAT is already set up on line {} (one NAT per router)", config.nat->line));
  }
  NatConfig n;
  n.interface = dev;
  n.line = line.number();
  config.nat = n;
}

void parse_forward(RouterConfig& config, const Line& line) {
  if (line.size() < 2)
    line.fail(fmt::format("the forward has no protocol (usage: {})", forward_usage));
  ForwardConfig f;
  f.line = line.number();
  if (line[1] == "udp") {
    f.protocol = 17;
  } else if (line[1] == "tcp") {
    f.protocol = 6;
  } else {
    line.fail(fmt::format("protocol '{}' cannot be forwarded: udp or tcp", line[1]));
  }
  const std::string& port_text = line.value_after(1, "the public port");
  std::optional<std::uint32_t> port = number(port_text, 65535);
  if (!port || *port == 0)
    line.fail(fmt::format("public port '{}' is not a port (1 to 65535)", port_text));
  f.public_port = static_cast<std::uint16_t>(*port);
  line.expect(3, "to", forward_usage);
  const std::string& target = line.value_after(3, "the inside address and port (A.B.C.D:PORT)");
  std::size_t colon = target.find(':');
  std::optional<Ipv4Address> inside = address(
      std::string_view(target).substr(0, colon == std::string::npos ? target.size() : colon));
  std::optional<std::uint32_t> inside_port =
      colon == std::string::npos ? std::nullopt
                                 : number(std::string_view(target).substr(colon + 1), 65535);
  if (!inside || !inside_port || *inside_port == 0)
    line.fail(fmt::format("'{}' is not an inside address and port (A.B.C.D:PORT)", target));
  f.inside_address = *inside;
  f.inside_port = static_cast<std::uint16_t>(*inside_port);
  line.expect(5, "dev", forward_usage);
  std::size_t dev = interface_named(config, line, line.value_after(5, "an interface name"));
  if (line.size() > 7)
    line.fail(fmt::format("unexpected '{}' at the end (usage: {})", line[7], forward_usage));
  if (!config.nat || config.nat->interface != dev) {
    line.fail(
        fmt::format("no NAT on '{}' to forward from (a 'nat masquerade dev {}' line must come "
                    "first)",
                    config.interfaces[dev].name, config.interfaces[dev].name));
  }
  for (const ForwardConfig& other : config.nat->forwards) {
    if (other.protocol == f.protocol && other.public_port == f.public_port) {
      line.fail(fmt::format("{} port {} is already forwarded on line {}", line[1], f.public_port,
                            other.line));
    }
  }
  if (config.nat->forwards.size() == 16) {  // nat::max_port_forwards
    line.fail("too many port forwards: a NAT has at most 16");
  }
  config.nat->forwards.push_back(f);
}

}  // namespace

std::optional<std::size_t> RouterConfig::find_interface(std::string_view name) const {
  for (std::size_t i = 0; i < interfaces.size(); ++i) {
    if (interfaces[i].name == name)
      return i;
  }
  return std::nullopt;
}

std::string RouterConfig::interface_names() const {
  if (interfaces.empty())
    return "none";
  std::string names;
  for (const InterfaceConfig& i : interfaces)
    names += (names.empty() ? "" : ", ") + i.name;
  return names;
}

std::string prefix_text(Ipv4Address network, int length) {
  return fmt::format("{}/{}", ip_text(network), length);
}

RouterConfig parse_router_config(std::string_view text, const std::string& file) {
  RouterConfig config;
  config.file = file;
  int number = 0;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view raw = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++number;
    std::size_t hash = raw.find('#');
    Line line(config.file, number, raw.substr(0, hash));
    if (line.empty())
      continue;
    const std::string& keyword = line[0];
    if (keyword == "interface") {
      parse_interface(config, line);
    } else if (keyword == "route") {
      parse_route(config, line);
    } else if (keyword == "nat") {
      parse_nat(config, line);
    } else if (keyword == "forward") {
      parse_forward(config, line);
    } else {
      line.fail(fmt::format("unknown statement '{}' (expected interface, route, nat or forward)",
                            keyword));
    }
  }
  if (config.interfaces.empty())
    throw ConfigError(fmt::format("{}: no interface lines: a router needs at least one", file));
  return config;
}

RouterConfig load_router_config(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error))
    throw ConfigError(fmt::format("{}: no such file (the router configuration)", path));
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ConfigError(fmt::format("{}: cannot read the router configuration", path));
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  if (s.find('\0') != std::string::npos)
    throw ConfigError(fmt::format("{}: not a text file (it holds NUL bytes)", path));
  return parse_router_config(s, path);
}

}  // namespace camnet::replay

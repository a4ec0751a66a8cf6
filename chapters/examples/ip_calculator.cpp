// Chapter 12.5, "IP addresses": a small subnet calculator over the section's exercises.
//
// For three addresses with a prefix length (192.168.10.42/24, 172.16.5.9/16, 10.0.0.5/30) it prints
// the 32-bit number behind the dotted quad, the address in binary with the network/host boundary
// marked, and then the netmask, network, broadcast, first and last host and the number of usable
// hosts, all computed with lab 2's Ipv4Address and Ipv4Prefix. Every value is compared with the
// value worked out by hand below (the arithmetic is in the comments). Then it sorts a few addresses
// into the special ranges (private, loopback, link-local, multicast, ...) and checks those too.
//
// Build and run, from the top of the repository:
//   cmake --build --preset default --target chapter_ip_calculator
//   build/default/chapters/chapter_ip_calculator
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "address/ipv4_address.hpp"
#include "camnet/host/format.hpp"
#include "camnet/host/runtime.hpp"
#include "run_example.hpp"

using namespace camnet;

namespace {

// One exercise: a prefix as an interface would be configured, and the answers worked out by hand.
struct Exercise {
  std::string_view prefix;
  std::string_view note;
  std::uint32_t value;  // the address as one 32-bit number
  std::string_view netmask;
  std::string_view network;
  std::string_view broadcast;
  std::string_view first_host;
  std::string_view last_host;
  std::uint64_t usable_hosts;
};

const std::array<Exercise, 3> exercises{{
    // 192.168.10.42 = 192*2^24 + 168*2^16 + 10*2^8 + 42 = 0xc0a80a2a = 3232238122.
    // /24: the first three octets are the network, the last octet (8 bits) the host.
    // Network: host octet 0. Broadcast: host octet 255. Hosts: .1 to .254, 2^8 - 2 = 254 of them.
    {"192.168.10.42/24", "the camera in lab 2's captures", 0xc0a80a2a, "255.255.255.0",
     "192.168.10.0", "192.168.10.255", "192.168.10.1", "192.168.10.254", 254},
    // 172.16.5.9 = 172*2^24 + 16*2^16 + 5*2^8 + 9 = 0xac100509 = 2886731017.
    // /16: the first two octets are the network, the last two (16 bits) the host.
    // Network 172.16.0.0, broadcast 172.16.255.255; hosts 172.16.0.1 to 172.16.255.254,
    // 2^16 - 2 = 65534 of them. (The 5 in the third octet is part of the host number.)
    {"172.16.5.9/16", "a /16 from the second private range", 0xac100509, "255.255.0.0",
     "172.16.0.0", "172.16.255.255", "172.16.0.1", "172.16.255.254", 65534},
    // 10.0.0.5 = 10*2^24 + 5 = 0x0a000005 = 167772165.
    // /30: 30 network bits, so only the last 2 bits are the host. Netmask: the last octet is
    // 1111 1100 = 252. Last octet of the address: 5 = 0000 01|01.
    // Network: 0000 01|00 = 4. Broadcast: 0000 01|11 = 7. Hosts: 5 and 6, 2^2 - 2 = 2 of them:
    // the two ends of a point-to-point link.
    {"10.0.0.5/30", "a point-to-point link", 0x0a000005, "255.255.255.252", "10.0.0.4", "10.0.0.7",
     "10.0.0.5", "10.0.0.6", 2},
}};

// The address in binary, octets separated by dots, with '|' after the last network bit.
std::string binary(Ipv4Address address, int length) {
  std::string out;
  for (int bit = 0; bit < 32; ++bit) {
    if (bit == length) {
      out += '|';
    } else if (bit > 0 && bit % 8 == 0) {
      out += '.';
    }
    out += ((address.value() >> (31 - bit)) & 1) != 0 ? '1' : '0';
  }
  return out;
}

// Prints one line of the calculator and compares it with the value worked out by hand. Returns
// false (after saying what differs, and where: `context`) if they differ. `width` lines up the
// columns.
bool show(std::string_view context, std::string_view name, std::string_view computed,
          std::string_view by_hand, std::string_view note, int width = 13) {
  fmt::print("   {:<{}} {:<18} {}\n", name, width, computed, note);
  if (computed != by_hand) {
    fmt::print("FAILED: {} {}: worked out by hand {}, computed {}\n", context, name, by_hand,
               computed);
    return false;
  }
  return true;
}

// Works one exercise. `checked` counts the values compared with the hand-worked ones.
bool calculate(const Exercise& exercise, int& checked) {
  std::optional<Ipv4Prefix> prefix = Ipv4Prefix::parse(exercise.prefix);
  if (!prefix) {
    fmt::print("FAILED: Ipv4Prefix::parse refused \"{}\"\n", exercise.prefix);
    return false;
  }
  const Ipv4Address address = prefix->address();
  const int length = prefix->length();
  fmt::print("{}  ({})\n", exercise.prefix, exercise.note);
  fmt::print("   {:<13} {:<18} = 0x{:08x} = {}\n", "address", address, address.value(),
             address.value());
  fmt::print("   {:<13} {}  ('|': where the {} network bits end)\n", "in binary",
             binary(address, length), length);

  // First and last host: one past the network address, one before the broadcast address. (That
  // holds for /0 to /30; a /31 has no network or broadcast address and a /32 is a single host,
  // which is why lab 2's usable_hosts() treats them apart. None of the exercises is one of those.)
  const Ipv4Address network = prefix->network();
  const Ipv4Address broadcast = prefix->broadcast();
  const Ipv4Address first = Ipv4Address(network.value() + 1);
  const Ipv4Address last = Ipv4Address(broadcast.value() - 1);
  const Ipv4Prefix canonical{network, length};

  bool ok = true;
  auto check = [&](std::string_view name, const auto& computed, std::string_view by_hand,
                   std::string_view note = "") {
    ok = show(exercise.prefix, name, fmt::format("{}", computed), by_hand, note) && ok;
    ++checked;
  };
  check("netmask", prefix->netmask(), exercise.netmask,
        fmt::format("{} ones, then {} zeros", length, 32 - length));
  check("network", network, exercise.network, "address AND netmask: the host bits cleared");
  check("broadcast", broadcast, exercise.broadcast, "network OR the host bits: all host bits set");
  check("first host", first, exercise.first_host, "network + 1");
  check("last host", last, exercise.last_host, "broadcast - 1");
  check("usable hosts", prefix->usable_hosts(), fmt::format("{}", exercise.usable_hosts),
        fmt::format("2^{} - 2: every host number but all zeros and all ones", 32 - length));
  if (address.value() != exercise.value) {
    fmt::print("FAILED: address: worked out by hand 0x{:08x}, computed 0x{:08x}\n", exercise.value,
               address.value());
    ok = false;
  }
  ++checked;

  // The prefix is written with the interface's own address, host bits and all. That is not a
  // network's canonical name, but it says two things at once: who this host is and which network
  // it is on.
  fmt::print("   {:<13} {:<18} no host bits set: canonical ({} is not)\n", "the network", canonical,
             exercise.prefix);
  if (prefix->is_canonical() || !canonical.is_canonical() || !canonical.contains(address)) {
    fmt::print("FAILED: {} should not be canonical, and {} should be and contain {}\n",
               exercise.prefix, canonical, address);
    ok = false;
  }
  ++checked;
  fmt::print("\n");
  return ok;
}

// What lab 2's predicates say about `address`: the name of every special range it is in.
std::vector<std::string_view> ranges_of(Ipv4Address address) {
  std::vector<std::string_view> found;
  if (address.is_unspecified())
    found.push_back("unspecified");
  if (address.is_loopback())
    found.push_back("loopback");
  if (address.is_private())
    found.push_back("private");
  if (address.is_link_local())
    found.push_back("link-local");
  if (address.is_multicast())
    found.push_back("multicast");
  if (address.is_limited_broadcast())
    found.push_back("limited broadcast");
  return found;
}

struct Special {
  std::string_view address;
  std::string_view by_hand;  // the range it is in, or "none"
  std::string_view note;
};

// Worked out by hand from the ranges' definitions (RFC 6890 lists them all).
const std::array<Special, 11> specials{{
    {"10.1.2.3", "private", "10.0.0.0/8: the first octet is 10"},
    {"172.31.255.254", "private", "172.16.0.0/12: second octet 16 to 31 (0001 xxxx)"},
    {"172.32.0.1", "none", "just past 172.16.0.0/12: 32 is 0010 0000"},
    {"192.168.10.42", "private", "192.168.0.0/16"},
    {"127.0.0.1", "loopback", "127.0.0.0/8: never leaves the host"},
    {"169.254.7.7", "link-local", "169.254.0.0/16: what a host picks when DHCP fails"},
    {"224.0.0.251", "multicast", "224.0.0.0/4: first four bits 1110 (this one is mDNS)"},
    {"239.255.255.250", "multicast", "still 1110 in the first four bits (SSDP)"},
    {"255.255.255.255", "limited broadcast", "everyone on this link; never routed"},
    {"0.0.0.0", "unspecified", "\"no address yet\": a DHCP client's source"},
    {"198.51.100.20", "none", "public (RFC 5737 keeps it for examples)"},
}};

bool classify(int& checked) {
  fmt::print("Special ranges, as Ipv4Address's is_...() functions see them:\n");
  bool ok = true;
  for (const Special& special : specials) {
    std::optional<Ipv4Address> address = Ipv4Address::parse(special.address);
    if (!address) {
      fmt::print("FAILED: Ipv4Address::parse refused \"{}\"\n", special.address);
      return false;
    }
    std::vector<std::string_view> found = ranges_of(*address);
    std::string computed = found.empty() ? "none" : fmt::format("{}", fmt::join(found, ", "));
    ok = show("special range of", special.address, computed, special.by_hand, special.note, 15) &&
         ok;
    ++checked;
  }
  return ok;
}

int run() {
  int checked = 0;
  bool ok = true;
  for (const Exercise& exercise : exercises) {
    ok = calculate(exercise, checked) && ok;
  }
  ok = classify(checked) && ok;
  if (!ok) {
    return 1;
  }
  fmt::print("\nAll {} values match the ones worked out by hand.\n", checked);
  return 0;
}

}  // namespace

int main() {
  return camnet::examples::run_example(run);
}

// camnet ip / camnet arp: lab 2's tools. `ip` is a calculator for the book's 12.5 exercises; `arp`
// replays a capture into a network interface and shows how its neighbour cache evolves.
#include <cstdio>
#include <memory>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "address/arp.hpp"
#include "address/ipv4_address.hpp"
#include "address/network_interface.hpp"
#include "camnet/host/capture.hpp"
#include "camnet/host/format.hpp"
#include "camnet/memory_link.hpp"
#include "commands.hpp"
#include "dissect.hpp"
#include "frame/ethernet.hpp"

namespace camnet::cli {
namespace {

std::string range_of(Ipv4Address a) {
  if (a.is_unspecified())
    return "unspecified (0.0.0.0)";
  if (a.is_limited_broadcast())
    return "the limited broadcast";
  if (a.is_loopback())
    return "loopback (127.0.0.0/8)";
  if (a.is_link_local())
    return "link-local (169.254.0.0/16)";
  if (a.is_multicast())
    return "multicast (224.0.0.0/4)";
  if (a.is_private())
    return "private (RFC 1918)";
  return "public";
}

struct IpOptions {
  std::string prefix;
  std::string other;
  std::string gateway;
};

Ipv4Address parse_address(const std::string& text, const char* what) {
  std::optional<Ipv4Address> a = Ipv4Address::parse(text);
  if (!a)
    throw std::runtime_error(fmt::format("{} '{}' is not an IPv4 address (a.b.c.d)", what, text));
  return *a;
}

void run_ip(const IpOptions& o) {
  std::optional<Ipv4Prefix> p = Ipv4Prefix::parse(o.prefix);
  if (!p)
    throw std::runtime_error(
        fmt::format("'{}' is not an address with a prefix (a.b.c.d/n)", o.prefix));
  fmt::print("address     {}  ({})\n", p->address(), range_of(p->address()));
  fmt::print("prefix      /{}{}\n", p->length(),
             p->is_canonical() ? "" : "  (host bits set: the address of one host)");
  fmt::print("netmask     {}\n", p->netmask());
  fmt::print("network     {}/{}\n", p->network(), p->length());
  fmt::print("broadcast   {}\n", p->broadcast());
  if (p->length() <= 30) {
    fmt::print("hosts       {} to {}  ({} usable)\n", Ipv4Address(p->network().value() + 1),
               Ipv4Address(p->broadcast().value() - 1), p->usable_hosts());
  } else {
    fmt::print("hosts       {} to {}  ({} usable)\n", p->network(), p->broadcast(),
               p->usable_hosts());
  }
  if (!o.other.empty()) {
    Ipv4Address other = parse_address(o.other, "the other address");
    if (o.gateway.empty()) {
      fmt::print("{}  {}\n", other,
                 p->contains(other) ? "is on-link: send to it directly (ARP for its MAC)"
                                    : "is not on-link: send it to the gateway");
    } else {
      Ipv4Address gateway = parse_address(o.gateway, "the gateway");
      std::optional<Ipv4Address> hop = next_hop(*p, gateway, other);
      if (!hop) {
        fmt::print("{}  no next hop: off the network, and no gateway\n", other);
      } else {
        fmt::print("{}  next hop {} ({})\n", other, *hop,
                   *hop == other ? "directly" : "via the gateway");
      }
    }
  }
}

struct ArpOptions {
  std::string file;
  std::string ip;
  std::string mac;
  std::string out;
};

std::vector<Neighbour> snapshot(const NetworkInterface& interface) {
  std::vector<Neighbour> entries;
  for (std::size_t i = 0; i < interface.cache_size(); ++i)
    entries.push_back(interface.cache_entry(i));
  return entries;
}

// Prints what changed in the cache between two snapshots.
void print_cache_changes(const std::vector<Neighbour>& before,
                         const std::vector<Neighbour>& after) {
  for (const Neighbour& n : after) {
    auto old = std::find_if(before.begin(), before.end(),
                            [&](const Neighbour& b) { return b.ip == n.ip; });
    if (old == before.end()) {
      fmt::print("           cache  + {} is at {}\n", n.ip, n.mac);
    } else if (!(old->mac == n.mac)) {
      fmt::print("           cache  ~ {} moved from {} to {}\n", n.ip, old->mac, n.mac);
    }
  }
  for (const Neighbour& b : before) {
    if (std::none_of(after.begin(), after.end(),
                     [&](const Neighbour& n) { return n.ip == b.ip; })) {
      fmt::print("           cache  - {} (expired)\n", b.ip);
    }
  }
}

void run_arp(const ArpOptions& o) {
  std::optional<Ipv4Prefix> address =
      Ipv4Prefix::parse(o.ip.find('/') == std::string::npos ? o.ip + "/24" : o.ip);
  if (!address)
    throw std::runtime_error(fmt::format("--ip '{}' is not an IPv4 address (a.b.c.d[/n])", o.ip));
  std::optional<MacAddress> mac = MacAddress::parse(o.mac);
  if (!mac)
    throw std::runtime_error(
        fmt::format("--mac '{}' is not a MAC address (aa:bb:cc:dd:ee:ff)", o.mac));

  host::CaptureReader reader(o.file);
  std::optional<host::CaptureWriter> writer;
  if (!o.out.empty())
    writer.emplace(o.out);
  auto wire = std::make_unique<MemoryMedium<2, 64>>();
  Port port(wire->station(0));
  NetworkInterface interface(port, *mac, *address);
  fmt::print("interface {} at {}; replaying {}\n", address->text().view(), mac->text().view(),
             o.file);

  std::optional<host::CaptureTime> start;
  Duration clock{0};
  host::CaptureTime now{0};
  auto report_sent = [&] {
    while (std::optional<PacketBuffer> frame = wire->station(1).receive()) {
      if (writer)
        writer->write(now, frame->bytes());
      fmt::memory_buffer line;
      dissect::append_frame_summary(line, static_cast<std::uint32_t>(frame->size()),
                                    frame->bytes());
      fmt::print("           sent   {}\n", fmt::to_string(line));
    }
  };
  while (std::optional<host::CaptureRecord> record = reader.next()) {
    if (!start)
      start = record->time;
    now = record->time;
    std::vector<Neighbour> before = snapshot(interface);
    auto elapsed = std::chrono::duration_cast<Duration>(record->time - *start) - clock;
    if (elapsed > Duration::zero()) {
      interface.tick(elapsed);
      clock += elapsed;
    }
    fmt::memory_buffer line;
    dissect::append_summary_line(line, record->number, record->time - *start, record->wire_length,
                                 record->bytes);
    fmt::print("{}", fmt::to_string(line));
    InterfaceCounters counted = interface.counters();
    interface.receive(record->bytes);
    if (interface.counters().ignored > counted.ignored)
      fmt::print("           ignored (not for {} or broadcast)\n", *mac);
    report_sent();
    print_cache_changes(before, snapshot(interface));
    while (interface.pop_datagram()) {
    }
  }
  if (writer)
    writer->flush();
  const InterfaceCounters& c = interface.counters();
  fmt::print(
      "\nsent {} ARP replies and {} ARP requests; received {} datagrams; ignored {} frames, {} "
      "malformed\n",
      c.arp_replies_sent, c.arp_requests_sent, c.datagrams_received, c.ignored, c.malformed);
  fmt::print("neighbour cache at the end ({} entries):\n", interface.cache_size());
  for (const Neighbour& n : snapshot(interface)) {
    fmt::print("  {:<15}  {}  learned {} after the first frame\n", n.ip.text().view(), n.mac,
               Duration(n.learned.count()));
  }
}

}  // namespace

void add_address_commands(CLI::App& app) {
  auto ip = std::make_shared<IpOptions>();
  CLI::App* i = app.add_subcommand(
      "ip",
      "IPv4 calculator (book section 12.5): network, netmask, broadcast and hosts of a prefix; "
      "with a second address, whether it is on-link.");
  i->add_option("PREFIX", ip->prefix, "an address with its prefix length, e.g. 192.168.10.42/24")
      ->required();
  i->add_option("OTHER", ip->other, "another address: is it on the same network?");
  i->add_option("--gateway", ip->gateway, "the default gateway: show the next hop for OTHER");
  i->callback([ip] { run_ip(*ip); });

  auto arp = std::make_shared<ArpOptions>();
  CLI::App* a = app.add_subcommand(
      "arp",
      "Replay a capture into a lab 2 network interface with this address: show what it sends "
      "and how its neighbour cache changes.");
  a->add_option("FILE", arp->file, "capture file (pcap or pcapng, Ethernet)")->required();
  a->add_option("--ip", arp->ip, "the interface's address, a.b.c.d[/n] (/24 if no length)")
      ->required();
  a->add_option("--mac", arp->mac, "the interface's MAC address")->required();
  a->add_option("--out", arp->out, "write what the interface sent to this capture");
  a->callback([arp] { run_arp(*arp); });
}

}  // namespace camnet::cli

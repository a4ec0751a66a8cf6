// Chapter 12.7, the netmask test, and what makes "send it directly" work: watching ARP happen.
//
// A camera and a laptop share one cable (camnet::MemoryWire). Each has a camnet::Port on its end
// and a camnet::NetworkInterface (lab 2) on the port, with the addresses of lab 2's captures. The
// example moves frames across the cable itself, so it can print each one as it crosses:
//   1. The camera sends two datagrams to the laptop. The netmask test says the laptop is on-link;
//      the camera does not know its MAC yet, so the datagrams wait while one ARP request goes out.
//      The laptop answers, and the waiting datagrams leave.
//   2. Time passes (tick). The camera's neighbour cache keeps the laptop's MAC for 30 s: a datagram
//      at 10 s goes straight out; at 30 s the entry is gone, and the next datagram needs a new
//      request.
//   3. Nobody answers: a datagram for an on-link address no host has. The camera asks once, does
//      not ask again for a second datagram, and after 5 s drops what waited. A third datagram
//      starts a new request, and is dropped 5 s later in the same way.
// The example checks every count it shows and exits with status 1 if one is not what it should be.
//
// Build and run, from the top of the repository:
//   cmake --build --preset default --target chapter_watch_arp
//   build/default/chapters/chapter_watch_arp
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "address/arp.hpp"
#include "address/ipv4_address.hpp"
#include "address/ipv4_header.hpp"
#include "address/network_interface.hpp"
#include "camnet/clock.hpp"
#include "camnet/host/format.hpp"
#include "camnet/host/runtime.hpp"
#include "camnet/memory_link.hpp"
#include "camnet/panic.hpp"
#include "frame/ethernet.hpp"
#include "frame/mac_address.hpp"
#include "frame/port.hpp"
#include "run_example.hpp"

using namespace camnet;

namespace {

// The addresses of lab 2's captures (labs/02-address/captures/README.md).
constexpr MacAddress camera_mac({0x02, 0x00, 0x00, 0xc4, 0x3e, 0x01});
constexpr MacAddress laptop_mac({0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x10});
constexpr Ipv4Address camera_ip = Ipv4Address::from_octets(192, 168, 10, 42);
constexpr Ipv4Address laptop_ip = Ipv4Address::from_octets(192, 168, 10, 20);
constexpr Ipv4Address gateway_ip = Ipv4Address::from_octets(192, 168, 10, 1);
constexpr Ipv4Address nobody_ip = Ipv4Address::from_octets(192, 168, 10, 99);  // no host has it
const Ipv4Prefix camera_address{camera_ip, 24};
const Ipv4Prefix laptop_address{laptop_ip, 24};

// IANA keeps IP protocol numbers 253 and 254 for experiments (RFC 3692): the right label for a
// payload that is only a line of text.
constexpr std::uint8_t experimental_protocol = 253;

std::string_view name_of(MacAddress mac) {
  if (mac == camera_mac)
    return "camera";
  if (mac == laptop_mac)
    return "laptop";
  if (mac.is_broadcast())
    return "broadcast";
  return "?";
}

std::string_view as_text(Bytes bytes) {
  return std::string_view{reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// Times print as seconds with milliseconds ("30.000 s").
std::string at(Timestamp t) {
  return fmt::format("{}", Duration{t});
}

// What crossed the cable during one deliver(): counted from the frames themselves.
struct Seen {
  int requests = 0;   // ARP requests
  int replies = 0;    // ARP replies
  int datagrams = 0;  // IPv4
};

// An IPv4 datagram: a 20-byte header written by lab 2's Ipv4Header::emit, then `text`.
struct Datagram {
  std::array<std::uint8_t, 64> bytes{};
  std::size_t size = 0;
  Bytes view() const { return Bytes{bytes.data(), size}; }
};
Datagram make_datagram(Ipv4Address destination, std::uint16_t id, std::string_view text) {
  Ipv4Header header;
  header.identification = id;
  header.protocol = experimental_protocol;
  header.source = camera_ip;
  header.destination = destination;
  Datagram d;
  Result<std::size_t, Ipv4Error> length = header.emit(d.bytes, text.size());
  if (!length || *length + text.size() > d.bytes.size()) {
    panic("make_datagram: the header and text must fit in 64 bytes");
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    d.bytes[*length + i] = static_cast<std::uint8_t>(text[i]);
  }
  d.size = *length + text.size();
  return d;
}

// The camera and the laptop on their cable, and the time both have been told.
class Bench {
 public:
  Bench()
      : camera_port_{wire_.station(0)},
        laptop_port_{wire_.station(1)},
        camera{camera_port_, camera_mac, camera_address},
        laptop{laptop_port_, laptop_mac, laptop_address} {}

  // Moves frames across the cable, both ways, until none is left, and prints each one. Frames
  // waiting at the laptop's port were sent by the camera, and the other way round.
  Seen deliver() {
    Seen seen;
    bool moved = true;
    while (moved) {
      moved = false;
      while (std::optional<PacketBuffer> frame = laptop_port_.receive()) {
        print_frame(frame->bytes(), seen);
        laptop.receive(frame->bytes());
        moved = true;
      }
      while (std::optional<PacketBuffer> frame = camera_port_.receive()) {
        print_frame(frame->bytes(), seen);
        camera.receive(frame->bytes());
        moved = true;
      }
    }
    return seen;
  }

  // Both interfaces are told that `elapsed` passed.
  void tick(Duration elapsed) {
    now_ += elapsed;
    camera.tick(elapsed);
    laptop.tick(elapsed);
  }
  Timestamp now() const { return now_; }

  // The camera's cache entry for the laptop, as one line.
  std::string camera_entry() const {
    for (std::size_t i = 0; i < camera.cache_size(); ++i) {
      Neighbour n = camera.cache_entry(i);
      if (n.ip == laptop_ip) {
        return fmt::format("{} is at {}, learned {} ago", n.ip, n.mac, at(now_ - n.learned));
      }
    }
    return "no entry for 192.168.10.20";
  }

 private:
  // One line per frame: the time, who sent it to whom, its length, and what it says, read with
  // lab 1's EthernetView and lab 2's ArpView and Ipv4View.
  void print_frame(Bytes frame, Seen& seen) const {
    Result<EthernetView, FrameError> eth = EthernetView::check(frame);
    if (!eth) {
      fmt::print("      not an Ethernet frame: {}\n", to_string(eth.error()));
      return;
    }
    std::string what = fmt::format("type 0x{:04x}", eth->ethertype());
    if (eth->ethertype() == ethertype::arp) {
      if (Result<ArpView, ArpError> arp = ArpView::check(eth->payload())) {
        if (arp->opcode() == arp::opcode_request) {
          ++seen.requests;
          what = fmt::format("ARP   who has {}? tell {}", arp->target_ip(), arp->sender_ip());
        } else {
          ++seen.replies;
          what = fmt::format("ARP   {} is at {}", arp->sender_ip(), arp->sender_mac());
        }
      }
    } else if (eth->ethertype() == ethertype::ipv4) {
      if (Result<Ipv4View, Ipv4Error> ip = Ipv4View::check(eth->payload())) {
        ++seen.datagrams;
        what = fmt::format("IPv4  {} > {}  \"{}\"", ip->source(), ip->destination(),
                           as_text(ip->payload()));
      }
    }
    std::string who = fmt::format("{} > {}", name_of(eth->source()), name_of(eth->destination()));
    fmt::print("      [{:>8}]  {:<18}  {} bytes  {}\n", at(now_), who, frame.size(), what);
  }

  MemoryWire wire_;
  Port camera_port_;
  Port laptop_port_;
  Timestamp now_{0};

 public:
  NetworkInterface camera;
  NetworkInterface laptop;
};

// The laptop's received datagrams, as their text.
std::vector<std::string> received(NetworkInterface& laptop) {
  std::vector<std::string> texts;
  while (std::optional<PacketBuffer> datagram = laptop.pop_datagram()) {
    Result<Ipv4View, Ipv4Error> ip = Ipv4View::check(datagram->bytes());
    texts.emplace_back(ip ? as_text(ip->payload()) : "(broken)");
  }
  return texts;
}

// Part 1: the first datagrams, and the ARP exchange they start.
bool first_contact(Bench& bench) {
  fmt::print("1. The camera has two datagrams for 192.168.10.20, the laptop.\n");
  Ipv4Address hop = next_hop(camera_address, gateway_ip, laptop_ip).value_or(gateway_ip);
  fmt::print("   netmask test: {} AND 255.255.255.0 = {}, the camera's own network,\n", laptop_ip,
             Ipv4Address(laptop_ip.value() & camera_address.netmask().value()));
  fmt::print("   so the next hop is {} itself, not the gateway {}.\n", hop, gateway_ip);
  bool ok = hop == laptop_ip;

  // Both datagrams are handed over before any frame crosses the cable: the second finds the
  // first still waiting for the laptop's MAC and joins it, without a second request.
  bench.camera.send_datagram(make_datagram(laptop_ip, 1, "photo 1 is ready").view(), hop);
  bench.camera.send_datagram(make_datagram(laptop_ip, 2, "photo 2 is ready").view(), hop);
  fmt::print(
      "   The cache has no entry for it: both datagrams wait, and {} ARP request goes out.\n",
      bench.camera.counters().arp_requests_sent);
  Seen seen = bench.deliver();
  std::vector<std::string> texts = received(bench.laptop);
  fmt::print("   The laptop received {} datagrams. Both caches now hold an entry:\n", texts.size());
  fmt::print("      camera: {}\n", bench.camera_entry());
  std::optional<MacAddress> learned = bench.laptop.lookup(camera_ip);
  fmt::print("      laptop: {} is at {} (learned from the request itself)\n\n", camera_ip,
             learned ? fmt::format("{}", *learned) : std::string{"?"});

  return ok && seen.requests == 1 && seen.replies == 1 && seen.datagrams == 2 &&
         texts == std::vector<std::string>{"photo 1 is ready", "photo 2 is ready"} &&
         bench.camera.lookup(laptop_ip) == laptop_mac && learned == camera_mac;
}

// Part 2: the cache entry lives 30 s.
bool time_passes(Bench& bench) {
  fmt::print("2. Time passes (tick). The camera's cache entry for the laptop:\n");
  bench.tick(10s);
  fmt::print("   at {:>8}: {}\n", at(bench.now()), bench.camera_entry());
  bench.camera.send_datagram(make_datagram(laptop_ip, 3, "photo 3 is ready").view(), laptop_ip);
  fmt::print("   A datagram now: the cache answers, so it leaves at once, with no ARP.\n");
  Seen hit = bench.deliver();
  bool ok = hit.requests == 0 && hit.datagrams == 1 && received(bench.laptop).size() == 1;

  bench.tick(10s);
  fmt::print("   at {:>8}: {}\n", at(bench.now()), bench.camera_entry());
  bench.tick(9999ms);
  fmt::print("   at {:>8}: {}\n", at(bench.now()), bench.camera_entry());
  ok = ok && bench.camera.lookup(laptop_ip) == laptop_mac;
  bench.tick(1ms);
  fmt::print("   at {:>8}: {} (30 s after it was learned)\n", at(bench.now()),
             bench.camera_entry());
  ok = ok && !bench.camera.lookup(laptop_ip) && !bench.laptop.lookup(camera_ip);

  bench.camera.send_datagram(make_datagram(laptop_ip, 4, "photo 4 is ready").view(), laptop_ip);
  fmt::print("   A datagram now finds no entry: ask again.\n");
  Seen again = bench.deliver();
  fmt::print("   at {:>8}: {}\n\n", at(bench.now()), bench.camera_entry());
  return ok && again.requests == 1 && again.replies == 1 && again.datagrams == 1 &&
         received(bench.laptop) == std::vector<std::string>{"photo 4 is ready"} &&
         bench.laptop.lookup(camera_ip) == camera_mac;
}

// Part 3: an on-link address nobody has. One request per 5 s, then the datagrams are dropped.
bool nobody_answers(Bench& bench) {
  fmt::print("3. A datagram for {}: on-link, but no host has that address.\n", nobody_ip);
  const InterfaceCounters before = bench.camera.counters();
  bench.camera.send_datagram(make_datagram(nobody_ip, 5, "anyone there?").view(), nobody_ip);
  Seen first = bench.deliver();
  fmt::print(
      "   The laptop hears the request, sees it is not for its address, and stays silent.\n");

  bench.tick(2s);
  bench.camera.send_datagram(make_datagram(nobody_ip, 6, "anyone there? (2)").view(), nobody_ip);
  Seen second = bench.deliver();
  fmt::print("   at {:>8}: a second datagram for {} joins the first: no new request.\n",
             at(bench.now()), nobody_ip);

  bench.tick(2999ms);
  std::uint64_t dropped_before =
      bench.camera.counters().dropped_unresolved - before.dropped_unresolved;
  fmt::print("   at {:>8}: still waiting, {} datagrams dropped so far.\n", at(bench.now()),
             dropped_before);
  bench.tick(1ms);
  std::uint64_t dropped = bench.camera.counters().dropped_unresolved - before.dropped_unresolved;
  fmt::print("   at {:>8}: 5 s without an answer: the camera gives up, {} datagrams dropped.\n",
             at(bench.now()), dropped);

  bench.camera.send_datagram(make_datagram(nobody_ip, 7, "anyone there? (3)").view(), nobody_ip);
  fmt::print("   A datagram now starts over with a new request:\n");
  Seen third = bench.deliver();
  bench.tick(5s);
  std::uint64_t dropped_in_all =
      bench.camera.counters().dropped_unresolved - before.dropped_unresolved;
  fmt::print("   at {:>8}: no answer again: that one is dropped too, {} dropped in all.\n\n",
             at(bench.now()), dropped_in_all);
  return first.requests == 1 && first.replies == 0 && second.requests == 0 && dropped_before == 0 &&
         dropped == 2 && third.requests == 1 && third.replies == 0 && dropped_in_all == 3 &&
         bench.laptop.counters().datagrams_received == 4;
}

int run() {
  Bench bench;
  fmt::print("A camera and a laptop on one cable (the addresses of lab 2's captures):\n");
  fmt::print("   camera  {}  {}, gateway {}\n", camera_mac, camera_address, gateway_ip);
  fmt::print("   laptop  {}  {}\n\n", laptop_mac, laptop_address);

  if (!first_contact(bench)) {
    fmt::print("FAILED: part 1 should show one request, one reply and both datagrams delivered\n");
    return 1;
  }
  if (!time_passes(bench)) {
    fmt::print("FAILED: part 2 should show the entry used at 10 s, gone at 30 s, then relearned\n");
    return 1;
  }
  if (!nobody_answers(bench)) {
    fmt::print("FAILED: part 3 should show one request per 5 s and the datagrams dropped\n");
    return 1;
  }
  const InterfaceCounters& c = bench.camera.counters();
  fmt::print(
      "The camera's counters: {} datagrams sent, {} ARP requests sent, {} dropped unresolved.\n",
      c.datagrams_sent, c.arp_requests_sent, c.dropped_unresolved);
  if (c.datagrams_sent != 4 || c.arp_requests_sent != 4 || c.dropped_unresolved != 3) {
    fmt::print("FAILED: the counters should say 4 sent, 4 requests, 3 dropped\n");
    return 1;
  }
  fmt::print(
      "One ARP request per resolution, every datagram delivered or counted as dropped, the entry "
      "gone at 30 s.\n");
  return 0;
}

}  // namespace

int main() {
  return camnet::examples::run_example(run);
}

// Chapter 12.4, "Bringing the link up": nothing is sent until the link is up, and when a cable is
// pulled, the devices at both ends notice.
//
// Part 1: a camera's Port on a MemoryWire (an in-memory cable; set_up() plugs and pulls it).
//   poll_link() reports the link going up and down; a frame sent while the link is down is refused
//   and counted as dropped in the port's counters, so "why did nothing arrive?" has an answer.
// Part 2: a LearningSwitch with three ports. It learns where cam1, cam2 and the PC are; when cam2's
//   cable is pulled, a frame for cam2 is dropped (and counted), and at the next tick() the switch
//   sees the link went down and forgets cam2.
//
// Build and run, from the top of the repository:
//   cmake --build --preset default --target chapter_link_up_down
//   build/default/chapters/chapter_link_up_down
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "camnet/clock.hpp"
#include "camnet/host/format.hpp"
#include "camnet/host/runtime.hpp"
#include "camnet/memory_link.hpp"
#include "frame/ethernet.hpp"
#include "frame/learning_switch.hpp"
#include "frame/mac_address.hpp"
#include "frame/port.hpp"
#include "run_example.hpp"

using namespace camnet;

namespace {

// IEEE keeps EtherType 0x88b5 free for local experiments: the right label for frames whose payload
// nobody reads.
constexpr std::uint16_t experimental_type = 0x88b5;

constexpr MacAddress pc_mac({0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x10});
constexpr MacAddress cam1_mac({0x02, 0x00, 0x00, 0xc4, 0x3e, 0x01});
constexpr MacAddress cam2_mac({0x02, 0x00, 0x00, 0xc4, 0x3e, 0x02});

std::string_view name_of(MacAddress mac) {
  if (mac == pc_mac) {
    return "pc";
  }
  if (mac == cam1_mac) {
    return "cam1";
  }
  if (mac == cam2_mac) {
    return "cam2";
  }
  return "?";
}

const char* to_text(LinkChange change) {
  switch (change) {
    case LinkChange::none:
      return "no change";
    case LinkChange::went_up:
      return "went up";
    case LinkChange::went_down:
      return "went down";
  }
  return "?";
}

// A minimal frame (60 bytes, all padding after the header) from `source` to `destination`.
struct Frame {
  std::array<std::uint8_t, ethernet::min_frame> bytes{};
  Bytes view() const { return bytes; }
};
Frame make_frame(MacAddress destination, MacAddress source) {
  EthernetHeader header;
  header.destination = destination;
  header.source = source;
  header.ethertype = experimental_type;
  Frame frame;
  if (!emit_frame(header, Bytes{}, frame.bytes)) {
    panic("make_frame: 60 bytes are always enough");
  }
  return frame;
}

bool one_port() {
  fmt::print("Part 1: one camera port on one cable\n");
  MemoryWire wire;
  wire.set_up(false);  // the cable is not plugged in yet
  Port port{wire.station(0)};
  Link& far_end = wire.station(1);
  const Frame frame = make_frame(pc_mac, cam1_mac);

  // Each step: what happens to the cable, then what the port says.
  LinkChange change = port.poll_link();
  SendStatus status = port.send(frame.view());
  fmt::print("   cable unplugged:  poll_link: {:<10} send: {}\n", to_text(change), status);

  wire.set_up(true);
  change = port.poll_link();
  status = port.send(frame.view());
  fmt::print("   cable plugged in: poll_link: {:<10} send: {}\n", to_text(change), status);

  // Pulled out, and a frame sent before anyone polls the link: the port asks the link itself
  // before sending, so the frame is still refused and counted.
  wire.set_up(false);
  status = port.send(frame.view());
  change = port.poll_link();
  fmt::print("   cable pulled out: send: {:<15} then poll_link: {}\n", status, to_text(change));

  std::size_t arrived = 0;
  while (far_end.receive()) {
    ++arrived;
  }
  const PortCounters& c = port.counters();
  fmt::print("   counters: {} sent, {} dropped, {} link changes; the far end received {} frame\n\n",
             c.tx_frames, c.tx_dropped, c.link_changes, arrived);
  return c.tx_frames == 1 && c.tx_dropped == 2 && c.link_changes == 2 && arrived == 1;
}

void print_table(const LearningSwitch& sw) {
  for (std::size_t i = 0; i < sw.table_size(); ++i) {
    MacTableEntry entry = sw.entry(i);
    fmt::print("      {:<4}  {}  port {}\n", name_of(entry.address), entry.address, entry.port);
  }
}

bool a_switch() {
  fmt::print("Part 2: a learning switch with ports 0, 1, 2: cam1 on port 0, cam2 on 1, pc on 2\n");
  // Each port has its own cable: station 0 is the switch's end, station 1 the device's end.
  std::array<MemoryWire, 3> cables;
  std::array<Port, 3> ports{Port{cables[0].station(0)}, Port{cables[1].station(0)},
                            Port{cables[2].station(0)}};
  LearningSwitch sw{ports};
  Link& cam1 = cables[0].station(1);
  Link& cam2 = cables[1].station(1);
  Link& pc = cables[2].station(1);
  // A device sends a frame into its cable; the switch reads it from its port and acts on it.
  auto send = [&sw](Link& from, MacAddress destination, MacAddress source) {
    from.send(make_frame(destination, source).view());
    sw.poll();
  };
  bool ok = true;

  send(pc, MacAddress::broadcast(), pc_mac);
  send(cam1, pc_mac, cam1_mac);
  send(cam2, pc_mac, cam2_mac);
  fmt::print("   pc broadcasts, cam1 and cam2 answer pc. The switch has learned:\n");
  print_table(sw);
  ok = ok && sw.table_size() == 3 && sw.port_of(cam2_mac) == 1u;

  cables[1].set_up(false);
  fmt::print("   cam2's cable is pulled out.\n");
  send(pc, cam2_mac, pc_mac);
  fmt::print(
      "   pc sends to cam2 before the switch has looked at its links: the switch forwards\n"
      "   it to port 1, which refuses it. Port 1 has now dropped {} frame.\n",
      ports[1].counters().tx_dropped);
  ok = ok && ports[1].counters().tx_dropped == 1;

  sw.tick(1s);
  fmt::print("   1 s passes (tick): the switch sees port 1 went down and forgets cam2:\n");
  print_table(sw);
  ok = ok && sw.table_size() == 2 && !sw.port_of(cam2_mac);

  std::uint64_t flooded = sw.counters().flooded;
  std::uint64_t port0_sent = ports[0].counters().tx_frames;
  send(pc, cam2_mac, pc_mac);
  fmt::print(
      "   pc sends to cam2 again: cam2 is unknown now, so the switch floods the frame to\n"
      "   every other port that is up, which is only port 0 (cam1 will ignore it).\n");
  ok = ok && sw.counters().flooded == flooded + 1 &&
       ports[0].counters().tx_frames == port0_sent + 1 && ports[1].counters().tx_dropped == 1;

  cables[1].set_up(true);
  sw.tick(1s);
  send(cam2, pc_mac, cam2_mac);
  std::optional<std::size_t> cam2_port = sw.port_of(cam2_mac);
  fmt::print(
      "   cam2's cable is plugged back in, 1 s passes, cam2 sends to pc: learned on port {}.\n",
      cam2_port ? static_cast<int>(*cam2_port) : -1);
  ok = ok && cam2_port == 1u;
  return ok;
}

int run() {
  if (!one_port()) {
    fmt::print("FAILED: the port's counters or link changes are not what part 1 expects\n");
    return 1;
  }
  if (!a_switch()) {
    fmt::print("FAILED: the switch did not forget, drop or relearn as part 2 expects\n");
    return 1;
  }
  fmt::print(
      "\nEvery frame was either sent or counted as dropped, and the switch forgot cam2 while "
      "its cable was out.\n");
  return 0;
}

}  // namespace

int main() {
  return camnet::examples::run_example(run);
}

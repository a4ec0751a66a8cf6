// LearningSwitch: forwards frames between ports by MAC address (book section 12.3: "switches
// forward by MAC").
//
// A switch starts knowing nothing. Each frame teaches it where its *source* lives: "02:..:0a is on
// port 1". To forward a frame it looks up the *destination*:
//   - known, on another port:  send it out of that port only;
//   - known, on the port it came in on: drop it (the destination already heard it there);
//   - unknown, broadcast or multicast: flood it out of every port that is up, except the one it
//     came in on (sending a frame back where it came from would duplicate it).
// Entries age out: a station not heard from for `aging_time` (300 s by default, as in IEEE 802.1D)
// is forgotten, so a station that moved or left is not sent to forever. A station heard on a new
// port moves there at once. When a port's link goes down, every entry on that port is forgotten.
//
// The table has a fixed capacity. When it is full and a new station appears, the entry heard from
// longest ago is replaced (least recently seen), so active stations stay and the table never grows.
// Time moves only through tick(): tests say exactly how much time passes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "camnet/bytes.hpp"
#include "camnet/clock.hpp"
#include "frame/mac_address.hpp"
#include "frame/port.hpp"

namespace camnet {

struct SwitchConfig {
  Duration aging_time = std::chrono::seconds(300);
  std::size_t table_capacity = 1024;  // at most LearningSwitch::max_table_capacity
};

struct SwitchCounters {
  std::uint64_t forwarded = 0;  // sent out of one known port
  std::uint64_t flooded = 0;    // sent out of every other port
  std::uint64_t filtered = 0;   // dropped: the destination is on the port the frame came in on
  std::uint64_t malformed = 0;  // dropped: not a whole Ethernet frame
  std::uint64_t evicted = 0;    // table entries replaced because the table was full
};

// One line of the MAC address table.
struct MacTableEntry {
  MacAddress address;
  std::size_t port = 0;
  Timestamp last_seen{0};
};

class LearningSwitch {
 public:
  static constexpr std::size_t max_ports = 16;
  static constexpr std::size_t max_table_capacity = 1024;

  // The switch forwards between `ports` (at most max_ports), numbered from 0 in that order.
  explicit LearningSwitch(std::span<Port> ports, SwitchConfig config = {});

  // A frame arrived on port `ingress`: learn its source, then forward, flood or filter it.
  void receive(std::size_t ingress, Bytes frame);
  // `elapsed` time passed: forget entries older than the aging time, and every entry on a port
  // whose link has gone down.
  void tick(Duration elapsed);
  // Reads every port's waiting frames and handles them with receive(). (Used by the tools.)
  void poll();

  // The port `address` was learned on, if the table has it.
  std::optional<std::size_t> port_of(MacAddress address) const;
  std::size_t table_size() const;
  // Entry `index` of the table, for 0 <= index < table_size(), in no particular order (for tools
  // that print the table).
  MacTableEntry entry(std::size_t index) const;
  const SwitchCounters& counters() const { return counters_; }
  std::size_t port_count() const { return ports_.size(); }

 private:
  void learn(MacAddress source, std::size_t port);
  void forget_port(std::size_t port);

  std::span<Port> ports_;
  SwitchConfig config_;
  Timestamp now_{0};
  SwitchCounters counters_;
  // BEGIN SOLUTION DECLARATIONS: the MAC address table: a fixed array of entries and how many are in use (handout §8)
  std::array<MacTableEntry, max_table_capacity> entries_{};
  std::size_t used_ = 0;
  // END SOLUTION
};

}  // namespace camnet

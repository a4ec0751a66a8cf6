// Port: one of a device's Ethernet ports, with its link state and its counters (book section 12.4,
// "Bringing the link up").
//
// A link is up while the cable is plugged in and the other end answers. A frame sent on a down link
// goes nowhere; a port must not lose it silently but count it, so that "why is nothing arriving?"
// has an answer. Ports also notice when their link goes up or down, so the device can react (a
// switch forgets the stations it had learned on a port whose cable was pulled).
#pragma once

#include <cstdint>
#include <optional>

#include "camnet/link.hpp"
#include "camnet/packet_buffer.hpp"

namespace camnet {

struct PortCounters {
  std::uint64_t rx_frames = 0;
  std::uint64_t tx_frames = 0;
  std::uint64_t tx_dropped = 0;  // not sent: link down, queue full or too big (the link said which)
  std::uint64_t link_changes = 0;
};

enum class LinkChange : std::uint8_t { none, went_up, went_down };

class Port {
 public:
  // A port starts with its link down until poll_link() has seen it up.
  explicit Port(Link& link) : link_(link) {}

  // Sends `frame` if the link is up. Every frame is counted: as sent, or as dropped.
  SendStatus send(Bytes frame);
  // The next frame that has arrived, if any (counted as received).
  std::optional<PacketBuffer> receive();
  // Looks at the link: says whether it went up or down since the last look.
  LinkChange poll_link();

  bool is_up() const { return up_; }
  const PortCounters& counters() const { return counters_; }
  Link& link() { return link_; }

 private:
  Link& link_;
  bool up_ = false;
  PortCounters counters_;
};

}  // namespace camnet

// Link: the one small interface between the stack and whatever carries its frames.
//
// A link sends whole Ethernet frames (without the FCS: the hardware adds and checks it) and hands
// over frames that have arrived. Implementations: an in-memory wire or shared medium (tests and
// simulations), a capture file, a live interface, a TAP device, QEMU's or libslirp's user-mode
// network, and each board's Ethernet MAC. Wrappers stack on any link: a capture recorder and a
// fault injector.
//
// This is an abstract class rather than a template because the choice of link is made at run time
// (a command-line option picks a capture file or a live interface).
#pragma once

#include <cstdint>
#include <optional>

#include "camnet/bytes.hpp"
#include "camnet/packet_buffer.hpp"

namespace camnet {

enum class SendStatus : std::uint8_t {
  sent,       // handed to the medium (it may still be lost on the way, as on a real cable)
  link_down,  // the link is down: nothing was sent
  no_room,    // the transmit queue is full: nothing was sent
  too_big,    // larger than the link can carry: nothing was sent
};

constexpr const char* to_string(SendStatus status) {
  switch (status) {
    case SendStatus::sent:
      return "sent";
    case SendStatus::link_down:
      return "link down";
    case SendStatus::no_room:
      return "no room";
    case SendStatus::too_big:
      return "too big";
  }
  return "?";
}

class Link {
 public:
  virtual ~Link() = default;

  // Sends one frame (destination MAC first, no FCS).
  virtual SendStatus send(Bytes frame) = 0;
  // The next frame that has arrived, or std::nullopt if none is waiting. Never blocks.
  virtual std::optional<PacketBuffer> receive() = 0;
  // True while the link is up (cable plugged in, PHY reports a link partner).
  virtual bool is_up() const = 0;
};

}  // namespace camnet

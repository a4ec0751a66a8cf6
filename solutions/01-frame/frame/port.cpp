#include "frame/port.hpp"

#include "camnet/panic.hpp"

namespace camnet {

SendStatus Port::send(Bytes frame) {
  // BEGIN SOLUTION: send only on a link that is up, and count every frame one way or the other (handout §7)
  // Ask the link itself (link_.is_up()): it may have gone down since poll_link() last
  // looked.
  if (!link_.is_up()) {
    ++counters_.tx_dropped;
    return SendStatus::link_down;
  }
  SendStatus status = link_.send(frame);
  if (status == SendStatus::sent) {
    ++counters_.tx_frames;
  } else {
    ++counters_.tx_dropped;
  }
  return status;
  // END SOLUTION
}

std::optional<PacketBuffer> Port::receive() {
  std::optional<PacketBuffer> frame = link_.receive();
  if (frame)
    ++counters_.rx_frames;
  return frame;
}

LinkChange Port::poll_link() {
  // BEGIN SOLUTION: compare the link's state with the one last seen (handout §7)
  bool now_up = link_.is_up();
  if (now_up == up_)
    return LinkChange::none;
  up_ = now_up;
  ++counters_.link_changes;
  return now_up ? LinkChange::went_up : LinkChange::went_down;
  // END SOLUTION
}

}  // namespace camnet
